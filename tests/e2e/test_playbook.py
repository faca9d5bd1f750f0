"""End-to-end tests of `keysweep playbook`: the list, one playbook, and the response rendered from
a JSON report, compared with golden files.

The inputs are small fixed reports in tests/data/playbook/*.json; each golden file there is the
exact output for one of them. After an intended change to the playbooks or the renderer, rewrite
the goldens with

    KEYSWEEP_UPDATE_GOLDEN=1 ctest -R e2e_test_playbook    (or python3 -m unittest test_playbook)

and review the diff like any other change.
"""
import os
import stat
import unittest

from kstest import KEY_ID, TempDirTest, credentials_file, run

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "data", "playbook"))
UPDATE = os.environ.get("KEYSWEEP_UPDATE_GOLDEN") == "1"

# English by default, whatever the machine's locale says; tests that want Japanese ask for it.
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
JAPANESE = {"LANG": "ja_JP.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def playbook(*args, env=None, cwd=DATA):
    """keysweep playbook ARGS..., run in the golden folder so report paths print the same."""
    return run("playbook", *args, cwd=cwd, env=dict(ENGLISH, **(env or {})))


class GoldenTest(unittest.TestCase):
    """Each case renders one fixed report and compares the output with its golden file."""

    maxDiff = None

    def assertGolden(self, result, golden):
        self.assertEqual(result.code, 0, repr(result))
        self.assertEqual(result.stderr, "")
        path = os.path.join(DATA, golden)
        if UPDATE:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(result.stdout)
            return
        with open(path, encoding="utf-8", newline="") as f:
            self.assertEqual(result.stdout, f.read(),
                             f"{golden} differs; rerun with KEYSWEEP_UPDATE_GOLDEN=1 if intended")

    def test_verified_iam_key(self):
        self.assertGolden(playbook("--from", "verified-iam-key.json"), "verified-iam-key.md")

    def test_verified_iam_key_as_text(self):
        self.assertGolden(playbook("--from", "verified-iam-key.json", "--format", "text"),
                          "verified-iam-key.txt")

    def test_ses_smtp_credential_with_region(self):
        self.assertGolden(playbook("--from", "ses-smtp-region.json"), "ses-smtp-region.md")

    def test_unverified_pair(self):
        self.assertGolden(playbook("--from", "unverified-pair.json"), "unverified-pair.md")

    def test_root_key(self):
        self.assertGolden(playbook("--from", "root-key.json"), "root-key.md")

    def test_japanese(self):
        self.assertGolden(playbook("--from", "verified-iam-key.json", "--lang", "ja"),
                          "verified-iam-key.ja.md")

    def test_list(self):
        self.assertGolden(playbook(), "list.txt")


class GoldenContentTest(unittest.TestCase):
    """What the goldens must say, independently of their exact wording."""

    def render(self, report, *args):
        r = playbook("--from", report, *args)
        self.assertEqual(r.code, 0, repr(r))
        return r.stdout

    def test_known_values_leave_no_marker(self):
        # Every value is known for the SES credential: key, account, user (from the ARN), region.
        out = self.render("ses-smtp-region.json")
        for marker in ("<KEY_ID>", "<ACCOUNT>", "<USER_NAME>", "<ROLE_NAME>", "<REGION>"):
            self.assertNotIn(marker, out)
        self.assertIn("--user-name ses-smtp-user.20240102-030405", out)
        self.assertIn("aws sesv2 put-account-sending-attributes --no-sending-enabled "
                      "--region eu-west-1", out)
        self.assertIn("Playbook `ses-smtp-credentials`", out)

    def test_unknown_values_are_marked_and_explained(self):
        out = self.render("unverified-pair.json")
        self.assertIn("--user-name <USER_NAME>", out)
        self.assertIn("- `<USER_NAME>`: the IAM user that owns the key", out)
        self.assertIn("keysweep verify unverified-pair.json", out)

    def test_root_key_gets_the_root_playbook(self):
        out = self.render("root-key.json")
        self.assertIn("Playbook `aws-root-key`", out)
        self.assertIn("aws iam delete-access-key --access-key-id AKIAZXCVBNMASDFGHJKL\n", out)
        # Root's keys belong to no IAM user: no command names one.
        commands = [line for line in out.splitlines() if line.strip().startswith("aws iam ")]
        self.assertTrue(commands)
        self.assertFalse([c for c in commands if "--user-name" in c])

    def test_where_and_history(self):
        out = self.render("verified-iam-key.json")
        self.assertIn("commit `3f1c2a9d8e7b` by `Dana Developer <dana@example.com>`, "
                      "`2024-03-14T09:26:53Z`", out)
        self.assertIn("does not make the key safe: it stays in git history", out)
        self.assertIn("keysweep playbook aws-console-takeover", out)

    def test_lang_defaults_from_the_locale(self):
        default = playbook("--from", "verified-iam-key.json", env=JAPANESE)
        explicit = playbook("--from", "verified-iam-key.json", "--lang", "ja")
        self.assertEqual(default.stdout, explicit.stdout)
        self.assertIn("インシデント対応", default.stdout)
        self.assertEqual(playbook("--from", "verified-iam-key.json",
                                  env=dict(JAPANESE, LC_ALL="C")).stdout,
                         playbook("--from", "verified-iam-key.json").stdout)


class CommandTest(TempDirTest):
    def test_list_names_every_playbook(self):
        r = playbook()
        self.assertExit(r, 0)
        for pid in ("aws-access-key", "aws-root-key", "aws-temporary-credentials",
                    "ses-smtp-credentials", "aws-console-takeover", "private-key"):
            self.assertIn(pid, r.stdout)

    def test_one_playbook(self):
        r = playbook("aws-temporary-credentials")
        self.assertExit(r, 0)
        self.assertIn("# aws-temporary-credentials: Leaked temporary credentials (ASIA)", r.stdout)
        self.assertIn("aws:TokenIssueTime", r.stdout)
        self.assertIn("--role-name <ROLE_NAME>", r.stdout)

    def test_unknown_id_exits_2_with_the_list(self):
        r = playbook("aws-acess-key")
        self.assertExit(r, 2)
        self.assertEqual(r.stdout, "")
        self.assertIn("no playbook named 'aws-acess-key'", r.stderr)
        self.assertIn("aws-access-key ", r.stderr)

    def test_format_options(self):
        text = playbook("aws-access-key", "--format", "text")
        self.assertExit(text, 0)
        self.assertTrue(text.stdout.startswith("aws-access-key: Leaked IAM user access key\n===="))
        # The global --format before the command name: text is honoured, json is refused.
        before = run("--format", "text", "playbook", "aws-access-key", env=ENGLISH)
        self.assertEqual(before.stdout, text.stdout)
        self.assertExit(run("--format", "json", "playbook", env=ENGLISH), 2)
        self.assertExit(playbook("--format", "json"), 2)
        self.assertExit(playbook("--lang", "de"), 2)

    def test_id_and_from_together_is_usage_error(self):
        r = playbook("aws-access-key", "--from", "root-key.json")
        self.assertExit(r, 2)
        self.assertIn("not both", r.stderr)

    def test_bad_reports(self):
        self.assertExit(playbook("--from", self.path("missing.json")), 2)
        self.write("not.json", "{")
        r = playbook("--from", self.path("not.json"))
        self.assertExit(r, 2)
        self.assertIn("not valid JSON", r.stderr)

    def test_output_file_is_private(self):
        out = self.path("response.md")
        r = playbook("--from", "root-key.json", "-o", out)
        self.assertExit(r, 0)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        with open(out, encoding="utf-8") as f:
            self.assertIn("aws-root-key", f.read())

    def test_from_a_real_scan(self):
        creds = self.write("deploy/credentials", credentials_file())
        report = self.path("report.json")
        scan = run("--format", "json", "-o", report, "scan", creds)
        self.assertExit(scan, 1)
        r = playbook("--from", report, cwd=self.tmp)
        self.assertExit(r, 0)
        self.assertIn(f"## Incident 1: key `{KEY_ID}`", r.stdout)
        self.assertEqual(r.stdout.count("## Incident "), 1)  # the key ID and its secret: one key
        self.assertIn(f"`{creds}:2:21` (`aws-access-key-id`)", r.stdout)
        self.assertIn(f"--access-key-id {KEY_ID} --status Inactive --user-name <USER_NAME>",
                      r.stdout)

    def test_report_without_findings(self):
        clean = self.write("clean.txt", "nothing here\n")
        report = self.path("report.json")
        self.assertExit(run("--format", "json", "-o", report, "scan", clean), 0)
        r = playbook("--from", report)
        self.assertExit(r, 0)
        self.assertIn("nothing to respond to", r.stdout)

    def test_next_steps_precede_the_summary_on_stderr_for_machine_formats(self):
        # The text report ends with the line itself (test_formats.NextStepsTest); a JSON report
        # on stdout cannot, so there it goes to stderr, just before the summary.
        creds = self.write("creds", credentials_file())
        r = run("--format", "json", "scan", creds)
        self.assertExit(r, 1)
        lines = r.stderr.splitlines()
        self.assertTrue(lines[-1].startswith("keysweep: scanned"), lines)  # the summary stays last
        self.assertTrue(lines[-2].startswith("keysweep: next steps:"), lines)
        self.assertIn("keysweep playbook --from report.json", lines[-2])
        self.assertNotIn("next steps", r.stdout.lower())  # stdout stays the report
        self.assertNotIn("next steps", run("-q", "--format", "json", "scan", creds).stderr)
        clean = run("scan", self.write("clean", "nothing\n"))
        self.assertNotIn("next steps", clean.stderr)


if __name__ == "__main__":
    unittest.main()
