"""`mindspore.numpy` creation functions. Python ints become Int32 and floats Float32, as in mindspore.numpy."""
import functools

from minispore._backend import default_backend
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import shape as S
from minispore.ops.function import array_func as A, math_func as M
from minispore.ops.function.random_func import generator

__all__ = ["array", "asarray", "asfarray", "ones", "zeros", "full", "empty", "ones_like", "zeros_like", "full_like",
           "empty_like", "arange", "linspace", "logspace", "geomspace", "eye", "identity", "tri", "tril", "triu",
           "diag", "diagflat", "meshgrid", "indices", "ix_", "rand", "randn", "randint", "bartlett", "blackman",
           "hamming", "hanning", "vander", "tril_indices", "triu_indices", "tril_indices_from", "triu_indices_from",
           "diag_indices"]


def _np_dtype(dtype, default=mstype.float32):
    return mstype.np_dtype(default if dtype is None else dtype)


def _xp():
    return default_backend().xp


# NumPy's 64-bit defaults narrowed as mindspore.numpy narrows them.
_NARROWED = {mstype.np_dtype(mstype.int64): mstype.np_dtype(mstype.int32),
             mstype.np_dtype(mstype.float64): mstype.np_dtype(mstype.float32)}


def _tensor(obj, dtype=None):
    """Data as a Tensor: in `dtype` when given, else read as NumPy reads it with the 64-bit defaults narrowed
    (int64 data becomes Int32, float64 data Float32); a Tensor as it is; a sequence holding Tensors stacked,
    in the dtype MindSpore promotes them to."""
    if isinstance(obj, Tensor):
        return obj if dtype is None else M.cast(obj, dtype)
    if isinstance(obj, (list, tuple)) and any(isinstance(o, Tensor) for o in obj):
        parts = [_tensor(o) for o in obj]
        common = functools.reduce(mstype.promote, [p._data.dtype for p in parts])
        stacked = A.stack([M.cast(p, common) for p in parts], 0)
        return stacked if dtype is None else M.cast(stacked, dtype)
    if dtype is not None:
        return Tensor(obj, dtype)
    array = default_backend().asarray(obj.copy() if isinstance(obj, mstype.HostArray) else obj)
    narrowed = _NARROWED.get(array.dtype)
    if narrowed is not None:
        return wrap(array.astype(narrowed))
    return wrap(array) if array.dtype in mstype.NP_TO_MS else Tensor(obj)  # Tensor refuses what it cannot hold


def array(obj, dtype=None, copy=True, ndmin=0):
    """A Tensor from data (a copy of a Tensor unless copy=False), with at least `ndmin` dimensions."""
    if isinstance(obj, Tensor):
        out = M.cast(obj, dtype) if dtype is not None else obj
        out = A.identity(out) if copy and out is obj else out
    else:
        out = _tensor(obj, dtype)
    if out.ndim < ndmin:
        out = A.reshape(out, (1,) * (ndmin - out.ndim) + tuple(out.shape))
    return out


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
    return wrap(_xp().ones(_shape(shape), _np_dtype(dtype)))


def zeros(shape, dtype=mstype.float32):
    return wrap(_xp().zeros(_shape(shape), _np_dtype(dtype)))


def empty(shape, dtype=mstype.float32):
    """A Tensor of `shape` (zero-filled: a Tensor's memory is always initialised)."""
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    if isinstance(fill_value, Tensor):
        return A.broadcast_to(M.cast(fill_value, dtype) if dtype is not None else fill_value, _shape(shape))
    if dtype is None:
        dtype = mstype.int32 if isinstance(fill_value, int) and not isinstance(fill_value, bool) else (
            mstype.bool_ if isinstance(fill_value, bool) else mstype.float32)
    return wrap(_xp().full(_shape(shape), fill_value, _np_dtype(dtype)))


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
    xp = _xp()
    values = xp.arange(start, stop, step if step is not None else 1) if stop is not None else xp.arange(start)
    default = mstype.int32 if values.dtype.kind in "iu" else mstype.float32
    return wrap(values.astype(_np_dtype(dtype, default)))


def _bound(value):
    """A start or stop of linspace and friends as an array of mindspore.numpy's default dtype (Float32 for a
    float), which NumPy's linspace then computes in."""
    return _tensor(value)._data


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    values, step = _xp().linspace(_bound(start), _bound(stop), num, endpoint=endpoint, retstep=True, axis=axis)
    out = wrap(values.astype(_np_dtype(dtype)))
    return (out, step) if retstep else out


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    values = _xp().logspace(_bound(start), _bound(stop), num, endpoint=endpoint, base=base, axis=axis)
    return wrap(values.astype(_np_dtype(dtype)))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    values = _xp().geomspace(_bound(start), _bound(stop), num, endpoint=endpoint, axis=axis)
    return wrap(values.astype(_np_dtype(dtype)))


def eye(N, M=None, k=0, dtype=mstype.float32):
    return wrap(_xp().eye(N, M, k, dtype=_np_dtype(dtype)))


def identity(n, dtype=mstype.float32):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=mstype.float32):
    """Ones at and below the k-th diagonal of an N x M matrix."""
    return wrap(_xp().tri(N, M, k, dtype=_np_dtype(dtype)))


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
    xp = _xp()
    if v.ndim == 1:
        n = v.shape[0] + abs(k)
        rows = xp.arange(v.shape[0]) + max(-k, 0)
        cols = xp.arange(v.shape[0]) + max(k, 0)
        return S.setitem(zeros((n, n), v.dtype), v, index=(rows, cols))
    if v.ndim == 2:
        length = max(0, min(v.shape[0] + min(k, 0), v.shape[1] - max(k, 0)))
        rows = xp.arange(length) + max(-k, 0)
        cols = xp.arange(length) + max(k, 0)
        return S.getitem(v, index=(rows, cols))
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
    """The index grids of an array of shape `dimensions`: one Tensor (d, *dimensions), or with sparse, d
    Tensors shaped to broadcast."""
    dimensions, xp, np_dtype = tuple(dimensions), _xp(), _np_dtype(dtype)
    if sparse:
        ndim = len(dimensions)
        return tuple(wrap(xp.arange(n, dtype=np_dtype).reshape((1,) * axis + (n,) + (1,) * (ndim - axis - 1)))
                     for axis, n in enumerate(dimensions))
    return wrap(xp.indices(dimensions, dtype=np_dtype))


def ix_(*args):
    return tuple(wrap(g) for g in _xp().ix_(*[_tensor(a)._data for a in args]))


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


def _window(name, M):
    return wrap(getattr(_xp(), name)(M).astype(mstype.float32._np))


def bartlett(M):
    return _window("bartlett", M)


def blackman(M):
    return _window("blackman", M)


def hamming(M):
    return _window("hamming", M)


def hanning(M):
    return _window("hanning", M)


def vander(x, N=None, increasing=False):
    """Columns of powers of a 1-d `x`."""
    x = asarray(x)
    n = x.shape[0] if N is None else N
    powers = range(n) if increasing else range(n - 1, -1, -1)
    return A.stack([M.pow(x, p) for p in powers], 1)


def _int32(arrays):
    return tuple(wrap(a.astype(mstype.int32._np)) for a in arrays)


def tril_indices(n, k=0, m=None):
    return _int32(_xp().tril_indices(n, k, m))


def triu_indices(n, k=0, m=None):
    return _int32(_xp().triu_indices(n, k, m))


def tril_indices_from(arr, k=0):
    return tril_indices(arr.shape[-2], k, arr.shape[-1])


def triu_indices_from(arr, k=0):
    return triu_indices(arr.shape[-2], k, arr.shape[-1])


def diag_indices(n, ndim=2):
    return _int32(_xp().diag_indices(n, ndim))
