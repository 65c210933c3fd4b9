#!/usr/bin/env bash
# Runs on a CUDA machine with PyTorch (no .NET): the benches published by bench/gpu/publish.sh (TorchSharp's
# CUDA build), each beside PyTorch on the same GPU in the same command. Prints figures; never fails on time.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-/tmp/stylefarm-gpu}"; mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
if [ -x .gpu/Kernels.Bench/Kernels.Bench ]; then
  .gpu/Kernels.Bench/Kernels.Bench --device cuda:0 --torch-only --python python3 \
    --sizes 256x144,1024x436,1920x1080 --repeats 20 2>&1 | tee "$out/kernels-cuda.txt"
fi
if [ -x .gpu/StyleBench/StyleBench ]; then
  .gpu/StyleBench/StyleBench --device cuda:0 --python python3 --sizes 256x144,512x218,1920x1080 --repeats 10 ${STYLE_ARGS:-} 2>&1 | tee "$out/style-cuda.txt"
fi
