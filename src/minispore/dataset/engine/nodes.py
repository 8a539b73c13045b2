"""The pipeline operations as nodes: map, batch, shuffle, repeat, take, skip, project, rename, zip, concat."""
import itertools

import numpy as np

from minispore.dataset import config
from minispore.dataset.engine.columns import as_row, stack_column
from minispore.dataset.engine.datasets import Dataset, check_size_argument

__all__ = ["MapDataset", "BatchDataset", "BatchInfo", "ShuffleDataset", "RepeatDataset", "TakeDataset",
           "SkipDataset", "ProjectDataset", "RenameDataset", "ZipDataset", "ConcatDataset"]


def _check_columns_exist(columns, available, op):
    missing = [name for name in columns if name not in available]
    if missing:
        raise ValueError(f"For '{op}', column(s) {missing} not found; the columns are {available}.")


def _layout(names, input_columns, output_columns):
    """MindSpore's column order after an op: same count -> replaced in place, else outputs first."""
    if len(input_columns) == len(output_columns):
        renamed = dict(zip(input_columns, output_columns))
        new_names = [renamed.get(name, name) for name in names]
        positions = [names.index(name) for name in input_columns]
        return new_names, positions
    rest = [name for name in names if name not in input_columns]
    return list(output_columns) + rest, None


def _place(row, names, input_columns, outputs, positions):
    """The new row: `outputs` put where _layout said."""
    if positions is not None:
        new_row = list(row)
        for position, value in zip(positions, outputs):
            new_row[position] = value
        return tuple(new_row)
    kept = tuple(value for name, value in zip(names, row) if name not in input_columns)
    return tuple(outputs) + kept


class MapDataset(Dataset):
    """Runs operations on some columns of each row."""

    def __init__(self, child, operations, input_columns, output_columns):
        super().__init__([child])
        if operations is None:
            raise ValueError("For 'map', 'operations' must be given: a callable or a list of callables.")
        self.operations = list(operations) if isinstance(operations, (list, tuple)) else [operations]
        for operation in self.operations:
            if not callable(operation):
                raise TypeError(f"For 'map', every operation must be callable, but got {operation!r}.")
        self._names = child.get_col_names()
        self.input_columns = input_columns or self._names[:1]
        _check_columns_exist(self.input_columns, self._names, "map")
        self.output_columns = output_columns or list(self.input_columns)
        self._new_names, self._positions = _layout(self._names, self.input_columns, self.output_columns)
        if len(set(self._new_names)) != len(self._new_names):
            raise ValueError(f"For 'map', the resulting columns {self._new_names} repeat a name.")

    def get_col_names(self):
        return list(self._new_names)

    def _apply(self, values, row_index):
        for operation in self.operations:
            try:
                values = operation(*values)
            except Exception as error:
                name = getattr(operation, "__name__", type(operation).__name__)
                raise RuntimeError(f"map: operation '{name}' failed on column(s) {self.input_columns} "
                                   f"of row {row_index}: {type(error).__name__}: {error}") from error
            if not isinstance(values, tuple):
                values = (values,)
        return values

    def _rows(self):
        indices = [self._names.index(name) for name in self.input_columns]
        for row_index, row in enumerate(self.children[0]._rows()):
            outputs = self._apply(tuple(row[i] for i in indices), row_index)
            outputs = as_row(outputs, self.output_columns, row_index, "map")
            yield _place(row, self._names, self.input_columns, outputs, self._positions)


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


class BatchDataset(Dataset):
    """Stacks consecutive rows; optionally runs per_batch_map on the lists of values first."""

    def __init__(self, child, batch_size, drop_remainder, per_batch_map, input_columns, output_columns):
        super().__init__([child])
        self.batch_size = check_size_argument(batch_size, "batch_size", "batch", 1)
        self.drop_remainder = bool(drop_remainder)
        if per_batch_map is not None and not callable(per_batch_map):
            raise TypeError(f"For 'batch', 'per_batch_map' must be callable, but got {per_batch_map!r}.")
        self.per_batch_map = per_batch_map
        self._names = child.get_col_names()
        self.input_columns = input_columns or list(self._names)
        _check_columns_exist(self.input_columns, self._names, "batch")
        self.output_columns = output_columns or list(self.input_columns)
        if per_batch_map is None:
            self._new_names, self._positions = list(self._names), None
        else:
            self._new_names, self._positions = _layout(self._names, self.input_columns, self.output_columns)
        self._epoch = 0

    def get_col_names(self):
        return list(self._new_names)

    def get_batch_size(self):
        return self.batch_size

    def _size(self):
        size = self.children[0]._size()
        if size is None:
            return None
        return size // self.batch_size if self.drop_remainder else -(-size // self.batch_size)

    def _mapped(self, rows, batch_num, first_row):
        indices = [self._names.index(name) for name in self.input_columns]
        lists = [[row[i] for row in rows] for i in indices]
        outputs = self.per_batch_map(*lists, BatchInfo(batch_num, self._epoch))
        if not isinstance(outputs, tuple):
            outputs = (outputs,)
        if len(outputs) != len(self.output_columns):
            raise ValueError(f"batch: per_batch_map returned {len(outputs)} column(s) but output_columns "
                             f"are {self.output_columns}.")
        stacked = []
        for name, values in zip(self.output_columns, outputs):
            values = [as_row((value,), [name], first_row + k, "batch per_batch_map")[0]
                      for k, value in enumerate(values)]
            stacked.append(stack_column(values, name, first_row))
        kept = {name: stack_column([row[i] for row in rows], name, first_row)
                for i, name in enumerate(self._names) if name not in self.input_columns}
        if self._positions is None:
            return tuple(stacked) + tuple(kept.values())
        new_row = [kept.get(name) for name in self._names]
        for position, value in zip(self._positions, stacked):
            new_row[position] = value
        return tuple(new_row)

    def _rows(self):
        rows = self.children[0]._rows()
        first_row = 0
        for batch_num in itertools.count():
            chunk = list(itertools.islice(rows, self.batch_size))
            if not chunk or (self.drop_remainder and len(chunk) < self.batch_size):
                break
            if self.per_batch_map is not None:
                yield self._mapped(chunk, batch_num, first_row)
            else:
                yield tuple(stack_column([row[i] for row in chunk], name, first_row)
                            for i, name in enumerate(self._names))
            first_row += len(chunk)
        self._epoch += 1


class ShuffleDataset(Dataset):
    """Buffer shuffle: each row out is drawn at random from the next `buffer_size` rows in."""

    def __init__(self, child, buffer_size):
        super().__init__([child])
        self.buffer_size = check_size_argument(buffer_size, "buffer_size", "shuffle", 2)
        self._epoch = 0

    def get_col_names(self):
        return self.children[0].get_col_names()

    def _rows(self):
        random = np.random.default_rng(config.seed_sequence(self._epoch))
        self._epoch += 1
        buffer = []
        for row in self.children[0]._rows():
            if len(buffer) < self.buffer_size:
                buffer.append(row)
                continue
            pick = int(random.integers(len(buffer)))
            yield buffer[pick]
            buffer[pick] = row
        for pick in random.permutation(len(buffer)):
            yield buffer[pick]


class RepeatDataset(Dataset):
    """The child's pass `count` times over (-1: forever)."""

    def __init__(self, child, count):
        super().__init__([child])
        if count != -1:
            check_size_argument(count, "count", "repeat", 1)
        self.count = count

    def get_col_names(self):
        return self.children[0].get_col_names()

    def get_repeat_count(self):
        return self.count

    def _size(self):
        size = self.children[0]._size()
        return size * self.count if size is not None and self.count != -1 else size

    def _rows(self):
        passes = itertools.count() if self.count == -1 else range(self.count)
        for _ in passes:
            yield from self.children[0]._rows()


class TakeDataset(Dataset):
    """The first `count` rows (-1: all)."""

    def __init__(self, child, count):
        super().__init__([child])
        if count != -1:
            check_size_argument(count, "count", "take", 1)
        self.count = count

    def get_col_names(self):
        return self.children[0].get_col_names()

    def _size(self):
        size = self.children[0]._size()
        return size if self.count == -1 or size is None else min(size, self.count)

    def _rows(self):
        rows = self.children[0]._rows()
        return rows if self.count == -1 else itertools.islice(rows, self.count)


class SkipDataset(Dataset):
    """All rows after the first `count`."""

    def __init__(self, child, count):
        super().__init__([child])
        self.count = check_size_argument(count, "count", "skip", 0)

    def get_col_names(self):
        return self.children[0].get_col_names()

    def _size(self):
        size = self.children[0]._size()
        return None if size is None else max(0, size - self.count)

    def _rows(self):
        return itertools.islice(self.children[0]._rows(), self.count, None)


class ProjectDataset(Dataset):
    """Only the named columns, in the order named."""

    def __init__(self, child, columns):
        super().__init__([child])
        _check_columns_exist(columns, child.get_col_names(), "project")
        self.columns = columns
        self._indices = [child.get_col_names().index(name) for name in columns]

    def get_col_names(self):
        return list(self.columns)

    def _rows(self):
        for row in self.children[0]._rows():
            yield tuple(row[i] for i in self._indices)


class RenameDataset(Dataset):
    """The same rows under new column names."""

    def __init__(self, child, input_columns, output_columns):
        super().__init__([child])
        names = child.get_col_names()
        _check_columns_exist(input_columns, names, "rename")
        if len(input_columns) != len(output_columns):
            raise ValueError(f"For 'rename', 'input_columns' {input_columns} and 'output_columns' "
                             f"{output_columns} must have the same length.")
        renamed = dict(zip(input_columns, output_columns))
        self._names = [renamed.get(name, name) for name in names]
        if len(set(self._names)) != len(self._names):
            raise ValueError(f"For 'rename', the resulting columns {self._names} repeat a name.")

    def get_col_names(self):
        return list(self._names)

    def _rows(self):
        return self.children[0]._rows()


class ZipDataset(Dataset):
    """Rows of several pipelines side by side; stops with the shortest."""

    def __init__(self, datasets):
        super().__init__(datasets)
        self._names = [name for child in datasets for name in child.get_col_names()]
        if len(set(self._names)) != len(self._names):
            raise ValueError(f"For 'zip', column names must be unique across datasets, but got "
                             f"{self._names}; rename them first.")

    def get_col_names(self):
        return list(self._names)

    def _size(self):
        sizes = [child._size() for child in self.children]
        return None if None in sizes else min(sizes)

    def _rows(self):
        for rows in zip(*(child._rows() for child in self.children)):
            yield tuple(value for row in rows for value in row)


class ConcatDataset(Dataset):
    """Rows of several pipelines one after another; all must have the same columns."""

    def __init__(self, datasets):
        super().__init__(datasets)
        names = datasets[0].get_col_names()
        for child in datasets[1:]:
            if child.get_col_names() != names:
                raise ValueError(f"For 'concat', every dataset must have the columns {names}, but one has "
                                 f"{child.get_col_names()}.")

    def get_col_names(self):
        return self.children[0].get_col_names()

    def _size(self):
        sizes = [child._size() for child in self.children]
        return None if None in sizes else sum(sizes)

    def _rows(self):
        for child in self.children:
            yield from child._rows()
