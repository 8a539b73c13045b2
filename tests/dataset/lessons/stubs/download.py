"""A stand-in for the `download` package the lessons call: it writes a small synthetic MNIST_Data
folder (the layout of the lesson's MNIST_Data.zip: train/ and test/ IDX files) instead of fetching."""
import os

import numpy as np


def _idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with open(path, "wb") as handle:
        handle.write(header + array.astype(np.uint8).tobytes())


def download(url, path, kind="zip", replace=False):
    """Create `path`/MNIST_Data/{train,test} with seeded digits; return `path` as the real one does."""
    rng = np.random.RandomState(2024)
    for split, prefix, count in (("train", "train", 64), ("test", "t10k", 32)):
        folder = os.path.join(path, "MNIST_Data", split)
        os.makedirs(folder, exist_ok=True)
        _idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte"), rng.randint(0, 256, (count, 28, 28)))
        _idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte"), rng.randint(0, 10, count))
    return path
