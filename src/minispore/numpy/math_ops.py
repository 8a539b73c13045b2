"""`mindspore.numpy` math and reduction functions over the ops. Arguments may be Tensors, numbers or lists;
`dtype`, where given, is the dtype of the result. The comparisons and logic live in logic_ops.py and the
functions built on sums of products and on sorted bins in _products.py and _binning.py; this module exports
them too, as MindSpore's does."""
import math

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.numpy._operands import _axes, _float, _out, _pair, _promoted
from minispore.numpy._binning import (bincount, digitize, histogram, histogram_bin_edges, interp,  # noqa: F401
                                      searchsorted)
from minispore.numpy._products import (convolve, corrcoef, correlate, cov, cross, dot, inner, kron,  # noqa: F401
                                       matmul, multi_dot, norm, outer, polyadd, polyder, polyint,
                                       polymul, polysub, polyval, tensordot, vdot)
from minispore.numpy.array_creations import asarray
from minispore.numpy.logic_ops import (array_equal, array_equiv, equal, greater, greater_equal, in1d,  # noqa: F401
                                       isclose, isfinite, isin, isinf, isnan, isneginf, isposinf,
                                       isscalar, less, less_equal, logical_and, logical_not, logical_or,
                                       logical_xor, not_equal, signbit, sometrue)
from minispore.ops._prims import elementwise as E, math_extra as X
from minispore.ops.function import array_func as A, extra_func as XF, math_func as M

__all__ = [
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "remainder", "mod", "fmod", "divmod",
    "power", "float_power", "negative", "positive", "absolute", "abs", "fabs", "sign", "signbit", "copysign",
    "sqrt", "cbrt", "square", "reciprocal", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp",
    "logaddexp2", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "arcsinh",
    "arccosh", "arctanh", "hypot", "deg2rad", "rad2deg", "radians", "floor", "ceil", "trunc", "fix", "rint", "clip",
    "maximum", "minimum", "heaviside", "gcd", "lcm", "sum", "mean", "average", "amax", "amin", "max", "min", "ptp",
    "std", "var", "cumsum", "cumprod", "nansum", "nanmean", "nanmax", "nanmin", "nanvar", "nanstd", "nancumsum",
    "argmax", "argmin", "count_nonzero", "diff", "ediff1d", "dot", "vdot", "inner", "outer", "matmul", "multi_dot",
    "tensordot", "kron", "cross", "norm", "trapz", "interp", "polyval", "polyadd", "polysub", "polymul", "polyder",
    "polyint", "searchsorted", "digitize", "bincount", "histogram", "histogram_bin_edges", "equal", "not_equal",
    "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not",
    "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "invert", "isnan", "isinf", "isfinite", "isposinf",
    "isneginf", "isclose", "array_equal", "array_equiv", "isin", "in1d", "isscalar", "sometrue", "result_type",
    "promote_types", "convolve", "correlate", "cov", "corrcoef",
]


# --- arithmetic -----------------------------------------------------------------------------------
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


def copysign(x1, x2, dtype=None):
    x1, x2 = _float(x1), asarray(x2)
    negative_sign = X.signbit(x2)
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
    return _out(X.gcd(asarray(x1), asarray(x2)), dtype)


def lcm(x1, x2, dtype=None):
    return _out(X.lcm(asarray(x1), asarray(x2)), dtype)


# --- reductions -----------------------------------------------------------------------------------
def sum(a, axis=None, dtype=None, keepdims=False, initial=None):  # noqa: A001 - NumPy's name
    a = asarray(a)
    if a.dtype == mstype.bool_:
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
    return _out(M.amax(_nan_to(a, -math.inf), _axes(axis), keepdims), dtype)


def nanmin(a, axis=None, dtype=None, keepdims=False):
    return _out(M.amin(_nan_to(a, math.inf), _axes(axis), keepdims), dtype)


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


# --- integration ----------------------------------------------------------------
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


# --- bitwise --------------------------------------------------------------------------------------
def bitwise_and(x1, x2, dtype=None):
    return _out(M.bitwise_and(*_pair(x1, x2)), dtype)


def bitwise_or(x1, x2, dtype=None):
    return _out(M.bitwise_or(*_pair(x1, x2)), dtype)


def bitwise_xor(x1, x2, dtype=None):
    return _out(M.bitwise_xor(*_pair(x1, x2)), dtype)


def bitwise_not(x, dtype=None):
    return _out(M.bitwise_not(asarray(x)), dtype)


invert = bitwise_not


# --- dtypes ---------------------------------------------------------------------------------------
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
