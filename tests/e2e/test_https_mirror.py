"""End-to-end tests of clone URLs over HTTPS, and of the deferred CA certificates behind them.

keysweep stops libgit2 from parsing the system CA bundle at start-up (src/git/tls_certificates.h)
and loads the certificates only when a fetch needs them. These tests run a smart-HTTP git server
over TLS on 127.0.0.1 (git http-backend behind a small CGI bridge, with a self-signed certificate
made by openssl) and check both sides of that bargain: a trusted server is mirrored, an untrusted
one is refused, and the pre-commit path never reads the bundle."""
import http.server
import os
import shutil
import ssl
import subprocess
import threading
import unittest

from kstest import BIN, GitRepo, TempDirTest, repo_with_origin, run

KEY_ID = "AKIAQYLPMN5HHHFPZAM2"  # fabricated (random base32)
LOOPBACK = "127.0.0.1"


def mbedtls_is_shared():
    """True when libgit2 and mbedTLS are shared libraries (KEYSWEEP_STATIC_DEPS=OFF)."""
    ldd = subprocess.run(["ldd", BIN], capture_output=True, text=True).stdout
    return "libmbedtls" in ldd


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 (its own CA); returns (cert, key) paths."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    # mbedTLS 2.28 matches the host against DNS names only, so the address is one as well.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", key, "-out", cert, "-subj", f"/CN={LOOPBACK}",
                    "-addext", f"subjectAltName=DNS:{LOOPBACK},IP:{LOOPBACK}"],
                   check=True, capture_output=True)
    return cert, key


class GitHttpBackend(http.server.BaseHTTPRequestHandler):
    """Smart HTTP for the repositories under server.project_root, through git http-backend."""
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.cgi(b"")

    def do_POST(self):
        self.cgi(self.read_body())

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            chunk = self.rfile.read(size + 2)  # the data and its CRLF
            if size == 0:
                return body
            body += chunk[:-2]

    def cgi(self, body):
        path, _, query = self.path.partition("?")
        env = {"PATH": os.environ["PATH"], "GIT_PROJECT_ROOT": self.server.project_root,
               "GIT_HTTP_EXPORT_ALL": "1", "REQUEST_METHOD": self.command, "PATH_INFO": path,
               "QUERY_STRING": query, "REMOTE_ADDR": LOOPBACK, "CONTENT_LENGTH": str(len(body)),
               "CONTENT_TYPE": self.headers.get("Content-Type", ""),
               "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
               "GIT_PROTOCOL": self.headers.get("Git-Protocol", "")}
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             capture_output=True).stdout
        head, _, content = out.replace(b"\r\n", b"\n").partition(b"\n\n")
        headers = [line.split(b": ", 1) for line in head.split(b"\n") if b": " in line]
        status = next((int(v.split()[0]) for k, v in headers if k.lower() == b"status"), 200)
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in (b"status", b"content-length"):
                self.send_header(k.decode(), v.decode())
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


class HttpsGitServer:
    def __init__(self, project_root, cert, key):
        self.httpd = http.server.ThreadingHTTPServer((LOOPBACK, 0), GitHttpBackend)
        self.httpd.project_root = project_root
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://{LOOPBACK}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@unittest.skipUnless(shutil.which("openssl"), "needs the openssl command")
class HttpsMirrorTest(TempDirTest):
    def setUp(self):
        super().setUp()
        repo_with_origin(self.path("work"), self.path("srv", "origin.git"), KEY_ID)
        self.cert, key = make_certificate(self.path())
        self.server = HttpsGitServer(self.path("srv"), self.cert, key)
        self.addCleanup(self.server.stop)
        self.url = f"{self.server.url}/origin.git"

    def history(self, env):
        return run("history", "--format", "json", "--repo", self.url,
                   "--cache-dir", self.path("cache"), env=env)

    def test_a_server_trusted_through_ssl_cert_file_is_mirrored(self):
        r = self.history({"SSL_CERT_FILE": self.cert, "SSL_CERT_DIR": ""})
        self.assertExit(r, 1)
        found = [(f["repository"], f["key_id"]) for f in r.json()["findings"]
                 if f["rule"] == "aws-access-key-id"]
        self.assertEqual(found, [(self.url, KEY_ID)])

    def test_a_directory_of_hashed_certificates_works_too(self):
        certs = self.path("certs")
        os.makedirs(certs)
        shutil.copy(self.cert, os.path.join(certs, "loopback.pem"))
        r = self.history({"SSL_CERT_FILE": "", "SSL_CERT_DIR": certs})
        self.assertExit(r, 1)

    def test_an_untrusted_server_is_refused(self):
        # Only the system bundle, which does not hold this self-signed certificate: verification
        # must still be on after the deferral, so the fetch fails instead of trusting anything.
        r = self.history({"SSL_CERT_FILE": "", "SSL_CERT_DIR": ""})
        self.assertExit(r, 2)
        self.assertIn("certificate", r.stderr.lower())
        self.assertEqual(os.listdir(self.path("cache")), [])


class DeferredCertificatesTest(TempDirTest):
    def repo(self):
        repo = GitRepo(self.path("repo"))
        repo.write("a.txt", "hello\n")
        repo.commit("initial")
        return repo

    @unittest.skipUnless(shutil.which("strace"), "needs the strace command")
    def test_start_up_opens_no_ca_bundle(self):
        # Either way keysweep is linked (the interposer or -Wl,--wrap), libgit2's start-up must
        # not read a certificate file: the pre-commit path has no use for one.
        repo = self.repo()
        log = self.path("strace.log")
        # LeakSanitizer (build-asan) refuses to run under ptrace; the leak checks run elsewhere.
        env = dict(os.environ)
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
        proc = subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", log, BIN,
                               "staged", "--repo", repo.path], capture_output=True, text=True,
                              env=env)
        if not os.path.exists(log) or os.path.getsize(log) == 0:
            self.skipTest(f"strace cannot trace here: {proc.stderr.strip()}")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(log) as f:
            opened = [line for line in f if "openat(" in line]
        self.assertTrue(any("/.git/" in line for line in opened), opened)
        certs = [line for line in opened
                 if "/etc/ssl/" in line or "ca-certificates" in line or ".pem" in line]
        self.assertEqual(certs, [])

    @unittest.skipUnless(mbedtls_is_shared(), "mbedTLS is not a shared library here")
    def test_libgit2_start_up_binds_to_keysweeps_deferring_parser(self):
        repo = self.repo()
        log = self.path("ld")
        r = run("staged", "--repo", repo.path, env={"LD_DEBUG": "bindings", "LD_DEBUG_OUTPUT": log})
        self.assertExit(r, 0)
        text = ""
        for name in os.listdir(self.path()):
            if name.startswith("ld."):
                with open(self.path(name)) as f:
                    text += f.read()
        binding = [line for line in text.splitlines()
                   if "`mbedtls_x509_crt_parse_file'" in line and "libgit2" in line]
        self.assertTrue(binding, "libgit2 never looked up mbedtls_x509_crt_parse_file")
        self.assertTrue(all(f"to {os.path.realpath(BIN)}" in line or f"to {BIN}" in line
                            for line in binding), binding)


if __name__ == "__main__":
    unittest.main()
