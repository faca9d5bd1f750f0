"""The hooks through real git and the real pre-commit framework (Debian's `pre-commit`).

A commit that adds a key is blocked with a readable message; a clean commit passes. The keysweep
checkout itself is the hook repository for `pre-commit try-repo`, so .pre-commit-hooks.yaml is
tested as users consume it.
"""
import os
import shutil
import subprocess
import unittest

from kstest import BIN, KEY_ID, TempDirTest, GitRepo, credentials_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def env_with_keysweep(home):
    """PATH with the built binary first (the hooks are language: system), a private HOME."""
    bin_dir = os.path.join(home, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    link = os.path.join(bin_dir, "keysweep")
    if not os.path.exists(link):
        os.symlink(os.path.abspath(BIN), link)
    return dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], HOME=home,
                PRE_COMMIT_HOME=os.path.join(home, "pre-commit-cache"),
                GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com",
                GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.com")


class ShellHooks(TempDirTest):
    """hooks/pre-commit and hooks/commit-msg installed by hand into .git/hooks."""

    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.env = env_with_keysweep(self.path("home"))
        hooks = os.path.join(self.repo.path, ".git", "hooks")
        for name in ("pre-commit", "commit-msg"):
            shutil.copy(os.path.join(ROOT, "hooks", name), os.path.join(hooks, name))

    def commit(self, message="change"):
        return subprocess.run(["git", "-C", self.repo.path, "commit", "-q", "-m", message],
                              env=self.env, capture_output=True, text=True)

    def test_clean_commit_passes(self):
        self.repo.write("README.md", "hello\n")
        self.repo.git("add", "README.md")
        r = self.commit()
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_commit_with_a_key_is_blocked_with_a_readable_message(self):
        self.repo.write("config/credentials", credentials_file())
        self.repo.git("add", "-A")
        r = self.commit()
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("commit blocked", r.stderr)
        self.assertIn("aws-access-key-id", r.stdout + r.stderr)
        self.assertEqual(self.repo.git("rev-list", "--all"), "")  # nothing was committed

    def test_key_in_commit_message_is_blocked(self):
        self.repo.write("README.md", "hello\n")
        self.repo.git("add", "README.md")
        r = self.commit(f"temporary creds {KEY_ID}")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("commit message contains", r.stderr)

    def test_missing_binary_blocks_with_an_explanation(self):
        self.repo.write("README.md", "hello\n")
        self.repo.git("add", "README.md")
        env = dict(self.env, KEYSWEEP="/nonexistent/keysweep")
        r = subprocess.run(["git", "-C", self.repo.path, "commit", "-q", "-m", "x"], env=env,
                           capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("not on PATH", r.stderr)


# In CI pre-commit is required (test.sh installs it); a skip there would hide a missing check.
@unittest.skipUnless(shutil.which("pre-commit") or os.environ.get("CI") == "true",
                     "pre-commit is not installed (./test.sh installs it)")
class PreCommitFramework(TempDirTest):
    """`pre-commit try-repo <keysweep checkout> keysweep` in a temporary repository."""

    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.env = env_with_keysweep(self.path("home"))

    def try_repo(self):
        return subprocess.run(["pre-commit", "try-repo", ROOT, "keysweep", "--verbose"],
                              cwd=self.repo.path, env=self.env, capture_output=True, text=True,
                              timeout=300)

    def test_staged_key_fails_the_hook(self):
        self.repo.write("app/settings.py", f'AWS_ACCESS_KEY_ID = "{KEY_ID}"\n')
        self.repo.git("add", "-A")
        r = self.try_repo()
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Failed", r.stdout)
        self.assertIn("aws-access-key-id", r.stdout)
        self.assertIn("app/settings.py:1:", r.stdout)

    def test_clean_change_passes_the_hook(self):
        self.repo.write("app/settings.py", "DEBUG = False\n")
        self.repo.git("add", "-A")
        r = self.try_repo()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Passed", r.stdout)


if __name__ == "__main__":
    unittest.main()


class InstallHook(TempDirTest):
    """`keysweep install-hook` / `uninstall-hook` on real repositories, then real commits."""

    PREVIOUS = "#!/bin/sh\necho previous-hook-ran >&2\nexit 0\n"

    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.env = env_with_keysweep(self.path("home"))

    def ks(self, *args, cwd=None):
        return subprocess.run([BIN, *args], cwd=cwd or self.repo.path, env=self.env,
                              capture_output=True, text=True)

    def commit(self, rel, content):
        self.repo.write(rel, content)
        self.repo.git("add", "-A")
        return subprocess.run(["git", "-C", self.repo.path, "commit", "-q", "-m", "c"],
                              env=self.env, capture_output=True, text=True)

    def hooks_dir(self):
        return os.path.join(self.repo.path, ".git", "hooks")

    def listing(self, d):
        return sorted(f for f in os.listdir(d) if not f.endswith(".sample"))

    def test_install_blocks_keys_and_passes_clean_commits(self):
        self.assertEqual(self.ks("install-hook").returncode, 0)
        self.assertEqual(self.commit("ok.txt", "fine\n").returncode, 0)
        r = self.commit("leak.env", credentials_file())
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("commit blocked", r.stderr)

    def test_existing_hook_is_chained_and_restored_byte_for_byte(self):
        prev = os.path.join(self.hooks_dir(), "pre-commit")
        with open(prev, "w") as f:
            f.write(self.PREVIOUS)
        os.chmod(prev, 0o755)
        self.assertEqual(self.ks("install-hook").returncode, 0)
        r = self.commit("ok.txt", "fine\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("previous-hook-ran", r.stderr)
        self.assertEqual(self.ks("uninstall-hook").returncode, 0)
        self.assertEqual(self.listing(self.hooks_dir()), ["pre-commit"])
        with open(prev) as f:
            self.assertEqual(f.read(), self.PREVIOUS)
        self.assertTrue(os.access(prev, os.X_OK))

    def test_install_is_idempotent(self):
        self.ks("install-hook")
        first = {}
        for name in ("pre-commit", "commit-msg"):
            with open(os.path.join(self.hooks_dir(), name)) as f:
                first[name] = f.read()
        self.assertEqual(self.ks("install-hook").returncode, 0)
        self.assertEqual(self.listing(self.hooks_dir()), ["commit-msg", "pre-commit"])
        for name, text in first.items():
            with open(os.path.join(self.hooks_dir(), name)) as f:
                self.assertEqual(f.read(), text)

    def test_uninstall_without_install_changes_nothing(self):
        r = self.ks("uninstall-hook")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(self.listing(self.hooks_dir()), [])

    def test_core_hooks_path_is_respected(self):
        self.repo.git("config", "core.hooksPath", "ci/hooks")
        self.assertEqual(self.ks("install-hook", "--repo", self.repo.path, cwd=self.tmp).returncode, 0)
        self.assertEqual(self.listing(os.path.join(self.repo.path, "ci", "hooks")),
                         ["commit-msg", "pre-commit"])
        self.assertEqual(self.listing(self.hooks_dir()), [])
        r = self.commit("leak.env", credentials_file())
        self.assertNotEqual(r.returncode, 0)

    def test_linked_worktree_uses_the_common_hooks(self):
        self.commit("ok.txt", "fine\n")
        wt = self.path("wt")
        self.repo.git("worktree", "add", "-q", wt)
        self.assertEqual(self.ks("install-hook", cwd=wt).returncode, 0)
        self.assertEqual(self.listing(self.hooks_dir()), ["commit-msg", "pre-commit"])

    def test_not_a_repository_is_exit_2(self):
        os.makedirs(self.path("plain"))
        r = self.ks("install-hook", cwd=self.path("plain"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("error", r.stderr)
