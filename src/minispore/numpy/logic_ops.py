"""`mindspore.numpy` comparisons, tests and logic functions over the ops. Arguments may be Tensors, numbers or
lists; `dtype`, where given, is the dtype of the result."""
from minispore.common import dtype as mstype
from minispore.numpy._operands import _axes, _out, _pair, _promoted
from minispore.numpy.array_creations import asarray
from minispore.ops._prims import math_extra as X, search as Q
from minispore.ops.function import array_func as A, extra_func as XF, math_func as M

__all__ = [
    "signbit", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
    "logical_xor", "logical_not", "isnan", "isinf", "isfinite", "isposinf", "isneginf", "isclose", "array_equal",
    "array_equiv", "isin", "in1d", "isscalar", "sometrue",
]


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


def signbit(x, dtype=None):
    """True where the sign bit is set (-0.0 included)."""
    return _out(X.signbit(asarray(x)), dtype)


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
    return bool(M.all(same))


def array_equiv(a1, a2):
    a1, a2 = asarray(a1), asarray(a2)
    if A.broadcast_shape(a1.shape, a2.shape) is None:
        return False
    return bool(M.all(M.equal(a1, a2)))


def isin(element, test_elements, invert=False):
    return Q.isin(asarray(element), asarray(test_elements), invert=invert)


def in1d(ar1, ar2, invert=False):
    return isin(asarray(ar1).reshape(-1), ar2, invert)


def isscalar(element):
    return isinstance(element, (int, float, complex, bool, str, bytes))


def sometrue(a, axis=None, keepdims=False):
    return M.any(M.cast(asarray(a), mstype.bool_), _axes(axis), keepdims)
