"""The progress line on stderr: drawn only on a real terminal (a pty here), erased before the
summary, and never in a pipe, with --quiet or with TERM=dumb.

A scan is made to last as long as a test needs by naming a FIFO after a directory: with one
reader thread keysweep reads the directory's files, then blocks opening the FIFO until the test
writes to it. The progress line must appear while it waits (files done out of the total, bytes,
rate and ETA), without the test relying on how fast the machine is.
"""
import fcntl
import os
import pty
import select
import struct
import subprocess
import tempfile
import termios
import threading
import time
import unittest

from kstest import BIN, KEY_ID, GitRepo, TempDirTest, credentials_file

CLEAR = b"\r\x1b[K"
FILES = 30


def read_all(fd, until=None, timeout=30):
    """Reads fd until EOF (or until `until` appears in what was read); returns the bytes."""
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if until is not None and until in out:
            return out
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side of the pty is closed
            return out
        if not chunk:
            return out
        out += chunk
    return out


class ScanProgress(TempDirTest):
    def setUp(self):
        super().setUp()
        self.dir = self.path("tree")
        for i in range(FILES):
            self.write(f"tree/f{i:02}.txt", "nothing to see here\n" * 50)
        self.fifo = self.path("late.env")
        os.mkfifo(self.fifo)
        self.env = dict(os.environ, TERM="xterm", KEYSWEEP_CACHE_DIR=tempfile.mkdtemp(
            prefix="ks-cache-", dir=self.tmp))
        self.env.pop("KEYSWEEP_PROGRESS", None)
        self.env.pop("NO_COLOR", None)

    def feed_fifo(self, delay):
        """Writes a credential into the FIFO after `delay` seconds, from another thread."""
        def feed():
            time.sleep(delay)
            with open(self.fifo, "w") as f:
                f.write(credentials_file())
        t = threading.Thread(target=feed, daemon=True)
        t.start()
        self.addCleanup(t.join, 30)
        return t

    def start(self, *args, stderr_tty=True, env=None):
        """Starts keysweep scan with stderr on a new pty (or a pipe); returns (proc, fd)."""
        cmd = [BIN, *args, "scan", "--threads", "1", self.dir, self.fifo]
        if stderr_tty:
            master, slave = pty.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=slave, env=env or self.env)
            os.close(slave)
            self.addCleanup(os.close, master)
        else:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env or self.env)
            master = proc.stderr.fileno()
        self.addCleanup(proc.kill)
        return proc, master

    def finish(self, proc, fd):
        err = read_all(fd)
        out = proc.stdout.read()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
        self.assertEqual(proc.wait(timeout=30), 1, err)  # the FIFO's credential was found
        self.assertIn(KEY_ID[:4].encode(), out)
        return err

    def test_progress_is_drawn_on_a_terminal_and_erased_before_the_summary(self):
        proc, fd = self.start()
        waiting = f"keysweep: {FILES}/{FILES + 1} files (96%)".encode()
        seen = read_all(fd, until=waiting, timeout=30)
        # Drawn in place while keysweep waits for the FIFO, with bytes, rate and time left.
        self.assertIn(CLEAR + waiting, seen)
        self.assertRegex(seen, rb"files \(96%\), 29\.3 KiB, [0-9.]+ MiB/s, ETA \d+:\d\d")
        with open(self.fifo, "w") as f:
            f.write(credentials_file())
        err = seen + self.finish(proc, fd)
        # Erased before anything else: what follows the last clear is the summary alone.
        last = err.rsplit(CLEAR, 1)[1]
        self.assertNotIn(b"files (", last)
        self.assertTrue(last.startswith(b"keysweep: scanned "), last)
        self.assertIn(b"31 files", last)
        # Never redrawn on a new line: the pty turns every "\n" into "\r\n".
        before_summary = err.rsplit(b"keysweep: scanned", 1)[0]
        self.assertNotIn(b"\n", before_summary)

    def test_nothing_when_stderr_is_not_a_terminal(self):
        self.feed_fifo(0.8)  # long enough for several redraws, were there any
        proc, fd = self.start(stderr_tty=False)
        err = self.finish(proc, fd)
        self.assertNotIn(b"\x1b", err)
        self.assertNotIn(b"\r", err)
        self.assertNotIn(b"files (", err)
        self.assertTrue(err.startswith(b"keysweep: scanned "), err)

    def test_nothing_at_all_with_quiet(self):
        self.feed_fifo(0.8)
        proc, fd = self.start("--quiet")
        self.assertEqual(self.finish(proc, fd), b"")

    def test_nothing_with_a_dumb_terminal(self):
        self.feed_fifo(0.8)
        proc, fd = self.start(env=dict(self.env, TERM="dumb"))
        err = self.finish(proc, fd)
        self.assertNotIn(b"\x1b", err)
        self.assertTrue(err.startswith(b"keysweep: scanned "), err)

    def test_environment_forces_it_off_on_a_terminal_and_on_in_a_pipe(self):
        self.feed_fifo(0.8)
        proc, fd = self.start(env=dict(self.env, KEYSWEEP_PROGRESS="0"))
        self.assertNotIn(b"\x1b", self.finish(proc, fd))

        self.feed_fifo(0.8)
        proc, fd = self.start(stderr_tty=False, env=dict(self.env, KEYSWEEP_PROGRESS="1"))
        err = self.finish(proc, fd)
        self.assertIn(CLEAR + f"keysweep: {FILES}/{FILES + 1} files".encode(), err)


class HistoryProgress(TempDirTest):
    def make_repo(self):
        """300 blobs of 20 KB over 30 commits, written with git fast-import (fast)."""
        repo = GitRepo(self.path("repo"))
        stream = []
        for c in range(30):
            stream.append(b"commit refs/heads/main\ncommitter T <t@example.com> %d +0000\n"
                          b"data 2\nc\n" % (1700000000 + c))
            for f in range(10):
                data = os.urandom(10000).hex().encode()
                stream.append(b"M 100644 inline d%02d/f%02d.txt\ndata %d\n%s\n"
                              % (c, f, len(data), data))
        subprocess.run(["git", "-C", repo.path, "fast-import", "--quiet"],
                       input=b"".join(stream), check=True)
        return repo

    def test_progress_is_drawn_on_a_terminal_and_erased_before_the_summary(self):
        repo = self.make_repo()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
        env = dict(os.environ, TERM="xterm", KEYSWEEP_PROGRESS_INTERVAL_MS="1",
                   KEYSWEEP_CACHE_DIR=self.path("cache"))
        env.pop("KEYSWEEP_PROGRESS", None)
        proc = subprocess.Popen([BIN, "history", "--repo", repo.path, "--threads", "1"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave,
                                env=env)
        os.close(slave)
        self.addCleanup(os.close, master)
        err = read_all(master)
        proc.stdout.close()
        self.assertEqual(proc.wait(timeout=60), 0, err)
        self.assertRegex(err, rb"\r\x1b\[Kkeysweep: \d+/300 blobs \(\d+%\), [0-9.]+ [KM]iB")
        last = err.rsplit(CLEAR, 1)[1]
        self.assertTrue(last.startswith(b"keysweep: scanned "), last)
        self.assertIn(b"300 blobs, 30 commits", last)


if __name__ == "__main__":
    unittest.main()
