"""Loopback stand-ins for AWS STS, for the `--verify` end-to-end tests (test_verify.py).

- FakeSts: an http.server on 127.0.0.1 that records every request and answers from a script.
- SilentServer: accepts connections and never answers (timeouts and deadlines).
- MotoServer: moto's standalone server, which checks SigV4 against its own IAM users.
- Helpers: realistic STS XML bodies, an independent SigV4 signature check, and key ID
  encoding/decoding (docs/aws-reference.md section 1).

Everything binds to 127.0.0.1 only; nothing here ever talks to a real AWS endpoint.
"""
import base64
import hashlib
import hmac
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

LOOPBACK = "127.0.0.1"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
GET_CALLER_IDENTITY_BODY = "Action=GetCallerIdentity&Version=2011-06-15"


# ---------------------------------------------------------------------------------------------
# Ports


def free_port():
    """A port that was free a moment ago (bound, read, closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


closed_port = free_port  # nothing listens there once the socket is closed


# ---------------------------------------------------------------------------------------------
# STS response bodies, shaped like the real service's


def caller_identity_xml(arn, account, user_id, request_id="c6104cbe-af31-11e0-8154-cbc7ccf896c7"):
    return (f'<GetCallerIdentityResponse xmlns="{STS_NS}">\n'
            f"  <GetCallerIdentityResult>\n"
            f"    <Arn>{arn}</Arn>\n"
            f"    <UserId>{user_id}</UserId>\n"
            f"    <Account>{account}</Account>\n"
            f"  </GetCallerIdentityResult>\n"
            f"  <ResponseMetadata>\n"
            f"    <RequestId>{request_id}</RequestId>\n"
            f"  </ResponseMetadata>\n"
            f"</GetCallerIdentityResponse>\n")


def error_xml(code, message, error_type="Sender",
              request_id="e2b7e8b6-3c7a-4bd5-9c1f-0a1b2c3d4e5f"):
    return (f'<ErrorResponse xmlns="{STS_NS}">\n'
            f"  <Error>\n"
            f"    <Type>{error_type}</Type>\n"
            f"    <Code>{code}</Code>\n"
            f"    <Message>{message}</Message>\n"
            f"  </Error>\n"
            f"  <RequestId>{request_id}</RequestId>\n"
            f"</ErrorResponse>\n")


def moto_error_xml(code, message):
    """moto's variant: the Error wrapped in an extra Errors element, no namespace."""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            "<ErrorResponse><Errors><Error>"
            f"<Code>{code}</Code><Message>{message}</Message><Type>Sender</Type>"
            "</Error></Errors>"
            "<RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>")


SIGNATURE_MISMATCH_MESSAGE = (
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.")


def ok(arn="arn:aws:iam::123456789012:user/leaky", account="123456789012",
       user_id="AIDARZPUZDIKEXAMPLE01"):
    return (200, caller_identity_xml(arn, account, user_id))


def invalid_client_token():
    return (403, error_xml("InvalidClientTokenId",
                           "The security token included in the request is invalid."))


def signature_mismatch():
    return (403, error_xml("SignatureDoesNotMatch", SIGNATURE_MISMATCH_MESSAGE))


def signature_expired():
    return (403, error_xml("SignatureDoesNotMatch",
                           "Signature expired: 20240102T030405Z is now earlier than "
                           "20240102T031405Z (20240102T032905Z - 15 min.)"))


def expired_token():
    return (403, error_xml("ExpiredToken", "The security token included in the request is expired"))


def throttling():
    return (400, error_xml("Throttling", "Rate exceeded"))


def service_unavailable():
    return (503, error_xml("ServiceUnavailable", "Service is unable to handle request.",
                           error_type="Receiver"))


# ---------------------------------------------------------------------------------------------
# The fake STS


class Recorded:
    """One request as the fake received it."""

    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers  # list of (name, value) in arrival order
        self.body = body        # bytes
        self.at = time.monotonic()  # when it arrived

    def header(self, name):
        """The value of the one header `name` (case-insensitive); None when absent."""
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        if len(values) > 1:
            raise AssertionError(f"header {name} sent {len(values)} times: {values}")
        return values[0] if values else None

    def raw(self):
        """The whole request as text, for 'does X appear anywhere' checks."""
        head = f"{self.method} {self.path}\n" + "".join(f"{k}: {v}\n" for k, v in self.headers)
        return head + "\n" + self.body.decode("latin-1")

    def authorization(self):
        """The Authorization header's parts: {"Credential": ..., "SignedHeaders": ..., ...}."""
        auth = self.header("Authorization") or ""
        algorithm, _, rest = auth.partition(" ")
        parts = {"algorithm": algorithm}
        for item in rest.split(","):
            k, _, v = item.strip().partition("=")
            parts[k] = v
        return parts

    def __repr__(self):
        return f"<{self.method} {self.path} {self.body!r}>"


class FakeSts:
    """An STS stand-in on 127.0.0.1:<ephemeral>.

    `script` is a list of responses used in order, the last one repeating; each is a
    (status, body) or (status, body, {extra headers}) tuple, or a callable taking the Recorded
    request and returning one.
    """

    def __init__(self, script=None, path="/"):
        self.requests = []
        self._script = list(script or [ok()])
        self._lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                fake._handle(self)

            do_GET = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_POST

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://{LOOPBACK}:{self.port}{path}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def set_script(self, script):
        with self._lock:
            self._script = list(script)

    def _handle(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        req = Recorded(handler.command, handler.path, list(handler.headers.items()), body)
        with self._lock:
            index = len(self.requests)
            self.requests.append(req)
            step = self._script[min(index, len(self._script) - 1)]
        answer = step(req) if callable(step) else step
        status, text, extra = answer if len(answer) == 3 else (*answer, {})
        data = text.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "text/xml")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("x-amzn-RequestId", "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        for name, value in extra.items():
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(data)

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class LoopbackListener:
    """A TCP listener on 127.0.0.1:<ephemeral> whose accept loop hands each connection to
    `on_connection(conn)` (in the accepting thread); subclasses decide what to do with it."""

    def __init__(self, poll=0.1):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind((LOOPBACK, 0))
        self._sock.listen(16)
        self._sock.settimeout(poll)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://{LOOPBACK}:{self.port}/"
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.on_connection(conn)

    def on_connection(self, conn):
        raise NotImplementedError

    def stop(self):
        self._stopping.set()
        self._thread.join(timeout=5)
        self._sock.close()


class SilentServer(LoopbackListener):
    """Accepts TCP connections on 127.0.0.1 and holds them open without ever answering."""

    def __init__(self):
        self.accepted = 0
        self._held = []
        super().__init__()

    def on_connection(self, conn):
        self._held.append(conn)
        self.accepted += 1

    def stop(self):
        super().stop()
        for conn in self._held:
            conn.close()


# ---------------------------------------------------------------------------------------------
# moto


class MotoUnavailable(Exception):
    pass


class MotoServer:
    """moto_server on 127.0.0.1:<free port>; SigV4 is enforced once `enforce_auth()` is called."""

    def __init__(self):
        exe = shutil.which("moto_server")
        if exe is None:
            raise MotoUnavailable("moto_server is not on PATH (pip install 'moto[server]')")
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        # Generous: the setup calls (IAM) go unauthenticated until enforce_auth() resets it to 0.
        env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="1000")
        self.proc = subprocess.Popen([exe, "-H", LOOPBACK, "-p", str(self.port)], env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        try:
            self._wait_ready(timeout=30)
        except Exception:
            self.stop()
            raise

    def _wait_ready(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace")
                raise RuntimeError(f"moto_server exited with {self.proc.returncode}: {err}")
            try:
                with urllib.request.urlopen(f"{self.url}/moto-api/data.json", timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.05)  # polling a readiness check, not waiting for an event
        raise RuntimeError(f"moto_server did not answer on {self.url} within {timeout} s")

    def enforce_auth(self):
        """From now on every request must carry a valid SigV4 signature of a moto IAM key."""
        # A form content type (urllib's default) would hide the raw body from moto's handler.
        req = urllib.request.Request(f"{self.url}/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(req, timeout=5) as r:
            if r.status != 200:
                raise RuntimeError(f"reset-auth answered {r.status}")

    def iam(self):
        import boto3  # only needed when moto is there
        return boto3.client("iam", endpoint_url=self.url, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc.stderr.close()


# ---------------------------------------------------------------------------------------------
# SigV4, independently of keysweep (docs/aws-reference.md section 4)


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def expected_signature(req, secret):
    """The SigV4 signature `req` should carry if it was signed with `secret`."""
    auth = req.authorization()
    key_id, date, region, service, terminator = auth["Credential"].split("/")
    signed = auth["SignedHeaders"].split(";")
    canonical_headers = "".join(f"{name}:{' '.join((req.header(name) or '').split())}\n"
                                for name in signed)
    creq = "\n".join([req.method, req.path, "", canonical_headers, auth["SignedHeaders"],
                      hashlib.sha256(req.body).hexdigest()])
    scope = f"{date}/{region}/{service}/{terminator}"
    sts = "\n".join(["AWS4-HMAC-SHA256", req.header("X-Amz-Date"), scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    k = _hmac(("AWS4" + secret).encode(), date)
    for part in (region, service, terminator):
        k = _hmac(k, part)
    return hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()


def signed_with(req, secret):
    return hmac.compare_digest(req.authorization().get("Signature", ""),
                               expected_signature(req, secret))


# ---------------------------------------------------------------------------------------------
# Key IDs (docs/aws-reference.md section 1, "Account ID, offline")


def key_id_for_account(account, prefix="AKIA", low_bits=0x2A5C3E91F7):
    """A syntactically real key ID whose bits carry `account` (12 digits)."""
    p = (1 << 79) | (int(account) << 39) | (low_bits & ((1 << 39) - 1))
    return prefix + base64.b32encode(p.to_bytes(10, "big")).decode()


def account_of(key_id):
    """The account encoded in a key ID, or None for old (gen 0) keys."""
    p = int.from_bytes(base64.b32decode(key_id[4:20]), "big")
    if p >> 79 == 0:
        return None
    return f"{(p >> 39) & 0xFFFFFFFFFF:012d}"
