#!/usr/bin/env bash
# Prints ms per stylizer evaluation, ours beside PyTorch's, at 256x144 and 512x218 (options: see bench/StyleBench/Program.cs).
set -euo pipefail; cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec dotnet run --project bench/StyleBench -c Release -- "$@"
