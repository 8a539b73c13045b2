"""Small functional ops MindSpore code calls everywhere: identity, depend, dtype, is_tensor, tuple_to_array,
scalar_to_tensor, make_range, partial, assign / assign_add, print_, clip_by_global_norm, unstack, slice,
gather_d, l2 normalisation."""
import builtins
import functools
import numbers

from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E, reduce as R, shape as S
from minispore.ops._prims.inplace import assign as _assign
from minispore.ops.function.math_func import add, cast

__all__ = ["identity", "depend", "dtype", "is_tensor", "tuple_to_array", "scalar_to_tensor", "make_range",
           "partial", "assign", "assign_add", "assign_sub", "print_", "clip_by_global_norm", "unstack", "slice",
           "gather_d", "l2_normalize"]


def identity(x):
    """A new Tensor with x's values."""
    if not isinstance(x, Tensor):
        raise TypeError(f"For 'identity', the input must be a Tensor, but got {type(x).__name__}.")
    return E.identity_copy(x)


def depend(value, expr):
    """`value`, after `expr` (an ordering hint for graphs: eager code already runs in order)."""
    return value


def dtype(x):
    """The dtype of a Tensor."""
    if not isinstance(x, Tensor):
        raise TypeError(f"For 'dtype', the input must be a Tensor, but got {type(x).__name__}.")
    return x.dtype


def is_tensor(obj):
    """Whether obj is a Tensor (a Parameter is one)."""
    return isinstance(obj, Tensor)


def tuple_to_array(input_x):
    """A 1-d Tensor from a tuple of numbers: ints become Int32, floats Float32 (MindSpore's rule)."""
    if not isinstance(input_x, tuple) or not input_x or not all(
            isinstance(v, numbers.Number) and not isinstance(v, bool) for v in input_x):
        raise TypeError(f"For 'tuple_to_array', the input must be a non-empty tuple of numbers, but got {input_x!r}.")
    kind = mstype.float32 if any(isinstance(v, float) for v in input_x) else mstype.int32
    return Tensor(input_x, kind)


def scalar_to_tensor(input_x, dtype=mstype.float32):
    """A 0-d Tensor of `dtype` holding a Python number."""
    if isinstance(input_x, bool) or not isinstance(input_x, numbers.Number):
        raise TypeError(f"For 'scalar_to_tensor', the 'input_x' must be a number, but got {type(input_x).__name__}.")
    V.dtype("scalar_to_tensor", "dtype", dtype)
    return Tensor(input_x, dtype)


def make_range(*args):
    """`range(*args)` as a tuple (MindSpore's constant range for graph code)."""
    if not 1 <= len(args) <= 3 or not all(isinstance(a, int) and not isinstance(a, bool) for a in args):
        raise TypeError(f"For 'make_range', the arguments must be 1 to 3 ints, but got {args!r}.")
    if len(args) == 3 and args[2] == 0:
        raise ValueError("For 'make_range', the step must not be 0.")
    return tuple(range(*args))


def partial(func, *args):
    """`func` with leading arguments bound (functools.partial)."""
    if not callable(func):
        raise TypeError(f"For 'partial', the first argument must be callable, but got {type(func).__name__}.")
    return functools.partial(func, *args)


def _check_variable(variable, op):
    if not isinstance(variable, Tensor):
        raise TypeError(f"For '{op}', the 'variable' must be a Parameter or Tensor, but got "
                        f"{type(variable).__name__}.")


def assign(variable, value):
    """Write `value` into `variable` in place; returns `variable`."""
    _check_variable(variable, "Assign")
    value = value if isinstance(value, Tensor) else Tensor(value, variable.dtype)
    if value.shape != variable.shape and value.size != 1:
        raise ValueError(f"For 'Assign', the 'value' must have the shape of 'variable' {variable.shape}, but got "
                         f"{value.shape}.")
    return _assign(variable, value)


def assign_add(variable, value):
    """variable += value, in place; returns `variable`."""
    _check_variable(variable, "AssignAdd")
    return _assign(variable, add(variable, value))


def assign_sub(variable, value):
    """variable -= value, in place; returns `variable`."""
    _check_variable(variable, "AssignSub")
    return _assign(variable, E.sub(variable, cast(value if isinstance(value, Tensor) else Tensor(value),
                                                  variable.dtype)))


def print_(*input_x):
    """Print each argument on its own line (Tensors as their repr, as MindSpore's Print does)."""
    for value in input_x:
        print(repr(value) if isinstance(value, Tensor) else value)


def clip_by_global_norm(x, clip_norm=1.0, use_norm=None):
    """The tensors of `x` scaled by clip_norm / max(global L2 norm, clip_norm)."""
    if not isinstance(x, (tuple, list)) or not all(isinstance(t, Tensor) for t in x):
        raise TypeError("For 'clip_by_global_norm', 'x' must be a tuple or list of Tensors.")
    if use_norm is None:
        squares = [R.sum(E.mul(t, t), axis=None, keepdims=False) for t in x]
        total = squares[0]
        for square in squares[1:]:
            total = E.add(total, square)
        use_norm = E.sqrt(total)
    norm = use_norm if isinstance(use_norm, Tensor) else Tensor(use_norm, mstype.float32)
    limit = norm._data.dtype.type(clip_norm)
    scale = E.div(limit, E.maximum(norm, limit))
    return tuple(E.mul(t, cast(scale, t.dtype)) for t in x)


def unstack(input_x, axis=0):
    """The slices of `input_x` along `axis`, as a tuple."""
    axis = V.axis("unstack", axis, V.tensor("unstack", "input_x", input_x).ndim, scalar_ok=False)
    return tuple(S.getitem(input_x, index=(builtins.slice(None),) * axis + (i,)) for i in range(input_x.shape[axis]))


def _ints(name, value, minimum):
    """The begin or size of `slice`: a tuple/list (or 1-d Tensor) of ints >= minimum."""
    if isinstance(value, Tensor) and value.ndim == 1:
        value = value._data.tolist()
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"For 'slice', the '{name}' must be a tuple or list of ints, but got {V.describe(value)}.")
    return tuple(V.integer("slice", name, n, minimum=minimum) for n in value)


def slice(input_x, begin, size):
    """input_x[begin[i]:begin[i]+size[i]] on every axis; a size of -1 takes the rest of the axis."""
    V.tensor("slice", "input_x", input_x)
    begin, size = _ints("begin", begin, 0), _ints("size", size, -1)
    if len(begin) != input_x.ndim or len(size) != input_x.ndim:
        raise ValueError(f"For 'Slice', 'begin' and 'size' must have {input_x.ndim} entries (the rank of the "
                         f"input), but got {begin} and {size}.")
    index = []
    for axis, (start, length) in enumerate(zip(begin, size)):
        dim = input_x.shape[axis]
        stop = dim if length == -1 else start + length
        if not 0 <= start <= stop <= dim:
            raise ValueError(f"For 'Slice', the slice [{start}, {stop}) of axis {axis} is outside its size {dim}.")
        index.append(builtins.slice(start, stop))  # this module's `slice` is the op
    return S.getitem(input_x, index=tuple(index))


def gather_d(x, dim, index):
    """x gathered along `dim` at `index` (out[i][j] = x[index[i][j]][j] for dim 0)."""
    return S.gather_elements(x, index, axis=V.along("gather_d", x, dim, index, dim_name="dim"))


def l2_normalize(x, axis=0, epsilon=1e-4):
    """x / sqrt(max(sum(x**2, axis), epsilon)) (MindSpore's L2Normalize)."""
    axes = V.axes("l2_normalize", axis, V.tensor("l2_normalize", "x", x).ndim)
    if x._data.dtype.kind != "f":
        raise TypeError(f"For 'l2_normalize', the 'x' must be a float Tensor, but got {V.describe(x)}.")
    V.number("l2_normalize", "epsilon", epsilon)
    square_sum = R.sum(E.mul(x, x), axis=axes, keepdims=True)
    return E.mul(x, E.rsqrt(E.maximum(square_sum, x._data.dtype.type(epsilon))))

