#!/usr/bin/env bash
# Installs and builds everything (infra/setup.sh), then runs every test of the solution.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/infra/setup.sh" --for-tests
cd "$root"
log="$(mktemp -t stylefarm-test.XXXXXX.log)"
status=0
dotnet test Cluster.sln -c Release --no-build -nologo -v quiet --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  # The assemblies' outputs interleave and CI keeps only the tail: repeat each failure and its message last.
  echo "=== failed tests (repeated from above; full log: $log) ==="
  awk '/^  Failed /{show=1} /^  Passed |^  Skipped |^\[xUnit/{show=0} show' "$log" | head -c 20000
  exit "$status"
fi
rm -f "$log"
