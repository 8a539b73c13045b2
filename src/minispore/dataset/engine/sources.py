"""Sources from Python data: GeneratorDataset and NumpySlicesDataset.

Parallelism arguments (num_parallel_workers, python_multiprocessing, max_rowsize, cache) are
accepted for compatibility and ignored: rows are made in the calling thread, in order.
"""
import numpy as np

from minispore.common import dtype as mstype
from minispore.dataset import config
from minispore.dataset.engine.columns import as_row
from minispore.dataset.engine.datasets import Dataset, check_size_argument

__all__ = ["IndexedSource", "GeneratorDataset", "NumpySlicesDataset"]


class IndexedSource(Dataset):
    """A source that can read row i directly: shuffles, shards and limits by index."""

    def __init__(self, column_names, num_rows, shuffle, num_samples, num_shards, shard_id, op):
        super().__init__()
        self._names = list(column_names)
        self._op = op
        self._num_rows = num_rows
        self._shuffle = True if shuffle is None else bool(shuffle)
        self._num_samples = None if num_samples in (None, 0) else check_size_argument(
            num_samples, "num_samples", op, 1)
        if (num_shards is None) != (shard_id is None):
            raise ValueError(f"For '{op}', 'num_shards' and 'shard_id' must be given together.")
        self._num_shards = 1 if num_shards is None else check_size_argument(num_shards, "num_shards", op, 1)
        self._shard_id = 0 if shard_id is None else check_size_argument(shard_id, "shard_id", op, 0)
        if self._shard_id >= self._num_shards:
            raise ValueError(f"For '{op}', 'shard_id' must be < num_shards={self._num_shards}, "
                             f"but got {shard_id}.")
        self._epoch = 0

    def get_col_names(self):
        return list(self._names)

    def _read(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define _read")

    def _indices(self):
        indices = np.arange(self._num_rows)
        if self._shuffle:
            indices = np.random.default_rng(config.seed_sequence(self._epoch)).permutation(indices)
            self._epoch += 1
        indices = indices[self._shard_id::self._num_shards]
        return indices if self._num_samples is None else indices[:self._num_samples]

    def _size(self):
        size = len(range(self._shard_id, self._num_rows, self._num_shards))
        return size if self._num_samples is None else min(size, self._num_samples)

    def _rows(self):
        for index in self._indices():
            yield self._read(int(index))


def _cast_row(row, column_types):
    if column_types is None:
        return row
    return tuple(value.astype(mstype.np_dtype(dtype), copy=False) for value, dtype in zip(row, column_types))


class _IterableSource(Dataset):
    """A source read front to back: a generator function or any iterable."""

    def __init__(self, source, column_names, column_types, num_samples):
        super().__init__()
        self._source = source
        self._names = column_names
        self._column_types = column_types
        self._num_samples = None if num_samples in (None, 0) else check_size_argument(
            num_samples, "num_samples", "GeneratorDataset", 1)

    def get_col_names(self):
        return list(self._names)

    def _size(self):
        return None

    def _rows(self):
        values = self._source() if callable(self._source) else self._source
        for index, row in enumerate(values):
            if self._num_samples is not None and index >= self._num_samples:
                return
            yield _cast_row(as_row(row, self._names, index, "GeneratorDataset"), self._column_types)


class _RandomAccessSource(IndexedSource):
    """A GeneratorDataset over an object with __getitem__ and __len__."""

    def __init__(self, source, column_names, column_types, **options):
        super().__init__(column_names, len(source), op="GeneratorDataset", **options)
        self._source = source
        self._column_types = column_types

    def _read(self, index):
        return _cast_row(as_row(self._source[index], self._names, index, "GeneratorDataset"),
                         self._column_types)


def GeneratorDataset(source, column_names=None, column_types=None, schema=None, num_samples=None,
                     num_parallel_workers=1, shuffle=None, sampler=None, num_shards=None, shard_id=None,
                     python_multiprocessing=True, max_rowsize=None):
    """Rows from a generator function, an iterable, or a random-access object (__getitem__ + __len__)."""
    if column_names is None:
        raise ValueError("For 'GeneratorDataset', 'column_names' must be given (a str or a list of str).")
    names = [column_names] if isinstance(column_names, str) else list(column_names)
    if column_types is not None and len(column_types) != len(names):
        raise ValueError(f"For 'GeneratorDataset', 'column_types' has {len(column_types)} entries but "
                         f"'column_names' has {len(names)}.")
    if sampler is not None:
        raise ValueError("For 'GeneratorDataset', 'sampler' is not supported by minispore; use "
                         "shuffle/num_samples/num_shards/shard_id.")
    if hasattr(source, "__getitem__") and hasattr(source, "__len__"):
        return _RandomAccessSource(source, names, column_types, shuffle=shuffle, num_samples=num_samples,
                                   num_shards=num_shards, shard_id=shard_id)
    if not callable(source) and not hasattr(source, "__iter__"):
        raise TypeError(f"For 'GeneratorDataset', 'source' must be a generator function, an iterable or "
                        f"an object with __getitem__ and __len__, but got {type(source).__name__}.")
    if shuffle or num_shards is not None:
        raise ValueError("For 'GeneratorDataset', shuffle and num_shards need a random-accessible source "
                         "(__getitem__ and __len__); this one can only be iterated. Use .shuffle(buffer_size).")
    return _IterableSource(source, names, column_types, num_samples)


class NumpySlicesDataset(IndexedSource):
    """Rows sliced along axis 0 from arrays: a list/array (one column), a tuple, or a dict of columns."""

    def __init__(self, data, column_names=None, num_samples=None, num_parallel_workers=1, shuffle=None,
                 sampler=None, num_shards=None, shard_id=None):
        if isinstance(data, dict):
            names, columns = list(data.keys()), list(data.values())
        elif isinstance(data, tuple):
            names, columns = [f"column_{i}" for i in range(len(data))], list(data)
        else:
            names, columns = ["column_0"], [data]
        if column_names is not None:
            names = [column_names] if isinstance(column_names, str) else list(column_names)
        if len(names) != len(columns):
            raise ValueError(f"For 'NumpySlicesDataset', 'column_names' {names} do not match the "
                             f"{len(columns)} column(s) of 'data'.")
        self._columns = [as_row((column,), [name], 0, "NumpySlicesDataset")[0]
                         for name, column in zip(names, columns)]
        lengths = {name: len(column) if column.ndim else None for name, column in zip(names, self._columns)}
        if None in lengths.values() or len(set(lengths.values())) != 1:
            raise ValueError(f"For 'NumpySlicesDataset', every column must have the same length along "
                             f"axis 0, but got {lengths}.")
        super().__init__(names, len(self._columns[0]), shuffle, num_samples, num_shards, shard_id,
                         "NumpySlicesDataset")

    def _read(self, index):
        return tuple(column[index, ...] for column in self._columns)
