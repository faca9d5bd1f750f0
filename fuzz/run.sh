#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang, ASan + UBSan) and runs each one on a temporary
# copy of its seed corpus, so the repository is never modified: for SECONDS_PER_TARGET seconds
# (default 30), or for N executions (--runs N). Each target also runs once over every input in
# fuzz/regressions/<target>/. Prints the executions, speed and time per target and exits non-zero
# on any crash, leak, timeout (>10 s for one input), out-of-memory (>2 GiB) or sanitizer report;
# the reproducer is kept in build-fuzz/fuzz-failures/<target>/.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   fuzz/run.sh --runs N [TARGET...]
#
# Targets: every fuzz/*.cc that defines one, except those listed in fuzz/disabled.txt (each with
# its reason, printed as skipped); named targets run whether listed or not.
#
# Environment:
#   FUZZ_TARGETS="scan sigv4"   only these targets (as naming them on the command line)
#   FUZZ_MAX_SECONDS=S          with --runs: stop a target after S seconds even short of N
#   FUZZ_KEEP=DIR               keep each target's grown corpus in DIR/<target>/ (default: deleted)
#   FUZZ_CXX=clang++-14         the compiler for a new build-fuzz/ (default clang++-14, else clang++)
#   FUZZ_JOBS=N                 build parallelism (default: nproc)
# ccache, when installed, caches the build.
#
# CI (test.sh with CI=true) runs `fuzz/run.sh ${KEYSWEEP_FUZZ_SECONDS:-10}`: a smoke run.
#
# The release campaign (issue #27): every target to 10 million executions with no crash, before
# the release, its table in the closing note. One target at a time takes the machine's cores
# in turn; on two shared cores the whole campaign takes a day or two (see README), so run it in
# sittings, a few targets each, keeping what each finds:
#
#   FUZZ_KEEP=/tmp/ks-fuzz nice fuzz/run.sh --runs 10000000 pack_index pack_file commit_graph
#
# A longer run by time, e.g. an hour per target:
#
#   FUZZ_KEEP=/tmp/ks-fuzz fuzz/run.sh 3600
#
# then fold new coverage back into the seeds (keeps only inputs that add coverage; review them:
# seeds must hold no real credential):
#
#   build-fuzz/fuzz/fuzz_scan -merge=1 fuzz/corpus/scan /tmp/ks-fuzz/scan
#
# To reproduce or debug a crash: build-fuzz/fuzz/fuzz_<target> CRASH_FILE. A crash that is fixed
# gets its input added to fuzz/regressions/<target>/, which every run replays.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
usage() {
  echo "usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...] | fuzz/run.sh --runs N [TARGET...]" >&2
  exit 2
}
seconds=30
runs=""
if [ "${1:-}" = "--runs" ]; then
  runs=${2:-}
  [[ "$runs" =~ ^[1-9][0-9]*$ ]] || usage
  shift 2
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
max_seconds=${FUZZ_MAX_SECONDS:-0}
[[ "$max_seconds" =~ ^[0-9]+$ ]] || usage
named=("$@")
[ ${#named[@]} -eq 0 ] && [ -n "${FUZZ_TARGETS:-}" ] && read -r -a named <<<"$FUZZ_TARGETS"
for t in "${named[@]}"; do
  [ -f "$here/$t.cc" ] || { echo "fuzz/run.sh: no target '$t' (fuzz/$t.cc)" >&2; exit 2; }
done
build="$root/build-fuzz"
jobs=${FUZZ_JOBS:-$(nproc)}

cxx=${FUZZ_CXX:-}
if [ -z "$cxx" ]; then
  if command -v clang++-14 >/dev/null; then cxx=clang++-14; else cxx=clang++; fi
fi
command -v "$cxx" >/dev/null || {
  echo "fuzz/run.sh: $cxx not found: install the Debian packages clang-14 and libclang-rt-14-dev" >&2
  exit 2
}

# The reason fuzz/disabled.txt gives for leaving `$1` out of the default list, if any.
disabled_reason() {
  [ -f "$here/disabled.txt" ] || return 0
  sed -n "s/^$1[[:space:]]\{1,\}//p" "$here/disabled.txt" | head -n 1
}

skipped=()
if [ ${#named[@]} -gt 0 ]; then
  targets=("${named[@]}")
else
  targets=()
  for f in "$here"/*.cc; do
    grep -q LLVMFuzzerTestOneInput "$f" || continue
    t=$(basename "$f" .cc)
    if [ -n "$(disabled_reason "$t")" ]; then
      skipped+=("$t")
    else
      targets+=("$t")
    fi
  done
fi

echo "== fuzz: building ${#targets[@]} targets in build-fuzz/ ($cxx)"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
CXX=$cxx cmake -S "$root" -B "$build" -DKEYSWEEP_FUZZ=ON -DKEYSWEEP_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g1" "${launcher[@]}" >/dev/null
# One target when building them all: make then builds the libraries in parallel, not one by one.
if [ ${#named[@]} -gt 0 ]; then
  cmake --build "$build" -j"$jobs" --target "${targets[@]/#/fuzz_}"
else
  cmake --build "$build" -j"$jobs" --target fuzzers
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ks-fuzz.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# libFuzzer sets its own ASan defaults (leak detection on); these add the rest.
export ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for s in llvm-symbolizer-14 llvm-symbolizer; do
  if command -v "$s" >/dev/null; then
    ASAN_SYMBOLIZER_PATH=$(command -v "$s")
    export ASAN_SYMBOLIZER_PATH
    break
  fi
done

# A sanitizer or libFuzzer report in a log, whatever the exit code said.
reported_problem() {
  grep -qE -e '^==[0-9]+==ERROR: |^==[0-9]+== ERROR: libFuzzer|runtime error: ' \
    -e '^SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer|FUZZ_CHECK failed' "$1"
}

failed=()
total=0
printf '%-16s %14s %8s %8s %8s  %s\n' target executions exec/s seconds corpus result
for t in "${skipped[@]}"; do
  printf '%-16s %14s %8s %8s %8s  %s\n' "$t" - - - - "skipped: $(disabled_reason "$t")"
done
for t in "${targets[@]}"; do
  bin="$build/fuzz/fuzz_$t"
  artifacts="$work/artifacts/$t"
  mkdir -p "$artifacts" "$work/corpus/$t"
  log="$work/$t.log"
  status=""

  # 1. Known crashes stay fixed: every reproducer once.
  if [ -d "$here/regressions/$t" ] && [ -n "$(ls -A "$here/regressions/$t")" ]; then
    if ! "$bin" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" \
        "$here/regressions/$t"/* >"$work/$t.regressions.log" 2>&1 ||
        reported_problem "$work/$t.regressions.log"; then
      status="REGRESSION "
      tail -n 40 "$work/$t.regressions.log" >&2
    fi
  fi

  # 2. Fuzz for $seconds (or $runs executions) on a copy of the seeds.
  [ -d "$here/corpus/$t" ] && cp -R "$here/corpus/$t/." "$work/corpus/$t/"
  args=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/")
  if [ -n "$runs" ]; then
    args+=(-runs="$runs")
    [ "$max_seconds" -gt 0 ] && args+=(-max_total_time="$max_seconds")
  else
    args+=(-max_total_time="$seconds")
  fi
  [ -f "$here/dict/$t.dict" ] && args+=(-dict="$here/dict/$t.dict")
  limit=()  # a target that stops answering is killed well after its own limit
  [ -z "$runs" ] && limit=(timeout --kill-after=30 $((seconds + 300)))
  [ -n "$runs" ] && [ "$max_seconds" -gt 0 ] && limit=(timeout --kill-after=30 $((max_seconds + 300)))
  rc=0
  started=$SECONDS
  "${limit[@]}" "$bin" "${args[@]}" "$work/corpus/$t" >"$log" 2>&1 || rc=$?
  elapsed=$((SECONDS - started))
  if [ "$rc" -ne 0 ] || reported_problem "$log"; then
    status+="FAILED (exit $rc)"
  fi
  status=${status:-ok}
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  corpus_size=$(find "$work/corpus/$t" -type f | wc -l)
  total=$((total + ${execs:-0}))
  printf '%-16s %14s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "$elapsed" "$corpus_size" \
    "$status"
  if [ "$status" != ok ]; then
    failed+=("$t")
    keep="$root/build-fuzz/fuzz-failures/$t"
    mkdir -p "$keep"
    cp "$log" "$keep/" 2>/dev/null || true
    cp -R "$artifacts/." "$keep/" 2>/dev/null || true
    echo "---- $t: last lines of the log (log and reproducer kept in build-fuzz/fuzz-failures/$t/)" >&2
    grep -vE '^#[0-9]+' "$log" | tail -n 60 >&2
  fi
  if [ -n "${FUZZ_KEEP:-}" ]; then
    mkdir -p "$FUZZ_KEEP/$t"
    cp -R "$work/corpus/$t/." "$FUZZ_KEEP/$t/"
  fi
done

if [ -n "$runs" ]; then
  echo "fuzz: $total executions in total, ${#targets[@]} targets x up to $runs runs"
else
  echo "fuzz: $total executions in total, ${#targets[@]} targets x ${seconds}s"
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
