"""Sources that read rows by index (`MappableSource`), and those built from Python data.

A mappable source owns a sampler (chosen from shuffle/num_samples/num_shards/shard_id/sampler as
MindSpore chooses it); each pass reads the row ids the sampler hands out. With
`num_parallel_workers > 1` the reads run in workers (threads; processes for a GeneratorDataset
over Python code with `python_multiprocessing=True`), rows still in sampler order.
"""
import copy

import numpy as np

from minispore.common import dtype as mstype
from minispore.dataset import config
from minispore.dataset.engine import samplers
from minispore.dataset.engine.columns import as_row
from minispore.dataset.engine.datasets import Dataset, check_size_argument
from minispore.dataset.engine.workers import ordered_map

__all__ = ["MappableSource", "GeneratorDataset", "NumpySlicesDataset", "check_shard_options"]


def check_shard_options(op, num_samples, shuffle, sampler, num_shards, shard_id, sampler_conflicts=True):
    """MindSpore's checks of the sampling arguments of a source (file sources refuse a sampler given with
    shuffle/shards/num_samples here; NumpySlices/Generator sources leave that to select_sampler's ValueError)."""
    if num_samples is not None:
        check_size_argument(num_samples, "num_samples", op, 0)
    if shuffle is not None and not isinstance(shuffle, (bool, samplers.Shuffle)):
        raise TypeError("shuffle must be of boolean or enum of 'Shuffle' values like 'Shuffle.ADAPTIVE' or "
                        "'Shuffle.GLOBAL' or 'Shuffle.PARTIAL' or 'Shuffle.FILES' or 'Shuffle.INFILE'.")
    if sampler is not None and sampler_conflicts:
        if shuffle is not None:
            raise RuntimeError("sampler and shuffle cannot be specified at the same time.")
        if num_shards is not None or shard_id is not None:
            raise RuntimeError("sampler and sharding cannot be specified at the same time.")
        if num_samples is not None:
            raise RuntimeError("sampler and num_samples cannot be specified at the same time.")
    if (num_shards is None) != (shard_id is None):
        raise ValueError("num_shards and shard_id need to be passed in together.")
    if num_shards is not None:
        check_size_argument(num_shards, "num_shards", op, 1)
        check_size_argument(shard_id, "shard_id", op, 0)
        if shard_id >= num_shards:
            raise ValueError("shard_id should be less than num_shards.")


def _check_workers(num_parallel_workers, op):
    if num_parallel_workers is None:
        return None
    return check_size_argument(num_parallel_workers, "num_parallel_workers", op, 1)


class MappableSource(Dataset):
    """A source that can read row i directly; a sampler decides which rows each pass reads."""

    _sampler_conflicts = True

    def __init__(self, column_names, num_samples=None, shuffle=None, sampler=None, num_shards=None,
                 shard_id=None, num_parallel_workers=None, op=None):
        super().__init__()
        op = op or type(self).__name__
        check_shard_options(op, num_samples, shuffle, sampler, num_shards, shard_id, self._sampler_conflicts)
        self._names = list(column_names)
        self._op = op
        if isinstance(shuffle, samplers.Shuffle):
            shuffle = shuffle != samplers.Shuffle.FALSE
        self.sampler = samplers.select_sampler(num_samples or None, sampler, shuffle, num_shards, shard_id)
        self.num_parallel_workers = _check_workers(num_parallel_workers, op)

    # --- subclasses define these ------------------------------------------------------------
    def _num_rows(self):
        raise NotImplementedError(f"{type(self).__name__} must define _num_rows")

    def _read(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define _read")

    def _labels(self):
        """The class label of every row (for PKSampler); sources with labels override this."""
        raise RuntimeError(f"PKSampler needs class labels, which {type(self).__name__} does not have.")

    # --- the pipeline side --------------------------------------------------------------------
    def get_col_names(self):
        return list(self._names)

    def is_shuffled(self):
        return self.sampler.is_shuffled()

    def is_sharded(self):
        return self.sampler.is_sharded()

    def _size(self):
        rows = self._num_rows()
        if isinstance(self.sampler, samplers.PKSampler):
            return len(self.sampler._labels_runner(self._labels()).next_pass())
        return self.sampler._count(rows) if rows else 0

    def _runner(self):
        if isinstance(self.sampler, samplers.PKSampler):
            return self.sampler._labels_runner(self._labels())
        return self.sampler._runner(self._num_rows())

    def _workers(self):
        if config.get_debug_mode():
            return 1
        return self.num_parallel_workers or 1

    def _parallel_reads_in_processes(self):
        return False

    def _rows(self, run):
        if not self._num_rows():
            return
        ids = run.state(self, self._runner).next_pass()
        workers = self._workers()
        if workers == 1:
            for index in ids:
                yield self._read(int(index))
            return
        read = self._read
        yield from ordered_map(lambda _: read, ((int(index),) for index in ids), workers,
                               self._parallel_reads_in_processes(),
                               describe=lambda k, summary: f"{self._op}: reading row {int(ids[k])}: {summary}")

    def add_sampler(self, new_sampler):
        """Pass the ids of the current sampler through `new_sampler` (it samples among them)."""
        new_sampler.add_child(self.sampler)
        self.sampler = new_sampler

    def use_sampler(self, new_sampler):
        """Replace the sampler."""
        if new_sampler is None:
            raise TypeError("Input sampler can not be None.")
        if not isinstance(new_sampler, (samplers.BuiltinSampler, samplers.Sampler)):
            raise TypeError("Input sampler is not an instance of a sampler.")
        self.sampler = new_sampler

    def split(self, sizes, randomize=True):
        """Non-overlapping pieces; with randomize, one random order (the seed's) cut into pieces."""
        from minispore.dataset.engine.nodes import split_sizes
        if self.is_sharded():
            raise RuntimeError("Dataset should not be sharded before split.")
        pieces, start = [], 0
        for size in split_sizes(self, sizes):
            piece = copy.deepcopy(self)
            if randomize:
                random_order = samplers.RandomSampler()
                random_order.reshuffle_each_epoch = False
                piece.add_sampler(random_order)
            piece.add_sampler(samplers.SequentialSampler(start, size))
            piece.add_sampler(samplers.SequentialSampler())
            pieces.append(piece)
            start += size
        return tuple(pieces)


def _cast_row(row, column_types):
    if not column_types:
        return row
    return tuple(value.astype(mstype.np_dtype(dtype), copy=False) for value, dtype in zip(row, column_types))


class _ReplayableGenerator:
    """A generator object made re-iterable by remembering what it yielded (MindSpore does the same)."""

    def __init__(self, generator):
        self._generator = generator
        self._seen = []

    def __iter__(self):
        yield from self._seen
        for item in self._generator:
            self._seen.append(item)
            yield item


class GeneratorDataset(MappableSource):
    """Rows from a generator function, an iterable, or a random-access object (__getitem__ + __len__).

    A random-access source is sampled (shuffled by default, sharded with num_shards/shard_id or a
    sampler); an iterable is read in its own order, and `shuffle` does nothing to it (as in MindSpore).
    """

    _sampler_conflicts = False

    def __init__(self, source, column_names=None, column_types=None, schema=None, num_samples=None,
                 num_parallel_workers=1, shuffle=None, sampler=None, num_shards=None, shard_id=None,
                 python_multiprocessing=True, max_rowsize=None, batch_sampler=None, collate_fn=None):
        names = _check_generator_arguments(source, column_names, column_types, schema, num_samples, shuffle,
                                           sampler, num_shards, shard_id, batch_sampler, collate_fn)
        workers = _check_workers(num_parallel_workers, "GeneratorDataset") or 1
        self._column_types = column_types
        self._random_access = hasattr(source, "__getitem__")
        if not self._random_access:
            if isinstance(source, zip):
                source = list(source)
            elif hasattr(source, "__next__") and hasattr(source, "send"):  # a generator object
                source = _ReplayableGenerator(source)
            Dataset.__init__(self)
            self._source, self._names, self._op = source, names, "GeneratorDataset"
            self._num_samples = num_samples or None
            self.sampler = None
            self.num_parallel_workers = workers
            return
        if not hasattr(source, "__len__"):
            raise RuntimeError("Attempt to construct a random access dataset, '__len__' method is required!")
        self._source = source
        self._length = len(source)
        self._multiprocessing = python_multiprocessing
        self._collate_fn = collate_fn
        self._batched = batch_sampler is not None
        if batch_sampler is not None:
            sampler = batch_sampler if isinstance(batch_sampler, samplers.BuiltinSampler) \
                else samplers.IterSampler(batch_sampler)
        super().__init__(names, num_samples, shuffle, sampler, num_shards, shard_id, workers, "GeneratorDataset")

    def _num_rows(self):
        return self._length

    def _parallel_reads_in_processes(self):
        return self._multiprocessing

    def _read(self, index):
        return _cast_row(as_row(self._source[index], self._names, index, "GeneratorDataset"), self._column_types)

    def is_shuffled(self):
        return self._random_access and super().is_shuffled()

    def is_sharded(self):
        return self._random_access and super().is_sharded()

    def _size(self):
        if not self._random_access:
            return None
        if self._batched:
            return len(self._batches(self.sampler._runner(self._length).next_pass()))
        return super()._size()

    def _batches(self, ids):
        """The batch sampler's lists of ids (it yields lists; the ids arrive flattened)."""
        sampler, batches, start = self.sampler, [], 0
        sizes = []
        for item in iter(sampler):
            sizes.append(1 if np.isscalar(item) else len(item))
        for size in sizes:
            batches.append(ids[start:start + size])
            start += size
        return batches

    def _rows(self, run):
        if not self._random_access:
            yield from self._rows_in_order()
            return
        if not self._batched:
            yield from super()._rows(run)
            return
        ids = run.state(self, self._runner).next_pass()
        for batch in self._batches(ids):
            rows = [self._read(int(index)) for index in batch]
            columns = [[row[k] for row in rows] for k in range(len(self._names))]
            if self._collate_fn is not None:
                yield as_row(self._collate_fn(*columns), self._names, int(batch[0]), "GeneratorDataset collate_fn")
            else:
                yield tuple(np.stack(column) for column in columns)

    def _rows_in_order(self):
        """An iterable source, front to back (a generator function is called anew each pass)."""
        values = iter(self._source()) if callable(self._source) and not hasattr(self._source, "__iter__") \
            else iter(self._source)
        for index, row in enumerate(values):
            if self._num_samples is not None and index >= self._num_samples:
                return
            yield _cast_row(as_row(row, self._names, index, "GeneratorDataset"), self._column_types)

    def _check_samplable(self, method):
        if not self._random_access:
            raise ValueError(f"GeneratorDataset.{method}: the source has no '__getitem__', so it is read in its "
                             f"own order and takes no sampler.")

    def add_sampler(self, new_sampler):
        self._check_samplable("add_sampler")
        super().add_sampler(new_sampler)

    def use_sampler(self, new_sampler):
        self._check_samplable("use_sampler")
        super().use_sampler(new_sampler)

    def split(self, sizes, randomize=True):
        if not self._random_access:
            return Dataset.split(self, sizes, randomize)
        return super().split(sizes, randomize)


def _check_generator_arguments(source, column_names, column_types, schema, num_samples, shuffle, sampler,
                               num_shards, shard_id, batch_sampler, collate_fn):
    """GeneratorDataset's argument checks (MindSpore's messages); returns the column names as a list."""
    if not callable(source) and not hasattr(source, "__iter__") and not hasattr(source, "__getitem__"):
        raise TypeError("Input `source` function of GeneratorDataset should be callable, iterable or random"
                        " accessible, commonly it should implement one of the method like yield, __getitem__ or"
                        " __next__(__iter__).")
    if column_names is None and schema is None:
        raise ValueError("Neither columns_names nor schema are provided.")
    if schema is not None:
        raise NotImplementedError("GeneratorDataset: 'schema' (deprecated in MindSpore 2.8) is not supported by "
                                  "minispore; pass column_names (and column_types).")
    names = [column_names] if isinstance(column_names, str) else list(column_names)
    if not names or not all(isinstance(name, str) and name for name in names) or len(set(names)) != len(names):
        raise ValueError(f"For 'GeneratorDataset', 'column_names' must be unique non-empty str, but got "
                         f"{column_names!r}.")
    if column_types is not None and len(column_types) != len(names):
        raise ValueError(f"For 'GeneratorDataset', 'column_types' has {len(column_types)} entries but "
                         f"'column_names' has {len(names)}.")
    if batch_sampler is not None and any(arg is not None for arg in (num_samples, shuffle, num_shards, shard_id,
                                                                      sampler)):
        raise ValueError("batch_sampler is mutually exclusive with num_samples, shuffle, num_shards, shard_id and "
                         "sampler.")
    if collate_fn is not None and batch_sampler is None:
        raise ValueError("collate_fn can be specified only when batch_sampler is set.")
    if collate_fn is not None and not callable(collate_fn):
        raise TypeError("collate_fn should be callable.")
    if isinstance(sampler, samplers.PKSampler):
        raise ValueError("GeneratorDataset doesn't support PKSampler.")
    if not hasattr(source, "__getitem__"):
        for argument, value in (("sampler", sampler), ("batch_sampler", batch_sampler), ("num_shards", num_shards)):
            if value is not None:
                raise ValueError(f"{argument} is not supported if source does not have attribute '__getitem__'.")
        check_shard_options("GeneratorDataset", num_samples, shuffle, sampler, num_shards, shard_id)
    return names


class NumpySlicesDataset(MappableSource):
    """Rows sliced along axis 0 from arrays: a list/array (one column), a tuple, or a dict of columns."""

    _sampler_conflicts = False

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
        super().__init__(names, num_samples, shuffle, sampler, num_shards, shard_id, num_parallel_workers,
                         "NumpySlicesDataset")

    def _num_rows(self):
        return len(self._columns[0])

    def _read(self, index):
        return tuple(column[index, ...] for column in self._columns)
