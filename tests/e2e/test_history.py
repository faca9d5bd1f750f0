"""End-to-end tests for `keysweep history` on repositories built with the git CLI."""
import os
import stat
import unittest

from kstest import (KEY_ID, KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest, credentials_file,
                    run)


def history(repo_path, *args):
    return run("history", "--repo", repo_path, "--format", "json", *args)


def by_rule(result, rule):
    return [f for f in result.json()["findings"] if f["rule"] == rule]


def key_findings(result):
    return by_rule(result, "aws-access-key-id")


def write_hostile_config(repo, marker):
    """Points every config knob that can run a command at one that creates `marker`."""
    cmd = f"touch {marker}"
    hooks = os.path.join(repo.path, "evil-hooks")
    os.makedirs(hooks, exist_ok=True)
    for hook in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction"):
        path = os.path.join(hooks, hook)
        with open(path, "w") as f:
            f.write(f"#!/bin/sh\n{cmd}\n")
        os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    repo.write(".gitattributes", "* filter=x diff=x\n")
    for key, value in (("core.fsmonitor", cmd), ("core.hooksPath", hooks),
                       ("filter.x.clean", cmd), ("filter.x.smudge", cmd),
                       ("filter.x.process", cmd), ("filter.x.required", "true"),
                       ("diff.x.textconv", cmd), ("diff.external", cmd),
                       ("core.sshCommand", cmd), ("core.pager", cmd),
                       ("core.askPass", cmd), ("credential.helper", f"!{cmd}")):
        repo.git("config", key, value)


class HistoryTest(TempDirTest):
    def repo(self, name="repo", **kw):
        return GitRepo(self.path(name), **kw)

    def test_key_in_deleted_file_is_attributed_to_the_commit_that_added_it(self):
        repo = self.repo()
        repo.write("README", "hello\n")
        repo.commit("initial")
        repo.write("config/creds", credentials_file())
        added = repo.commit("add creds")
        os.remove(os.path.join(repo.path, "config/creds"))
        repo.commit("remove creds")
        r = history(repo.path)
        self.assertExit(r, 1)
        keys = key_findings(r)
        self.assertEqual(len(keys), 1, r)
        f = keys[0]
        self.assertEqual(f["source"], "history")
        self.assertEqual(f["path"], "config/creds")
        self.assertEqual((f["line"], f["column"]), (2, 21))
        self.assertEqual(f["commit"], added)
        self.assertEqual(f["author"], "Test Author")
        self.assertEqual(f["email"], "author@example.com")
        self.assertEqual(f["date"], "2024-01-02T03:04:05Z")
        self.assertEqual(f["blob"], repo.git("rev-parse", f"{added}:config/creds"))
        self.assertEqual(len(by_rule(r, "aws-secret-access-key")), 1, r)
        self.assertNotIn(SECRET, r.stdout)  # redacted by default
        summary = r.json()["summary"]
        self.assertEqual(summary["commits_scanned"], 3)
        self.assertEqual(summary["errors"], 0)

    def test_same_blob_in_many_commits_is_scanned_and_reported_once(self):
        repo = self.repo()
        repo.write("creds", credentials_file())
        first = repo.commit("add creds")
        for i in range(3):
            repo.write("other", f"change {i}\n")
            repo.commit(f"change {i}")
        repo.write("copy/creds", credentials_file())  # same blob at a second path
        repo.commit("copy creds")
        r = history(repo.path)
        self.assertExit(r, 1)
        keys = key_findings(r)
        self.assertEqual(len(keys), 1, r)
        self.assertEqual((keys[0]["commit"], keys[0]["path"]), (first, "creds"))
        # 1 creds blob + 3 versions of "other".
        self.assertEqual(r.json()["summary"]["blobs_scanned"], 4)
        self.assertEqual(r.json()["summary"]["commits_scanned"], 5)

    def test_max_provenance_reports_more_introductions(self):
        repo = self.repo()
        repo.write("README", "hello\n")
        repo.commit("initial")
        repo.git("checkout", "-q", "-b", "other")
        repo.write("b/creds", credentials_file())
        second = repo.commit("creds on a branch")
        repo.git("checkout", "-q", "main")
        repo.write("a/creds", credentials_file())
        repo.git("add", "-A")
        repo.git("commit", "-q", "-m", "creds on main", "--date", "2023-01-01T00:00:00Z")
        main_commit = repo.git("rev-parse", "HEAD")
        self.assertEqual(len(key_findings(history(repo.path))), 1)
        r = history(repo.path, "--max-provenance", "2")
        places = sorted((f["commit"], f["path"]) for f in key_findings(r))
        self.assertEqual(places, sorted([(second, "b/creds"), (main_commit, "a/creds")]), r)

    def test_key_only_on_an_unmerged_branch(self):
        repo = self.repo()
        repo.write("README", "hello\n")
        repo.commit("initial")
        repo.git("checkout", "-q", "-b", "feature")
        repo.write("creds", credentials_file())
        on_branch = repo.commit("wip")
        repo.git("checkout", "-q", "main")
        r = history(repo.path)
        self.assertExit(r, 1)
        self.assertEqual([f["commit"] for f in key_findings(r)], [on_branch])
        self.assertExit(history(repo.path, "--branch", "main"), 0)
        self.assertExit(history(repo.path, "--branch", "feature"), 1)

    def test_key_arriving_through_a_merge_is_attributed_to_the_branch_commit(self):
        repo = self.repo()
        repo.write("README", "hello\n")
        repo.commit("initial")
        repo.git("checkout", "-q", "-b", "feature")
        repo.write("creds", credentials_file())
        on_branch = repo.commit("add creds")
        repo.git("checkout", "-q", "main")
        repo.write("main.txt", "main work\n")
        repo.commit("main work")
        repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
        repo.git("branch", "-D", "feature")
        r = history(repo.path)
        self.assertExit(r, 1)
        self.assertEqual([f["commit"] for f in key_findings(r)], [on_branch])

    def test_rotated_key_reports_both_versions(self):
        repo = self.repo()
        repo.write("creds", credentials_file())
        old = repo.commit("old key")
        repo.write("creds", credentials_file(KEY_ID_2, SECRET_2))
        new = repo.commit("rotate key")
        r = history(repo.path)
        self.assertExit(r, 1)
        got = sorted((f["key_id"], f["commit"]) for f in key_findings(r))
        self.assertEqual(got, sorted([(KEY_ID, old), (KEY_ID_2, new)]))
        self.assertEqual(len(by_rule(r, "aws-secret-access-key")), 2, r)

    def test_key_in_a_commit_message(self):
        repo = self.repo()
        repo.write("README", "hello\n")
        repo.commit("initial")
        leaky = repo.commit(f"debug\n\nused aws_access_key_id={KEY_ID_2} to test\n")
        r = history(repo.path)
        self.assertExit(r, 1)
        keys = key_findings(r)
        self.assertEqual(len(keys), 1, r)
        self.assertEqual(keys[0]["path"], f"commit:{leaky}")
        self.assertEqual((keys[0]["commit"], keys[0]["line"]), (leaky, 3))
        self.assertIsNone(keys[0]["blob"])

    def test_dangling_commit_found_only_with_all_objects(self):
        repo = self.repo()
        repo.write("README", "hello\n")
        repo.commit("initial")
        repo.write("creds", credentials_file())
        dangling = repo.commit("oops")
        repo.git("reset", "-q", "--hard", "HEAD~1")
        self.assertExit(history(repo.path), 0)
        r = history(repo.path, "--all-objects")
        self.assertExit(r, 1)
        keys = key_findings(r)
        self.assertEqual([(f["commit"], f["path"]) for f in keys], [(dangling, "creds")])

    def test_lone_dangling_blob_is_reported_at_its_id(self):
        repo = self.repo()
        repo.write("README", "hello\n")
        repo.commit("initial")
        blob = repo.git("hash-object", "-w", repo.write("tmp", credentials_file()))
        os.remove(os.path.join(repo.path, "tmp"))
        self.assertExit(history(repo.path), 0)
        r = history(repo.path, "--all-objects")
        self.assertExit(r, 1)
        keys = key_findings(r)
        self.assertEqual([(f["path"], f["blob"], f["commit"]) for f in keys], [(blob, blob, None)])

    def test_stash_is_scanned(self):
        repo = self.repo()
        repo.write("creds", "nothing yet\n")
        repo.commit("initial")
        repo.write("creds", credentials_file())
        repo.git("stash", "-q")
        r = history(repo.path)
        self.assertExit(r, 1)
        self.assertEqual(len(key_findings(r)), 1, r)

    def test_bare_clone(self):
        repo = self.repo()
        repo.write("creds", credentials_file())
        added = repo.commit("add creds")
        bare = self.path("bare.git")
        repo.git("clone", "-q", "--bare", repo.path, bare)
        r = history(bare)
        self.assertExit(r, 1)
        self.assertEqual([f["commit"] for f in key_findings(r)], [added])

    def test_shallow_clone_scans_what_exists_and_says_so(self):
        repo = self.repo()
        repo.write("old", credentials_file(KEY_ID_2, SECRET_2))
        repo.commit("old key")
        repo.git("rm", "-q", "old")
        repo.commit("remove old key")
        repo.write("creds", credentials_file())
        tip = repo.commit("current key")
        clone = self.path("shallow")
        repo.git("clone", "-q", "--depth", "1", "file://" + repo.path, clone)
        r = history(clone)
        self.assertExit(r, 1)
        self.assertIn("shallow", r.stderr)
        self.assertEqual([(f["key_id"], f["commit"]) for f in key_findings(r)], [(KEY_ID, tip)])
        self.assertEqual(r.json()["summary"]["commits_scanned"], 1)

    def test_ranges(self):
        repo = self.repo()
        repo.write("creds", credentials_file())
        first = repo.commit("first key")
        repo.write("README", "hello\n")
        repo.commit("docs")
        repo.git("tag", "v1")
        repo.write("more/creds", credentials_file(KEY_ID_2, SECRET_2))
        second = repo.commit("second key")
        repo.write("README", "hello again\n")
        repo.commit("more docs")
        for args in (["v1..HEAD"], ["v1..main"], ["--since", "v1"], ["--since", "v1", "--branch", "main"]):
            r = history(repo.path, *args)
            self.assertExit(r, 1)
            self.assertEqual([(f["key_id"], f["commit"]) for f in key_findings(r)],
                             [(KEY_ID_2, second)], args)
            self.assertEqual(r.json()["summary"]["commits_scanned"], 2, args)
        r = history(repo.path, f"{first}..v1")
        self.assertExit(r, 0)
        self.assertEqual(r.json()["summary"]["blobs_scanned"], 1)  # README only
        self.assertExit(history(repo.path, "--since", "HEAD"), 0)
        bad = history(repo.path, "--since", "no-such-rev")
        self.assertExit(bad, 2)
        self.assertIn("no-such-rev", bad.stderr)

    def test_linked_worktree_and_subdirectory(self):
        repo = self.repo()
        repo.write("sub/dir/README", "hello\n")
        repo.commit("initial")
        wt = self.path("wt")
        repo.git("worktree", "add", "-q", "-b", "wt-branch", wt)
        wt_repo = GitRepo.__new__(GitRepo)
        wt_repo.path = wt
        wt_repo.write("creds", credentials_file())
        added = wt_repo.commit("creds in worktree")
        for where in (wt, os.path.join(repo.path, "sub", "dir")):
            r = history(where)
            self.assertExit(r, 1)
            self.assertEqual([f["commit"] for f in key_findings(r)], [added], where)

    def test_submodule_entries_are_skipped(self):
        repo = self.repo()
        repo.write("creds", credentials_file())
        repo.git("add", "creds")
        repo.git("update-index", "--add", "--cacheinfo",
                 "160000,0123456789abcdef0123456789abcdef01234567,vendor/lib")
        repo.git("commit", "-q", "-m", "with a gitlink")
        r = history(repo.path)
        self.assertExit(r, 1)
        self.assertEqual(r.json()["summary"]["errors"], 0)

    def test_not_a_repository(self):
        os.makedirs(self.path("plain"))
        r = run("history", "--repo", self.path("plain"))
        self.assertExit(r, 2)
        self.assertIn("error", r.stderr)
        self.assertIn("repository", r.stderr)

    def test_missing_object_is_named_and_the_rest_still_scanned(self):
        repo = self.repo()
        repo.write("a/creds", credentials_file())
        repo.write("b/other", "something else\n")
        repo.commit("two files")
        victim = repo.git("rev-parse", "HEAD:b/other")
        os.remove(os.path.join(repo.path, ".git", "objects", victim[:2], victim[2:]))
        r = history(repo.path)
        self.assertExit(r, 2)
        self.assertIn(victim, r.stderr)
        self.assertEqual(len(key_findings(r)), 1, r)

    def test_oversized_blob_is_skipped_with_a_notice(self):
        repo = self.repo()
        repo.write("big", credentials_file() + "x" * 5000)
        repo.commit("big file")
        r = history(repo.path, "--max-file-size", "1000")
        self.assertExit(r, 2)  # the scan is incomplete
        self.assertIn("max-file-size", r.stderr)
        self.assertEqual(r.json()["summary"]["skipped"], 1)
        self.assertExit(history(repo.path, "--max-file-size", "1000", "--allow-skipped"), 0)

    def test_thread_counts_agree(self):
        # Enough commits and blobs that three threads all get work: keysweep starts a worker
        # only for each 16 commits to diff and each 64 blobs to read.
        repo = self.repo()
        for i in range(40):
            for k in range(4):
                n = 4 * i + k
                repo.write(f"d{n % 5}/f{n}", f"file {n}\n" + (credentials_file() if n == 17 else ""))
            repo.commit(f"commit {i}")
        results = []
        for threads in ("1", "3"):
            r = history(repo.path, "--threads", threads)
            self.assertExit(r, 1)
            doc = r.json()
            del doc["summary"]["elapsed_ms"]
            results.append(doc)
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0]["summary"]["blobs_scanned"], 160)

    def test_hostile_config_runs_nothing(self):
        repo = self.repo()
        repo.write("creds", credentials_file())
        repo.commit("add creds")
        repo.write("staged", credentials_file(KEY_ID_2, SECRET_2))
        repo.git("add", "staged")
        marker = self.path("marker")
        write_hostile_config(repo, marker)
        self.assertExit(history(repo.path), 1)
        self.assertExit(history(repo.path, "--all-objects"), 1)
        self.assertExit(run("staged", "--repo", repo.path), 1)
        self.assertFalse(os.path.exists(marker))


if __name__ == "__main__":
    unittest.main()
