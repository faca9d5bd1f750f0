"""End-to-end tests for incremental history scans: `keysweep history --state FILE`."""
import os
import stat
import subprocess

from kstest import (KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest, credentials_file,
                    run)


def places(result):
    """(rule, path, commit) of every finding, in report order."""
    return [(f["rule"], f["path"], f["commit"]) for f in result.json()["findings"]]


class HistoryStateTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.repo.write("README", "hello\n")
        self.repo.commit("initial")
        self.repo.write("config/creds", credentials_file())
        self.added = self.repo.commit("add creds")
        self.leaky = self.repo.commit(f"debug\n\naws_access_key_id={KEY_ID_2}\n")
        self.state = self.path("state", "keysweep.state")
        os.makedirs(os.path.dirname(self.state))

    def history(self, *args):
        return run("history", "--repo", self.repo.path, "--format", "json", *args)

    def test_unchanged_rescan_reads_nothing_and_reports_every_finding(self):
        plain = self.history()
        first = self.history("--state", self.state)
        self.assertExit(first, 1)
        self.assertEqual(places(first), places(plain))
        self.assertEqual(len(places(first)), 3, first)  # key + secret in the file, key in a message
        self.assertEqual(stat.S_IMODE(os.stat(self.state).st_mode), 0o600)
        again = self.history("--state", self.state)
        self.assertExit(again, 1)
        self.assertEqual(places(again), places(plain))
        summary = again.json()["summary"]
        self.assertEqual((summary["blobs_scanned"], summary["commits_scanned"]), (0, 0), again)
        with open(self.state, "rb") as f:
            self.assertNotIn(SECRET.encode(), f.read())  # the state holds no secret

    def test_a_new_commit_costs_only_its_new_blobs(self):
        self.history("--state", self.state)
        self.repo.write("later/creds", credentials_file(KEY_ID_2, SECRET_2))
        self.repo.write("notes.txt", "unrelated\n")
        newer = self.repo.commit("more creds")
        r = self.history("--state", self.state)
        self.assertExit(r, 1)
        summary = r.json()["summary"]
        self.assertEqual((summary["blobs_scanned"], summary["commits_scanned"]), (2, 1), r)
        got = places(r)
        self.assertIn(("aws-access-key-id", "config/creds", self.added), got)
        self.assertIn(("aws-secret-access-key", "later/creds", newer), got)
        # The new file's key ID was first committed in the old message: that stays its origin.
        self.assertIn(("aws-access-key-id", f"commit:{self.leaky}", self.leaky), got)
        self.assertNotIn(("aws-access-key-id", "later/creds", newer), got)
        self.assertEqual(got, places(self.history()), "same report as a full scan")

    def test_an_unchanged_rescan_leaves_the_file_alone_and_a_new_commit_rewrites_it(self):
        self.history("--state", self.state)
        before = os.stat(self.state)
        again = self.history("--state", self.state)
        self.assertExit(again, 1)
        self.assertEqual(len(places(again)), 3, again)
        after = os.stat(self.state)
        self.assertEqual((after.st_ino, after.st_mtime_ns), (before.st_ino, before.st_mtime_ns))
        self.repo.write("more.txt", "more\n")
        self.repo.commit("more")
        self.assertEqual(self.history("--state", self.state).json()["summary"]["blobs_scanned"], 1)
        # A state this small takes no update: it is rewritten and renamed over the old file.
        self.assertNotEqual(os.stat(self.state).st_ino, before.st_ino)
        summary = self.history("--state", self.state).json()["summary"]
        self.assertEqual((summary["blobs_scanned"], summary["commits_scanned"]), (0, 0))

    def test_a_new_commit_is_appended_to_a_large_state_and_a_cut_short_append_is_redone(self):
        for i in range(300):  # enough blob ids that a one-commit update is small beside them
            self.repo.write(f"bulk/file-{i}.txt", f"bulk {i}\n")
        self.repo.commit("bulk")
        self.history("--state", self.state)
        before = os.stat(self.state)
        self.repo.write("later/creds", credentials_file(KEY_ID_2, SECRET_2))
        newer = self.repo.commit("later creds")
        r = self.history("--state", self.state)
        self.assertEqual(r.json()["summary"]["blobs_scanned"], 1)
        after = os.stat(self.state)
        self.assertEqual(after.st_ino, before.st_ino)  # appended in place, not rewritten
        self.assertLess(after.st_size - before.st_size, before.st_size // 2)
        self.assertIn(("aws-secret-access-key", "later/creds", newer), places(r))
        self.assertEqual(places(r), places(self.history()), "same report as a full scan")

        os.truncate(self.state, after.st_size - 3)  # as if the append had been cut short
        cut = self.history("--state", self.state)
        self.assertIn("cut short", cut.stderr)
        self.assertEqual(cut.json()["summary"]["blobs_scanned"], 1)  # the lost update's blob
        self.assertEqual(places(cut), places(self.history()))
        self.assertEqual(os.stat(self.state).st_size, after.st_size)
        clean = self.history("--state", self.state)
        self.assertNotIn("cut short", clean.stderr)
        self.assertEqual(clean.json()["summary"]["blobs_scanned"], 0)
        self.assertEqual(places(clean), places(self.history()))

    def test_a_state_from_an_older_keysweep_means_one_full_scan(self):
        with open(self.state, "w") as f:
            f.write('{"keysweep_state":1,"key":"k","commits":[],"finding_blobs":{},'
                    '"finding_messages":[]}\n')
        r = self.history("--state", self.state)
        self.assertExit(r, 1)
        self.assertIn("written by an older keysweep", r.stderr)
        self.assertEqual(places(r), places(self.history()))
        again = self.history("--state", self.state)
        self.assertNotIn("older keysweep", again.stderr)
        self.assertEqual(again.json()["summary"]["blobs_scanned"], 0, again)
        self.assertEqual(places(again), places(r))

    def test_new_references_cost_only_what_they_add(self):
        self.history("--state", self.state)
        self.repo.git("tag", "-a", "-m", "release", "v1", self.added)
        self.repo.git("branch", "old", self.added)
        r = self.history("--state", self.state)
        summary = r.json()["summary"]
        self.assertEqual((summary["blobs_scanned"], summary["commits_scanned"]), (0, 0), r)
        self.assertEqual(places(r), places(self.history()))
        # A tag naming a tree outside every commit: its new blob is read on the next re-scan.
        loose = self.repo.write("loose-creds", credentials_file(KEY_ID_2, SECRET_2))
        blob = self.repo.git("hash-object", "-w", loose)
        os.remove(loose)
        tree = subprocess.run(["git", "-C", self.repo.path, "mktree"], check=True, text=True,
                              input=f"100644 blob {blob}\tloose-creds\n",
                              capture_output=True).stdout.strip()
        self.repo.git("tag", "treetag", tree)
        r = self.history("--state", self.state)
        self.assertExit(r, 1)
        self.assertEqual(r.json()["summary"]["blobs_scanned"], 1, r)
        self.assertIn("loose-creds", [path for _, path, _ in places(r)])
        self.assertEqual(places(r), places(self.history()))

    def test_other_rules_or_settings_invalidate_the_state(self):
        self.history("--state", self.state)
        r = self.history("--state", self.state, "--include-examples")
        self.assertExit(r, 1)
        self.assertIn("made with other rules or settings", r.stderr)
        self.assertEqual(r.json()["summary"]["blobs_scanned"], 2, r)  # README and config/creds

    def test_findings_of_rewritten_history_go_once_the_commits_are_gone(self):
        self.history("--state", self.state)
        self.repo.git("reset", "-q", "--hard", "HEAD~2")
        self.repo.git("reflog", "expire", "--expire=now", "--all")
        self.repo.git("gc", "-q", "--prune=now")
        r = self.history("--state", self.state)
        self.assertExit(r, 0)
        self.assertEqual(places(r), [])

    def test_a_broken_state_file_is_an_error_not_a_silent_full_or_empty_scan(self):
        with open(self.state, "w") as f:
            f.write("this is not a state file\n")
        r = self.history("--state", self.state)
        self.assertExit(r, 2)
        self.assertIn("not a keysweep state file", r.stderr)

    def test_state_takes_no_range(self):
        r = self.history("--state", self.state, "HEAD~1..HEAD")
        self.assertExit(r, 2)
        self.assertIn("--state", r.stderr)
        self.assertFalse(os.path.exists(self.state))
