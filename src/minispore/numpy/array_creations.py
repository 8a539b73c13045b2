"""`mindspore.numpy` creation functions. Python ints become Int32 and floats Float32, as in mindspore.numpy."""
import numpy as np

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims import shape as S
from minispore.ops.function import array_func as A, math_func as M
from minispore.ops.function.random_func import generator

__all__ = ["array", "asarray", "asfarray", "ones", "zeros", "full", "empty", "ones_like", "zeros_like", "full_like",
           "empty_like", "arange", "linspace", "logspace", "geomspace", "eye", "identity", "tri", "tril", "triu",
           "diag", "diagflat", "meshgrid", "indices", "ix_", "rand", "randn", "randint", "bartlett", "blackman",
           "hamming", "hanning", "vander", "tril_indices", "triu_indices", "tril_indices_from", "triu_indices_from",
           "diag_indices"]


def _np_dtype(dtype, default=np.float32):
    return mstype.np_dtype(dtype) if dtype is not None else np.dtype(default)


def _host(obj):
    """Python data as a NumPy array with mindspore.numpy's defaults (int64 -> int32, float64 -> float32)."""
    if isinstance(obj, Tensor):
        return obj.asnumpy()
    if isinstance(obj, (list, tuple)) and any(isinstance(o, Tensor) for o in obj):
        return np.array([_host(o) for o in obj])
    data = np.array(obj)
    if data.dtype == np.int64:
        return data.astype(np.int32)
    if data.dtype == np.float64:
        return data.astype(np.float32)
    return data


def array(obj, dtype=None, copy=True, ndmin=0):
    """A Tensor from data (a copy of a Tensor unless copy=False), with at least `ndmin` dimensions."""
    if isinstance(obj, Tensor) and ndmin <= obj.ndim:
        out = M.cast(obj, dtype) if dtype is not None else obj
        return A.identity(out) if copy and out is obj else out
    data = _host(obj)
    if data.ndim < ndmin:
        data = data.reshape((1,) * (ndmin - data.ndim) + data.shape)
    return Tensor(data, dtype)


def asarray(a, dtype=None):
    """`a` as a Tensor (no copy of a Tensor of the right dtype)."""
    return array(a, dtype, copy=False)


def asfarray(a, dtype=mstype.float32):
    """`a` as a floating Tensor (integer dtypes become float32)."""
    if dtype is None or not mstype.is_float(mstype.np_dtype(dtype)):
        dtype = mstype.float32
    return asarray(a, dtype)


def _shape(shape):
    return (int(shape),) if isinstance(shape, int) else tuple(int(n) for n in shape)


def ones(shape, dtype=mstype.float32):
    return Tensor(np.ones(_shape(shape), _np_dtype(dtype)))


def zeros(shape, dtype=mstype.float32):
    return Tensor(np.zeros(_shape(shape), _np_dtype(dtype)))


def empty(shape, dtype=mstype.float32):
    """A Tensor of `shape` (zero-filled: a Tensor's memory is always initialised)."""
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    if isinstance(fill_value, Tensor):
        return A.broadcast_to(M.cast(fill_value, dtype) if dtype is not None else fill_value, _shape(shape))
    if dtype is None:
        dtype = mstype.int32 if isinstance(fill_value, int) and not isinstance(fill_value, bool) else (
            mstype.bool_ if isinstance(fill_value, bool) else mstype.float32)
    return Tensor(np.full(_shape(shape), fill_value, _np_dtype(dtype)))


def _like(a, dtype, shape):
    a = asarray(a)
    return (tuple(a.shape) if shape is None else _shape(shape)), (a.dtype if dtype is None else dtype)


def ones_like(a, dtype=None, shape=None):
    shape, dtype = _like(a, dtype, shape)
    return ones(shape, dtype)


def zeros_like(a, dtype=None, shape=None):
    shape, dtype = _like(a, dtype, shape)
    return zeros(shape, dtype)


def full_like(a, fill_value, dtype=None, shape=None):
    shape, dtype = _like(a, dtype, shape)
    return full(shape, fill_value, dtype)


def empty_like(prototype, dtype=None, shape=None):
    shape, dtype = _like(prototype, dtype, shape)
    return zeros(shape, dtype)


def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in [start, stop) (Int32 for ints, Float32 otherwise)."""
    values = np.arange(start, stop, step if step is not None else 1) if stop is not None else np.arange(start)
    default = np.int32 if values.dtype.kind in "iu" else np.float32
    return Tensor(values.astype(_np_dtype(dtype, default)))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    values, step = np.linspace(_host(start), _host(stop), num, endpoint=endpoint, retstep=True, axis=axis)
    out = Tensor(values.astype(_np_dtype(dtype)))
    return (out, step) if retstep else out


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    values = np.logspace(_host(start), _host(stop), num, endpoint=endpoint, base=base, axis=axis)
    return Tensor(values.astype(_np_dtype(dtype)))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    values = np.geomspace(_host(start), _host(stop), num, endpoint=endpoint, axis=axis)
    return Tensor(values.astype(_np_dtype(dtype)))


def eye(N, M=None, k=0, dtype=mstype.float32):
    return Tensor(np.eye(N, M, k, dtype=_np_dtype(dtype)))


def identity(n, dtype=mstype.float32):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=mstype.float32):
    """Ones at and below the k-th diagonal of an N x M matrix."""
    return Tensor(np.tri(N, M, k, dtype=_np_dtype(dtype)))


def tril(m, k=0):
    """The lower triangle of the last two axes (above the k-th diagonal zeroed)."""
    m = asarray(m)
    if m.ndim == 1:
        m = A.broadcast_to(m, (m.shape[0], m.shape[0]))
    return A.tril(m, k)


def triu(m, k=0):
    """The upper triangle of the last two axes (below the k-th diagonal zeroed)."""
    m = asarray(m)
    if m.ndim == 1:
        m = A.broadcast_to(m, (m.shape[0], m.shape[0]))
    return A.triu(m, k)


def diag(v, k=0):
    """A 1-d `v` on the k-th diagonal of a matrix, or the k-th diagonal of a 2-d `v`."""
    v = asarray(v)
    if v.ndim == 1:
        n = v.shape[0] + abs(k)
        rows = np.arange(v.shape[0]) + max(-k, 0)
        cols = np.arange(v.shape[0]) + max(k, 0)
        return S.setitem(zeros((n, n), v.dtype), v, index=(Tensor(rows)._data, Tensor(cols)._data))
    if v.ndim == 2:
        length = max(0, min(v.shape[0] + min(k, 0), v.shape[1] - max(k, 0)))
        rows = np.arange(length) + max(-k, 0)
        cols = np.arange(length) + max(k, 0)
        return S.getitem(v, index=(Tensor(rows)._data, Tensor(cols)._data))
    raise ValueError(f"For 'diag', the input must be 1-d or 2-d, but got shape {v.shape}.")


def diagflat(v, k=0):
    return diag(asarray(v).reshape(-1), k)


def meshgrid(*xi, sparse=False, indexing="xy"):
    """Coordinate Tensors from 1-d Tensors ('xy' or 'ij' indexing; sparse keeps broadcastable shapes)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"For 'meshgrid', the 'indexing' must be 'xy' or 'ij', but got {indexing!r}.")
    arrays = [asarray(x).reshape(-1) for x in xi]
    count = len(arrays)
    out = []
    for i, x in enumerate(arrays):
        shape = [1] * count
        shape[i] = -1
        if indexing == "xy" and count > 1 and i < 2:
            shape[0], shape[1] = shape[1], shape[0]
        out.append(x.reshape(shape))
    if not sparse:
        full_shape = tuple(max(o.shape[axis] for o in out) for axis in range(count))
        out = [A.broadcast_to(o, full_shape) for o in out]
    return tuple(out)


def indices(dimensions, dtype=mstype.int32, sparse=False):
    grids = np.indices(tuple(dimensions), dtype=_np_dtype(dtype), sparse=sparse)
    return tuple(Tensor(g) for g in grids) if sparse else Tensor(grids)


def ix_(*args):
    return tuple(Tensor(g) for g in np.ix_(*[_host(a) for a in args]))


def rand(*shape, dtype=mstype.float32):
    """Samples of U[0, 1) (from the generator set_seed seeds)."""
    shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return Tensor(generator(None).random(tuple(shape)), dtype)


def randn(*shape, dtype=mstype.float32):
    """Samples of N(0, 1) (from the generator set_seed seeds)."""
    shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return Tensor(generator(None).standard_normal(tuple(shape)), dtype)


def randint(minval, maxval=None, shape=None, dtype=mstype.int32):
    """Integers in [minval, maxval) ([0, minval) when maxval is None)."""
    if maxval is None:
        minval, maxval = 0, minval
    if maxval <= minval:
        raise ValueError(f"For 'randint', 'maxval' ({maxval}) must be greater than 'minval' ({minval}).")
    size = () if shape is None else _shape(shape)
    return Tensor(generator(None).integers(minval, maxval, size), dtype)


def _window(fn, M):
    return Tensor(fn(M).astype(np.float32))


def bartlett(M):
    return _window(np.bartlett, M)


def blackman(M):
    return _window(np.blackman, M)


def hamming(M):
    return _window(np.hamming, M)


def hanning(M):
    return _window(np.hanning, M)


def vander(x, N=None, increasing=False):
    """Columns of powers of a 1-d `x`."""
    x = asarray(x)
    n = x.shape[0] if N is None else N
    powers = range(n) if increasing else range(n - 1, -1, -1)
    return A.stack([M.pow(x, p) for p in powers], 1)


def tril_indices(n, k=0, m=None):
    return tuple(Tensor(i.astype(np.int32)) for i in np.tril_indices(n, k, m))


def triu_indices(n, k=0, m=None):
    return tuple(Tensor(i.astype(np.int32)) for i in np.triu_indices(n, k, m))


def tril_indices_from(arr, k=0):
    return tril_indices(arr.shape[-2], k, arr.shape[-1])


def triu_indices_from(arr, k=0):
    return triu_indices(arr.shape[-2], k, arr.shape[-1])


def diag_indices(n, ndim=2):
    return tuple(Tensor(i.astype(np.int32)) for i in np.diag_indices(n, ndim))
