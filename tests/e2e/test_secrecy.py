"""Secrets stay secret: keysweep itself must never become the leak.

The planted corpus is tests/data/corpus (fabricated credentials of every kind keysweep finds:
secret access keys, session tokens, SES SMTP passwords, private keys), scanned as files,
committed to a repository and staged. Every output mode is run and every byte it writes (stdout,
stderr, report files, playbooks) is searched for the secrets; `--show-secrets` is the control
that proves the search would see them. Report files must be private (0600). With `--verify`,
a raw TCP listener records every byte sent to the STS endpoint, and another stands in for any
proxy the environment names.
"""
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import unittest

from kstest import GitRepo, TempDirTest, run
import stsfake

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "data", "corpus"))
WINDOW = 20  # a run of this many characters of a secret counts as leaked


def help_choices(*command):
    """The --format choices `keysweep [command] --help` lists."""
    text = run(*command, "--help").stdout
    m = re.search(r"--format TEXT:\{([^}]*)\}", text)
    return m.group(1).split(",") if m else []


def has_subcommand(name):
    return re.search(rf"^  {name} ", run("--help").stdout, re.M) is not None


def corpus_findings():
    """The corpus's findings with their secrets in full (the control run)."""
    r = run("--format", "json", "--show-secrets", "scan", CORPUS)
    assert r.code == 1, r
    return r.json()["findings"]


def secrets_of(findings):
    """Every distinct secret of the findings; key IDs are identifiers, printed by design."""
    return sorted({f["secret"] for f in findings if f["rule"] != "aws-access-key-id"})


# A run of characters that could carry a piece of a secret (base64, URL-encoded, base64url).
RUN = re.compile(rb"[A-Za-z0-9+/=%%_-]{%d,}" % WINDOW)
# Shapes every session token and OpenSSH key starts with: public, so never searched for.
PUBLIC_PREFIXES = ("IQoJb3JpZ2luX2Vj", "b3BlbnNzaC1rZXktdjEAAAAA", "b3BlbnNzaC1rZXktdjEA")


class Leaks:
    """Finds any WINDOW-long run of any secret in some bytes: the whole secret, a part of it
    past the 4 characters the redacted form shows, or its URL-encoded form. Every run of
    base64-like characters in the output is cut into windows and looked up, so the search
    costs one pass over the output whatever the number of secrets."""

    def __init__(self, secrets):
        self.owner = {}  # window -> the secret it belongs to
        for secret in secrets:
            for line in secret.splitlines():  # PEM bodies: one line at a time
                text = line.strip()
                if text.startswith("-----"):
                    continue  # armour lines are public
                for prefix in PUBLIC_PREFIXES:
                    if text.startswith(prefix):
                        text = text[len(prefix):]
                        break
                if line.strip() == secret.strip():
                    text = text[4:]  # what redaction shows
                for form in (text, text.replace("/", "%2F").replace("+", "%2B")):
                    for i in range(len(form) - WINDOW + 1):
                        self.owner[form[i:i + WINDOW].encode()] = secret

    def find(self, data):
        """[(secret, the part of it seen)], one per run of the output that holds some."""
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        found = []
        for m in RUN.finditer(data):
            run_bytes = m.group()
            for i in range(len(run_bytes) - WINDOW + 1):
                secret = self.owner.get(run_bytes[i:i + WINDOW])
                if secret is not None:
                    found.append((secret, run_bytes[i:i + WINDOW].decode()))
                    break
        return found


# ---------------------------------------------------------------------------------------------
# Raw TCP listeners: every byte that arrives is recorded


class RawListener(stsfake.LoopbackListener):
    """Accepts on 127.0.0.1:<ephemeral>, records everything each connection sends, and answers
    each with `answer(request_bytes)` (None: close without a word)."""

    def __init__(self, answer=None):
        self.answer = answer
        self.connections = []  # one bytes per connection, as received
        self._lock = threading.Lock()
        super().__init__(poll=0.05)

    def on_connection(self, conn):
        threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        conn.settimeout(5)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            while m and len(body) < int(m.group(1)):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                body += chunk
                data += chunk
            with self._lock:
                self.connections.append(data)
            reply = self.answer(data) if self.answer else None
            if reply:
                conn.sendall(reply)
        except OSError:
            with self._lock:
                self.connections.append(data)
        finally:
            conn.close()

    def received(self):
        with self._lock:
            return b"".join(self.connections)


def sts_answer(_request):
    """A GetCallerIdentity success, then the connection is closed."""
    _, body = stsfake.ok()
    data = body.encode()
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n"
            b"Content-Length: %d\r\n\r\n" % len(data)) + data


def strip_session_tokens(wire):
    """Session tokens are sent by design (X-Amz-Security-Token, signed with the request): drops
    that header so that everything else can be searched; a test checks the header itself."""
    return re.sub(rb"(?im)^x-amz-security-token:[^\r\n]*\r\n", b"", wire)


def proxy_refusal(_request):
    return b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


# ---------------------------------------------------------------------------------------------


class SecrecyTest(TempDirTest):
    """Shares one corpus scan, one repository and one rules cache across the class's tests."""

    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.mkdtemp(prefix="keysweep-secrecy-")
        cls.env = {"KEYSWEEP_CACHE_DIR": os.path.join(cls.shared, "cache"),
                   "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
        cls.findings = corpus_findings()
        cls.secrets = secrets_of(cls.findings)
        cls.leaks = Leaks(cls.secrets)
        # The corpus committed, and a second copy staged on top.
        cls.repo = GitRepo(os.path.join(cls.shared, "repo"))
        shutil.copytree(CORPUS, os.path.join(cls.repo.path, "corpus"))
        cls.repo.commit("the corpus")
        shutil.copytree(CORPUS, os.path.join(cls.repo.path, "staged"))
        cls.repo.git("add", "staged")
        cls.formats = help_choices() or ["text", "json"]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, True)

    def ks(self, *args, env=None, **kw):
        return run(*args, env=dict(self.env, **(env or {})), **kw)

    def assertNoLeak(self, data, where):
        found = self.leaks.find(data)
        shown = sorted({f"{secret[:8]}… (seen: {seen!r})" for secret, seen in found})
        self.assertEqual(shown[:5], [], f"secret material in {where}")

    def assertPrivate(self, path):
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600, path)

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()

    def commands(self):
        return {"scan": ["scan", CORPUS],
                "history": ["history", "--repo", self.repo.path],
                "staged": ["staged", "--repo", self.repo.path]}


class EveryOutputMode(SecrecyTest):
    def test_corpus_has_every_kind_of_secret(self):
        rules = {f["rule"] for f in self.findings}
        self.assertLessEqual({"aws-secret-access-key", "aws-session-token",
                              "aws-ses-smtp-password", "private-key"}, rules)
        self.assertGreaterEqual(len(self.secrets), 30)

    def test_reports_on_stdout_and_in_files_never_hold_a_secret(self):
        for name, command in self.commands().items():
            for fmt in self.formats:
                extras = [[], ["-v"]] + ([["--color", "always"]] if fmt == "text" else [])
                for extra in extras:
                    with self.subTest(command=name, format=fmt, extra=extra):
                        r = self.ks("--format", fmt, *extra, *command)
                        self.assertExit(r, 1)
                        self.assertGreater(len(r.stdout), 0)
                        self.assertNoLeak(r.stdout, "stdout")
                        self.assertNoLeak(r.stderr, "stderr")
                with self.subTest(command=name, format=fmt, output="-o"):
                    out = self.path(f"{name}.{fmt}")
                    r = self.ks("--format", fmt, "-v", "-o", out, *command)
                    self.assertExit(r, 1)
                    self.assertEqual(r.stdout, "")
                    self.assertNoLeak(r.stderr, "stderr")
                    self.assertNoLeak(self.read(out), out)
                    self.assertPrivate(out)

    def test_show_secrets_prints_them_so_the_search_can_fail(self):
        for name, command in self.commands().items():
            for fmt in ("text", "json"):
                with self.subTest(command=name, format=fmt):
                    r = self.ks("--format", fmt, "--show-secrets", *command)
                    self.assertExit(r, 1)
                    found = {s for s, _ in self.leaks.find(r.stdout)}
                    self.assertEqual(len(found), len(self.secrets), "every secret, in full")
                    if fmt == "json":
                        shown = {f["secret"] for f in json.loads(r.stdout)["findings"]}
                        self.assertLessEqual(set(self.secrets), shown)

    def test_playbooks_from_a_report(self):
        report = self.path("report.json")
        self.assertExit(self.ks("--format", "json", "-o", report, "scan", CORPUS), 1)
        shown = self.path("shown.json")
        self.assertExit(self.ks("--format", "json", "--show-secrets", "-o", shown, "scan",
                                CORPUS), 1)
        self.assertTrue(self.leaks.find(self.read(shown)), "the control report holds secrets")
        # Even a report that holds the secrets must not spread them into the response.
        for source in (report, shown):
            for fmt in ("markdown", "text"):
                for lang in ("en", "ja"):
                    with self.subTest(report=os.path.basename(source), format=fmt, lang=lang):
                        r = self.ks("playbook", "--from", source, "--format", fmt, "--lang",
                                    lang)
                        self.assertExit(r, 0)
                        self.assertIn("aws iam", r.stdout)  # a real response was rendered
                        self.assertNoLeak(r.stdout, "playbook")
                        self.assertNoLeak(r.stderr, "stderr")
                        out = self.path(f"response-{fmt}-{lang}.txt")
                        self.assertExit(self.ks("playbook", "--from", source, "--format", fmt,
                                                "--lang", lang, "-o", out), 0)
                        self.assertNoLeak(self.read(out), out)
                        self.assertPrivate(out)

    def test_baseline_files(self):
        if not has_subcommand("baseline"):
            self.skipTest("baseline not built yet")
        out = self.path("baseline")
        r = self.ks("baseline", "create", "-o", out, CORPUS)
        self.assertIn(r.code, (0, 1), r)
        self.assertGreater(os.path.getsize(out), 0)
        self.assertNoLeak(self.read(out), out)
        self.assertNoLeak(r.stdout + r.stderr, "output")
        self.assertPrivate(out)

    def test_verify_command_on_a_report(self):
        report = self.path("report.json")
        self.assertExit(self.ks("--format", "json", "-o", report, "history", "--repo",
                                self.repo.path), 1)
        sts = RawListener(sts_answer)
        self.addCleanup(sts.stop)
        for fmt in self.formats:
            with self.subTest(format=fmt):
                r = self.ks("--format", fmt, "-v", "--sts-endpoint", sts.url, "verify", report,
                            "--repo", self.repo.path, timeout=60)
                self.assertExit(r, 1)
                self.assertNoLeak(r.stdout, "stdout")
                self.assertNoLeak(r.stderr, "stderr")
        self.assertGreater(len(sts.connections), 0, "secrets were recovered and checked")
        self.assertNoLeak(strip_session_tokens(sts.received()), "the STS requests")

    def test_error_paths(self):
        refused = f"http://127.0.0.1:{stsfake.closed_port()}/"
        cases = {  # what: (arguments, exit code, an error is printed)
            "report in a missing directory": (["-o", self.path("no", "r.json"), "scan", CORPUS],
                                              2, True),
            "report path is a directory": (["-o", self.tmp, "scan", CORPUS], 2, True),
            "non-http endpoint": (["--verify", "--sts-endpoint", "ftp://x", "scan", CORPUS], 2,
                                  True),
            "plain http to a remote host": (["--verify", "--sts-endpoint", "http://sts.invalid/",
                                             "scan", CORPUS], 2, True),
            "endpoint that refuses": (["--verify", "--sts-endpoint", refused,
                                       "--verify-deadline", "3", "scan", CORPUS], 1, False),
            "missing repository": (["history", "--repo", self.path("nope")], 2, True),
            "missing path among good ones": (["scan", CORPUS, self.path("nope")], 2, True),
            "bad revision": (["history", "--repo", self.repo.path, "no-such-rev..HEAD"], 2,
                             True),
        }
        for what, (args, code, error) in cases.items():
            for fmt in ("text", "json"):
                with self.subTest(case=what, format=fmt):
                    r = self.ks("--format", fmt, "-v", *args, timeout=60)
                    self.assertExit(r, code)
                    self.assertEqual("keysweep: error:" in r.stderr, error, r.stderr)
                    self.assertNoLeak(r.stdout, "stdout")
                    self.assertNoLeak(r.stderr, "stderr")


class ReportFiles(SecrecyTest):
    """-o FILE: private from the first byte, even when FILE existed with a wider mode."""

    SECRET_RUN = ["--format", "json", "--show-secrets", "scan", CORPUS]

    def old_report(self, name="report.json", mode=0o644):
        path = self.write(name, "old report\n")
        os.chmod(path, mode)
        return path

    def test_existing_world_readable_report_becomes_a_new_private_file(self):
        path = self.old_report()
        inode = os.stat(path).st_ino
        link = self.path("elsewhere.json")
        os.link(path, link)  # a second name for the old file, readable by others
        with open(path, "rb") as reader:  # someone who had the old file open
            r = self.ks("-o", path, *self.SECRET_RUN)
            self.assertExit(r, 1)
            self.assertEqual(reader.read(), b"old report\n")
        self.assertPrivate(path)
        self.assertNotEqual(os.stat(path).st_ino, inode)
        self.assertTrue(self.leaks.find(self.read(path)), "the new report is the real one")
        self.assertEqual(self.read(link), b"old report\n")
        self.assertEqual(stat.S_IMODE(os.stat(link).st_mode), 0o644)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["elsewhere.json", "report.json"])

    def test_a_failed_run_leaves_the_existing_report_alone(self):
        path = self.old_report()
        for args in (["history", "--repo", self.path("nope")],
                     ["history", "--repo", self.repo.path, "no-such-rev..HEAD"]):
            with self.subTest(args=args):
                r = self.ks("--format", "json", "-o", path, *args)
                self.assertExit(r, 2)
                self.assertEqual(self.read(path), b"old report\n")
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o644)
                self.assertEqual(os.listdir(self.tmp), ["report.json"])  # no temporary file

    def test_report_through_a_symbolic_link_is_refused(self):
        # In CI the report path lies in a checkout the scanned repository controls: a committed
        # link must not get the report written over the file it points to.
        target = self.old_report("real.json")
        before = self.read(target)
        link = self.path("link.json")
        os.symlink("real.json", link)
        r = self.ks("-o", link, *self.SECRET_RUN)
        self.assertExit(r, 2)
        self.assertIn("a symbolic link", r.stderr)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(self.read(target), before)

    def test_report_to_a_pipe_is_written_in_place(self):
        r = self.ks("--format", "json", "-o", "/dev/stdout", "scan", CORPUS)
        self.assertExit(r, 1)
        self.assertEqual(len(json.loads(r.stdout)["findings"]), len(self.findings))

    def test_new_report_in_a_fresh_directory(self):
        out = self.path("reports", "r.txt")
        os.makedirs(os.path.dirname(out))
        os.chmod(os.path.dirname(out), 0o777)
        self.assertExit(self.ks("-o", out, "scan", CORPUS), 1)
        self.assertPrivate(out)
        self.assertEqual(os.listdir(os.path.dirname(out)), ["r.txt"])

    @unittest.skipIf(os.geteuid() == 0, "root can create files in any directory")
    def test_directory_without_write_permission_writes_in_place(self):
        d = os.path.join(self.tmp, "ro")
        os.makedirs(d)
        path = self.write("ro/report.json", "old report\n")
        os.chmod(path, 0o644)
        os.chmod(d, 0o555)
        self.addCleanup(os.chmod, d, 0o755)
        self.assertExit(self.ks("--format", "json", "-o", path, "scan", CORPUS), 1)
        self.assertPrivate(path)
        self.assertIn(b'"findings"', self.read(path))


class VerificationTraffic(SecrecyTest):
    """What goes on the wire with --verify: only the configured endpoint, never a secret."""

    PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                  "all_proxy")

    def proxy_env(self, proxy):
        env = {name: proxy.url for name in self.PROXY_VARS}
        env.update(NO_PROXY="", no_proxy="")
        return env

    def listeners(self):
        sts, proxy = RawListener(sts_answer), RawListener(proxy_refusal)
        self.addCleanup(sts.stop)
        self.addCleanup(proxy.stop)
        return sts, proxy

    def checked_key_ids(self, result):
        """Key IDs the run says STS confirmed (the fake confirms every request it gets)."""
        return {f["key_id"] for f in json.loads(result.stdout)["findings"]
                if f["verification"]["status"] == "valid"}

    def test_only_the_endpoint_is_contacted_and_no_secret_goes_on_the_wire(self):
        for name, command in self.commands().items():
            with self.subTest(command=name):
                sts, proxy = self.listeners()
                r = self.ks("--format", "json", "-v", "--verify", "--sts-endpoint", sts.url,
                            *command, env=self.proxy_env(proxy), timeout=90)
                self.assertExit(r, 1)
                self.assertEqual(proxy.connections, [], "the proxy must not be contacted")
                wire = sts.received()
                # Real requests were seen: one per connection, each naming a key ID, and every
                # key the run reports as checked was in one of them (so the search is not
                # vacuous) ...
                signed = {k.decode() for k in re.findall(rb"Credential=([A-Z0-9]{20})/", wire)}
                self.assertGreaterEqual(len(signed), 5)
                self.assertEqual(signed, self.checked_key_ids(r))
                self.assertEqual(len(sts.connections), wire.count(b"POST / HTTP/1.1\r\n"))
                # ... and none carried a secret, an SMTP password or a private key.
                self.assertNoLeak(strip_session_tokens(wire), "the STS requests")
                self.assertNoLeak(r.stdout + r.stderr, "the run's output")

    def test_session_tokens_go_only_in_their_own_header(self):
        sts, proxy = self.listeners()
        r = self.ks("--format", "json", "--verify", "--sts-endpoint", sts.url, "scan", CORPUS,
                    env=self.proxy_env(proxy), timeout=90)
        self.assertExit(r, 1)
        wire = sts.received()
        tokens = [s for s in self.secrets if s.startswith("IQoJ")]
        sent = re.findall(rb"(?im)^x-amz-security-token: ([^\r\n]*)\r\n", wire)
        self.assertTrue(sent, "the corpus's session credentials were checked")
        for token in sent:
            self.assertIn(token.decode(), tokens)
        # Nowhere else: not in the body, not in any other header.
        for token in tokens:
            self.assertEqual(wire.count(token.encode()), sent.count(token.encode()))
        self.assertEqual(proxy.connections, [])

    def test_remote_endpoint_goes_through_the_proxy_as_an_opaque_tunnel(self):
        # What the code does today for a real (https, non-loopback) endpoint: libcurl honours
        # HTTPS_PROXY/ALL_PROXY, so the proxy is asked for a CONNECT tunnel to the endpoint and
        # sees its host name; the request itself would travel inside TLS. Here the proxy
        # refuses, so nothing reaches any STS.
        sts, proxy = self.listeners()
        r = self.ks("--format", "json", "--verify", "--sts-endpoint", "https://sts.invalid/",
                    "--verify-deadline", "5", "scan", CORPUS, env=self.proxy_env(proxy),
                    timeout=60)
        self.assertExit(r, 1)
        self.assertGreater(len(proxy.connections), 0)
        for connection in proxy.connections:
            self.assertTrue(connection.startswith(b"CONNECT sts.invalid:443 HTTP/1.1\r\n"),
                            connection)
        wire = proxy.received()
        self.assertNoLeak(wire, "the proxy's bytes")
        for key_id in {f["key_id"] for f in self.findings if f["key_id"]}:
            self.assertNotIn(key_id.encode(), wire)
        self.assertNotIn(b"Authorization", wire)
        statuses = {f["verification"]["status"] for f in json.loads(r.stdout)["findings"]
                    if f["rule"] == "aws-secret-access-key"}
        self.assertIn("unknown", statuses)
        self.assertNotIn("valid", statuses)
        self.assertEqual(sts.connections, [])


if __name__ == "__main__":
    unittest.main()
