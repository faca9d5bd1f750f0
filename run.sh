#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build keysweep (Release), run it.
#   ./run.sh history                     full-history scan of the repository you are in
#   ./run.sh history --repo /path/repo   ... of another repository
#   ./run.sh scan PATH...                any other keysweep command works the same way
# Idempotent: a second call installs nothing and rebuilds only what changed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build="$here/build"

"$here/scripts/install-deps.sh"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release &&
       cmake --build "$build" -j"$(nproc)" --target keysweep; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "run.sh: the build failed (output above)" >&2
  exit 2
fi
exec "$build/keysweep" "${@:-history}"
