#!/usr/bin/env bash
# Prints ms per stylizer evaluation, ours beside PyTorch's, at 256x144 and 512x218 (options: see bench/StyleBench/Program.cs).
# --previous REV also builds commit REV (e.g. 1f6322f, the libtorch 1.13 binding) in a temporary folder and runs its bench
# right after, with the same options, so the two stacks are compared in one command.
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.."
previous=""; args=()
while [ $# -gt 0 ]; do case "$1" in --previous) previous="$2"; shift 2 ;; *) args+=("$1"); shift ;; esac; done
dotnet run --project bench/StyleBench -c Release -- "${args[@]}"
if [ -n "$previous" ]; then
  dir="$(bench/previous-binding.sh "$previous" StyleBench)"
  echo; echo "previous stack ($previous), same options:"
  (cd "$dir" && dotnet run --no-build --project bench/StyleBench -c Release -- "${args[@]}")
fi
