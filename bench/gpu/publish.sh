#!/usr/bin/env bash
# Publishes the benches as self-contained linux-x64 programs with TorchSharp's CUDA build into .gpu/, so they run on
# a GPU machine without .NET (carry .gpu with the working tree; then bench/gpu/run.sh there). Needs a NuGet source
# that serves TorchSharp-cuda-linux (the public registry; the copy these build machines reach does not).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
for project in Kernels.Bench StyleBench; do
  dotnet publish "bench/$project" -c Release -r linux-x64 --self-contained -p:TorchSharpPackage=TorchSharp-cuda-linux \
    -p:TreatWarningsAsErrors=false -p:InvariantGlobalization=true -p:DebugType=none -nologo -v quiet \
    -o ".gpu/$project"
done
du -sh .gpu/* 2>/dev/null
