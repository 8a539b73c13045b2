"""Pipeline operations as nodes: shuffle, repeat, take, skip, filter, project, rename, zip, concat."""
import itertools

from minispore.dataset import config
from minispore.dataset.engine import stdrandom
from minispore.dataset.engine.datasets import Dataset, check_size_argument

__all__ = ["ShuffleDataset", "RepeatDataset", "TakeDataset", "SkipDataset", "FilterDataset", "ProjectDataset",
           "RenameDataset", "ZipDataset", "ConcatDataset", "check_columns_exist", "split_sizes"]


def check_columns_exist(columns, available, op):
    """Every name of `columns` is a column, or a ValueError listing the columns there are."""
    missing = [name for name in columns if name not in available]
    if missing:
        raise ValueError(f"For '{op}', column(s) {missing} not found; the columns are {available}.")


class _Unary(Dataset):
    """A node with one child and the child's columns."""

    def __init__(self, child):
        super().__init__([child])

    def get_col_names(self):
        return self.children[0].get_col_names()


class ShuffleDataset(_Unary):
    """MindSpore's buffer shuffle: each row out is a random slot of a `buffer_size`-row buffer (mt19937_64)."""

    def __init__(self, child, buffer_size):
        super().__init__(child)
        if isinstance(buffer_size, bool) or not isinstance(buffer_size, int):
            raise TypeError(f"Argument buffer_size with value {buffer_size!r} is not of type [<class 'int'>], "
                            f"but got {type(buffer_size)}.")
        if not 2 <= buffer_size <= config.INT32_MAX:
            raise ValueError(f"Input buffer_size is not within the required interval of [2, {config.INT32_MAX}].")
        self.buffer_size = buffer_size
        self.reshuffle_each_epoch = True

    def is_shuffled(self):
        return True

    def _rows(self, run):
        state = run.state(self, lambda: {"seed": config.engine_seed(), "engine": None})
        if state["engine"] is None or not self.reshuffle_each_epoch:
            state["engine"] = stdrandom.MT19937_64(state["seed"])
        engine = state["engine"]
        rows = self.children[0]._rows(run)
        buffer = list(itertools.islice(rows, self.buffer_size))
        refilling = len(buffer) == self.buffer_size
        last = len(buffer) - 1
        while last >= 0:
            slot = engine() % (last + 1)
            yield buffer[slot]
            buffer[slot] = buffer[last]
            if refilling:
                incoming = next(rows, None)
                if incoming is None:
                    refilling = False
                else:
                    buffer[last] = incoming
            if not refilling:
                last -= 1


class RepeatDataset(_Unary):
    """The child's pass `count` times over (-1: forever)."""

    def __init__(self, child, count):
        super().__init__(child)
        if count != -1:
            check_size_argument(count, "count", "repeat", 1)
        self.count = count

    def get_repeat_count(self):
        return self.count

    def _size(self):
        size = self.children[0]._size()
        return size * self.count if size is not None and self.count != -1 else size

    def _rows(self, run):
        passes = itertools.count() if self.count == -1 else range(self.count)
        for _ in passes:
            yield from self.children[0]._rows(run)


class TakeDataset(_Unary):
    """The first `count` rows (-1: all)."""

    def __init__(self, child, count):
        super().__init__(child)
        if count != -1:
            check_size_argument(count, "count", "take", 1)
        self.count = count

    def _size(self):
        size = self.children[0]._size()
        return size if self.count == -1 or size is None else min(size, self.count)

    def _rows(self, run):
        rows = self.children[0]._rows(run)
        return rows if self.count == -1 else itertools.islice(rows, self.count)


class SkipDataset(_Unary):
    """All rows after the first `count`."""

    def __init__(self, child, count):
        super().__init__(child)
        self.count = check_size_argument(count, "count", "skip", 0)

    def _size(self):
        size = self.children[0]._size()
        return None if size is None else max(0, size - self.count)

    def _rows(self, run):
        return itertools.islice(self.children[0]._rows(run), self.count, None)


class FilterDataset(_Unary):
    """Rows for which `predicate(*input columns)` is true."""

    def __init__(self, child, predicate, input_columns):
        super().__init__(child)
        if not callable(predicate):
            raise TypeError(f"For 'filter', 'predicate' must be callable, but got {predicate!r}.")
        names = child.get_col_names()
        self.input_columns = input_columns or list(names)
        check_columns_exist(self.input_columns, names, "filter")
        self.predicate = predicate
        self._indices = [names.index(name) for name in self.input_columns]

    def _size(self):
        return None

    def _rows(self, run):
        for number, row in enumerate(self.children[0]._rows(run)):
            try:
                keep = self.predicate(*(row[i] for i in self._indices))
            except Exception as error:
                raise RuntimeError(f"filter: predicate {getattr(self.predicate, '__name__', self.predicate)!r} "
                                   f"failed on row {number}: {type(error).__name__}: {error}") from error
            if bool(keep):
                yield row


class ProjectDataset(Dataset):
    """Only the named columns, in the order named."""

    def __init__(self, child, columns):
        super().__init__([child])
        check_columns_exist(columns, child.get_col_names(), "project")
        self.columns = columns
        self._indices = [child.get_col_names().index(name) for name in columns]

    def get_col_names(self):
        return list(self.columns)

    def _rows(self, run):
        for row in self.children[0]._rows(run):
            yield tuple(row[i] for i in self._indices)


class RenameDataset(Dataset):
    """The same rows under new column names."""

    def __init__(self, child, input_columns, output_columns):
        super().__init__([child])
        names = child.get_col_names()
        check_columns_exist(input_columns, names, "rename")
        if len(input_columns) != len(output_columns):
            raise ValueError(f"For 'rename', 'input_columns' {input_columns} and 'output_columns' "
                             f"{output_columns} must have the same length.")
        renamed = dict(zip(input_columns, output_columns))
        self._names = [renamed.get(name, name) for name in names]
        if len(set(self._names)) != len(self._names):
            raise ValueError(f"For 'rename', the resulting columns {self._names} repeat a name.")

    def get_col_names(self):
        return list(self._names)

    def _rows(self, run):
        return self.children[0]._rows(run)


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

    def _rows(self, run):
        for rows in zip(*(child._rows(run) for child in self.children)):
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

    def _rows(self, run):
        for child in self.children:
            yield from child._rows(run)


def split_sizes(dataset, sizes):
    """`split`'s sizes as row counts (MindSpore's rounding: the first split absorbs the difference)."""
    size = dataset.get_dataset_size()
    if size is None or size <= 0:
        raise RuntimeError("dataset_size is unknown, unable to split.")
    if not isinstance(sizes, list):
        raise RuntimeError("sizes must be a list.")
    if not sizes:
        raise ValueError("sizes cannot be empty.")
    if all(isinstance(item, int) and not isinstance(item, bool) for item in sizes):
        if any(item <= 0 for item in sizes):
            raise ValueError(f"sizes must be positive, but got {sizes}.")
        if sum(sizes) != size:
            raise RuntimeError(f"Sum of split sizes {sum(sizes)} is not equal to dataset size {size}.")
        return sizes
    if not all(isinstance(item, float) and 0 < item <= 1 for item in sizes) or abs(sum(sizes) - 1) > 1e-5:
        raise ValueError(f"sizes must be all ints summing to the dataset size or all floats in (0, 1] summing "
                         f"to 1, but got {sizes}.")
    absolute = []
    for item in sizes:
        count = int(round(item * size))
        if count == 0:
            raise RuntimeError(f"Split percentage {item} is too small.")
        absolute.append(count)
    difference = size - sum(absolute)
    if difference > 0:
        absolute[0] += difference
    else:
        for i, count in enumerate(absolute):
            if count + difference > 0:
                absolute[i] += difference
                break
    return absolute
