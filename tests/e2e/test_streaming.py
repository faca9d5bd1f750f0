"""End-to-end tests of streaming reports (issue #27, item 6) and --max-findings.

Findings are written as soon as the run-wide passes are done with them, so a run's memory does
not grow with its findings: each format is run on one file with KEYSWEEP_STREAMING_FINDINGS
distinct access key IDs (200,000 by default; 1,000,000 is the issue's target, run by hand) and its
peak RSS must stay under 64 MiB plus 200 bytes a finding (255 MiB for a million). Before
streaming, JSON took about 3.7 KB a finding (746 MiB for 200,000).
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

from kstest import BIN, KEY_ID, SANITIZED, SECRET, TempDirTest, run

# Under AddressSanitizer freed memory waits in a quarantine (256 MiB by default), so peak RSS
# there grows with every allocation whether or not findings are kept: the memory checks run in
# the Release build only, and the sanitizer build runs the rest at a tenth of the size.
FINDINGS = int(os.environ.get("KEYSWEEP_STREAMING_FINDINGS", "20000" if SANITIZED else "200000"))
RSS_LIMIT = (64 << 20) + 200 * FINDINGS
NO_RSS_UNDER_SANITIZERS = unittest.skipIf(SANITIZED, "ASan's quarantine makes RSS meaningless")
_CACHE = tempfile.TemporaryDirectory(prefix="ks-cache-")
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def key_ids(count, seed=27):
    """`count` distinct, well-formed AKIA key IDs with random tails (not examples, which
    keysweep drops: those say EXAMPLE, repeat a character or use few)."""
    rng = random.Random(seed)
    seen = set()
    while len(seen) < count:
        seen.add("AKIA" + "".join(rng.choice(BASE32) for _ in range(16)))
    return sorted(seen)


# Runs argv[2:] and writes its peak RSS to argv[1]. A child's ru_maxrss counts the memory of the
# process it was forked from, so keysweep is started from this small process, not from the test
# (which holds parsed reports of up to a million findings).
_MEASURE = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss * 1024}")
"""


def run_measured(*args, timeout=600):
    """Runs keysweep; returns (exit code, stdout bytes, stderr text, peak RSS in bytes)."""
    env = dict(os.environ, KEYSWEEP_CACHE_DIR=_CACHE.name)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as measured:
        subprocess.run([sys.executable, "-c", _MEASURE, measured.name, BIN, *args],
                       stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                       timeout=timeout, check=True)
        out.seek(0)
        err.seek(0)
        code, rss = (int(v) for v in measured.read().split())
        return code, out.read(), err.read().decode(), rss


def reported_key_ids(fmt, data):
    """The key IDs a report in `fmt` names, in report order (checks that it parses)."""
    text = data.decode()
    if fmt == "json":
        return [f["key_id"] for f in json.loads(text)["findings"]]
    if fmt == "jsonl":
        lines = [json.loads(line) for line in text.splitlines()]
        assert "summary" in lines[-1], "the last line is the summary"
        return [f["key_id"] for f in lines[:-1]]
    if fmt == "sarif":
        return [r["properties"]["key_id"]
                for r in json.loads(text)["runs"][0]["results"]]
    return [line.split(" key ")[1].split()[0] if " key " in line else line.split()[3]
            for line in text.splitlines() if ": high aws-access-key-id " in line]


@NO_RSS_UNDER_SANITIZERS
class ManyFindingsStayInBoundedMemory(TempDirTest):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="ks-streaming-")
        cls.keys = key_ids(FINDINGS)
        cls.file = os.path.join(cls.dir.name, "keys.txt")
        with open(cls.file, "w") as f:
            f.write("".join(k + "\n" for k in cls.keys))

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def check(self, fmt, to_file):
        out = self.path(f"report.{fmt}")
        args = ["scan", "--format", fmt, "--show-secrets", self.file]
        code, stdout, stderr, rss = run_measured(*args, *(["-o", out] if to_file else []))
        self.assertEqual(code, 1, stderr)
        if to_file:
            with open(out, "rb") as f:
                stdout = f.read()
        self.assertLess(rss, RSS_LIMIT, f"{fmt}: peak RSS {rss >> 20} MiB for {FINDINGS} findings")
        found = reported_key_ids(fmt, stdout)
        self.assertEqual(len(found), FINDINGS)
        self.assertEqual(found, self.keys)  # every one, in file order (the file is sorted)
        self.assertIn(f"{FINDINGS} findings", stderr)

    def test_json_to_a_file(self):
        self.check("json", True)

    def test_json_to_stdout(self):
        self.check("json", False)

    def test_jsonl_to_a_file(self):
        self.check("jsonl", True)

    def test_jsonl_to_stdout(self):
        self.check("jsonl", False)

    def test_sarif_to_a_file(self):
        self.check("sarif", True)

    def test_sarif_to_stdout(self):
        self.check("sarif", False)

    def test_text_to_a_file(self):
        self.check("text", True)

    def test_text_to_stdout(self):
        self.check("text", False)


class StreamedReportsStayDeterministic(TempDirTest):
    def test_many_files_on_many_threads_give_the_same_report(self):
        # 40,000 findings in 200 files: more than the reorder window holds (16,384), so workers
        # ahead of their turn wait, and the report must still be in path order.
        keys = key_ids(40000, seed=5)
        for i in range(200):
            self.write(f"tree/d{i % 7}/f{i:03}.txt", "".join(k + "\n" for k in keys[i::200]))
        reports = []
        for threads in ("1", "2", "4"):
            r = run("scan", "--format", "json", "--threads", threads, self.path("tree"))
            self.assertExit(r, 1)
            reports.append(r.json()["findings"])
        self.assertEqual(len(reports[0]), 40000)
        self.assertEqual(reports[0], reports[1])
        self.assertEqual(reports[0], reports[2])
        paths = [f["path"] for f in reports[0]]
        self.assertEqual(paths, sorted(paths))

    def test_summary_follows_the_findings_and_an_empty_report_is_still_whole(self):
        self.write("clean.txt", "nothing here\n")
        r = run("scan", "--format", "json", self.path("clean.txt"))
        self.assertExit(r, 0)
        doc = r.json()
        self.assertEqual(list(doc), ["tool", "findings", "summary"])
        self.assertEqual(doc["findings"], [])
        self.assertIs(doc["summary"]["truncated"], False)
        r = run("scan", "--format", "sarif", self.path("clean.txt"))
        self.assertExit(r, 0)
        self.assertEqual(r.json()["runs"][0]["results"], [])


@NO_RSS_UNDER_SANITIZERS
class HistoryProvenanceStaysCompact(TempDirTest):
    def test_a_big_tree_renamed_once_with_every_introduction_reported(self):
        # One blob with a key at 50,000 paths, then the directory renamed: --max-provenance 0
        # reports 100,000 places. Each used to be a copy of the finding (and a JSON value):
        # 1.7 GB for 400,000; now a candidate refers to the finding and its introduction.
        entries = 50000
        repo = self.path("repo")
        git = lambda *a, **kw: subprocess.run(["git", "-C", repo, *a], check=True,
                                              capture_output=True, **kw).stdout.decode().strip()
        subprocess.run(["git", "init", "-q", repo], check=True)
        blob = git("hash-object", "-w", "--stdin", input=f"key = {KEY_ID}\n".encode())
        listing = "".join(f"100644 blob {blob}\tf{i:06}\n" for i in range(entries))
        tree = git("mktree", input=listing.encode())
        env = dict(os.environ, GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@example.com",
                   GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@example.com",
                   GIT_AUTHOR_DATE="1700000000 +0000", GIT_COMMITTER_DATE="1700000000 +0000")
        first = git("commit-tree", git("mktree", input=f"040000 tree {tree}\ta\n".encode()),
                    "-m", "one", env=env)
        env["GIT_COMMITTER_DATE"] = "1700000100 +0000"
        second = git("commit-tree", git("mktree", input=f"040000 tree {tree}\tb\n".encode()),
                     "-p", first, "-m", "two", env=env)
        git("update-ref", "refs/heads/main", second)
        code, out, err, rss = run_measured("history", "--repo", repo, "--format", "json",
                                           "--max-provenance", "0")
        self.assertEqual(code, 1, err)
        findings = json.loads(out)["findings"]
        self.assertEqual(len(findings), 2 * entries)
        self.assertEqual(findings[0]["path"], "a/f000000")
        self.assertEqual(findings[-1]["path"], f"b/f{entries - 1:06}")
        self.assertEqual({f["commit"] for f in findings[entries:]}, {second})
        self.assertLess(rss, (64 << 20) + 200 * 2 * entries, f"peak RSS {rss >> 20} MiB")


class MaxFindings(TempDirTest):
    def setUp(self):
        super().setUp()
        self.keys = key_ids(10, seed=9)
        self.file = self.write("keys.txt", "".join(k + "\n" for k in self.keys))

    def test_json_stops_at_the_limit_and_says_so(self):
        r = run("scan", "--format", "json", "--max-findings", "3", self.file)
        self.assertExit(r, 1)
        doc = r.json()
        self.assertEqual([f["key_id"] for f in doc["findings"]], self.keys[:3])
        self.assertIs(doc["summary"]["truncated"], True)
        self.assertEqual(doc["summary"]["findings"], 3)
        self.assertIn("stopped after 3 findings (--max-findings 3): the report is incomplete",
                      r.stderr)

    def test_exactly_the_limit_is_not_truncated(self):
        r = run("scan", "--format", "json", "--max-findings", "10", self.file)
        self.assertExit(r, 1)
        self.assertIs(r.json()["summary"]["truncated"], False)
        self.assertNotIn("--max-findings", r.stderr)

    def test_jsonl_and_sarif_record_it(self):
        r = run("scan", "--format", "jsonl", "--max-findings", "2", self.file)
        lines = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(len(lines), 3)
        self.assertIs(lines[-1]["summary"]["truncated"], True)
        r = run("scan", "--format", "sarif", "--max-findings", "2", self.file)
        self.assertExit(r, 1)
        run_ = r.json()["runs"][0]
        self.assertEqual(len(run_["results"]), 2)
        invocation = run_["invocations"][0]
        self.assertIs(invocation["executionSuccessful"], False)
        note = invocation["toolExecutionNotifications"][0]
        self.assertEqual(note["level"], "warning")
        self.assertIn("incomplete", note["message"]["text"])
        self.assertIs(run_["properties"]["summary"]["truncated"], True)

    def test_text_says_it_and_quiet_still_prints_the_notice(self):
        r = run("-q", "scan", "--max-findings", "4", self.file)
        self.assertExit(r, 1)
        self.assertEqual(r.stdout.count("aws-access-key-id"), 4)
        self.assertIn("Incomplete: the report stopped after 4 findings", r.stdout)
        self.assertIn("the report is incomplete", r.stderr)

    def test_a_cut_report_never_passes(self):
        # Key IDs are high: with only critical findings failing, a complete run exits 0, but a
        # report that left findings out must not.
        r = run("scan", "--fail-on-severity", "critical", "--max-findings", "10", self.file)
        self.assertExit(r, 0)
        r = run("scan", "--fail-on-severity", "critical", "--max-findings", "3", self.file)
        self.assertExit(r, 1)

    def test_baseline_is_not_written_from_a_cut_run(self):
        out = self.path("baseline.json")
        r = run("baseline", "create", "-o", out, "--max-findings", "3", self.file)
        self.assertExit(r, 2)
        self.assertFalse(os.path.exists(out))
        r = run("baseline", "create", "-o", out, self.file)
        self.assertExit(r, 0)
        self.assertTrue(os.path.exists(out))

    def test_zero_is_a_usage_error(self):
        r = run("scan", "--max-findings", "0", self.file)
        self.assertExit(r, 2)

    def test_a_key_and_its_secret_over_a_limit_of_one(self):
        r = run("scan", "--format", "json", "--max-findings", "1",
                self.write("creds", f"aws_access_key_id = {KEY_ID}\n"
                                    f"aws_secret_access_key = {SECRET}\n"))
        self.assertExit(r, 1)
        doc = r.json()
        self.assertEqual(len(doc["findings"]), 1)
        self.assertIs(doc["summary"]["truncated"], True)


if __name__ == "__main__":
    unittest.main()
