#!/usr/bin/env bash
# Installs everything StyleFarm needs on Debian 12 (with the .NET SDK) and builds it. Idempotent:
# packages already installed are skipped, and CMake and dotnet rebuild only what changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# OpenCV with contrib (optflow) for the flow library (libtorch comes with TorchSharp from NuGet); ffmpeg for video I/O;
# opencv-doc for the demo video and the test photos; cmake, make and g++ build the flow library (make is only a
# recommendation of cmake, which --no-install-recommends leaves out).
packages=(libopencv-dev libopencv-contrib-dev ffmpeg opencv-doc cmake make g++ ${STYLEFARM_EXTRA_PACKAGES:-})
# Node.js and npm, where missing: `cluster up` and the tests install Azurite (the blob store's emulator) with npm.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# --for-tests (infra/test.sh): Debian's Chromium, which the dashboard's browser tests drive through Playwright (no
# browser is downloaded); a farm or a render never needs it.
[ "${1:-}" = "--for-tests" ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The flow library (C ABI over OpenCV's DIS, DeepFlow and Farneback).
cmake -S src/Kernels/native -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j "$(nproc)"

# The .NET solution (CLI, libraries, tests, benchmarks).
dotnet build Cluster.sln -c Release -v quiet -nologo -clp:NoSummary
echo "setup: done; run ./stylefarm --help"
