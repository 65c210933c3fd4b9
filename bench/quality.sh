#!/usr/bin/env bash
# Output quality of each preset in one table: temporal error (consistent, independent, ratio), E_gradient along earlier
# frames' borders, content and style relative to independent frames, and the farm's seam ratio for 3 and 8 segments;
# every row also prints the objective evaluations its renders took (their cost in forward and backward passes).
# Usage: bench/quality.sh [--presets preview,balanced,paper] [--passes N] [--dump DIR] …  (bench/QualityBench/QualityOptions.cs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/infra/setup.sh" >/dev/null
exec dotnet "$root/bench/QualityBench/bin/Release/net10.0/QualityBench.dll" "$@"
