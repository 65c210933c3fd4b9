#!/usr/bin/env bash
# Builds the native shim against the CUDA libtorch of the machine's PyTorch and runs cuda_smoke.cpp.
# For GPU machines (PyTorch, cmake, a compiler; no .NET). Usage: tests/native/cuda_smoke.sh [build dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-/tmp/stylefarm-cuda-smoke}"
mkdir -p "$build"
prefix="${TORCH_PREFIX:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}"
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' || true

# The project's CMakeLists also wants OpenCV; where it is missing, build the sources that do not use it.
src="$root/src/Kernels/native/src"
if [ -n "${TORCH_ONLY:-}" ] || ! cmake -S "$src/.." -B "$build/shim" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_TYPE=Release >"$build/cmake.log" 2>&1; then
  echo "cuda_smoke: building the shim without its OpenCV sources (see $build/cmake.log)"
  # grep -L exits 1 on some versions even when it lists files.
  sources="$( (grep -L "opencv2/" "$src"/*.cpp || true) | tr '\n' ';')"
  mkdir -p "$build/torch-only"
  cat >"$build/torch-only/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(stylefarm_native_torch CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(Torch REQUIRED)
add_library(stylefarm_native SHARED ${SHIM_SOURCES})
target_include_directories(stylefarm_native PRIVATE ${SHIM_DIR})
target_link_libraries(stylefarm_native PRIVATE ${TORCH_LIBRARIES})
set_target_properties(stylefarm_native PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
target_compile_options(stylefarm_native PRIVATE -Wall -Wextra -Wno-unused-parameter)
CMAKE
  rm -rf "$build/shim"
  cmake -S "$build/torch-only" -B "$build/shim" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    -DSHIM_SOURCES="$sources" -DSHIM_DIR="$src" >/dev/null
fi
cmake --build "$build/shim" -j "$(nproc)" 2>&1 | grep -E "warning|error|Built target" || true
torch_lib="$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null || true)"
g++ -std=c++17 -O1 "$root/tests/native/cuda_smoke.cpp" -o "$build/cuda_smoke" -L"$build/shim" -lstylefarm_native \
  -Wl,-rpath,"$build/shim${torch_lib:+:$torch_lib}"
"$build/cuda_smoke"
