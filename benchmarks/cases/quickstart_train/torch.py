"""One epoch of the same lesson in PyTorch (its own quick-start's loop): a Dataset that rescales and
normalises each image, a DataLoader of batch 64, the same network, SGD 1e-2, the loss every 100 batches."""
import contextlib
import importlib.util
import io
import os
import pathlib

import numpy as np
import torch
from torch import nn

_spec = importlib.util.spec_from_file_location("mnist_files", pathlib.Path(__file__).with_name("mnist_files.py"))
mnist_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mnist_files)


def _read_idx(path):
    content = pathlib.Path(path).read_bytes()
    shape = tuple(int.from_bytes(content[4 + 4 * i:8 + 4 * i], "big") for i in range(content[3]))
    return np.frombuffer(content, np.uint8, offset=4 + 4 * len(shape)).reshape(shape)


class Mnist(torch.utils.data.Dataset):
    def __init__(self, folder):
        self.images = _read_idx(os.path.join(folder, "train-images-idx3-ubyte"))
        self.labels = _read_idx(os.path.join(folder, "train-labels-idx1-ubyte"))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        image = torch.from_numpy(self.images[index][None].astype(np.float32) / 255.0)
        return (image - 0.1307) / 0.3081, int(self.labels[index])


def make():
    if os.environ.get("OMP_NUM_THREADS") == "1":
        torch.set_num_threads(1)
    dataloader = torch.utils.data.DataLoader(Mnist(mnist_files.mnist_dir() + "/train"), batch_size=64, shuffle=True)
    model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                          nn.Linear(512, 10))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-2)

    def train(dataloader, model, loss_fn, optimizer):
        size = len(dataloader.dataset)
        model.train()
        for batch, (X, y) in enumerate(dataloader):
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            if batch % 100 == 0:
                loss, current = loss.item(), (batch + 1) * len(X)
                print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

    def epoch():
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            train(dataloader, model, loss_fn, optimizer)
        return printed.getvalue()
    return epoch
