"""End-to-end tests of AWS detection depth: keyword-less secrets paired with their key ID,
URL-encoded secrets, session tokens, documentation examples, placeholders, canaries."""
import unittest

from kstest import KEY_ID, SECRET, SECRET_2, TempDirTest, run

CANARY_KEY = "AKIAQYLPMN5HECPXM7CF"   # decodes to Thinkst's canary account 052310077262
ASIA_KEY = "ASIAY34FZKBOFW66LQEZ"     # account 609629065308
TOKEN = "IQoJb3JpZ2luX2VjEDkaCXVzLWVhc3QtMSJHMEUCIQDx7q2Lk9pZt4yN3mH8v1bQe6sR0uW5aX2cV7nJ9fK4gIgY" \
        "3hT6kP1mN8qL2rS5vW9xZ0aB4cD7eF1gH3jK6lM2nP5qR8sT1uV4wX7yZ0aB3cD6eF9gH2jK5lM8nP1qR4sT7uV0wX3y" \
        "Z6aB9cD2eF5gH8jK1lM4nP7qR0sT3uV6wX9yZ2aB5cD8eF1gH4jK7lM0n"


def findings(result):
    return [(f["rule"], f["key_id"]) for f in result.json()["findings"]]


class BareSecretsNextToKeyIds(TempDirTest):
    def scan(self, name, content, *extra):
        return run("--format", "json", "--show-secrets", *extra, "scan", self.write(name, content))

    def assertPair(self, result, key_id=KEY_ID, secret=SECRET):
        self.assertExit(result, 1)
        got = [(f["rule"], f["secret"], f["key_id"]) for f in result.json()["findings"]]
        self.assertIn(("aws-access-key-id", key_id, key_id), got)
        self.assertIn(("aws-secret-access-key", secret, key_id), got)
        self.assertEqual(len(got), 2, got)

    def test_go_static_credentials(self):
        src = f'creds := credentials.NewStaticCredentials("{KEY_ID}", "{SECRET}", "")\n'
        self.assertPair(self.scan("main.go", src))

    def test_terraform_provider_block(self):
        src = f'provider "aws" {{\n  region     = "us-west-2"\n  access_key = "{KEY_ID}"\n' \
              f'  secret_key = "{SECRET}"\n}}\n'
        self.assertPair(self.scan("main.tf", src))

    def test_js_object_without_keywords(self):
        src = f'const cfg = {{\n  id: "{KEY_ID}",\n  key: "{SECRET}",\n}};\n'
        self.assertPair(self.scan("cfg.js", src))

    def test_iam_console_csv_with_crlf(self):
        src = f"Access key ID,Secret access key\r\n{KEY_ID},{SECRET}\r\n"
        self.assertPair(self.scan("credentials.csv", src))

    def test_minified_js_long_line(self):
        src = "var a=1;" * 5000 + f'x={{k:"{KEY_ID}",s:"{SECRET}"}};' + "var b=2;" * 5000
        self.assertPair(self.scan("app.min.js", src))

    def test_far_away_bare_token_is_not_paired(self):
        src = f'id = "{KEY_ID}"\n' + "\n" * 10 + f'other = "{SECRET}"\n'
        r = self.scan("far.txt", src)
        self.assertEqual(findings(r), [("aws-access-key-id", KEY_ID)])

    def test_hex_sha_and_low_entropy_tokens_next_to_a_key_are_not_secrets(self):
        src = f'{KEY_ID}\ncommit 3f786850e387550fdab836ed7e6dc881de23001b secret\n' \
              f'path = "abcdefghijabcdefghijabcdefghijabcdefghij"\n'
        self.assertEqual(findings(self.scan("notes.txt", src)), [("aws-access-key-id", KEY_ID)])

    def test_keyword_secret_gets_the_nearby_key_id(self):
        src = f"aws_access_key_id={KEY_ID}\naws_secret_access_key={SECRET_2}\n"
        r = self.scan("creds", src)
        self.assertPair(r, secret=SECRET_2)

    def test_url_encoded_secret_is_decoded(self):
        encoded = SECRET.replace("/", "%2F")
        src = f"s3://{KEY_ID}:x@bucket/?secretKey={encoded}&x=1\n"
        r = self.scan("url.txt", src)
        secrets = [f["secret"] for f in r.json()["findings"] if f["rule"] == "aws-secret-access-key"]
        self.assertEqual(secrets, [SECRET])


class SessionTokens(TempDirTest):
    def test_token_with_keyword_is_paired_with_its_asia_key(self):
        src = f"[default]\naws_access_key_id = {ASIA_KEY}\naws_secret_access_key = {SECRET}\n" \
              f"aws_session_token = {TOKEN}\n"
        r = run("--format", "json", "scan", self.write("credentials", src))
        self.assertExit(r, 1)
        by_rule = {f["rule"]: f for f in r.json()["findings"]}
        self.assertEqual(set(by_rule), {"aws-access-key-id", "aws-secret-access-key", "aws-session-token"})
        self.assertEqual(by_rule["aws-session-token"]["key_id"], ASIA_KEY)
        self.assertEqual(by_rule["aws-session-token"]["account_id"], "609629065308")
        self.assertEqual(by_rule["aws-session-token"]["playbook"], "aws-temporary-credentials")

    def test_sts_token_shape_without_keyword(self):
        r = run("--format", "json", "scan", self.write("dump.txt", f"blob {TOKEN} end\n"))
        self.assertEqual(findings(r), [("aws-session-token", None)])


class ExamplesPlaceholdersCanaries(TempDirTest):
    DOCS = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n" \
           "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"

    def test_documentation_examples_are_not_findings(self):
        r = run("--format", "json", "scan", self.write("README.md", self.DOCS))
        self.assertExit(r, 0)
        self.assertEqual(r.json()["findings"], [])

    def test_include_examples_lists_them_marked(self):
        r = run("--format", "json", "--include-examples", "scan", self.write("README.md", self.DOCS))
        self.assertExit(r, 1)
        got = r.json()["findings"]
        self.assertEqual([f["rule"] for f in got], ["aws-access-key-id", "aws-secret-access-key"])
        self.assertTrue(all(f["example"] for f in got))
        self.assertIsNone(got[0]["account_id"])  # old-generation ID: no account encoded

    def test_placeholders_are_not_findings(self):
        src = "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nAWS_ACCESS_KEY_ID=${AWS_KEY}\nkey=<your-key>\n" \
              "aws_secret_access_key = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
        self.assertExit(run("scan", self.write("template.env", src)), 0)

    def test_canary_keys_are_flagged(self):
        r = run("--format", "json", "scan", self.write("c", f"key = {CANARY_KEY}\n"))
        f = r.json()["findings"][0]
        self.assertEqual((f["account_id"], f["canary"]), ("052310077262", True))
        text = run("scan", self.write("c2", f"key = {CANARY_KEY}\n")).stdout
        self.assertIn("CANARY", text)

    def test_ordinary_keys_are_not_canaries(self):
        r = run("--format", "json", "scan", self.write("c", f"key = {KEY_ID}\n"))
        self.assertFalse(r.json()["findings"][0]["canary"])

    def test_a3t_ids_are_low_confidence(self):
        r = run("--format", "json", "scan", self.write("c", "legacy = A3TXRZPUZDIKPFJONNBY\n"))
        f = r.json()["findings"][0]
        self.assertEqual((f["rule"], f["confidence"]), ("aws-access-key-id", "low"))

    def test_unique_ids_are_never_keys(self):
        src = '{"userIdentity": {"principalId": "AIDARZPUZDIKPFJONNBYQ", ' \
              '"arn": "arn:aws:iam::123456789012:role/x", "roleId": "AROARZPUZDIKPFJONNBYQ"}}\n'
        self.assertExit(run("scan", self.write("cloudtrail.json", src)), 0)


if __name__ == "__main__":
    unittest.main()


def smtp_password_v4(secret, region):
    import base64, hashlib, hmac
    k = hmac.new(("AWS4" + secret).encode(), b"11111111", hashlib.sha256).digest()
    for step in (region, "ses", "aws4_request", "SendRawEmail"):
        k = hmac.new(k, step.encode(), hashlib.sha256).digest()
    return base64.b64encode(b"\x04" + k).decode()


def smtp_password_v2(secret):
    import base64, hashlib, hmac
    return base64.b64encode(b"\x02" + hmac.new(secret.encode(), b"SendRawEmail",
                                               hashlib.sha256).digest()).decode()


class SesSmtpPasswords(TempDirTest):
    V4 = smtp_password_v4(SECRET, "eu-west-1")
    V2 = smtp_password_v2(SECRET)

    def scan(self, *paths):
        return run("--format", "json", "scan", *paths)

    def smtp(self, result):
        return [f for f in result.json()["findings"] if f["rule"] == "aws-ses-smtp-password"]

    def test_reference_derivation_matches_the_documented_vector(self):
        self.assertEqual(smtp_password_v4("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1"),
                         "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9")

    def test_ses_console_csv(self):
        csv = f"IAM User Name,Smtp Username,Smtp Password\r\n" \
              f"ses-smtp-user.20240102-030405,{KEY_ID},{self.V4}\r\n"
        r = self.scan(self.write("credentials.csv", csv))
        self.assertExit(r, 1)
        [f] = self.smtp(r)
        self.assertEqual((f["key_id"], f["account_id"], f["playbook"]),
                         (KEY_ID, "123456789012", "ses-smtp-credentials"))

    def test_smtp_keyword_and_endpoint_region(self):
        env = f"SMTP_HOST=email-smtp.ap-northeast-1.amazonaws.com\nSMTP_PORT=587\n" \
              f"SMTP_PASSWORD={self.V4}\n"
        [f] = self.smtp(self.scan(self.write(".env", env)))
        self.assertEqual(f["region"], "ap-northeast-1")

    def test_generic_password_needs_smtp_context(self):
        self.assertExit(self.scan(self.write("a.env", f"password = {self.V4}\n")), 0)
        near_host = f"host = email-smtp.us-east-1.amazonaws.com\npassword = {self.V4}\n"
        [f] = self.smtp(self.scan(self.write("b.env", near_host)))
        self.assertEqual(f["region"], "us-east-1")
        mail_line = f"MAIL_PASSWORD={self.V2}\n"
        self.assertEqual(len(self.smtp(self.scan(self.write("c.env", mail_line)))), 1)

    def test_offline_linkage_to_a_secret_in_another_file(self):
        creds = self.write("creds.ini", f"aws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")
        mail = self.write("mail.env", f"SMTP_PASSWORD={self.V4}\n")
        [f] = self.smtp(self.scan(creds, mail))
        self.assertEqual((f["derived_from_key_id"], f["region"], f["key_id"]),
                         (KEY_ID, "eu-west-1", KEY_ID))

    def test_version2_linkage_has_no_region(self):
        creds = self.write("creds.ini", f"aws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")
        mail = self.write("mail.env", f"smtp_password: {self.V2}\n")
        [f] = self.smtp(self.scan(creds, mail))
        self.assertEqual((f["derived_from_key_id"], f["region"]), (KEY_ID, None))

    def test_unrelated_secret_is_not_linked(self):
        creds = self.write("creds.ini", f"aws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET_2}\n")
        mail = self.write("mail.env", f"SMTP_PASSWORD={self.V4}\n")
        [f] = self.smtp(self.scan(creds, mail))
        self.assertIsNone(f["derived_from_key_id"])


class IncludeExamplesEverywhere(TempDirTest):
    """--include-examples is honoured by the git sources too, not only by `scan`."""

    DOCS = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"

    def test_history_and_staged(self):
        from kstest import GitRepo
        repo = GitRepo(self.path("repo"))
        repo.write("README.md", self.DOCS)
        repo.commit("docs")
        self.assertExit(run("history", "--repo", repo.path), 0)
        r = run("--format", "json", "--include-examples", "history", "--repo", repo.path)
        self.assertExit(r, 1)
        self.assertTrue(r.json()["findings"][0]["example"])
        repo.write("more.md", self.DOCS)
        repo.git("add", "more.md")
        self.assertExit(run("staged", "--repo", repo.path), 0)
        self.assertExit(run("--include-examples", "staged", "--repo", repo.path), 1)
