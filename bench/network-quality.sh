#!/usr/bin/env bash
# Network stylizer quality (issue 13): trains a small network on still images (synthetic sequences), then on sequences
# with exact flow compares it with its prior (eq. 15) against the same network per frame: temporal error, content and
# style (Tables 2 and 5), and the style term over 100 frames. Seeded random VGG-16 (no weights are downloaded).
# Usage: bench/network-quality.sh [--size 64] [--iterations 300] [--channels 8] [--blocks 1] [--batch 2]
#        [--content-weight W] [--style-weight W] [--temporal-weight W] [--learning-rate R] [--frames 20] [--model FILE] [--keep FILE] [--dump DIR]
#        (bench/NetworkBench/QualityFigures.cs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/infra/setup.sh" >/dev/null
exec dotnet "$root/bench/NetworkBench/bin/Release/net10.0/NetworkBench.dll" quality "$@"
