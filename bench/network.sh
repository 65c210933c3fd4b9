#!/usr/bin/env bash
# Network stylizer speed (issue 13): frames per second of rendering (warp + mask + network, eq. 15) at 256x144 and
# 1024x436, and training iterations per second at 256x256 batch 4, beside the same network and step in Debian's
# python3-torch (bench/reference/network_ref.py), same threads, with the ratio.
# Usage: bench/network.sh [--threads 2] [--sizes 256x144,1024x436] [--repeats 5] [--train-size 256] [--batch 4]
#        [--train-repeats 3] [--device cpu|cuda] [--no-reference]   (bench/NetworkBench/SpeedFigures.cs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STYLEFARM_EXTRA_PACKAGES="python3-torch" "$root/infra/setup.sh" >/dev/null
exec dotnet "$root/bench/NetworkBench/bin/Release/net10.0/NetworkBench.dll" speed "$@"
