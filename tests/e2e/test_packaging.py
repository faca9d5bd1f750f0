"""Packaging: the man page (doc/keysweep.1) and the Debian package that CPack makes.

The man page is checked with groff's warnings on, and against `--help`: every option that
`keysweep --help` or any command's `--help` lists must appear in it, so the page cannot fall
behind the code unnoticed. The package is built from the build tree being tested (a few seconds)
into a temporary directory and inspected with dpkg-deb.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from kstest import BIN, cmake_cache, run

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MAN = os.path.join(ROOT, "doc", "keysweep.1")
BUILD = os.path.dirname(os.path.abspath(BIN))
COMMANDS = [["scan"], ["history"], ["staged"], ["install-hook"], ["uninstall-hook"], ["rules"],
            ["rules", "list"], ["rules", "check"], ["verify"], ["playbook"], ["baseline"],
            ["baseline", "create"], ["baseline", "prune"]]
# An option line of CLI11's help: two spaces, maybe "-o,", then the long name.
OPTION_LINE = re.compile(r"^  (?:-\w,)?(--[a-z][a-z0-9-]*)", re.M)


def man_source():
    with open(MAN, encoding="utf-8") as f:
        return f.read()


def man_text():
    """The page's roff source with roff's escaped hyphens made plain ("\\-\\-x" -> "--x")."""
    return man_source().replace("\\-", "-")


def help_options(*command):
    r = run(*command, "--help")
    assert r.code == 0, repr(r)
    return set(OPTION_LINE.findall(r.stdout)) - {"--help"}


class ManPage(unittest.TestCase):
    def test_groff_reports_no_warnings(self):
        groff = shutil.which("groff")
        self.assertIsNotNone(groff, "groff is missing: scripts/install-deps.sh installs groff-base")
        proc = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", "-rCHECKSTYLE=3", MAN],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")

    def test_renders_every_section(self):
        proc = subprocess.run(["groff", "-man", "-Tutf8", "-P-c", "-P-b", "-P-u", MAN],
                              capture_output=True, text=True, env=dict(os.environ, LANG="C.UTF-8"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        headings = re.findall(r"^([A-Z][A-Z ]+)$", proc.stdout, re.M)
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "GLOBAL OPTIONS",
                        "HISTORY OPTIONS", "CONFIGURATION", "BASELINE", "OUTPUT FORMATS",
                        "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"]:
            self.assertIn(section, headings)

    def test_every_global_option_is_documented(self):
        options = help_options()
        self.assertIn("--no-color", options)  # the parsing below really finds options
        self.assertIn("--output", options)
        self.assertGreater(len(options), 20)
        text = man_text()
        missing = [o for o in sorted(options) if not re.search(re.escape(o) + r"(?![\w-])", text)]
        self.assertEqual(missing, [], "options in `keysweep --help` but not in doc/keysweep.1")

    def test_every_command_and_its_options_are_documented(self):
        text = man_text()
        missing = []
        for command in COMMANDS:
            if not re.search(r"\b" + re.escape(command[-1]) + r"\b", text):
                missing.append(" ".join(command))
            for o in sorted(help_options(*command)):
                if not re.search(re.escape(o) + r"(?![\w-])", text):
                    missing.append(f"{' '.join(command)} {o}")
        self.assertEqual(missing, [], "in `keysweep COMMAND --help` but not in doc/keysweep.1")

    def test_every_command_help_has_a_description_and_examples(self):
        for command in COMMANDS:
            if command in (["rules", "list"], ["rules", "check"], ["baseline", "create"],
                           ["baseline", "prune"]):
                continue  # the parent command's help carries the examples
            r = run(*command, "--help")
            self.assertEqual(r.code, 0, repr(r))
            # A summary line, a blank line, then a paragraph before the usage line.
            head = r.stdout.split("Usage:", 1)[0].strip().split("\n\n")
            self.assertGreaterEqual(len(head), 2, f"{command}: no description paragraph")
            self.assertIn("EXAMPLES\n  keysweep ", r.stdout, f"{command}: no examples")
            self.assertTrue(all(len(line) <= 80 for line in r.stdout.splitlines()),
                            f"{command}: a help line is wider than 80 columns")

    def test_top_level_help_gives_exit_status(self):
        r = run("--help")
        self.assertIn("EXIT STATUS\n  0  scanned, no findings\n  1  findings", r.stdout)
        self.assertIn("  2  an error", r.stdout)

    def test_version_matches_the_version_the_binary_reports(self):
        th = re.search(r'^\.TH KEYSWEEP 1 \S+ "keysweep ([0-9.]+)"', man_source(), re.M)
        self.assertIsNotNone(th)
        self.assertIn(f"keysweep {th.group(1)}", run("--version").stdout)


@unittest.skipIf(cmake_cache("KEYSWEEP_SANITIZE"), "sanitizer builds are not packaged")
class DebianPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        config = os.path.join(BUILD, "CPackConfig.cmake")
        if not os.path.exists(config):
            raise unittest.SkipTest(f"{config} missing: KEYSWEEP_BIN is not in a build tree")
        cls.tmp = tempfile.mkdtemp(prefix="ks-deb-")
        start = time.monotonic()
        proc = subprocess.run(["cpack", "--config", config, "-G", "DEB", "-B", cls.tmp],
                              capture_output=True, text=True, timeout=300)
        cls.seconds = time.monotonic() - start
        print(f"\ncpack: {cls.seconds:.1f} s", flush=True)
        if proc.returncode != 0:
            shutil.rmtree(cls.tmp, True)
            raise AssertionError(f"cpack failed:\n{proc.stdout}\n{proc.stderr}")
        cls.debs = glob.glob(os.path.join(cls.tmp, "*.deb"))
        cls.info = subprocess.run(["dpkg-deb", "-I", *cls.debs[:1]], capture_output=True,
                                  text=True).stdout
        cls.contents = subprocess.run(["dpkg-deb", "-c", *cls.debs[:1]], capture_output=True,
                                      text=True).stdout

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def field(self, name):
        m = re.search(rf"^ {name}: (.*)$", self.info, re.M)
        return m.group(1) if m else None

    def test_one_package_named_by_version_and_architecture(self):
        arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                              text=True).stdout.strip()
        version = re.search(r"keysweep ([0-9.]+)", run("--version").stdout).group(1)
        self.assertEqual([os.path.basename(d) for d in self.debs],
                         [f"keysweep_{version}_{arch}.deb"])
        self.assertEqual(self.field("Package"), "keysweep")
        self.assertEqual(self.field("Version"), version)
        self.assertEqual(self.field("Section"), "devel")
        self.assertRegex(self.field("Maintainer") or "", r".+ <.+@.+>")

    def test_contains_the_binary_man_page_and_hooks(self):
        paths = [line.split()[-1] for line in self.contents.splitlines()]
        self.assertIn("./usr/bin/keysweep", paths)
        self.assertTrue({"./usr/share/man/man1/keysweep.1", "./usr/share/man/man1/keysweep.1.gz"}
                        & set(paths), self.contents)
        self.assertIn("./usr/share/keysweep/hooks/pre-commit", paths)
        self.assertIn("./usr/share/keysweep/hooks/commit-msg", paths)
        self.assertRegex(self.contents, r"-rwxr-xr-x root/root .* \./usr/bin/keysweep\n")

    def test_depends_on_the_libraries_the_binary_links(self):
        depends = self.field("Depends") or ""
        ldd = subprocess.run(["ldd", BIN], capture_output=True, text=True).stdout
        if "libgit2" in ldd:  # KEYSWEEP_STATIC_DEPS=OFF
            self.assertRegex(depends, r"\blibgit2-[0-9.]+ \(>= ")
            self.assertRegex(depends, r"\blib(hyperscan|vectorscan)\d+ \(>= ")
            self.assertRegex(depends, r"\blibre2-\d+\b")
            self.assertRegex(depends, r"\blibyaml-cpp[0-9.]+\b")
        else:  # linked in: only libc, libcrypto and GSSAPI (for libgit2) are left shared
            self.assertRegex(depends, r"\blibc6 \(>= ")
            self.assertRegex(depends, r"\blibssl3\b")
            self.assertRegex(depends, r"\blibgssapi-krb5-2\b")
            for linked_in in ["libgit2", "hyperscan", "vectorscan", "libre2", "yaml-cpp",
                              "pugixml", "libfmt", "libstdc++", "libgcc-s", "mbedtls", "libssh2"]:
                self.assertNotIn(linked_in, depends)
        self.assertNotIn("-dev", depends)
        self.assertEqual(self.field("Recommends"), "libcurl4")  # dlopen()ed by --verify

    def test_no_build_or_source_paths(self):
        for text in (self.info, self.contents):
            self.assertNotIn(BUILD, text)
            self.assertNotIn(ROOT, text)
            self.assertNotIn("_CPack_Packages", text)
        extracted = os.path.join(self.tmp, "root")
        subprocess.run(["dpkg-deb", "-x", self.debs[0], extracted], check=True)
        with open(os.path.join(extracted, "usr", "bin", "keysweep"), "rb") as f:
            binary = f.read()
        self.assertNotIn(BUILD.encode(), binary)
        self.assertNotIn(ROOT.encode() + b"/src", binary)

    def test_the_packaged_binary_runs(self):
        extracted = os.path.join(self.tmp, "run")
        subprocess.run(["dpkg-deb", "-x", self.debs[0], extracted], check=True)
        proc = subprocess.run([os.path.join(extracted, "usr", "bin", "keysweep"), "rules", "check"],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("rules check:", proc.stdout)


if __name__ == "__main__":
    unittest.main()
