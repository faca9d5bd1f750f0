"""End-to-end tests of the opt-in live check (`--verify`, STS GetCallerIdentity).

Everything runs against loopback servers only (stsfake.py): moto's standalone server, which
checks SigV4 against its own IAM users, and a scripted fake STS that records every request.
No test ever names a real AWS endpoint.
"""
import datetime
import json
import os
import re
import threading
import time
import unittest

from kstest import (KEY_ID, SECRET, SECRET_2, GitRepo, TempDirTest,
                    credentials_file, run)
import stsfake
from stsfake import FakeSts, MotoServer, MotoUnavailable, SilentServer

HERE = os.path.dirname(os.path.abspath(__file__))
CANARY_FILE = os.path.join(HERE, "..", "..", "patterns", "data", "canary-accounts.txt")

ASIA_KEY = "ASIAY34FZKBOFW66LQEZ"  # account 609629065308, fabricated
TOKEN = "IQoJb3JpZ2luX2VjEDkaCXVzLWVhc3QtMSJHMEUCIQDx7q2Lk9pZt4yN3mH8v1bQe6sR0uW5aX2cV7nJ9fK4gIgY" \
        "3hT6kP1mN8qL2rS5vW9xZ0aB4cD7eF1gH3jK6lM2nP5qR8sT1uV4wX7yZ0aB3cD6eF9gH2jK5lM8nP1qR4sT7uV0wX3y" \
        "Z6aB9cD2eF5gH8jK1lM4nP7qR0sT3uV6wX9yZ2aB5cD8eF1gH4jK7lM0n"
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

FAKE_ARN = "arn:aws:iam::123456789012:user/leaky"
FAKE_USER_ID = "AIDARZPUZDIKEXAMPLE01"


def session_file(key_id=ASIA_KEY, secret=SECRET, token=TOKEN):
    return credentials_file(key_id, secret) + f"aws_session_token = {token}\n"


def verdicts(result):
    """[(rule, key_id, verification)] of a JSON report, in report order."""
    return [(f["rule"], f["key_id"], f["verification"]) for f in result.json()["findings"]]


def statuses(result):
    return [f["verification"] for f in result.json()["findings"]]


def verify(endpoint, *args, timeout=60):
    """keysweep --format json --verify --sts-endpoint ENDPOINT ARGS..."""
    return run("--format", "json", "--verify", "--sts-endpoint", endpoint, *args, timeout=timeout)


def canary_accounts():
    with open(CANARY_FILE) as f:
        return [line.strip() for line in f if re.fullmatch(r"\d{12}", line.strip())]


def keysweep_version():
    """"0.1.0" from the first line of `keysweep --version` ("keysweep 0.1.0")."""
    return run("--version").stdout.splitlines()[0].split()[1]


# ---------------------------------------------------------------------------------------------
# moto: a local STS that really checks signatures


class MotoTest(TempDirTest):
    """Against moto_server, started once for the class; users are created with boto3."""

    moto = None
    unavailable = None

    @classmethod
    def setUpClass(cls):
        try:
            import boto3  # noqa: F401  (the IAM setup below needs it)
            cls.moto = MotoServer()
        except ImportError as e:
            cls.unavailable = f"boto3 is not importable: {e}"
            return
        except MotoUnavailable as e:
            cls.unavailable = str(e)
            return
        try:
            iam = cls.moto.iam()
            iam.create_user(UserName="leaky")
            key = iam.create_access_key(UserName="leaky")["AccessKey"]
            cls.live_key_id, cls.live_secret = key["AccessKeyId"], key["SecretAccessKey"]
            role = iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                               "Action": "sts:AssumeRole"}]}))["Role"]
            import boto3
            sts = boto3.client("sts", endpoint_url=cls.moto.url, region_name="us-east-1",
                               aws_access_key_id="testing", aws_secret_access_key="testing")
            cls.session = sts.assume_role(RoleArn=role["Arn"],
                                          RoleSessionName="ci-job")["Credentials"]
            # From here on moto rejects anything not signed with one of its keys.
            cls.moto.enforce_auth()
        except BaseException:
            cls.moto.stop()
            raise
        cls.endpoint = cls.moto.url + "/"
        cls.live_arn = "arn:aws:iam::123456789012:user/leaky"

    @classmethod
    def tearDownClass(cls):
        if cls.moto is not None:
            cls.moto.stop()

    def setUp(self):
        if self.unavailable:
            if os.environ.get("CI") == "true":
                self.fail(f"CI=true but moto cannot run: {self.unavailable}")
            self.skipTest(self.unavailable)
        super().setUp()

    def live_file(self, name="creds"):
        return self.write(name, credentials_file(self.live_key_id, self.live_secret))

    def assertLive(self, verification, arn=None):
        self.assertEqual(verification["status"], "valid", verification)
        self.assertEqual(verification["account"], "123456789012")
        self.assertEqual(verification["arn"], arn or self.live_arn)
        self.assertIsInstance(verification["user_id"], str)
        self.assertTrue(verification["user_id"])

    def test_live_key_and_secret_are_valid(self):
        r = verify(self.endpoint, "scan", self.live_file())
        self.assertExit(r, 1)
        doc = r.json()
        self.assertEqual([(f["rule"], f["key_id"]) for f in doc["findings"]],
                         [("aws-access-key-id", self.live_key_id),
                          ("aws-secret-access-key", self.live_key_id)])
        for f in doc["findings"]:
            self.assertLive(f["verification"])
        self.assertEqual(doc["findings"][0]["verification"], doc["findings"][1]["verification"])
        self.assertEqual(doc["summary"]["live"], 2)
        self.assertNotIn(self.live_secret, r.stdout + r.stderr)

    def test_wrong_secret_is_invalid_wrong_secret(self):
        # A well-formed, high-entropy secret that is not this key's.
        r = verify(self.endpoint, "scan",
                   self.write("creds", credentials_file(self.live_key_id, SECRET)))
        self.assertExit(r, 1)
        self.assertEqual(statuses(r), [{"status": "invalid", "reason": "wrong_secret"}] * 2)
        self.assertEqual(r.json()["summary"]["live"], 0)

    def test_unknown_key_is_invalid_unknown_key(self):
        r = verify(self.endpoint, "scan", self.write("creds", credentials_file(KEY_ID, SECRET)))
        self.assertExit(r, 1)
        self.assertEqual(statuses(r), [{"status": "invalid", "reason": "unknown_key"}] * 2)
        self.assertEqual(r.json()["summary"]["live"], 0)

    def test_session_credentials_are_signed_with_their_token(self):
        c = self.session
        r = verify(self.endpoint, "scan", self.write("credentials", session_file(
            c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])))
        self.assertExit(r, 1)
        rules = [f["rule"] for f in r.json()["findings"]]
        self.assertEqual(sorted(rules),
                         ["aws-access-key-id", "aws-secret-access-key", "aws-session-token"])
        for v in statuses(r):
            self.assertLive(v, arn="arn:aws:sts::123456789012:assumed-role/deployer/ci-job")

    def test_only_verified_reports_only_live_findings(self):
        p = self.write("credentials", credentials_file(self.live_key_id, self.live_secret) +
                       "\n" + credentials_file(KEY_ID, SECRET).replace("[default]", "[old]"))
        everything = verify(self.endpoint, "scan", p)
        self.assertEqual(sorted((rule, key, v["status"]) for rule, key, v in verdicts(everything)),
                         sorted([("aws-access-key-id", KEY_ID, "invalid"),
                                 ("aws-access-key-id", self.live_key_id, "valid"),
                                 ("aws-secret-access-key", KEY_ID, "invalid"),
                                 ("aws-secret-access-key", self.live_key_id, "valid")]))
        r = verify(self.endpoint, "--only-verified", "scan", p)
        self.assertExit(r, 1)
        got = verdicts(r)
        self.assertEqual([(rule, key) for rule, key, _ in got],
                         [("aws-access-key-id", self.live_key_id),
                          ("aws-secret-access-key", self.live_key_id)])
        for _, _, v in got:
            self.assertLive(v)
        self.assertEqual(r.json()["summary"]["live"], 2)
        self.assertEqual(r.json()["summary"]["findings"], 2)

    def test_only_verified_with_nothing_live_exits_0(self):
        r = verify(self.endpoint, "--only-verified", "scan",
                   self.write("creds", credentials_file(KEY_ID, SECRET)))
        self.assertExit(r, 0)
        self.assertEqual(r.json()["findings"], [])

    def test_fail_on_live(self):
        dead = self.write("dead", credentials_file(KEY_ID, SECRET))
        r = verify(self.endpoint, "--fail-on", "live", "scan", dead)
        self.assertExit(r, 0)
        # Still reported, just not failing the run.
        self.assertEqual(statuses(r), [{"status": "invalid", "reason": "unknown_key"}] * 2)
        r = verify(self.endpoint, "--fail-on", "live", "scan", dead, self.live_file())
        self.assertExit(r, 1)
        self.assertEqual(r.json()["summary"]["live"], 2)

    def test_staged_with_verify(self):
        repo = GitRepo(self.path("repo"))
        repo.write("config/credentials",
                   credentials_file(self.live_key_id, self.live_secret))
        repo.git("add", "config/credentials")
        r = verify(self.endpoint, "staged", "--repo", repo.path)
        self.assertExit(r, 1)
        doc = r.json()
        self.assertEqual(len(doc["findings"]), 2)
        for f in doc["findings"]:
            self.assertEqual(f["source"], "staged")
            self.assertLive(f["verification"])
        self.assertEqual(doc["summary"]["live"], 2)

    def test_history_with_verify(self):
        repo = GitRepo(self.path("repo"))
        repo.write("README", "hello\n")
        repo.commit("initial")
        repo.write("deploy/creds", credentials_file(self.live_key_id, self.live_secret))
        added = repo.commit("add deploy creds")
        repo.git("rm", "-q", "deploy/creds")
        repo.commit("remove creds")
        r = verify(self.endpoint, "history", "--repo", repo.path)
        self.assertExit(r, 1)
        doc = r.json()
        keys = [f for f in doc["findings"] if f["rule"] == "aws-access-key-id"]
        self.assertEqual([f["commit"] for f in keys], [added])
        self.assertEqual(len(doc["findings"]), 2)
        for f in doc["findings"]:
            self.assertLive(f["verification"])
        self.assertEqual(doc["summary"]["live"], 2)

    def test_text_report_shows_live_and_arn(self):
        p = self.live_file()
        dead = self.write("dead", credentials_file(KEY_ID, SECRET))
        r = run("--verify", "--sts-endpoint", self.endpoint, "scan", p, dead)
        self.assertExit(r, 1)
        report, next_steps = r.stdout.split("\n\n")
        self.assertTrue(next_steps.startswith("Next steps:"), r)
        lines = report.splitlines()
        self.assertEqual(len(lines), 4, r)
        for line in lines[:2]:
            self.assertTrue(line.startswith(p + ":"), line)
            self.assertIn(f"LIVE {self.live_arn}", line)
        for line in lines[2:]:
            self.assertIn("[invalid: unknown_key]", line)
            self.assertNotIn("LIVE", line)
        self.assertNotIn(self.live_secret, r.stdout + r.stderr)
        self.assertRegex(r.stderr.strip().splitlines()[-1], r"4 findings in \d+ ms, 2 live$")


# ---------------------------------------------------------------------------------------------
# A scripted fake STS: what exactly is sent, and how each answer is read


class FakeStsTest(TempDirTest):
    def fake(self, *script, path="/"):
        server = FakeSts(list(script) or [stsfake.ok()], path=path)
        self.addCleanup(server.stop)
        return server

    def creds(self, name="creds", key_id=KEY_ID, secret=SECRET):
        return self.write(name, credentials_file(key_id, secret))


class RequestShape(FakeStsTest):
    def test_one_signed_post_that_never_carries_the_secret(self):
        sts = self.fake(path="/sts/")
        before = datetime.datetime.now(datetime.timezone.utc)
        r = verify(sts.url, "-v", "scan", self.creds())
        after = datetime.datetime.now(datetime.timezone.utc)
        self.assertExit(r, 1)
        self.assertNotIn(SECRET[:8], r.stdout + r.stderr)  # not even with --verbose
        self.assertEqual(statuses(r), [{"status": "valid", "account": "123456789012",
                                        "arn": FAKE_ARN, "user_id": FAKE_USER_ID}] * 2)
        self.assertEqual(len(sts.requests), 1, sts.requests)
        req = sts.requests[0]
        self.assertEqual((req.method, req.path), ("POST", "/sts/"))
        self.assertEqual(req.body, b"Action=GetCallerIdentity&Version=2011-06-15")
        self.assertEqual(req.header("Host"), f"127.0.0.1:{sts.port}")
        self.assertEqual(req.header("Content-Type"),
                         "application/x-www-form-urlencoded; charset=utf-8")
        self.assertEqual(req.header("User-Agent"), f"keysweep/{keysweep_version()}")

        amz_date = req.header("X-Amz-Date")
        self.assertRegex(amz_date, r"^\d{8}T\d{6}Z$")
        sent = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
        self.assertLessEqual(before - datetime.timedelta(seconds=2), sent)
        self.assertLessEqual(sent, after + datetime.timedelta(seconds=2))

        auth = req.header("Authorization")
        self.assertTrue(auth.startswith(
            f"AWS4-HMAC-SHA256 Credential={KEY_ID}/{amz_date[:8]}/us-east-1/sts/aws4_request"),
            auth)
        signed = req.authorization()["SignedHeaders"].split(";")
        self.assertIn("host", signed)
        self.assertIn("x-amz-date", signed)
        self.assertEqual(signed, sorted(signed))
        self.assertNotIn("x-amz-security-token", signed)
        self.assertIsNone(req.header("X-Amz-Security-Token"))
        self.assertRegex(req.authorization()["Signature"], r"^[0-9a-f]{64}$")
        # An independent SigV4 computation agrees: the request was signed with this secret.
        self.assertTrue(stsfake.signed_with(req, SECRET), req.raw())

        raw = req.raw()
        self.assertNotIn(SECRET, raw)
        self.assertNotIn(SECRET[:16], raw)
        self.assertNotIn(SECRET.replace("/", "%2F")[:16], raw)

    def test_region_goes_into_the_credential_scope(self):
        sts = self.fake()
        r = verify(sts.url, "--sts-region", "eu-west-1", "scan", self.creds())
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), 1)
        req = sts.requests[0]
        self.assertRegex(req.authorization()["Credential"],
                         rf"^{KEY_ID}/\d{{8}}/eu-west-1/sts/aws4_request$")
        self.assertTrue(stsfake.signed_with(req, SECRET))

    def test_session_token_is_sent_and_signed(self):
        sts = self.fake(stsfake.ok(arn="arn:aws:sts::609629065308:assumed-role/ci/job",
                                   account="609629065308", user_id="AROAY34FZKBOEXAMPLE:job"))
        r = verify(sts.url, "scan", self.write("credentials", session_file()))
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), 1)
        req = sts.requests[0]
        self.assertEqual(req.header("X-Amz-Security-Token"), TOKEN)
        self.assertIn("x-amz-security-token", req.authorization()["SignedHeaders"].split(";"))
        self.assertTrue(req.authorization()["Credential"].startswith(ASIA_KEY + "/"))
        self.assertTrue(stsfake.signed_with(req, SECRET))
        self.assertNotIn(SECRET[:16], req.raw())
        got = {rule: v for rule, _, v in verdicts(r)}
        self.assertEqual(set(got),
                         {"aws-access-key-id", "aws-secret-access-key", "aws-session-token"})
        for v in got.values():
            self.assertEqual((v["status"], v["account"]), ("valid", "609629065308"))

    def test_session_key_without_its_token_is_never_sent(self):
        sts = self.fake()
        r = verify(sts.url, "scan", self.creds(key_id=ASIA_KEY))
        self.assertExit(r, 1)
        self.assertEqual(sts.requests, [])
        self.assertEqual(statuses(r), [{"status": "skipped", "reason": "no_session_token"}] * 2)

    def test_a_pair_seen_twice_is_checked_once(self):
        sts = self.fake()
        r = verify(sts.url, "scan", self.creds("a/creds"), self.creds("b/.env"))
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), 1, sts.requests)
        self.assertEqual([v["status"] for v in statuses(r)], ["valid"] * 4)
        self.assertEqual(r.json()["summary"]["live"], 4)

    def test_concurrency_caps_requests_in_flight(self):
        lock = threading.Lock()
        in_flight = [0]
        peak = [0]

        def slow_ok(req):
            with lock:
                in_flight[0] += 1
                peak[0] = max(peak[0], in_flight[0])
            time.sleep(0.3)  # holds the request open so overlapping ones can be counted
            with lock:
                in_flight[0] -= 1
            return stsfake.ok()

        sts = self.fake(slow_ok)
        keys = [stsfake.key_id_for_account("123456789012", low_bits=0x5DEECE66D * n + 0xB)
                for n in range(1, 7)]
        files = [self.creds(f"k{n}/creds", key_id=k) for n, k in enumerate(keys)]
        r = verify(sts.url, "--verify-concurrency", "2", "scan", *files)
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), 6)
        self.assertEqual(peak[0], 2, "--verify-concurrency 2 means two requests at once")
        self.assertEqual(sorted(q.authorization()["Credential"].split("/")[0]
                                for q in sts.requests), sorted(keys))
        self.assertEqual([v["status"] for v in statuses(r)], ["valid"] * 12)

    def test_redirects_are_not_followed(self):
        elsewhere = self.fake()
        sts = self.fake((307, "", {"Location": elsewhere.url}))
        r = verify(sts.url, "scan", self.creds())
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), 1)
        self.assertEqual(elsewhere.requests, [], "a signed request must not follow a redirect")
        self.assertEqual(statuses(r), [{"status": "unknown", "reason": "unexpected_response"}] * 2)

    def test_loopback_requests_bypass_proxy_settings(self):
        proxy = self.fake((502, "proxy"))
        sts = self.fake()
        r = run("--format", "json", "--verify", "--sts-endpoint", sts.url, "scan", self.creds(),
                env={"http_proxy": proxy.url, "HTTP_PROXY": proxy.url, "all_proxy": proxy.url,
                     "ALL_PROXY": proxy.url, "no_proxy": "", "NO_PROXY": ""})
        self.assertExit(r, 1)
        self.assertEqual(proxy.requests, [])
        self.assertEqual(len(sts.requests), 1)
        self.assertEqual([v["status"] for v in statuses(r)], ["valid"] * 2)

    def test_global_options_also_work_after_the_subcommand(self):
        sts = self.fake()
        r = run("--format", "json", "scan", "--verify", "--sts-endpoint", sts.url,
                "--sts-region", "ap-northeast-1", self.creds())
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), 1)
        self.assertIn("/ap-northeast-1/sts/", sts.requests[0].authorization()["Credential"])
        self.assertEqual([v["status"] for v in statuses(r)], ["valid"] * 2)


class Answers(FakeStsTest):
    """How each STS answer becomes a verdict; retries counted on the fake's side."""

    def check(self, script, expected, requests, path_file=None, msg=None):
        sts = self.fake(*script)
        r = verify(sts.url, "scan", path_file or self.creds())
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), requests, sts.requests)
        for v in statuses(r):
            self.assertEqual(v, expected, msg)
        return sts, r

    def test_server_error_twice_then_success(self):
        _, r = self.check([stsfake.service_unavailable(), stsfake.service_unavailable(),
                           stsfake.ok()],
                          {"status": "valid", "account": "123456789012", "arn": FAKE_ARN,
                           "user_id": FAKE_USER_ID}, requests=3)
        self.assertEqual(r.json()["summary"]["live"], 2)

    def test_server_error_every_time_gives_up_after_four_attempts(self):
        # A 5xx carrying STS's own error XML (Code ServiceUnavailable, as real STS sends it).
        self.check([stsfake.service_unavailable()],
                   {"status": "unknown", "reason": "server_error"}, requests=4,
                   msg="503 <Code>ServiceUnavailable</Code> must end as server_error")

    def test_internal_failure_500_is_a_server_error(self):
        # Real STS's 500 body.
        body = stsfake.error_xml("InternalFailure",
                                 "The request processing has failed because of an unknown "
                                 "error, exception or failure.", error_type="Receiver")
        self.check([(500, body)], {"status": "unknown", "reason": "server_error"}, requests=4,
                   msg="500 <Code>InternalFailure</Code> must end as server_error")

    def test_bare_503_without_a_body_is_a_server_error(self):
        self.check([(503, "")], {"status": "unknown", "reason": "server_error"}, requests=4)

    def test_html_502_from_a_proxy_is_a_server_error(self):
        self.check([(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")],
                   {"status": "unknown", "reason": "server_error"}, requests=4)

    def test_throttling_every_time(self):
        self.check([stsfake.throttling()], {"status": "unknown", "reason": "throttled"},
                   requests=4)

    def test_signature_mismatch_is_resent_once_after_a_pause(self):
        sts, _ = self.check([stsfake.signature_mismatch(), stsfake.ok()],
                            {"status": "valid", "account": "123456789012", "arn": FAKE_ARN,
                             "user_id": FAKE_USER_ID}, requests=2)
        gap = sts.requests[1].at - sts.requests[0].at
        self.assertGreaterEqual(gap, 0.9, "the re-send should wait about a second")
        self.assertTrue(all(stsfake.signed_with(q, SECRET) for q in sts.requests))

    def test_signature_mismatch_twice_is_wrong_secret(self):
        self.check([stsfake.signature_mismatch()],
                   {"status": "invalid", "reason": "wrong_secret"}, requests=2)

    def test_signature_expired_is_clock_skew_and_not_resent(self):
        self.check([stsfake.signature_expired()],
                   {"status": "unknown", "reason": "clock_skew"}, requests=1)

    def test_expired_session_token(self):
        self.check([stsfake.expired_token()], {"status": "expired"}, requests=1,
                   path_file=self.write("credentials", session_file()))

    def test_invalid_client_token_id(self):
        self.check([stsfake.invalid_client_token()],
                   {"status": "invalid", "reason": "unknown_key"}, requests=1)

    def test_moto_style_wrapped_error(self):
        body = stsfake.moto_error_xml("InvalidClientTokenId",
                                      "The security token included in the request is invalid.")
        self.check([(403, body)], {"status": "invalid", "reason": "unknown_key"}, requests=1)

    def test_result_fields_in_any_order_and_without_namespace(self):
        body = ("<GetCallerIdentityResponse><GetCallerIdentityResult>"
                "<Account>210987654321</Account><UserId>AIDAEXAMPLEUSERID0001</UserId>"
                "<Arn>arn:aws:iam::210987654321:user/ops</Arn>"
                "</GetCallerIdentityResult></GetCallerIdentityResponse>")
        self.check([(200, body)], {"status": "valid", "account": "210987654321",
                                   "arn": "arn:aws:iam::210987654321:user/ops",
                                   "user_id": "AIDAEXAMPLEUSERID0001"}, requests=1)

    def test_a_200_that_is_not_sts_is_unexpected(self):
        self.check([(200, "<html><body>Welcome to nginx!</body></html>")],
                   {"status": "unknown", "reason": "unexpected_response"}, requests=1)

    def test_key_id_takes_the_best_verdict_of_its_secrets(self):
        # One key ID with two secrets in two files; the fake answers like STS, by signature.
        def by_signature(req):
            if stsfake.signed_with(req, SECRET):
                return stsfake.ok()
            return stsfake.signature_mismatch()

        sts = self.fake(by_signature)
        good = self.creds("good/creds", secret=SECRET)
        bad = self.creds("bad/creds", secret=SECRET_2)
        r = verify(sts.url, "scan", good, bad)
        self.assertExit(r, 1)
        got = [(f["path"], f["rule"], f["verification"]["status"],
                f["verification"].get("reason")) for f in r.json()["findings"]]
        self.assertEqual(got, [(good, "aws-access-key-id", "valid", None),
                               (good, "aws-secret-access-key", "valid", None),
                               (bad, "aws-access-key-id", "valid", None),
                               (bad, "aws-secret-access-key", "invalid", "wrong_secret")])
        # The good pair once, the bad pair once plus its one re-send.
        self.assertEqual(len(sts.requests), 3, sts.requests)
        self.assertEqual(r.json()["summary"]["live"], 3)


# ---------------------------------------------------------------------------------------------
# Network failures: every one ends promptly


class NetworkFailures(FakeStsTest):
    def test_closed_port_is_unknown_network(self):
        port = stsfake.closed_port()
        start = time.monotonic()
        r = verify(f"http://127.0.0.1:{port}/", "--verify-deadline", "5", "scan", self.creds(),
                   timeout=30)
        elapsed = time.monotonic() - start
        self.assertExit(r, 1)
        self.assertEqual(statuses(r), [{"status": "unknown", "reason": "network"}] * 2)
        self.assertLess(elapsed, 4.5, "a refused connection must not eat the whole deadline")

    def test_silent_server_times_out(self):
        silent = SilentServer()
        self.addCleanup(silent.stop)
        start = time.monotonic()
        r = verify(silent.url, "--verify-timeout", "1", "--verify-deadline", "3", "scan",
                   self.creds(), timeout=30)
        elapsed = time.monotonic() - start
        self.assertExit(r, 1)
        for v in statuses(r):
            self.assertEqual(v["status"], "unknown")
            self.assertIn(v["reason"], ("timeout", "deadline"))
        self.assertGreaterEqual(silent.accepted, 1)
        self.assertLess(elapsed, 8)

    def test_deadline_cuts_a_longer_request_timeout(self):
        silent = SilentServer()
        self.addCleanup(silent.stop)
        start = time.monotonic()
        r = verify(silent.url, "--verify-timeout", "30", "--verify-deadline", "2", "scan",
                   self.creds(), timeout=30)
        elapsed = time.monotonic() - start
        self.assertExit(r, 1)
        for v in statuses(r):
            self.assertEqual(v["status"], "unknown")
            self.assertIn(v["reason"], ("timeout", "deadline"))
        self.assertLess(elapsed, 5, "--verify-deadline 2 must bound the run, not the 30 s timeout")

    def test_plain_http_to_a_remote_host_is_a_usage_error(self):
        # A signed request in clear text may only go to a loopback test server: refused up
        # front, before anything is scanned or sent.
        start = time.monotonic()
        r = verify("http://sts.invalid/", "scan", self.creds(), timeout=30)
        self.assertExit(r, 2)
        self.assertIn("loopback", r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertLess(time.monotonic() - start, 5)


# ---------------------------------------------------------------------------------------------
# What is never sent


class NeverSent(FakeStsTest):
    def test_canary_keys_are_never_sent(self):
        accounts = canary_accounts()
        self.assertGreaterEqual(len(accounts), 10)
        sts = self.fake()
        for account in (accounts[0], accounts[-1]):
            with self.subTest(account=account):
                key_id = stsfake.key_id_for_account(account)
                self.assertEqual(stsfake.account_of(key_id), account)
                p = self.creds(f"{account}/creds", key_id=key_id, secret=SECRET)
                offline = run("--format", "json", "scan", p)
                self.assertExit(offline, 1)
                self.assertEqual([(f["account_id"], f["canary"])
                                  for f in offline.json()["findings"]], [(account, True)] * 2)
                r = verify(sts.url, "scan", p)
                self.assertExit(r, 1)
                self.assertEqual(statuses(r), [{"status": "skipped", "reason": "canary"}] * 2)
                self.assertEqual(sts.requests, [])

    def test_verifying_a_report_that_hides_a_canary_sends_nothing(self):
        # A report is not trusted: one edited to call a canary's key ordinary, or with the
        # field left out, still never gets that key sent.
        canary = stsfake.key_id_for_account(canary_accounts()[0])
        sts = self.fake()
        scanned = run("--format", "json", "--show-secrets", "scan",
                      self.creds(key_id=canary, secret=SECRET))
        self.assertExit(scanned, 1)
        doc = scanned.json()
        self.assertEqual([f["canary"] for f in doc["findings"]], [True, True])
        doc["findings"][0]["canary"] = False
        del doc["findings"][1]["canary"]
        report = self.write("report.json", json.dumps(doc))
        r = run("--format", "json", "--sts-endpoint", sts.url, "verify", report)
        self.assertExit(r, 1)
        self.assertEqual(sts.requests, [])
        self.assertEqual(statuses(r), [{"status": "skipped", "reason": "canary"}] * 2)

    def test_a_canary_next_to_a_normal_key_only_the_normal_key_is_sent(self):
        canary = stsfake.key_id_for_account(canary_accounts()[0])
        sts = self.fake()
        p = self.write("credentials", credentials_file(canary, SECRET_2) + "\n" +
                       credentials_file(KEY_ID, SECRET).replace("[default]", "[work]"))
        r = verify(sts.url, "scan", p)
        self.assertExit(r, 1)
        self.assertEqual(len(sts.requests), 1, sts.requests)
        self.assertNotIn(canary, sts.requests[0].raw())
        self.assertTrue(sts.requests[0].authorization()["Credential"].startswith(KEY_ID + "/"))
        got = {(key, v["status"]) for _, key, v in verdicts(r)}
        self.assertEqual(got, {(canary, "skipped"), (KEY_ID, "valid")})

    def test_documentation_examples_are_never_sent(self):
        sts = self.fake()
        p = self.creds(key_id=EXAMPLE_KEY_ID, secret=EXAMPLE_SECRET)
        r = verify(sts.url, "--include-examples", "scan", p)
        self.assertExit(r, 1)
        findings = r.json()["findings"]
        self.assertEqual(len(findings), 2)
        for f in findings:
            self.assertTrue(f["example"])
            self.assertEqual(f["verification"], {"status": "skipped", "reason": "example"})
        self.assertEqual(sts.requests, [])

    def test_without_verify_nothing_is_sent(self):
        sts = self.fake()
        r = run("--format", "json", "--sts-endpoint", sts.url, "scan", self.creds())
        self.assertExit(r, 1)
        self.assertEqual(statuses(r), [{"status": "not_checked"}] * 2)
        self.assertIsNone(r.json()["summary"]["live"])
        self.assertEqual(sts.requests, [])
        text = run("--sts-endpoint", sts.url, "scan", self.creds())
        self.assertNotIn("LIVE", text.stdout)
        self.assertNotIn("live", text.stderr)
        self.assertEqual(sts.requests, [])


# ---------------------------------------------------------------------------------------------
# Usage errors


class UsageErrors(FakeStsTest):
    def test_fail_on_live_needs_verify(self):
        r = run("--fail-on", "live", "scan", self.creds())
        self.assertExit(r, 2)
        self.assertIn("--verify", r.stderr)

    def test_only_verified_needs_verify(self):
        r = run("--only-verified", "scan", self.creds())
        self.assertExit(r, 2)
        self.assertIn("--verify", r.stderr)

    def test_non_http_endpoint_is_a_usage_error(self):
        r = run("--verify", "--sts-endpoint", "ftp://x", "scan", self.creds())
        self.assertExit(r, 2)
        self.assertIn("ftp://x", r.stderr)
        self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    unittest.main()
