#!/usr/bin/env python3
"""Writes the generated seed inputs in fuzz/corpus/ (run from anywhere; idempotent).

Most seeds are plain files (rule YAML, credential files, STS bodies, reports). The targets that
split their input with FuzzedDataProvider (sigv4, staged_lines, line_cursor) need it encoded the
way FuzzedDataProvider reads it: strings from the front, each ended by a backslash and one other
byte (a literal backslash is doubled); integers and booleans from the back, last byte first.

Every key here is fabricated: random bits from a fixed seed in AWS's encoding, or AWS's own
documentation examples (AKIAIOSFODNN7EXAMPLE, AKIDEXAMPLE). None is or was ever live.
The report_reader seeds are keysweep's own JSON output on the scan seeds:
  build/keysweep scan --format json [--show-secrets] fuzz/corpus/scan/<file>
"""
import base64
import hashlib
import hmac
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")
rng = random.Random(9)  # fixed: the same fabricated keys every time

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def key_id(prefix="AKIA"):
    return prefix + "".join(rng.choice(B32) for _ in range(16))


def secret():
    return "".join(rng.choice(B64) for _ in range(40))


def session_token():
    return "IQoJb3JpZ2luX2Vj" + "".join(rng.choice(B64) for _ in range(240))


def smtp_password_v4(sec, region):
    k = hmac.new(("AWS4" + sec).encode(), b"11111111", hashlib.sha256).digest()
    for step in (region, "ses", "aws4_request", "SendRawEmail"):
        k = hmac.new(k, step.encode(), hashlib.sha256).digest()
    return base64.b64encode(b"\x04" + k).decode()


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


class Fdp:
    """Builds an input that FuzzedDataProvider consumes as the calls made here, in this order."""

    def __init__(self):
        self.front = bytearray()
        self.back = bytearray()  # in consumption order; reversed at the end

    def string(self, s, max_len=None):
        b = s.encode() if isinstance(s, str) else bytes(s)
        assert max_len is None or len(b) < max_len, (s, max_len)
        self.front += b.replace(b"\\", b"\\\\") + b"\\\n"
        return self

    def boolean(self, v):
        self.back.append(1 if v else 0)
        return self

    def int_in_range(self, lo, hi, v):
        span, n = hi - lo, 0
        while n < 64 and (span >> n) > 0:
            n += 8
        nbytes = n // 8
        val = v - lo
        assert 0 <= val <= span
        # Consumed most significant first: result = (result << 8) | byte.
        self.back += bytes((val >> (8 * (nbytes - 1 - i))) & 0xFF for i in range(nbytes))
        return self

    def build(self, rest=b""):
        if isinstance(rest, str):
            rest = rest.encode()
        return bytes(self.front) + rest + bytes(reversed(self.back))


def scan_seeds():
    kid, sec, tok = key_id(), secret(), session_token()
    write("scan", "credentials.ini",
          f"[default]\naws_access_key_id = {kid}\naws_secret_access_key = {sec}\n\n"
          f"[temp]\naws_access_key_id = {key_id('ASIA')}\naws_secret_access_key = {secret()}\n"
          f"aws_session_token = {tok}\nregion = eu-west-1\n")
    sec2 = secret()
    write("scan", "app.env",
          f"AWS_ACCESS_KEY_ID={key_id()}\nAWS_SECRET_ACCESS_KEY=\"{sec2}\"\n"
          f"MAIL_HOST=email-smtp.eu-west-1.amazonaws.com\n"
          f"SMTP_USERNAME={key_id()}\nSMTP_PASSWORD={smtp_password_v4(sec2, 'eu-west-1')}\n")
    write("scan", "main.tf",
          f'provider "aws" {{\n  region     = "us-east-1"\n  access_key = "{key_id()}"\n'
          f'  secret_key = "{secret()}"\n}}\n')
    write("scan", "pairing.go",
          f'creds := credentials.NewStaticCredentials("{key_id()}", "{secret()}", "")\r\n')
    write("scan", "accessKeys.csv",
          f"Access key ID,Secret access key\r\n{key_id()},{secret()}\r\n")
    write("scan", "sts.json",
          f'{{"Credentials": {{"AccessKeyId": "{key_id("ASIA")}", "SecretAccessKey": '
          f'"{secret()}", "SessionToken": "{session_token()}", '
          f'"Expiration": "2030-01-01T00:00:00Z"}}}}\n')
    escaped = secret()[:20] + "%2F" + secret()[:17]
    write("scan", "url.properties",
          f"s3.url=s3://bucket?accessKey={key_id()}&secretKey={escaped}&x=1\n"
          f'json={{"secret_key":"{secret()[:30]}\\/{secret()[:9]}"}}\n')
    body = "".join(rng.choice(B64) for _ in range(192))
    pem = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    write("scan", "id_rsa",
          f"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n{pem}\n"
          f"-----END RSA PRIVATE KEY-----\n")
    write("scan", "examples.txt",
          "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
          "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
          "key = AKIAXXXXXXXXXXXXXXXX\nlegacy = A3TX" + "".join(rng.choice(B32) for _ in range(16))
          + "\n")
    write("scan", "binary.bin",
          b"\x00\x01PK\x03\x04\xff" + key_id().encode() + b"\x00secret_key=" + secret().encode()
          + b"\xfe\x00")
    write("scan", "negatives.txt",
          "sha = 3f786850e387550fdab836ed7e6dc881de23001b\n"
          '"UserId": "AIDA' + "".join(rng.choice(B32) for _ in range(17)) + '"\n'
          "password = hunter2\n")


def rule_loader_seeds():
    text = open(os.path.join(ROOT, "patterns", "credentials.yaml")).read()
    head, _, body = text.partition("rules:\n")
    for chunk in re.split(r"\n(?=  - id: )", body):
        m = re.search(r"- id: (\S+)", chunk)
        if m:
            write("rule_loader", m.group(1) + ".yaml", "rules:\n" + chunk.rstrip("\n") + "\n")
    write("rule_loader", "minimal.yaml",
          "rules:\n  - id: demo-token\n    name: Demo token\n    pattern: 'demo_[a-z0-9]{16}'\n"
          "    severity: low\n    examples: ['demo_0123456789abcdef']\n")
    write("rule_loader", "groups.yaml",
          "rules:\n  - id: two-groups\n    name: Two groups\n"
          "    pattern: '(?:k1=([A-Z]{8})|k2=([0-9]{8}))'\n    secret_group: [1, 2]\n"
          "    filters: {boundary: word, min_entropy: 2.0, min_char_classes: 1, reject_hex: true}\n"
          "    severity: info\n    negative_examples: ['k1=abc']\n")
    write("rule_loader", "bad.yaml", "rules:\n  - id: [x\n    pattern: *anchor\n")


def sts_seeds():
    ns = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"'
    write("sts_response", "success.xml",
          f"<GetCallerIdentityResponse {ns}>\n  <GetCallerIdentityResult>\n"
          "    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>\n"
          "    <UserId>AIDASAMPLEUSERID12345</UserId>\n    <Account>123456789012</Account>\n"
          "  </GetCallerIdentityResult>\n  <ResponseMetadata>\n"
          "    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n"
          "  </ResponseMetadata>\n</GetCallerIdentityResponse>\n")
    for code, msg in (("InvalidClientTokenId", "The security token included in the request is invalid."),
                      ("SignatureDoesNotMatch", "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z"),
                      ("Throttling", "Rate exceeded")):
        write("sts_response", f"error-{code}.xml",
              f"<ErrorResponse {ns}>\n  <Error>\n    <Type>Sender</Type>\n    <Code>{code}</Code>\n"
              f"    <Message>{msg}</Message>\n  </Error>\n"
              "  <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n</ErrorResponse>\n")
    write("sts_response", "moto.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse>\n  <Errors>\n    <Error>\n'
          "      <Code>InvalidClientTokenId</Code>\n"
          "      <Message><![CDATA[The security token included in the request is invalid.]]></Message>\n"
          "    </Error>\n  </Errors>\n</ErrorResponse>")
    write("sts_response", "prefixed.xml",
          '<sts:ErrorResponse xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/">'
          "<sts:Error><sts:Code>ExpiredToken</sts:Code><sts:Message>m</sts:Message></sts:Error>"
          "</sts:ErrorResponse>")
    write("sts_response", "doctype.xml",
          '<!DOCTYPE R [<!ENTITY x SYSTEM "file:///etc/passwd">]><R><Arn>&x;</Arn></R>')


def parse_req(path):
    raw = open(path, "rb").read().decode("utf-8")
    head, _, body = raw.partition("\n\n")
    lines = head.split("\n")
    method, target, _ = lines[0].split(" ", 2) if lines[0].count(" ") >= 2 else (*lines[0].split(" ", 1), "")
    path_, _, query = target.partition("?")
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:  # folded value
            headers[-1][1] += "\n" + line
            continue
        name, _, value = line.partition(":")
        headers.append([name, value])
    return method, path_, query, headers, body


def sigv4_seeds():
    suite = os.path.join(ROOT, "tests", "data", "aws4_testsuite")
    names = sorted(n for n in os.listdir(suite) if os.path.isdir(os.path.join(suite, n)))
    for n in names:
        req = os.path.join(suite, n, n + ".req")
        if not os.path.exists(req):
            continue
        method, path, query, headers, body = parse_req(req)
        token = ""
        kept = []
        for name, value in headers:
            if name.lower() == "x-amz-date":
                continue
            if name.lower() == "x-amz-security-token":
                token = value
                continue
            kept.append((name, value))
        kept = kept[:8]
        f = Fdp()
        f.boolean(method == "POST")
        if method != "POST":
            f.string(method, 16)
        f.string(path, 256).string(query, 256).int_in_range(0, 8, len(kept))
        for name, value in kept:
            f.boolean(False).string(name, 32).string(value, 128)
        f.boolean(False).string("AKIDEXAMPLE", 32)
        f.string("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 48)
        f.boolean(not token)
        if token:
            f.string(token[:255], 256)
        f.boolean(True).boolean(True).boolean(False).string("service", 16)
        write("sigv4", n, f.build(body))


def staged_seeds():
    kid, sec = key_id(), secret()
    base = "[default]\nregion = us-east-1\noutput = json\n"
    cases = {
        "new-file": (0, "", base),
        "modified": (1, base, base.replace("output", f"aws_access_key_id = {kid}\noutput")),
        "appended-no-eol": (1, "a\nb\nc", f"a\nb\nc\naws_secret_access_key = {sec}"),
        "lines-moved": (1, "1\n2\n3\n4\n5\n6\n", "4\n5\n6\n1\n2\n3\n"),
        "renamed": (2, base * 4, base * 4 + f"key = {kid}\n"),
        "copied": (3, base * 4, base * 4 + "x\n"),
        "binary": (1, "text\n", "text\n\x00\x01binary\n"),
        "crlf": (1, "a\r\nb\r\n", "a\r\nB\r\nb\r\n"),
    }
    for name, (mode, old, new) in cases.items():
        write("staged_lines", name, Fdp().int_in_range(0, 3, mode).string(old).build(new))


def line_cursor_seeds():
    texts = {"lines": "first\nsecond line\n\nfourth\r\nfifth", "empty": "", "one-line": "no newline"}
    for name, text in texts.items():
        f = Fdp().string(text)
        n = len(text.encode())
        for off in sorted({0, 1, n // 2, n, n + 2, 3, n - 1 if n else 0}) + [2, 0, n + 1]:
            f.int_in_range(0, n + 2, min(off, n + 2))
        write("line_cursor", name, f.build())


def raw_tree_seeds():
    def entry(mode, name, fill):
        return mode + b" " + name + b"\0" + bytes([fill]) * 20
    write("raw_tree", "every-kind",
          entry(b"100644", b"a-b", 1) + entry(b"100755", b"a.c", 2) + entry(b"40000", b"a", 3)
          + entry(b"120000", b"link", 4) + entry(b"160000", b"sub", 5))
    write("raw_tree", "odd-modes", entry(b"40755", b"dir", 6) + entry(b"644", b"file", 7))
    write("raw_tree", "truncated", entry(b"100644", b"x", 8)[:-3])
    write("raw_tree", "empty", b"")


def url_escape_seeds():
    write("url_escape", "percent", "abc%2Fdef%2bghi%3D%3d%2f%2Fx%2%2G%")
    write("url_escape", "json", "{\"k\":\"ab\\/cd\\\\/ef\\\"}")
    write("url_escape", "plain", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def config_seeds():
    write("config", "readme.yaml",
          "allowlist:\n  paths:\n    - tests/fixtures/**\n    - \"*.md\"\n"
          "  regexes:\n    - '^AKIA[A-Z0-9]{12}TEST$'\n  stopwords: [dummy, sample]\n"
          "disabled_rules: [aws-session-token]\nextra_rules: [ci/keysweep-rules]\n"
          "max_file_size: 10485760\nfail_on_severity: [critical, high]\n"
          "baseline: .keysweep-baseline.json\n")
    write("config", "empty.yaml", "")
    write("config", "globs.yaml",
          "allowlist:\n  paths: ['**/node_modules', 'a/**/b', '[!a-c]?.env', 'docs\\*', "
          "'./x/', '/y', 'vendor/[', '**']\n")
    write("config", "flow.yaml",
          "{allowlist: {regexes: ['(?i)example', 'a{2,5}b+', '\\bfake\\b'], "
          "stopwords: [DUMMY, 'x y']}, fail_on_severity: [info, low, medium]}\n")
    write("config", "anchors.yaml",
          "common: &c [a, b]\ndisabled_rules: *c\nextra_rules: *c\n")
    write("config", "errors.yaml",
          "allowlist: [x]\nmax_file_size: -1\nfail_on_severity: [urgent]\nbaseline: {}\n"
          "unknown: 1\ndisabled_rules: [aws-access-key-id, '']\n"
          "disabled_rules: []\nregexes: ['(']\n")
    write("config", "bad-regex.yaml", "allowlist:\n  regexes: ['(unclosed', '\\p{Nope}']\n")
    write("config", "not-a-map.yaml", "- just\n- a list\n")


def fingerprint(seed):
    return hashlib.sha256(seed.encode()).hexdigest()


def baseline_seeds():
    entries = [(fingerprint("seed-1"), "aws-access-key-id", "config/prod.env", None),
               (fingerprint("seed-2"), "aws-secret-access-key", "config/prod.env", None),
               (fingerprint("seed-3"), "private-key", "keys/id_rsa", "0123456789abcdef0123456789abcdef01234567")]
    lines = []
    for fp, rule, path, commit in entries:
        c = "null" if commit is None else f'"{commit}"'
        lines.append(f'    {{"fingerprint": "{fp}", "rule": "{rule}", "path": "{path}", "commit": {c}}}')
    write("baseline", "baseline.json",
          '{\n  "keysweep_baseline": 1,\n  "entries": [\n' + ",\n".join(lines) + "\n  ]\n}\n")
    write("baseline", "empty-baseline.json", '{\n  "keysweep_baseline": 1,\n  "entries": []\n}\n')
    write("baseline", "escaped-baseline.json",
          '{"keysweep_baseline": 1, "entries": [{"fingerprint": "' + fingerprint("seed-4") +
          '", "rule": "r", "path": "d\\u00e9j\\u00e0/\\"q\\".txt\\n", "commit": null}]}')
    write("baseline", "wrong-version.json", '{"keysweep_baseline": 2, "entries": []}')
    write("baseline", "gitleaksignore",
          "# accepted findings\n\n"
          "0123456789abcdef0123456789abcdef01234567:config/prod.env:aws-access-token:3\n"
          "abcdef0:src/app.py:generic-api-key:12\n"
          "./tests/fixtures/creds:aws-access-token:1\n"
          "C:\\Users\\x:weird:path.txt:generic-api-key:7\r\n"
          "not a fingerprint\n"
          "path:rule:0\n")


def state_segment(header, commits, peeled, blobs, update=None):
    """One --state segment (history/history_state.h): a JSON line, then the three tables."""
    tables = b"".join(c + t.to_bytes(8, "little", signed=True) for c, t in sorted(commits))
    tables += b"".join(target + peel + bytes([kind]) for target, peel, kind in sorted(peeled))
    tables += b"".join(sorted(blobs))
    header = dict(header, tables={"commits": len(commits), "peeled": len(peeled),
                                  "blobs": len(blobs)})
    if update is not None:
        header["keysweep_state_update"] = update
        header["sha256"] = hashlib.sha256(tables).hexdigest()
    else:
        header["keysweep_state"] = 3
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + tables


def history_state_seeds():
    oid = lambda n: hashlib.sha1(b"seed %d" % n).digest()
    commit = {"id": oid(1).hex(), "author": "A", "email": "a@example.com",
              "date": "2024-01-02T03:04:05Z", "time": 1704164645, "generation": 2}
    header = {"key": "rules=seed examples=0 max_file_size=1",
              "finding_blobs": {oid(10).hex(): [{"commit": commit, "path": "config/creds"}]},
              "finding_messages": [commit]}
    commits = [(oid(1), 1704164645), (oid(2), -5)]
    peeled = [(oid(3), oid(1), 1), (oid(4), oid(10), 3)]
    base = state_segment(header, commits, peeled, [oid(n) for n in range(10, 40)])
    update = state_segment(header, commits + [(oid(5), 7)], peeled, [oid(50), oid(51)], update=1)
    write("history_state", "base", base)
    write("history_state", "base-and-update", base + update)
    write("history_state", "cut-short-update", base + update[:-7])
    write("history_state", "version-1", '{"keysweep_state":1,"key":"k","commits":[]}\n')


# --- git targets (pack_index, pack_file, git_objects, packed_refs, repository_files) ---------

DATA = os.path.join(HERE, "data")
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="Seed", GIT_AUTHOR_EMAIL="seed@example.com",
               GIT_COMMITTER_NAME="Seed", GIT_COMMITTER_EMAIL="seed@example.com",
               GIT_AUTHOR_DATE="1700000000 +0000", GIT_COMMITTER_DATE="1700000000 +0000",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)


def git(cwd, *args, stdin=None):
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, input=stdin, check=True,
                          capture_output=True).stdout


def make_base_pack():
    """fuzz/data/base.pack: a small pack (commits, trees, blobs, a delta, an annotated tag) that
    the pack fuzzers place their inputs next to; made once and committed, so that the index
    seeds below keep matching it whatever git version re-runs this script."""
    pack = os.path.join(DATA, "base.pack")
    if os.path.exists(pack):
        return pack
    os.makedirs(DATA, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        git(d, "init", "-q", "-b", "main")
        text = "".join(f"line {i}: the quick brown fox jumps over the lazy dog\n" for i in range(60))
        os.makedirs(os.path.join(d, "dir"))
        for name, content in (("README", "seed\n"), ("dir/notes.txt", text)):
            with open(os.path.join(d, name), "w") as f:
                f.write(content)
        git(d, "add", "-A")
        git(d, "commit", "-q", "-m", "first")
        with open(os.path.join(d, "dir/notes.txt"), "a") as f:
            f.write("one more line\n")
        git(d, "commit", "-q", "-am", "second")
        git(d, "tag", "-a", "-m", "release", "v1")
        git(d, "repack", "-q", "-a", "-d", "-f")
        packs = [n for n in os.listdir(os.path.join(d, ".git/objects/pack")) if n.endswith(".pack")]
        shutil.copy(os.path.join(d, ".git/objects/pack", packs[0]), pack)
    return pack


def index_pack(pack, version):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out.idx")
        subprocess.run(["git", "index-pack", f"--index-version={version}", "-o", out, pack],
                       env=GIT_ENV, check=True, capture_output=True)
        return open(out, "rb").read()


def lying_fanout(idx, count, v2=True):
    """The index with every fanout entry from 'a' on claiming `count` objects (issue #27 item 3:
    libgit2 checked the size in 32 bits and read past the mapping)."""
    base = 8 if v2 else 0
    out = bytearray(idx)
    for i in range(0x61, 256):
        struct.pack_into(">I", out, base + 4 * i, count)
    return bytes(out)


def pack_seeds():
    pack = make_base_pack()
    v2 = index_pack(pack, 2)
    with open(os.path.join(DATA, "base.idx"), "wb") as f:
        f.write(v2)
    write("pack_index", "v2.idx", v2)
    write("pack_index", "v1.idx", index_pack(pack, 1))
    write("pack_index", "v2-large-offsets.idx", index_pack(pack, "2,0"))
    write("pack_index", "fanout-4294967280.idx", lying_fanout(v2, 4294967280))
    write("pack_index", "fanout-too-small.idx", lying_fanout(v2, 3))
    write("pack_index", "truncated.idx", v2[:1100])
    write("pack_index", "empty.idx", b"")
    regressions = os.path.join(HERE, "regressions", "pack_index")
    os.makedirs(regressions, exist_ok=True)
    with open(os.path.join(regressions, "issue-27-fanout-4294967280.idx"), "wb") as f:
        f.write(lying_fanout(v2, 4294967280))
    data = open(pack, "rb").read()
    write("pack_file", "base.pack", data)
    write("pack_file", "truncated.pack", data[:len(data) // 2])
    write("pack_file", "header-only.pack", data[:12])


def git_objects_seeds():
    """Inputs of git_objects: a list of forged objects, each a kind, a slot for its id and a body
    template in which @N is slot N's id in hex and #N its 20 raw bytes; then references."""
    kinds = {"commit": 0, "tree": 1, "blob": 2, "tag": 3}
    refs = {"refs/heads/main": 0, "refs/tags/v1": 1, "refs/heads/side": 2, "HEAD": 3}

    def commit(tree, *parents, time=1700000000, msg="m"):
        head = f"tree @{tree}\n" + "".join(f"parent @{p}\n" for p in parents)
        return (head + f"author A <a@example.com> {time} +0000\n"
                f"committer A <a@example.com> {time} +0000\n\n{msg}\n")

    def tree(*entries):
        return "".join(f"{mode} {name}\0#{n}" for mode, name, n in entries)

    def tag(target, kind="commit"):
        return f"object @{target}\ntype {kind}\ntag t\ntagger A <a@example.com> 1 +0000\n\nt\n"

    def build(objects, references):
        f = Fdp().int_in_range(0, 8, len(objects))
        for kind, n, body in objects:
            f.int_in_range(0, 3, kinds[kind]).int_in_range(0, 7, n).string(body)
        f.boolean(False).int_in_range(0, 4, len(references))  # --all-objects
        for name, n in references:
            f.int_in_range(0, 3, refs[name]).int_in_range(0, 7, n)
        return f.build()

    fake_key = "AKIA" + "".join(rng.choice(B32) for _ in range(16))
    blob = ("blob", 7, f"aws_access_key_id = {fake_key}\n")
    root = ("tree", 6, tree(("100644", "creds", 7)))
    cases = {
        "history": ([("commit", 0, commit(6)), ("commit", 1, commit(6, 0, time=1700000001)),
                     root, blob], [("refs/heads/main", 1)]),
        "self-parent": ([("commit", 0, commit(6, 0)), root, blob], [("refs/heads/main", 0)]),
        "two-cycle": ([("commit", 0, commit(6, 1)), ("commit", 1, commit(6, 0)), root, blob],
                      [("refs/heads/main", 0), ("refs/heads/side", 1)]),
        "tag-names-itself": ([("tag", 2, tag(2, "tag")), ("commit", 0, commit(6)), root, blob],
                             [("refs/tags/v1", 2), ("refs/heads/main", 0)]),
        "tag-loop": ([("tag", 2, tag(3, "tag")), ("tag", 3, tag(2, "tag"))],
                     [("refs/tags/v1", 2)]),
        "tree-contains-itself": ([("commit", 0, commit(5)),
                                  ("tree", 5, tree(("40000", "loop", 5), ("100644", "f", 7))),
                                  blob], [("refs/heads/main", 0)]),
        "trees-nest-each-other": ([("commit", 0, commit(4)), ("tree", 4, tree(("40000", "a", 5))),
                                   ("tree", 5, tree(("40000", "b", 4))), blob],
                                  [("HEAD", 0)]),
        "commit-as-tree": ([("commit", 0, commit(0, 0)), blob], [("refs/heads/main", 0)]),
        "ref-to-blob": ([blob], [("refs/tags/v1", 7)]),
    }
    for name, (objects, references) in cases.items():
        write("git_objects", name, build(objects, references))


def packed_refs_seeds():
    """Inputs of packed_refs: packed-refs text, then optionally a NUL and the content of the
    loose reference refs/heads/loose. The ids are those of fuzz/data/base.pack, which the
    target's scratch repository holds."""
    pack = make_base_pack()
    with tempfile.TemporaryDirectory() as d:
        git(d, "init", "-q", "--bare")
        git(d, "index-pack", "--stdin", stdin=open(pack, "rb").read())
        listing = git(d, "cat-file", "--batch-all-objects", "--batch-check").decode().split("\n")
    ids = {}
    for line in listing:
        if line:
            oid, kind, _ = line.split()
            ids.setdefault(kind, []).append(oid)
    c, t, tr, b = ids["commit"][0], ids["tag"][0], ids["tree"][0], ids["blob"][0]
    header = "# pack-refs with: peeled fully-peeled sorted \n"
    write("packed_refs", "plain", header + f"{c} refs/heads/main\n{c} refs/remotes/origin/main\n")
    write("packed_refs", "peeled-tag", header + f"{c} refs/heads/main\n{t} refs/tags/v1\n^{c}\n")
    write("packed_refs", "tree-and-blob", header + f"{tr} refs/tags/tree\n{b} refs/tags/blob\n")
    write("packed_refs", "no-header", f"{c} refs/heads/main\n{t} refs/tags/v1\n")
    write("packed_refs", "missing-object", header + "0" * 39 + "1 refs/heads/main\n")
    write("packed_refs", "bad-lines", "garbage\n^" + c + "\n" + c + " \n" + c[:20] + " refs/x\n")
    write("packed_refs", "with-loose", header + f"{c} refs/heads/main\n\0{t}\n")
    write("packed_refs", "symbolic-loop", header + f"{c} refs/heads/main\n\0ref: refs/heads/loose\n")
    write("packed_refs", "symbolic", f"{c} refs/heads/main\n\0ref: refs/tags/v1\n")


def repository_files_seeds():
    """Inputs of repository_files: a .git/config, then optionally a NUL and the content of
    objects/info/alternates. The names are files the target makes in its scratch directory."""
    write("repository_files", "plain",
          "[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote \"origin\"]\n"
          "\turl = https://example.com/r.git\n")
    write("repository_files", "include-fifo", "[include]\n\tpath = ../fifo\n")
    write("repository_files", "include-regular", "[include]\n\tpath = ../regular.cfg\n")
    write("repository_files", "include-self", "[include]\n\tpath = config\n")
    write("repository_files", "include-dir", "[include]\n\tpath = ../dir\n")
    write("repository_files", "include-link", "[include]\n\tpath = ../link-to-fifo\n")
    write("repository_files", "include-if",
          "[includeIf \"gitdir:/\"]\n\tpath = ../chain.cfg\n[IncludeIf \"onbranch:x\"]\n"
          "  Path=\"../fifo\" ; comment\n")
    write("repository_files", "include-home", "[include]\n\tpath = ~/regular.cfg\n")
    write("repository_files", "alternates-fifo", "[core]\n\0../../fifo-objects\n")
    write("repository_files", "alternates-loop", "[core]\n\0.\n../objects\n")


def main():
    history_state_seeds()
    config_seeds()
    baseline_seeds()
    scan_seeds()
    rule_loader_seeds()
    sts_seeds()
    sigv4_seeds()
    staged_seeds()
    line_cursor_seeds()
    url_escape_seeds()
    raw_tree_seeds()
    pack_seeds()
    git_objects_seeds()
    packed_refs_seeds()
    repository_files_seeds()
    return 0


if __name__ == "__main__":
    sys.exit(main())
