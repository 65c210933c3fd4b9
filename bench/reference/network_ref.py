#!/usr/bin/python3
"""Reference timings for bench/network.sh: Ruder et al.'s video network (sec. 5, eq. 15) and one two-frame training
step (eq. 17) written in Debian's python3-torch, the same layers, sizes and thread count as StyleFarm's C#
(src/Kernels/Network). Prints "name median_ms" lines. Never a runtime dependency of StyleFarm."""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)


class ConvLayer(nn.Module):
    def __init__(self, cin, cout, k, stride, upsample, padding):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride=stride, padding=padding)
        self.norm = nn.InstanceNorm2d(cout, affine=True)
        self.upsample = upsample

    def forward(self, x):
        if self.upsample:
            x = F.interpolate(x, scale_factor=2, mode="nearest")
        return F.relu(self.norm(self.conv(x)))


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1, self.norm1 = nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c, affine=True)
        self.conv2, self.norm2 = nn.Conv2d(c, c, 3), nn.InstanceNorm2d(c, affine=True)

    def forward(self, x):
        y = F.relu(self.norm1(self.conv1(x)))
        y = self.norm2(self.conv2(y))
        return y + x[:, :, 2:-2, 2:-2]


class Transformer(nn.Module):
    """c9s1-32, d64, d128, 5 x R128 (unpadded), U2 c3s1-64, U2 c3s1-32, c9s1-3 (unpadded) on 7 inputs, reflection padding 8*B + 16."""

    def __init__(self, c=32, blocks=5):
        super().__init__()
        self.pad = 8 * blocks + 16
        self.conv1 = ConvLayer(7, c, 9, 1, False, 4)
        self.down1 = ConvLayer(c, 2 * c, 3, 2, False, 1)
        self.down2 = ConvLayer(2 * c, 4 * c, 3, 2, False, 1)
        self.residuals = nn.Sequential(*[Residual(4 * c) for _ in range(blocks)])
        self.up1 = ConvLayer(4 * c, 2 * c, 3, 1, True, 0)
        self.up2 = ConvLayer(2 * c, c, 3, 1, True, 0)
        self.output = nn.Conv2d(c, 3, 9)

    def forward(self, x):
        h, w = x.shape[2], x.shape[3]
        p = self.pad
        x = F.pad(x, (p, p + (4 - w % 4) % 4, p, p + (4 - h % 4) % 4), mode="reflect")
        x = self.down2(self.down1(self.conv1(x)))
        x = self.up2(self.up1(self.residuals(x)))
        x = (torch.tanh(self.output(x)) + 1) * 0.5
        return x[:, :, 9:h + 9, 9:w + 9]


def network_input(frame, prior, mask):  # eq. 15: f, c * w(x), c, colours centred on the mean pixel
    mean = MEAN.to(frame.device)
    return torch.cat([frame - mean, mask * (prior - mean), mask], 1)


def warp(image, flow):  # backward warp by a flow [N,H,W,2] in pixels, border padding
    n, _, h, w = image.shape
    ys, xs = torch.meshgrid(torch.arange(h, device=image.device), torch.arange(w, device=image.device), indexing="ij")
    gx = (xs + flow[..., 0]) * 2 / (w - 1) - 1
    gy = (ys + flow[..., 1]) * 2 / (h - 1) - 1
    return F.grid_sample(image, torch.stack([gx, gy], -1), mode="bilinear", padding_mode="border", align_corners=True)


def erode(mask, size=7):  # the minimum filter of the prior's mask
    return -F.max_pool2d(-mask, size, 1, size // 2)


class Vgg16(nn.Module):
    """torchvision's VGG-16 features up to relu4_3, returning relu1_2, relu2_2, relu3_3, relu4_3."""

    def __init__(self):
        super().__init__()
        cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512]
        layers, c = [], 3
        for v in cfg:
            if v == "M":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]
                c = v
        self.features = nn.Sequential(*layers)
        self.taps = {3: "relu1_2", 8: "relu2_2", 15: "relu3_3", 22: "relu4_3"}
        for p in self.parameters():
            p.requires_grad_(False)

    def forward(self, x):
        x = (x - MEAN.to(x.device)) / torch.tensor([0.229, 0.224, 0.225], device=x.device).view(1, 3, 1, 1)
        out = {}
        for i, layer in enumerate(self.features):
            x = layer(x)
            if i in self.taps:
                out[self.taps[i]] = x
        return out


def gram(f):
    n, c, h, w = f.shape
    f = f.reshape(n, c, h * w)
    return f @ f.transpose(1, 2) / (c * h * w)


def timed(fn, repeats, device):
    def sync():
        if device.startswith("cuda"):
            torch.cuda.synchronize()

    fn()
    sync()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        sync()
        samples.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(samples)


def render_case(net, w, h, device):
    torch.manual_seed(0)
    frame = torch.rand(1, 3, h, w, device=device)
    state = {"previous": torch.rand(1, 3, h, w, device=device)}
    flow = torch.full((1, h, w, 2), 1.5, device=device)
    weights = (torch.rand(1, 1, h, w, device=device) > 0.05).float()

    def run():
        with torch.no_grad():
            mask = erode(weights)
            prior = warp(state["previous"], flow)
            state["previous"] = net(network_input(frame, prior, mask))
        state["previous"][0, 0, 0, 0].item()

    return run


def train_case(net, size, batch, device):
    torch.manual_seed(0)
    vgg = Vgg16().to(device)
    style = torch.rand(1, 3, 256, 256, device=device)
    with torch.no_grad():
        targets = {k: gram(v) for k, v in vgg(style).items()}
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    frames = [torch.rand(batch, 3, size, size, device=device) for _ in range(2)]
    flow = torch.full((batch, size, size, 2), 1.5, device=device)
    mask = erode((torch.rand(batch, 1, size, size, device=device) > 0.05).float())
    empty = torch.zeros(batch, 3, size, size, device=device)

    def run():
        with torch.no_grad():
            first = net(network_input(frames[0], empty, torch.zeros_like(mask)))
        prior = warp(first, flow)
        x = net(network_input(frames[1], prior, mask))
        fx = vgg(x)
        with torch.no_grad():
            ff = vgg(frames[1])["relu3_3"]
        content = F.mse_loss(fx["relu3_3"], ff)
        style_loss = sum(F.mse_loss(gram(fx[k]), targets[k].expand(batch, -1, -1)) for k in targets)
        temporal = (mask * (x - prior) ** 2).mean()
        loss = content + style_loss + 100 * temporal
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss.item()

    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--sizes", default="256x144,1024x436")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--train-size", type=int, default=256)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--train-repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    net = Transformer().to(args.device)
    net.eval()
    for size in args.sizes.split(","):
        w, h = (int(v) for v in size.split("x"))
        print(f"render@{w}x{h} {timed(render_case(net, w, h, args.device), args.repeats, args.device):.3f}", flush=True)
    if args.train_repeats > 0:
        net.train()
        ms = timed(train_case(net, args.train_size, args.batch, args.device), args.train_repeats, args.device)
        print(f"train@{args.train_size}x{args.train_size}x{args.batch} {ms:.3f}", flush=True)


if __name__ == "__main__":
    main()
