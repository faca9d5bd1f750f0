"""End-to-end hardening tests: damaged and hostile repositories, huge inputs, odd file names.

Every case must end promptly with the documented exit code (0 clean, 1 findings, 2 error), never
with a crash or a hang, and whatever can still be read must still be scanned. Repositories are
built with the git CLI, with `git fast-import` for bulk content, or byte by byte (pack files
that git's porcelain refuses to make); keysweep itself never runs git.
"""
import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading
import unittest
import zlib

from kstest import (BIN, KEY_ID, KEY_ID_2, SECRET, SECRET_2, GitRepo, TempDirTest,
                    credentials_file, run, run_raw)

GIB = 1 << 30
MIB = 1 << 20
# Peak RSS allowed while a 1 GiB input is skipped: far below the input, far above what a run
# needs (about 15 MiB for history, 75 MiB when stdin is read up to --max-file-size).
RSS_LIMIT = 300 * MIB


def history(repo_path, *args, **kw):
    return run("history", "--repo", repo_path, "--format", "json", *args, **kw)


def key_places(result):
    """(key ID, commit, path) of each aws-access-key-id finding, in report order."""
    return [(f["key_id"], f["commit"], f["path"]) for f in result.json()["findings"]
            if f["rule"] == "aws-access-key-id"]


def error_lines(stderr):
    return [line for line in stderr.splitlines() if line.startswith("keysweep: error:")]


def filler(i, size=3000):
    """Deterministic incompressible-looking text, distinct for each i (so no two blobs delta)."""
    out = bytearray()
    seed = f"filler {i}".encode()
    while len(out) < size:
        seed = hashlib.sha256(seed).digest()
        out += seed.hex().encode() + b"\n"
    return bytes(out[:size])


def formats():
    """The --format choices this binary offers, from its --help."""
    m = re.search(r"--format TEXT:\{([^}]*)\}", run("--help").stdout)
    return m.group(1).split(",") if m else ["text", "json"]


# ---------------------------------------------------------------------------------------------
# Raw runs: stdout and stderr as bytes, and the peak memory of the keysweep process itself


# ---------------------------------------------------------------------------------------------
# Writing objects git's porcelain will not make


def object_id(kind, body):
    return hashlib.sha1(f"{kind} {len(body)}\0".encode() + body).digest()


def write_pack(repo_path, objects):
    """Writes (kind, body) objects as one new pack (undeltified) and indexes it with git."""
    types = {"commit": 1, "tree": 2, "blob": 3}
    parts = [b"PACK", (2).to_bytes(4, "big"), len(objects).to_bytes(4, "big")]
    for kind, body in objects:
        size = len(body)
        byte = (types[kind] << 4) | (size & 15)
        size >>= 4
        header = bytearray()
        while size:
            header.append(byte | 0x80)
            byte = size & 0x7F
            size >>= 7
        header.append(byte)
        parts += [bytes(header), zlib.compress(body, 1)]
    data = b"".join(parts)
    data += hashlib.sha1(data).digest()
    pack = os.path.join(os.path.abspath(repo_path), ".git", "objects", "pack", "made.pack")
    with open(pack, "wb") as f:
        f.write(data)
    subprocess.run(["git", "index-pack", pack], check=True, capture_output=True)


def fast_import(repo, stream):
    subprocess.run(["git", "-C", repo.path, "fast-import", "--quiet"], input=stream, check=True,
                   capture_output=True)


def quoted(path):
    """A path in fast-import's C-style quotes (octal escapes for every byte that needs one)."""
    out = []
    for b in path:
        if b in b'"\\' or b < 0x20 or b >= 0x7F:
            out.append(b"\\%03o" % b)
        else:
            out.append(bytes([b]))
    return b'"' + b"".join(out) + b'"'


def commit_stream(files, message=b"import", ref=b"refs/heads/main",
                  author=b"Test Author <author@example.com>"):
    """A fast-import stream committing {path bytes: content bytes} as one commit."""
    out = [b"commit " + ref + b"\n",
           b"author " + author + b" 1704164645 +0000\n",
           b"committer Test Committer <committer@example.com> 1704164645 +0000\n",
           b"data %d\n" % len(message), message, b"\n"]
    for path, content in files.items():
        out += [b"M 100644 inline " + quoted(path) + b"\n", b"data %d\n" % len(content), content,
                b"\n"]
    return b"".join(out)


# ---------------------------------------------------------------------------------------------
# Damaged object databases


class DamagedObjects(TempDirTest):
    def repo(self):
        return GitRepo(self.path("repo"))

    def packed_repo_with_a_loose_commit(self):
        """One commit with 12 files and a key, packed; a second, loose commit with another key."""
        repo = self.repo()
        for i in range(12):
            repo.write(f"f{i:02}.txt", filler(i).decode())
        repo.write("creds", credentials_file(KEY_ID_2, SECRET_2))
        packed = repo.commit("packed")
        repo.git("repack", "-adq")
        repo.write("later/creds", credentials_file())
        loose = repo.commit("loose")
        [pack] = [f for f in os.listdir(os.path.join(repo.path, ".git", "objects", "pack"))
                  if f.endswith(".pack")]
        return repo, packed, loose, os.path.join(repo.path, ".git", "objects", "pack", pack)

    def test_truncated_pack_is_named_and_loose_objects_are_still_scanned(self):
        repo, packed, loose, pack = self.packed_repo_with_a_loose_commit()
        packed_creds = repo.git("rev-parse", f"{packed}:creds")
        os.chmod(pack, 0o644)
        os.truncate(pack, os.path.getsize(pack) // 2)
        for args in ([], ["--all-objects"], ["--threads", "1"]):
            with self.subTest(args=args):
                r = history(repo.path, *args, timeout=60)
                self.assertExit(r, 2)
                errors = error_lines(r.stderr)
                # The pack is named once, with the reason, before the objects it held.
                self.assertIn(f"{pack}: damaged pack", errors[0])
                self.assertIn("truncated", errors[0])
                self.assertEqual(sum(os.path.basename(pack) in e for e in errors), 1, r.stderr)
                # Each object that is now unreadable is named, with where it was.
                self.assertTrue(any(packed in e for e in errors), r.stderr)
                self.assertTrue(any(packed_creds in e and "'creds'" in e for e in errors),
                                r.stderr)
                # What is still readable (the loose commit) is scanned and reported.
                self.assertEqual(key_places(r), [(KEY_ID, loose, "later/creds")])
                summary = r.json()["summary"]
                self.assertEqual(summary["errors"], len(errors))
                self.assertEqual(summary["blobs_scanned"], 1)

    def test_pack_without_its_trailer_or_header(self):
        repo, _, loose, pack = self.packed_repo_with_a_loose_commit()
        os.chmod(pack, 0o644)
        for size, reason in ((os.path.getsize(pack) - 1, "truncated"), (10, "truncated")):
            with self.subTest(size=size):
                os.truncate(pack, size)
                r = history(repo.path, timeout=60)
                self.assertExit(r, 2)
                self.assertIn(f"{pack}: damaged pack, {reason}", r.stderr)
                self.assertEqual(key_places(r), [(KEY_ID, loose, "later/creds")])

    def test_corrupt_object_inside_a_pack_spares_the_others(self):
        repo = self.repo()
        for i in range(12):
            repo.write(f"f{i:02}.txt", filler(i).decode())
        repo.write("creds", credentials_file())
        commit = repo.commit("packed")
        repo.git("repack", "-adq")
        victim = repo.git("rev-parse", f"{commit}:f05.txt")
        pack_dir = os.path.join(repo.path, ".git", "objects", "pack")
        [idx] = [f for f in os.listdir(pack_dir) if f.endswith(".idx")]
        # verify-pack -v: "<id> <type> <size> <size in pack> <offset>"
        offsets = {line.split()[0]: int(line.split()[4])
                   for line in repo.git("verify-pack", "-v", os.path.join(pack_dir, idx))
                   .splitlines() if len(line.split()) >= 5 and len(line.split()[0]) == 40}
        pack = os.path.join(pack_dir, idx[:-4] + ".pack")
        os.chmod(pack, 0o644)
        with open(pack, "r+b") as f:  # the compressed data, past the object's 2-byte header
            f.seek(offsets[victim] + 16)
            f.write(b"\xff" * 64)
        for args in ([], ["--all-objects"]):
            with self.subTest(args=args):
                r = history(repo.path, *args, timeout=60)
                self.assertExit(r, 2)
                errors = error_lines(r.stderr)
                self.assertEqual(len(errors), 1, r.stderr)
                self.assertIn(victim, errors[0])
                self.assertIn("'f05.txt'", errors[0])
                self.assertNotIn("damaged pack", r.stderr)  # the pack as a whole is fine
                self.assertEqual(key_places(r), [(KEY_ID, commit, "creds")])
                self.assertEqual(r.json()["summary"]["blobs_scanned"], 12)

    def corrupt_loose(self, repo, oid, content):
        path = os.path.join(repo.path, ".git", "objects", oid[:2], oid[2:])
        os.chmod(path, 0o644)
        with open(path, "wb") as f:
            f.write(content)

    def test_garbage_loose_objects_are_named_and_the_rest_still_scanned(self):
        garbage = {"random bytes": filler(7, 200),
                   "zlib of a bad header": zlib.compress(b"blob nonsense\0data"),
                   "empty file": b""}
        for what, content in garbage.items():
            with self.subTest(what=what):
                repo = GitRepo(self.path(f"repo-{len(os.listdir(self.tmp))}"))
                repo.write("a/creds", credentials_file())
                repo.write("b/other", f"something else: {what}\n")
                repo.write("c/deep/note", f"a note: {what}\n")
                commit = repo.commit("three files")
                blob = repo.git("rev-parse", f"{commit}:b/other")
                tree = repo.git("rev-parse", f"{commit}:c")
                self.corrupt_loose(repo, blob, content)
                self.corrupt_loose(repo, tree, content)
                for args in ([], ["--all-objects"]):
                    r = history(repo.path, *args, timeout=60)
                    self.assertExit(r, 2)
                    errors = error_lines(r.stderr)
                    self.assertTrue(any(blob in e and "'b/other'" in e for e in errors), r)
                    self.assertTrue(any(tree in e and "'c/'" in e for e in errors), r)
                    self.assertEqual(key_places(r), [(KEY_ID, commit, "a/creds")])
                    self.assertEqual(r.json()["summary"]["errors"], len(errors))

    def test_a_corrupt_tree_met_by_two_commits_is_reported_once(self):
        # The diff pass reads a tree as one commit's own and again as its child's parent tree
        # (the child changed that directory); the user hears about it once.
        repo = self.repo()
        repo.write("c/note", "first\n")
        first = repo.commit("first")
        repo.write("c/note", "second\n")
        repo.write("creds", credentials_file())
        second = repo.commit("second")
        tree = repo.git("rev-parse", f"{first}:c")
        self.corrupt_loose(repo, tree, b"\x00garbage")
        r = history(repo.path, timeout=60)
        self.assertExit(r, 2)
        errors = error_lines(r.stderr)
        self.assertEqual(len([e for e in errors if tree in e]), 1, r.stderr)
        self.assertEqual(r.json()["summary"]["errors"], len(errors))
        self.assertEqual(key_places(r), [(KEY_ID, second, "creds")])

    def test_corrupt_tip_commit(self):
        repo = self.repo()
        repo.write("creds", credentials_file())
        first = repo.commit("first")
        repo.write("README", "hello\n")
        tip = repo.commit("second")
        self.corrupt_loose(repo, tip, b"\x00garbage")
        r = history(repo.path, timeout=60)
        self.assertExit(r, 2)
        # The reference names the object it cannot read; HEAD (the same branch) adds nothing.
        errors = error_lines(r.stderr)
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("refs/heads/main", errors[0])
        self.assertIn(tip, errors[0])
        # A branch at the older commit still gets scanned.
        repo.git("branch", "old", first)
        r = history(repo.path, timeout=60)
        self.assertExit(r, 2)
        self.assertEqual(key_places(r), [(KEY_ID, first, "creds")])


# ---------------------------------------------------------------------------------------------
# Big and many


class BigAndMany(TempDirTest):
    def assertBounded(self, r):
        self.assertLess(r.max_rss, RSS_LIMIT, r)

    def test_1gib_blob_in_history_is_scanned_with_bounded_memory(self):
        repo = GitRepo(self.path("repo"))
        big = self.path("zero.bin")
        with open(big, "wb") as f:
            f.truncate(GIB)  # sparse zeros: cheap to make, cheap to compress
        blob = repo.git("-c", "core.compression=1", "-c", "pack.compression=1", "hash-object",
                        "-w", big)
        os.remove(big)
        repo.git("update-index", "--add", "--cacheinfo", f"100644,{blob},data/big.bin")
        repo.write("creds", credentials_file())
        commit = repo.commit("a key and a big file", "creds")
        for args in ([], ["--all-objects"]):
            with self.subTest(args=args):
                r = run_raw("history", "--repo", repo.path, "--format", "json", *args,
                            timeout=60)
                self.assertEqual(r.code, 1, r)  # streamed, not skipped (the limit is 1 GiB)
                doc = r.json()
                self.assertEqual(doc["summary"]["skipped"], 0)
                self.assertGreaterEqual(doc["summary"]["bytes_scanned"], GIB)
                self.assertEqual(key_places_doc(doc), [(KEY_ID, commit, "creds")])
                self.assertBounded(r)
        r = run_raw("history", "--repo", repo.path, "--format", "json", "--max-file-size",
                    str(GIB - 1), timeout=60)
        self.assertEqual(r.code, 2, r)  # skipped, which makes the scan incomplete
        self.assertIn(f"data/big.bin (object {blob}): skipped, {GIB} bytes is over "
                      f"--max-file-size", r.stderr.decode())
        self.assertEqual(r.json()["summary"]["skipped"], 1)
        self.assertBounded(r)

    def test_1gib_file_in_a_directory_is_scanned_with_bounded_memory(self):
        big = self.path("tree", "big.bin")
        os.makedirs(os.path.dirname(big))
        with open(big, "wb") as f:
            f.truncate(GIB)
        creds = self.write("tree/creds", credentials_file())
        for targets in ([self.path("tree")], [big, creds]):
            with self.subTest(targets=targets):
                r = run_raw("--format", "json", "scan", *targets, timeout=60)
                self.assertEqual(r.code, 1, r)
                self.assertEqual(r.json()["summary"]["skipped"], 0)
                self.assertEqual(r.json()["summary"]["bytes_scanned"], GIB + len(
                    credentials_file()))
                self.assertEqual(len(r.json()["findings"]), 2)
                self.assertBounded(r)
        r = run_raw("--format", "json", "scan", "--max-file-size", str(GIB - 1), big, creds,
                    timeout=60)
        self.assertEqual(r.code, 2, r)
        self.assertIn(f"{big}: skipped, {GIB} bytes is over --max-file-size",
                      r.stderr.decode())
        self.assertEqual(r.json()["summary"]["skipped"], 1)

    def test_endless_stdin_stops_at_the_size_limit(self):
        with open("/dev/zero", "rb") as zero:
            r = run_raw("scan", "-", stdin=zero, timeout=60)
        self.assertEqual(r.code, 2, r)  # the rest was not scanned
        self.assertIn(b"-: only the first 1073741824 bytes were scanned, the rest is over "
                      b"--max-file-size", r.stderr)
        self.assertBounded(r)

    def test_100k_tiny_blobs_in_one_commit(self):
        repo = GitRepo(self.path("repo"))
        files = {f"d{i // 1000:03}/f{i:06}.txt".encode(): f"tiny file {i}\n".encode()
                 for i in range(100_000)}
        planted = b"d042/f042123.txt"
        files[planted] = credentials_file().encode()
        fast_import(repo, commit_stream(files))
        commit = repo.git("rev-parse", "main")
        r = history(repo.path, timeout=120)
        self.assertExit(r, 1)
        self.assertEqual(key_places(r), [(KEY_ID, commit, planted.decode())])
        summary = r.json()["summary"]
        self.assertEqual(summary["blobs_scanned"], 100_000)
        self.assertEqual((summary["commits_scanned"], summary["errors"]), (1, 0))

    def test_deep_tree(self):
        repo = GitRepo(self.path("repo"))
        deep = "/".join(f"d{i}" for i in range(200)) + "/creds"
        repo.write(deep, credentials_file())
        commit = repo.commit("deep")
        r = history(repo.path)
        self.assertExit(r, 1)
        self.assertEqual(key_places(r), [(KEY_ID, commit, deep)])
        on_disk = run("--format", "json", "scan", repo.path)
        self.assertExit(on_disk, 1)
        self.assertEqual([f["path"] for f in on_disk.json()["findings"]],
                         [os.path.join(repo.path, deep)] * 2)

    def test_hostile_tree_depth_is_an_error_not_a_crash(self):
        # 60000 nested trees (a few bytes each) overflowed the stack of the recursive walks.
        # Now trees deeper than git's own core.maxTreeDepth (4096) are reported and skipped.
        repo = GitRepo(self.path("repo"))
        repo.write("README", "hello\n")
        base = repo.commit("base")
        key_blob = credentials_file(KEY_ID_2, SECRET_2).encode()
        top_blob = credentials_file().encode()
        objects = [("blob", key_blob), ("blob", top_blob)]
        tree = b"100644 creds\0" + object_id("blob", key_blob)
        objects.append(("tree", tree))
        for _ in range(60_000):
            tree = b"40000 d\0" + object_id("tree", tree)
            objects.append(("tree", tree))
        # The root: the 60000-deep chain beside a key at the top.
        root = (b"100644 creds\0" + object_id("blob", top_blob) +
                b"40000 deep\0" + object_id("tree", tree))
        objects.append(("tree", root))
        commit_body = (f"tree {object_id('tree', root).hex()}\nparent {base}\n"
                       "author A <a@example.com> 1704164645 +0000\n"
                       "committer A <a@example.com> 1704164645 +0000\n\ndeep\n").encode()
        objects.append(("commit", commit_body))
        write_pack(repo.path, objects)
        tip = object_id("commit", commit_body).hex()
        repo.git("update-ref", "refs/heads/main", tip)
        # Full walk, range walk (introduced blobs) and attribution (the top key's commit).
        for args in ([], [f"{base}..main"]):
            with self.subTest(args=args):
                r = history(repo.path, *args, timeout=60)
                self.assertExit(r, 2)
                self.assertIn("nested more than 4096 directories deep", r.stderr)
                self.assertEqual(key_places(r), [(KEY_ID, tip, "creds")])
        # --all-objects still reaches the blob below the cut, as an object no walk reached.
        r = history(repo.path, "--all-objects", timeout=60)
        self.assertExit(r, 2)
        deep_blob = object_id("blob", key_blob).hex()
        self.assertEqual(key_places(r), [(KEY_ID, tip, "creds"), (KEY_ID_2, None, deep_blob)])
        # The pre-commit path (libgit2's own iterative diff) copes with the deep HEAD too.
        staged_blob = repo.git("hash-object", "-w",
                               repo.write("new.env", f"export AWS_ACCESS_KEY_ID={KEY_ID}\n"
                                          f"export AWS_SECRET_ACCESS_KEY={SECRET}\n"))
        repo.git("update-index", "--add", "--cacheinfo", f"100644,{staged_blob},new.env")
        r = run("--format", "json", "staged", "--repo", repo.path, timeout=60)
        self.assertExit(r, 1)
        self.assertEqual([f["path"] for f in r.json()["findings"]], ["new.env"] * 2)

    def test_path_longer_than_path_max_on_disk(self):
        # A directory walk builds full paths; past PATH_MAX the kernel refuses them: an error,
        # and the rest of the tree is still scanned.
        self.write("tree/creds", credentials_file())
        fd = os.open(self.path("tree"), os.O_RDONLY)
        try:
            for _ in range(500):  # 500 * 10 bytes > 4096
                os.mkdir("ddddddddd", dir_fd=fd)
                fd, old = os.open("ddddddddd", os.O_RDONLY, dir_fd=fd), fd
                os.close(old)
        finally:
            os.close(fd)
        r = run("--format", "json", "scan", self.path("tree"), timeout=60)
        self.assertExit(r, 2)
        self.assertIn("too long", r.stderr)
        self.assertEqual([f["path"] for f in r.json()["findings"]],
                         [self.path("tree", "creds")] * 2)


def key_places_doc(doc):
    return [(f["key_id"], f["commit"], f["path"]) for f in doc["findings"]
            if f["rule"] == "aws-access-key-id"]


# ---------------------------------------------------------------------------------------------
# File names that are not UTF-8, or carry control characters


HOSTILE_NAMES = [b"caf\xe9.txt", b"\x1b[31mred\x1b[0m.env", b"carriage\rreturn", b"tab\tname",
                 b"new\nline", b"bell\x07\x7f.cfg", b"csi\xc2\x9b2J.txt"]
CONTROL_BYTES = [b"\x1b", b"\r", b"\x07", b"\x7f", b"\x9b"]


class HostileNames(TempDirTest):
    def setUp(self):
        super().setUp()
        self.formats = formats()

    def check_report(self, fmt, r, expected_findings):
        if fmt == "json":
            doc = r.json()
            self.assertEqual(len(doc["findings"]), expected_findings)
            return [f["path"] for f in doc["findings"]]
        if fmt == "jsonl":
            lines = r.stdout.decode("utf-8").splitlines()
            docs = [json.loads(line) for line in lines]
            findings = [d for d in docs if "rule" in d]
            self.assertEqual(len(findings), expected_findings)
            return [f["path"] for f in findings]
        if fmt == "sarif":
            doc = r.json()
            results = doc["runs"][0]["results"]
            self.assertEqual(len(results), expected_findings)
            uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    for res in results]
            for uri in uris:  # RFC 3986: no raw control characters, spaces or non-ASCII
                self.assertRegex(uri, r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
            return uris
        # Text: one line per finding, no raw control byte anywhere.
        for bad in CONTROL_BYTES:
            self.assertNotIn(bad, r.stdout, f"raw {bad!r} in the text report")
        lines = r.stdout.split(b"\n")
        finding_lines = [line for line in lines if re.search(rb":\d+:\d+: (high|critical) aws-", line)]
        self.assertEqual(len(finding_lines), expected_findings, r)
        # Every other line is a commit line, blank, or the closing next-steps paragraph.
        for line in lines:
            if line not in finding_lines and line:
                self.assertRegex(line, rb"^(    commit [0-9a-f]{12} |Next steps: )", line)
        return finding_lines

    def assertStderrSafe(self, r):
        for bad in CONTROL_BYTES:
            self.assertNotIn(bad, r.stderr)

    def test_scan_directory(self):
        root = self.path("tree")
        os.makedirs(root)
        for name in HOSTILE_NAMES:
            with open(os.path.join(root.encode(), name), "wb") as f:
                f.write(credentials_file().encode())
        expected = 2 * len(HOSTILE_NAMES)
        for fmt in ("text", "json", "jsonl", "sarif"):
            with self.subTest(format=fmt):
                if fmt not in self.formats:
                    self.skipTest("format not built yet")
                r = run_raw("--format", fmt, "scan", root)
                self.assertEqual(r.code, 1, r)
                self.assertStderrSafe(r)
                got = self.check_report(fmt, r, expected)
                if fmt in ("json", "jsonl"):
                    # UTF-8 names come back exactly; other bytes as U+FFFD.
                    self.assertIn(os.path.join(root, "new\nline"), got)
                    self.assertIn(os.path.join(root, "\x1b[31mred\x1b[0m.env"), got)
                    self.assertIn(os.path.join(root, "caf\ufffd.txt"), got)
                if fmt == "text":
                    text = r.stdout.decode("utf-8", "replace")
                    self.assertIn("new\\x0aline", text)
                    self.assertIn("\\x1b[31mred\\x1b[0m.env", text)

    def test_history(self):
        repo = GitRepo(self.path("repo"))
        files = {name: credentials_file().encode() for name in HOSTILE_NAMES}
        # The author's name carries an escape sequence too; text output must defuse it.
        fast_import(repo, commit_stream(files, author=b"Mallory\x1b[2J <m@example.com>"))
        expected = 2 * len(HOSTILE_NAMES)
        for fmt in ("text", "json", "jsonl", "sarif"):
            with self.subTest(format=fmt):
                if fmt not in self.formats:
                    self.skipTest("format not built yet")
                r = run_raw("--format", fmt, "history", "--max-provenance", "0", "--repo",
                            repo.path)
                self.assertEqual(r.code, 1, r)
                self.assertStderrSafe(r)
                got = self.check_report(fmt, r, expected)
                if fmt in ("json", "jsonl"):
                    self.assertIn("new\nline", got)
                    self.assertIn("carriage\rreturn", got)
                    self.assertIn("caf\ufffd.txt", got)
                if fmt == "text":
                    self.assertIn(b"Mallory\\x1b[2J", r.stdout)


# ---------------------------------------------------------------------------------------------
# Symbolic links (test_scan.py covers loops inside a walked tree and a self-loop named directly)


class SymlinkLoops(TempDirTest):
    def test_two_link_loop_named_directly_is_a_clear_error(self):
        self.write("creds", credentials_file())
        os.symlink("b", self.path("a"))
        os.symlink("a", self.path("b"))
        r = run("--format", "json", "scan", self.path("a"), self.path("creds"), timeout=30)
        self.assertExit(r, 2)
        self.assertIn(self.path("a"), r.stderr)
        self.assertIn("symbolic links", r.stderr)
        self.assertEqual(len(r.json()["findings"]), 2)

    def test_link_to_an_enclosing_directory_named_directly_is_walked_once(self):
        self.write("tree/real/creds", credentials_file())
        up = self.path("tree", "real", "up")
        os.symlink("..", up)
        r = run("--format", "json", "scan", up, timeout=30)
        self.assertExit(r, 1)
        self.assertEqual([f["path"] for f in r.json()["findings"]],
                         [os.path.join(up, "real", "creds")] * 2)

    def test_symlink_loops_in_history_are_just_blobs(self):
        repo = GitRepo(self.path("repo"))
        os.symlink("b", os.path.join(repo.path, "a"))
        os.symlink("a", os.path.join(repo.path, "b"))
        os.symlink(".", os.path.join(repo.path, "self"))
        repo.write("creds", credentials_file())
        commit = repo.commit("links")
        r = history(repo.path, timeout=30)
        self.assertExit(r, 1)
        self.assertEqual(key_places(r), [(KEY_ID, commit, "creds")])
        self.assertEqual(r.json()["summary"]["blobs_scanned"], 4)


# ---------------------------------------------------------------------------------------------
# Repository paths that do not exist


class MissingRepository(TempDirTest):
    def test_every_git_command_says_so_with_exit_2(self):
        missing = self.path("no", "such", "repo")
        plain_file = self.write("file.txt", "not a repository\n")
        for target in (missing, plain_file):
            for command in ("history", "staged", "install-hook", "uninstall-hook"):
                with self.subTest(command=command, target=target):
                    r = run(command, "--repo", target, timeout=30)
                    self.assertExit(r, 2)
                    self.assertEqual(r.stdout, "")
                    self.assertIn("keysweep: error:", r.stderr)
                    self.assertIn(f"'{target}'", r.stderr)
        self.assertFalse(os.path.exists(self.path("no")))  # nothing was created


if __name__ == "__main__":
    unittest.main()
