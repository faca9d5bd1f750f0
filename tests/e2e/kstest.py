"""Shared helpers for keysweep's end-to-end tests.

The tests run the real binary (KEYSWEEP_BIN, set by CTest) on files and git repositories that
they build themselves in temporary directories. Test repositories are made with the git CLI;
keysweep itself never runs git.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unittest

BIN = os.path.abspath(os.environ.get("KEYSWEEP_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "keysweep"))



def cmake_cache(name):
    """A variable of the build's CMakeCache.txt (the build BIN belongs to), or None."""
    try:
        with open(os.path.join(os.path.dirname(BIN), "CMakeCache.txt")) as f:
            m = re.search(rf"^{name}:\w+=(.*)$", f.read(), re.M)
            return m.group(1) if m else None
    except OSError:
        return None


# Sanitizer builds carry shadow memory and quarantined allocations: memory bounds measured on
# them prove only that nothing grows with the input, so tests give them more room.
SANITIZED = bool(cmake_cache("KEYSWEEP_SANITIZE"))

# Fabricated credentials (random bits in AWS's encoding); none is live.
KEY_ID = "AKIARZPUZDIKPFJONNBY"        # account 123456789012
KEY_ID_ACCOUNT = "123456789012"
SECRET = "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"
KEY_ID_2 = "ASIATCH6YDSYWITJ4DJX"      # account 210987654321
SECRET_2 = "mfXfKm/r5kJP1VrT+1FJors/6ILi8IHn5kxsC7tV"


def credentials_file(key_id=KEY_ID, secret=SECRET):
    return f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self):
        return f"exit {self.code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


def run(*args, input=None, cwd=None, env=None, timeout=120):
    """Runs keysweep with args; returns a Result. Never raises on a non-zero exit."""
    full_env = dict(os.environ)
    full_env.setdefault("KEYSWEEP_CACHE_DIR", tempfile.mkdtemp(prefix="ks-cache-"))
    full_env.update(env or {})
    proc = subprocess.run([BIN, *args], input=input, cwd=cwd, env=full_env, timeout=timeout,
                          capture_output=True, text=isinstance(input, str) or input is None)
    return Result(proc)


# One rules cache for raw runs, removed when the interpreter exits.
_RAW_CACHE = tempfile.TemporaryDirectory(prefix="ks-cache-")


class RawResult:
    def __init__(self, code, stdout, stderr, max_rss):
        self.code = code
        self.stdout = stdout  # bytes
        self.stderr = stderr  # bytes
        self.max_rss = max_rss  # bytes, this process alone (wait4)

    def json(self):
        return json.loads(self.stdout.decode("utf-8"))  # strict: invalid UTF-8 fails

    def __repr__(self):
        return (f"exit {self.code}, peak RSS {self.max_rss >> 20} MiB\nstdout:\n"
                f"{self.stdout[:4000]!r}\nstderr:\n{self.stderr[:4000]!r}")


def run_raw(*args, stdin=subprocess.DEVNULL, cwd=None, timeout=120):
    """Runs keysweep; returns a RawResult with its exit code, output bytes and peak RSS."""
    env = dict(os.environ)
    env.setdefault("KEYSWEEP_CACHE_DIR", _RAW_CACHE.name)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([BIN, *args], stdin=stdin, stdout=out, stderr=err, cwd=cwd,
                                env=env)
        timer = threading.Timer(timeout, proc.kill)  # a hang fails the test, not the suite
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return RawResult(proc.returncode, out.read(), err.read(), usage.ru_maxrss * 1024)


class GitRepo:
    """A throwaway git repository driven through the git CLI with a fixed identity."""

    def __init__(self, path, bare=False):
        self.path = path
        os.makedirs(path, exist_ok=True)
        self.git("init", "-q", "-b", "main", *(["--bare"] if bare else []))

    def git(self, *args, check=True):
        env = dict(os.environ, GIT_AUTHOR_NAME="Test Author", GIT_AUTHOR_EMAIL="author@example.com",
                   GIT_COMMITTER_NAME="Test Committer", GIT_COMMITTER_EMAIL="committer@example.com",
                   GIT_AUTHOR_DATE="2024-01-02T03:04:05Z", GIT_COMMITTER_DATE="2024-01-02T03:04:05Z",
                   GIT_CONFIG_NOSYSTEM="1", HOME=self.path)
        proc = subprocess.run(["git", "-C", self.path, *args], env=env, check=check,
                              capture_output=True, text=True)
        return proc.stdout.strip()

    def write(self, rel, content):
        full = os.path.join(self.path, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(full, mode) as f:
            f.write(content)
        return full

    def commit(self, message, *files):
        """Stages `files` (or everything) and commits; returns the new commit id."""
        self.git("add", *(files or ["-A"]))
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


def repo_with_origin(work_dir, origin_dir, key_id):
    """A work repository whose one commit puts `key_id` in own.env, and a bare clone of it at
    `origin_dir` to serve as a remote (clone-URL tests); returns the work GitRepo."""
    work = GitRepo(work_dir)
    work.write("own.env", f"AWS_ACCESS_KEY_ID={key_id}\n")
    work.commit("initial")
    os.makedirs(os.path.dirname(origin_dir), exist_ok=True)
    subprocess.run(["git", "clone", "-q", "--bare", work.path, origin_dir], check=True)
    return work


class TempDirTest(unittest.TestCase):
    """A test case with a fresh temporary directory in self.tmp, removed afterwards."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="keysweep-e2e-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, rel, content):
        full = self.path(rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb" if isinstance(content, bytes) else "w") as f:
            f.write(content)
        return full

    def assertExit(self, result, code):
        self.assertEqual(result.code, code, repr(result))
