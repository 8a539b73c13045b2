"""`mindspore.RowTensor`: a sparse tensor holding some rows (slices along axis 0) of a dense tensor."""
from minispore.common.tensor import Tensor

__all__ = ["RowTensor"]


class RowTensor:
    """Rows `values[i]` at positions `indices[i]` of a dense tensor of `shape` (others zero); or a copy of
    `row_tensor`."""

    def __init__(self, indices=None, values=None, shape=None, row_tensor=None):
        if row_tensor is not None:
            if not isinstance(row_tensor, RowTensor):
                raise TypeError(f"For 'RowTensor', the 'row_tensor' must be a RowTensor, but got "
                                f"{type(row_tensor).__name__}.")
            indices, values, shape = row_tensor.indices, row_tensor.values, row_tensor.dense_shape
        if not isinstance(indices, Tensor) or not isinstance(values, Tensor):
            raise TypeError("For 'RowTensor', 'indices' and 'values' must be Tensors.")
        if indices.ndim != 1 or indices._data.dtype.kind not in "iu":
            raise ValueError(f"For 'RowTensor', the 'indices' must be a 1-d integer Tensor, but got {indices.dtype} "
                             f"of shape {indices.shape}.")
        shape = tuple(shape)
        if values.ndim < 1 or values.shape[0] != indices.shape[0] or tuple(values.shape[1:]) != shape[1:]:
            raise ValueError(f"For 'RowTensor', the 'values' must have shape ({indices.shape[0]},) + {shape[1:]}, but "
                             f"got {values.shape}.")
        self._indices, self._values, self._shape = indices, values, shape

    @property
    def indices(self):
        return self._indices

    @property
    def values(self):
        return self._values

    @property
    def dense_shape(self):
        return self._shape

    def __repr__(self):
        return f"RowTensor(indices={self._indices!r}, values={self._values!r}, dense_shape={self._shape})"
