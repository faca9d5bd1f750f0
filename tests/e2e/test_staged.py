"""End-to-end tests for `keysweep staged`, the pre-commit check."""
import os
import subprocess
import unittest

from kstest import (BIN, KEY_ID, KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest, credentials_file,
                    run)


def staged(repo_path, *args):
    return run("staged", "--repo", repo_path, "--format", "json", *args)


def keys(result):
    return [(f["path"], f["line"], f["key_id"]) for f in result.json()["findings"]
            if f["rule"] == "aws-access-key-id"]


FILLER = "".join(f"line {i}\n" for i in range(1, 11))


class StagedTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))

    def test_first_commit_without_head(self):
        self.repo.write("creds", credentials_file())
        self.repo.git("add", "creds")
        r = staged(self.repo.path)
        self.assertExit(r, 1)
        self.assertEqual(keys(r), [("creds", 2, KEY_ID)])
        f = r.json()["findings"][0]
        self.assertEqual(f["source"], "staged")
        self.assertEqual(f["blob"], self.repo.git("rev-parse", ":creds"))
        self.assertIsNone(f["commit"])

    def test_nothing_staged_is_clean(self):
        self.repo.write("README", "hello\n")
        self.repo.commit("initial")
        r = staged(self.repo.path)
        self.assertExit(r, 0)
        self.assertEqual(r.json()["findings"], [])

    def test_empty_repository_is_clean(self):
        self.assertExit(staged(self.repo.path), 0)

    def test_unstaged_edits_and_untracked_files_never_count(self):
        self.repo.write("app.cfg", FILLER)
        self.repo.commit("initial")
        self.repo.write("app.cfg", FILLER + credentials_file())  # edited, not staged
        self.repo.write("untracked/creds", credentials_file())
        self.assertExit(staged(self.repo.path), 0)

    def test_staged_content_counts_even_if_the_working_tree_differs(self):
        self.repo.write("app.cfg", FILLER)
        self.repo.commit("initial")
        self.repo.write("app.cfg", FILLER + credentials_file())
        self.repo.git("add", "app.cfg")
        self.repo.write("app.cfg", FILLER)  # key removed from the working tree only
        r = staged(self.repo.path)
        self.assertExit(r, 1)
        self.assertEqual(keys(r), [("app.cfg", 12, KEY_ID)])

    def test_removed_key_line_is_not_reported(self):
        self.repo.write("creds", FILLER + credentials_file())
        self.repo.commit("initial")
        self.repo.write("creds", FILLER)
        self.repo.git("add", "creds")
        self.assertExit(staged(self.repo.path), 0)

    def test_unchanged_key_line_in_an_edited_file_is_not_reported(self):
        self.repo.write("creds", credentials_file() + FILLER)
        self.repo.commit("initial")
        self.repo.write("creds", credentials_file() + FILLER.replace("line 5", "line five"))
        self.repo.git("add", "creds")
        r = staged(self.repo.path)
        self.assertExit(r, 0)
        self.assertEqual(r.json()["summary"]["blobs_scanned"], 1)

    def test_line_numbers_are_those_of_the_staged_file(self):
        self.repo.write("config.ini", FILLER)
        self.repo.commit("initial")
        lines = FILLER.splitlines(keepends=True)
        lines.insert(4, f"aws_access_key_id = {KEY_ID_2}\n")   # becomes line 5
        lines.insert(8, f"aws_secret_access_key = {SECRET_2}\n")  # becomes line 9
        self.repo.write("config.ini", "".join(lines))
        self.repo.git("add", "config.ini")
        r = staged(self.repo.path)
        self.assertExit(r, 1)
        got = sorted((f["rule"], f["line"], f["column"]) for f in r.json()["findings"])
        self.assertEqual(got, [("aws-access-key-id", 5, 21), ("aws-secret-access-key", 9, 25)])

    def test_only_the_new_key_in_a_file_with_an_old_one(self):
        self.repo.write("creds", credentials_file())
        self.repo.commit("initial")
        self.repo.write("creds", credentials_file() + "\n[other]\n" +
                        f"aws_access_key_id = {KEY_ID_2}\n")
        self.repo.git("add", "creds")
        r = staged(self.repo.path)
        self.assertExit(r, 1)
        self.assertEqual(keys(r), [("creds", 6, KEY_ID_2)])

    def test_pure_rename_is_clean_and_rename_with_a_new_key_reports_only_it(self):
        self.repo.write("old/creds", credentials_file() + FILLER)
        self.repo.commit("initial")
        self.repo.git("mv", "old/creds", "new-creds")
        self.assertExit(staged(self.repo.path), 0)
        self.repo.write("new-creds", credentials_file() + FILLER + f"id = {KEY_ID_2}\n")
        self.repo.git("add", "new-creds")
        r = staged(self.repo.path)
        self.assertExit(r, 1)
        self.assertEqual(keys(r), [("new-creds", 14, KEY_ID_2)])

    def test_only_deletions_is_clean(self):
        self.repo.write("creds", credentials_file())
        self.repo.write("other", "x\n")
        self.repo.commit("initial")
        self.repo.git("rm", "-q", "creds", "other")
        r = staged(self.repo.path)
        self.assertExit(r, 0)
        self.assertEqual(r.json()["summary"]["bytes_scanned"], 0)

    def test_binary_file_is_scanned_whole(self):
        self.repo.write("blob.bin", b"\x00\x01binary\x00" + credentials_file().encode())
        self.repo.commit("initial")
        self.repo.write("blob.bin", b"\x00\x02binary changed\x00" + credentials_file().encode())
        self.repo.git("add", "blob.bin")
        r = staged(self.repo.path)
        self.assertExit(r, 1)
        self.assertEqual([p for p, _, _ in keys(r)], ["blob.bin"])

    def test_submodule_entries_are_skipped(self):
        self.repo.write("README", "hello\n")
        self.repo.commit("initial")
        self.repo.git("update-index", "--add", "--cacheinfo",
                      "160000,0123456789abcdef0123456789abcdef01234567,vendor/lib")
        r = staged(self.repo.path)
        self.assertExit(r, 0)
        self.assertEqual(r.json()["summary"]["errors"], 0)

    def test_runs_from_a_subdirectory(self):
        self.repo.write("deep/dir/README", "hello\n")
        self.repo.commit("initial")
        self.repo.write("deep/creds", credentials_file())
        self.repo.git("add", "deep/creds")
        r = run("staged", "--format", "json", cwd=os.path.join(self.repo.path, "deep", "dir"))
        self.assertExit(r, 1)
        self.assertEqual(keys(r), [("deep/creds", 2, KEY_ID)])

    def test_text_output_redacts(self):
        self.repo.write("creds", credentials_file())
        self.repo.git("add", "creds")
        r = run("staged", "--repo", self.repo.path)
        self.assertExit(r, 1)
        self.assertNotIn(SECRET, r.stdout)
        self.assertIn("creds:3:", r.stdout)

    def test_as_a_pre_commit_hook_with_commit_all_and_commit_paths(self):
        """`git commit -a` and `git commit PATH` hand hooks a temporary index (GIT_INDEX_FILE)."""
        hook = os.path.join(self.repo.path, ".git", "hooks", "pre-commit")
        with open(hook, "w") as f:
            f.write(f"#!/bin/sh\nexec '{os.path.abspath(BIN)}' staged -q\n")
        os.chmod(hook, 0o755)
        self.repo.write("app.cfg", FILLER)
        self.repo.commit("initial")
        self.repo.write("app.cfg", FILLER + credentials_file())
        with self.assertRaises(subprocess.CalledProcessError):
            self.repo.git("commit", "-q", "-a", "-m", "leak via -a")
        with self.assertRaises(subprocess.CalledProcessError):
            self.repo.git("commit", "-q", "-m", "leak via path", "app.cfg")
        self.repo.write("app.cfg", FILLER + "harmless\n")
        self.repo.git("commit", "-q", "-a", "-m", "clean")

    def test_bare_repository_and_non_repository_are_errors(self):
        bare = GitRepo(self.path("bare.git"), bare=True)
        r = staged(bare.path)
        self.assertExit(r, 2)
        self.assertIn("bare", r.stderr)
        os.makedirs(self.path("plain"))
        self.assertExit(staged(self.path("plain")), 2)


if __name__ == "__main__":
    unittest.main()
