"""`Dataset`: a node of the pipeline, and the operations that chain new nodes onto it.

Every node yields rows (tuples of NumPy arrays, one per column) from `_rows(run)`, pulling from its
children. Nothing runs until a pipeline is iterated. An iterator is one `Run`: it holds the
per-iterator state of every node (sampler positions, shuffle generators, random transforms), as
MindSpore builds a fresh execution tree per iterator; each `_rows(run)` call is one pass (epoch).
"""
import copy

import numpy as np

from minispore.dataset.engine.iterators import DictIterator, Run, TupleIterator

__all__ = ["Dataset", "Run", "zip", "check_size_argument", "as_names"]

_builtin_zip = zip


def as_names(columns, argument, op):
    """A column-name argument as a list of str (a single str is one name)."""
    if columns is None:
        return None
    names = [columns] if isinstance(columns, str) else list(columns)
    if not names or not all(isinstance(name, str) for name in names):
        raise TypeError(f"For '{op}', '{argument}' must be a str or a non-empty list of str, "
                        f"but got {columns!r}.")
    return names


def check_size_argument(value, name, op, minimum):
    """An int argument >= minimum (bool refused), or a clear error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"For '{op}', '{name}' must be an int, but got {type(value).__name__}: {value!r}.")
    if value < minimum:
        raise ValueError(f"For '{op}', '{name}' must be an int >= {minimum}, but got {value!r}.")
    return int(value)


class Dataset:
    """Base of all pipeline nodes; its methods build new nodes and iterators."""

    def __init__(self, children=()):
        self.children = list(children)

    # --- subclasses define these ------------------------------------------------------------
    def get_col_names(self):
        """The names of the columns, in row order."""
        raise NotImplementedError(f"{type(self).__name__} must define get_col_names")

    def _rows(self, run):
        raise NotImplementedError(f"{type(self).__name__} must define _rows")

    def _size(self):
        """Rows per pass, or None when only iterating can tell."""
        return self.children[0]._size()

    # --- information --------------------------------------------------------------------------
    def get_dataset_size(self):
        """Rows (batches after `batch`) in one pass; counts by iterating when it must."""
        size = self._size()
        if size is None:
            size = sum(1 for _ in self._rows(Run()))
        return size

    def _first_row(self):
        for row in self._rows(Run()):
            return row
        raise RuntimeError(f"{type(self).__name__} is empty: no row to read shapes or types from.")

    def output_shapes(self, estimate=False):
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

    def get_class_indexing(self):
        """{class name: label} of the source (ImageFolderDataset, VOCDataset, ...); {} otherwise."""
        return self.children[0].get_class_indexing() if self.children else {}

    def num_classes(self):
        """The number of classes of the source, or None."""
        indexing = self.get_class_indexing()
        return len(indexing) if indexing else None

    def is_shuffled(self):
        """Whether any node of the pipeline shuffles."""
        return any(child.is_shuffled() for child in self.children)

    def is_sharded(self):
        """Whether the source reads only one shard."""
        return any(child.is_sharded() for child in self.children)

    # --- iteration ----------------------------------------------------------------------------
    def create_tuple_iterator(self, columns=None, num_epochs=-1, output_numpy=False, do_copy=False):
        """An iterator over rows as lists of Tensors (NumPy arrays with output_numpy=True); with do_copy every
        Tensor gets its own copy of the row's data."""
        source = self if columns is None else self.project(columns)
        return TupleIterator(source, num_epochs, output_numpy, do_copy)

    def create_dict_iterator(self, num_epochs=-1, output_numpy=False, do_copy=False):
        """An iterator over rows as {column name: Tensor (or NumPy array)}; with do_copy every Tensor gets its
        own copy of the row's data."""
        return DictIterator(self, num_epochs, output_numpy, do_copy)

    def __iter__(self):
        return iter(self.create_tuple_iterator())

    def __len__(self):
        return self.get_dataset_size()

    def __deepcopy__(self, memo):
        # Sources may hold objects that cannot be copied (generators, open files): share them.
        duplicate = copy.copy(self)
        memo[id(self)] = duplicate
        duplicate.children = [copy.deepcopy(child, memo) for child in self.children]
        sampler = getattr(self, "sampler", None)
        if sampler is not None:
            duplicate.sampler = copy.deepcopy(sampler, memo)
        return duplicate

    # --- operations ---------------------------------------------------------------------------
    def map(self, operations=None, input_columns=None, output_columns=None, column_order=None,
            num_parallel_workers=None, python_multiprocessing=False, cache=None, callbacks=None,
            max_rowsize=None, offload=None):
        """Apply `operations` (a callable or a list run in order) to `input_columns` of each row."""
        from minispore.dataset.engine.map_op import MapDataset
        dataset = MapDataset(self, operations, as_names(input_columns, "input_columns", "map"),
                             as_names(output_columns, "output_columns", "map"), num_parallel_workers,
                             python_multiprocessing)
        if column_order is not None:
            dataset = dataset.project(column_order)
        return dataset

    def batch(self, batch_size, drop_remainder=False, num_parallel_workers=None, per_batch_map=None,
              input_columns=None, output_columns=None, python_multiprocessing=False, max_rowsize=None):
        """Stack `batch_size` consecutive rows into one, column by column."""
        from minispore.dataset.engine.batch_ops import BatchDataset
        return BatchDataset(self, batch_size, drop_remainder, per_batch_map,
                            as_names(input_columns, "input_columns", "batch"),
                            as_names(output_columns, "output_columns", "batch"), None, num_parallel_workers,
                            python_multiprocessing)

    def padded_batch(self, batch_size, drop_remainder=False, num_parallel_workers=None, pad_info=None):
        """Batch rows of different shapes, padding each column to the largest (or given) shape."""
        from minispore.dataset.engine.batch_ops import BatchDataset, check_pad_info
        return BatchDataset(self, batch_size, drop_remainder, None, None, None,
                            check_pad_info(pad_info, "padded_batch"), num_parallel_workers, False)

    def bucket_batch_by_length(self, column_names, bucket_boundaries, bucket_batch_sizes,
                               element_length_function=None, pad_info=None, pad_to_bucket_boundary=False,
                               drop_remainder=False):
        """Group rows into buckets by length, then batch (and pad) each bucket separately."""
        from minispore.dataset.engine.batch_ops import BucketBatchByLengthDataset
        return BucketBatchByLengthDataset(self, as_names(column_names, "column_names", "bucket_batch_by_length"),
                                          bucket_boundaries, bucket_batch_sizes, element_length_function,
                                          pad_info, pad_to_bucket_boundary, drop_remainder)

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

    def filter(self, predicate, input_columns=None, num_parallel_workers=None):
        """Keep the rows for which `predicate(*columns)` is true."""
        from minispore.dataset.engine.nodes import FilterDataset
        return FilterDataset(self, predicate, as_names(input_columns, "input_columns", "filter"))

    def project(self, columns):
        """Keep only `columns`, in that order."""
        from minispore.dataset.engine.nodes import ProjectDataset
        return ProjectDataset(self, as_names(columns, "columns", "project"))

    def rename(self, input_columns, output_columns):
        """Rename columns, keeping their order."""
        from minispore.dataset.engine.nodes import RenameDataset
        return RenameDataset(self, as_names(input_columns, "input_columns", "rename"),
                             as_names(output_columns, "output_columns", "rename"))

    def zip(self, datasets):
        """Rows side by side with those of `datasets` (column names must not repeat)."""
        if isinstance(datasets, tuple):
            return zip((self, *datasets))
        if isinstance(datasets, Dataset):
            return zip((self, datasets))
        raise TypeError(f"Invalid datasets, expected Dataset object or tuple of Dataset, but got {datasets}!")

    def concat(self, datasets):
        """The rows of this pipeline followed by those of `datasets`."""
        from minispore.dataset.engine.nodes import ConcatDataset
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        if not all(isinstance(other, Dataset) for other in others):
            raise TypeError(f"Invalid datasets, expected Dataset object or list of Dataset, but got {datasets}!")
        return ConcatDataset([self, *others])

    def __add__(self, other):
        return self.concat(other)

    def split(self, sizes, randomize=True):
        """Non-overlapping pieces of the given sizes (ints summing to the size, or fractions summing to 1)."""
        from minispore.dataset.engine.nodes import split_sizes
        if self.is_sharded():
            raise RuntimeError("Dataset should not be sharded before split.")
        pieces, start = [], 0
        for size in split_sizes(self, sizes):
            piece = copy.deepcopy(self)
            if randomize:
                piece = piece.shuffle(10000)
                piece.reshuffle_each_epoch = False
            if start:
                piece = piece.skip(start)
            pieces.append(piece.take(size))
            start += size
        return tuple(pieces)

    def save(self, file_name, num_files=1, file_type='mindrecord'):
        """Write every row of one pass to MindRecord file(s) (the schema is taken from the first row)."""
        from minispore.mindrecord.dataset_writer import save_dataset
        save_dataset(self, file_name, num_files, file_type)


def zip(datasets):
    """`mindspore.dataset.zip`: one pipeline whose rows join the rows of `datasets`."""
    from minispore.dataset.engine.nodes import ZipDataset
    if not isinstance(datasets, tuple):
        raise TypeError(f"Invalid datasets, expected tuple of Dataset, but got {datasets}!")
    if len(datasets) < 2 or not all(isinstance(d, Dataset) for d in datasets):
        raise TypeError("For 'zip', 'datasets' must be a tuple of at least two Dataset objects.")
    return ZipDataset(datasets)
