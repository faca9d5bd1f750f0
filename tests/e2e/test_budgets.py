"""Size budgets (#27, item 5): big files, blobs and commit messages are scanned in bounded memory
(chunks with overlap), and what is still skipped is listed in every format and fails the run.

The 1 GiB cases write their fixtures a block at a time (a sparse file, a zlib stream) and never
hold them in memory. They take a few seconds each here; KEYSWEEP_SKIP_GIANT=1 leaves them out.
"""
import hashlib
import json
import os
import unittest
import zlib

from kstest import (KEY_ID, KEY_ID_2, SANITIZED, SECRET, SECRET_2, GitRepo, TempDirTest, run,
                    run_raw)

GIB = 1 << 30
CHUNK = 8 << 20  # source/blob.h kDefaultChunkBytes
# What a run needs besides its chunk buffers: the rules database, libgit2, the allocator's arenas
# (ASan's shadow memory and quarantine add about 100 MiB; still far below a 1 GiB input).
RSS_CONSTANT = (256 if SANITIZED else 48) << 20
SMALL_CHUNK = 256 << 10  # KEYSWEEP_CHUNK_SIZE for boundary tests (the minimum)
MARGIN = 64 << 10        # BlobScanner::kChunkMargin
PAIR = f"aws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n".encode()
giant = unittest.skipIf(os.environ.get("KEYSWEEP_SKIP_GIANT") == "1", "KEYSWEEP_SKIP_GIANT=1")


def filler(n):
    """`n` bytes of text lines (100 bytes each, the last one cut)."""
    line = b"lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    line = (line + b"x" * 99)[:99] + b"\n"
    return (line * (n // 100 + 1))[:n]


def write_loose_streamed(git_dir, kind, parts):
    """Writes a loose object whose content is the concatenation of `parts` (bytes, or
    (block, count) pairs repeated), streaming both zlib and SHA-1; returns its id."""
    size = sum(len(p) if isinstance(p, bytes) else len(p[0]) * p[1] for p in parts)
    header = f"{kind} {size}\0".encode()
    sha = hashlib.sha1(header)
    z = zlib.compressobj(1)
    tmp = os.path.join(git_dir, "objects", "tmp-object")
    with open(tmp, "wb") as f:
        f.write(z.compress(header))
        for p in parts:
            block, count = (p, 1) if isinstance(p, bytes) else p
            for _ in range(count):
                sha.update(block)
                f.write(z.compress(block))
        f.write(z.flush())
    oid = sha.hexdigest()
    os.makedirs(os.path.join(git_dir, "objects", oid[:2]), exist_ok=True)
    os.rename(tmp, os.path.join(git_dir, "objects", oid[:2], oid[2:]))
    return oid


def findings_of(result):
    return [(f["rule"], f["path"], f["line"], f["column"], f["key_id"])
            for f in result.json()["findings"]]


class BigContent(TempDirTest):
    @giant
    def test_key_at_the_end_of_a_1_gib_file_is_found_in_bounded_memory(self):
        path = self.path("big.txt")
        tail = b"\n" + PAIR
        with open(path, "wb") as f:
            f.truncate(GIB - len(tail))  # sparse: zeros cost no disk
            f.seek(0, os.SEEK_END)
            f.write(tail)
        r = run_raw("scan", path, "--format", "json", "--threads", "2", timeout=120)
        self.assertEqual(r.code, 1, r)
        got = {(f["rule"], f["line"], f["column"]) for f in r.json()["findings"]}
        self.assertEqual(got, {("aws-access-key-id", 2, 21), ("aws-secret-access-key", 3, 25)})
        self.assertEqual(r.json()["summary"]["bytes_scanned"], GIB)
        self.assertLess(r.max_rss, 2 * CHUNK + RSS_CONSTANT, r)

    @giant
    def test_a_commit_message_of_1_gib_is_scanned_in_bounded_memory(self):
        repo = GitRepo(self.path("repo"))
        repo.write("README", "hello\n")
        parent = repo.commit("first")
        tree = repo.git("rev-parse", "HEAD^{tree}")
        head = (f"tree {tree}\nparent {parent}\nauthor A <a@example.com> 1704164645 +0000\n"
                f"committer A <a@example.com> 1704164645 +0000\n\n").encode()
        block = filler(1 << 20)  # 1 MiB of 100-byte lines; 1023 of them stay under the 1 GiB
        commit = write_loose_streamed(os.path.join(repo.path, ".git"), "commit",   # default limit
                                      [head, (block, 1023), PAIR])
        repo.git("update-ref", "refs/heads/main", commit)
        r = run_raw("history", "--repo", repo.path, "--format", "json", timeout=120)
        self.assertEqual(r.code, 1, r)
        lines_before = block.count(b"\n") * 1023  # newlines before the key's line
        got = {(f["rule"], f["path"], f["line"]) for f in r.json()["findings"]}
        self.assertIn(("aws-access-key-id", f"commit:{commit}", lines_before + 1), got)
        self.assertIn(("aws-secret-access-key", f"commit:{commit}", lines_before + 2), got)
        self.assertLess(r.max_rss, 2 * CHUNK + RSS_CONSTANT, r)

        # The issue's case: with a small --max-file-size the message is skipped, fast and small,
        # and the run says so and fails.
        r = run_raw("history", "--repo", repo.path, "--max-file-size", "1024", "--format", "json",
                    timeout=60)
        self.assertEqual(r.code, 2, r)
        items = r.json()["summary"]["skipped_items"]
        self.assertEqual(items, [{"path": f"commit:{commit}", "object": commit,
                                  "size": len(block) * 1023 + len(PAIR),
                                  "reason": "max_file_size"}])
        self.assertLess(r.max_rss, 2 * CHUNK + RSS_CONSTANT, r)

    def test_a_loose_blob_over_a_chunk_is_streamed_and_found(self):
        repo = GitRepo(self.path("repo"))
        repo.write("big.txt", filler(3 * SMALL_CHUNK) + PAIR)
        repo.commit("big")
        r = run("history", "--repo", repo.path, "--format", "json",
                env={"KEYSWEEP_CHUNK_SIZE": str(SMALL_CHUNK)})
        self.assertEqual(r.code, 1, r)
        lines = (3 * SMALL_CHUNK) // 100 + 1
        got = {(f["rule"], f["line"]) for f in r.json()["findings"]}
        self.assertEqual(got, {("aws-access-key-id", lines), ("aws-secret-access-key", lines + 1)})

    def test_packed_blobs_over_a_chunk_whole_or_delta_are_found(self):
        # The first version is stored whole in the pack (streamed from it), the second as a
        # delta against it (read whole: a delta cannot stream).
        repo = GitRepo(self.path("repo"))
        body = filler(3 * SMALL_CHUNK)
        repo.write("big.txt", body + PAIR)
        first = repo.commit("whole")
        repo.write("big.txt", body + b"changed\n" + PAIR)
        second = repo.commit("delta")
        repo.git("repack", "-a", "-d", "-q")
        self.assertEqual(os.listdir(os.path.join(repo.path, ".git", "objects", "pack")).__len__(),
                         2)  # one pack and its index: nothing loose is left to stream
        r = run("history", "--repo", repo.path, "--format", "json", "--max-provenance", "0",
                env={"KEYSWEEP_CHUNK_SIZE": str(SMALL_CHUNK)})
        self.assertEqual(r.code, 1, r)
        lines = (3 * SMALL_CHUNK) // 100 + 1
        got = {(f["rule"], f["commit"], f["line"]) for f in r.json()["findings"]}
        self.assertEqual(got, {("aws-access-key-id", first, lines),
                               ("aws-secret-access-key", first, lines + 1),
                               ("aws-access-key-id", second, lines + 1),
                               ("aws-secret-access-key", second, lines + 2)})

    def test_a_staged_file_over_a_chunk_is_streamed_and_found(self):
        repo = GitRepo(self.path("repo"))
        repo.write("README", "hello\n")
        repo.commit("first")
        repo.write("big.txt", filler(3 * SMALL_CHUNK) + PAIR)
        repo.git("add", "big.txt")
        r = run("staged", "--repo", repo.path, "--format", "json",
                env={"KEYSWEEP_CHUNK_SIZE": str(SMALL_CHUNK)})
        self.assertEqual(r.code, 1, r)
        lines = (3 * SMALL_CHUNK) // 100 + 1
        got = {(f["rule"], f["line"]) for f in r.json()["findings"]}
        self.assertEqual(got, {("aws-access-key-id", lines), ("aws-secret-access-key", lines + 1)})

    def test_stdin_over_a_chunk_is_scanned_whole(self):
        data = filler(3 * SMALL_CHUNK) + PAIR
        r = run("scan", "-", "--format", "json", input=data,
                env={"KEYSWEEP_CHUNK_SIZE": str(SMALL_CHUNK)})
        self.assertEqual(r.code, 1, r)
        self.assertEqual(json.loads(r.stdout)["summary"]["bytes_scanned"], len(data))
        self.assertEqual(len(json.loads(r.stdout)["findings"]), 2)


class ChunkBoundaries(TempDirTest):
    """Keys at every offset around the chunk boundaries give the findings a whole scan gives."""

    def boundary_file(self):
        # A credentials block every 4,099 bytes (prime, so the blocks drift across the
        # boundaries), alternating a keyword pair, a key ID with a bare secret on the next
        # line, and a pair whose line carries an inline marker.
        out = bytearray()
        blocks = [
            PAIR,
            f"provider {{ access_key = \"{KEY_ID_2}\"\n  secret = \"{SECRET_2}\" }}\n".encode(),
            f"aws_access_key_id = {KEY_ID} # keysweep:allow\n".encode(),
        ]
        i = 0
        while len(out) < 6 * SMALL_CHUNK:
            out += filler(4099 - len(out) % 4099) if len(out) % 4099 else b""
            out += blocks[i % len(blocks)]
            i += 1
        return bytes(out)

    def test_chunked_and_whole_scans_agree(self):
        path = self.write("keys.txt", self.boundary_file())
        whole = run("scan", path, "--format", "json")
        chunked = run("scan", path, "--format", "json",
                      env={"KEYSWEEP_CHUNK_SIZE": str(SMALL_CHUNK)})
        self.assertEqual(whole.code, 1, whole)
        self.assertEqual(chunked.code, 1, chunked)
        self.assertGreater(len(findings_of(whole)), 200)
        self.assertEqual(findings_of(chunked), findings_of(whole))

    def test_a_key_across_a_boundary_is_found_once_at_its_line(self):
        # Windows are SMALL_CHUNK long and start every SMALL_CHUNK - 2 * MARGIN bytes; window 0
        # owns [0, SMALL_CHUNK - MARGIN). Keys straddle both the end of the first window and the
        # end of what it owns; the bare secret's pair straddles the second.
        step = SMALL_CHUNK - 2 * MARGIN
        content = bytearray(filler(SMALL_CHUNK - MARGIN - 10))
        content += f"key = {KEY_ID}\n".encode()  # the key ID spans the ownership boundary
        content += filler(SMALL_CHUNK - len(content) - 30)
        content += f"id: {KEY_ID_2}\nsecret: {SECRET_2}\n".encode()  # spans window 0's end
        content += filler(step + SMALL_CHUNK - len(content) - 30)
        content += f"aws_secret_access_key = {SECRET}\n".encode()
        content += filler(1000)
        path = self.write("straddle.txt", bytes(content))
        r = run("scan", path, "--format", "json", env={"KEYSWEEP_CHUNK_SIZE": str(SMALL_CHUNK)})
        self.assertEqual(r.code, 1, r)
        found = findings_of(r)
        text = bytes(content)

        def line_col(needle):
            at = text.index(needle.encode())
            return text.count(b"\n", 0, at) + 1, at - (text.rfind(b"\n", 0, at) + 1) + 1

        self.assertEqual(found, [
            ("aws-access-key-id", path, *line_col(KEY_ID), KEY_ID),
            ("aws-access-key-id", path, *line_col(KEY_ID_2), KEY_ID_2),
            ("aws-secret-access-key", path, *line_col(SECRET_2), KEY_ID_2),
            ("aws-secret-access-key", path, *line_col(SECRET), None),
        ])


class Skipped(TempDirTest):
    """What is not scanned is listed in every format and makes the run fail (exit 2)."""

    def setUp(self):
        super().setUp()
        self.write("tree/big.bin", b"\0" * 5000)
        self.write("tree/keys.txt", PAIR)

    def scan(self, *extra):
        return run("scan", self.path("tree"), "--max-file-size", "4096", *extra)

    def test_json_lists_the_skipped_file_and_the_run_fails(self):
        r = self.scan("--format", "json")
        self.assertEqual(r.code, 2, r)
        self.assertEqual(len(r.json()["findings"]), 2)
        self.assertEqual(r.json()["summary"]["skipped"], 1)
        self.assertEqual(r.json()["summary"]["skipped_items"], [
            {"path": self.path("tree/big.bin"), "object": None, "size": 5000,
             "reason": "max_file_size"}])
        self.assertIn("not scanned", r.stderr)
        self.assertIn("--allow-skipped", r.stderr)

    def test_allow_skipped_keeps_the_list_and_the_findings_exit_code(self):
        r = self.scan("--format", "json", "--allow-skipped")
        self.assertEqual(r.code, 1, r)
        self.assertEqual(len(r.json()["summary"]["skipped_items"]), 1)
        os.remove(self.path("tree/keys.txt"))
        self.write("tree/other.txt", "nothing here\n")
        self.assertEqual(self.scan("--allow-skipped").code, 0)

    def test_jsonl_sarif_and_text_list_it_too(self):
        jsonl = self.scan("--format", "jsonl")
        self.assertEqual(jsonl.code, 2, jsonl)
        last = json.loads(jsonl.stdout.splitlines()[-1])
        self.assertEqual(last["summary"]["skipped_items"][0]["path"], self.path("tree/big.bin"))
        sarif = self.scan("--format", "sarif")
        self.assertEqual(sarif.code, 2, sarif)
        inv = sarif.json()["runs"][0]["invocations"][0]
        self.assertFalse(inv["executionSuccessful"])
        notes = [n for n in inv["toolExecutionNotifications"] if n["descriptor"]["id"] == "skipped"]
        self.assertEqual(len(notes), 1)
        self.assertIn("big.bin", notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]
                      ["uri"])
        text = self.scan("-q")
        self.assertEqual(text.code, 2, text)
        self.assertIn("Not scanned: " + self.path("tree/big.bin"), text.stdout)
        self.assertIn("not scanned", text.stderr)  # even with -q

    def test_stdin_past_the_limit_is_scanned_up_to_it_and_reported(self):
        data = PAIR + b"x" * 10000
        r = run("scan", "-", "--max-file-size", "4096", "--format", "json", input=data)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(len(r.json()["findings"]), 2)  # the part read was scanned
        self.assertEqual(r.json()["summary"]["skipped_items"][0]["reason"], "truncated")

    def test_staged_with_a_file_over_the_limit_fails_even_quiet(self):
        repo = GitRepo(self.path("repo"))
        repo.write("README", "hello\n")
        repo.commit("first")
        repo.write("big.bin", b"\0" * 5000)
        repo.git("add", "big.bin")
        r = run("staged", "--repo", repo.path, "--max-file-size", "4096", "-q")
        self.assertEqual(r.code, 2, r)
        self.assertIn("big.bin", r.stderr)
        self.assertEqual(run("staged", "--repo", repo.path, "--max-file-size", "4096",
                             "--allow-skipped", "-q").code, 0)

    def test_history_range_with_a_blob_over_the_limit_fails(self):
        repo = GitRepo(self.path("repo"))
        repo.write("README", "hello\n")
        base = repo.commit("first")
        repo.write("big.bin", b"\0" * 5000)
        tip = repo.commit("big")
        r = run("history", "--repo", repo.path, f"{base}..{tip}", "--max-file-size", "4096",
                "--format", "json")
        self.assertEqual(r.code, 2, r)
        blob = repo.git("rev-parse", f"{tip}:big.bin")
        self.assertEqual(r.json()["summary"]["skipped_items"],
                         [{"path": "big.bin", "object": blob, "size": 5000,
                           "reason": "max_file_size"}])


if __name__ == "__main__":
    unittest.main()
