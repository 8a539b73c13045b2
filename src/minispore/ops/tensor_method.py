"""Tensor's operators and methods, from one table: each is an op (or a small adapter to one).

`install()` puts them on `Tensor`; the ops package calls it once when it is imported, so that
`common/tensor.py` depends on nothing above it.
"""
import numbers

from minispore._autodiff.backward import register_hook
from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops import function as F
from minispore.common._version import replace_data
from minispore.ops._prims.inplace import assign

__all__ = ["TENSOR_METHODS", "install"]


def _shape_args(shape):
    """`reshape(2, 3)` and `reshape((2, 3))` alike."""
    return shape[0] if len(shape) == 1 else shape


def _transpose(self, *axes):
    if not axes or axes == (None,):
        axes = tuple(range(self.ndim - 1, -1, -1))
    elif len(axes) == 1 and isinstance(axes[0], (tuple, list)):
        axes = axes[0]
    return F.transpose(self, axes)


def _cumsum(self, axis=None, dtype=None):
    # Tensor.cumsum accumulates bool and 8/16-bit integers in Int32 (ops.cumsum keeps the dtype).
    if dtype is None and self._data.dtype.kind in "biu" and self._data.dtype.itemsize < 4:
        return F.cumsum(F.cast(self, mstype.int32), axis)
    return F.cumsum(self, axis, dtype)


def _assign_value(self, value):
    replace_data(self, value._data if isinstance(value, Tensor) else
                 Tensor(value, dtype=self.dtype)._data)
    return self


def _write(method, target, value):
    """assign(target, value), where value's shape broadcasts to target's (no dimension dropped)."""
    shape = getattr(value, "shape", ())
    if len(shape) > target.ndim or any(n not in (1, m) for n, m in zip(shape[::-1], target.shape[::-1])):
        raise ValueError(f"For 'Tensor.{method}' (assign), a value of shape {shape} does not fit the Tensor of "
                         f"shape {target.shape} it would be written into.")
    return assign(target, value)


def _inplace(op):
    """`x.add_(y)` as `x[...] = x + y`: one in-place write of the op's result (which must fit x's shape)."""
    def method(self, *args, **kwargs):
        return _write(method.__name__, self, op(self, *args, **kwargs))
    method.__name__ = op.__name__ + "_"
    method.__qualname__ = "Tensor." + method.__name__
    return method


def _with_alpha(op):
    def method(self, other, *, alpha=1):
        return op(self, other * alpha if alpha != 1 else other)
    method.__name__ = op.__name__
    method.__qualname__ = "Tensor." + op.__name__
    return method


def _with_dim(op, keep_name):
    """A reduction method taking MindSpore's two spellings: (axis, <keep_name>) and (dim, keepdim)."""
    def method(self, axis=None, keep=False, *, dim=None, keepdim=None, **kwargs):
        if dim is not None:
            if axis is not None:
                raise TypeError(f"Tensor.{op.__name__}() got both 'axis' and 'dim'; pass one of them.")
            axis = dim
        if keep_name in kwargs:
            keep = kwargs.pop(keep_name)
        if kwargs:
            raise TypeError(f"Tensor.{op.__name__}() got an unexpected keyword argument '{next(iter(kwargs))}'")
        return op(self, axis, keep if keepdim is None else keepdim)
    method.__name__ = op.__name__
    return method


def _index_add(self, *args, **kwargs):
    """`index_add(dim, index, source, *, alpha=1)` (source·alpha added along dim), or MindSpore's older
    `index_add(indices, y, axis, use_lock=True, check_index_bound=True)`; both write into self, as MindSpore's."""
    if (args and isinstance(args[0], Tensor)) or "indices" in kwargs:
        return F.index_add(self, *args, **kwargs)
    alpha = kwargs.pop("alpha", 1)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        raise TypeError(f"For 'Tensor.index_add', 'alpha' must be int or float, but got {type(alpha).__name__}.")
    if len(args) > 3:
        raise TypeError(f"For 'Tensor.index_add', it takes 3 positional arguments (dim, index, source), but got "
                        f"{len(args)}.")
    missing = [k for k in ("dim", "index", "source")[len(args):] if k not in kwargs]
    if missing:
        raise TypeError(f"For 'Tensor.index_add', the argument '{missing[0]}' is missing: call "
                        "index_add(dim, index, source, *, alpha=1).")
    dim, index, source = list(args) + [kwargs.pop(k) for k in ("dim", "index", "source")[len(args):]]
    if kwargs:
        raise TypeError(f"Tensor.index_add() got an unexpected keyword argument '{next(iter(kwargs))}'")
    return F.index_add(self, index, source * alpha if alpha != 1 else source, dim)


def _fill_(self, value):
    """Every element set to `value` (a number, a bool or a one-element Tensor), in place."""
    if not isinstance(value, (numbers.Number, Tensor)) or isinstance(value, Tensor) and value.size != 1:
        raise TypeError(f"For 'Tensor.fill_', the 'value' must be a number or a one-element Tensor, but got "
                        f"{type(value).__name__}.")
    return assign(self, value)


def _repeat(self, repeats, axis=None):
    """np.repeat: each element `repeats` times along `axis` (of the flattened Tensor when None)."""
    if axis is None:
        return F.repeat_elements(F.reshape(self, (-1,)), repeats, 0)
    return F.repeat_elements(self, repeats, axis)


def _cast_to(dtype):
    return lambda self: F.cast(self, dtype)


def _extremum(name, with_index, bounded):
    """Tensor.max/min with MindSpore's three overloads, chosen as MindSpore chooses them:
    `x.max()` -> the value; `x.max(dim, keepdim=False)` (an int dim, by position or as `dim=`) ->
    (values, indices); `x.max(axis=None, keepdims=False, *, initial=None, where=True,
    return_indices=False)` -> the values, or (values, indices) with return_indices."""
    op = f"Tensor.{name}"

    def method(self, *args, **kwargs):
        if not args and not kwargs:
            return bounded(self)
        dim_form = (set(kwargs) <= {"dim", "keepdim"} and len(args) + len(kwargs) <= 2 and
                    (("dim" in kwargs) != bool(args)) and
                    isinstance(args[0] if args else kwargs["dim"], int) and
                    not isinstance(args[0] if args else kwargs["dim"], bool))
        if dim_form:
            dim = args[0] if args else kwargs["dim"]
            keepdim = args[1] if len(args) > 1 else kwargs.get("keepdim", False)
            if not isinstance(keepdim, bool):
                raise TypeError(f"For '{op}', the 'keepdim' must be a bool, but got {type(keepdim).__name__}.")
            return with_index(self, dim, keepdim)
        names = ("axis", "keepdims")
        if len(args) > len(names):
            raise TypeError(f"For '{op}', at most 2 positional arguments (axis, keepdims) are accepted, but got "
                            f"{len(args)}.")
        options = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in ("axis", "keepdims", "initial", "where", "return_indices") or key in options:
                raise TypeError(f"For '{op}', got an unexpected or repeated argument {key!r}.")
            options[key] = value
        axis, keepdims = options.get("axis"), options.get("keepdims", False)
        initial, where = options.get("initial"), options.get("where", True)
        where = None if where is True else where
        if isinstance(axis, (tuple, list)):
            if options.get("return_indices"):
                raise ValueError(f"For '{op}', 'return_indices' must be False when 'axis' is a tuple or list, "
                                 f"but got axis={axis!r}.")
            return bounded(self, axis, keepdims, initial=initial, where=where)
        if axis is not None and not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(f"For '{op}', the 'axis' must be None, an int, a tuple or a list, but got "
                            f"{type(axis).__name__}.")
        values, indices = with_index(self, axis, keepdims, initial=initial, where=where)
        return (values, indices) if options.get("return_indices") else values

    method.__name__ = method.__qualname__ = name
    method.__doc__ = _extremum.__doc__.replace("max", name)
    return method


def _sum(self, axis=None, dtype=None, keepdims=False, initial=None):
    """Sum over `axis` plus `initial` (a bool `dtype` casts the result to bool, as MindSpore does)."""
    if dtype is not None and V.dtype("Tensor.sum", "dtype", dtype) == mstype.bool_._np:
        return F.cast(_sum(self, axis, None, keepdims, initial), mstype.bool_)
    out = F.sum(self, axis, keepdims, dtype=dtype)
    return out if initial is None else F.add(out, initial)


TENSOR_METHODS = {
    # operators
    "__add__": F.add, "__radd__": lambda self, other: F.add(other, self),
    "__sub__": F.sub, "__rsub__": lambda self, other: F.sub(other, self),
    "__mul__": F.mul, "__rmul__": lambda self, other: F.mul(other, self),
    "__truediv__": F.div, "__rtruediv__": lambda self, other: F.div(other, self),
    "__floordiv__": F.floor_divide, "__rfloordiv__": lambda self, other: F.floor_divide(other, self),
    "__mod__": F.remainder, "__rmod__": lambda self, other: F.remainder(other, self),
    "__pow__": F.pow, "__rpow__": lambda self, other: F.pow(other, self),
    "__matmul__": F.matmul, "__rmatmul__": lambda self, other: F.matmul(other, self),
    "__neg__": F.neg, "__pos__": lambda self: self, "__abs__": F.abs,
    # MindSpore's `~` is a logical not for every dtype (~Tensor([1, 2]) is [False, False]).
    "__invert__": F.logical_not,
    "__and__": F.bitwise_and, "__rand__": lambda self, other: F.bitwise_and(other, self),
    "__or__": F.bitwise_or, "__ror__": lambda self, other: F.bitwise_or(other, self),
    "__xor__": F.bitwise_xor, "__rxor__": lambda self, other: F.bitwise_xor(other, self),
    "bitwise_and": F.bitwise_and, "bitwise_or": F.bitwise_or, "bitwise_xor": F.bitwise_xor,
    "bitwise_left_shift": F.bitwise_left_shift, "bitwise_right_shift": F.bitwise_right_shift,
    "bitwise_not": F.invert, "ger": F.ger, "index_add": _index_add,
    "__eq__": lambda self, other: False if other is None else F.equal(self, other),
    "__ne__": lambda self, other: True if other is None else F.not_equal(self, other),
    "__lt__": F.less, "__le__": F.less_equal, "__gt__": F.greater, "__ge__": F.greater_equal,
    "__getitem__": F.tensor_getitem, "__setitem__": F.tensor_setitem,
    # elementwise
    "abs": F.abs, "exp": F.exp, "log": F.log, "sqrt": F.sqrt, "rsqrt": F.rsqrt, "square": F.square,
    "sin": F.sin, "cos": F.cos, "tanh": F.tanh, "sigmoid": F.sigmoid, "relu": F.relu, "sign": F.sign,
    "neg": F.neg, "reciprocal": F.reciprocal, "floor": F.floor, "ceil": F.ceil, "round": F.round,
    "pow": F.pow, "mul": F.mul, "div": F.div, "matmul": F.matmul, "maximum": F.maximum,
    "minimum": F.minimum, "clip": F.clamp, "clamp": F.clamp, "isnan": F.isnan, "isinf": F.isinf,
    "isfinite": F.isfinite, "add": _with_alpha(F.add), "sub": _with_alpha(F.sub),
    # reductions
    "sum": _sum,
    "mean": F.mean, "prod": F.prod, "std": F.std, "var": F.var, "all": _with_dim(F.all, "keep_dims"),
    "any": _with_dim(F.any, "keep_dims"),
    "max": _extremum("max", F.max, F.amax), "min": _extremum("min", F.min, F.amin),
    "argmax": _with_dim(F.argmax, "keepdims"), "argmin": _with_dim(F.argmin, "keepdims"), "cumsum": _cumsum,
    "cumprod": F.cumprod, "norm": F.norm, "softmax": lambda self, axis, dtype=None: F.softmax(self, axis, dtype=dtype),
    "log_softmax": F.log_softmax,
    # shape and indexing
    "reshape": lambda self, *shape: F.reshape(self, _shape_args(shape)),
    "view": lambda self, *shape: F.reshape(self, _shape_args(shape)),
    "transpose": _transpose, "permute": lambda self, *axes: F.transpose(self, _shape_args(axes)),
    "swapaxes": F.swapaxes, "expand_dims": F.expand_dims,
    "unsqueeze": lambda self, dim: F.expand_dims(self, dim),
    "squeeze": F.squeeze, "ravel": lambda self: F.reshape(self, (-1,)),
    "flatten": lambda self, order="C", *, start_dim=0, end_dim=-1: F.flatten(
        self, order, start_dim=start_dim, end_dim=end_dim),
    "broadcast_to": F.broadcast_to, "expand_as": lambda self, other: F.broadcast_to(self, other.shape),
    "tile": lambda self, reps: F.tile(self, reps), "repeat": _repeat,
    "sort": F.sort, "argsort": F.argsort, "topk": F.topk, "gather": F.gather,
    "masked_fill": F.masked_fill, "masked_select": F.masked_select, "chunk": F.chunk, "split": F.split,
    "nonzero": lambda self, *, as_tuple=False: F.nonzero(self, as_tuple=as_tuple),
    # copies and dtypes
    "copy": lambda self: F.identity_copy(self), "clone": F.identity_copy,
    "astype": lambda self, dtype, copy=True: F.cast(self, dtype), "to": F.cast,
    "float": _cast_to(mstype.float32), "half": _cast_to(mstype.float16), "double": _cast_to(mstype.float64),
    "int": _cast_to(mstype.int32), "long": _cast_to(mstype.int64), "bool": _cast_to(mstype.bool_),
    "fill": lambda self, value: F.fill(self.dtype, self.shape, value),
    # in place
    "zero_": lambda self: assign(self, 0), "fill_": _fill_,
    "copy_": lambda self, src: _write("copy_", self, src),
    "add_": _inplace(_with_alpha(F.add)), "sub_": _inplace(_with_alpha(F.sub)),
    "mul_": _inplace(F.mul), "div_": _inplace(F.div),
    "assign_value": _assign_value,
    # autodiff
    "register_hook": register_hook,
}


def install():
    """Put every entry of TENSOR_METHODS on Tensor (and the `T` property).

    Lambdas are named after their method, so that a wrong call reads "Tensor.reshape() missing 1
    required positional argument", not "<lambda>() ..."."""
    for name, function in TENSOR_METHODS.items():
        if getattr(function, "__name__", None) == "<lambda>":
            function.__name__, function.__qualname__ = name, "Tensor." + name
        setattr(Tensor, name, function)
    Tensor.T = property(lambda self: F.transpose(self, tuple(range(self.ndim - 1, -1, -1))))
