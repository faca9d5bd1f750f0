#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite.
# Idempotent: a second call installs nothing and rebuilds only what changed. Test-only packages:
# pre-commit (the hook tests), strace (the start-up certificate test).
#
# With CI=true (or KEYSWEEP_SANITIZERS=1) it also builds with -Werror and runs the whole suite
# again under AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/.
# With CI=true it then runs the threaded parts (parallel history, file and staged scans, the
# finding collector, the verifier) under ThreadSanitizer (build-tsan/), and every fuzz target for
# KEYSWEEP_FUZZ_SECONDS (default 10) seconds (fuzz/run.sh, build-fuzz/, clang).
# Outside CI: KEYSWEEP_TSAN=1 runs the ThreadSanitizer stage (KEYSWEEP_TSAN_TESTS=. for the whole
# suite), KEYSWEEP_FUZZ_SECONDS=N the fuzz stage.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
jobs=$(nproc)

ci=false
[ "${CI:-}" = "true" ] && ci=true
werror=OFF
$ci && werror=ON
fuzz_seconds=${KEYSWEEP_FUZZ_SECONDS:-}
$ci && fuzz_seconds=${fuzz_seconds:-10}
tsan=false
$ci && tsan=true
{ [ -n "$fuzz_seconds" ] || [ "${KEYSWEEP_TSAN:-}" = "1" ]; } && tsan=true
# clang and libFuzzer's runtime (libclang_rt.fuzzer), plus llvm-symbolizer for readable reports.
fuzz_deps=()
[ -n "$fuzz_seconds" ] && fuzz_deps=(clang-14 libclang-rt-14-dev llvm-14)

if $ci; then
  "$here/scripts/install-deps.sh" pre-commit strace clang-format "${fuzz_deps[@]}"
  echo "== clang-format check"
  git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror
  python3 "$here/scripts/check-layers.py" --self-test
  echo "== module layering check"; python3 "$here/scripts/check-layers.py"
else
  "$here/scripts/install-deps.sh" pre-commit strace "${fuzz_deps[@]}"
fi

build_and_test() {  # build_and_test DIR [cmake args...]
  local dir=$1 stage_start=$SECONDS
  shift
  cmake -S "$here" -B "$dir" -DKEYSWEEP_WERROR=$werror "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  echo "== built in $((SECONDS - stage_start)) s"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
  echo "== $(basename "$dir"): $((SECONDS - stage_start)) s"
}

echo "== Release build and tests (build/)"
build_and_test "$here/build" -DCMAKE_BUILD_TYPE=Release

if $ci || [ "${KEYSWEEP_SANITIZERS:-}" = "1" ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests (build-asan/)"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS="suppressions=$here/tests/lsan.supp:print_suppressions=0"
  # -O0 -g1: instrumenting optimised code doubled this build (15.7 min against 7.5 here); the
  # optimiser's warnings are the Release build's job, and -g1 still gives reports file:line.
  build_and_test "$here/build-asan" -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O0 -g1" \
    -DKEYSWEEP_SANITIZE=address,undefined
fi
if $tsan; then
  # By default the tests of the threaded parts: the parallel history, file and staged scans, the
  # finding collector and ordered delivery, the verifier's workers. KEYSWEEP_TSAN_TESTS=. runs the
  # whole suite (45-75 s here).
  # A report makes the binary exit 66 (halt_on_error), which the test sees as a failure; each
  # report is also written under tsan_logs, and any file there fails the stage whatever the test
  # made of the exit code.
  echo "== ThreadSanitizer build and tests (build-tsan/)"
  tsan_default_tests='e2e_test_history|e2e_test_multi_repo|e2e_test_scan|e2e_test_staged|e2e_test_verify|e2e_test_progress|FileSource|FindingCollector|BlobScanner|RepositoryScan|VerifyFindings|HttpClient|Progress'

  stage_start=$SECONDS
  # No -Werror here: the other builds enforce warnings, and under -fsanitize=thread GCC 12 reports
  # a false -Wnull-dereference inside CLI11's headers (CLI::detail::split).
  cmake -S "$here" -B "$here/build-tsan" -DKEYSWEEP_WERROR=OFF -DCMAKE_BUILD_TYPE=None \
    "-DCMAKE_CXX_FLAGS=-O1 -g1" -DKEYSWEEP_SANITIZE=thread >/dev/null
  cmake --build "$here/build-tsan" -j"$jobs"
  tsan_logs=$(mktemp -d "${TMPDIR:-/tmp}/ks-tsan.XXXXXX")
  tsan_rc=0
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$tsan_logs/report" \
    ctest --test-dir "$here/build-tsan" --output-on-failure -j"$jobs" \
    -R "${KEYSWEEP_TSAN_TESTS:-$tsan_default_tests}" || tsan_rc=$?
  if [ -n "$(ls -A "$tsan_logs")" ]; then
    echo "ThreadSanitizer reports:" >&2
    cat "$tsan_logs"/* >&2
    tsan_rc=1
  fi
  rm -rf "$tsan_logs"
  [ "$tsan_rc" -eq 0 ] || { echo "== ThreadSanitizer stage FAILED" >&2; exit 1; }
  echo "== ThreadSanitizer stage: $((SECONDS - stage_start)) s"
fi

if [ -n "$fuzz_seconds" ]; then
  echo "== Fuzzing: every target for ${fuzz_seconds} s (build-fuzz/)"
  stage_start=$SECONDS
  "$here/fuzz/run.sh" "$fuzz_seconds"
  echo "== fuzzing stage: $((SECONDS - stage_start)) s"
fi
echo "== all tests passed"
