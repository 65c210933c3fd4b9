#!/usr/bin/env bash
# Each frame pair's temporal error after every pass of one shot rendered whole by the kernels, on the farm seam test's clip.
# Usage: bench/pair-errors.sh [--frames 12] [--iterations 3] [--passes 3] [--flow exact|dis] [--shift 0]  (bench/PairErrors/PairErrorsOptions.cs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/infra/setup.sh" >/dev/null
exec dotnet "$root/bench/PairErrors/bin/Release/net10.0/PairErrors.dll" "$@"
