"""One SGD step of LeNet-5 in PyTorch; convolutions without bias, as MindSpore's Conv2d defaults to has_bias=False."""
import os

import numpy as np
import torch


def make(batch=32):
    if os.environ.get("OMP_NUM_THREADS") == "1":
        torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.standard_normal((batch, 1, 32, 32), dtype=np.float32))
    y = torch.from_numpy(rng.integers(0, 10, batch))
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5, bias=False), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2),
        torch.nn.Conv2d(6, 16, 5, bias=False), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2),
        torch.nn.Flatten(),
        torch.nn.Linear(400, 120), torch.nn.ReLU(),
        torch.nn.Linear(120, 84), torch.nn.ReLU(),
        torch.nn.Linear(84, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=1e-2)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss
    return step
