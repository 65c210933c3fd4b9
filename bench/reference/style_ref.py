#!/usr/bin/python3
"""Reference timing for bench/run-style.sh: one L-BFGS-style evaluation of the per-frame style energy
(VGG-19 features up to relu5_1, content relu4_2, style relu1_1..relu5_1, a short-term temporal term and
total variation, then backward to the image), written as idiomatic PyTorch and run by Debian's
python3-torch (/usr/bin/python3, torch 1.13) with the thread count it is given. Weights are random
(torchvision's VGG init): values do not change the work. Prints one JSON object
{"WxH": {"median_ms": m, "samples_ms": [...]}}. With --check WEIGHTS INPUTS (safetensors files the C# bench
writes) it instead evaluates once on those weights and inputs and prints the loss and the gradient, so the
bench can compare the two implementations' numbers; with --serve it times one evaluation per line read from
stdin, so the bench can interleave both implementations' evaluations. Never a runtime dependency of StyleFarm."""
import argparse
import json
import statistics
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# torchvision's VGG-19 "features" up to relu5_1 ("M" = 2x2 max-pool).
CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512]
CONTENT = "relu4_2"
STYLE = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"]
WEIGHTS = {"content": 5.0, "style": 100.0, "temporal": 1000.0, "tv": 1e-3}


class Vgg19Features(nn.Module):
    def __init__(self, wanted):
        super().__init__()
        layers, names, channels, block, conv = [], [], 3, 1, 1
        for v in CFG:
            if v == "M":
                layers.append(nn.MaxPool2d(2, 2))
                names.append(f"pool{block}")
                block, conv = block + 1, 1
                continue
            c = nn.Conv2d(channels, v, 3, padding=1)
            nn.init.kaiming_normal_(c.weight, mode="fan_out", nonlinearity="relu")
            nn.init.zeros_(c.bias)
            layers += [c, nn.ReLU(inplace=True)]
            names += [f"conv{block}_{conv}", f"relu{block}_{conv}"]
            channels, conv = v, conv + 1
        self.layers = nn.ModuleList(layers)
        self.names = names
        self.wanted = set(wanted)
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.requires_grad_(False)

    def forward(self, x):
        out = {}
        h = (x - self.mean) / self.std
        for layer, name in zip(self.layers, self.names):
            h = layer(h)
            if name in self.wanted:
                out[name] = h
        return out


def gram(f):
    # As the PyTorch style-transfer tutorial and neural-style: F Fᵀ divided by the element count.
    _, c, h, w = f.shape
    f = f.view(c, h * w)
    return torch.mm(f, f.t()) / (c * h * w)


def read_safetensors(path):
    """The float32 tensors of a safetensors file (8-byte header length, JSON header, raw data)."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, only F32 is read")
        start, end = info["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).view(info["shape"])
    return tensors


def make_evaluation(width, height, network_only, weights=None, inputs=None):
    torch.manual_seed(0)
    net = Vgg19Features([CONTENT] + STYLE)
    p = torch.rand(1, 3, height, width)
    a = torch.rand(1, 3, height, width)
    omega = torch.rand(1, 3, height, width)
    c = (torch.rand(1, 1, height, width) > 0.1).float()
    x = torch.rand(1, 3, height, width).requires_grad_()
    if weights is not None:
        with torch.no_grad():
            for index, layer in enumerate(net.layers):
                if isinstance(layer, nn.Conv2d):
                    layer.weight.copy_(weights[f"features.{index}.weight"])
                    layer.bias.copy_(weights[f"features.{index}.bias"])
    if inputs is not None:
        p, a, omega, c = inputs["p"], inputs["a"], inputs["omega"], inputs["c"]
        x = inputs["x"].clone().requires_grad_()
    with torch.no_grad():
        target_p = net(p)[CONTENT].clone()
        targets_a = {k: gram(v) for k, v in net(a).items() if k in STYLE}
    d = x.numel()

    def evaluate():
        x.grad = None
        feats = net(x)
        loss = WEIGHTS["content"] * F.mse_loss(feats[CONTENT], target_p)
        if not network_only:
            for k in STYLE:
                loss = loss + WEIGHTS["style"] * F.mse_loss(gram(feats[k]), targets_a[k])
            loss = loss + WEIGHTS["temporal"] * (c * (x - omega) ** 2).sum() / d
            tv = ((x[:, :, 1:, :] - x[:, :, :-1, :]) ** 2).sum() + ((x[:, :, :, 1:] - x[:, :, :, :-1]) ** 2).sum()
            loss = loss + WEIGHTS["tv"] * tv
        else:
            # Keep relu5_1 in the graph so the whole network is back-propagated, as with the style loss.
            loss = loss + feats["relu5_1"].sum() * 0.0
        loss.backward()
        return loss.item()

    return evaluate, x


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--sizes", default="256x144,512x218")
    parser.add_argument("--network-only", action="store_true",
                        help="content loss only: the VGG forward/backward without Gram matrices")
    parser.add_argument("--check", nargs=2, metavar=("WEIGHTS", "INPUTS"),
                        help="evaluate once on these safetensors weights and inputs; print the loss and gradient")
    parser.add_argument("--serve", action="store_true",
                        help="for one size: print a JSON line when ready, then one evaluation's wall and CPU ms for each line read")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.serve:
        # The C# bench alternates our evaluations with these, so both see the same load on a shared machine.
        width, height = (int(v) for v in args.sizes.split(",")[0].split("x"))
        evaluate, _ = make_evaluation(width, height, args.network_only)
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
        for line in sys.stdin:
            if line.strip() != "run":
                break
            t0, c0 = time.perf_counter(), time.process_time()
            evaluate()
            print((time.perf_counter() - t0) * 1000.0, (time.process_time() - c0) * 1000.0, flush=True)
        return
    if args.check:
        inputs = read_safetensors(args.check[1])
        _, _, height, width = inputs["x"].shape
        evaluate, x = make_evaluation(width, height, False, read_safetensors(args.check[0]), inputs)
        loss = evaluate()
        print(json.dumps({"torch": torch.__version__, "loss": loss, "grad": x.grad.flatten().tolist()}))
        return
    result = {}
    for size in args.sizes.split(","):
        width, height = (int(v) for v in size.split("x"))
        evaluate, _ = make_evaluation(width, height, args.network_only)
        for _ in range(args.warmup):
            evaluate()
        samples = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            evaluate()
            samples.append((time.perf_counter() - t0) * 1000.0)
        result[size] = {"median_ms": statistics.median(samples), "samples_ms": samples}
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": result}))


if __name__ == "__main__":
    main()
