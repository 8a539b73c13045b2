"""Elementwise primitives: arithmetic, transcendental functions, comparisons, casts."""
import math

from minispore._backend import backend_of, threads
from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims import defprim


def _erf_kernel(xp, x):
    # SciPy's erf on NumPy (math.erf without SciPy), cupyx.scipy.special's on CuPy; SciPy computes
    # float16 in float32: the input's dtype comes back.
    return backend_of(x).special("erf")(x).astype(x.dtype, copy=False)


add = defprim("add", lambda xp, x, y: xp.add(x, y),
              lambda x, y, out, dout: (dout, dout))


def _is_bool(x):
    return isinstance(x, bool) or getattr(x, "dtype", None) == bool


def _sub_kernel(xp, x, y):
    # NumPy refuses bool - bool; MindSpore computes it as a logical xor.
    if _is_bool(x) and _is_bool(y):
        return xp.logical_xor(x, y)
    return xp.subtract(x, y)


def _floor_divide_kernel(xp, x, y):
    # bool // bool stays Bool in MindSpore (NumPy would give int8).
    if _is_bool(x) and _is_bool(y):
        return xp.logical_and(x, y)
    return xp.floor_divide(x, y)


def _remainder_kernel(xp, x, y):
    # bool % bool stays Bool in MindSpore; x % 1 is 0, and x % 0 is 0 as for minispore's integers.
    if _is_bool(x) and _is_bool(y):
        return xp.zeros(xp.broadcast_shapes(xp.shape(x), xp.shape(y)), dtype=bool)
    return xp.remainder(x, y)


def _pow_kernel(xp, x, y):
    dtype = getattr(x, "dtype", None)
    # NumPy refuses integer ** negative integer; MindSpore returns the truncated result.
    if dtype is not None and dtype.kind in "iu" and xp.any(xp.asarray(y) < 0):
        return xp.trunc(xp.power(x.astype(xp.float64), y)).astype(dtype)
    # Single and half precision through double, rounded once: NumPy's float32 power differs by an
    # ulp between builds and CPUs (SIMD paths); the rounded double result is MindSpore's std::pow.
    if dtype is not None and dtype.kind == "f" and dtype.itemsize < 8:
        return xp.power(x.astype(xp.float64), y).astype(dtype)
    return xp.power(x, y)


sub = defprim("sub", _sub_kernel,
              lambda x, y, out, dout: (dout, -dout))
mul = defprim("mul", lambda xp, x, y: xp.multiply(x, y),
              lambda x, y, out, dout: (dout * y if needs_grad(x) else None,
                                       dout * x if needs_grad(y) else None))
div = defprim("div", lambda xp, x, y: xp.true_divide(x, y),
              lambda x, y, out, dout: (dout / y if needs_grad(x) else None,
                                       -dout * out / y if needs_grad(y) else None))
neg = defprim("neg", lambda xp, x: xp.negative(x),
              lambda x, out, dout: (-dout,))
pow = defprim("pow", _pow_kernel,
              lambda x, y, out, dout: (
                  dout * y * pow(x, y - 1) if needs_grad(x) else None,
                  dout * out * log(x) if hasattr(y, "_data") and needs_grad(y) else None))
exp = defprim("exp", lambda xp, x: xp.exp(x),
              lambda x, out, dout: (dout * out,))
def _reciprocal(root):
    return root.dtype.type(1) / root  # 1 in root's dtype: NumPy 1.x widens a 0-d float32 divided by Python's 1


log = defprim("log", lambda xp, x: xp.log(x),
              lambda x, out, dout: (dout / x,))
sqrt = defprim("sqrt", lambda xp, x: xp.sqrt(x),
               lambda x, out, dout: (dout / (out * 2),))
rsqrt = defprim("rsqrt", lambda xp, x: _reciprocal(xp.sqrt(x)),
                lambda x, out, dout: (dout * out * out * out * -0.5,))
abs = defprim("abs", lambda xp, x: xp.abs(x),
              lambda x, out, dout: (dout * sign(x),))
# sign(NaN) is 0 in MindSpore (NumPy gives NaN).
sign = defprim("sign", lambda xp, x: xp.where(xp.isnan(x), 0, xp.sign(x)).astype(x.dtype, copy=False)
               if x.dtype.kind in "fc" else xp.sign(x), None)
sin = defprim("sin", lambda xp, x: xp.sin(x),
              lambda x, out, dout: (dout * cos(x),))
cos = defprim("cos", lambda xp, x: xp.cos(x),
              lambda x, out, dout: (-dout * sin(x),))
tan = defprim("tan", lambda xp, x: xp.tan(x),
              lambda x, out, dout: (dout * (out * out + 1),))
tanh = defprim("tanh", lambda xp, x: xp.tanh(x),
               lambda x, out, dout: (dout * (1 - out * out),))
erf = defprim("erf", _erf_kernel,
              lambda x, out, dout: (dout * exp(-x * x) * (2 / math.sqrt(math.pi)),))
log1p = defprim("log1p", lambda xp, x: xp.log1p(x),
                lambda x, out, dout: (dout / (x + 1),))
expm1 = defprim("expm1", lambda xp, x: xp.expm1(x),
                lambda x, out, dout: (dout * (out + 1),))
atan = defprim("atan", lambda xp, x: xp.arctan(x),
               lambda x, out, dout: (dout / (x * x + 1),))


def _sigmoid_kernel(xp, x):
    # exp of a negative number only: no overflow warning for large |x|.
    e = xp.exp(-xp.abs(x))
    denominator = 1 + e
    return xp.where(x >= 0, 1 / denominator, e / denominator).astype(x.dtype, copy=False)


sigmoid = defprim("sigmoid", _sigmoid_kernel,
                  lambda x, out, dout: (dout * out * (1 - out),))
# softplus is a primitive for stability: log(1 + exp(x)) overflows for large x.
softplus = defprim("softplus", lambda xp, x: xp.logaddexp(x.dtype.type(0), x),
                   lambda x, out, dout: (dout * sigmoid(x),))


# ReLU and its gradient split large arrays between the free cores (threads.split_map): in ResNet-18's step
# 13.5 against 10.4 ms. Not add: its check would cost the smallest ops 8%.
def _relu_kernel(xp, x):
    zero = x.dtype.type(0)
    if threads.splittable(x):
        out = xp.empty_like(x)
        if threads.split_map(lambda o, a: xp.maximum(a, zero, out=o), out, x):
            return out
    return xp.maximum(x, zero)


def _relu_grad_kernel(xp, dout, x):
    # The mask multiplies as bool, ~8x faster than xp.where on the same arrays.
    if threads.splittable(dout, x):
        out = xp.empty_like(dout)
        if threads.split_map(lambda o, g, a: xp.multiply(g, a > 0, out=o), out, dout, x):
            return out
    return xp.multiply(dout, x > 0)


# The rule reads the output, not the input (out > 0 exactly where x > 0, NaN included), so a gradient
# tape need not keep the input: in a ResNet, the BatchNorm output that feeds each ReLU.
relu = defprim("relu", _relu_kernel, lambda x, out, dout: (relu_grad(dout, out),))
# dout where x > 0, else 0: one node for relu's backward.
relu_grad = defprim("relu_grad", _relu_grad_kernel, lambda dout, x, out, g: (mul(g, greater(x, 0)), None))


def _pick_rule(x, y, dout, x_picked, y_picked):
    # Ties split the gradient evenly and a NaN on either side passes dout to both, as MindSpore does.
    dtype = dout._data.dtype
    tie_or_nan = cast(equal(x, y), dtype=dtype) * 0.5 + cast(logical_or(isnan(x), isnan(y)), dtype=dtype)
    return (dout * (cast(x_picked, dtype=dtype) + tie_or_nan) if needs_grad(x) else None,
            dout * (cast(y_picked, dtype=dtype) + tie_or_nan) if needs_grad(y) else None)


maximum = defprim("maximum", lambda xp, x, y: xp.maximum(x, y),
                  lambda x, y, out, dout: _pick_rule(x, y, dout, greater(x, y), greater(y, x)))
minimum = defprim("minimum", lambda xp, x, y: xp.minimum(x, y),
                  lambda x, y, out, dout: _pick_rule(x, y, dout, less(x, y), less(y, x)))
where = defprim("where", lambda xp, c, x, y: xp.where(c, x, y),
                lambda c, x, y, out, dout: (None, where(c, dout, 0), where(c, 0, dout)))


def _clamp_kernel(xp, x, *, low, high):
    out = xp.clip(x, low, high)
    # NumPy 1.x widens a 0-d float32 (int8) clipped by Python floats (ints) to float64 (int64): the dtype stays.
    if out.dtype != x.dtype and (x.dtype.kind == "f" or all(b is None or isinstance(b, int) for b in (low, high))):
        return out.astype(x.dtype)
    return out


def _clamp_rule(x, out, dout, *, low, high):
    inside = equal(out, x)
    return (dout * cast(inside, dtype=dout._data.dtype),)


clamp = defprim("clamp", _clamp_kernel, _clamp_rule)
floor = defprim("floor", lambda xp, x: xp.floor(x), lambda x, out, dout: (dout * 0,))
ceil = defprim("ceil", lambda xp, x: xp.ceil(x), lambda x, out, dout: (dout * 0,))
round = defprim("round", lambda xp, x: xp.round(x), lambda x, out, dout: (dout * 0,))
floor_divide = defprim("floor_divide", _floor_divide_kernel, None)
remainder = defprim("remainder", _remainder_kernel,
                    lambda x, y, out, dout: (dout, -dout * floor_divide(x, y)))

cast = defprim("cast", lambda xp, x, *, dtype: x.astype(dtype),
               lambda x, out, dout, *, dtype: (cast(dout, dtype=x._data.dtype),))
# The identity is how a gradient scope makes its leaves: a new Tensor on the same data.
identity = defprim("identity", lambda xp, x: x, lambda x, out, dout: (dout,))
identity_copy = defprim("identity_copy", lambda xp, x: x.copy(), lambda x, out, dout: (dout,))
stop_gradient = defprim("stop_gradient", lambda xp, x: x, None)
# Several Tensors through one node whose backward calls `on_grad(douts)` and passes on what it returns
# (a Cell's backward hooks see, and may replace, the gradients of all its inputs at once).
identity_n = defprim("identity_n", lambda xp, *xs, on_grad: xs, lambda *args, on_grad: tuple(on_grad(args[-1])),
                     n_out=0)

equal = defprim("equal", lambda xp, x, y: xp.equal(x, y), None)
not_equal = defprim("not_equal", lambda xp, x, y: xp.not_equal(x, y), None)
less = defprim("less", lambda xp, x, y: xp.less(x, y), None)
less_equal = defprim("less_equal", lambda xp, x, y: xp.less_equal(x, y), None)
greater = defprim("greater", lambda xp, x, y: xp.greater(x, y), None)
greater_equal = defprim("greater_equal", lambda xp, x, y: xp.greater_equal(x, y), None)
logical_and = defprim("logical_and", lambda xp, x, y: xp.logical_and(x, y), None)
logical_or = defprim("logical_or", lambda xp, x, y: xp.logical_or(x, y), None)
logical_xor = defprim("logical_xor", lambda xp, x, y: xp.logical_xor(x, y), None)
logical_not = defprim("logical_not", lambda xp, x: xp.logical_not(x), None)
bitwise_and = defprim("bitwise_and", lambda xp, x, y: xp.bitwise_and(x, y), None)
bitwise_or = defprim("bitwise_or", lambda xp, x, y: xp.bitwise_or(x, y), None)
bitwise_xor = defprim("bitwise_xor", lambda xp, x, y: xp.bitwise_xor(x, y), None)
bitwise_not = defprim("bitwise_not", lambda xp, x: xp.invert(x), None)
left_shift = defprim("left_shift", lambda xp, x, y: xp.left_shift(x, y), None)
right_shift = defprim("right_shift", lambda xp, x, y: xp.right_shift(x, y), None)
isnan = defprim("isnan", lambda xp, x: xp.isnan(x), None)
isinf = defprim("isinf", lambda xp, x: xp.isinf(x), None)
isfinite = defprim("isfinite", lambda xp, x: xp.isfinite(x), None)

# Inverse and hyperbolic trigonometry (`ops.acos` ...); domains: acos/asin in [-1, 1].
acos = defprim("acos", lambda xp, x: xp.arccos(x),
               lambda x, out, dout: (-dout * rsqrt(1 - x * x),))
asin = defprim("asin", lambda xp, x: xp.arcsin(x),
               lambda x, out, dout: (dout * rsqrt(1 - x * x),))
sinh = defprim("sinh", lambda xp, x: xp.sinh(x),
               lambda x, out, dout: (dout * cosh(x),))
cosh = defprim("cosh", lambda xp, x: xp.cosh(x),
               lambda x, out, dout: (dout * sinh(x),))
# Integer and bool inputs pass through unchanged (NumPy's trunc would make them float).
trunc = defprim("trunc", lambda xp, x: xp.trunc(x) if x.dtype.kind == "f" else x.copy(),
                lambda x, out, dout: (dout * 0,))
