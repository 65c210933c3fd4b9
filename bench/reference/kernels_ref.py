#!/usr/bin/python3
"""Reference timings for bench/kernels.sh: the same ops as the C# bench, run by Debian's
python3-torch and python3-opencv with the same thread count. Prints one JSON object
"op@WxH median_ms" lines. Never a runtime dependency of StyleFarm."""
import argparse
import statistics
import time

import numpy as np
import torch


def sync(device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def median_ms(fn, repeats):
    fn()  # warm-up: first call allocates and picks kernels
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(samples)


def conv_case(w, h, channels, device):
    torch.manual_seed(0)
    x = torch.randn(1, channels, h, w, device=device, requires_grad=True)
    weight = torch.randn(channels, channels, 3, 3, device=device, requires_grad=True)

    def run():
        x.grad = None
        weight.grad = None
        y = torch.nn.functional.conv2d(x, weight, padding=1)
        y.sum().backward()
        weight.grad.sum().item()  # waits for the device, as ours does

    return run


def grid_case(w, h, device):
    torch.manual_seed(0)
    img = torch.rand(1, 3, h, w, device=device)
    ys, xs = torch.meshgrid(torch.linspace(-1, 1, h, device=device), torch.linspace(-1, 1, w, device=device), indexing="ij")
    grid = torch.stack([xs + 0.01, ys - 0.02], dim=-1).unsqueeze(0)

    def run():
        torch.nn.functional.grid_sample(img, grid, mode="bilinear", padding_mode="border", align_corners=True).sum().item()

    return run


def flow_case(a, b, method):
    import cv2  # only for the flow ops: a GPU machine may have no OpenCV with contrib
    ga = cv2.cvtColor(a, cv2.COLOR_RGB2GRAY)
    gb = cv2.cvtColor(b, cv2.COLOR_RGB2GRAY)
    if method == "dis":
        algo = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    else:
        algo = cv2.optflow.createOptFlow_DeepFlow()

    def run():
        algo.calc(ga, gb, None)

    return run


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--sizes", required=True, help="WxH,WxH")
    p.add_argument("--frames", required=True, help="folder with frame_WxH_{0,1}.rgb raw rgb24 files")
    p.add_argument("--channels", type=int, default=64)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--device", default="cpu")
    p.add_argument("--torch-only", action="store_true")
    p.add_argument("--all-ops", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    out = {}
    for size in args.sizes.split(","):
        w, h = map(int, size.split("x"))
        reps = args.repeats if w * h <= 256 * 144 else max(2, args.repeats // 2)
        out[f"conv2d_fwd_bwd@{size}"] = median_ms(conv_case(w, h, args.channels, args.device), reps)
        out[f"grid_sample@{size}"] = median_ms(grid_case(w, h, args.device), reps)
        if not args.torch_only:
            import cv2
            cv2.setNumThreads(args.threads)
            frames = [np.fromfile(f"{args.frames}/frame_{size}_{i}.rgb", dtype=np.uint8).reshape(h, w, 3) for i in (0, 1)]
            out[f"flow_dis@{size}"] = median_ms(flow_case(frames[0], frames[1], "dis"), reps)
            out[f"flow_deepflow@{size}"] = median_ms(flow_case(frames[0], frames[1], "deepflow"), max(2, reps // 2))
    for op, ms in out.items():
        print(op, ms)


if __name__ == "__main__":
    main()
