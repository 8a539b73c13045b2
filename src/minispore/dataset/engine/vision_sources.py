"""Image data sets in their standard binary files: MNIST and Fashion-MNIST (IDX), CIFAR-10 and CIFAR-100.

Each reads the selected split into memory once (MNIST: 55 MB; CIFAR: 180 MB) and hands it to the
sampler machinery of MappableSource.
"""
import gzip
import os

import numpy as np

from minispore.dataset.engine.sources import MappableSource

__all__ = ["MnistDataset", "FashionMnistDataset", "Cifar10Dataset", "Cifar100Dataset", "read_idx", "check_dir",
           "check_usage"]

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def check_usage(usage, op, choices=("train", "test", "all")):
    """`usage` (None means 'all'), or a ValueError listing the choices."""
    usage = "all" if usage is None else usage
    if usage not in choices:
        raise ValueError(f"Input usage is not within the valid set of {list(choices)}.")
    return usage


def check_dir(dataset_dir, op):
    """`dataset_dir` must be an existing directory."""
    if not isinstance(dataset_dir, str):
        raise TypeError(f"For '{op}', 'dataset_dir' must be a str, but got {type(dataset_dir).__name__}.")
    if not os.path.isdir(dataset_dir):
        raise ValueError(f"The folder {dataset_dir} does not exist or is not a directory or permission denied!")


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


class _LabelledImages(MappableSource):
    """An in-memory image array and label array(s), read by index."""

    def _num_rows(self):
        return len(self._images)

    def _labels(self):
        return self._label_columns[0]

    def _read(self, index):
        return (self._images[index],) + tuple(labels[index, ...] for labels in self._label_columns)


class MnistDataset(_LabelledImages):
    """MNIST from its IDX files: columns image (uint8, (28, 28, 1) HWC) and label (uint32)."""

    _PREFIXES = {"train": ("train",), "test": ("t10k",), "all": ("t10k", "train")}  # MindSpore: sorted names

    def __init__(self, dataset_dir, usage=None, num_samples=None, num_parallel_workers=None, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None, cache=None):
        op = type(self).__name__
        check_dir(dataset_dir, op)
        usage = check_usage(usage, op)
        if cache is not None:
            raise NotImplementedError(f"{op}: 'cache' (a MindSpore cache server) is not supported.")
        images, labels = [], []
        for prefix in self._PREFIXES[usage]:
            image_path = _find(dataset_dir, f"{prefix}-images-idx3-ubyte")
            label_path = _find(dataset_dir, f"{prefix}-labels-idx1-ubyte")
            if image_path is None or label_path is None:
                continue
            image, label = read_idx(image_path), read_idx(label_path)
            if image.ndim != 3 or label.ndim != 1 or len(image) != len(label):
                raise ValueError(f"{op}: {image_path} holds {image.shape} and {label_path} holds "
                                 f"{label.shape}; expected (N, rows, cols) images and N labels.")
            images.append(image[..., None].astype(np.uint8, copy=False))
            labels.append(label.astype(np.uint32))
        if not images:
            raise ValueError(f"{op}: no {usage!r} image/label IDX file pair found in {dataset_dir!r} "
                             f"(expected e.g. {self._PREFIXES[usage][0]}-images-idx3-ubyte and "
                             f"{self._PREFIXES[usage][0]}-labels-idx1-ubyte, optionally .gz).")
        self._images = np.concatenate(images)
        self._label_columns = [np.concatenate(labels)]
        super().__init__(["image", "label"], num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers, op)


class FashionMnistDataset(MnistDataset):
    """Fashion-MNIST (same IDX files and layout as MNIST): columns image (28, 28, 1) uint8 and label uint32."""


class Cifar10Dataset(_LabelledImages):
    """CIFAR-10 from its binary batches: columns image (uint8, (32, 32, 3) HWC) and label (uint32)."""

    _FILES = {"train": [f"data_batch_{i}.bin" for i in range(1, 6)], "test": ["test_batch.bin"]}
    _LABEL_BYTES = 1
    _COLUMNS = ["image", "label"]

    def __init__(self, dataset_dir, usage=None, num_samples=None, num_parallel_workers=None, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None, cache=None):
        op = type(self).__name__
        check_dir(dataset_dir, op)
        usage = check_usage(usage, op)
        if cache is not None:
            raise NotImplementedError(f"{op}: 'cache' (a MindSpore cache server) is not supported.")
        names = self._FILES["train"] + self._FILES["test"] if usage == "all" else self._FILES[usage]
        record = self._LABEL_BYTES + 3 * 32 * 32
        records = []
        for name in names:
            path = os.path.join(dataset_dir, name)
            if not os.path.isfile(path):
                continue
            content = np.fromfile(path, np.uint8)
            if content.size % record:
                raise ValueError(f"{op}: {path} holds {content.size} bytes, not a whole number of "
                                 f"{record}-byte records; the file is truncated or not {op[:-7]}.")
            records.append(content.reshape(-1, record))
        if not records:
            raise ValueError(f"{op}: no {usage!r} batch file ({', '.join(names)}) in {dataset_dir!r}.")
        records = np.concatenate(records)
        self._label_columns = self._split_labels(records[:, :self._LABEL_BYTES].astype(np.uint32))
        # Stored channel-first (R plane, G plane, B plane); MindSpore yields HWC.
        self._images = np.ascontiguousarray(records[:, self._LABEL_BYTES:].reshape(-1, 3, 32, 32)
                                            .transpose(0, 2, 3, 1))
        super().__init__(self._COLUMNS, num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers, op)

    def _split_labels(self, labels):
        return [labels[:, 0]]


class Cifar100Dataset(Cifar10Dataset):
    """CIFAR-100 from train.bin/test.bin: columns image (32, 32, 3) uint8, coarse_label and fine_label (uint32)."""

    _FILES = {"train": ["train.bin"], "test": ["test.bin"]}
    _LABEL_BYTES = 2
    _COLUMNS = ["image", "coarse_label", "fine_label"]

    def _split_labels(self, labels):
        return [labels[:, 0], labels[:, 1]]
