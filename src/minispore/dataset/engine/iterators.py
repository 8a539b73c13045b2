"""Iterators over a pipeline: rows as lists or dicts of Tensors (or NumPy arrays)."""
import numpy as np

from minispore._backend import default_backend
from minispore.common.tensor import Tensor

__all__ = ["Run", "TupleIterator", "DictIterator"]


class Run:
    """The state of one iterator over a pipeline, keyed by node."""

    def __init__(self):
        self._state = {}

    def state(self, node, make, tag=""):
        """The node's state (`tag`: which of its states) in this run, made by `make()` on first use."""
        key = (id(node), tag)
        if key not in self._state:
            self._state[key] = (node, make())
        return self._state[key][1]



class _PipelineTensor(Tensor):
    """A Tensor as a dataset iterator hands it out.

    MindSpore prints these (until an op makes a new Tensor from them) with NumPy's array layout —
    `value= [1.        , 2.5       ]` — rather than its usual one; the lessons' printed rows show it.
    """

    __slots__ = ()

    def __repr__(self):
        array = self.asnumpy()
        if array.ndim == 0:
            return super().__repr__()
        body = np.array2string(array, separator=", ")
        return f"Tensor(shape={list(array.shape)}, dtype={self.dtype}, value={' ' if array.ndim == 1 else chr(10)}" \
               f"{body})"


_PipelineTensor.__name__ = _PipelineTensor.__qualname__ = "Tensor"
_PipelineTensor.__module__ = Tensor.__module__


def _to_output(array, output_numpy, do_copy=False):
    if output_numpy or array.dtype.kind in "USO":  # strings stay NumPy arrays, as in MindSpore
        return array
    if do_copy or array.base is not None or not array.flags.c_contiguous:  # do_copy, or a view: own a copy
        array = array.copy()
    tensor = object.__new__(_PipelineTensor)
    tensor._data = default_backend().asarray(array)  # the NumPy array itself on the CPU
    return tensor


class _Iterator:
    """One pass per `for` loop; `num_epochs` passes in all (-1: no limit)."""

    def __init__(self, dataset, num_epochs, output_numpy, do_copy=False):
        if isinstance(num_epochs, bool) or not isinstance(num_epochs, int) or num_epochs == 0 or num_epochs < -1:
            raise ValueError(f"'num_epochs' must be -1 or an int > 0, but got {num_epochs!r}.")
        self._dataset = dataset
        self._epochs_left = num_epochs
        self._output_numpy = output_numpy
        self._do_copy = do_copy
        self._rows = None
        self._run = None

    def __iter__(self):
        return self

    def __next__(self):
        if self._rows is None:
            if self._epochs_left == 0:
                raise StopIteration
            self._epochs_left -= self._epochs_left > 0
            if self._run is None:
                self._run = Run()
            self._rows = self._dataset._rows(self._run)
        try:
            row = next(self._rows)
        except StopIteration:
            self._rows = None
            raise
        return self._convert(row)

    def get_next(self):
        """The next row (MindSpore's spelling)."""
        return next(self)


class TupleIterator(_Iterator):
    """Rows as lists of Tensors, in column order."""

    def _convert(self, row):
        return [_to_output(value, self._output_numpy, self._do_copy) for value in row]


class DictIterator(_Iterator):
    """Rows as {column name: Tensor}."""

    def __init__(self, dataset, num_epochs, output_numpy, do_copy=False):
        super().__init__(dataset, num_epochs, output_numpy, do_copy)
        self._names = dataset.get_col_names()

    def _convert(self, row):
        return {name: _to_output(value, self._output_numpy, self._do_copy) for name, value in zip(self._names, row)}
