"""The hooks through real git and the real pre-commit framework (Debian's `pre-commit`).

A commit that adds a key is blocked with a readable message; a clean commit passes. The keysweep
checkout itself is the hook repository for `pre-commit try-repo`, so .pre-commit-hooks.yaml is
tested as users consume it.
"""
import os
import shutil
import stat
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


class ExistingHooksAreNeverLost(TempDirTest):
    """Install, re-install and uninstall around hooks the user already had: every byte, the
    mode and symbolic links come back exactly as they were."""

    PREVIOUS = InstallHook.PREVIOUS
    PREVIOUS_MSG = "#!/bin/sh\necho previous-msg-hook-ran >&2\nexit 0\n"

    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.env = env_with_keysweep(self.path("home"))
        self.hooks = os.path.join(self.repo.path, ".git", "hooks")

    def ks(self, *args):
        # Always from outside the repository, naming it: --repo must be honoured.
        return subprocess.run([BIN, *args, "--repo", self.repo.path], cwd=self.tmp, env=self.env,
                              capture_output=True, text=True)

    commit = InstallHook.commit  # a real `git commit`, hooks and all

    def write_hook(self, path, text, mode=0o755):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)

    def snapshot(self, d):
        """{name: (kind, mode, bytes or link target)} for every entry of d but git's samples."""
        out = {}
        for name in sorted(os.listdir(d)):
            if name.endswith(".sample"):
                continue
            p = os.path.join(d, name)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[name] = ("link", None, os.readlink(p))
            else:
                with open(p, "rb") as f:
                    out[name] = ("file", stat.S_IMODE(st.st_mode), f.read())
        return out

    def assertOk(self, r):
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_existing_hooks_with_core_hooks_path_install_reinstall_uninstall(self):
        self.repo.git("config", "core.hooksPath", "ci/hooks")
        hooks = os.path.join(self.repo.path, "ci", "hooks")
        self.write_hook(os.path.join(hooks, "pre-commit"), self.PREVIOUS)
        self.write_hook(os.path.join(hooks, "commit-msg"), self.PREVIOUS_MSG, mode=0o750)
        self.write_hook(os.path.join(hooks, "README"), "our CI hooks\n", mode=0o644)
        before = self.snapshot(hooks)
        git_hooks_before = self.snapshot(self.hooks)

        self.assertOk(self.ks("install-hook"))
        installed = self.snapshot(hooks)
        self.assertEqual(sorted(installed), ["README", "commit-msg", "commit-msg.keysweep-prev",
                                             "pre-commit", "pre-commit.keysweep-prev"])
        self.assertEqual(installed["pre-commit.keysweep-prev"], before["pre-commit"])
        self.assertEqual(installed["commit-msg.keysweep-prev"], before["commit-msg"])
        # Both hooks run: the user's first, then keysweep's.
        r = self.commit("ok.txt", "fine\n")
        self.assertOk(r)
        self.assertIn("previous-hook-ran", r.stderr)
        self.assertIn("previous-msg-hook-ran", r.stderr)
        r = self.commit("leak.env", credentials_file())
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("previous-hook-ran", r.stderr)
        self.assertIn("commit blocked", r.stderr)
        self.repo.git("reset", "-q", "HEAD")  # unstage the leak

        # Re-installing changes nothing at all, and says so.
        r = self.ks("install-hook")
        self.assertOk(r)
        self.assertIn("already installed", r.stdout)
        self.assertNotIn("kept the existing", r.stderr)
        self.assertEqual(self.snapshot(hooks), installed)

        self.assertOk(self.ks("uninstall-hook"))
        self.assertEqual(self.snapshot(hooks), before)
        self.assertEqual(self.snapshot(self.hooks), git_hooks_before)  # never touched

    def test_existing_symbolic_link_hook_is_kept_as_a_link(self):
        shared = self.repo.write("tools/hooks/pre-commit", self.PREVIOUS)
        os.chmod(shared, 0o755)
        link = os.path.join(self.hooks, "pre-commit")
        os.symlink("../../tools/hooks/pre-commit", link)
        before = self.snapshot(self.hooks)
        self.assertOk(self.ks("install-hook"))
        self.assertEqual(os.readlink(link + ".keysweep-prev"), "../../tools/hooks/pre-commit")
        self.assertFalse(os.path.islink(link))
        r = self.commit("ok.txt", "fine\n")
        self.assertOk(r)
        self.assertIn("previous-hook-ran", r.stderr)
        self.assertOk(self.ks("uninstall-hook"))
        self.assertEqual(self.snapshot(self.hooks), before)
        with open(shared) as f:
            self.assertEqual(f.read(), self.PREVIOUS)  # the link's target was never written

    def test_dangling_symbolic_link_hook_is_not_overwritten(self):
        # A link to a hook that is not there yet (a shared hooks checkout, say) is the user's.
        link = os.path.join(self.hooks, "pre-commit")
        os.symlink("../../tools/not-yet/pre-commit", link)
        before = self.snapshot(self.hooks)
        r = self.ks("install-hook")
        self.assertOk(r)
        self.assertIn("kept the existing pre-commit hook", r.stderr)
        self.assertEqual(os.readlink(link + ".keysweep-prev"), "../../tools/not-yet/pre-commit")
        self.assertNotEqual(self.commit("leak.env", credentials_file()).returncode, 0)
        self.assertOk(self.ks("uninstall-hook"))
        self.assertEqual(self.snapshot(self.hooks), before)

    def test_non_executable_hook_is_kept_and_stays_inactive(self):
        # git ignores a hook that is not executable; chained behind keysweep's, it stays ignored.
        hook = os.path.join(self.hooks, "pre-commit")
        self.write_hook(hook, "#!/bin/sh\necho disabled-hook-ran >&2\nexit 1\n", mode=0o644)
        before = self.snapshot(self.hooks)
        self.assertOk(self.ks("install-hook"))
        r = self.commit("ok.txt", "fine\n")
        self.assertOk(r)
        self.assertNotIn("disabled-hook-ran", r.stderr)
        self.assertOk(self.ks("uninstall-hook"))
        self.assertEqual(self.snapshot(self.hooks), before)
        self.assertEqual(before["pre-commit"][1], 0o644)

    def test_edited_hook_is_neither_removed_nor_overwritten(self):
        prev = os.path.join(self.hooks, "pre-commit")
        self.write_hook(prev, self.PREVIOUS)
        self.assertOk(self.ks("install-hook"))
        hook = os.path.join(self.hooks, "pre-commit")
        with open(hook, "a") as f:
            f.write("# my own addition: also run the linter\n")
        edited = self.snapshot(self.hooks)

        r = self.ks("uninstall-hook")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(f"{hook} is keysweep's hook with changes", r.stderr)
        after = self.snapshot(self.hooks)
        # The edited hook and the hook kept aside are untouched; the unedited commit-msg is gone.
        self.assertEqual(after["pre-commit"], edited["pre-commit"])
        self.assertEqual(after["pre-commit.keysweep-prev"], edited["pre-commit.keysweep-prev"])
        self.assertNotIn("commit-msg", after)

        r = self.ks("install-hook")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(f"{hook} is keysweep's hook with changes", r.stderr)
        self.assertEqual(self.snapshot(self.hooks)["pre-commit"], edited["pre-commit"])

    def test_hook_of_an_earlier_build_without_a_checksum(self):
        # Earlier builds wrote the same script without the checksum line.
        hook = os.path.join(self.hooks, "pre-commit")
        self.write_hook(hook, self.PREVIOUS)
        before = self.snapshot(self.hooks)
        for edited in (True, False):
            with self.subTest(edited=edited):
                self.assertOk(self.ks("install-hook"))
                with open(hook) as f:
                    lines = f.readlines()
                self.assertTrue(lines[2].startswith("# keysweep-hook-sha256 "), lines[:3])
                legacy = "".join(lines[:2] + lines[3:]) + ("# mine\n" if edited else "")
                with open(hook, "w") as f:
                    f.write(legacy)
                r = self.ks("uninstall-hook")
                if edited:
                    self.assertEqual(r.returncode, 2, r.stderr)
                    with open(hook) as f:
                        self.assertEqual(f.read(), legacy)
                    os.remove(hook)  # by hand, as the message says; the next uninstall restores
                    self.assertOk(self.ks("uninstall-hook"))
                else:
                    self.assertOk(r)
                self.assertEqual(self.snapshot(self.hooks), before)

    def test_hook_paths_from_the_configuration_are_printed_safely(self):
        # core.hooksPath comes from the repository; a hostile one must not drive the terminal.
        self.repo.git("config", "core.hooksPath", "hooks\x1b]0;owned\x07")
        for command in ("install-hook", "install-hook", "uninstall-hook"):
            r = self.ks(command)
            self.assertOk(r)
            self.assertIn("hooks\\x1b]0;owned\\x07", r.stdout)
            self.assertNotIn("\x1b", r.stdout + r.stderr)
            self.assertNotIn("\x07", r.stdout + r.stderr)

    def test_uninstall_after_our_hook_was_deleted_restores_the_kept_one(self):
        hook = os.path.join(self.hooks, "pre-commit")
        self.write_hook(hook, self.PREVIOUS)
        before = self.snapshot(self.hooks)
        self.assertOk(self.ks("install-hook"))
        os.remove(hook)  # by hand, leaving pre-commit.keysweep-prev behind
        r = self.ks("uninstall-hook")
        self.assertOk(r)
        self.assertIn(f"restored {hook}", r.stdout)
        self.assertEqual(self.snapshot(self.hooks), before)

    def test_uninstall_leaves_a_hook_that_replaced_ours(self):
        hook = os.path.join(self.hooks, "pre-commit")
        self.write_hook(hook, self.PREVIOUS)
        self.assertOk(self.ks("install-hook"))
        self.write_hook(hook, "#!/bin/sh\nexit 0\n")  # the user put their own hook back
        before = self.snapshot(self.hooks)
        r = self.ks("uninstall-hook")
        self.assertOk(r)
        self.assertIn("left", r.stderr)
        after = self.snapshot(self.hooks)
        self.assertEqual(after["pre-commit"], before["pre-commit"])
        self.assertEqual(after["pre-commit.keysweep-prev"], before["pre-commit.keysweep-prev"])


if __name__ == "__main__":
    unittest.main()
