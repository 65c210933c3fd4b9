#!/usr/bin/env bash
# Kernel benchmark: ours beside Debian's python3-torch/python3-opencv, same ops, same threads.
# Usage: bench/kernels.sh [--threads N] [--sizes 256x144,1024x436] [--channels 64] [--repeats 5] [--previous REV]
# --previous REV also runs commit REV's kernel bench (e.g. 1f6322f, the libtorch 1.13 binding) in the same command.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
previous=""; args=()
while [ $# -gt 0 ]; do case "$1" in --previous) previous="$2"; shift 2 ;; *) args+=("$1"); shift ;; esac; done
STYLEFARM_EXTRA_PACKAGES="python3-torch python3-opencv" "$root/infra/setup.sh" >/dev/null
dotnet "$root/bench/Kernels.Bench/bin/Release/net10.0/Kernels.Bench.dll" "${args[@]}"
if [ -n "$previous" ]; then
  dir="$("$root/bench/previous-binding.sh" "$previous" Kernels.Bench)"
  echo; echo "previous stack ($previous), same options:"
  (cd "$dir" && dotnet bench/Kernels.Bench/bin/Release/net10.0/Kernels.Bench.dll "${args[@]}")
fi
