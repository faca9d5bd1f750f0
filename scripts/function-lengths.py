#!/usr/bin/env python3
"""Function lengths under src/: median and 90th percentile, from Universal Ctags.

A function's length is its lines from the signature to the closing brace, both included, so a
one-line function counts 1. Needs Universal Ctags (Debian package universal-ctags).

  scripts/function-lengths.py [--longest N] [ROOT]
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import sys


def lengths(root):
    files = sorted(str(p) for p in pathlib.Path(root, "src").rglob("*") if p.suffix in (".cc", ".h"))
    out = subprocess.run(
        ["ctags", "--output-format=json", "--fields=+ne", "--kinds-c++=f", "--language-force=c++",
         "-f", "-", *files], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        tag = json.loads(line)
        if "end" in tag:
            yield tag["end"] - tag["line"] + 1, f'{tag["path"]}:{tag["line"]} {tag["name"]}'


def percentile(values, p):
    values = sorted(values)
    return values[int(p * (len(values) - 1))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=pathlib.Path(__file__).resolve().parent.parent)
    ap.add_argument("--longest", type=int, default=0, help="also list the N longest functions")
    args = ap.parse_args()
    found = sorted(lengths(args.root), reverse=True)
    if not found:
        sys.exit("function-lengths: no functions found (is Universal Ctags installed?)")
    n = [length for length, _ in found]
    print(f"functions {len(n)}  median {statistics.median(n):g}  p90 {percentile(n, 0.9)}  "
          f"max {n[0]}")
    for length, where in found[:args.longest]:
        print(f"{length:5} {where}")


if __name__ == "__main__":
    main()
