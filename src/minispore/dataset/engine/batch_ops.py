"""Batching: `batch` (with per_batch_map), `padded_batch` and `bucket_batch_by_length`."""
import itertools
import numbers

import numpy as np

from minispore.dataset import config
from minispore.dataset.engine.columns import as_row, pad_end, stack_column
from minispore.dataset.engine.datasets import Dataset, check_size_argument
from minispore.dataset.engine.nodes import check_columns_exist
from minispore.dataset.engine.workers import ordered_map

__all__ = ["BatchDataset", "BatchInfo", "BucketBatchByLengthDataset", "check_pad_info", "pad_rows"]


class BatchInfo:
    """What per_batch_map learns about the batch: its number and the epoch's."""

    def __init__(self, batch_num, epoch_num):
        self._batch_num, self._epoch_num = batch_num, epoch_num

    def get_batch_num(self):
        """The index of this batch within the pass."""
        return self._batch_num

    def get_epoch_num(self):
        """The index of the pass."""
        return self._epoch_num


def check_pad_info(pad_info, op):
    """pad_info as {column: (shape list or None, value or None)}; {} pads every column to the batch's max;
    None (padded_batch's default) pads nothing."""
    if pad_info is None:
        return None
    if not isinstance(pad_info, dict):
        raise TypeError(f"For '{op}', 'pad_info' must be a dict of {{column: (pad_shape, pad_value)}}, "
                        f"but got {type(pad_info).__name__}.")
    checked = {}
    for column, entry in pad_info.items():
        if not isinstance(column, str) or not isinstance(entry, tuple) or len(entry) != 2:
            raise TypeError(f"For '{op}', each pad_info entry must be column: (pad_shape, pad_value), but got "
                            f"{column!r}: {entry!r}.")
        shape, value = entry
        if shape is not None:
            shape = list(shape)
            if not all(d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in shape):
                raise ValueError(f"For '{op}', pad_shape of column '{column}' must hold positive ints or None, "
                                 f"but got {entry[0]!r}.")
        if value is not None and not isinstance(value, (numbers.Number, str, bytes)):
            raise TypeError(f"For '{op}', pad_value of column '{column}' must be a number or str, but got {value!r}.")
        checked[column] = (shape, value)
    return checked


def pad_rows(rows, names, pad_info):
    """The rows with the padded columns padded to a common shape (MindSpore's BatchOp::PadColumns)."""
    targets = pad_info if pad_info else {name: (None, None) for name in names}
    check_columns_exist(list(targets), names, "pad_info")
    rows = [list(row) for row in rows]
    for column, (shape, value) in targets.items():
        position = names.index(column)
        ranks = {row[position].ndim for row in rows}
        if len(ranks) != 1:
            raise RuntimeError(f"Invalid data, data to be padded together need to have the same rank, but column "
                               f"'{column}' has ranks {sorted(ranks)}.")
        largest = np.max([row[position].shape for row in rows], axis=0) if rows[0][position].ndim else []
        wanted = list(largest) if shape is None else list(shape)
        if len(wanted) != len(largest):
            raise RuntimeError(f"Invalid pad_info, rank of pad_shape must be equal to rank of specified column. "
                               f"pad_shapes rank:{len(wanted)}, column rank: {len(largest)}")
        wanted = [int(m) if w is None or w < 0 else int(w) for w, m in zip(wanted, largest)]
        for row in rows:
            row[position] = pad_end(row[position], wanted, value)
    return [tuple(row) for row in rows]


class _Batcher:
    """Turns a chunk of rows into one batch row (in a worker when per_batch_map runs in parallel)."""

    def __init__(self, dataset):
        self.names = dataset._names
        self.pad_info = dataset.pad_info
        self.per_batch_map = dataset.per_batch_map
        self.input_columns = dataset.input_columns
        self.output_columns = dataset.output_columns
        self.positions = dataset._positions

    def __call__(self, chunk, batch_num, epoch, first_row):
        if self.pad_info is not None:
            chunk = pad_rows(chunk, self.names, self.pad_info)
        if self.per_batch_map is None:
            return tuple(stack_column([row[i] for row in chunk], name, first_row)
                         for i, name in enumerate(self.names))
        indices = [self.names.index(name) for name in self.input_columns]
        lists = [[row[i] for row in chunk] for i in indices]
        try:
            outputs = self.per_batch_map(*lists, BatchInfo(batch_num, epoch))
        except Exception as error:
            raise RuntimeError(f"batch: per_batch_map failed on the batch of rows {first_row}.."
                               f"{first_row + len(chunk) - 1}: {type(error).__name__}: {error}") from error
        if not isinstance(outputs, tuple):
            outputs = (outputs,)
        if len(outputs) != len(self.output_columns):
            raise ValueError(f"batch: per_batch_map returned {len(outputs)} column(s) but output_columns "
                             f"are {self.output_columns}.")
        stacked = []
        for name, values in zip(self.output_columns, outputs):
            if isinstance(values, np.ndarray) and values.ndim:
                values = list(values)
            values = [as_row((value,), [name], first_row + k, "batch per_batch_map")[0]
                      for k, value in enumerate(values)]
            stacked.append(stack_column(values, name, first_row))
        kept = {name: stack_column([row[i] for row in chunk], name, first_row)
                for i, name in enumerate(self.names) if name not in self.input_columns}
        if self.positions is None:
            return tuple(stacked) + tuple(kept.values())
        new_row = [kept.get(name) for name in self.names]
        for position, value in zip(self.positions, stacked):
            new_row[position] = value
        return tuple(new_row)


class BatchDataset(Dataset):
    """Stacks consecutive rows (padding them with pad_info); optionally runs per_batch_map first."""

    def __init__(self, child, batch_size, drop_remainder, per_batch_map, input_columns, output_columns,
                 pad_info, num_parallel_workers, python_multiprocessing):
        super().__init__([child])
        if callable(batch_size) and not isinstance(batch_size, int):
            self.batch_size, self._size_function = None, batch_size
        else:
            self.batch_size, self._size_function = check_size_argument(batch_size, "batch_size", "batch", 1), None
        self.drop_remainder = bool(drop_remainder)
        if per_batch_map is not None and not callable(per_batch_map):
            raise TypeError(f"For 'batch', 'per_batch_map' must be callable, but got {per_batch_map!r}.")
        self.per_batch_map = per_batch_map
        self.pad_info = pad_info
        self._names = child.get_col_names()
        self.input_columns = input_columns or list(self._names)
        check_columns_exist(self.input_columns, self._names, "batch")
        if pad_info:
            check_columns_exist(list(pad_info), self._names, "padded_batch")
        self.output_columns = output_columns or list(self.input_columns)
        if per_batch_map is None:
            self._new_names, self._positions = list(self._names), None
        elif len(self.input_columns) == len(self.output_columns):
            renamed = dict(zip(self.input_columns, self.output_columns))
            self._new_names = [renamed.get(name, name) for name in self._names]
            self._positions = [self._names.index(name) for name in self.input_columns]
        else:
            rest = [name for name in self._names if name not in self.input_columns]
            self._new_names, self._positions = list(self.output_columns) + rest, None
        self.num_parallel_workers = num_parallel_workers
        self.python_multiprocessing = bool(python_multiprocessing)

    def get_col_names(self):
        return list(self._new_names)

    def get_batch_size(self):
        return self.batch_size if self.batch_size is not None else -1

    def _size(self):
        if self._size_function is not None:
            return None
        size = self.children[0]._size()
        if size is None:
            return None
        return size // self.batch_size if self.drop_remainder else -(-size // self.batch_size)

    def _chunks(self, run, epoch):
        rows = self.children[0]._rows(run)
        first_row = 0
        for batch_num in itertools.count():
            size = self.batch_size
            if self._size_function is not None:
                size = check_size_argument(self._size_function(BatchInfo(batch_num, epoch)), "batch_size",
                                           "batch", 1)
            chunk = list(itertools.islice(rows, size))
            if not chunk or (self.drop_remainder and len(chunk) < size):
                return
            yield chunk, batch_num, epoch, first_row
            first_row += len(chunk)

    def _rows(self, run):
        state = run.state(self, lambda: {"epoch": 0})
        epoch = state["epoch"]
        state["epoch"] += 1
        workers = self.num_parallel_workers or 1
        if self.per_batch_map is None or workers == 1 or config.get_debug_mode():
            batcher = _Batcher(self)
            for chunk in self._chunks(run, epoch):
                yield batcher(*chunk)
            return
        processes = self.python_multiprocessing
        yield from ordered_map(lambda _: _Batcher(self), self._chunks(run, epoch), workers, processes,
                               describe=lambda number, summary: f"batch: batch {number}: {summary}")


class BucketBatchByLengthDataset(Dataset):
    """Rows bucketed by length (boundaries b0 < b1 < ...), each bucket batched and padded on its own."""

    def __init__(self, child, column_names, bucket_boundaries, bucket_batch_sizes, element_length_function,
                 pad_info, pad_to_bucket_boundary, drop_remainder):
        super().__init__([child])
        op = "bucket_batch_by_length"
        names = child.get_col_names()
        check_columns_exist(column_names, names, op)
        boundaries = list(bucket_boundaries)
        if not boundaries or not all(isinstance(b, int) and not isinstance(b, bool) and b > 0 for b in boundaries):
            raise ValueError(f"For '{op}', bucket_boundaries must be a non-empty list of positive ints, but got "
                             f"{bucket_boundaries!r}.")
        if any(a >= b for a, b in zip(boundaries, boundaries[1:])):
            raise ValueError(f"For '{op}', bucket_boundaries must be strictly increasing, but got {boundaries}.")
        sizes = list(bucket_batch_sizes)
        if len(sizes) != len(boundaries) + 1:
            raise ValueError(f"For '{op}', bucket_batch_sizes must have one more entry than bucket_boundaries "
                             f"({len(boundaries) + 1}), but got {len(sizes)}.")
        if not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes):
            raise ValueError(f"For '{op}', bucket_batch_sizes must hold positive ints, but got {sizes}.")
        if element_length_function is None and len(column_names) != 1:
            raise ValueError(f"For '{op}', element_length_function must be given when column_names has more "
                             f"than one column ({column_names}).")
        if element_length_function is not None and not callable(element_length_function):
            raise TypeError(f"For '{op}', element_length_function must be callable.")
        self.column_names = column_names
        self._boundaries = [0] + boundaries
        self.bucket_batch_sizes = sizes
        self.element_length_function = element_length_function
        self.pad_info = check_pad_info(pad_info, op) or {}
        self.pad_to_bucket_boundary = bool(pad_to_bucket_boundary)
        self.drop_remainder = bool(drop_remainder)
        self._names = names

    def get_col_names(self):
        return list(self._names)

    def _size(self):
        return None

    def _length(self, row):
        values = [row[self._names.index(name)] for name in self.column_names]
        if self.element_length_function is None:
            if not values[0].ndim:
                raise RuntimeError(f"bucket_batch_by_length: column '{self.column_names[0]}' is a scalar; give "
                                   "an element_length_function.")
            return values[0].shape[0]
        length = int(np.asarray(self.element_length_function(*values)).reshape(-1)[0])
        if length < 0:
            raise RuntimeError("Invalid element_length_function, element_length_function must return an integer "
                               f"greater than or equal to 0, but got{length}")
        return length

    def _batch(self, bucket, index):
        pad_info = dict(self.pad_info)
        if self.pad_to_bucket_boundary:
            if index + 1 >= len(self._boundaries):
                raise RuntimeError(f"Invalid data, requested to pad to bucket boundary failed, bucket index should "
                                   f"be less than {len(self._boundaries)}, but got {index}")
            boundary = self._boundaries[index + 1] - 1
            pad_info = {name: (None if shape is None else [boundary if d is None else d for d in shape], value)
                        for name, (shape, value) in pad_info.items()}
        rows = pad_rows(bucket, self._names, pad_info)
        return tuple(stack_column([row[i] for row in rows], name, 0) for i, name in enumerate(self._names))

    def _rows(self, run):
        buckets = [[] for _ in self.bucket_batch_sizes]
        for row in self.children[0]._rows(run):
            length = self._length(row)
            index = len(self._boundaries) - 1
            while length < self._boundaries[index]:
                index -= 1
            buckets[index].append(row)
            if len(buckets[index]) == self.bucket_batch_sizes[index]:
                yield self._batch(buckets[index], index)
                buckets[index] = []
        if not self.drop_remainder:
            for index, bucket in enumerate(buckets):
                if bucket:
                    yield self._batch(bucket, index)
