"""Synthetic MNIST in its IDX files (the real one needs a download): 60,000 training images, written once.

Each digit is a bright bar whose row is its label, on noise, so the lesson's network learns it. The
files go to the temp folder under a name carrying the count and are reused by later runs.
"""
import os
import pathlib
import tempfile

import numpy as np

TRAIN_IMAGES = 60000


def _write_idx(path, array):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def mnist_dir(count=TRAIN_IMAGES):
    """A folder holding train/ (count images) and test/ (count // 6 images) in MNIST's IDX format."""
    folder = pathlib.Path(tempfile.gettempdir()) / f"minispore-bench-mnist-{count}"
    if folder.exists():
        return str(folder)
    staging = pathlib.Path(tempfile.mkdtemp(prefix=folder.name + "-", dir=folder.parent))
    rng = np.random.default_rng(0)
    for split, prefix, n in (("train", "train", count), ("test", "t10k", count // 6)):
        labels = rng.integers(0, 10, n)
        images = rng.integers(0, 60, (n, 28, 28))
        rows = 2 + 2 * labels[:, None] + np.arange(2)  # (n, 2): the bar's two rows
        images[np.arange(n)[:, None], rows, 4:24] = 255
        (staging / split).mkdir()
        _write_idx(staging / split / f"{prefix}-images-idx3-ubyte", images)
        _write_idx(staging / split / f"{prefix}-labels-idx1-ubyte", labels)
    try:
        os.rename(staging, folder)
    except OSError:  # another run wrote it first
        pass
    return str(folder)
