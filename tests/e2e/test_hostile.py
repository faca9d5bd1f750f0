"""Hostile repositories and inputs: every case builds its own fixture, and every run must end
within 5 s and 256 MiB with the documented exit code (0 clean, 1 findings, 2 error).

What these guard against is worse than a crash: a scan that reads nothing and reports "0
findings". Objects here are written by hand (hash verification is off for speed, so an object
can claim any id), FIFOs stand where files are expected, and pack indexes lie about their size.
"""
import os
import random
import stat
import struct
import subprocess
import threading
import time
import zlib

from kstest import BIN, KEY_ID, SECRET, GitRepo, TempDirTest, credentials_file, run_raw

TIME_LIMIT = 5.0  # seconds per run
RSS_LIMIT = 256 << 20
FORGED_A = "a" * 40
FORGED_B = "b" * 40
FORGED_T = "c" * 40


def write_loose(git_dir, oid_hex, kind, body):
    """Stores `body` as a loose object under a name of our choosing, whatever its real hash."""
    directory = os.path.join(git_dir, "objects", oid_hex[:2])
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, oid_hex[2:]), "wb") as f:
        f.write(zlib.compress(f"{kind} {len(body)}\0".encode() + body))


def set_ref(git_dir, name, oid_hex):
    """Points a reference at an object by writing its file: git update-ref refuses forgeries."""
    path = os.path.join(git_dir, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(oid_hex + "\n")


def commit_body(tree, parents, message=b"forged\n"):
    lines = [b"tree " + tree.encode()] + [b"parent " + p.encode() for p in parents]
    lines += [b"author A <a@example.com> 1704164645 +0000",
              b"committer A <a@example.com> 1704164645 +0000"]
    return b"\n".join(lines) + b"\n\n" + message


class Hostile(TempDirTest):
    def run_limited(self, *args, **kw):
        """Runs keysweep and checks the per-case budget: time, memory, and no signal death."""
        start = time.monotonic()
        r = run_raw(*args, timeout=TIME_LIMIT * 4, **kw)
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, TIME_LIMIT, f"took {elapsed:.1f} s: {r!r}")
        self.assertLess(r.max_rss, RSS_LIMIT, repr(r))
        self.assertGreaterEqual(r.code, 0, f"killed by signal {-r.code}: {r!r}")
        return r

    def keyed_repo(self, name="repo"):
        """A repository whose one commit holds a key; returns (repo, git dir, tree id)."""
        repo = GitRepo(self.path(name))
        repo.write("creds", credentials_file())
        repo.commit("key")
        return repo, os.path.join(repo.path, ".git"), repo.git("rev-parse", "HEAD^{tree}")

    def assertCycleError(self, r):
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(b"cycle at", r.stderr)


class Cycles(Hostile):
    def test_a_commit_that_is_its_own_parent_is_an_error_not_a_clean_pass(self):
        repo, git_dir, tree = self.keyed_repo()
        write_loose(git_dir, FORGED_A, "commit", commit_body(tree, [FORGED_A]))
        set_ref(git_dir, "refs/heads/main", FORGED_A)
        r = self.run_limited("history", "--repo", repo.path, "--format", "json")
        self.assertCycleError(r)
        self.assertIn(FORGED_A.encode(), r.stderr)

    def test_two_commits_that_are_each_others_parent(self):
        repo, git_dir, tree = self.keyed_repo()
        write_loose(git_dir, FORGED_A, "commit", commit_body(tree, [FORGED_B]))
        write_loose(git_dir, FORGED_B, "commit", commit_body(tree, [FORGED_A]))
        set_ref(git_dir, "refs/heads/main", FORGED_A)
        self.assertCycleError(self.run_limited("history", "--repo", repo.path))
        # In a range that ends inside the cycle, A descends from B, so git's own rule hides it
        # and nothing is new: the run must still end, within the budget.
        r = self.run_limited("history", "--repo", repo.path, f"{FORGED_B}..{FORGED_A}")
        self.assertIn(r.code, (0, 2), repr(r))

    def test_a_tag_that_names_itself(self):
        repo, git_dir, _ = self.keyed_repo()
        body = (f"object {FORGED_A}\ntype tag\ntag loop\n"
                "tagger A <a@example.com> 1704164645 +0000\n\nloop\n").encode()
        write_loose(git_dir, FORGED_A, "tag", body)
        set_ref(git_dir, "refs/tags/loop", FORGED_A)
        r = self.run_limited("history", "--repo", repo.path, "--format", "json")
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(b"refs/tags/loop", r.stderr)
        self.assertEqual(len(r.json()["findings"]) > 0, True, "main's key is still reported")

    def test_a_tree_that_contains_itself(self):
        repo, git_dir, _ = self.keyed_repo()
        blob = repo.git("rev-parse", "HEAD:creds")
        body = (b"100644 creds\0" + bytes.fromhex(blob) + b"40000 loop\0" + bytes.fromhex(FORGED_T))
        write_loose(git_dir, FORGED_T, "tree", body)
        write_loose(git_dir, FORGED_A, "commit", commit_body(FORGED_T, []))
        set_ref(git_dir, "refs/heads/main", FORGED_A)
        for args in [("history",), ("history", "--all-objects")]:
            r = self.run_limited(*args, "--repo", repo.path, "--format", "json")
            self.assertEqual(r.code, 2, repr(r))
            self.assertIn(b"cycle at", r.stderr)
            self.assertTrue(r.json()["findings"], "the key beside the loop is still reported")


class PackIndexLies(Hostile):
    def packed_repo(self):
        repo = GitRepo(self.path("repo"))
        for i in range(30):
            repo.write(f"f{i:02}.txt", f"file {i}\n" * (i + 1))
        repo.write("creds", credentials_file())
        repo.commit("packed")
        repo.git("repack", "-adq")
        pack_dir = os.path.join(repo.path, ".git", "objects", "pack")
        idx = [n for n in os.listdir(pack_dir) if n.endswith(".idx")][0]
        return repo, os.path.join(pack_dir, idx)

    def test_a_fanout_that_claims_more_objects_than_the_index_holds(self):
        repo, idx = self.packed_repo()
        with open(idx, "r+b") as f:
            f.seek(8 + 255 * 4)
            f.write(struct.pack(">I", 4294967280))
        r = self.run_limited("history", "--repo", repo.path)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(b"damaged pack index", r.stderr)

    def test_random_index_mutations_never_crash(self):
        repo, idx = self.packed_repo()
        with open(idx, "rb") as f:
            original = f.read()
        rng = random.Random(27)
        for case in range(300):
            data = bytearray(original)
            for _ in range(rng.randint(1, 4)):
                if rng.random() < 0.5:  # a fanout or offset word set to something large
                    pos = rng.randrange(0, len(data) - 4) & ~3
                    data[pos:pos + 4] = struct.pack(">I", rng.choice(
                        [0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, rng.getrandbits(32)]))
                else:
                    data[rng.randrange(len(data))] = rng.getrandbits(8)
            with open(idx, "wb") as f:
                f.write(data)
            r = self.run_limited("history", "--repo", repo.path)
            self.assertIn(r.code, (0, 1, 2), f"case {case}: {r!r}")


class Fifos(Hostile):
    """A FIFO where a file is expected must not block: nobody will ever write to it."""

    def fifo_at(self, path):
        if os.path.lexists(path):
            os.remove(path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.mkfifo(path)

    def check(self, repo, place, *args):
        r = self.run_limited(*args, cwd=repo.path)
        self.assertIn(r.code, (1, 2), f"{place}: {r!r}")
        if r.code == 2:
            self.assertIn(b"not a regular file", r.stderr, f"{place}: {r!r}")

    def test_fifos_in_the_repository_and_the_config(self):
        places = ["config", "objects/info/alternates", "packed-refs", "shallow", "index",
                  "info/grafts", "refs/heads/other"]
        for place in places:
            with self.subTest(place=place):
                repo, git_dir, _ = self.keyed_repo(place.replace("/", "_"))
                self.fifo_at(os.path.join(git_dir, place))
                self.check(repo, place, "history", "--repo", ".")
                self.check(repo, place, "staged")

    def test_fifo_as_an_included_config(self):
        repo, git_dir, _ = self.keyed_repo()
        self.fifo_at(self.path("included"))
        repo.git("config", "include.path", self.path("included"))
        self.check(repo, "include.path", "history", "--repo", ".")

    def test_fifo_as_a_loose_object(self):
        repo, git_dir, _ = self.keyed_repo()
        blob = repo.git("rev-parse", "HEAD:creds")
        self.fifo_at(os.path.join(git_dir, "objects", blob[:2], blob[2:]))
        r = self.run_limited("history", "--repo", repo.path)
        self.assertEqual(r.code, 2, repr(r))

    def test_fifo_as_keysweep_config_and_gitleaksignore(self):
        for name in [".keysweep.yaml", ".gitleaksignore"]:
            with self.subTest(name=name):
                repo, git_dir, _ = self.keyed_repo(name)
                self.fifo_at(os.path.join(repo.path, name))
                r = self.run_limited("scan", ".", cwd=repo.path)
                self.assertEqual(r.code, 2, repr(r))
                self.assertIn(b"not a regular file", r.stderr)


class SmallBreaks(Hostile):
    def test_history_of_an_empty_repository_says_so(self):
        repo = GitRepo(self.path("empty"))
        r = self.run_limited("history", "--repo", repo.path)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(b"no commits", r.stderr)

    def test_a_directory_given_as_config_is_an_error(self):
        repo, _, _ = self.keyed_repo()
        os.mkdir(self.path("confdir"))
        r = self.run_limited("scan", "--config", self.path("confdir"), repo.path)
        self.assertEqual(r.code, 2, repr(r))
        os.mkdir(os.path.join(repo.path, ".keysweep.yaml"))
        r = self.run_limited("scan", ".", cwd=repo.path)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(b".keysweep.yaml", r.stderr)

    def test_output_never_follows_an_existing_symlink(self):
        repo, _, _ = self.keyed_repo()
        target = self.write("victim.txt", "precious\n")
        link = self.path("report.json")
        os.symlink(target, link)
        r = self.run_limited("scan", "--format", "json", "-o", link, repo.path)
        with open(target) as f:
            self.assertEqual(f.read(), "precious\n")
        self.assertIn(r.code, (1, 2), repr(r))

    def test_all_objects_does_not_report_an_alternates_keys_as_its_own(self):
        other, _, _ = self.keyed_repo()
        mine = GitRepo(self.path("mine"))
        mine.write("readme", "nothing here\n")
        mine.commit("clean")
        with open(os.path.join(mine.path, ".git", "objects", "info", "alternates"), "w") as f:
            f.write(os.path.join(other.path, ".git", "objects") + "\n")
        r = self.run_limited("history", "--all-objects", "--repo", mine.path, "--format", "json")
        self.assertEqual(r.code, 0, repr(r))
        self.assertEqual(r.json()["findings"], [])

    def test_a_truncated_loose_object_is_an_error_not_zero_padding(self):
        repo, git_dir, _ = self.keyed_repo()
        blob = repo.git("rev-parse", "HEAD:creds")
        path = os.path.join(git_dir, "objects", blob[:2], blob[2:])
        with open(path, "rb") as f:
            raw = zlib.decompress(f.read())
        os.chmod(path, 0o644)
        with open(path, "wb") as f:  # the header still claims the full size
            f.write(zlib.compress(raw[:len(raw) // 2]))
        r = self.run_limited("history", "--repo", repo.path)
        self.assertEqual(r.code, 2, repr(r))
        self.assertIn(blob.encode(), r.stderr)


class SymlinkSwap(Hostile):
    def test_a_file_swapped_for_a_symlink_is_not_followed(self):
        secret_dir = self.path("outside")
        os.mkdir(secret_dir)
        outside = os.path.join(secret_dir, "creds")
        with open(outside, "w") as f:
            f.write(credentials_file())
        tree = self.path("tree")
        os.mkdir(tree)
        names = [os.path.join(tree, f"f{i:04}.txt") for i in range(400)]
        for n in names:
            with open(n, "w") as f:
                f.write("plain text\n" * 20)
        stop = threading.Event()

        def swap():  # keeps replacing the files by symlinks to the key while the scan runs
            while not stop.is_set():
                for n in names:
                    try:
                        os.remove(n)
                        os.symlink(outside, n)
                    except OSError:
                        pass
        t = threading.Thread(target=swap)
        for _ in range(6):
            for n in names:
                if os.path.islink(n):
                    os.remove(n)
                if not os.path.exists(n):
                    with open(n, "w") as f:
                        f.write("plain text\n" * 20)
            stop.clear()
            t = threading.Thread(target=swap)
            t.start()
            r = self.run_limited("scan", "--format", "json", tree)
            stop.set()
            t.join()
            self.assertNotIn(KEY_ID.encode(), r.stdout, repr(r))
