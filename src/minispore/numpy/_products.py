"""`mindspore.numpy` functions built on sums of products: dot, tensor and cross products, norms, polynomials,
convolution and covariance."""
import builtins

from minispore._backend import backend_of
from minispore.common.tensor import Tensor, wrap
from minispore.numpy._operands import _float, _out
from minispore.numpy.array_creations import asarray
from minispore.numpy.array_ops import diagonal, moveaxis
from minispore.ops.function import array_func as A, einsum_func, extra_func as XF, linalg_func, math_func as M

__all__ = [
    "dot", "vdot", "inner", "outer", "matmul", "multi_dot", "tensordot", "kron", "cross", "norm", "polyval",
    "polyadd", "polysub", "polymul", "polyder", "polyint", "convolve", "correlate", "cov", "corrcoef",
]


def dot(a, b):
    """NumPy's dot: a sum over the last axis of a and the second-to-last of b (the last for a 1-d b)."""
    a, b = asarray(a), asarray(b)
    if a.ndim == 0 or b.ndim == 0:
        return M.mul(a, b)
    if b.ndim <= 2:
        return M.matmul(a, b)
    return XF.tensor_dot(a, b, ((a.ndim - 1,), (b.ndim - 2,)))


def vdot(a, b):
    return M.sum(M.mul(asarray(a).reshape(-1), asarray(b).reshape(-1)))


def inner(a, b):
    a, b = asarray(a), asarray(b)
    if a.ndim == 0 or b.ndim == 0:
        return M.mul(a, b)
    return XF.tensor_dot(a, b, ((a.ndim - 1,), (b.ndim - 1,)))


def outer(a, b):
    return M.mul(asarray(a).reshape(-1, 1), asarray(b).reshape(1, -1))


def matmul(x1, x2, dtype=None):
    return _out(M.matmul(asarray(x1), asarray(x2)), dtype)


def multi_dot(arrays):
    arrays = [asarray(a) for a in arrays]
    first_1d, last_1d = arrays[0].ndim == 1, arrays[-1].ndim == 1
    if first_1d:
        arrays[0] = arrays[0].reshape(1, -1)
    if last_1d:
        arrays[-1] = arrays[-1].reshape(-1, 1)
    out = arrays[0]
    for a in arrays[1:]:
        out = M.matmul(out, a)
    if first_1d:
        out = out[0]
    if last_1d:
        out = out[..., 0]
    return out


def tensordot(a, b, axes=2):
    return XF.tensor_dot(asarray(a), asarray(b), axes)


def kron(a, b):
    a, b = asarray(a), asarray(b)
    ndim = builtins.max(a.ndim, b.ndim)
    a = a.reshape((1,) * (ndim - a.ndim) + tuple(a.shape))
    b = b.reshape((1,) * (ndim - b.ndim) + tuple(b.shape))
    letters = "abcdefghijklm"[:ndim]
    pairs = "nopqrstuvwxyz"[:ndim]
    product = einsum_func.einsum(f"{letters},{pairs}->" + "".join(x + y for x, y in zip(letters, pairs)), a, b)
    return product.reshape(tuple(a.shape[i] * b.shape[i] for i in range(ndim)))


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 3-vectors (2-vectors have z = 0) along the given axes."""
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = moveaxis(_float(a), axisa, -1), moveaxis(_float(b), axisb, -1)
    if a.shape[-1] == 2:
        a = A.concat([a, A.zeros_like(a[..., :1])], -1)
    if b.shape[-1] == 2:
        b = A.concat([b, A.zeros_like(b[..., :1])], -1)
    ax, ay, az = a[..., 0], a[..., 1], a[..., 2]
    bx, by, bz = b[..., 0], b[..., 1], b[..., 2]
    out = A.stack([M.sub(M.mul(ay, bz), M.mul(az, by)), M.sub(M.mul(az, bx), M.mul(ax, bz)),
                   M.sub(M.mul(ax, by), M.mul(ay, bx))], -1)
    return moveaxis(out, -1, axisc)


def norm(x, ord=None, axis=None, keepdims=False):
    return linalg_func.norm(_float(x), ord, tuple(axis) if isinstance(axis, list) else axis, keepdims)


def polyval(p, x):
    p, x = _float(p), _float(x)
    out = A.zeros_like(x)
    for i in range(p.shape[0]):
        out = M.add(M.mul(out, x), p[i])
    return out


def _poly_pad(a1, a2):
    a1, a2 = _float(a1).reshape(-1), _float(a2).reshape(-1)
    n = builtins.max(a1.shape[0], a2.shape[0])
    pad = lambda p: A.concat([A.zeros((n - p.shape[0],), p.dtype), p], 0) if p.shape[0] < n else p  # noqa: E731
    return pad(a1), pad(a2)


def polyadd(a1, a2):
    return M.add(*_poly_pad(a1, a2))


def polysub(a1, a2):
    return M.sub(*_poly_pad(a1, a2))


def polymul(a1, a2):
    return convolve(a1, a2)


def polyder(p, m=1):
    p = _float(p)
    for _ in range(m):
        n = p.shape[0] - 1
        if n <= 0:
            return A.zeros((1,), p.dtype)
        p = M.mul(p[:-1], _countdown(p, n))
    return p


def _countdown(like, n):
    """n, n-1, ..., 1 in like's dtype."""
    xp = backend_of(like._data).xp
    return wrap(xp.arange(n, 0, -1).astype(like._data.dtype))


def polyint(p, m=1, k=None):
    p = _float(p)
    scalar = getattr(k, "ndim", 0 if not isinstance(k, (list, tuple)) else 1) == 0
    constants = [0.0] * m if k is None else ([k] * m if scalar else list(k))
    for i in range(m):
        p = A.concat([M.div(p, _countdown(p, p.shape[0])), Tensor([constants[i]], p.dtype)], 0)
    return p


def convolve(a, v, mode="full"):
    """The discrete linear convolution of two 1-d sequences ('full', 'same' or 'valid')."""
    a, v = _float(a).reshape(-1), _float(v).reshape(-1)
    if a.shape[0] < v.shape[0]:  # convolution commutes: the longer sequence is the one slid over, as in NumPy
        a, v = v, a
    return _correlate(a, A.flip(v, (0,)), mode, "convolve")


def correlate(a, v, mode="valid"):
    """The cross-correlation of two 1-d sequences: windows of the padded `a` times `v`, summed."""
    return _correlate(a, v, mode, "correlate")


def _correlate(a, v, mode, op):
    a, v = _float(a).reshape(-1), _float(v).reshape(-1)
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"For '{op}', the 'mode' must be 'full', 'same' or 'valid', but got {mode!r}.")
    n, k = a.shape[0], v.shape[0]
    if n < k:  # as NumPy: slide over the longer one; correlating the other way round reverses the result
        return A.flip(_correlate(v, a, mode, op), (0,))
    # 'same' keeps the n outputs from (k - 1) // 2 on of the full n + k - 1 (NumPy's centring)
    pad = {"full": (k - 1, k - 1), "same": (k - 1 - (k - 1) // 2, (k - 1) // 2), "valid": (0, 0)}[mode]
    padded = A.concat([A.zeros((pad[0],), a.dtype), a, A.zeros((pad[1],), a.dtype)], 0) if any(pad) else a
    count = padded.shape[0] - k + 1
    xp = backend_of(padded._data).xp
    windows = A.gather(padded, wrap(xp.arange(count, dtype=xp.int64)[:, None] + xp.arange(k, dtype=xp.int64)), 0)
    return M.matmul(windows, v)


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, dtype=None):
    if fweights is not None or aweights is not None:
        raise ValueError("For 'cov', minispore supports unweighted observations (fweights=None, aweights=None).")
    m = _float(m)
    if m.ndim == 1:
        m = m.reshape(1, -1)
    if not rowvar:
        m = m.T
    if y is not None:
        y = _float(y)
        y = y.reshape(1, -1) if y.ndim == 1 else (y if rowvar else y.T)
        m = A.concat([m, y], 0)
    correction = ddof if ddof is not None else (0 if bias else 1)
    centred = M.sub(m, M.mean(m, 1, True))
    out = M.div(M.matmul(centred, centred.T), m.shape[1] - correction)
    out = out[0, 0] if out.shape == (1, 1) else out
    return _out(out, dtype)


def corrcoef(x, y=None, rowvar=True, dtype=None):
    c = cov(x, y, rowvar)
    if c.ndim == 0:
        return _out(M.div(c, c), dtype)
    d = M.sqrt(diagonal(c))
    return _out(M.div(M.div(c, d.reshape(-1, 1)), d.reshape(1, -1)), dtype)
