"""End-to-end tests: a range scan reads the repository's settings as committed at the range's
base, and reports a change to them inside the range as `config-changed` (issue #27, item 7)."""
import json
import os
import unittest

from kstest import KEY_ID, KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest, credentials_file, run
from test_config import RULE as CONFIG_RULE, found

# test_config's rule at high severity, so that it fails a run on its own.
RULE = CONFIG_RULE.replace("severity: low", "severity: high")


def changes(result):
    """The config-changed findings, by path."""
    return {f["path"]: f for f in result.json()["findings"] if f["rule"] == "config-changed"}


class RangeConfigTest(TempDirTest):
    """main: one harmless commit (plus what a test commits there); pr: what a test adds, checked
    out, so that the working tree holds the pull request's files as a CI checkout does."""

    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.repo.write("README", "hello\n")

    def on_main(self, files):
        for rel, text in files.items():
            self.repo.write(rel, text)
        return self.repo.commit("main")

    def pull_request(self, files):
        """Branch pr off main, commit `files` in one commit (the key included), check it out."""
        self.repo.commit("base")
        self.repo.git("checkout", "-q", "-b", "pr")
        self.repo.write("creds.env", credentials_file())
        for rel, text in files.items():
            self.repo.write(rel, text)
        return self.repo.commit("pull request")

    def history(self, *args, rng="main..pr"):
        return run("history", "--repo", self.repo.path, rng, "--format", "json", *args)

    def assertKeyAndChanges(self, r, commit, changed):
        self.assertExit(r, 1)
        self.assertIn(("creds.env", "aws-access-key-id"), found(r))
        self.assertIn(("creds.env", "aws-secret-access-key"), found(r))
        got = changes(r)
        self.assertEqual(sorted(got), sorted(changed), repr(r))
        for f in got.values():
            self.assertEqual(f["commit"], commit)
            self.assertEqual(f["severity"], "low")
            self.assertEqual(f["secret"], "")
            self.assertEqual(f["author"], "Test Author")
            self.assertEqual(len(f["fingerprint"]), 64)

    def test_an_allowlist_added_in_the_range_does_not_apply(self):
        commit = self.pull_request({".keysweep.yaml": "allowlist:\n  paths: ['**']\n"})
        self.assertKeyAndChanges(self.history(), commit, [".keysweep.yaml"])
        # The same checkout scanned whole (no range) reads the working tree's file, as before.
        self.assertExit(run("history", "--repo", self.repo.path), 0)

    def test_rules_disabled_in_the_range_stay_on(self):
        commit = self.pull_request({
            ".keysweep.yaml": "disabled_rules: [aws-access-key-id, aws-secret-access-key]\n"
                              "fail_on_severity: [info]\nmax_file_size: 1\n"})
        self.assertKeyAndChanges(self.history(), commit, [".keysweep.yaml"])

    def test_a_baseline_named_in_the_range_is_not_read(self):
        self.pull_request({})
        baseline = self.path("bl.json")
        self.assertExit(run("baseline", "create", "history", "--repo", self.repo.path,
                            "main..pr", "-o", baseline), 0)
        with open(baseline) as f:
            text = f.read()
        self.assertEqual(len(json.loads(text)["entries"]), 2)
        self.assertNotIn("config-changed", text)  # never recorded: it cannot be accepted
        self.repo.write(".keysweep-baseline.json", text)
        self.repo.write(".keysweep.yaml", "baseline: .keysweep-baseline.json\n")
        commit = self.repo.commit("accept my key")
        r = self.history()
        self.assertExit(r, 1)
        self.assertIn(("creds.env", "aws-access-key-id"), found(r))
        self.assertEqual(sorted(changes(r)), [".keysweep.yaml"])
        self.assertEqual(changes(r)[".keysweep.yaml"]["commit"], commit)

    def test_the_base_baseline_applies_and_a_change_to_it_is_reported(self):
        self.on_main({".keysweep.yaml": "baseline: ci/baseline.json\n",
                      "ci/baseline.json": '{"keysweep_baseline": 1, "entries": []}\n'})
        self.pull_request({})
        bl = self.path("bl.json")
        run("baseline", "create", "history", "--repo", self.repo.path, "main..pr", "-o", bl)
        with open(bl) as f:
            self.repo.write("ci/baseline.json", f.read())
        commit = self.repo.commit("accept my key")
        r = self.history("-v")
        self.assertIn("baseline: main:ci/baseline.json (0 entries)", r.stderr)
        self.assertIn(("creds.env", "aws-access-key-id"), found(r))
        self.assertEqual(sorted(changes(r)), ["ci/baseline.json"])
        self.assertEqual(changes(r)["ci/baseline.json"]["commit"], commit)
        # Once merged, the accepted key is the base's: a later range does not report it.
        self.repo.git("checkout", "-q", "main")
        self.repo.git("merge", "-q", "--ff-only", "pr")
        self.repo.git("checkout", "-q", "-b", "pr2")
        self.repo.write("again.env", credentials_file())
        self.repo.commit("the accepted key again")
        r = self.history(rng="main..pr2")
        self.assertExit(r, 0)
        self.assertEqual(found(r), [])

    def test_a_gitleaksignore_line_added_in_the_range_does_not_apply(self):
        commit = self.pull_request({".gitleaksignore": "creds.env:aws-access-token:2\n"
                                                       "creds.env:generic:3\n"})
        self.assertKeyAndChanges(self.history(), commit, [".gitleaksignore"])
        # Committed on main instead, it applies.
        self.repo.git("checkout", "-q", "main")
        self.on_main({".gitleaksignore": "creds.env:aws-access-token:2\ncreds.env:generic:3\n"})
        self.repo.git("rebase", "-q", "main", "pr")
        r = self.history()
        self.assertExit(r, 0)
        self.assertEqual(found(r), [])

    def test_extra_rules_added_in_the_range_are_not_loaded(self):
        commit = self.pull_request({
            ".keysweep.yaml": "extra_rules: [ci/rules]\n", "ci/rules/all.yaml": RULE,
            "token.txt": "tok_abcdef123456\n"})
        r = self.history("-v")
        self.assertKeyAndChanges(r, commit, [".keysweep.yaml"])
        self.assertNotIn(("token.txt", "test-token"), found(r))
        self.assertIn("rules database: embedded", r.stderr)

    def test_the_base_configuration_applies(self):
        self.on_main({".keysweep.yaml": "allowlist:\n  paths: ['fixtures/**']\n"
                                        "extra_rules: [ci/rules]\n",
                      "ci/rules/test.yaml": RULE})
        self.pull_request({"fixtures/a.env": credentials_file(KEY_ID_2, SECRET_2),
                           "token.txt": "tok_abcdef123456\n"})
        self.repo.write(".keysweep.yaml", "allowlist:\n  paths: ['**']\n")  # not committed
        r = self.history("-v")
        self.assertExit(r, 1)
        self.assertIn("configuration: main:.keysweep.yaml", r.stderr)
        self.assertEqual(found(r), [("creds.env", "aws-access-key-id"),
                                    ("creds.env", "aws-secret-access-key"),
                                    ("token.txt", "test-token")])

    def test_a_change_to_a_base_rule_file_is_reported(self):
        self.on_main({".keysweep.yaml": "extra_rules: [ci/rules]\n", "ci/rules/test.yaml": RULE})
        commit = self.pull_request({"ci/rules/test.yaml": RULE.replace("{12}", "{40}"),
                                    "ci/rules/more.yaml": RULE.replace("test-token", "t2")})
        r = self.history()
        self.assertKeyAndChanges(r, commit, ["ci/rules/more.yaml", "ci/rules/test.yaml"])

    def test_no_base_configuration_means_the_defaults(self):
        self.pull_request({})
        self.repo.write(".keysweep.yaml", "allowlist:\n  paths: ['**']\n")  # never committed
        r = self.history("-v")
        self.assertExit(r, 1)
        self.assertIn("configuration: none at main", r.stderr)
        self.assertEqual(changes(r), {})

    def test_no_config_reads_nothing_and_reports_no_change(self):
        self.on_main({".keysweep.yaml": "allowlist:\n  paths: ['creds.env']\n"})
        self.pull_request({".keysweep.yaml": "allowlist:\n  paths: ['**']\n"})
        r = self.history()  # the base's allowlist covers creds.env
        self.assertExit(r, 1)
        self.assertEqual(found(r), [(".keysweep.yaml", "config-changed")])
        r = self.history("--no-config")
        self.assertExit(r, 1)
        self.assertEqual(len(found(r)), 2)
        self.assertEqual(changes(r), {})

    def test_a_given_config_file_wins(self):
        self.on_main({".keysweep.yaml": "allowlist:\n  paths: ['nothing']\n"})
        commit = self.pull_request({".keysweep.yaml": "allowlist:\n  paths: ['**']\n",
                                    ".gitleaksignore": "x:y:1\n"})
        own = self.write("own.yaml", "allowlist:\n  paths: ['creds.env']\n")
        r = self.history("--config", own)
        self.assertExit(r, 1)  # only the change to .gitleaksignore, which the run reads
        self.assertEqual(found(r), [(".gitleaksignore", "config-changed")])
        self.assertEqual(changes(r)[".gitleaksignore"]["commit"], commit)

    def test_a_bare_repository_reads_the_base(self):
        self.on_main({".keysweep.yaml": "allowlist:\n  paths: ['fixtures/**']\n"})
        self.pull_request({"fixtures/a.env": credentials_file(KEY_ID_2, SECRET_2),
                           ".keysweep.yaml": "allowlist:\n  paths: ['**']\n"})
        bare = self.path("bare.git")
        GitRepo(self.tmp).git("clone", "-q", "--bare", "--no-local", self.repo.path, bare)
        r = run("history", "--repo", bare, "main..pr", "--format", "json")
        self.assertExit(r, 1)
        self.assertEqual(found(r), [(".keysweep.yaml", "config-changed"),
                                    ("creds.env", "aws-access-key-id"),
                                    ("creds.env", "aws-secret-access-key")])

    def test_only_the_oldest_change_of_a_file_is_reported(self):
        first = self.pull_request({".keysweep.yaml": "allowlist:\n  stopwords: [a]\n"})
        self.repo.write(".keysweep.yaml", "allowlist:\n  paths: ['**']\n")
        self.repo.commit("second change")
        r = self.history()
        self.assertEqual(list(changes(r)), [".keysweep.yaml"])
        self.assertEqual(changes(r)[".keysweep.yaml"]["commit"], first)

    def test_since_reads_the_base_too(self):
        commit = self.pull_request({".keysweep.yaml": "allowlist:\n  paths: ['**']\n"})
        r = run("history", "--repo", self.repo.path, "--since", "main", "--format", "json")
        self.assertKeyAndChanges(r, commit, [".keysweep.yaml"])

    def test_reports_in_every_format(self):
        self.pull_request({".keysweep.yaml": "allowlist:\n  paths: ['**']\n"})
        text = run("history", "--repo", self.repo.path, "main..pr")
        self.assertExit(text, 1)
        self.assertIn(".keysweep.yaml:0:0: low config-changed changed in the scanned range",
                      text.stdout)
        sarif = run("history", "--repo", self.repo.path, "main..pr", "--format", "sarif")
        doc = json.loads(sarif.stdout)
        rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
        self.assertIn("review it", rules["config-changed"]["fullDescription"]["text"])
        result = [x for x in doc["runs"][0]["results"] if x["ruleId"] == "config-changed"][0]
        self.assertEqual(result["level"], "note")
        self.assertIn("read it as committed at the range's base", result["message"]["text"])
        jsonl = run("history", "--repo", self.repo.path, "main..pr", "--format", "jsonl")
        self.assertIn('"rule":"config-changed"', jsonl.stdout.replace(" ", ""))
        # A playbook is for credentials: the change is no incident to respond to.
        report = self.write("report.json", self.history().stdout)
        play = run("playbook", "--from", report)
        self.assertExit(play, 0)
        self.assertIn("Leaked credentials to respond to: 1,", play.stdout)

    def test_the_change_fails_the_run_unless_its_severity_is_left_out(self):
        self.repo.write("creds.env", "nothing\n")
        self.repo.commit("base")
        self.repo.git("checkout", "-q", "-b", "pr")
        self.repo.write(".keysweep.yaml", "allowlist:\n  paths: ['**']\n")
        self.repo.commit("config only")
        self.assertExit(self.history(), 1)
        r = self.history("--fail-on-severity", "critical,high,medium")
        self.assertExit(r, 0)
        self.assertEqual(list(changes(r)), [".keysweep.yaml"])

    def test_a_bad_base_configuration_is_an_error_naming_it(self):
        self.on_main({".keysweep.yaml": "allowlist: [1]\n"})
        self.pull_request({".keysweep.yaml": ""})
        r = self.history()
        self.assertExit(r, 2)
        self.assertIn("main:.keysweep.yaml:1:", r.stderr)

    def test_a_base_configuration_may_not_name_paths_out_of_the_tree(self):
        self.on_main({".keysweep.yaml": "extra_rules: [../rules]\n"})
        self.pull_request({})
        r = self.history()
        self.assertExit(r, 2)
        self.assertIn("repository path", r.stderr)

    def test_a_symlinked_base_configuration_is_an_error(self):
        self.repo.write("real.yaml", "allowlist:\n  paths: ['**']\n")
        os.symlink("real.yaml", os.path.join(self.repo.path, ".keysweep.yaml"))
        self.pull_request({})
        r = self.history()
        self.assertExit(r, 2)
        self.assertIn("main:.keysweep.yaml: not a regular file", r.stderr)


def many_rules(count, pattern_bytes=12):
    """`count` valid rules, each matching tok<n>_ followed by pattern_bytes lowercase letters."""
    out = ["rules:"]
    for n in range(count):
        body = "[a-z]" * 1 + "{%d}" % pattern_bytes
        example = f"tok{n}_" + "a" * pattern_bytes
        out.append(f"""  - id: t{n}
    name: T{n}
    description: d
    pattern: 'tok{n}_{body}'
    severity: high
    playbook: generic
    references: [https://example.com]
    examples: ['{example}']
    negative_examples: ['x']""")
    return "\n".join(out) + "\n"


class RepositoryRulesBudgetTest(TempDirTest):
    """A repository's own extra_rules are limited; the user's (--config, --rules) are not."""

    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.repo.write("token.txt", "tok0_abcdefghijkl\n")

    def test_too_many_rules_from_the_working_tree_config(self):
        self.repo.write("ci/rules.yaml", many_rules(101))
        self.repo.write(".keysweep.yaml", "extra_rules: [ci/rules.yaml]\n")
        r = run("scan", self.repo.path)
        self.assertExit(r, 2)
        self.assertIn("101 extra rules, more than 100", r.stderr)
        self.assertIn("--config FILE", r.stderr)
        # The same rules given by the user are trusted.
        own = self.write("own.yaml", f"extra_rules: [{self.repo.path}/ci/rules.yaml]\n")
        r = run("scan", self.repo.path, "--config", own, "--format", "json")
        self.assertExit(r, 1)
        self.assertIn(("token.txt", "t0"), {(os.path.basename(f["path"]), f["rule"])
                                             for f in r.json()["findings"]})

    def test_a_long_pattern_from_the_base_config(self):
        self.repo.write("ci/rules.yaml", many_rules(1, pattern_bytes=5).replace(
            "'tok0_[a-z]{5}'", "'tok0_" + "(a|b)" * 300 + "'"))
        self.repo.write(".keysweep.yaml", "extra_rules: [ci/rules.yaml]\n")
        self.repo.commit("base")
        self.repo.git("checkout", "-q", "-b", "pr")
        self.repo.write("x", "x\n")
        self.repo.commit("pr")
        r = run("history", "--repo", self.repo.path, "main..pr")
        self.assertExit(r, 2)
        self.assertIn("main:ci/rules.yaml", r.stderr)
        self.assertIn("a pattern of 1505 bytes, more than 1024", r.stderr)

    def test_within_the_budget_the_rules_apply(self):
        self.repo.write("ci/rules.yaml", many_rules(100))
        self.repo.write(".keysweep.yaml", "extra_rules: [ci/rules.yaml]\n")
        r = run("scan", self.repo.path, "--format", "json")
        self.assertExit(r, 1)
        self.assertEqual([f["rule"] for f in r.json()["findings"]], ["t0"])


class RulesCacheBoundTest(TempDirTest):
    def test_the_cache_keeps_the_eight_most_recently_used_rule_sets(self):
        cache = self.path("cache")
        self.write("f.txt", "tok0_abcdefghijkl\n")
        for n in range(10):
            self.write(f"rules{n}/r.yaml", many_rules(n + 1))
            r = run("scan", self.path("f.txt"), "--rules", self.path(f"rules{n}"),
                    env={"KEYSWEEP_CACHE_DIR": cache})
            self.assertExit(r, 1)
        self.assertEqual(len([f for f in os.listdir(cache) if f.endswith(".db")]), 8)


if __name__ == "__main__":
    unittest.main()
