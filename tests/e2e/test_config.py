"""End-to-end tests for `.keysweep.yaml` and inline ignore markers."""
import os
import unittest

from kstest import KEY_ID, KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest, credentials_file, run

MARKERS = ["keysweep:allow", "gitleaks:allow", "pragma: allowlist secret", "trufflehog:ignore",
           "kingfisher:ignore"]

RULE = """rules:
  - id: test-token
    name: Test token
    description: A test token.
    pattern: 'tok_([a-z0-9]{12})'
    secret_group: 1
    severity: low
    playbook: generic
    references: [https://example.com]
    examples: ['tok_abcdef123456']
    negative_examples: ['tok_x']
"""


def found(result):
    """(path, rule) of every finding, sorted."""
    return sorted((f["path"], f["rule"]) for f in result.json()["findings"])


class ConfigTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))

    def config(self, text):
        self.repo.write(".keysweep.yaml", text)

    def scan(self, *args, cwd=None):
        return run("scan", ".", "--format", "json", *args, cwd=cwd or self.repo.path)

    def test_allowlisted_paths_are_globs_relative_to_the_root(self):
        self.repo.write("tests/fixtures/a.env", credentials_file())
        self.repo.write("docs/deep/guide.md", f"id: {KEY_ID_2}\n")
        self.repo.write("src/app.env", credentials_file(KEY_ID_2, SECRET_2))
        self.config("allowlist:\n  paths: ['tests/fixtures/**', '*.md']\n")
        r = self.scan()
        self.assertExit(r, 1)
        self.assertEqual({p for p, _ in found(r)}, {"./src/app.env"})
        # The same from a subdirectory and from outside the tree: paths are root-relative.
        r = run("scan", "..", "--format", "json", cwd=self.repo.write("src/x", "") and
                os.path.join(self.repo.path, "src"))
        self.assertEqual({p for p, _ in found(r)}, {"../src/app.env"})
        r = run("scan", self.repo.path, "--format", "json", cwd=self.tmp)
        self.assertEqual({os.path.basename(p) for p, _ in found(r)}, {"app.env"})
        self.assertEqual(len(found(self.scan("--no-config"))), 5)

    def test_allowlisted_regexes_match_the_secret(self):
        self.repo.write("creds", credentials_file())
        self.config(f"allowlist:\n  regexes: ['^{SECRET[:6]}']\n")
        r = self.scan()
        self.assertEqual(found(r), [("./creds", "aws-access-key-id")])
        self.config("allowlist:\n  regexes: ['(unclosed']\n")
        r = self.scan()
        self.assertExit(r, 2)
        self.assertIn(".keysweep.yaml:2: allowlist regex '(unclosed'", r.stderr)

    def test_stopwords_drop_secrets_containing_them_whatever_the_case(self):
        self.repo.write("creds", credentials_file())
        self.config(f"allowlist:\n  stopwords: ['{SECRET[8:14].swapcase()}']\n")
        self.assertEqual(found(self.scan()), [("./creds", "aws-access-key-id")])

    def test_disabled_rules_are_not_reported_and_unknown_ids_are_errors(self):
        self.repo.write("creds", credentials_file())
        self.config("disabled_rules: [aws-access-key-id]\n")
        r = self.scan()
        self.assertEqual(found(r), [("./creds", "aws-secret-access-key")])
        # The disabled rule still pairs the secret with its key ID.
        self.assertEqual(r.json()["findings"][0]["key_id"], KEY_ID)
        self.config("# rules\ndisabled_rules:\n  - aws-acess-key-id\n")
        r = self.scan()
        self.assertExit(r, 2)
        self.assertIn(".keysweep.yaml:3: disabled_rules: no rule 'aws-acess-key-id'", r.stderr)

    def test_extra_rules_are_loaded_relative_to_the_config_file(self):
        self.repo.write("ci/rules/token.yaml", RULE)
        self.repo.write("app.txt", "t = tok_abcdef123456\n")
        scan_app = ["scan", "app.txt", "--format", "json"]
        self.config("extra_rules: [ci/rules]\n")
        self.assertEqual(found(run(*scan_app, cwd=self.repo.path)), [("app.txt", "test-token")])
        self.config("extra_rules: [ci/rules/token.yaml]\n")
        self.assertEqual(found(run(*scan_app, cwd=self.repo.path)), [("app.txt", "test-token")])
        self.assertEqual(found(run(*scan_app, "--no-config", cwd=self.repo.path)), [])

    def test_a_repositorys_config_may_not_read_outside_it(self):
        outside = self.write("outside/token.yaml", RULE)
        self.repo.write("app.txt", "t = tok_abcdef123456\n")
        for entry in [outside, "../outside/token.yaml"]:
            self.config(f"extra_rules: ['{entry}']\n")
            r = self.scan()
            self.assertExit(r, 2)
            self.assertIn(".keysweep.yaml:1: extra_rules:", r.stderr)
        os.symlink(outside, os.path.join(self.repo.path, "link.yaml"))
        self.config("extra_rules: [link.yaml]\n")
        r = self.scan()
        self.assertExit(r, 2)
        self.assertIn("is outside", r.stderr)
        # A file given with --config is the user's own: it may name anything.
        own = self.write("own.yaml", f"extra_rules: ['{outside}']\n")
        r = self.scan("--config", own)
        self.assertEqual(found(r), [("./app.txt", "test-token")])

    def test_max_file_size_and_the_command_line_overriding_it(self):
        self.repo.write("creds", credentials_file())
        self.config("max_file_size: 30\n")
        r = self.scan("--allow-skipped")
        self.assertExit(r, 0)
        self.assertEqual(found(r), [])
        self.assertEqual(r.json()["summary"]["skipped"], 1)
        r = self.scan("--max-file-size", "1000")
        self.assertEqual(len(found(r)), 2)

    def test_fail_on_severity(self):
        self.repo.write("ids", f"id = {KEY_ID}\n")  # a key ID alone is high
        self.config("fail_on_severity: [critical]\n")
        r = self.scan()
        self.assertExit(r, 0)  # still reported, but does not fail
        self.assertEqual(found(r), [("./ids", "aws-access-key-id")])
        self.assertExit(self.scan("--fail-on-severity", "high,critical"), 1)
        self.repo.write("creds", credentials_file())
        self.assertExit(self.scan(), 1)  # the secret is critical
        self.config("fail_on_severity: [severe]\n")
        r = self.scan()
        self.assertExit(r, 2)
        self.assertIn(".keysweep.yaml:1: unknown severity 'severe'", r.stderr)

    def test_unknown_keys_and_bad_yaml_are_errors_naming_file_and_line(self):
        self.repo.write("creds", credentials_file())
        self.config("allowlist:\n  paths: [a]\nmax_file_size: 100\ndisable_rules: [x]\n")
        r = self.scan()
        self.assertExit(r, 2)
        self.assertIn(".keysweep.yaml:4: unknown configuration key 'disable_rules'", r.stderr)
        self.assertEqual(r.stdout, "")
        self.config("allowlist: [\n")
        r = self.scan()
        self.assertExit(r, 2)
        self.assertIn("invalid YAML", r.stderr)

    def test_config_flag_no_config_and_verbose(self):
        self.repo.write("creds", credentials_file())
        self.config("disabled_rules: [aws-access-key-id, aws-secret-access-key]\n")
        r = self.scan("-v")
        self.assertExit(r, 0)
        self.assertIn("keysweep: configuration: ", r.stderr)
        self.assertIn("suppressed 2 findings: 2 of disabled rules", r.stderr)
        self.assertExit(self.scan("--no-config"), 1)
        other = self.write("other.yaml", "max_file_size: 80\n")
        r = self.scan("--config", other)
        self.assertExit(r, 2)  # other.yaml replaces .keysweep.yaml: nothing disabled, creds skipped
        self.assertEqual(r.json()["summary"]["skipped"], 1)  # and a skipped file fails the run
        self.assertExit(self.scan("--config", other, "--allow-skipped"), 0)
        self.assertExit(self.scan("--config", other, "--no-config"), 2)
        self.assertExit(self.scan("--config", self.path("missing.yaml")), 2)

    def test_history_and_staged_read_the_working_tree_config(self):
        self.repo.write("fixtures/creds", credentials_file())
        self.repo.commit("fixtures")
        self.config("allowlist:\n  paths: [fixtures]\n")
        sub = os.path.join(self.repo.path, "fixtures")
        r = run("history", "--repo", sub, "--format", "json")
        self.assertExit(r, 0)
        self.repo.write("fixtures/more", credentials_file(KEY_ID_2, SECRET_2))
        self.repo.git("add", "fixtures/more")
        self.assertExit(run("staged", "--repo", self.repo.path), 0)
        self.assertExit(run("staged", "--repo", self.repo.path, "--no-config"), 1)

    def test_a_bare_repository_has_no_config_of_its_own(self):
        self.repo.write("creds", credentials_file())
        self.config("disabled_rules: [aws-access-key-id, aws-secret-access-key]\n")
        self.repo.commit("all")
        bare = self.path("bare.git")
        self.repo.git("clone", "-q", "--bare", self.repo.path, bare)
        with open(os.path.join(bare, ".keysweep.yaml"), "w") as f:
            f.write("disabled_rules: [aws-access-key-id, aws-secret-access-key]\n")
        self.assertExit(run("history", "--repo", bare), 1)
        own = self.write("own.yaml", "disabled_rules: [aws-access-key-id, aws-secret-access-key]\n")
        self.assertExit(run("history", "--repo", bare, "--config", own), 0)


class InlineIgnoreTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))

    def marked(self, marker):
        return f"# ok\nkey = '{KEY_ID}'  # {marker}\nother = '{KEY_ID_2}'\n"

    def test_each_marker_in_scan(self):
        for marker in MARKERS:
            with self.subTest(marker=marker):
                p = self.write(f"{len(marker)}.py", self.marked(marker))
                r = run("scan", p, "--format", "json", "-v")
                self.assertExit(r, 1)
                self.assertEqual([f["key_id"] for f in r.json()["findings"]], [KEY_ID_2])
                self.assertIn("suppressed 1 finding: 1 by inline markers", r.stderr)

    def test_a_marker_on_another_line_or_in_another_case_does_not_count(self):
        p = self.write("a.py", f"# keysweep:allow\nkey = '{KEY_ID}'\nb = '{KEY_ID_2}' # GITLEAKS:ALLOW\n")
        r = run("scan", p, "--format", "json")
        self.assertEqual(len(r.json()["findings"]), 2)

    def test_each_marker_in_history(self):
        for marker in MARKERS:
            self.repo.write(f"{len(marker)}.py", self.marked(marker))
        self.repo.commit("marked")
        r = run("history", "--repo", self.repo.path, "--format", "json", "-v")
        self.assertExit(r, 1)
        self.assertEqual({f["key_id"] for f in r.json()["findings"]}, {KEY_ID_2})
        self.assertNotIn(KEY_ID, r.stdout)
        self.assertIn("by inline markers", r.stderr)

    def test_each_marker_in_staged(self):
        for marker in MARKERS:
            with self.subTest(marker=marker):
                self.repo.write("app.py", f"key = '{KEY_ID}'  # {marker}\n")
                self.repo.git("add", "app.py")
                self.assertExit(run("staged", "--repo", self.repo.path), 0)
        self.repo.write("app.py", f"key = '{KEY_ID}'\n")
        self.repo.git("add", "app.py")
        self.assertExit(run("staged", "--repo", self.repo.path), 1)


if __name__ == "__main__":
    unittest.main()
