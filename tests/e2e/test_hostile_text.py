"""Hostile text reaches no terminal raw (issue #27, item 8).

What a repository or a configuration names (YAML keys, rule ids, severities, regexes,
paths, a `.git` file's `gitdir:`) reaches the terminal only through the terminal-safe printer:
no raw ESC, BEL, C1 control, bidi control or zero-width character, and the escaped form
(`\\xNN` per byte) visible instead. keysweep's own colour codes still get through.
"""
import os
import re
import unicodedata
import unittest

from kstest import GitRepo, TempDirTest, credentials_file, run

ESC_RED = "\x1b[31m"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # sets the clipboard on terminals that allow it
RLO = "\u202e"
ZWSP = "\u200b"


def unsafe_chars(text):
    """The characters of `text` a terminal would act on or not show: controls other than the
    newline (C0, DEL, C1), format characters (bidi, zero-width), line/paragraph separators."""
    return sorted({c for c in text
                   if (unicodedata.category(c) in ("Cc", "Cf") and c != "\n")
                   or c in "\u2028\u2029"})


def decoded(data):
    """stdout/stderr bytes as text; keysweep's terminal output must be valid UTF-8."""
    return data.decode("utf-8") if isinstance(data, bytes) else data


def yaml_quoted(text):
    """`text` as a YAML double-quoted scalar, every non-ASCII or control character escaped."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7f:
            out.append("\\x%02x" % ord(c))
        elif ord(c) > 0x7e:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


class HostileConfigTextTest(TempDirTest):
    """Each bad value of a repository's `.keysweep.yaml` (or of a rule file it names) makes the
    run exit 2 with an error that quotes the value, escaped."""

    def setUp(self):
        super().setUp()
        self.repo = GitRepo(self.path("repo"))
        self.repo.write("app.txt", "nothing here\n")

    def assertSafe(self, text, what):
        self.assertEqual(unsafe_chars(text), [], f"{what}:\n{text!r}")

    def scan_with_config(self, config_text, *args):
        self.repo.write(".keysweep.yaml", config_text)
        return run("scan", ".", *args, cwd=self.repo.path)

    def check(self, config_text, shown, *, rules=None):
        if rules is not None:
            self.repo.write("ci/rules.yaml", rules)
        r = self.scan_with_config(config_text)
        self.assertExit(r, 2)
        self.assertSafe(r.stderr, "stderr")
        self.assertIn("keysweep: error: ", r.stderr)
        for fragment in shown:
            self.assertIn(fragment, r.stderr)
        # With --no-config the hostile file is not read at all.
        clean = self.scan_with_config(config_text, "--no-config")
        self.assertExit(clean, 0)
        self.assertSafe(clean.stderr, "stderr with --no-config")

    def test_an_unknown_key_with_colour_and_clipboard_sequences(self):
        key = f"{ESC_RED}evil{OSC52}{RLO}txt"
        self.check(f"{yaml_quoted(key)}: 1\n",
                   ["\\x1b[31mevil\\x1b]52;c;ZXZpbA==\\x07\\xe2\\x80\\xaetxt"])

    def test_a_disabled_rule_id(self):
        self.check(f"disabled_rules: [{yaml_quoted(OSC52 + 'rule' + ZWSP)}]\n",
                   ["\\x1b]52;c;ZXZpbA==\\x07rule\\xe2\\x80\\x8b"])

    def test_a_severity(self):
        self.check(f"fail_on_severity: [{yaml_quoted(RLO + 'high' + ESC_RED)}]\n",
                   ["\\xe2\\x80\\xaehigh\\x1b[31m"])

    def test_a_regex(self):
        self.check(f"allowlist:\n  regexes: [{yaml_quoted('(' + OSC52 + RLO)}]\n",
                   ["\\x1b]52;c;ZXZpbA==\\x07\\xe2\\x80\\xae"])

    def test_paths_of_extra_rules_and_baseline(self):
        self.check(f"extra_rules: [{yaml_quoted('../' + ESC_RED + 'x' + RLO)}]\n",
                   ["\\x1b[31mx\\xe2\\x80\\xae"])
        self.check(f"baseline: {yaml_quoted('missing' + OSC52 + ZWSP + '.json')}\n",
                   ["missing\\x1b]52;c;ZXZpbA==\\x07\\xe2\\x80\\x8b.json"])

    def test_a_rule_files_id_severity_and_pattern(self):
        rules = ("rules:\n"
                 f"  - id: {yaml_quoted('bad' + OSC52)}\n"
                 "    name: Bad\n"
                 "    description: Bad.\n"
                 f"    pattern: {yaml_quoted('(' + ESC_RED + RLO)}\n"
                 "    secret_group: 1\n"
                 f"    severity: {yaml_quoted(RLO + 'critical' + ZWSP)}\n"
                 "    playbook: generic\n"
                 "    references: [https://example.com]\n"
                 "    examples: ['x']\n")
        self.check("extra_rules: [ci/rules.yaml]\n", ["bad\\x1b]52;c;ZXZpbA==\\x07"], rules=rules)

    def test_a_newline_in_a_value_cannot_forge_an_unprefixed_line(self):
        r = self.scan_with_config(f"{yaml_quoted('a' + chr(10) + 'keysweep: scanned 0 B')}: 1\n")
        self.assertExit(r, 2)
        self.assertSafe(r.stderr, "stderr")
        for line in r.stderr.splitlines():
            if "scanned 0 B" in line:
                self.assertTrue(line.startswith("keysweep: error: "), r.stderr)


class HostileGitFileTest(TempDirTest):
    """A `.git` *file* whose `gitdir:` names a path with escapes, pointing nowhere."""

    def setUp(self):
        super().setUp()
        self.dir = self.path("checkout")
        os.makedirs(self.dir)
        with open(os.path.join(self.dir, ".git"), "wb") as f:
            f.write(f"gitdir: /tmp/\x1b]0;pwned\x07{RLO}{ZWSP}/nowhere\n".encode())
        with open(os.path.join(self.dir, "app.txt"), "w") as f:
            f.write("nothing here\n")

    def test_history_and_staged_with_and_without_config(self):
        for command in (["history", "--repo", self.dir], ["staged", "--repo", self.dir]):
            for extra in ([], ["--no-config"]):
                r = run(*extra, *command)
                self.assertExit(r, 2)
                self.assertEqual(unsafe_chars(r.stderr), [], f"{command} {extra}: {r!r}")
                self.assertIn("\\x1b]0;pwned\\x07\\xe2\\x80\\xae\\xe2\\x80\\x8b", r.stderr, r)

    def test_scan_of_the_directory_is_safe_too(self):
        for extra in ([], ["--no-config"]):
            r = run(*extra, "scan", self.dir)
            self.assertEqual(unsafe_chars(r.stderr), [], repr(r))


class HostilePathInTextReportTest(TempDirTest):
    """A file name with a zero-width space and a right-to-left override, in the text report."""

    def setUp(self):
        super().setUp()
        self.name = f"prod{ZWSP}{RLO}vne.txt"
        self.write(os.path.join("tree", self.name), credentials_file())

    def test_escaped_in_text_output_and_raw_in_json(self):
        r = run("--format", "text", "scan", self.path("tree"))
        self.assertExit(r, 1)
        self.assertEqual(unsafe_chars(r.stdout), [], r.stdout)
        self.assertIn("prod\\xe2\\x80\\x8b\\xe2\\x80\\xaevne.txt", r.stdout)
        # JSON is data, not terminal text: the path is there as it is, as UTF-8.
        j = run("--format", "json", "scan", self.path("tree")).json()
        self.assertTrue(all(f["path"].endswith(self.name) for f in j["findings"]), j)

    def test_colour_is_added_around_safe_text(self):
        r = run("--format", "text", "--color", "always", "scan", self.path("tree"))
        self.assertExit(r, 1)
        self.assertIn("\x1b[1m", r.stdout)  # keysweep's own colour codes are intact
        without_colour = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
        self.assertEqual(unsafe_chars(without_colour), [], r.stdout)
        self.assertIn("prod\\xe2\\x80\\x8b\\xe2\\x80\\xaevne.txt", without_colour)


if __name__ == "__main__":
    unittest.main()
