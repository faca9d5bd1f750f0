"""End-to-end tests of the machine-readable formats: SARIF validated against the OASIS schema
with a real JSON-schema validator, JSON Lines round-tripped against the JSON report, and the
next-steps line that ends a text report."""
import json
import os
import re
import subprocess
import unittest

import jsonschema  # Debian: python3-jsonschema (scripts/install-deps.sh)

from kstest import KEY_ID, SECRET, GitRepo, TempDirTest, credentials_file, run

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "..", "data", "sarif",
                           "sarif-schema-2.1.0.json")
with open(SCHEMA_PATH) as f:
    SARIF_SCHEMA = json.load(f)

# RFC 3986 URI-reference characters: unreserved, reserved and percent-escapes only.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")


# Fabricated key IDs (random base32), distinct so that each file is its own finding.
OTHER_KEY_ID = "AKIAQYLPMN5HHHFPZAM2"
THIRD_KEY_ID = "AKIAV4RX7TJKXGDQ2LMB"
MESSAGE_KEY_ID = "AKIAW3MZQ6TBNDVPXH7K"


def validate_sarif(testcase, raw):
    """Parses SARIF output strictly (UTF-8, JSON) and validates it against the schema."""
    doc = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    testcase.assertEqual([f"{list(e.path)}: {e.message}" for e in errors], [])
    for run_ in doc["runs"]:
        for result in run_["results"]:
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            testcase.assertRegex(uri, URI_CHARS)
    return doc


def jsonl_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class SarifTest(TempDirTest):
    def test_scan_output_validates_and_carries_the_playbook_as_help(self):
        self.write("src/creds", credentials_file())
        r = run("scan", "--format", "sarif", self.path("src"))
        self.assertExit(r, 1)
        doc = validate_sarif(self, r.stdout)
        run_ = doc["runs"][0]
        rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
        self.assertIn("aws-access-key-id", rules)
        key_rule = rules["aws-access-key-id"]
        self.assertIn("Leaked IAM user access key", key_rule["help"]["text"])
        self.assertIn("keysweep playbook aws-access-key", key_rule["help"]["text"])
        self.assertIn("## ", key_rule["help"]["markdown"])  # the whole playbook, as markdown
        self.assertIn("aws iam update-access-key", key_rule["help"]["markdown"])
        self.assertEqual(key_rule["properties"]["security-severity"], "8.0")
        by_rule = {res["ruleId"]: res for res in run_["results"]}
        self.assertEqual(set(by_rule), {"aws-access-key-id", "aws-secret-access-key"})
        for res in run_["results"]:
            self.assertIs(run_["tool"]["driver"]["rules"][res["ruleIndex"]],
                          rules[res["ruleId"]])
            self.assertEqual(len(res["partialFingerprints"]["keysweep/v1"]), 64)
        region = by_rule["aws-access-key-id"]["locations"][0]["physicalLocation"]["region"]
        self.assertEqual((region["startLine"], region["startColumn"]), (2, 21))
        self.assertNotIn(SECRET, r.stdout)

    def test_sarif_help_follows_the_language(self):
        self.write("creds", credentials_file())
        r = run("scan", "--format", "sarif", self.path("creds"), env={"LANG": "ja_JP.UTF-8"})
        doc = validate_sarif(self, r.stdout)
        rules = {rule["id"]: rule for rule in doc["runs"][0]["tool"]["driver"]["rules"]}
        help_text = rules["aws-access-key-id"]["help"]["text"]
        self.assertRegex(help_text, r"[\u3040-\u30ff\u4e00-\u9fff]")  # Japanese script

    def test_history_with_hostile_names_and_a_commit_message_validates(self):
        repo = GitRepo(self.path("repo"))
        repo.write("plain/creds", credentials_file())
        repo.write("we ird/caf\u00e9 %41:x.txt", f"key = {OTHER_KEY_ID}\n")
        first = repo.commit("add creds")
        repo.git("commit", "-q", "--allow-empty", "-m", f"oops {MESSAGE_KEY_ID}")
        # A name that is not UTF-8 and holds a newline and an escape, put straight into a tree.
        blob = subprocess.run(["git", "-C", repo.path, "hash-object", "-w", "--stdin"],
                              input=f"id: {THIRD_KEY_ID}\n".encode(), capture_output=True,
                              check=True).stdout.decode().strip()
        record = b"100644 " + blob.encode() + b"\tbad\xff\n\x1b[31mname\0"
        subprocess.run(["git", "-C", repo.path, "update-index", "-z", "--index-info"],
                       input=record, check=True, capture_output=True)
        repo.git("commit", "-q", "-m", "hostile name")
        r = run("history", "--repo", repo.path, "--format", "sarif")
        self.assertExit(r, 1)
        doc = validate_sarif(self, r.stdout)
        run_ = doc["runs"][0]
        uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for res in run_["results"]}
        self.assertIn("plain/creds", uris)
        self.assertIn("we%20ird/caf%C3%A9%20%2541%3Ax.txt", uris)
        self.assertIn("bad%FF%0A%1B%5B31mname", uris)
        self.assertTrue(any(u.startswith("commit%3A") for u in uris), uris)
        vcp = run_["versionControlProvenance"][0]
        self.assertEqual(vcp["revisionId"], repo.git("rev-parse", "HEAD"))
        self.assertEqual(vcp["branch"], "refs/heads/main")
        self.assertTrue(vcp["repositoryUri"].startswith("file:///"))
        commits = {res["properties"]["commit"] for res in run_["results"]}
        self.assertIn(first, commits)
        self.assertTrue(all(res["properties"]["author"] == "Test Author"
                            for res in run_["results"]))

    def test_staged_and_clean_runs_validate(self):
        repo = GitRepo(self.path("repo"))
        repo.write("README", "hello\n")
        repo.commit("initial")
        clean = run("staged", "--repo", repo.path, "--format", "sarif")
        self.assertExit(clean, 0)
        self.assertEqual(validate_sarif(self, clean.stdout)["runs"][0]["results"], [])
        repo.write("creds", credentials_file())
        repo.git("add", "creds")
        dirty = run("staged", "--repo", repo.path, "--format", "sarif")
        self.assertExit(dirty, 1)
        self.assertEqual(len(validate_sarif(self, dirty.stdout)["runs"][0]["results"]), 2)

    def test_a_broken_schema_check_would_fail(self):
        # The validator is real: a SARIF document with a wrong version does not pass.
        self.write("creds", credentials_file())
        doc = json.loads(run("scan", "--format", "sarif", self.path("creds")).stdout)
        doc["version"] = "2.0.0"
        self.assertTrue(list(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(doc)))


class JsonlTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.write("a/creds", credentials_file())
        self.write("b/more", f"key = {KEY_ID}\n")

    def test_lines_equal_the_json_report_and_the_summary_is_last(self):
        as_json = run("scan", "--format", "json", self.path("a"), self.path("b")).json()
        r = run("scan", "--format", "jsonl", self.path("a"), self.path("b"))
        self.assertExit(r, 1)
        lines = jsonl_lines(r.stdout)
        self.assertEqual(lines[:-1], as_json["findings"])
        self.assertEqual(set(lines[-1]), {"tool", "summary"})
        as_json["summary"].pop("elapsed_ms")
        lines[-1]["summary"].pop("elapsed_ms")
        self.assertEqual(lines[-1]["summary"], as_json["summary"])

    def test_concatenated_runs_feed_the_playbook_and_verify_commands(self):
        out_a, out_b = self.path("a.jsonl"), self.path("b.jsonl")
        self.assertExit(run("scan", "--format", "jsonl", "-o", out_a, self.path("a")), 1)
        self.assertExit(run("scan", "--format", "jsonl", "-o", out_b, self.path("b")), 1)
        combined = self.path("all.jsonl")
        with open(combined, "w") as f:
            for part in (out_a, out_b):
                with open(part) as p:
                    f.write(p.read())
        self.assertEqual(sum(1 for line in open(combined) if '"summary"' in line), 2)
        r = run("playbook", "--from", combined, "--format", "text", "--lang", "en")
        self.assertExit(r, 0)
        self.assertIn(KEY_ID, r.stdout)
        broken = self.path("broken.jsonl")
        with open(broken, "w") as f:
            f.write(open(out_a).read() + "{not json\n")
        bad = run("playbook", "--from", broken)
        self.assertExit(bad, 2)
        self.assertIn("line", bad.stderr)


class NextStepsTest(TempDirTest):
    def test_text_report_ends_with_next_steps_naming_the_playbook(self):
        self.write("creds", credentials_file())
        r = run("scan", self.path("creds"))
        self.assertExit(r, 1)
        last = r.stdout.rstrip("\n").splitlines()[-1]
        self.assertTrue(last.startswith("Next steps:"), r.stdout)
        self.assertIn("keysweep playbook aws-access-key", last)
        self.assertIn("keysweep playbook --from report.json", last)

    def test_clean_text_report_has_no_next_steps(self):
        self.write("clean", "nothing here\n")
        r = run("scan", self.path("clean"))
        self.assertExit(r, 0)
        self.assertNotIn("Next steps", r.stdout + r.stderr)

    def test_machine_formats_keep_stdout_clean_and_say_it_on_stderr(self):
        self.write("creds", credentials_file())
        r = run("scan", "--format", "json", self.path("creds"))
        json.loads(r.stdout)
        self.assertIn("next steps", r.stderr.lower())
        self.assertTrue(r.stderr.rstrip("\n").splitlines()[-1].startswith("keysweep: scanned"))


if __name__ == "__main__":
    unittest.main()
