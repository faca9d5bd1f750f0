#!/usr/bin/env python3
"""Check keysweep's module layering (run by test.sh in CI; standard library only).

The modules are the folders under src/, declared in src/CMakeLists.txt with
`ks_module(<name> DEPS ...)`. A DEPS entry `ks_<module>` is an edge to that module; any other
entry (ks_dep_fmt, CLI11::CLI11, ${CMAKE_DL_LIBS}, ...) is third-party and ignored here.

Fails (exit 1, one `file:line: include: reason` per offence) when:
  - <hs/...> or <hs.h> (Hyperscan) is included outside src/engine/;
  - <git2.h> or <git2/...> (libgit2) outside src/git/;
  - <curl/...> (libcurl) outside src/verify/;
  - a module includes a header of a module it does not depend on, directly or transitively
    (its own module is always allowed; src/main.cc may include cli only);
  - a source file lies outside every declared module;
  - the module graph declared in CMake has a cycle.
Prints a one-line OK summary otherwise.

  scripts/check-layers.py              check the tree this script belongs to
  scripts/check-layers.py --root DIR   check DIR (a tree with src/CMakeLists.txt)
  scripts/check-layers.py --self-test  check the checker on small fake trees
"""

import os
import re
import subprocess
import sys
import tempfile

# Third-party headers that only one module may include: (what, matcher, the module).
CONFINED = [
    ("Hyperscan", re.compile(r"^(hs/.*|hs\.h)$"), "engine"),
    ("libgit2", re.compile(r"^(git2\.h|git2/.*)$"), "git"),
    ("libcurl", re.compile(r"^curl/.*$"), "verify"),
]
# Top-level files of src/ that are not a module, and the modules they may include (directly).
TOP_LEVEL = {"main.cc": {"cli"}}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


class Graph:
    def __init__(self):
        self.modules = {}  # name -> line of its ks_module call
        self.deps = {}  # name -> [direct module deps, in CMake order]


def strip_cmake_comments(text):
    """Drops `# ...` line comments (outside quoted strings), keeping the line structure."""
    out = []
    for line in text.split("\n"):
        in_string = False
        cut = len(line)
        for i, ch in enumerate(line):
            if ch == '"' and (i == 0 or line[i - 1] != "\\"):
                in_string = not in_string
            elif ch == "#" and not in_string:
                cut = i
                break
        out.append(line[:cut])
    return "\n".join(out)


def parse_cmake(path, errors):
    """The ks_module() calls of src/CMakeLists.txt, multi-line ones included."""
    graph = Graph()
    with open(path, encoding="utf-8") as f:
        text = strip_cmake_comments(f.read())
    raw_deps = {}
    for m in re.finditer(r"(?<![\w])ks_module\s*\(", text):
        line = text.count("\n", 0, m.start()) + 1
        # The function's own definition, `function(ks_module name)`, is preceded by "function(".
        if re.search(r"function\s*\(\s*$", text[: m.start()]):
            continue
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        if depth:
            errors.append(f"{path}:{line}: unterminated ks_module(")
            continue
        args = re.findall(r'"[^"]*"|[^\s()]+', text[m.end() : i - 1])
        if not args:
            errors.append(f"{path}:{line}: ks_module() without a name")
            continue
        name, section, deps = args[0], None, []
        for arg in args[1:]:
            if arg in ("SOURCES", "DEPS"):
                section = arg
            elif section == "DEPS":
                deps.append(arg)
        if name in graph.modules:
            errors.append(f"{path}:{line}: module {name} declared twice "
                          f"(first at line {graph.modules[name]})")
            continue
        graph.modules[name] = line
        raw_deps[name] = deps
    for name, deps in raw_deps.items():
        edges = []
        for dep in deps:
            if dep.startswith("ks_") and dep[3:] in graph.modules and dep[3:] not in edges:
                edges.append(dep[3:])
        graph.deps[name] = edges
    return graph


def find_cycles(graph):
    """Each cycle of the module graph once, as a list of modules [a, b, ..., a]."""
    white, grey, black = 0, 1, 2
    color = {name: white for name in graph.modules}
    stack, cycles, seen = [], [], set()

    def visit(node):
        color[node] = grey
        stack.append(node)
        for dep in graph.deps[node]:
            if color[dep] == grey:
                cycle = stack[stack.index(dep):] + [dep]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    cycles.append(cycle)
            elif color[dep] == white:
                visit(dep)
        stack.pop()
        color[node] = black

    for name in graph.modules:
        if color[name] == white:
            visit(name)
    return cycles


def closure(graph, name):
    """The modules `name` depends on, directly or transitively (cycles tolerated)."""
    seen, todo = set(), list(graph.deps.get(name, []))
    while todo:
        dep = todo.pop()
        if dep not in seen:
            seen.add(dep)
            todo.extend(graph.deps.get(dep, []))
    return seen


def includes_of(path):
    """(line, delimiter, target) for each #include outside /* */ comments."""
    result = []
    in_comment = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            if in_comment:
                end = line.find("*/")
                if end < 0:
                    continue
                line, in_comment = line[end + 2 :], False
            m = INCLUDE_RE.match(line)
            if m:
                result.append((number, m.group(1), m.group(2).strip()))
                continue
            # Track a block comment opened (and not closed) on this line.
            code = line.split("//", 1)[0]
            start = code.rfind("/*")
            if start >= 0 and code.find("*/", start) < 0:
                in_comment = True
    return result


def check(root):
    """Returns (errors, summary) for the tree at root."""
    src = os.path.join(root, "src")
    cmake = os.path.join(src, "CMakeLists.txt")
    errors = []
    graph = parse_cmake(cmake, errors)
    rel_cmake = os.path.relpath(cmake, root)
    for cycle in find_cycles(graph):
        errors.append(f"{rel_cmake}:{graph.modules[cycle[0]]}: module dependency cycle: "
                      + " -> ".join(cycle))
    allowed = {name: closure(graph, name) | {name} for name in graph.modules}

    files = []
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for filename in sorted(filenames):
            if filename.endswith((".h", ".cc")):
                files.append(os.path.join(dirpath, filename))

    checked = 0
    for path in files:
        rel = os.path.relpath(path, src).replace(os.sep, "/")
        shown = "src/" + rel
        parts = rel.split("/")
        if len(parts) == 1:
            if rel not in TOP_LEVEL:
                errors.append(f"{shown}:1: source file outside every module")
                continue
            owner, may_include = None, TOP_LEVEL[rel]
        else:
            owner = parts[0]
            if owner not in graph.modules:
                errors.append(f"{shown}:1: src/{owner}/ has no ks_module({owner} ...) "
                              f"in {rel_cmake}")
                continue
            may_include = allowed[owner]
        for number, delim, target in includes_of(path):
            checked += 1
            closing = ">" if delim == "<" else '"'
            where = f"{shown}:{number}: #include {delim}{target}{closing}"
            for what, matcher, home in CONFINED:
                if matcher.match(target) and owner != home:
                    errors.append(f"{where}: {what} is confined to src/{home}/")
            first = target.split("/", 1)[0]
            if "/" not in target or first not in graph.modules:
                continue  # a system/third-party header, or a same-folder one
            if delim == "<" and not os.path.exists(os.path.join(src, target)):
                continue  # a system header whose folder happens to share a module's name
            if first not in may_include:
                if owner is None:
                    errors.append(f"{where}: src/{rel} may include only "
                                  + ", ".join(sorted(may_include)))
                else:
                    errors.append(f"{where}: module {owner} does not depend on {first} "
                                  f"(its deps: {', '.join(sorted(allowed[owner] - {owner})) or 'none'})")
    edges = sum(len(d) for d in graph.deps.values())
    summary = (f"{len(graph.modules)} modules, {edges} edges, {checked} includes checked "
               f"in {len(files)} files")
    return errors, summary


# ---------------------------------------------------------------------------------------------
# --self-test: small fake trees, each with the offence it must produce (or none).

CLEAN_CMAKE = """\
function(ks_module name)  # ks_module(fake DEPS ks_nothing) in a comment is not a call
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
endfunction()
ks_module(util DEPS OpenSSL::Crypto ks_dep_fmt)
ks_module(engine DEPS ks_util ks_dep_hs)
ks_module(git DEPS ks_util ks_dep_git2 ${CMAKE_DL_LIBS})
ks_module(verify DEPS ks_util)
# ks_module(ghost DEPS ks_cli) is commented out
ks_module(builtin SOURCES ${KS_BUILTIN_CC} DEPS ks_util)
ks_module(source DEPS ks_git
          ks_engine)
ks_module(cli DEPS ks_source ks_verify ks_builtin
          CLI11::CLI11)
"""

CLEAN_FILES = {
    "src/util/text.h": "#pragma once\n#include <string>\n",
    "src/util/text.cc": '#include "util/text.h"\n#include <openssl/evp.h>\n',
    "src/engine/db.h": '#pragma once\n#include <hs/hs.h>\n#include "util/text.h"\n',
    "src/git/repo.h": "#pragma once\n#include <git2.h>\n#include <git2/sys/odb_backend.h>\n",
    "src/verify/http.cc": '#include <curl/curl.h>\n#include "verify/http.h"\n',
    "src/verify/http.h": "#pragma once\n",
    "src/builtin/builtin.h": '#pragma once\n#include "util/text.h"\n',
    # Transitive: source -> engine -> util. A commented-out include does not count.
    "src/source/files.cc": ('#include "source/files.h"\n#include "git/repo.h"\n'
                            '#include "util/text.h"\n// #include "cli/app.h"\n'
                            '/* an old include:\n#include "cli/app.h"\n*/\n'),
    "src/source/files.h": "#pragma once\n#include <vector>\n",
    "src/cli/app.h": ('#pragma once\n#include "source/files.h"\n#include "builtin/builtin.h"\n'
                      '#include "verify/http.h"\n#include "util/text.h"\n#include <CLI/CLI.hpp>\n'),
    "src/main.cc": '#include "cli/app.h"\n',
}


def write_tree(root, cmake, files):
    for rel, content in dict(files, **{"src/CMakeLists.txt": cmake}).items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)


def self_test():
    cases = [
        # (name, cmake, extra files, substrings each of which one error must contain)
        ("clean tree", CLEAN_CMAKE, {}, []),
        ("upward include", CLEAN_CMAKE,
         {"src/util/bad.cc": '#include <string>\n#include "source/files.h"\n'},
         ['src/util/bad.cc:2: #include "source/files.h": module util does not depend on source']),
        ("sideways include", CLEAN_CMAKE,
         {"src/engine/bad.h": '#pragma once\n#include "git/repo.h"\n'},
         ['src/engine/bad.h:2: #include "git/repo.h": module engine does not depend on git']),
        ("git2 in the wrong module", CLEAN_CMAKE,
         {"src/source/walk.cc": '#include "source/files.h"\n\n#include <git2.h>\n'},
         ["src/source/walk.cc:3: #include <git2.h>: libgit2 is confined to src/git/"]),
        ("hs and curl in the wrong modules", CLEAN_CMAKE,
         {"src/cli/scan.cc": "#include <hs.h>\n#include <curl/easy.h>\n"},
         ["src/cli/scan.cc:1: #include <hs.h>: Hyperscan is confined to src/engine/",
          "src/cli/scan.cc:2: #include <curl/easy.h>: libcurl is confined to src/verify/"]),
        ("main.cc beyond cli", CLEAN_CMAKE,
         {"src/main.cc": '#include "cli/app.h"\n#include "util/text.h"\n'},
         ['src/main.cc:2: #include "util/text.h": src/main.cc may include only cli']),
        ("undeclared module folder", CLEAN_CMAKE,
         {"src/extra/x.cc": '#include "util/text.h"\n'},
         ["src/extra/x.cc:1: src/extra/ has no ks_module(extra ...)"]),
        ("cycle", CLEAN_CMAKE.replace("ks_module(verify DEPS ks_util)",
                                      "ks_module(verify DEPS ks_util\n  ks_cli)"),
         {}, ["src/CMakeLists.txt:7: module dependency cycle: verify -> cli -> verify"]),
    ]
    failures = []
    for name, cmake, extra, expected in cases:
        with tempfile.TemporaryDirectory(prefix="ks-layers-") as root:
            write_tree(root, cmake, dict(CLEAN_FILES, **extra))
            errors, _ = check(root)
            for want in expected:
                if not any(want in e for e in errors):
                    failures.append(f"{name}: expected an error containing {want!r}, got {errors}")
            if len(errors) != len(expected):
                failures.append(f"{name}: expected {len(expected)} error(s), got {errors}")
            # The exit code and output, through the command line as test.sh runs it.
            run = subprocess.run([sys.executable, os.path.abspath(__file__), "--root", root],
                                 capture_output=True, text=True)
            want_rc = 1 if expected else 0
            if run.returncode != want_rc:
                failures.append(f"{name}: exit code {run.returncode}, expected {want_rc}")
            if expected and not all(w in run.stderr for w in expected):
                failures.append(f"{name}: stderr lacks the offence: {run.stderr!r}")
            if not expected and "OK" not in run.stdout:
                failures.append(f"{name}: no OK line: {run.stdout!r}")
    if failures:
        for failure in failures:
            print(f"check-layers self-test FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"check-layers self-test: OK ({len(cases)} cases)")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) == 3 and argv[1] == "--root":
        root = argv[2]
    elif len(argv) == 1:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    errors, summary = check(root)
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        print(f"check-layers: FAILED, {len(errors)} violation(s) ({summary})", file=sys.stderr)
        return 1
    print(f"check-layers: OK, {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
