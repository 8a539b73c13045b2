"""The data of a placeholder Tensor: `Tensor(shape=[None, 3], dtype=...)` or `Tensor(shape=None, dtype=...)`.

MindSpore uses such Tensors to declare dynamic shapes (-1 for an unknown dimension) and dynamic ranks
(shape (-2,)) in `Cell.set_inputs`. They have a shape and a dtype but no values: anything that needs
the values raises a ValueError saying so.
"""
import numbers

__all__ = ["DynamicShape", "is_dynamic", "placeholder"]

_UNKNOWN_DIM = -1
_UNKNOWN_RANK = (-2,)


class DynamicShape:
    """Shape and dtype of a placeholder; stands where a Tensor's array would be."""

    __slots__ = ("shape", "dtype")

    def __init__(self, shape, dtype):
        self.shape, self.dtype = shape, dtype

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: 0)
    nbytes = property(lambda self: 0)
    itemsize = property(lambda self: self.dtype.itemsize)

    def _no_data(self, *args, **kwargs):
        raise ValueError(f"a placeholder Tensor of dynamic shape {list(self.shape)} (made by Tensor(shape=..., "
                         "dtype=...) for Cell.set_inputs) has no values to compute with.")

    __array__ = __len__ = __iter__ = __getitem__ = item = tolist = copy = astype = reshape = _no_data

    def __repr__(self):
        return f"DynamicShape({list(self.shape)}, {self.dtype})"


def is_dynamic(shape, dtype):
    """Whether Tensor(shape=shape, dtype=dtype) without data declares a placeholder."""
    if shape is None:
        return dtype is not None
    dims = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    return any(d is None or (isinstance(d, numbers.Integral) and d < 0) for d in dims)


def placeholder(shape, np_dtype, init):
    """The DynamicShape for a placeholder Tensor, with MindSpore's checks."""
    if np_dtype is None or init is not None:
        raise ValueError("If setting dynamic shape, dtype must not be None, init must be None")
    if shape is None:
        return DynamicShape(_UNKNOWN_RANK, np_dtype)
    dims = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    dims = tuple(_UNKNOWN_DIM if d is None else d for d in dims)
    for d in dims:
        if not isinstance(d, numbers.Integral) or isinstance(d, bool):
            raise TypeError(f"For 'Tensor', every dimension of a dynamic 'shape' must be an int or None, but got "
                            f"{list(shape)}.")
    if any(d < -2 for d in dims) or (-2 in dims and len(dims) != 1):
        raise ValueError(f"'shape' should not have values less than -2 (and -2, an unknown rank, only alone) but "
                         f"got ({list(dims)}).")
    return DynamicShape(tuple(int(d) for d in dims), np_dtype)
