#!/usr/bin/env bash
# Runs on a CUDA machine with PyTorch (no .NET): builds the shim against PyTorch's libtorch, runs the
# C++ smoke test on cuda:0, then the benches published by bench/gpu/publish.sh, each beside PyTorch
# on the same GPU in the same command. Prints figures; never fails on time.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-/tmp/stylefarm-gpu}"; mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
TORCH_ONLY=1 tests/native/cuda_smoke.sh /tmp/sf-cuda 2>&1 | tee "$out/smoke.log"
export STYLEFARM_NATIVE_LIB=/tmp/sf-cuda/shim/libstylefarm_native.so
torch_lib="$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')"
export LD_LIBRARY_PATH="$torch_lib:${LD_LIBRARY_PATH:-}"
if [ -x .gpu/Kernels.Bench/Kernels.Bench ]; then
  .gpu/Kernels.Bench/Kernels.Bench --device cuda:0 --torch-only --python python3 \
    --sizes 256x144,1024x436,1920x1080 --repeats 20 2>&1 | tee "$out/kernels-cuda.txt"
fi
if [ -x .gpu/StyleBench/StyleBench ]; then
  .gpu/StyleBench/StyleBench --device cuda:0 --python python3 --sizes 256x144,512x218,1920x1080 --repeats 10 ${STYLE_ARGS:-} 2>&1 | tee "$out/style-cuda.txt"
fi
