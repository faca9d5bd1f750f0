#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang, ASan + UBSan) and runs each one for
# SECONDS_PER_TARGET seconds (default 30) on a temporary copy of its seed corpus, so the repository
# is never modified. Each target also runs once over every input in fuzz/regressions/<target>/.
# Prints the executions per target and exits non-zero on any crash, leak, timeout (>10 s for one
# input), out-of-memory (>2 GiB) or sanitizer report; the reproducer is kept under the printed
# artifacts directory.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]
#
# Environment:
#   FUZZ_TARGETS="scan sigv4"   only these targets (default: every fuzz/*.cc that defines one)
#   FUZZ_KEEP=DIR               keep each target's grown corpus in DIR/<target>/ (default: deleted)
#   FUZZ_CXX=clang++-14         the compiler for a new build-fuzz/ (default clang++-14, else clang++)
#   FUZZ_JOBS=N                 build parallelism (default: nproc)
#
# CI (test.sh with CI=true) runs `fuzz/run.sh ${KEYSWEEP_FUZZ_SECONDS:-20}`. A longer local run,
# e.g. an hour per target keeping what it finds:
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
seconds=${1:-30}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: fuzz/run.sh [SECONDS_PER_TARGET]" >&2; exit 2; }
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

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for f in "$here"/*.cc; do
    grep -q LLVMFuzzerTestOneInput "$f" && targets+=("$(basename "$f" .cc)")
  done
fi

echo "== fuzz: building ${#targets[@]} targets in build-fuzz/ ($cxx)"
CXX=$cxx cmake -S "$root" -B "$build" -DKEYSWEEP_FUZZ=ON -DKEYSWEEP_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g1" >/dev/null
# One target when building them all: make then builds the libraries in parallel, not one by one.
if [ -n "${FUZZ_TARGETS:-}" ]; then
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
printf '%-14s %14s %8s %8s  %s\n' target executions exec/s corpus result
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

  # 2. Fuzz for $seconds on a copy of the seeds.
  [ -d "$here/corpus/$t" ] && cp -R "$here/corpus/$t/." "$work/corpus/$t/"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts/")
  [ -f "$here/dict/$t.dict" ] && args+=(-dict="$here/dict/$t.dict")
  rc=0
  timeout --kill-after=30 $((seconds + 300)) "$bin" "${args[@]}" "$work/corpus/$t" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] || reported_problem "$log"; then
    status+="FAILED (exit $rc)"
  fi
  status=${status:-ok}
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  corpus_size=$(find "$work/corpus/$t" -type f | wc -l)
  total=$((total + ${execs:-0}))
  printf '%-14s %14s %8s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "$corpus_size" "$status"
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

echo "fuzz: $total executions in total, ${#targets[@]} targets x ${seconds}s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
