"""End-to-end tests of `keysweep scan`, `rules` and `--version` through the built binary."""
import os
import re
import stat
import unittest

from kstest import (KEY_ID, KEY_ID_ACCOUNT, SECRET, SECRET_2, KEY_ID_2, TempDirTest,
                    credentials_file, run)

FINDING_FIELDS = ["rule", "severity", "fingerprint", "secret", "key_id", "account_id", "source",
                  "path", "line", "column", "commit", "author", "email", "date", "blob",
                  "verification", "playbook", "confidence", "example", "canary", "region",
                  "derived_from_key_id", "repository"]


class ExitCodes(TempDirTest):
    def test_clean_file_exits_0(self):
        r = run("scan", self.write("clean.txt", "nothing to see\n"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "")

    def test_findings_exit_1(self):
        self.assertExit(run("scan", self.write("creds", credentials_file())), 1)

    def test_missing_path_exits_2_with_message(self):
        r = run("scan", self.path("does-not-exist"))
        self.assertExit(r, 2)
        self.assertIn("does-not-exist", r.stderr)
        self.assertIn("No such file", r.stderr)

    def test_missing_path_among_good_ones_still_scans_the_rest(self):
        good = self.write("creds", credentials_file())
        r = run("--format", "json", "scan", good, self.path("nope"))
        self.assertExit(r, 2)
        self.assertEqual(len(r.json()["findings"]), 2)

    def test_unknown_flag_is_a_usage_error(self):
        r = run("scan", "--no-such-flag", self.write("a", "x"))
        self.assertExit(r, 2)

    def test_unknown_format_is_a_usage_error(self):
        self.assertExit(run("--format", "xml", "scan", self.write("a", "x")), 2)

    def test_no_subcommand_is_a_usage_error(self):
        self.assertExit(run(), 2)

    def test_empty_stdin_is_an_error_not_clean(self):
        r = run("scan", "-", input="")
        self.assertExit(r, 2)
        self.assertIn("nothing was scanned", r.stderr)

    def test_empty_directory_is_an_error_not_clean(self):
        os.makedirs(self.path("empty"))
        self.assertExit(run("scan", self.path("empty")), 2)

    def test_unreadable_file_is_an_error(self):
        if os.geteuid() == 0:
            self.skipTest("root can read any file")
        p = self.write("secret", credentials_file())
        os.chmod(p, 0)
        self.assertExit(run("scan", p), 2)


class JsonReport(TempDirTest):
    def scan_json(self, *paths, extra=()):
        r = run("--format", "json", *extra, "scan", *paths)
        return r, r.json()

    def test_shape_and_values(self):
        p = self.write("dir/creds.ini", credentials_file())
        r, doc = self.scan_json(p)
        self.assertExit(r, 1)
        self.assertEqual(doc["tool"]["name"], "keysweep")
        self.assertRegex(doc["tool"]["version"], r"^\d+\.\d+\.\d+")
        self.assertEqual(set(doc["summary"]) >= {"bytes_scanned", "blobs_scanned",
                                                 "commits_scanned", "findings", "elapsed_ms"}, True)
        self.assertEqual(doc["summary"]["bytes_scanned"], len(credentials_file()))
        self.assertEqual(doc["summary"]["blobs_scanned"], 1)
        self.assertEqual(doc["summary"]["findings"], 2)
        key, secret = doc["findings"]
        for f in doc["findings"]:
            self.assertEqual(list(f.keys()), FINDING_FIELDS)
            for field in ("commit", "author", "email", "date", "blob"):
                self.assertIsNone(f[field])
            self.assertEqual(f["verification"], {"status": "not_checked"})
            self.assertEqual(f["source"], "file")
            self.assertEqual(f["path"], p)
            self.assertRegex(f["fingerprint"], r"^[0-9a-f]{64}$")
        self.assertEqual((key["rule"], key["severity"], key["line"], key["column"]),
                         ("aws-access-key-id", "high", 2, 21))
        self.assertEqual((key["key_id"], key["account_id"]), (KEY_ID, KEY_ID_ACCOUNT))
        self.assertEqual((secret["rule"], secret["severity"], secret["line"], secret["column"]),
                         ("aws-secret-access-key", "critical", 3, 25))
        self.assertEqual(secret["key_id"], KEY_ID)  # paired with the key ID beside it
        self.assertEqual(secret["playbook"], "aws-access-key")

    def test_clean_report_has_empty_findings(self):
        r, doc = self.scan_json(self.write("a.txt", "hello\n"))
        self.assertExit(r, 0)
        self.assertEqual(doc["findings"], [])
        self.assertEqual(doc["summary"]["findings"], 0)

    def test_secrets_are_redacted_unless_asked(self):
        p = self.write("creds", credentials_file())
        r, doc = self.scan_json(p)
        self.assertNotIn(SECRET, r.stdout + r.stderr)
        self.assertEqual(doc["findings"][1]["secret"], SECRET[:4] + "\u2026")
        # The key ID is an identifier, not a secret: it stays visible for the responder.
        self.assertEqual(doc["findings"][0]["key_id"], KEY_ID)
        r, doc = self.scan_json(p, extra=("--show-secrets",))
        self.assertEqual(doc["findings"][1]["secret"], SECRET)

    def test_fingerprint_depends_on_secret_not_place(self):
        a = self.write("a/x.env", "\n\n" + credentials_file())
        b = self.write("b/y.env", credentials_file())
        c = self.write("c/z.env", credentials_file(KEY_ID_2, SECRET_2))
        _, doc = self.scan_json(a, b, c)
        fps = [f["fingerprint"] for f in doc["findings"]]
        self.assertEqual(fps[0:2], fps[2:4])
        self.assertNotEqual(fps[0:2], fps[4:6])
        _, again = self.scan_json(b)
        self.assertEqual([f["fingerprint"] for f in again["findings"]], fps[2:4])

    def test_output_file_is_private(self):
        out = self.path("report.json")
        with open(out, "w") as f:
            f.write("old")
        os.chmod(out, 0o644)
        r = run("--format", "json", "--output", out, "scan", self.write("c", credentials_file()))
        self.assertExit(r, 1)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        self.assertEqual(r.stdout, "")
        with open(out) as f:
            self.assertIn("aws-access-key-id", f.read())

    def test_new_output_file_is_private(self):
        out = self.path("new-report.txt")
        run("scan", "--output", out, self.write("c", credentials_file()))
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)


class TextReport(TempDirTest):
    def test_text_lines_summary_and_no_colour_off_a_terminal(self):
        p = self.write("creds", credentials_file())
        r = run("scan", p)
        self.assertIn(f"{p}:2:21: high aws-access-key-id {KEY_ID[:4]}\u2026", r.stdout)
        self.assertIn(f"account {KEY_ID_ACCOUNT}", r.stdout)
        self.assertNotIn(SECRET, r.stdout)
        self.assertNotIn("\x1b[", r.stdout)
        self.assertRegex(r.stderr.strip().splitlines()[-1],
                         r"^keysweep: scanned \d+ B in 1 files, 0 commits; 2 findings in \d+ ms$")

    def test_colour_when_forced(self):
        r = run("--color", "always", "scan", self.write("creds", credentials_file()))
        self.assertIn("\x1b[", r.stdout)

    def test_control_characters_in_paths_are_escaped(self):
        p = self.write("evil\x1b[2Jname", credentials_file())
        r = run("scan", p)
        self.assertNotIn("\x1b[2J", r.stdout)
        self.assertIn("evil\\x1b[2Jname", r.stdout)

    def test_quiet_drops_the_summary(self):
        r = run("-q", "scan", self.write("a", "x\n"))
        self.assertEqual(r.stderr, "")


class Inputs(TempDirTest):
    def test_stdin(self):
        r = run("--format", "json", "scan", "-", input=credentials_file())
        self.assertExit(r, 1)
        f = r.json()["findings"][0]
        self.assertEqual((f["source"], f["path"], f["line"]), ("stdin", "-", 2))

    def test_directory_walk_is_sorted_and_skips_dot_git(self):
        self.write("tree/b/creds", credentials_file())
        self.write("tree/a/creds", credentials_file())
        self.write("tree/.git/config", credentials_file())
        r = run("--format", "json", "scan", self.path("tree"))
        paths = [f["path"] for f in r.json()["findings"]]
        self.assertEqual(paths, [self.path("tree/a/creds")] * 2 + [self.path("tree/b/creds")] * 2)

    def test_binary_files_are_scanned(self):
        blob = b"\x00\x01\xff" * 100 + credentials_file().encode() + b"\x00" * 50
        r = run("--format", "json", "scan", self.write("app.bin", blob))
        self.assertExit(r, 1)
        self.assertEqual(len(r.json()["findings"]), 2)

    def test_symlink_loops_do_not_hang_and_files_are_found_once(self):
        root = self.path("tree")
        self.write("tree/real/creds", credentials_file())
        os.symlink("loop", os.path.join(root, "loop"))
        os.symlink("b", os.path.join(root, "a"))
        os.symlink("a", os.path.join(root, "b"))
        os.symlink("..", os.path.join(root, "real", "up"))
        os.symlink(".", os.path.join(root, "self"))
        r = run("--format", "json", "scan", root, timeout=30)
        self.assertExit(r, 1)
        self.assertEqual([f["path"] for f in r.json()["findings"]],
                         [os.path.join(root, "real", "creds")] * 2)

    def test_symlink_loop_named_directly_is_a_clear_error(self):
        loop = self.path("loop")
        os.symlink("loop", loop)
        r = run("scan", loop, timeout=30)
        self.assertExit(r, 2)
        self.assertIn("loop", r.stderr)

    def test_symlinks_out_of_the_tree_are_not_followed(self):
        self.write("outside/creds", credentials_file())
        self.write("tree/clean.txt", "clean\n")
        os.symlink(self.path("outside"), self.path("tree", "out-dir"))
        os.symlink(self.path("outside", "creds"), self.path("tree", "out-file"))
        r = run("scan", self.path("tree"))
        self.assertExit(r, 0)

    def test_oversize_file_is_skipped_with_a_notice(self):
        big = self.write("tree/big.bin", b"A" * 2048 + credentials_file().encode())
        self.write("tree/small.txt", "clean\n")
        r = run("--max-file-size", "1024", "scan", self.path("tree"))
        self.assertExit(r, 2)  # incomplete: the key in big.bin was not looked for
        self.assertIn(f"{big}: skipped", r.stderr)
        self.assertIn("1 skipped", r.stderr)
        self.assertExit(run("--max-file-size", "1024", "--allow-skipped", "scan",
                            self.path("tree")), 0)

    def test_only_an_oversize_file_means_nothing_scanned(self):
        big = self.write("big.bin", b"A" * 2048)
        r = run("--max-file-size", "1024", "scan", big)
        self.assertExit(r, 2)
        self.assertIn("skipped", r.stderr)

    def test_oversize_stdin_is_skipped(self):
        r = run("--max-file-size", "100", "scan", "-", input="x" * 200 + credentials_file())
        self.assertExit(r, 2)
        self.assertIn("over --max-file-size", r.stderr)


class RulesAndVersion(TempDirTest):
    def test_version_names_engines_and_rules_digest(self):
        r = run("--version")
        self.assertExit(r, 0)
        self.assertRegex(r.stdout, r"keysweep \d+\.\d+\.\d+")
        self.assertRegex(r.stdout, r"hyperscan \d+\.\d+")
        self.assertRegex(r.stdout, r"libgit2 \d+\.\d+\.\d+")
        digest = re.search(r"rules sha256:([0-9a-f]{64})", r.stdout).group(1)
        listed = run("rules", "list").stdout
        self.assertIn(digest, listed)

    def test_rules_list(self):
        r = run("rules", "list")
        self.assertExit(r, 0)
        self.assertIn("aws-access-key-id", r.stdout)
        self.assertIn("aws-secret-access-key", r.stdout)
        doc = run("--format", "json", "rules", "list").json()
        self.assertIn("aws-access-key-id", [x["id"] for x in doc])

    def test_rules_check_passes_for_builtin_rules(self):
        r = run("rules", "check")
        self.assertExit(r, 0)
        self.assertRegex(r.stdout, r"rules check: \d+ rules, \d+ examples, \d+ negative examples: ok")

    RULE = """rules:
  - id: test-token
    name: Test token
    description: A test token.
    pattern: 'tok_([a-z0-9]{{12}})'
    secret_group: 1
    severity: low
    playbook: generic
    references: [https://example.com]
    examples: ['{example}']
    negative_examples: ['{negative}']
"""

    def test_rules_check_fails_on_a_bad_example(self):
        self.write("rules/t.yaml", self.RULE.format(example="tok_ABCDEFGHIJKL",
                                                    negative="tok_abcdefabcdef"))
        r = run("--rules", self.path("rules"), "rules", "check")
        self.assertExit(r, 2)
        self.assertIn("rule test-token: example 1", r.stderr)
        self.assertIn("rule test-token: negative example 1", r.stderr)
        self.assertIn(f"{self.path('rules', 't.yaml')}:2", r.stderr)

    def test_extra_rules_are_used_by_scan_and_cached(self):
        self.write("rules/t.yaml", self.RULE.format(example="tok_abcdef123456", negative="tok_x"))
        cache = self.path("cache")
        env = {"KEYSWEEP_CACHE_DIR": cache}
        p = self.write("input.txt", "a = tok_abcdef123456\n")
        first = run("-v", "--rules", self.path("rules"), "--format", "json", "scan", p, env=env)
        self.assertExit(first, 1)
        self.assertEqual(first.json()["findings"][0]["rule"], "test-token")
        self.assertIn("rules database: compiled", first.stderr)
        self.assertEqual(len(os.listdir(cache)), 1)
        second = run("-v", "--rules", self.path("rules"), "scan", p, env=env)
        self.assertIn("rules database: cache", second.stderr)
        # After the command name, --rules takes one DIR: the path that follows is the scan's.
        after = run("scan", "--rules", self.path("rules"), p, "--fail-on-severity", "low", p,
                    env=env)
        self.assertExit(after, 1)

    def test_builtin_rules_use_the_embedded_database(self):
        r = run("-v", "scan", "-", input="x\n")
        self.assertIn("rules database: embedded", r.stderr)

    def test_invalid_rule_file_names_file_and_line(self):
        self.write("rules/bad.yaml", "rules:\n  - id: x\n    severity: nope\n")
        r = run("--rules", self.path("rules"), "scan", "-", input="x")
        self.assertExit(r, 2)
        self.assertIn(f"{self.path('rules', 'bad.yaml')}:3: rule x: 'severity'", r.stderr)


if __name__ == "__main__":
    unittest.main()
