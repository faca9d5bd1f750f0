"""End-to-end tests for `keysweep baseline`, `--baseline` and `.gitleaksignore`."""
import json
import os
import stat
import unittest

from kstest import KEY_ID, KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest, credentials_file, run

FILLER = "".join(f"line {i}\n" for i in range(1, 6))


def key_ids(result):
    return sorted(f["key_id"] for f in result.json()["findings"])


class BaselineTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.baseline = self.path("baseline.json")

    def create(self, *args, cwd=None):
        r = run("baseline", "create", *args, "-o", self.baseline, cwd=cwd or self.repo.path)
        self.assertExit(r, 0)
        return r

    def read_baseline(self):
        with open(self.baseline, "rb") as f:
            return f.read()

    def scan(self, *args):
        return run("scan", ".", "--format", "json", "--baseline", self.baseline, *args,
                   cwd=self.repo.path)

    def test_create_then_scan_suppresses_known_keys_and_a_new_key_still_fails(self):
        self.repo.write("config/creds", credentials_file())
        r = self.create()
        self.assertIn("wrote 2 entries", r.stderr)
        r = self.scan("-v")
        self.assertExit(r, 0)
        self.assertEqual(r.json()["findings"], [])
        self.assertIn("suppressed 2 findings: 2 by the baseline", r.stderr)
        self.repo.write("new.env", f"AWS_ACCESS_KEY_ID={KEY_ID_2}\n")
        r = self.scan()
        self.assertExit(r, 1)
        self.assertEqual(key_ids(r), [KEY_ID_2])
        self.assertExit(run("scan", ".", cwd=self.repo.path), 1)  # without it, all are back

    def test_file_is_private_sorted_and_has_no_lines_or_times(self):
        self.repo.write("b/creds", credentials_file())
        self.repo.write("a/ids.txt", f"{KEY_ID_2}\n{KEY_ID_2}\n")
        self.create()
        self.assertEqual(stat.S_IMODE(os.stat(self.baseline).st_mode), 0o600)
        doc = json.loads(self.read_baseline())
        self.assertEqual(doc["keysweep_baseline"], 1)
        entries = doc["entries"]
        self.assertEqual([(e["path"], e["rule"]) for e in entries],
                         [("a/ids.txt", "aws-access-key-id"), ("b/creds", "aws-access-key-id"),
                          ("b/creds", "aws-secret-access-key")])
        for e in entries:
            self.assertEqual(sorted(e), ["commit", "fingerprint", "path", "rule"])
            self.assertIsNone(e["commit"])
        report = run("scan", ".", "--format", "json", cwd=self.repo.path).json()
        self.assertEqual({e["fingerprint"] for e in entries},
                         {f["fingerprint"] for f in report["findings"]})
        self.assertNotIn(SECRET, self.read_baseline().decode())
        # An existing file with a looser mode is made private too.
        os.chmod(self.baseline, 0o644)
        self.create()
        self.assertEqual(stat.S_IMODE(os.stat(self.baseline).st_mode), 0o600)

    def test_editing_code_does_not_change_the_baseline(self):
        self.repo.write("app/settings.py", FILLER + credentials_file() + FILLER)
        self.create()
        before = self.read_baseline()
        self.repo.write("app/settings.py", "import os\n" * 40 + credentials_file() + "# end\n")
        self.repo.write("app/other.py", "print('hello')\n")
        self.create()
        self.assertEqual(self.read_baseline(), before)
        # Nor does where it is run from.
        r = run("baseline", "create", self.repo.path, "-o", self.baseline, cwd=self.tmp)
        self.assertExit(r, 0)
        self.assertEqual(self.read_baseline(), before)

    def test_history_baseline_is_honoured_by_history_and_staged(self):
        self.repo.write("creds", credentials_file())
        commit = self.repo.commit("add creds")
        self.repo.write("creds", "removed\n")
        self.repo.commit("remove creds")
        r = run("baseline", "create", "history", "--repo", self.repo.path, "-o", self.baseline)
        self.assertExit(r, 0)
        entries = json.loads(self.read_baseline())["entries"]
        self.assertEqual({e["commit"] for e in entries}, {commit})
        self.assertEqual({e["path"] for e in entries}, {"creds"})
        self.assertExit(run("history", "--repo", self.repo.path, "--baseline", self.baseline), 0)
        self.assertExit(run("history", "--repo", self.repo.path), 1)
        # The same key staged again elsewhere is known; a new one is not.
        self.repo.write("again.env", credentials_file())
        self.repo.git("add", "again.env")
        self.assertExit(run("staged", "--repo", self.repo.path, "--baseline", self.baseline), 0)
        self.assertExit(run("staged", "--repo", self.repo.path), 1)
        self.repo.write("new.env", f"id = {KEY_ID_2}\n")
        self.repo.git("add", "new.env")
        r = run("staged", "--repo", self.repo.path, "--baseline", self.baseline, "--format", "json")
        self.assertExit(r, 1)
        self.assertEqual(key_ids(r), [KEY_ID_2])

    def test_baseline_named_in_the_config(self):
        self.repo.write("creds", credentials_file())
        r = run("baseline", "create", "-o", ".keysweep-baseline.json", cwd=self.repo.path)
        self.assertExit(r, 0)
        self.repo.write(".keysweep.yaml", "baseline: .keysweep-baseline.json\n")
        self.assertExit(run("scan", ".", cwd=self.repo.path), 0)
        self.repo.commit("all")
        self.assertExit(run("history", "--repo", self.repo.path), 0)
        self.assertExit(run("scan", ".", "--no-config", cwd=self.repo.path), 1)
        # Re-creating ignores the configured baseline: it lists everything found.
        r = run("baseline", "create", "-o", ".keysweep-baseline.json", cwd=self.repo.path)
        self.assertIn("wrote 2 entries", r.stderr)
        self.repo.write(".keysweep.yaml", "baseline: missing.json\n")
        r = run("scan", ".", cwd=self.repo.path)
        self.assertExit(r, 2)
        self.assertIn("missing.json", r.stderr)

    def test_prune_drops_entries_no_longer_found(self):
        self.repo.write("a.env", credentials_file())
        self.repo.write("b.env", f"id = {KEY_ID_2}\n")
        self.create()
        self.assertEqual(len(json.loads(self.read_baseline())["entries"]), 3)
        os.remove(os.path.join(self.repo.path, "b.env"))
        os.chmod(self.baseline, 0o644)
        r = run("baseline", "prune", "--baseline", self.baseline, cwd=self.repo.path)
        self.assertExit(r, 0)
        self.assertIn("dropped 1 of 3 entries", r.stderr)
        entries = json.loads(self.read_baseline())["entries"]
        self.assertEqual([e["rule"] for e in entries],
                         ["aws-access-key-id", "aws-secret-access-key"])
        self.assertEqual(stat.S_IMODE(os.stat(self.baseline).st_mode), 0o600)
        pruned = self.read_baseline()
        self.create()
        self.assertEqual(self.read_baseline(), pruned)  # still sorted as create writes it
        r = run("baseline", "prune", cwd=self.repo.path)
        self.assertExit(r, 2)
        self.assertIn("--baseline", r.stderr)

    def test_prune_of_a_history_baseline(self):
        self.repo.write("a.env", credentials_file())
        self.repo.commit("a")
        run("baseline", "create", "history", "--repo", self.repo.path, "-o", self.baseline)
        doc = json.loads(self.read_baseline())
        doc["entries"].append({"fingerprint": "f" * 64, "rule": "aws-access-key-id",
                               "path": "gone.env", "commit": None})
        with open(self.baseline, "w") as f:
            json.dump(doc, f)
        r = run("baseline", "prune", "--baseline", self.baseline, "history", "--repo",
                self.repo.path)
        self.assertExit(r, 0)
        self.assertIn("dropped 1 of 3 entries", r.stderr)

    def test_damaged_or_missing_baseline_is_an_error(self):
        self.repo.write("creds", credentials_file())
        with open(self.baseline, "w") as f:
            f.write('{"keysweep_baseline": 1, "entries": [{"fingerprint": "x"')
        for args in [["scan", "."], ["history", "--repo", "."], ["staged", "--repo", "."]]:
            with self.subTest(args=args):
                r = run(*args, "--baseline", self.baseline, cwd=self.repo.path)
                self.assertExit(r, 2)
                self.assertIn(f"{self.baseline}: not a keysweep baseline", r.stderr)
        r = run("scan", ".", "--baseline", self.path("missing.json"), cwd=self.repo.path)
        self.assertExit(r, 2)
        self.assertIn("missing.json", r.stderr)
        r = run("baseline", "create", cwd=self.repo.path)
        self.assertExit(r, 2)
        self.assertIn("-o FILE", r.stderr)


class GitleaksIgnoreTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.repo.write("creds", credentials_file())  # key ID on line 2, secret on line 3

    def ignore(self, text):
        self.repo.write(".gitleaksignore", text)

    def rules(self, result):
        return sorted(f["rule"] for f in result.json()["findings"])

    def test_path_rule_line_matches_any_rule_at_that_place(self):
        self.ignore("# from gitleaks\n\ncreds:aws-access-token:2\n")
        r = run("scan", ".", "--format", "json", cwd=self.repo.path)
        self.assertExit(r, 1)
        self.assertEqual(self.rules(r), ["aws-secret-access-key"])
        self.ignore("creds:aws-access-token:2\ncreds:generic-api-key:3\n")
        r = run("scan", ".", "--format", "json", "-v", cwd=self.repo.path)
        self.assertExit(r, 0)
        self.assertIn("2 by .gitleaksignore", r.stderr)
        self.assertExit(run("scan", ".", "--no-config", cwd=self.repo.path), 1)

    def test_commit_form_matches_only_that_commit(self):
        commit = self.repo.commit("creds")
        history = ["history", "--repo", self.repo.path, "--format", "json"]
        for entry in [f"{commit}:creds:aws-access-token:2", f"{commit[:7]}:creds:x:2"]:
            with self.subTest(entry=entry):
                self.ignore(entry + "\n")
                self.assertEqual(self.rules(run(*history)), ["aws-secret-access-key"])
        self.ignore(f"{'0' * 40}:creds:aws-access-token:2\n")
        self.assertEqual(len(self.rules(run(*history))), 2)
        # A file scan has no commit: the commit form does not apply to it.
        self.ignore(f"{commit}:creds:aws-access-token:2\n")
        self.assertEqual(len(self.rules(run("scan", ".", "--format", "json",
                                            cwd=self.repo.path))), 2)

    def test_lines_that_are_not_fingerprints_are_noticed_and_skipped(self):
        self.ignore("creds:aws-access-token:2\nnonsense\n")
        r = run("scan", ".", "--format", "json", cwd=self.repo.path)
        self.assertExit(r, 1)
        self.assertIn(".gitleaksignore:2: not a gitleaks fingerprint", r.stderr)
        self.assertEqual(self.rules(r), ["aws-secret-access-key"])


if __name__ == "__main__":
    unittest.main()
