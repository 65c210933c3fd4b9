#!/usr/bin/env bash
# Builds another commit's bench (e.g. the libtorch 1.13 binding before TorchSharp, 1f6322f) in a temporary
# folder and prints the path of its build; run-style.sh and kernels.sh call it for --previous REV.
# Usage: bench/previous-binding.sh REV PROJECT   (PROJECT: StyleBench or Kernels.Bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="$1"; project="$2"
dir="${STYLEFARM_PREVIOUS_DIR:-/tmp/stylefarm-previous}/$(git -C "$root" rev-parse --short "$rev")"
if [ ! -f "$dir/.built-$project" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  git -C "$root" archive "$rev" | tar -x -C "$dir"
  # That commit's C ABI shim links Debian's libtorch (which set-up no longer installs).
  if grep -q "find_package(Torch" "$dir/src/Kernels/native/CMakeLists.txt" 2>/dev/null; then
    STYLEFARM_EXTRA_PACKAGES="libtorch-dev" "$root/infra/setup.sh" >/dev/null
  fi
  if [ -f "$dir/src/Kernels/native/CMakeLists.txt" ]; then
    cmake -S "$dir/src/Kernels/native" -B "$dir/build/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$dir/build/native" -j "$(nproc)" >/dev/null
  fi
  dotnet build "$dir/bench/$project" -c Release -v quiet -nologo -clp:NoSummary >/dev/null
  touch "$dir/.built-$project"
fi
echo "$dir"
