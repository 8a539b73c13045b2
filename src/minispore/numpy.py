"""`mindspore.numpy`: NumPy-style creation functions on Tensors (integers default to Int32 here)."""
import numpy as np

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap

__all__ = ["array", "asarray", "ones", "zeros", "full", "arange", "linspace", "eye", "ones_like",
           "zeros_like", "full_like", "empty"]


def _np_dtype(dtype, default=np.float32):
    return mstype.np_dtype(dtype) if dtype is not None else np.dtype(default)


def array(obj, dtype=None, copy=True, ndmin=0):
    """A Tensor from data; Python ints become Int32 and floats Float32, as in mindspore.numpy."""
    if isinstance(obj, Tensor):
        data = obj._data.copy() if copy else obj._data
    else:
        data = np.array(obj, ndmin=ndmin)
        if dtype is None and data.dtype == np.int64:
            data = data.astype(np.int32)
        elif dtype is None and data.dtype == np.float64:
            data = data.astype(np.float32)
    return wrap(data.astype(_np_dtype(dtype)) if dtype is not None else data)


def asarray(a, dtype=None):
    return array(a, dtype, copy=False)


def ones(shape, dtype=mstype.float32):
    return wrap(np.ones(shape, _np_dtype(dtype)))


def zeros(shape, dtype=mstype.float32):
    return wrap(np.zeros(shape, _np_dtype(dtype)))


def empty(shape, dtype=mstype.float32):
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    if dtype is None:
        dtype = mstype.int32 if isinstance(fill_value, int) and not isinstance(fill_value, bool) else mstype.float32
    return wrap(np.full(shape, fill_value, _np_dtype(dtype)))


def arange(start, stop=None, step=None, dtype=None):
    values = np.arange(start, stop, step) if stop is not None else np.arange(start)
    default = np.int32 if values.dtype.kind == "i" else np.float32
    return wrap(values.astype(_np_dtype(dtype, default)))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    return wrap(np.linspace(start, stop, num, endpoint=endpoint, axis=axis).astype(_np_dtype(dtype)))


def eye(N, M=None, k=0, dtype=mstype.float32):
    return wrap(np.eye(N, M, k, dtype=_np_dtype(dtype)))


def ones_like(a, dtype=None):
    return wrap(np.ones(a.shape, _np_dtype(dtype, a._data.dtype)))


def zeros_like(a, dtype=None):
    return wrap(np.zeros(a.shape, _np_dtype(dtype, a._data.dtype)))


def full_like(a, fill_value, dtype=None):
    return wrap(np.full(a.shape, fill_value, _np_dtype(dtype, a._data.dtype)))
