"""W7 anchor (issue 18): one training step of the CNN-LSTM text classifier in PyTorch, as
zoo-bench's W7 runs it: Embedding(20000, 128) → Conv1d(128 → 64, 5) + ReLU → MaxPool1d(4) →
LSTM(64 → 128) → Linear(128 → 1) + sigmoid, binary cross-entropy, Adam(lr 1e-3, eps 1e-7), a
batch of 64 random token rows of 200 steps (seed 1234) with random 0/1 labels, 2 threads. The
step is timed with ../shared/bench/common.py's protocol (5 warm-up steps, 20 timed) and the
median in seconds is printed, as bar_anchor.py does.

  ~/.cache/rnnzoo-anchors/tvenv/bin/python tools/bench/w7_anchor.py eager      # or: compile
  ~/.cache/rnnzoo-anchors/tvenv/bin/python tools/bench/w7_anchor.py eager --smoke   # one step, its loss
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.environ.get("ZOO_SHARED", os.path.join(os.path.dirname(ROOT), "shared")), "bench"))
import common as C  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(2)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass

V, E, FILTERS, KERNEL, POOL, H, B, T = 20000, 128, 64, 5, 4, 128, 64, 200


class CNNLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.conv = nn.Conv1d(E, FILTERS, KERNEL)
        self.pool = nn.MaxPool1d(POOL)
        self.lstm = nn.LSTM(FILTERS, H, batch_first=True)
        self.head = nn.Linear(H, 1)

    def forward(self, x):
        y = self.pool(F.relu(self.conv(self.emb(x).transpose(1, 2)))).transpose(1, 2)
        _, (h, _) = self.lstm(y)
        return torch.sigmoid(self.head(h[-1]))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["eager", "compile"])
    p.add_argument("--smoke", action="store_true", help="run one step and print its loss instead of timing")
    args = p.parse_args()
    torch.manual_seed(C.SEED)
    model = CNNLSTM()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    g = torch.Generator().manual_seed(C.SEED)
    x = torch.randint(0, V, (B, T), generator=g)
    y = torch.randint(0, 2, (B, 1), generator=g).float()

    def loss_fn(x, y):
        return F.binary_cross_entropy(model(x), y)

    fwd = torch.compile(loss_fn) if args.mode == "compile" else loss_fn

    def step():
        opt.zero_grad(set_to_none=True)
        loss = fwd(x, y)
        loss.backward()
        opt.step()
        return loss

    if args.smoke:
        print(f"W7 {args.mode}: one step, loss {float(step().detach()):.4f}")
        return
    times, _ = C.timed_steps(step, C.TRAIN_WARMUP, C.TRAIN_STEPS)
    print(C.summarize(times)["median"])


if __name__ == "__main__":
    main()
