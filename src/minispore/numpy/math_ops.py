"""`mindspore.numpy` math, reduction and logic functions over the ops. Arguments may be Tensors, numbers or
lists; `dtype`, where given, is the dtype of the result."""
import builtins
import math

import numpy as np

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.numpy.array_creations import asarray
from minispore.numpy.array_ops import diagonal, moveaxis
from minispore.ops._prims import elementwise as E, math_extra as X
from minispore.ops.function import array_func as A, einsum_func, extra_func as XF, linalg_func, math_func as M

__all__ = [
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "remainder", "mod", "fmod", "divmod",
    "power", "float_power", "negative", "positive", "absolute", "abs", "fabs", "sign", "signbit", "copysign",
    "sqrt", "cbrt", "square", "reciprocal", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp",
    "logaddexp2", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "arcsinh",
    "arccosh", "arctanh", "hypot", "deg2rad", "rad2deg", "radians", "floor", "ceil", "trunc", "fix", "rint",
    "clip", "maximum", "minimum", "heaviside", "gcd", "lcm", "sum", "mean", "average", "amax", "amin", "max", "min",
    "ptp", "std", "var", "cumsum", "cumprod", "nansum", "nanmean", "nanmax", "nanmin", "nanvar", "nanstd",
    "nancumsum", "argmax", "argmin", "count_nonzero", "diff", "ediff1d", "dot", "vdot", "inner", "outer", "matmul",
    "multi_dot", "tensordot", "kron", "cross", "norm", "trapz", "interp", "polyval", "polyadd", "polysub",
    "polymul", "polyder", "polyint", "searchsorted", "digitize", "bincount", "histogram", "histogram_bin_edges",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
    "logical_xor", "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "invert", "isnan",
    "isinf", "isfinite", "isposinf", "isneginf", "isclose", "array_equal", "array_equiv", "isin", "in1d",
    "isscalar", "sometrue", "result_type", "promote_types", "convolve", "correlate", "cov", "corrcoef",
]


def _pair(x1, x2):
    x1 = x1 if isinstance(x1, (int, float, bool)) and isinstance(x2, Tensor) else asarray(x1)
    x2 = x2 if isinstance(x2, (int, float, bool)) and isinstance(x1, Tensor) else asarray(x2)
    return x1, x2


def _out(result, dtype):
    return result if dtype is None else M.cast(result, dtype)


def _float(x):
    x = asarray(x)
    return x if mstype.is_float(x._data.dtype) else M.cast(x, mstype.float32)


# --- arithmetic -------------------------------------------------------------------------------------
def add(x1, x2, dtype=None):
    return _out(M.add(*_pair(x1, x2)), dtype)


def subtract(x1, x2, dtype=None):
    return _out(M.sub(*_pair(x1, x2)), dtype)


def multiply(x1, x2, dtype=None):
    return _out(M.mul(*_pair(x1, x2)), dtype)


def divide(x1, x2, dtype=None):
    return _out(M.div(*_pair(x1, x2)), dtype)


def true_divide(x1, x2, dtype=None):
    return divide(x1, x2, dtype)


def floor_divide(x1, x2, dtype=None):
    return _out(M.floor_divide(*_pair(x1, x2)), dtype)


def remainder(x1, x2, dtype=None):
    return _out(M.remainder(*_pair(x1, x2)), dtype)


mod = remainder


def fmod(x1, x2, dtype=None):
    """The remainder with the sign of x1 (C's fmod)."""
    x1, x2 = _pair(x1, x2)
    return _out(M.sub(x1, M.mul(XF.trunc(M.div(x1, x2)), x2)), dtype)


def divmod(x1, x2, dtype=None):  # noqa: A001 - NumPy's name
    return floor_divide(x1, x2, dtype), remainder(x1, x2, dtype)


def power(x1, x2, dtype=None):
    return _out(M.pow(*_pair(x1, x2)), dtype)


def float_power(x1, x2, dtype=None):
    x1, x2 = _pair(x1, x2)
    x1 = M.cast(x1, mstype.float64) if isinstance(x1, Tensor) else float(x1)
    x2 = M.cast(x2, mstype.float64) if isinstance(x2, Tensor) else float(x2)
    return _out(M.pow(x1, x2), dtype)


def negative(a, dtype=None):
    return _out(M.neg(asarray(a)), dtype)


def positive(a, dtype=None):
    return _out(asarray(a), dtype)


def absolute(x, dtype=None):
    return _out(M.abs(asarray(x)), dtype)


abs = absolute  # noqa: A001 - NumPy's name


def fabs(x, dtype=None):
    return _out(M.abs(_float(x)), dtype)


def sign(x, dtype=None):
    return _out(M.sign(asarray(x)), dtype)


def signbit(x, dtype=None):
    x = asarray(x)
    return _out(Tensor(np.signbit(x.asnumpy())), dtype)


def copysign(x1, x2, dtype=None):
    x1, x2 = _float(x1), asarray(x2)
    negative_sign = Tensor(np.signbit(x2.asnumpy()))
    return _out(A.where(negative_sign, M.neg(M.abs(x1)), M.abs(x1)), dtype)


def sqrt(x, dtype=None):
    return _out(M.sqrt(asarray(x)), dtype)


def cbrt(x, dtype=None):
    x = _float(x)
    return _out(M.mul(M.sign(x), M.pow(M.abs(x), 1.0 / 3.0)), dtype)


def square(x, dtype=None):
    return _out(M.square(asarray(x)), dtype)


def reciprocal(x, dtype=None):
    return _out(M.reciprocal(asarray(x)), dtype)


def exp(x, dtype=None):
    return _out(M.exp(asarray(x)), dtype)


def exp2(x, dtype=None):
    return _out(M.pow(2.0, _float(x)), dtype)


def expm1(x, dtype=None):
    return _out(M.expm1(asarray(x)), dtype)


def log(x, dtype=None):
    return _out(M.log(asarray(x)), dtype)


def log2(x, dtype=None):
    return _out(M.div(M.log(_float(x)), math.log(2.0)), dtype)


def log10(x, dtype=None):
    return _out(M.div(M.log(_float(x)), math.log(10.0)), dtype)


def log1p(x, dtype=None):
    return _out(M.log1p(asarray(x)), dtype)


def logaddexp(x1, x2, dtype=None):
    """log(exp(x1) + exp(x2)) without overflow: max + log1p(exp(-|x1 - x2|))."""
    x1, x2 = _float(x1), _float(x2)
    return _out(M.add(M.maximum(x1, x2), M.log1p(M.exp(M.neg(M.abs(M.sub(x1, x2)))))), dtype)


def logaddexp2(x1, x2, dtype=None):
    """log2(2**x1 + 2**x2)."""
    scale = math.log(2.0)
    return _out(M.div(logaddexp(M.mul(_float(x1), scale), M.mul(_float(x2), scale)), scale), dtype)


def sin(x, dtype=None):
    return _out(M.sin(asarray(x)), dtype)


def cos(x, dtype=None):
    return _out(M.cos(asarray(x)), dtype)


def tan(x, dtype=None):
    return _out(M.tan(asarray(x)), dtype)


def arcsin(x, dtype=None):
    return _out(E.asin(_float(x)), dtype)


def arccos(input, dtype=None):
    return _out(E.acos(_float(input)), dtype)


def arctan(x, dtype=None):
    return _out(M.atan(asarray(x)), dtype)


def arctan2(x1, x2, dtype=None):
    x1, x2 = _float(x1), _float(x2)
    return _out(X.atan2(*_promoted(x1, x2)), dtype)


def _promoted(x1, x2):
    target = mstype.promote(x1._data.dtype, x2._data.dtype)
    return (x1 if x1._data.dtype == target else M.cast(x1, target)), (x2 if x2._data.dtype == target else
                                                                      M.cast(x2, target))


def sinh(x, dtype=None):
    return _out(E.sinh(_float(x)), dtype)


def cosh(x, dtype=None):
    return _out(E.cosh(_float(x)), dtype)


def tanh(x, dtype=None):
    return _out(M.tanh(asarray(x)), dtype)


def arcsinh(x, dtype=None):
    x = _float(x)
    return _out(M.log(M.add(x, M.sqrt(M.add(M.mul(x, x), 1.0)))), dtype)


def arccosh(x, dtype=None):
    x = _float(x)
    return _out(M.log(M.add(x, M.sqrt(M.sub(M.mul(x, x), 1.0)))), dtype)


def arctanh(x, dtype=None):
    x = _float(x)
    return _out(M.mul(M.log(M.div(M.add(1.0, x), M.sub(1.0, x))), 0.5), dtype)


def hypot(x1, x2, dtype=None):
    x1, x2 = _float(x1), _float(x2)
    return _out(M.sqrt(M.add(M.mul(x1, x1), M.mul(x2, x2))), dtype)


def deg2rad(x, dtype=None):
    return _out(M.mul(_float(x), math.pi / 180.0), dtype)


radians = deg2rad


def rad2deg(x, dtype=None):
    return _out(M.mul(_float(x), 180.0 / math.pi), dtype)


def floor(x, dtype=None):
    return _out(M.floor(_float(x)), dtype)


def ceil(x, dtype=None):
    return _out(M.ceil(_float(x)), dtype)


def trunc(x, dtype=None):
    return _out(XF.trunc(asarray(x)), dtype)


def fix(x):
    return XF.trunc(_float(x))


def rint(x, dtype=None):
    return _out(M.round(_float(x)), dtype)


def clip(x, xmin, xmax, dtype=None):
    x = asarray(x)
    return _out(M.clamp(x, xmin, xmax), dtype)


def maximum(x1, x2, dtype=None):
    return _out(M.maximum(*_pair(x1, x2)), dtype)


def minimum(x1, x2, dtype=None):
    return _out(M.minimum(*_pair(x1, x2)), dtype)


def heaviside(x1, x2, dtype=None):
    """0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0."""
    x1, x2 = _float(x1), _float(x2)
    step = A.where(M.greater(x1, 0), A.ones_like(x1), A.zeros_like(x1))
    return _out(A.where(M.equal(x1, 0), A.broadcast_to(x2, x1.shape) if x2.shape != x1.shape else x2, step), dtype)


def gcd(x1, x2, dtype=None):
    x1, x2 = asarray(x1), asarray(x2)
    return _out(Tensor(np.gcd(x1.asnumpy(), x2.asnumpy())), dtype)


def lcm(x1, x2, dtype=None):
    x1, x2 = asarray(x1), asarray(x2)
    return _out(Tensor(np.lcm(x1.asnumpy(), x2.asnumpy())), dtype)


# --- reductions -------------------------------------------------------------------------------------
def _axes(axis):
    return axis if axis is None or isinstance(axis, int) else tuple(axis)


def sum(a, axis=None, dtype=None, keepdims=False, initial=None):  # noqa: A001 - NumPy's name
    a = asarray(a)
    if a._data.dtype == np.bool_:
        a = M.cast(a, mstype.int32)
    out = M.sum(a, _axes(axis), keepdims)
    if initial is not None:
        out = M.add(out, initial)
    return _out(out, dtype)


def mean(a, axis=None, keepdims=False, dtype=None):
    return _out(M.mean(_float(a), _axes(axis), keepdims), dtype)


def average(x, axis=None, weights=None, returned=False):
    x = _float(x)
    if weights is None:
        avg = mean(x, axis)
        count = x.size if axis is None else math.prod(x.shape[a] for a in (axis if isinstance(axis, tuple) else
                                                                           (axis,)))
        scale = A.full_like(avg, count) if isinstance(avg, Tensor) else count
        return (avg, scale) if returned else avg
    weights = _float(weights)
    if weights.shape != x.shape:
        if axis is None or weights.ndim != 1:
            raise ValueError("For 'average', 'weights' must have the shape of 'x', or be 1-d along 'axis'.")
        shape = [1] * x.ndim
        shape[axis] = weights.shape[0]
        weights = weights.reshape(shape)
    total = M.sum(M.mul(weights, A.ones_like(x)), _axes(axis))
    avg = M.div(M.sum(M.mul(x, weights), _axes(axis)), total)
    return (avg, total) if returned else avg


def amax(a, axis=None, keepdims=False, initial=None, where=True):
    out = M.amax(asarray(a), _axes(axis), keepdims)
    return out if initial is None else M.maximum(out, initial)


def amin(a, axis=None, keepdims=False, initial=None, where=True):
    out = M.amin(asarray(a), _axes(axis), keepdims)
    return out if initial is None else M.minimum(out, initial)


max = amax  # noqa: A001 - NumPy's name
min = amin  # noqa: A001 - NumPy's name


def ptp(x, axis=None, keepdims=False):
    x = asarray(x)
    return M.sub(M.amax(x, _axes(axis), keepdims), M.amin(x, _axes(axis), keepdims))


def std(x, axis=None, ddof=0, keepdims=False):
    return M.std(_float(x), _axes(axis), ddof, keepdims)


def var(x, axis=None, ddof=0, keepdims=False):
    return M.var(_float(x), _axes(axis), ddof, keepdims)


def cumsum(a, axis=None, dtype=None):
    a = asarray(a)
    if axis is None:
        a, axis = a.reshape(-1), 0
    return M.cumsum(a, axis, dtype)


def cumprod(a, axis=None, dtype=None):
    a = asarray(a)
    if axis is None:
        a, axis = a.reshape(-1), 0
    return _out(XF.cumprod(a, axis), dtype)


def _nan_to(a, value):
    a = _float(a)
    return A.where(M.isnan(a), A.full_like(a, value), a)


def nansum(a, axis=None, dtype=None, keepdims=False):
    return _out(M.sum(_nan_to(a, 0.0), _axes(axis), keepdims), dtype)


def nanmean(a, axis=None, dtype=None, keepdims=False):
    a = _float(a)
    count = M.sum(M.cast(M.logical_not(M.isnan(a)), a.dtype), _axes(axis), keepdims)
    return _out(M.div(M.sum(_nan_to(a, 0.0), _axes(axis), keepdims), count), dtype)


def nanmax(a, axis=None, dtype=None, keepdims=False):
    return _out(M.amax(_nan_to(a, -np.inf), _axes(axis), keepdims), dtype)


def nanmin(a, axis=None, dtype=None, keepdims=False):
    return _out(M.amin(_nan_to(a, np.inf), _axes(axis), keepdims), dtype)


def nanvar(a, axis=None, dtype=None, ddof=0, keepdims=False):
    a = _float(a)
    centred = M.sub(a, nanmean(a, axis, keepdims=True))
    count = M.sum(M.cast(M.logical_not(M.isnan(a)), a.dtype), _axes(axis), keepdims)
    return _out(M.div(M.sum(_nan_to(M.mul(centred, centred), 0.0), _axes(axis), keepdims), M.sub(count, ddof)),
                dtype)


def nanstd(a, axis=None, dtype=None, ddof=0, keepdims=False):
    return _out(M.sqrt(nanvar(a, axis, None, ddof, keepdims)), dtype)


def nancumsum(a, axis=None, dtype=None):
    return cumsum(_nan_to(a, 0.0), axis, dtype)


def argmax(a, axis=None):
    return M.argmax(asarray(a), axis)


def argmin(a, axis=None):
    return M.argmin(asarray(a), axis)


def count_nonzero(x, axis=None, keepdims=False):
    x = asarray(x)
    return M.sum(M.cast(M.not_equal(x, 0), mstype.int32), _axes(axis), keepdims)


def diff(a, n=1, axis=-1, prepend=None, append=None):
    a = asarray(a)
    axis %= a.ndim
    parts = [p for p in (prepend, a, append) if p is not None]
    if len(parts) > 1:
        parts = [A.broadcast_to(asarray(p), a.shape[:axis] + (1,) + a.shape[axis + 1:]) if asarray(p).ndim == 0
                 else asarray(p) for p in parts]
        a = A.concat(parts, axis)
    lead = (slice(None),) * axis
    for _ in range(n):
        a = M.sub(a[lead + (slice(1, None),)], a[lead + (slice(None, -1),)])
    return a


def ediff1d(ary, to_end=None, to_begin=None):
    flat = asarray(ary).reshape(-1)
    parts = [asarray(p).reshape(-1) for p in (to_begin,) if p is not None]
    parts.append(M.sub(flat[1:], flat[:-1]))
    parts += [asarray(p).reshape(-1) for p in (to_end,) if p is not None]
    return A.concat(parts, 0) if len(parts) > 1 else parts[0]


# --- products -------------------------------------------------------------------------------------
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
    return linalg_func.norm(_float(x), ord, axis, keepdims)


def trapz(y, x=None, dx=1.0, axis=-1):
    """The trapezoidal integral of y along `axis` (samples at x, or spaced dx)."""
    y = _float(y)
    axis %= y.ndim
    lead = (slice(None),) * axis
    pairs = M.add(y[lead + (slice(1, None),)], y[lead + (slice(None, -1),)])
    if x is None:
        return M.mul(M.sum(pairs, axis), dx / 2.0)
    x = _float(x)
    widths = diff(x, axis=-1 if x.ndim == 1 else axis)
    if x.ndim == 1:
        shape = [1] * y.ndim
        shape[axis] = widths.shape[0]
        widths = widths.reshape(shape)
    return M.mul(M.sum(M.mul(pairs, widths), axis), 0.5)


def interp(x, xp, fp, left=None, right=None):
    """Linear interpolation of the points (xp, fp) at x (differentiable in fp)."""
    x, xp, fp = _float(x), _float(xp), _float(fp)
    positions, grid = x.asnumpy().astype(np.float64), xp.asnumpy().astype(np.float64)
    upper = np.clip(np.searchsorted(grid, positions, side="right"), 1, len(grid) - 1)
    lower = upper - 1
    span = grid[upper] - grid[lower]
    weight = np.clip(np.where(span > 0, (positions - grid[lower]) / np.where(span > 0, span, 1), 0), 0, 1)
    dtype = fp._data.dtype
    out = M.add(M.mul(A.gather(fp, Tensor(lower.astype(np.int64)), 0), Tensor((1 - weight).astype(dtype))),
                M.mul(A.gather(fp, Tensor(upper.astype(np.int64)), 0), Tensor(weight.astype(dtype))))
    below, above = positions < grid[0], positions > grid[-1]
    if below.any():
        out = A.where(Tensor(below), A.full_like(out, fp[0].item() if left is None else left), out)
    if above.any():
        out = A.where(Tensor(above), A.full_like(out, fp[-1].item() if right is None else right), out)
    return out


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
        p = M.mul(p[:-1], Tensor(np.arange(n, 0, -1).astype(p._data.dtype)))
    return p


def polyint(p, m=1, k=None):
    p = _float(p)
    constants = [0.0] * m if k is None else ([k] * m if np.ndim(k) == 0 else list(k))
    for i in range(m):
        n = p.shape[0]
        p = A.concat([M.div(p, Tensor(np.arange(n, 0, -1).astype(p._data.dtype))),
                      Tensor(np.asarray([constants[i]], p._data.dtype))], 0)
    return p


def convolve(a, v, mode="full"):
    """The discrete linear convolution of two 1-d sequences ('full', 'same' or 'valid')."""
    return _correlate(a, A.flip(_float(v).reshape(-1), 0), mode, "convolve")


def correlate(a, v, mode="valid"):
    """The cross-correlation of two 1-d sequences: windows of the padded `a` times `v`, summed."""
    return _correlate(a, v, mode, "correlate")


def _correlate(a, v, mode, op):
    a, v = _float(a).reshape(-1), _float(v).reshape(-1)
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"For '{op}', the 'mode' must be 'full', 'same' or 'valid', but got {mode!r}.")
    n, k = a.shape[0], v.shape[0]
    if mode == "valid" and n < k:
        a, v, n, k = v, a, k, n
    pad = {"full": (k - 1, k - 1), "same": ((k - 1) // 2, k - 1 - (k - 1) // 2), "valid": (0, 0)}[mode]
    padded = A.concat([A.zeros((pad[0],), a.dtype), a, A.zeros((pad[1],), a.dtype)], 0) if any(pad) else a
    count = padded.shape[0] - k + 1
    windows = A.gather(padded, Tensor((np.arange(count)[:, None] + np.arange(k)[None, :]).astype(np.int64)), 0)
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


def searchsorted(a, v, side="left", sorter=None):
    a, v = asarray(a), asarray(v)
    if side not in ("left", "right"):
        raise ValueError(f"For 'searchsorted', the 'side' must be 'left' or 'right', but got {side!r}.")
    found = np.searchsorted(a.asnumpy(), v.asnumpy(), side=side,
                            sorter=None if sorter is None else asarray(sorter).asnumpy())
    return Tensor(np.asarray(found).astype(np.int32))


def digitize(x, bins, right=False):
    return Tensor(np.digitize(asarray(x).asnumpy(), asarray(bins).asnumpy(), right=right).astype(np.int32))


def bincount(x, weights=None, minlength=0, length=None):
    data = asarray(x).asnumpy()
    if data.size and data.min() < 0:
        raise ValueError("For 'bincount', the input must hold non-negative integers.")
    counts = np.bincount(data, None if weights is None else asarray(weights).asnumpy(), minlength)
    if length is not None:
        counts = counts[:length]
    return Tensor(counts.astype(np.float32 if weights is not None else np.int32))


def histogram(a, bins=10, range=None, weights=None, density=False):  # noqa: A002 - NumPy's name
    counts, edges = np.histogram(asarray(a).asnumpy(), bins, range, density=density,
                                 weights=None if weights is None else asarray(weights).asnumpy())
    return Tensor(counts.astype(np.float32 if density or weights is not None else np.int32)), \
        Tensor(edges.astype(np.float32))


def histogram_bin_edges(a, bins=10, range=None, weights=None):  # noqa: A002 - NumPy's name
    return histogram(a, bins, range, weights)[1]


# --- comparisons and logic ------------------------------------------------------------------------
def equal(x1, x2, dtype=None):
    return _out(M.equal(*_pair(x1, x2)), dtype)


def not_equal(x1, x2, dtype=None):
    return _out(M.not_equal(*_pair(x1, x2)), dtype)


def less(x1, x2, dtype=None):
    return _out(M.less(*_pair(x1, x2)), dtype)


def less_equal(x1, x2, dtype=None):
    return _out(M.less_equal(*_pair(x1, x2)), dtype)


def greater(x1, x2, dtype=None):
    return _out(M.greater(*_pair(x1, x2)), dtype)


def greater_equal(x1, x2, dtype=None):
    return _out(M.greater_equal(*_pair(x1, x2)), dtype)


def logical_and(x1, x2, dtype=None):
    return _out(M.logical_and(*_pair(x1, x2)), dtype)


def logical_or(x1, x2, dtype=None):
    return _out(M.logical_or(*_pair(x1, x2)), dtype)


def logical_xor(x1, x2, dtype=None):
    return _out(M.logical_xor(*_pair(x1, x2)), dtype)


def logical_not(a, dtype=None):
    return _out(M.logical_not(asarray(a)), dtype)


def bitwise_and(x1, x2, dtype=None):
    return _out(M.bitwise_and(*_pair(x1, x2)), dtype)


def bitwise_or(x1, x2, dtype=None):
    return _out(M.bitwise_or(*_pair(x1, x2)), dtype)


def bitwise_xor(x1, x2, dtype=None):
    return _out(M.bitwise_xor(*_pair(x1, x2)), dtype)


def bitwise_not(x, dtype=None):
    return _out(M.bitwise_not(asarray(x)), dtype)


invert = bitwise_not


def isnan(x, dtype=None):
    return _out(M.isnan(asarray(x)), dtype)


def isinf(x, dtype=None):
    return _out(M.isinf(asarray(x)), dtype)


def isfinite(x, dtype=None):
    return _out(M.isfinite(asarray(x)), dtype)


def isposinf(x):
    x = asarray(x)
    return M.logical_and(M.isinf(x), M.greater(x, 0))


def isneginf(x):
    x = asarray(x)
    return M.logical_and(M.isinf(x), M.less(x, 0))


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    a, b = _promoted(asarray(a), asarray(b))
    return XF.isclose(a, b, rtol, atol, equal_nan)


def array_equal(a1, a2, equal_nan=False):
    a1, a2 = asarray(a1), asarray(a2)
    if a1.shape != a2.shape:
        return False
    same = M.equal(a1, a2)
    if equal_nan and mstype.is_float(a1._data.dtype):
        same = M.logical_or(same, M.logical_and(M.isnan(a1), M.isnan(M.cast(a2, a1.dtype))))
    return bool(M.all(same).asnumpy())


def array_equiv(a1, a2):
    a1, a2 = asarray(a1), asarray(a2)
    try:
        np.broadcast_shapes(a1.shape, a2.shape)
    except ValueError:
        return False
    return bool(M.all(M.equal(a1, a2)).asnumpy())


def isin(element, test_elements, invert=False):
    element = asarray(element)
    found = np.isin(element.asnumpy(), asarray(test_elements).asnumpy(), invert=invert)
    return Tensor(found)


def in1d(ar1, ar2, invert=False):
    return isin(asarray(ar1).reshape(-1), ar2, invert)


def isscalar(element):
    return isinstance(element, (int, float, complex, bool, str, bytes))


def sometrue(a, axis=None, keepdims=False):
    return M.any(M.cast(asarray(a), mstype.bool_), _axes(axis), keepdims)


def result_type(*arrays_and_dtypes):
    dtypes = []
    for item in arrays_and_dtypes:
        if isinstance(item, Tensor):
            dtypes.append(item._data.dtype)
        elif isinstance(item, mstype.Type):
            dtypes.append(mstype.np_dtype(item))
        else:
            dtypes.append(asarray(item)._data.dtype)
    out = dtypes[0]
    for d in dtypes[1:]:
        out = mstype.promote(out, d)
    return mstype.to_dtype(out)


def promote_types(type1, type2):
    return mstype.to_dtype(mstype.promote(mstype.np_dtype(type1), mstype.np_dtype(type2)))

