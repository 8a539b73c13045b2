"""`mindspore.numpy`: NumPy-style creation functions on Tensors (integers default to Int32 here).

Device-side, like the ops: new arrays are made on the default backend, host data enters through
`Tensor(...)`.
"""
from minispore._backend import backend_of, default_backend
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap

__all__ = ["array", "asarray", "ones", "zeros", "full", "arange", "linspace", "eye", "ones_like",
           "zeros_like", "full_like", "empty"]

_FLOAT32 = mstype.np_dtype(mstype.float32)
_INT32 = mstype.np_dtype(mstype.int32)


def _np_dtype(dtype, default=_FLOAT32):
    return mstype.np_dtype(dtype) if dtype is not None else default


def array(obj, dtype=None, copy=True, ndmin=0):
    """A Tensor from data; Python ints become Int32 and floats Float32, as in mindspore.numpy."""
    if isinstance(obj, Tensor):
        data = obj._data.copy() if copy else obj._data
    elif dtype is not None:
        data = Tensor(obj, dtype)._data
    else:
        data = Tensor(obj)._data
        if data.dtype.kind == "i" and data.dtype.itemsize == 8:
            data = data.astype(_INT32)
        elif data.dtype.kind == "f" and data.dtype.itemsize == 8:
            data = data.astype(_FLOAT32)
    if data.ndim < ndmin:
        data = data.reshape((1,) * (ndmin - data.ndim) + data.shape)
    return wrap(data.astype(_np_dtype(dtype)) if dtype is not None else data)


def asarray(a, dtype=None):
    return array(a, dtype, copy=False)


def ones(shape, dtype=mstype.float32):
    return wrap(default_backend().xp.ones(shape, _np_dtype(dtype)))


def zeros(shape, dtype=mstype.float32):
    return wrap(default_backend().xp.zeros(shape, _np_dtype(dtype)))


def empty(shape, dtype=mstype.float32):
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    if dtype is None:
        dtype = mstype.int32 if isinstance(fill_value, int) and not isinstance(fill_value, bool) else mstype.float32
    return wrap(default_backend().xp.full(shape, fill_value, _np_dtype(dtype)))


def arange(start, stop=None, step=None, dtype=None):
    xp = default_backend().xp
    if stop is None:
        values = xp.arange(start)
    else:
        values = xp.arange(start, stop) if step is None else xp.arange(start, stop, step)
    default = _INT32 if values.dtype.kind == "i" else _FLOAT32
    return wrap(values.astype(_np_dtype(dtype, default)))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values; with `retstep`, also the spacing (a Python float)."""
    values, step = default_backend().xp.linspace(start, stop, num, endpoint=endpoint, retstep=True, axis=axis)
    out = wrap(values.astype(_np_dtype(dtype)))
    return (out, float(step)) if retstep else out


def eye(N, M=None, k=0, dtype=mstype.float32):
    return wrap(default_backend().xp.eye(N, M, k, dtype=_np_dtype(dtype)))


def ones_like(a, dtype=None):
    return wrap(backend_of(a._data).xp.ones(a.shape, _np_dtype(dtype, a._data.dtype)))


def zeros_like(a, dtype=None):
    return wrap(backend_of(a._data).xp.zeros(a.shape, _np_dtype(dtype, a._data.dtype)))


def full_like(a, fill_value, dtype=None):
    return wrap(backend_of(a._data).xp.full(a.shape, fill_value, _np_dtype(dtype, a._data.dtype)))
