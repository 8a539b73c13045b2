"""Image data sets read from their standard files: MnistDataset (IDX) and Cifar10Dataset (binary batches).

Both read the whole selected split into memory once (MNIST: 55 MB; CIFAR-10: 180 MB).
"""
import gzip
import os

import numpy as np

from minispore.dataset.engine.sources import IndexedSource

__all__ = ["MnistDataset", "Cifar10Dataset"]

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _check_usage(usage, op):
    usage = "all" if usage is None else usage
    if usage not in ("train", "test", "all"):
        raise ValueError(f"For '{op}', 'usage' must be 'train', 'test', 'all' or None, but got {usage!r}.")
    return usage


def _check_dir(dataset_dir, op):
    if not os.path.isdir(dataset_dir):
        raise ValueError(f"For '{op}', 'dataset_dir' {dataset_dir!r} is not a directory.")


def read_idx(path):
    """An IDX file (plain or .gz) as a NumPy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        content = file.read()
    if len(content) < 4 or content[0] != 0 or content[1] != 0 or content[2] not in _IDX_TYPES:
        raise ValueError(f"{path} is not an IDX file (bad magic number {content[:4].hex()}).")
    ndim = content[3]
    shape = tuple(int.from_bytes(content[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(_IDX_TYPES[content[2]])
    offset = 4 + 4 * ndim
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(content) - offset != expected:
        raise ValueError(f"{path}: header says shape {shape} ({expected} bytes of data) but the file holds "
                         f"{len(content) - offset}; the file is truncated or damaged.")
    return np.frombuffer(content, dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))


def _find(dataset_dir, name):
    for candidate in (name, name + ".gz", name.replace("-idx", ".idx")):
        path = os.path.join(dataset_dir, candidate)
        if os.path.isfile(path):
            return path
    return None


class MnistDataset(IndexedSource):
    """MNIST from its IDX files: columns image (uint8, (28, 28, 1) HWC) and label (uint32)."""

    _PREFIXES = {"train": ("train",), "test": ("t10k",), "all": ("train", "t10k")}

    def __init__(self, dataset_dir, usage=None, num_samples=None, num_parallel_workers=None, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None, cache=None):
        _check_dir(dataset_dir, "MnistDataset")
        usage = _check_usage(usage, "MnistDataset")
        images, labels = [], []
        for prefix in self._PREFIXES[usage]:
            image_path = _find(dataset_dir, f"{prefix}-images-idx3-ubyte")
            label_path = _find(dataset_dir, f"{prefix}-labels-idx1-ubyte")
            if image_path is None or label_path is None:
                continue
            image, label = read_idx(image_path), read_idx(label_path)
            if image.ndim != 3 or label.ndim != 1 or len(image) != len(label):
                raise ValueError(f"MnistDataset: {image_path} holds {image.shape} and {label_path} holds "
                                 f"{label.shape}; expected (N, rows, cols) images and N labels.")
            images.append(image[..., None].astype(np.uint8, copy=False))
            labels.append(label.astype(np.uint32))
        if not images:
            raise ValueError(f"MnistDataset: no {usage!r} image/label IDX file pair found in {dataset_dir!r} "
                             f"(expected e.g. {self._PREFIXES[usage][0]}-images-idx3-ubyte and "
                             f"{self._PREFIXES[usage][0]}-labels-idx1-ubyte, optionally .gz).")
        self._images, self._labels = np.concatenate(images), np.concatenate(labels)
        super().__init__(["image", "label"], len(self._labels), shuffle, num_samples, num_shards, shard_id,
                         "MnistDataset")

    def _read(self, index):
        return self._images[index], self._labels[index, ...]


class Cifar10Dataset(IndexedSource):
    """CIFAR-10 from its binary batches: columns image (uint8, (32, 32, 3) HWC) and label (uint32)."""

    _FILES = {"train": [f"data_batch_{i}.bin" for i in range(1, 6)], "test": ["test_batch.bin"]}
    _RECORD = 1 + 3 * 32 * 32

    def __init__(self, dataset_dir, usage=None, num_samples=None, num_parallel_workers=None, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None, cache=None):
        _check_dir(dataset_dir, "Cifar10Dataset")
        usage = _check_usage(usage, "Cifar10Dataset")
        names = self._FILES["train"] + self._FILES["test"] if usage == "all" else self._FILES[usage]
        records = []
        for name in names:
            path = os.path.join(dataset_dir, name)
            if not os.path.isfile(path):
                continue
            content = np.fromfile(path, np.uint8)
            if content.size % self._RECORD:
                raise ValueError(f"Cifar10Dataset: {path} holds {content.size} bytes, not a whole number of "
                                 f"{self._RECORD}-byte records; the file is truncated or not CIFAR-10.")
            records.append(content.reshape(-1, self._RECORD))
        if not records:
            raise ValueError(f"Cifar10Dataset: no {usage!r} batch file ({', '.join(names)}) in {dataset_dir!r}.")
        records = np.concatenate(records)
        self._labels = records[:, 0].astype(np.uint32)
        # Stored channel-first (R plane, G plane, B plane); MindSpore yields HWC.
        self._images = np.ascontiguousarray(records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        super().__init__(["image", "label"], len(self._labels), shuffle, num_samples, num_shards, shard_id,
                         "Cifar10Dataset")

    def _read(self, index):
        return self._images[index], self._labels[index, ...]
