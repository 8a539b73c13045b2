"""`mindspore.mint` elementwise functions, comparisons and logic: PyTorch-style names and arguments over
minispore's ops."""
import builtins

from minispore.ops._prims import elementwise as E
from minispore.ops.function import extra_func as XF, math_extra_func as MX, math_func as M

__all__ = [
    "abs", "acos", "acosh", "add", "allclose", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2",
    "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and", "bitwise_not", "bitwise_or", "bitwise_xor",
    "ceil", "clamp", "clip", "cos", "cosh", "div", "divide", "eq", "equal", "erf", "erfc", "erfinv", "exp", "exp2",
    "expm1", "fix", "float_power", "floor", "floor_divide", "fmod", "frac", "gcd", "ge", "greater", "greater_equal",
    "gt", "isclose", "isfinite", "isinf", "isnan", "isneginf", "le", "lerp", "less", "less_equal", "log", "log10",
    "log1p", "log2", "logaddexp", "logaddexp2", "logical_and", "logical_not", "logical_or", "logical_xor", "lt",
    "maximum", "minimum", "mul", "nan_to_num", "ne", "neg", "negative", "not_equal", "pow", "reciprocal",
    "remainder", "round", "rsqrt", "sigmoid", "sign", "sin", "sinc", "sinh", "sqrt", "square", "sub", "tan", "tanh",
    "trunc", "xlogy",
]


def _scaled(value, alpha):
    return value if alpha == 1 else M.mul(value, alpha)


# --- elementwise ----------------------------------------------------------------------------------
def abs(input):  # noqa: A001 - MindSpore's names shadow builtins here
    return M.abs(input)


def acos(input):
    return E.acos(MX._float(input))


arccos = acos


def acosh(input):
    return MX.acosh(input)


arccosh = acosh


def asin(input):
    return E.asin(MX._float(input))


def arcsin(x):
    return asin(x)


def asinh(input):
    return MX.asinh(input)


arcsinh = asinh


def atan(input):
    return M.atan(input)


arctan = atan


def atan2(input, other):
    return MX.atan2(input, other)


arctan2 = atan2


def atanh(input):
    return MX.atanh(input)


arctanh = atanh


def add(input, other, *, alpha=1):
    return M.add(input, _scaled(other, alpha))


def sub(input, other, *, alpha=1):
    return M.sub(input, _scaled(other, alpha))


def mul(input, other):
    return M.mul(input, other)


def div(input, other, *, rounding_mode=None):
    return M.div(input, other, rounding_mode=rounding_mode)


def divide(input, other, *, rounding_mode=None):
    return M.div(input, other, rounding_mode=rounding_mode)


def floor_divide(input, other):
    return M.floor_divide(input, other)


def remainder(input, other):
    return M.remainder(input, other)


def fmod(input, other):
    return MX.fmod(input, other)


def pow(input, exponent):  # noqa: A001
    return M.pow(input, exponent)


def float_power(input, exponent):
    return MX.float_power(input, exponent)


def neg(input):
    return M.neg(input)


negative = neg


def reciprocal(input):
    return M.reciprocal(input)


def sqrt(input):
    return M.sqrt(input)


def rsqrt(input):
    return M.rsqrt(input)


def square(input):
    return M.square(input)


def exp(input):
    return M.exp(input)


def exp2(input):
    return MX.exp2(input)


def expm1(input):
    return M.expm1(input)


def log(input):
    return M.log(input)


def log2(input):
    return MX.log2(input)


def log10(input):
    return MX.log10(input)


def log1p(input):
    return M.log1p(input)


def logaddexp(input, other):
    return MX.logaddexp(input, other)


def logaddexp2(input, other):
    return MX.logaddexp2(input, other)


def sin(input):
    return M.sin(input)


def cos(input):
    return M.cos(input)


def tan(input):
    return M.tan(input)


def sinh(input):
    return E.sinh(MX._float(input))


def cosh(input):
    return E.cosh(MX._float(input))


def tanh(input):
    return M.tanh(input)


def sigmoid(input):
    return E.sigmoid(MX._float(input))


def sinc(input):
    return MX.sinc(input)


def erf(input):
    return M.erf(input)


def erfc(input):
    return MX.erfc(input)


def erfinv(input):
    return MX.erfinv(input)


def sign(input):
    return M.sign(input)


def floor(input):
    return M.floor(input)


def ceil(input):
    return M.ceil(input)


def trunc(input):
    return XF.trunc(input)


fix = trunc


def frac(input):
    return MX.frac(input)


def round(input, *, decimals=0):  # noqa: A001
    """Round half to even, to `decimals` decimal places."""
    if decimals == 0:
        return M.round(input)
    scale = 10.0 ** decimals
    return M.div(M.round(M.mul(input, scale)), scale)


def clamp(input, min=None, max=None):  # noqa: A002
    return M.clamp(input, min, max)


clip = clamp


def lerp(input, end, weight):
    return M.lerp(input, end, weight)


def xlogy(input, other):
    return XF.xlogy(input, other)


def nan_to_num(input, nan=None, posinf=None, neginf=None):
    return MX.nan_to_num(input, nan, posinf, neginf)


def gcd(input, other):
    return MX.gcd(input, other)


def maximum(input, other):
    return M.maximum(input, other)


def minimum(input, other):
    return M.minimum(input, other)


# --- comparison and logic -------------------------------------------------------------------------
def eq(input, other):
    return M.equal(input, other)


def ne(input, other):
    return M.not_equal(input, other)


not_equal = ne


def gt(input, other):
    return M.greater(input, other)


greater = gt


def ge(input, other):
    return M.greater_equal(input, other)


greater_equal = ge


def lt(input, other):
    return M.less(input, other)


less = lt


def le(input, other):
    return M.less_equal(input, other)


less_equal = le


def equal(input, other):
    """Whether the two Tensors have one shape and equal elements (a Python bool)."""
    return input.shape == other.shape and builtins.bool(M.all(M.equal(input, other)))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return XF.isclose(input, other, rtol, atol, equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(M.all(XF.isclose(input, other, rtol, atol, equal_nan)))


def isfinite(input):
    return M.isfinite(input)


def isinf(input):
    return M.isinf(input)


def isnan(tensor):
    return M.isnan(tensor)


def isneginf(input):
    return MX.isneginf(input)


def logical_and(input, other):
    return M.logical_and(input, other)


def logical_or(input, other):
    return M.logical_or(input, other)


def logical_xor(input, other):
    return M.logical_xor(input, other)


def logical_not(input):
    return M.logical_not(input)


def bitwise_and(input, other):
    return M.bitwise_and(input, other)


def bitwise_or(input, other):
    return M.bitwise_or(input, other)


def bitwise_xor(input, other):
    return M.bitwise_xor(input, other)


def bitwise_not(input):
    return M.bitwise_not(input)
