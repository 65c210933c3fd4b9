#!/usr/bin/env bash
# Publishes the benches as self-contained, trimmed linux-x64 programs into .gpu/ so they run on a GPU
# machine that has PyTorch but no .NET (carry .gpu with the working tree; then bench/gpu/run.sh there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
for project in Kernels.Bench StyleBench; do
  [ -d "bench/$project" ] || continue
  dotnet publish "bench/$project" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
    -p:TreatWarningsAsErrors=false -p:InvariantGlobalization=true -p:DebugType=none -nologo -v quiet \
    -o ".gpu/$project" 2>&1 | grep -v "warning IL" || true
done
du -sh .gpu/* 2>/dev/null
