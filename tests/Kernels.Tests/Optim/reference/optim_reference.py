#!/usr/bin/python3
"""Reference iterates for OptimReferenceTests.cs, from PyTorch's own optimizers.

Run with Debian's python3-torch (torch 1.13): /usr/bin/python3 optim_reference.py
It prints the C# arrays that OptimReferenceTests.cs hard-codes (CI has no python3-torch).

Problem: f(x) = 1/2 xᵀAx − bᵀx, n = 10, float64, with A = MᵀM + I and every entry of M, b and x0
a small multiple of 1/4 or 1/2, so the C# test builds bit-identical data.
- L-BFGS: torch.optim.LBFGS(lr=1, history_size=100, line_search_fn=None, max_eval=100) run for k = 1..5 iterations
  from x0, giving the iterates x_1..x_5, and the losses of the 5-iteration run's evaluations.
- Adam: torch.optim.Adam(lr=0.1) for 5 steps from x0, giving the iterates after each step.
"""
import torch

torch.set_default_dtype(torch.float64)
N = 10
M = torch.tensor([[((7 * i + 3 * j) % 11 - 5) / 4.0 for j in range(N)] for i in range(N)])
A = M.t() @ M + torch.eye(N)
B = torch.tensor([((5 * i) % 7 - 3) / 2.0 for i in range(N)])
X0 = torch.tensor([((3 * i) % 5 - 2) / 4.0 for i in range(N)])


def loss_of(x):
    return 0.5 * x.dot(A.mv(x)) - B.dot(x)


def lbfgs(iterations, losses=None):
    x = X0.clone().requires_grad_(True)
    # max_eval: PyTorch's default, floor(1.25 * max_iter), would stop runs of fewer than 4 iterations early.
    opt = torch.optim.LBFGS([x], lr=1, max_iter=iterations, max_eval=100, history_size=100, line_search_fn=None,
                            tolerance_grad=1e-5, tolerance_change=1e-9)

    def closure():
        opt.zero_grad()
        loss = loss_of(x)
        loss.backward()
        if losses is not None:
            losses.append(loss.item())
        return loss

    opt.step(closure)
    assert opt.state[x]["n_iter"] == iterations, "the reference run stopped early"
    return x.detach()


def adam(steps):
    x = X0.clone().requires_grad_(True)
    opt = torch.optim.Adam([x], lr=0.1)
    iterates = []
    for _ in range(steps):
        opt.zero_grad()
        loss_of(x).backward()
        opt.step()
        iterates.append(x.detach().clone())
    return iterates


def row(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


print(f"// torch {torch.__version__}")
print("LbfgsIterates = [")
for k in range(1, 6):
    print(f"    {row(lbfgs(k))},")
print("];")
losses = []
lbfgs(5, losses)
print(f"LbfgsLosses = {row(losses)};")
print("AdamIterates = [")
for x in adam(5):
    print(f"    {row(x)},")
print("];")
