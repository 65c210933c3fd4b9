#!/usr/bin/env bash
# Builds another commit's bench (e.g. 1f6322f: the libtorch 1.13 binding before TorchSharp, and the lease engine before
# Orleans) in a temporary folder and prints the path of its build; run-style.sh, kernels.sh and farm-throughput.sh call
# it for --previous REV.
# Usage: bench/previous-binding.sh REV PROJECT...   (PROJECT: a folder under bench/, e.g. StyleBench, Kernels.Bench,
# FarmThroughput, or a path from the root, e.g. src/Client for the stylefarm CLI the farm bench drives)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="$1"; shift
dir="${STYLEFARM_PREVIOUS_DIR:-/tmp/stylefarm-previous}/$(git -C "$root" rev-parse --short "$rev")"
if [ ! -d "$dir/src" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  git -C "$root" archive "$rev" | tar -x -C "$dir"
fi
# One spelling of the folder (it may be a link): NuGet's restore records absolute paths and a build under another fails.
dir="$(readlink -f "$dir")"
# That commit's C ABI shim links Debian's libtorch (which set-up no longer installs).
if [ ! -f "$dir/.built-native" ]; then
  if grep -q "find_package(Torch" "$dir/src/Kernels/native/CMakeLists.txt" 2>/dev/null; then
    STYLEFARM_EXTRA_PACKAGES="libtorch-dev" "$root/infra/setup.sh" >/dev/null
  fi
  if [ -f "$dir/src/Kernels/native/CMakeLists.txt" ]; then
    cmake -S "$dir/src/Kernels/native" -B "$dir/build/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$dir/build/native" -j "$(nproc)" >/dev/null
  fi
  touch "$dir/.built-native"
fi
for project in "$@"; do
  case "$project" in */*) path="$dir/$project" ;; *) path="$dir/bench/$project" ;; esac
  marker="$dir/.built-${project//\//-}"
  if [ ! -f "$marker" ]; then
    dotnet build "$path" -c Release -v quiet -nologo -clp:NoSummary >/dev/null
    touch "$marker"
  fi
done
echo "$dir"
