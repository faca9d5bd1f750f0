#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite.
# Idempotent: a second call installs nothing and rebuilds only what changed.
#
# With CI=true (or KEYSWEEP_SANITIZERS=1) it also builds with -Werror and runs the whole suite
# again under AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
jobs=$(nproc)

ci=false
[ "${CI:-}" = "true" ] && ci=true
werror=OFF
$ci && werror=ON

if $ci; then
  "$here/scripts/install-deps.sh" pre-commit clang-format
  echo "== clang-format check"
  git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror
else
  "$here/scripts/install-deps.sh" pre-commit
fi

build_and_test() {  # build_and_test DIR [cmake args...]
  local dir=$1
  shift
  cmake -S "$here" -B "$dir" -DKEYSWEEP_WERROR=$werror "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

echo "== Release build and tests (build/)"
build_and_test "$here/build" -DCMAKE_BUILD_TYPE=Release

if $ci || [ "${KEYSWEEP_SANITIZERS:-}" = "1" ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests (build-asan/)"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  build_and_test "$here/build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEYSWEEP_SANITIZE=address,undefined
fi
echo "== all tests passed"
