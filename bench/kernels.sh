#!/usr/bin/env bash
# Kernel benchmark: ours beside Debian's python3-torch/python3-opencv, same ops, same threads.
# Usage: bench/kernels.sh [--threads N] [--sizes 256x144,1024x436] [--channels 64] [--repeats 5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STYLEFARM_EXTRA_PACKAGES="python3-torch python3-opencv" "$root/infra/setup.sh" >/dev/null
exec dotnet "$root/bench/Kernels.Bench/bin/Release/net10.0/Kernels.Bench.dll" "$@"
