"""More MindSpore 2.10 functional ops: inverse/hyperbolic trig, xlogy, sorting and selection helpers,
cumprod, diag, isclose, randperm, tensor_dot and unique, with MindSpore's signatures and dtypes.

Differentiable ops are composites of existing primitives (or the trig/cumprod primitives); the
index-producing ops (argsort, nonzero, unique, isclose) are primitives without a gradient, and
randperm draws from the backend's generators.
"""
import math
import numbers

from minispore._backend import backend_of, default_backend
from minispore.common import _validate as V, dtype as mstype
from minispore.common.seed import random_generator
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, extra as X, index as I, linalg, shape as S
from minispore.ops._prims.autocast import autocasting
from minispore.ops.function.array_func import broadcast_shape
from minispore.ops.function.math_func import _operands, cast

__all__ = [
    "acos", "asin", "sinh", "cosh", "trunc", "xlogy", "argsort", "clip_by_value", "cumprod", "diag",
    "isclose", "masked_select", "nonzero", "randperm", "tensor_dot", "unique",
]

_int32 = mstype.np_dtype(mstype.int32)
_int64 = mstype.np_dtype(mstype.int64)


def _check_tensor(input, op, name="input"):
    if not isinstance(input, Tensor):
        raise TypeError(f"For '{op}', the '{name}' must be a Tensor, but got {type(input).__name__}.")


def _float_only(prim):
    """A unary op MindSpore defines for float Tensors only (integer or bool inputs are a TypeError)."""
    def op(input):
        _check_tensor(input, prim.__name__)
        if input._data.dtype.kind != "f":
            raise TypeError(f"For '{prim.__name__}', the 'input' must be a Tensor of float16, float32 or "
                            f"float64, but got {input.dtype}.")
        return prim(input)
    op.__name__ = op.__qualname__ = prim.__name__
    op.__doc__ = f"Elementwise {prim.__name__} of a float Tensor."
    return op


acos = _float_only(E.acos)
asin = _float_only(E.asin)
sinh = _float_only(E.sinh)
cosh = _float_only(E.cosh)


def trunc(input):
    """Round toward zero; integer and bool Tensors come back unchanged in value and dtype."""
    _check_tensor(input, "trunc")
    return E.trunc(input)


def xlogy(input, other):
    """input * log(other), promoted as MindSpore does; 0 * log(0) is NaN on MindSpore's CPU kernel."""
    x, y = _operands(input, other, "xlogy")
    dtypes = [v._data.dtype for v in (x, y) if isinstance(v, Tensor)]
    if all(d.kind == "b" for d in dtypes):  # MindSpore computes bool xlogy in float32
        x, y = (E.cast(v, dtype=mstype.np_dtype(mstype.float32)) if isinstance(v, Tensor) else v for v in (x, y))
    elif all(d.kind != "f" for d in dtypes):
        raise TypeError(f"For 'xlogy', at least one input must be a float Tensor (or a float scalar), but got "
                        f"{', '.join(str(mstype.to_dtype(d)) for d in dtypes)}.")
    shapes = [v.shape for v in (x, y) if isinstance(v, Tensor)]
    if broadcast_shape(*shapes) is None:
        raise ValueError(f"For 'xlogy', the shapes {' and '.join(map(str, shapes))} cannot be broadcast together.")
    return E.mul(x, E.log(y))


def argsort(input, axis=-1, descending=False):
    """Int32 indices that sort `input` along `axis`; equal values keep their order (stable)."""
    _check_tensor(input, "argsort")
    if input.ndim == 0:
        raise ValueError("For 'argsort', the input must have at least 1 dimension, but got a 0-d Tensor.")
    return I.argsort(input, axis=V.axis("argsort", axis, input.ndim, scalar_ok=False),
                     descending=V.flag("argsort", "descending", descending))


def _bound(value, like):
    """A clip bound in `like`'s dtype (MindSpore casts bounds to the input's dtype: 2.5 -> 2 for ints)."""
    if isinstance(value, Tensor):
        return cast(value, like.dtype)
    if not isinstance(value, numbers.Number):
        raise TypeError(f"For 'clip_by_value', the bounds must be numbers, Tensors or None, but got "
                        f"{V.describe(value)}.")
    return wrap(backend_of(like._data).asarray(value).astype(like._data.dtype))


def clip_by_value(x, clip_value_min=None, clip_value_max=None):
    """max(min(x, clip_value_max), clip_value_min) per element; a list/tuple of Tensors gives a tuple."""
    if clip_value_min is None and clip_value_max is None:
        raise ValueError("For 'clip_by_value', at least one of 'clip_value_min' or 'clip_value_max' "
                         "must not be None")
    if isinstance(x, (list, tuple)):
        return tuple(clip_by_value(t, clip_value_min, clip_value_max) for t in x)
    _check_tensor(x, "clip_by_value", "x")
    # maximum/minimum rather than one clamp: a value on a bound gets half the gradient, as in MindSpore.
    out = x if clip_value_min is None else E.maximum(x, _bound(clip_value_min, x))
    return out if clip_value_max is None else E.minimum(out, _bound(clip_value_max, x))


def cumprod(input, dim, dtype=None):
    """Cumulative product along `dim`; integer and bool inputs give Int64 unless `dtype` is set."""
    _check_tensor(input, "cumprod")
    if input.ndim == 0:
        raise ValueError("For 'cumprod', the rank of 'input' must be greater than 0, but got 0.")
    V.integer("cumprod", "dim", dim)
    if not -input.ndim <= dim < input.ndim:
        raise ValueError(f"For 'cumprod', 'dim' must be in [{-input.ndim}, {input.ndim}), but got {dim}.")
    if dtype is not None:
        input = cast(input, dtype)
    elif input._data.dtype.kind in "biu":
        input = E.cast(input, dtype=_int64)
    return X.cumprod(input, axis=dim % input.ndim)


def diag(input):
    """A Tensor of shape input.shape * 2 with `input` on its diagonal (a 1-D input gives a matrix)."""
    _check_tensor(input, "diag")
    if input._data.dtype.kind == "b":
        raise TypeError("For 'diag', the input must be a numeric Tensor, but got Bool.")
    if input.ndim == 0:
        raise ValueError("For 'diag', the input rank must be greater than or equal to 1, but got 0.")
    n = input.size
    # Placed on the diagonal (not multiplied by an identity matrix, which would spread NaN and inf as 0 * nan).
    positions = backend_of(input._data).xp.arange(n)
    placed = S.scatter_add_zeros(S.reshape(input, shape=(n,)), index=(positions, positions), shape=(n, n))
    return S.reshape(placed, shape=input.shape + input.shape)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Bool Tensor of |input - other| <= atol + rtol * |other| (broadcast; both of one dtype)."""
    _check_tensor(input, "isclose")
    _check_tensor(other, "isclose", "other")
    if input._data.dtype != other._data.dtype:
        raise TypeError(f"For 'isclose', 'input' and 'other' must have the same dtype, but got {input.dtype} "
                        f"and {other.dtype}.")
    for name, value in (("rtol", rtol), ("atol", atol)):
        V.number("isclose", name, value, 0)
    if broadcast_shape(input.shape, other.shape) is None:
        raise ValueError(f"For 'isclose', the shapes {input.shape} and {other.shape} cannot be broadcast "
                         "together.")
    return I.isclose(input, other, rtol=rtol, atol=atol, equal_nan=bool(equal_nan))


def masked_select(input, mask):
    """The 1-D Tensor of `input`'s elements where the (broadcast) bool `mask` is True."""
    _check_tensor(input, "masked_select")
    _check_tensor(mask, "masked_select", "mask")
    if mask._data.dtype != bool:
        raise TypeError(f"For 'masked_select', the 'mask' must be a bool Tensor, but got {mask.dtype}.")
    shape = broadcast_shape(input.shape, mask.shape)
    if shape is None:
        raise ValueError(f"For 'masked_select', the shapes of 'input' {input.shape} and 'mask' {mask.shape} "
                         f"cannot be broadcast together.")
    if input.shape != shape:
        input = S.broadcast_to(input, shape=shape)
    return S.getitem(input, index=backend_of(mask._data).xp.broadcast_to(mask._data, shape))


def nonzero(input, *, as_tuple=False):
    """Int64 indices of the non-zero elements: (count, ndim), or a tuple of ndim 1-D Tensors."""
    _check_tensor(input, "nonzero")
    as_tuple = V.flag("nonzero", "as_tuple", as_tuple)
    if input.ndim == 0:
        raise ValueError("For 'nonzero', the dimension of 'input' must be greater than or equal to 1, "
                         "but got 0.")
    indices = I.nonzero(input)
    if as_tuple:
        return tuple(S.getitem(indices, index=(slice(None), axis)) for axis in range(input.ndim))
    return indices


@V.allocates
def randperm(n, seed=0, offset=0, dtype=mstype.int64):
    """A random permutation of 0..n-1, fixed by (seed, offset) as in MindSpore; a negative seed draws
    from the backend's generator (which set_seed seeds)."""
    if isinstance(n, Tensor):
        if n.size != 1:
            raise ValueError(f"For 'randperm', the 'n' must be an int or a one-element Tensor, but got shape {n.shape}.")
        n = n.item()
    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise TypeError(f"For 'randperm', the 'n' must be an int, but got {type(n).__name__}.")
    if n <= 0:
        raise ValueError(f"For 'randperm', the input 'n' must be greater than 0, but got data: {n}.")
    for name, value in (("seed", seed), ("offset", offset)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"For 'randperm', the '{name}' must be an int, but got {type(value).__name__}.")
    np_dtype = V.dtype("randperm", "dtype", dtype)
    if seed < 0:
        generator = random_generator(None, "randperm")
    elif offset < 0:
        raise ValueError(f"For 'randperm', the 'offset' must be non-negative, but got {offset}.")
    else:
        generator = default_backend().generator((int(seed), int(offset)))
    return wrap(generator.permutation(int(n)).astype(np_dtype))


def _tensor_dot_axes(axes, shape1, shape2):
    """(axes of x1, axes of x2), non-negative, from an int or a pair of ints/sequences."""
    if isinstance(axes, numbers.Integral) and not isinstance(axes, bool):
        if axes < 0 or axes > len(shape1) or axes > len(shape2):
            raise ValueError(f"For 'tensor_dot', the 'axes' cannot be greater than the length of 'x1_shape' "
                             f"and 'x2_shape', but got 'axes': {axes}, 'x1_shape': {shape1}, "
                             f"'x2_shape': {shape2}.")
        return tuple(range(len(shape1) - axes, len(shape1))), tuple(range(axes))
    if not isinstance(axes, (tuple, list)) or len(axes) != 2:
        raise TypeError(f"For 'tensor_dot', the 'axes' must be an int or a pair of ints/sequences, "
                        f"but got {axes!r}.")
    a1, a2 = ((a,) if isinstance(a, numbers.Integral) else tuple(a) if isinstance(a, (tuple, list)) else None
              for a in axes)
    if a1 is None or a2 is None or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                                           for v in a1 + a2):
        raise TypeError(f"For 'tensor_dot', the 'axes' must be an int or a pair of ints/sequences of ints, "
                        f"but got {axes!r}.")
    if len(a1) != len(a2):
        raise ValueError(f"For 'tensor_dot', the first and second dim of 'axes' have to be the same "
                         f"size/length, but got 'axes': {axes}.")
    for a, ndim in ((a1, len(shape1)), (a2, len(shape2))):
        if any(not -ndim <= v < ndim for v in a):
            raise ValueError(f"For 'tensor_dot', the 'axes' {axes} are out of range for shapes "
                             f"{shape1} and {shape2}.")
    return tuple(v % len(shape1) for v in a1), tuple(v % len(shape2) for v in a2)


def tensor_dot(x1, x2, axes):
    """Sum of products over the paired `axes` of x1 and x2 (NumPy's tensordot) as one matmul."""
    _check_tensor(x1, "tensor_dot", "x1")
    _check_tensor(x2, "tensor_dot", "x2")
    if x1._data.dtype != x2._data.dtype and not autocasting():
        raise TypeError(f"For 'tensor_dot', 'x1' and 'x2' must have the same dtype, but got {x1.dtype} "
                        f"and {x2.dtype}.")
    a1, a2 = _tensor_dot_axes(axes, x1.shape, x2.shape)
    if any(x1.shape[i] != x2.shape[j] for i, j in zip(a1, a2)):
        raise ValueError(f"For 'tensor_dot', the contracted dimensions must match, but got 'x1_shape': "
                         f"{x1.shape}, 'x2_shape': {x2.shape}, 'axes': {axes}.")
    free1 = tuple(i for i in range(x1.ndim) if i not in a1)
    free2 = tuple(i for i in range(x2.ndim) if i not in a2)
    inner = math.prod([x1.shape[i] for i in a1])
    left = S.reshape(S.transpose(x1, perm=free1 + a1), shape=(-1, inner))
    right = S.reshape(S.transpose(x2, perm=a2 + free2), shape=(inner, -1))
    out_shape = tuple(x1.shape[i] for i in free1) + tuple(x2.shape[i] for i in free2)
    return S.reshape(linalg.matmul(left, right), shape=out_shape)


def unique(input):
    """(values, idx): the distinct values in order of first appearance and each element's position
    among them (idx has input's shape; Int64 for an Int64 input, else Int32)."""
    _check_tensor(input, "unique")
    if input._data.dtype == bool:
        raise TypeError("For 'unique', the 'input' must be a numeric Tensor, but got Bool.")
    return I.unique(input, index_dtype=_int64 if input._data.dtype == _int64 else _int32)
