"""Short secrets of custom rules cannot be recovered from a redacted report (issue #27, item 9).

A custom rule's 8-character secret: nothing of it is shown in a default report, and its
fingerprint is scrypt (README, "Fingerprints and redaction"), not the SHA-256 that brute-forced
such a secret in half a second. Long secrets keep the SHA-256 fingerprint, so baselines of AWS
keys stay valid.
"""
import hashlib
import json
import struct
import time
import unittest

from kstest import KEY_ID, SECRET, TempDirTest, credentials_file, run

SHORT_RULE = """rules:
  - id: short-token
    name: Short token
    description: An 8-character token.
    pattern: 'stok_([A-Za-z0-9]{8})'
    secret_group: 1
    severity: high
    playbook: generic
    references: [https://example.com]
    examples: ['stok_Ab3dEf7h']
    negative_examples: ['stok_x']
"""
SHORT_SECRET = "Zq8nR2xW"


def fingerprint_v1(rule, secret):
    """The fingerprint formula before short secrets got scrypt: SHA-256 of length-prefixed
    fields."""
    h = hashlib.sha256()
    for field in (b"keysweep-fp-v1", rule.encode(), secret.encode()):
        h.update(struct.pack("<Q", len(field)))
        h.update(field)
    return h.hexdigest()


def fingerprint_v2(rule, secret):
    """The documented fingerprint of a short secret (README, "Fingerprints and redaction")."""
    return hashlib.scrypt(secret.encode(), salt=f"keysweep-fp-v2:{rule}".encode(), n=1 << 15,
                          r=8, p=1, maxmem=64 << 20, dklen=32).hex()


class ShortSecretTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.write("rules/short.yaml", SHORT_RULE)
        self.target = self.write("tree/app.env", f"TOKEN=stok_{SHORT_SECRET}\n")

    def scan(self, *args, path=None):
        return run("--rules", self.path("rules"), *args, "scan", path or self.target)

    def assertNothingOfTheSecret(self, text):
        for i in range(len(SHORT_SECRET) - 2):
            self.assertNotIn(SHORT_SECRET[i:i + 3], text)

    def test_default_reports_show_nothing_of_it(self):
        j = self.scan("--format", "json")
        self.assertExit(j, 1)
        [finding] = j.json()["findings"]
        self.assertEqual(finding["secret"], "\u2026")
        self.assertNothingOfTheSecret(j.stdout + j.stderr)
        t = self.scan("--format", "text")
        self.assertExit(t, 1)
        self.assertIn("short-token \u2026", t.stdout)
        self.assertNothingOfTheSecret(t.stdout + t.stderr)
        # The control: --show-secrets prints it, so the searches above would have seen it.
        self.assertIn(SHORT_SECRET, self.scan("--format", "json", "--show-secrets").stdout)

    def test_its_fingerprint_is_scrypt_not_a_plain_hash(self):
        [finding] = self.scan("--format", "json").json()["findings"]
        fp = finding["fingerprint"]
        self.assertNotEqual(fp, fingerprint_v1("short-token", SHORT_SECRET))
        for obvious in (SHORT_SECRET, "short-token" + SHORT_SECRET, "stok_" + SHORT_SECRET):
            self.assertNotEqual(fp, hashlib.sha256(obvious.encode()).hexdigest())
        self.assertEqual(fp, fingerprint_v2("short-token", SHORT_SECRET))
        # A long secret keeps the v1 fingerprint, so existing baselines of AWS keys stay valid.
        aws = self.write("tree/creds", credentials_file())
        for f in run("--format", "json", "scan", aws).json()["findings"]:
            secret = KEY_ID if f["rule"] == "aws-access-key-id" else SECRET
            self.assertEqual(f["fingerprint"], fingerprint_v1(f["rule"], secret))

    def test_fingerprint_is_stable_for_baselines_and_sarif(self):
        fp = self.scan("--format", "json").json()["findings"][0]["fingerprint"]
        sarif = json.loads(self.scan("--format", "sarif").stdout)
        [result] = sarif["runs"][0]["results"]
        self.assertEqual(result["partialFingerprints"]["keysweep/v1"], fp)
        baseline = self.path("baseline.json")
        r = run("--rules", self.path("rules"), "baseline", "create", "-o", baseline, self.target)
        self.assertExit(r, 0)
        self.assertExit(self.scan("--baseline", baseline), 0)

    def test_a_secret_repeated_ten_thousand_times_is_derived_once(self):
        many = self.write("tree/many.env", f"TOKEN=stok_{SHORT_SECRET}\n" * 10000)
        start = time.monotonic()
        r = self.scan("--format", "json", path=many)
        elapsed = time.monotonic() - start
        self.assertExit(r, 1)
        findings = r.json()["findings"]
        self.assertEqual(len(findings), 10000)
        self.assertEqual(len({f["fingerprint"] for f in findings}), 1)
        # Uncached, 10,000 scrypt runs would take minutes.
        self.assertLess(elapsed, 60, elapsed)


if __name__ == "__main__":
    unittest.main()
