"""Arithmetic, comparison and reduction ops with MindSpore's signatures and type promotion."""
import math
import numbers

from minispore._backend import default_backend
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, linalg, reduce as R
from minispore.ops._prims.autocast import autocasting

__all__ = [
    "add", "sub", "mul", "div", "true_divide", "floor_divide", "remainder", "pow", "neg", "negative",
    "abs", "sign", "exp", "log", "sqrt", "rsqrt", "square", "reciprocal", "inv", "sin", "cos", "tan", "tanh",
    "erf", "log1p", "expm1", "atan", "floor", "ceil", "round", "maximum", "minimum", "clamp", "clip",
    "cast", "equal", "not_equal", "ne", "eq", "less", "lt", "less_equal", "le", "greater", "gt",
    "greater_equal", "ge", "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and",
    "bitwise_or", "bitwise_xor", "bitwise_not", "isnan", "isinf", "isfinite", "matmul", "mm", "bmm",
    "sum", "mean", "prod", "amax", "amin", "max", "min", "argmax", "argmin", "std", "var", "cumsum",
    "all", "any", "logsumexp", "addmm", "outer", "dot", "lerp", "identity_copy",
]

_float32 = mstype.np_dtype(mstype.float32)
_int32 = mstype.np_dtype(mstype.int32)
_int64 = mstype.np_dtype(mstype.int64)
_HostFloat = mstype.HostFloat


def _tensor(value):
    return value if isinstance(value, Tensor) else Tensor(value)


def _with_scalar(t, scalar):
    """Cast t where a Python scalar would change its kind (int tensor + float -> float32)."""
    kind = t._data.dtype.kind
    if isinstance(scalar, bool):
        return t
    if isinstance(scalar, numbers.Integral):
        return E.cast(t, dtype=_int64) if kind == "b" else t
    if isinstance(scalar, numbers.Real):
        return E.cast(t, dtype=_float32) if kind in "biu" else t
    return t


def _weak(scalar, t):
    """A Python scalar as a NumPy scalar of t's dtype, so that it cannot widen the result.

    NumPy 2 already treats Python scalars weakly; NumPy 1.x promotes a 0-d float32 array divided
    by a Python float to float64. An int outside an integer dtype's range wraps (uint8 + -3), as
    in MindSpore.
    """
    dtype = t._data.dtype
    if dtype.kind in "iu" and type(scalar) is int:
        low, high = mstype.int_range(dtype)
        if not low <= scalar <= high:
            return mstype.wrap_int(scalar, dtype)
    if isinstance(scalar, complex) and dtype.kind != "c":
        return scalar
    return dtype.type(scalar)


def _operands(x, y):
    """MindSpore's promotion (spec §2.8): Tensor-Tensor by table, Python scalars weakly."""
    if isinstance(y, mstype.HostScalar):
        y = y.item()
    if isinstance(x, mstype.HostScalar):
        x = x.item()
    if isinstance(y, (list, tuple, mstype.HostArray)):
        y = Tensor(y)
    if isinstance(x, (list, tuple, mstype.HostArray)):
        x = Tensor(x)
    x_tensor, y_tensor = isinstance(x, Tensor), isinstance(y, Tensor)
    if x_tensor and y_tensor:
        dx, dy = x._data.dtype, y._data.dtype
        if dx == dy:
            return x, y
        target = mstype.promote(dx, dy)
        return (x if dx == target else E.cast(x, dtype=target)), (y if dy == target else E.cast(y, dtype=target))
    if x_tensor:
        if not isinstance(y, numbers.Number):
            raise TypeError(f"unsupported operand: Tensor and {type(y).__name__}")
        x = _with_scalar(x, y)
        return x, _weak(y, x)
    if y_tensor:
        if not isinstance(x, numbers.Number):
            raise TypeError(f"unsupported operand: {type(x).__name__} and Tensor")
        y = _with_scalar(y, x)
        return _weak(x, y), y
    return Tensor(x), y


def _binary(prim):
    def op(input, other):
        if isinstance(input, Tensor):
            if isinstance(other, Tensor):
                if input._data.dtype is other._data.dtype:
                    return prim(input, other)
            elif (type(other) is float or type(other) is int or isinstance(other, _HostFloat)) \
                    and input._data.dtype.kind == "f":
                return prim(input, input._data.dtype.type(other))
        x, y = _operands(input, other)
        return prim(x, y)
    op.__name__ = prim.__name__
    return op


add = _binary(E.add)
sub = _binary(E.sub)
mul = _binary(E.mul)
remainder = _binary(E.remainder)
floor_divide = _binary(E.floor_divide)
maximum = _binary(E.maximum)
minimum = _binary(E.minimum)
equal = eq = _binary(E.equal)
not_equal = ne = _binary(E.not_equal)
less = lt = _binary(E.less)
less_equal = le = _binary(E.less_equal)
greater = gt = _binary(E.greater)
greater_equal = ge = _binary(E.greater_equal)
logical_and = _binary(E.logical_and)
logical_or = _binary(E.logical_or)
logical_xor = _binary(E.logical_xor)
bitwise_and = _binary(E.bitwise_and)
bitwise_or = _binary(E.bitwise_or)
bitwise_xor = _binary(E.bitwise_xor)


def div(input, other, *, rounding_mode=None):
    """input / other; rounding_mode 'trunc' or 'floor' rounds the quotient (integers stay integers then).
    Without rounding, integer operands give Float32 (MindSpore)."""
    if rounding_mode not in (None, "trunc", "floor"):
        raise ValueError("For ops.div, rounding_mode value should be None, 'floor' or 'trunc'.")
    if (rounding_mode is None and isinstance(input, Tensor) and input._data.dtype.kind == "f"
            and (type(other) is float or type(other) is int or isinstance(other, _HostFloat))):
        return E.div(input, input._data.dtype.type(other))
    x, y = _operands(input, other)
    if rounding_mode is not None and _integral(x) and _integral(y):
        return _integer_division(x, y, rounding_mode)
    if isinstance(x, Tensor) and x._data.dtype.kind in "biu":
        x = E.cast(x, dtype=_float32)
    if isinstance(y, Tensor) and y._data.dtype.kind in "biu":
        y = E.cast(y, dtype=_float32)
    # A scalar operand takes the Tensor's (now floating) dtype, so it cannot widen a 0-d result.
    if not isinstance(y, Tensor):
        y = x._data.dtype.type(y)
    elif not isinstance(x, Tensor):
        x = y._data.dtype.type(x)
    if rounding_mode == "floor":
        return E.floor_divide(x, y)
    out = E.div(x, y)
    return E.trunc(out) if rounding_mode == "trunc" else out


def _integral(value):
    """Whether an operand (a Tensor, or a scalar made weak by _operands) holds integers."""
    dtype = value._data.dtype if isinstance(value, Tensor) else getattr(value, "dtype", None)
    if dtype is not None:
        return dtype.kind in "iu"
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _integer_division(x, y, rounding_mode):
    """x / y rounded toward -inf ('floor') or toward 0 ('trunc'), in the integer dtype."""
    quotient = E.floor_divide(x, y)
    if rounding_mode == "floor":
        return quotient
    # Floor and trunc differ by one where the division is inexact and the signs differ.
    inexact = E.not_equal(E.remainder(x, y), 0)
    signs_differ = E.not_equal(E.less(x, 0), E.less(y, 0))
    return E.where(E.logical_and(inexact, signs_differ), E.add(quotient, 1), quotient)


def true_divide(dividend, divisor):
    """dividend / divisor (true division)."""
    return div(dividend, divisor)


def pow(input, exponent):
    x, y = _operands(input, exponent)
    return E.pow(x, y)


def _floating(prim):
    """A float-only unary op: integer and bool inputs are computed in float32."""
    def op(input):
        if input._data.dtype.kind in "biu":
            input = E.cast(input, dtype=_float32)
        return prim(input)
    op.__name__ = prim.__name__
    return op


exp = _floating(E.exp)
log = _floating(E.log)
_sqrt = _floating(E.sqrt)


def sqrt(x):
    """Square root (integer inputs computed in float32)."""
    return _sqrt(x)
rsqrt = _floating(E.rsqrt)
sin = _floating(E.sin)
cos = _floating(E.cos)
tan = _floating(E.tan)
tanh = _floating(E.tanh)
erf = _floating(E.erf)
log1p = _floating(E.log1p)
expm1 = _floating(E.expm1)
atan = _floating(E.atan)
def neg(input):
    return E.neg(input)


def negative(input):
    return E.neg(input)


def abs(input):
    return E.abs(input)


def sign(input):
    return E.sign(input)


def floor(input):
    return E.floor(input)


def ceil(input):
    return E.ceil(input)


def round(input, *, decimals=0):
    """Round half to even, to `decimals` places (MindSpore 2.10's CPU kernel takes decimals=0 only)."""
    if decimals == 0:
        return E.round(input)
    scale = input._data.dtype.type(10.0 ** decimals)
    return E.div(E.round(E.mul(input, scale)), scale)


def logical_not(input):
    return E.logical_not(input)


bitwise_not = E.bitwise_not


def isnan(input):
    return E.isnan(input)


def isinf(input):
    return E.isinf(input)


def isfinite(input):
    return E.isfinite(input)


identity_copy = E.identity_copy


def square(input):
    return E.mul(input, input)


def reciprocal(input):
    return div(1.0, input)


def inv(x):
    """1 / x elementwise in x's dtype (an integer 1 / x truncates toward zero: 1 / 2 is 0)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"For 'inv', the 'x' must be a Tensor, but got {type(x).__name__}.")
    if x._data.dtype.kind in "iu":
        return div(1, x, rounding_mode="trunc")
    if x._data.dtype.kind not in "fc":
        raise TypeError(f"For 'inv', the 'x' must be a numeric Tensor, but got {x.dtype}.")
    return E.div(x._data.dtype.type(1), x)


def clamp(input, min=None, max=None):
    """Clip to [min, max]; either bound may be None or a Tensor."""
    if min is None and max is None:
        raise ValueError("For 'clamp', at least one of 'min' and 'max' must be given.")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        out = input
        if min is not None:
            out = maximum(out, min)
        if max is not None:
            out = minimum(out, max)
        return out
    return E.clamp(input, low=min, high=max)


clip = clamp


def cast(input, dtype):
    """Convert to `dtype` (float to int truncates toward zero)."""
    np_dtype = mstype.np_dtype(dtype)
    if input._data.dtype == np_dtype:
        return input
    return E.cast(input, dtype=np_dtype)


def _check_matmul(x, y):
    x_shape, y_shape = x._data.shape, y._data.shape
    if not x_shape or not y_shape:
        raise ValueError(f"For 'matmul', both inputs must have at least 1 dimension, but got shapes "
                         f"{x_shape} and {y_shape}.")
    inner_x = x_shape[-1]
    inner_y = y_shape[0] if len(y_shape) == 1 else y_shape[-2]
    if inner_x != inner_y:
        raise ValueError(f"For 'matmul', the inner dimensions must be equal, but got x shape {x.shape} "
                         f"(last dim {inner_x}) and y shape {y.shape} (dim {inner_y}).")
    if x._data.dtype != y._data.dtype and not autocasting():
        raise TypeError(f"For 'matmul', the dtypes of the inputs must be the same, but got {x.dtype} "
                        f"and {y.dtype}.")


def matmul(input, other):
    """Matrix product with NumPy's rules for 1-D and batched (broadcast) operands."""
    _check_matmul(input, other)
    return linalg.matmul(input, other)


def mm(input, mat2):
    """Matrix product of two matrices."""
    return matmul(input, mat2)


def bmm(input_x, mat2):
    """Batched matrix product."""
    return matmul(input_x, mat2)


def dot(input, other):
    """NumPy's dot of two float Tensors of rank >= 2: the sum over input's last axis and other's second to
    last, out[i..., j..., k] = sum_l input[i..., l] * other[j..., l, k]."""
    from minispore.ops.function.extra_func import tensor_dot
    for name, value in (("input", input), ("other", other)):
        if not isinstance(value, Tensor):
            raise TypeError(f"For 'dot', the '{name}' must be a Tensor, but got {type(value).__name__}.")
        if value._data.dtype.kind != "f":
            raise TypeError(f"For 'dot', the '{name}' must be a float Tensor, but got {value.dtype}.")
    if input.ndim < 2 or other.ndim < 2:
        raise ValueError(f"For 'dot', the inputs should have 'dimension >= 2', but got ranks {input.ndim} and "
                         f"{other.ndim}.")
    if input.shape[-1] != other.shape[-2]:
        raise ValueError(f"For 'dot', the last dimension of 'input' must equal the second last of 'other', but got "
                         f"shapes {input.shape} and {other.shape}.")
    return tensor_dot(input, other, ((input.ndim - 1,), (other.ndim - 2,)))


def outer(input, vec2):
    return mul(input.reshape(-1, 1), vec2.reshape(1, -1))


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    return add(mul(input, beta), mul(matmul(mat1, mat2), alpha))


def lerp(input, end, weight):
    return add(input, mul(sub(end, input), weight))


def normalize_axes(axis, ndim):
    """None or a tuple of non-negative axes, from an int, a tuple/list or None."""
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        if len(axis) == 0:
            return None
        return tuple(sorted(a % ndim if ndim else 0 for a in axis))
    if ndim == 0:
        if axis not in (0, -1):
            raise ValueError(f"axis {axis} is out of range for a 0-d tensor")
        return None
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of range for a tensor of {ndim} dimension(s)")
    return (axis % ndim,)


def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over `dim` (int, tuple or None); integer and bool sums are Int64."""
    if input._data.dtype.kind in "biu":
        input = E.cast(input, dtype=_int64)
    out = R.sum(input, axis=normalize_axes(dim, input.ndim), keepdims=bool(keepdim))
    return cast(out, dtype) if dtype is not None else out


def mean(x, axis=None, keep_dims=False):
    return R.mean(x, axis=normalize_axes(axis, x.ndim), keepdims=bool(keep_dims))


def prod(input, axis=None, keep_dims=False, dtype=None):
    """Product over `axis`; integer and bool products are Int64, like sums; `dtype` casts the input first."""
    if dtype is not None:
        input = cast(input, dtype)
    elif input._data.dtype.kind in "biu":
        input = E.cast(input, dtype=_int64)
    return R.prod(input, axis=normalize_axes(axis, input.ndim), keepdims=bool(keep_dims))


def _masked(input, where, fill):
    """input with the positions where `where` is False replaced by `fill` (the reduction's identity)."""
    if where is None or where is True:
        return input
    mask = where if isinstance(where, Tensor) else Tensor(where)
    return E.where(mask, input, Tensor(fill, input.dtype))


def _extreme(dtype, low):
    """The lowest (`low`) or highest value of a dtype: +-inf for floats, the integer range's ends, False/True."""
    if dtype.kind in "fc" or dtype.name == "bfloat16":
        return -math.inf if low else math.inf
    if dtype.kind == "b":
        return not low
    bits = dtype.itemsize * 8
    if dtype.kind == "u":
        return 0 if low else 2 ** bits - 1
    return -(2 ** (bits - 1)) if low else 2 ** (bits - 1) - 1


def amax(input, axis=None, keepdims=False, *, initial=None, where=None):
    """The maximum over `axis`; `initial` joins the values compared, `where` (a Bool mask) leaves elements out."""
    lowest = _extreme(input._data.dtype, low=True)
    out = R.amax(_masked(input, where, lowest), axis=normalize_axes(axis, input.ndim), keepdims=bool(keepdims))
    return out if initial is None else maximum(out, initial)


def amin(input, axis=None, keepdims=False, *, initial=None, where=None):
    """The minimum over `axis`; `initial` joins the values compared, `where` (a Bool mask) leaves elements out."""
    highest = _extreme(input._data.dtype, low=False)
    out = R.amin(_masked(input, where, highest), axis=normalize_axes(axis, input.ndim), keepdims=bool(keepdims))
    return out if initial is None else minimum(out, initial)


def _values_at(input, indices, axis, keepdims):
    """Values at `indices` along `axis`; the gradient goes to those positions only (no tie split)."""
    from minispore.ops._prims.shape import gather_elements, squeeze
    kept = indices if keepdims else indices.expand_dims(axis)
    values = gather_elements(input, kept, axis=axis)
    return values if keepdims else squeeze(values, axis=(axis,))


def max(input, axis=None, keepdims=False, *, initial=None, where=None):
    """The maximum; with an axis, `(values, indices)` as MindSpore returns."""
    if axis is None:
        return amax(input)
    indices = argmax(input, axis, keepdims)
    return _values_at(input, indices, axis % input.ndim, keepdims), indices


def min(input, axis=None, keepdims=False, *, initial=None, where=None):
    """The minimum; with an axis, `(values, indices)` as MindSpore returns."""
    if axis is None:
        return amin(input)
    indices = R.argmin(input, axis=_single_axis(axis, input.ndim), keepdims=bool(keepdims))
    return _values_at(input, indices, axis % input.ndim, keepdims), indices


def _single_axis(axis, ndim):
    axes = normalize_axes(axis, ndim)
    return None if axes is None else axes[0]


def argmax(input, dim=None, keepdim=False):
    """Index of the maximum (Int64), over the flattened tensor when dim is None."""
    return R.argmax(input, axis=_single_axis(dim, input.ndim), keepdims=bool(keepdim))


def argmin(input, axis=None, keepdims=False):
    """Index of the minimum; Int32 (MindSpore's argmin, unlike argmax, returns Int32)."""
    indices = R.argmin(input, axis=_single_axis(axis, input.ndim), keepdims=bool(keepdims))
    return E.cast(indices, dtype=_int32)


def var(input, axis=None, ddof=0, keepdims=False):
    axes = normalize_axes(axis, input.ndim)
    centred = sub(input, R.mean(input, axis=axes, keepdims=True))
    count = input.size if axes is None else math.prod([input.shape[a] for a in axes])
    return div(R.sum(mul(centred, centred), axis=axes, keepdims=bool(keepdims)), count - ddof)


def std(input, axis=None, ddof=0, keepdims=False):
    return sqrt(var(input, axis, ddof, keepdims))


def cumsum(x, axis, dtype=None):
    """Cumulative sum along `axis` (the whole flattened tensor when axis is None)."""
    if axis is None:
        x, axis = x.reshape(-1), 0
    out = R.cumsum(x, axis=axis % x.ndim)
    return cast(out, dtype) if dtype is not None else out


def all(input, axis=None, keep_dims=False):
    return R.all(input, axis=normalize_axes(axis, input.ndim), keepdims=bool(keep_dims))


def any(input, axis=None, keep_dims=False):
    return R.any(input, axis=normalize_axes(axis, input.ndim), keepdims=bool(keep_dims))


def logsumexp(input, dim, keepdim=False):
    return R.logsumexp(input, axis=normalize_axes(dim, input.ndim), keepdims=bool(keepdim))


def scalar_tensor(value, dtype):
    """A 0-d Tensor of `dtype` (helper for rules and ops)."""
    return wrap(default_backend().asarray(value, mstype.np_dtype(dtype)))
