"""Arithmetic, comparison and reduction ops with MindSpore's signatures and type promotion."""
import builtins
import numbers

from minispore._backend import default_backend
from minispore.common import _validate as V, dtype as mstype
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


_OPERAND_TYPES = (Tensor, numbers.Number, list, tuple, mstype.HostArray)


def _operands(x, y, op="operator"):
    """MindSpore's promotion (spec §2.8): Tensor-Tensor by table, Python scalars weakly."""
    if isinstance(y, mstype.HostScalar):
        y = y.item()
    if isinstance(x, mstype.HostScalar):
        x = x.item()
    if not isinstance(x, _OPERAND_TYPES) or not isinstance(y, _OPERAND_TYPES) or \
            not (isinstance(x, Tensor) or isinstance(y, Tensor)):
        raise TypeError(f"For '{op}', the inputs must be Tensors, numbers, lists, tuples or NumPy arrays, at least one a "
                        f"Tensor, but got {V.describe(x)} and {V.describe(y)}.")
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
        x = _with_scalar(x, y)
        return x, _weak(y, x)
    y = _with_scalar(y, x)
    return _weak(x, y), y


def _binary(prim):
    def op(input, other):
        if isinstance(input, Tensor):
            if isinstance(other, Tensor):
                if input._data.dtype is other._data.dtype:
                    return prim(input, other)
            elif (type(other) is float or type(other) is int or isinstance(other, _HostFloat)) \
                    and input._data.dtype.kind == "f":
                return prim(input, input._data.dtype.type(other))
        x, y = _operands(input, other, prim.__name__)
        return prim(x, y)
    op.__name__ = op.__qualname__ = prim.__name__
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
    x, y = _operands(input, other, "div")
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
    x, y = _operands(input, exponent, "pow")
    if isinstance(x, Tensor) and isinstance(y, Tensor) and x._data.dtype.kind == y._data.dtype.kind == "b":
        raise TypeError("For 'pow', the inputs must not both be bool Tensors; cast one with .astype(mindspore.int32).")
    return E.pow(x, y)


_KIND_NAMES = {"f": "float16, float32 or float64", "i": "int", "u": "uint", "b": "bool"}


def _dtype_error(op, input, kinds):
    expected = ", ".join(_KIND_NAMES[k] for k in kinds)
    return TypeError(f"For '{op}', the 'input' must be a Tensor of {expected}, but got {input.dtype}.")


def _floating(prim):
    """A float math op: integer and bool inputs are computed in float32 (docs/differences.md)."""
    name = prim.__name__

    def op(input):
        if not isinstance(input, Tensor):
            raise TypeError(f"For '{name}', the 'input' must be a Tensor, but got {V.describe(input)}.")
        if input._data.dtype.kind in "biu":
            input = E.cast(input, dtype=_float32)
        return prim(input)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise {name}; integer and bool Tensors are computed in float32."
    return op


def _unary(prim, kinds="fiub", name=None):
    """An elementwise op defined for Tensors whose dtype kind is in `kinds` (f, i, u, b)."""
    name = name or prim.__name__

    def op(input):
        if not isinstance(input, Tensor):
            raise TypeError(f"For '{name}', the 'input' must be a Tensor, but got {V.describe(input)}.")
        if input._data.dtype.kind not in kinds and not ("f" in kinds and mstype.is_float(input._data.dtype)):
            raise _dtype_error(name, input, kinds)
        return prim(input)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise {name}."
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
neg = _unary(E.neg, "fiu")
negative = _unary(E.neg, "fiu", "negative")
abs = _unary(E.abs)
sign = _unary(E.sign, "fiu")
floor = _unary(E.floor, "f")
ceil = _unary(E.ceil, "f")
_round = _unary(E.round, "fiu")


def round(input, *, decimals=0):
    """Round half to even, to `decimals` places (MindSpore 2.10's CPU kernel takes decimals=0 only)."""
    if V.integer("round", "decimals", decimals, -308, 308) == 0:
        return _round(input)
    if input._data.dtype.kind != "f":
        raise _dtype_error("round", input, "f")
    scale = input._data.dtype.type(10.0 ** decimals)
    if scale == 0:  # past the dtype's smallest number: every finite value rounds to 0
        return E.where(E.isfinite(input), E.mul(input, scale), input)
    scaled = E.mul(input, scale)
    # Where x * 10**decimals overflows, x has no digits that far right: it is its own rounding.
    return E.where(E.isfinite(scaled), E.div(E.round(scaled), scale), input)


logical_not = _unary(E.logical_not)
bitwise_not = _unary(E.bitwise_not, "iub")
isnan = _unary(E.isnan)
isinf = _unary(E.isinf)
isfinite = _unary(E.isfinite)
identity_copy = _unary(E.identity_copy)


def square(input):
    """input * input, in the input's dtype."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For 'square', the 'input' must be a Tensor, but got {V.describe(input)}.")
    if input._data.dtype.kind not in "fiu":
        raise _dtype_error("square", input, "fiu")
    return E.mul(input, input)


def reciprocal(input):
    """1 / input; integer and bool inputs give float32."""
    V.tensor("reciprocal", "input", input)
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
    V.tensor("clamp", "input", input)
    if min is None and max is None:
        raise ValueError("For 'clamp', at least one of 'min' and 'max' must be given.")
    for name, bound in (("min", min), ("max", max)):
        if bound is not None and not isinstance(bound, (Tensor, numbers.Real)):
            raise TypeError(f"For 'clamp', the '{name}' must be None, a number or a Tensor, but got "
                            f"{V.describe(bound)}.")
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
    np_dtype = V.dtype("cast", "dtype", dtype)
    if not isinstance(input, Tensor):
        raise TypeError(f"For 'cast', the 'input' must be a Tensor, but got {V.describe(input)}.")
    if input._data.dtype == np_dtype:
        return input
    return E.cast(input, dtype=np_dtype)


def _check_matmul(x, y):
    if not isinstance(x, Tensor) or not isinstance(y, Tensor):
        raise TypeError(f"For 'matmul', both inputs must be Tensors, but got {V.describe(x)} and {V.describe(y)}.")
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
    V.tensor("outer", "input", input)
    V.tensor("outer", "vec2", vec2)
    return mul(input.reshape(-1, 1), vec2.reshape(1, -1))


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    return add(mul(input, beta), mul(matmul(mat1, mat2), alpha))


def lerp(input, end, weight):
    return add(input, mul(sub(end, input), weight))


def _reduction_input(op, input, kinds="fiub"):
    if not isinstance(input, Tensor):
        raise TypeError(f"For '{op}', the 'input' must be a Tensor, but got {V.describe(input)}.")
    if input._data.dtype.kind not in kinds and not ("f" in kinds and mstype.is_float(input._data.dtype)):
        raise _dtype_error(op, input, kinds)
    return input


def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over `dim` (int, tuple or None); integer and bool sums are Int64."""
    _reduction_input("sum", input)
    axes = V.axes("sum", dim, input.ndim, "dim")
    target = V.dtype("sum", "dtype", dtype) if dtype is not None else None
    if input._data.dtype.kind in "biu":
        input = E.cast(input, dtype=_int64)
    out = R.sum(input, axis=axes, keepdims=V.flag("sum", "keepdim", keepdim))
    return out if target is None or out._data.dtype == target else E.cast(out, dtype=target)


def mean(x, axis=None, keep_dims=False):
    """Mean over `axis`; an integer mean stays integer (truncated toward zero); a mean of nothing is NaN."""
    _reduction_input("mean", x, "fiu")
    axes = V.axes("mean", axis, x.ndim)
    if x._data.dtype.kind in "iu" and _reduces_nothing(x.shape, axes):
        raise ValueError(f"For 'mean', an integer Tensor of shape {x.shape} has no elements to average over "
                         f"axis {axis}; cast it to a float dtype first.")
    return R.mean(x, axis=axes, keepdims=V.flag("mean", "keep_dims", keep_dims))


def prod(input, axis=None, keep_dims=False, dtype=None):
    """Product over `axis`; integer and bool products are Int64, like sums; `dtype` casts the input first."""
    _reduction_input("prod", input)
    axes = V.axes("prod", axis, input.ndim)
    if dtype is not None:
        input = cast(input, dtype)
    elif input._data.dtype.kind in "biu":
        input = E.cast(input, dtype=_int64)
    return R.prod(input, axis=axes, keepdims=V.flag("prod", "keep_dims", keep_dims))


def _reduces_nothing(shape, axes):
    """Whether some output element of a reduction over `axes` (None: all) would reduce no element."""
    kept = 1
    for i, n in enumerate(shape):
        if axes is not None and i not in axes:
            kept *= n
    return kept > 0 and R.reduced_count(shape, axes) == 0


def _check_nonempty(op, input, axes):
    """A max/min/arg over nothing has no answer (MindSpore: "cannot deal with empty input"), even where the
    result is empty too (NumPy 2 refuses that, NumPy 1 and other array libraries may not)."""
    if R.reduced_count(input.shape, axes) == 0:
        raise ValueError(f"For '{op}', the input of shape {input.shape} has no elements to reduce over "
                         f"{'all axes' if axes is None else f'axis {axes}'}; pass initial= to give empty "
                         "reductions a value.")


def _broadcast(a, b):
    """The broadcast shape of shapes a and b, or None."""
    ndim = builtins.max(len(a), len(b))  # this module's max and any are ops.max, ops.any
    a, b = (1,) * (ndim - len(a)) + tuple(a), (1,) * (ndim - len(b)) + tuple(b)
    if builtins.any(m != n and 1 not in (m, n) for m, n in zip(a, b)):
        return None
    return tuple(n if m == 1 else m for m, n in zip(a, b))


def _where_mask(op, where, input):
    """The bool mask `where` (a Tensor, list or bool) broadcast to input's shape; None for 'everything'."""
    if where is None or where is True:
        return None
    mask = where if isinstance(where, Tensor) else Tensor(where)
    if mask._data.dtype.kind != "b":
        raise TypeError(f"For '{op}', the 'where' must be a bool Tensor, but got {V.describe(where)}.")
    if _broadcast(mask.shape, input.shape) != input.shape:
        raise ValueError(f"For '{op}', the 'where' of shape {mask.shape} cannot be broadcast to the input's "
                         f"shape {input.shape}.")
    return mask


def _init_and_select(op, input, initial, where, select):
    """MindSpore's initial/where rule: x' = select(x, initial); where masks x' to initial (needs initial)."""
    mask = _where_mask(op, where, input)
    if mask is not None and initial is None:
        raise ValueError(f"For '{op}', the 'initial' value must be provided for 'where' masks.")
    if initial is None:
        return input
    if isinstance(initial, bool) or not isinstance(initial, numbers.Real):
        raise TypeError(f"For '{op}', the 'initial' must be a scalar, but got {V.describe(initial)}.")
    try:
        bound = scalar_tensor(initial, input._data.dtype)
    except (OverflowError, ValueError):  # too large, or NaN/inf for an integer input
        raise ValueError(f"For '{op}', the 'initial' {initial} does not fit the input's dtype {input.dtype}.") from None
    out = select(input, bound)
    return out if mask is None else E.where(mask, out, bound)


def _bounded_extremum(op, prim, select, input, axis, keepdims, initial, where):
    _reduction_input(op, input, "fiu")
    axes = V.axes(op, axis, input.ndim)
    if initial is None:
        _check_nonempty(op, input, axes)
    work = _init_and_select(op, input, initial, where, select)
    if initial is not None and _reduces_nothing(input.shape, axes):
        # NumPy's rule: a reduction over nothing is `initial` itself.
        return R.sum(work, axis=axes, keepdims=bool(keepdims)) + scalar_tensor(initial, input._data.dtype)
    return prim(work, axis=axes, keepdims=V.flag(op, "keepdims", keepdims))


def amax(input, axis=None, keepdims=False, *, initial=None, where=None):
    """The maximum over `axis`; `initial` takes part in every reduction, `where` selects elements."""
    return _bounded_extremum("amax", R.amax, E.maximum, input, axis, keepdims, initial, where)


def amin(input, axis=None, keepdims=False, *, initial=None, where=None):
    """The minimum over `axis`; `initial` takes part in every reduction, `where` selects elements."""
    return _bounded_extremum("amin", R.amin, E.minimum, input, axis, keepdims, initial, where)


def _values_at(input, indices, axis, keepdims):
    """Values at `indices` along `axis`; the gradient goes to those positions only (no tie split)."""
    from minispore.ops._prims.shape import gather_elements, squeeze
    kept = indices if keepdims else indices.expand_dims(axis)
    values = gather_elements(input, kept, axis=axis)
    return values if keepdims else squeeze(values, axis=(axis,))


def _extremum_with_index(op, input, axis, keepdims, initial, where, select, arg):
    """(values, Int64 indices) of max/min, MindSpore's way: initial and where act before the arg reduction,
    so an element that `initial` replaces reports index 0."""
    _reduction_input(op, input, "fiu")
    if isinstance(axis, (tuple, list)):
        raise TypeError(f"For '{op}', the 'axis' must be an int or None, but got {V.describe(axis)}.")
    if axis is not None:
        axis = V.axis(op, axis, input.ndim)
    work = _init_and_select(op, input, initial, where, select)
    if input.ndim == 0:
        return work, scalar_tensor(0, mstype.int64)
    if axis is None:
        # MindSpore reduces the whole Tensor with ReduceMax/Min here (ties share the gradient) and
        # returns index 0, whatever the position of the extremum (documented in MindSpore 2.10).
        _check_nonempty(op, input, None)
        reduce = R.amax if select is E.maximum else R.amin
        return reduce(work, axis=None, keepdims=False), scalar_tensor(0, mstype.int64)
    _check_nonempty(op, input, (axis,))
    index = arg(work, axis=axis, keepdims=V.flag(op, "keepdims", keepdims))
    return _values_at(work, index, axis, keepdims), index


def max(input, axis=None, keepdims=False, *, initial=None, where=None):
    """(values, indices) of the maximum over `axis` (the whole Tensor when None), as MindSpore returns."""
    return _extremum_with_index("max", input, axis, keepdims, initial, where, E.maximum, R.argmax)


def min(input, axis=None, keepdims=False, *, initial=None, where=None):
    """(values, indices) of the minimum over `axis` (the whole Tensor when None), as MindSpore returns."""
    return _extremum_with_index("min", input, axis, keepdims, initial, where, E.minimum, R.argmin)


def _arg_axis(op, input, axis, kinds):
    _reduction_input(op, input, kinds)
    if axis is None:
        _check_nonempty(op, input, None)
        return None
    axis = V.axis(op, axis, input.ndim, "dim" if op == "argmax" else "axis")
    _check_nonempty(op, input, (axis,) if input.ndim else None)
    if input.ndim and input.shape[axis] == 0:  # an empty result too: NumPy 2 refuses it, NumPy 1 did not
        raise ValueError(f"For '{op}', the input of shape {input.shape} has no elements along axis {axis}.")
    return axis if input.ndim else None


def argmax(input, dim=None, keepdim=False):
    """Index of the maximum (Int64), over the flattened tensor when dim is None."""
    axis = _arg_axis("argmax", input, dim, "fiub")
    return R.argmax(input, axis=axis, keepdims=V.flag("argmax", "keepdim", keepdim))


def argmin(input, axis=None, keepdims=False):
    """Index of the minimum; Int32 (MindSpore's argmin, unlike argmax, returns Int32)."""
    axis = _arg_axis("argmin", input, axis, "fiu")
    indices = R.argmin(input, axis=axis, keepdims=V.flag("argmin", "keepdims", keepdims))
    return E.cast(indices, dtype=_int32)


def var(input, axis=None, ddof=0, keepdims=False):
    """Variance over `axis` with `ddof` degrees of freedom removed; integer inputs give float32."""
    _reduction_input("var", input, "fiu")
    if input._data.dtype.kind in "iu":
        input = E.cast(input, dtype=_float32)
    axes = V.axes("var", axis, input.ndim)
    ddof = V.integer("var", "ddof", ddof, 0)
    keepdims = V.flag("var", "keepdims", keepdims)
    centred = sub(input, R.mean(input, axis=axes, keepdims=True))
    count = R.reduced_count(input.shape, axes)
    total = R.sum(mul(centred, centred), axis=axes, keepdims=bool(keepdims))
    return div(total, count - ddof) if count != ddof else div(total, input._data.dtype.type(0))


def std(input, axis=None, ddof=0, keepdims=False):
    """Standard deviation over `axis`; integer inputs give float32."""
    _reduction_input("std", input, "fiu")
    V.axes("std", axis, input.ndim)
    return sqrt(var(input, axis, ddof, keepdims))


def cumsum(x, axis, dtype=None):
    """Cumulative sum along `axis` (the whole flattened tensor when axis is None)."""
    _reduction_input("cumsum", x, "fiu")
    target = V.dtype("cumsum", "dtype", dtype) if dtype is not None else None
    if axis is None:
        x, axis = x.reshape(-1), 0
    out = R.cumsum(x, axis=V.axis("cumsum", axis, x.ndim, scalar_ok=False))
    return out if target is None or out._data.dtype == target else E.cast(out, dtype=target)


def all(input, axis=None, keep_dims=False):
    _reduction_input("all", input)
    return R.all(input, axis=V.axes("all", axis, input.ndim), keepdims=V.flag("all", "keep_dims", keep_dims))


def any(input, axis=None, keep_dims=False):
    _reduction_input("any", input)
    return R.any(input, axis=V.axes("any", axis, input.ndim), keepdims=V.flag("any", "keep_dims", keep_dims))


def logsumexp(input, dim, keepdim=False):
    _reduction_input("logsumexp", input, "f")
    return R.logsumexp(input, axis=V.axes("logsumexp", dim, input.ndim, "dim"),
                       keepdims=V.flag("logsumexp", "keepdim", keepdim))


def scalar_tensor(value, dtype):
    """A 0-d Tensor of `dtype` (helper for rules and ops)."""
    return wrap(default_backend().asarray(value, mstype.np_dtype(dtype)))
