"""`Dataset`: a node of the pipeline, and the operations that chain new nodes onto it.

Every node yields rows (tuples of NumPy arrays, one per column) from `_rows()`, pulling from its
children. Nothing runs until a pipeline is iterated; each iteration is one fresh pass (epoch).
"""
import numpy as np

from minispore.dataset.engine.iterators import DictIterator, TupleIterator

__all__ = ["Dataset", "zip"]

_builtin_zip = zip


def _as_names(columns, argument, op):
    """A column-name argument as a list of str (a single str is one name)."""
    if columns is None:
        return None
    names = [columns] if isinstance(columns, str) else list(columns)
    if not names or not all(isinstance(name, str) for name in names):
        raise TypeError(f"For '{op}', '{argument}' must be a str or a non-empty list of str, "
                        f"but got {columns!r}.")
    return names


class Dataset:
    """Base of all pipeline nodes; its methods build new nodes and iterators."""

    def __init__(self, children=()):
        self.children = list(children)

    # --- subclasses define these ------------------------------------------------------------
    def get_col_names(self):
        """The names of the columns, in row order."""
        raise NotImplementedError(f"{type(self).__name__} must define get_col_names")

    def _rows(self):
        raise NotImplementedError(f"{type(self).__name__} must define _rows")

    def _size(self):
        """Rows per pass, or None when only iterating can tell."""
        return self.children[0]._size()

    # --- information --------------------------------------------------------------------------
    def get_dataset_size(self):
        """Rows (batches after `batch`) in one pass; counts by iterating when it must."""
        size = self._size()
        if size is None:
            size = sum(1 for _ in self._rows())
        return size

    def _first_row(self):
        for row in self._rows():
            return row
        raise RuntimeError(f"{type(self).__name__} is empty: no row to read shapes or types from.")

    def output_shapes(self):
        """The shape (a list) of each column of the first row."""
        return [list(value.shape) for value in self._first_row()]

    def output_types(self):
        """The NumPy dtype of each column of the first row."""
        return [value.dtype for value in self._first_row()]

    def get_batch_size(self):
        """The batch size (1 before batching)."""
        return self.children[0].get_batch_size() if self.children else 1

    def get_repeat_count(self):
        """The repeat count (1 without repeat)."""
        return self.children[0].get_repeat_count() if self.children else 1

    # --- iteration ----------------------------------------------------------------------------
    def create_tuple_iterator(self, columns=None, num_epochs=-1, output_numpy=False, do_copy=True):
        """An iterator over rows as lists of Tensors (NumPy arrays with output_numpy=True)."""
        source = self if columns is None else self.project(columns)
        return TupleIterator(source, num_epochs, output_numpy)

    def create_dict_iterator(self, num_epochs=-1, output_numpy=False, do_copy=True):
        """An iterator over rows as {column name: Tensor (or NumPy array)}."""
        return DictIterator(self, num_epochs, output_numpy)

    def __iter__(self):
        return iter(self.create_tuple_iterator())

    def __len__(self):
        return self.get_dataset_size()

    # --- operations ---------------------------------------------------------------------------
    def map(self, operations=None, input_columns=None, output_columns=None, column_order=None,
            num_parallel_workers=None, python_multiprocessing=False, cache=None, callbacks=None,
            max_rowsize=None, offload=None):
        """Apply `operations` (a callable or a list run in order) to `input_columns` of each row."""
        from minispore.dataset.engine.nodes import MapDataset
        return MapDataset(self, operations, _as_names(input_columns, "input_columns", "map"),
                          _as_names(output_columns, "output_columns", "map"))

    def batch(self, batch_size, drop_remainder=False, num_parallel_workers=None, per_batch_map=None,
              input_columns=None, output_columns=None, python_multiprocessing=False, max_rowsize=None):
        """Stack `batch_size` consecutive rows into one, column by column."""
        from minispore.dataset.engine.nodes import BatchDataset
        return BatchDataset(self, batch_size, drop_remainder, per_batch_map,
                            _as_names(input_columns, "input_columns", "batch"),
                            _as_names(output_columns, "output_columns", "batch"))

    def shuffle(self, buffer_size):
        """Shuffle through a buffer of `buffer_size` rows (>= the size gives a full shuffle)."""
        from minispore.dataset.engine.nodes import ShuffleDataset
        return ShuffleDataset(self, buffer_size)

    def repeat(self, count=None):
        """Run the pass `count` times (None or -1: forever)."""
        from minispore.dataset.engine.nodes import RepeatDataset
        return RepeatDataset(self, -1 if count is None else count)

    def take(self, count=-1):
        """The first `count` rows (-1: all)."""
        from minispore.dataset.engine.nodes import TakeDataset
        return TakeDataset(self, count)

    def skip(self, count):
        """All rows but the first `count`."""
        from minispore.dataset.engine.nodes import SkipDataset
        return SkipDataset(self, count)

    def project(self, columns):
        """Keep only `columns`, in that order."""
        from minispore.dataset.engine.nodes import ProjectDataset
        return ProjectDataset(self, _as_names(columns, "columns", "project"))

    def rename(self, input_columns, output_columns):
        """Rename columns, keeping their order."""
        from minispore.dataset.engine.nodes import RenameDataset
        return RenameDataset(self, _as_names(input_columns, "input_columns", "rename"),
                             _as_names(output_columns, "output_columns", "rename"))

    def zip(self, datasets):
        """Rows side by side with those of `datasets` (column names must not repeat)."""
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return zip((self, *others))

    def concat(self, datasets):
        """The rows of this pipeline followed by those of `datasets`."""
        from minispore.dataset.engine.nodes import ConcatDataset
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return ConcatDataset([self, *others])

    def __add__(self, other):
        return self.concat(other)


def zip(datasets):
    """`mindspore.dataset.zip`: one pipeline whose rows join the rows of `datasets`."""
    from minispore.dataset.engine.nodes import ZipDataset
    datasets = tuple(datasets)
    if len(datasets) < 2 or not all(isinstance(d, Dataset) for d in datasets):
        raise TypeError("For 'zip', 'datasets' must be a tuple of at least two Dataset objects.")
    return ZipDataset(datasets)


def check_size_argument(value, name, op, minimum):
    """An int argument >= minimum (bool refused), or a clear error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"For '{op}', '{name}' must be an int >= {minimum}, but got {value!r}.")
    return int(value)
