"""End-to-end tests of `keysweep history` over several repositories: --repo repeated,
--repos-from, clone URLs mirrored into a cache (file:// and a git daemon on 127.0.0.1),
blobs shared between repositories, and --shard K/N."""
import json
import os
import socket
import subprocess
import time
import unittest

from kstest import (KEY_ID, KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest, credentials_file,
                    repo_with_origin, run)

# Fabricated key IDs (random base32), one per repository so that findings can be told apart.
REPO_KEYS = ["AKIAQYLPMN5HHHFPZAM2", "AKIAV4RX7TJKXGDQ2LMB", "AKIAW3MZQ6TBNDVPXH7K",
             "AKIAXK2RDT6PJM4QZNAB", "AKIAZD7NMQ3VXR5TKWLC"]


def key_findings(findings):
    """(repository, key ID, path) of every access-key-ID finding."""
    return sorted((f["repository"], f["key_id"], f["path"]) for f in findings
                  if f["rule"] == "aws-access-key-id")


def jsonl_findings(text):
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [line for line in lines if "summary" not in line]


def identity(f):
    return (f["repository"], f["rule"], f["fingerprint"], f["commit"], f["path"], f["line"])


class MultiRepoTest(TempDirTest):
    def make_repo(self, name, key_id, shared=None):
        repo = GitRepo(self.path(name))
        repo.write("own.env", f"AWS_ACCESS_KEY_ID={key_id}\n")
        if shared is not None:
            repo.write("shared/creds", shared)
        repo.commit(f"{name}: initial")
        return repo

    def history(self, *args, **kw):
        return run("history", "--format", "json", "--cache-dir", self.path("cache"), *args, **kw)

    def test_two_repositories_each_finding_names_its_repository(self):
        a = self.make_repo("a", REPO_KEYS[0])
        b = self.make_repo("b", REPO_KEYS[1])
        r = self.history("--repo", a.path, "--repo", b.path)
        self.assertExit(r, 1)
        self.assertEqual(key_findings(r.json()["findings"]),
                         [(os.path.realpath(a.path), REPO_KEYS[0], "own.env"),
                          (os.path.realpath(b.path), REPO_KEYS[1], "own.env")])
        self.assertEqual(r.json()["summary"]["commits_scanned"], 2)

    def test_a_shared_blob_is_read_once_and_reported_in_each_repository(self):
        shared = credentials_file(KEY_ID, SECRET)
        a = self.make_repo("a", REPO_KEYS[0], shared)
        b = self.make_repo("b", REPO_KEYS[1], shared)
        alone = [self.history("--repo", p).json()["summary"]["blobs_scanned"]
                 for p in (a.path, b.path)]
        r = self.history("--repo", a.path, "--repo", b.path)
        self.assertExit(r, 1)
        # Each repository has own.env and shared/creds; the shared blob is read once.
        self.assertEqual(r.json()["summary"]["blobs_scanned"], sum(alone) - 1)
        shared_hits = [f for f in key_findings(r.json()["findings"]) if f[1] == KEY_ID]
        self.assertEqual(shared_hits, [(os.path.realpath(a.path), KEY_ID, "shared/creds"),
                                       (os.path.realpath(b.path), KEY_ID, "shared/creds")])
        commits = {f["repository"]: f["commit"] for f in r.json()["findings"]
                   if f["key_id"] == KEY_ID and f["rule"] == "aws-secret-access-key"}
        self.assertEqual(commits, {os.path.realpath(a.path): a.git("rev-parse", "HEAD"),
                                   os.path.realpath(b.path): b.git("rev-parse", "HEAD")})

    def test_repos_from_file_skips_comments_and_duplicates(self):
        a = self.make_repo("a", REPO_KEYS[0])
        b = self.make_repo("b", REPO_KEYS[1])
        listing = self.write("repos.txt", f"# our repositories\n\n  {a.path}  \n{b.path}\n{a.path}\n")
        r = self.history("--repos-from", listing)
        self.assertExit(r, 1)
        self.assertEqual([k for _, k, _ in key_findings(r.json()["findings"])],
                         [REPO_KEYS[0], REPO_KEYS[1]])
        missing = self.history("--repos-from", self.path("nope.txt"))
        self.assertExit(missing, 2)
        self.assertIn("nope.txt", missing.stderr)

    def test_an_unreadable_repository_fails_the_run_but_not_the_others(self):
        a = self.make_repo("a", REPO_KEYS[0])
        r = self.history("--repo", self.path("does-not-exist"), "--repo", a.path)
        self.assertExit(r, 2)
        self.assertIn("does-not-exist", r.stderr)
        self.assertEqual([k for _, k, _ in key_findings(r.json()["findings"])], [REPO_KEYS[0]])

    def test_a_range_after_repo_is_the_range(self):
        a = self.make_repo("a", REPO_KEYS[0])
        a.write("later.env", f"AWS_ACCESS_KEY_ID={REPO_KEYS[1]}\n")
        a.commit("second")
        r = self.history("--repo", a.path, "HEAD~1..HEAD")
        self.assertExit(r, 1)
        self.assertEqual([k for _, k, _ in key_findings(r.json()["findings"])], [REPO_KEYS[1]])

    def test_state_takes_one_repository(self):
        a = self.make_repo("a", REPO_KEYS[0])
        b = self.make_repo("b", REPO_KEYS[1])
        r = self.history("--repo", a.path, "--repo", b.path, "--state", self.path("state"))
        self.assertExit(r, 2)
        self.assertIn("--state", r.stderr)


class ShardTest(TempDirTest):
    def test_the_union_of_the_shards_is_the_unsharded_run(self):
        shared = credentials_file(KEY_ID_2, SECRET_2)
        paths = []
        for i, key in enumerate(REPO_KEYS):
            repo = GitRepo(self.path(f"r{i}"))
            repo.write("k.env", f"AWS_ACCESS_KEY_ID={key}\n")
            if i % 2 == 0:
                repo.write("creds", shared)  # shared by r0, r2, r4
            repo.commit("initial")
            paths.append(repo.path)
        listing = self.write("repos.txt", "\n".join(paths) + "\n")
        whole = run("history", "--format", "jsonl", "--repos-from", listing)
        self.assertExit(whole, 1)
        parts, per_shard = "", []
        for k in (1, 2, 3):
            r = run("history", "--format", "jsonl", "--repos-from", listing, "--shard", f"{k}/3")
            self.assertIn(r.code, (0, 1), repr(r))
            parts += r.stdout  # JSONL of the shards concatenates into one report
            per_shard.append({f["repository"] for f in jsonl_findings(r.stdout)})
        self.assertEqual(sorted(map(identity, jsonl_findings(parts))),
                         sorted(map(identity, jsonl_findings(whole.stdout))))
        self.assertEqual(len(jsonl_findings(whole.stdout)), 5 + 3 * 2)
        # Every repository is in exactly one shard.
        self.assertEqual(sum(len(s) for s in per_shard), len(paths))
        # Deterministic: the same shard picks the same repositories again.
        again = run("history", "--format", "jsonl", "--repos-from", listing, "--shard", "2/3")
        self.assertEqual({f["repository"] for f in jsonl_findings(again.stdout)}, per_shard[1])

    def test_bad_shards_are_usage_errors(self):
        for bad in ("0/3", "4/3", "1/0", "x/2", "1-2", "2"):
            r = run("history", "--shard", bad)
            self.assertExit(r, 2)
            self.assertIn("--shard", r.stderr)


class CloneUrlTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.origin = self.path("srv", "origin.git")
        self.work = repo_with_origin(self.path("work"), self.origin, REPO_KEYS[0])

    def history(self, url):
        return run("history", "--format", "json", "--repo", url, "--cache-dir", self.path("cache"))

    def push_new_key(self):
        self.work.write("later.env", f"AWS_ACCESS_KEY_ID={REPO_KEYS[1]}\n")
        self.work.commit("add another key")
        self.work.git("push", "-q", self.origin, "main")

    def test_file_url_is_mirrored_then_fetched_incrementally(self):
        url = "file://" + self.origin
        first = self.history(url)
        self.assertExit(first, 1)
        self.assertEqual(key_findings(first.json()["findings"]), [(url, REPO_KEYS[0], "own.env")])
        mirrors = os.listdir(self.path("cache"))
        self.assertEqual(len(mirrors), 1, mirrors)
        self.assertTrue(mirrors[0].startswith("origin-") and mirrors[0].endswith(".git"))
        mirror = self.path("cache", mirrors[0])
        inode = os.stat(mirror).st_ino
        self.push_new_key()
        second = self.history(url)
        self.assertExit(second, 1)
        self.assertEqual([k for _, k, _ in key_findings(second.json()["findings"])],
                         [REPO_KEYS[0], REPO_KEYS[1]])
        self.assertEqual(os.stat(mirror).st_ino, inode)  # fetched into, not cloned again
        self.assertFalse(os.path.exists(os.path.join(mirror, "hooks", "pre-commit.sample")))

    def test_unreachable_url_is_a_clear_error(self):
        r = self.history("file://" + self.path("nowhere.git"))
        self.assertExit(r, 2)
        self.assertIn("nowhere.git", r.stderr)
        self.assertEqual([e for e in os.listdir(self.path("cache")) if ".tmp-" in e], [])

    def test_git_daemon_on_loopback(self):
        port = free_port()
        daemon = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={self.path('srv')}",
             "--listen=127.0.0.1", f"--port={port}", self.path("srv")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(daemon.wait)
        self.addCleanup(daemon.terminate)
        wait_for_port(port)
        url = f"git://127.0.0.1:{port}/origin.git"
        r = self.history(url)
        self.assertExit(r, 1)
        self.assertEqual(key_findings(r.json()["findings"]), [(url, REPO_KEYS[0], "own.env")])
        self.push_new_key()
        again = self.history(url)
        self.assertEqual([k for _, k, _ in key_findings(again.json()["findings"])],
                         [REPO_KEYS[0], REPO_KEYS[1]])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"git daemon did not listen on {port}")


if __name__ == "__main__":
    unittest.main()
