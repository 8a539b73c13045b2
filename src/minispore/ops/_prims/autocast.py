"""Mixed precision as an interpreter at the door: the floating inputs of primitives cast by category.

MindSpore's `Cell.to_float(float16)` makes every operator run inside that Cell cast its floating
inputs (data, Parameters, constants) to float16; `amp.auto_mixed_precision` at "O1" does it only for a
white list of operators and casts their results back to float32, and at "auto" also runs a black list
in float32. All of these are one rule applied to each primitive call, so they are one interpreter,
`Autocast`, pushed while a Cell (or function) runs. The innermost Autocast decides alone: a Cell set to
float32 inside a float16 network (a BatchNorm kept in float32) is not re-cast by the outer one.
"""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims import dispatch
from minispore.ops._prims.dispatch import Interpreter, thread_state
from minispore.ops._prims.elementwise import cast

__all__ = ["Autocast", "autocasting", "AUTO_WHITE_PRIMS", "AUTO_BLACK_PRIMS", "AUTO_PROMOTE_PRIMS"]

# Never cast: a cast is the user's explicit choice of dtype (MindSpore exempts Cast), and MindSpore runs
# its view operations (reshape, transpose, expand_dims, squeeze, indexing, broadcast_to, split, copy)
# without casting (observed in 2.10: `x.reshape(-1)` stays float32 inside a float16 Cell).
# Nor the primitives that read their inputs as data (positions, counts, sets, sampling plans): computed on
# the host before the backend seam, they never saw a cast, and a float16 box would move every sample.
_EXEMPT = frozenset({"cast", "identity_n", "reshape", "transpose", "expand_dims", "squeeze", "getitem", "setitem",
                     "broadcast_to", "split", "identity", "identity_copy",
                     "searchsorted", "digitize", "bincount", "histogram", "isin", "nonzero_per_axis", "unique_sorted",
                     "unique_consecutive", "repeat_index", "running_extreme_index", "interp_taps", "multinomial",
                     "nms_with_mask", "crop_and_resize_taps", "roi_align_taps", "grid_sample_taps", "signbit"})

# The `amp_level="auto"` lists (MindSpore's AMP_AUTO_WHITE_LIST / AMP_AUTO_BLACK_LIST / promote list).
AUTO_WHITE_PRIMS = frozenset({"matmul", "dense", "conv2d", "conv2d_input_grad", "conv3d", "conv3d_input_grad",
                              "einsum", "prelu"})
AUTO_BLACK_PRIMS = frozenset({
    "pow", "acos", "asin", "cosh", "exp", "expm1", "log", "log1p", "rsqrt", "sinh", "tan", "softplus",
    "binary_cross_entropy_with_logits", "prod", "softmax", "log_softmax", "cumprod", "cumsum", "sum",
    "softmax_cross_entropy", "sparse_softmax_cross_entropy", "layer_norm", "batch_norm", "ctc_loss"})
AUTO_PROMOTE_PRIMS = frozenset({"concat", "stack", "addn"})


def _is_float(x):
    dtype = getattr(x, "dtype", None)
    return dtype is not None and getattr(dtype, "kind", None) is not None and mstype.is_float(dtype)


def _cast_to(x, np_dtype):
    """x (a Tensor or a NumPy scalar) in np_dtype when it is floating and not already so."""
    if isinstance(x, Tensor):
        data = x._data
        if data.dtype != np_dtype and mstype.is_float(data.dtype):
            return cast(x, dtype=np_dtype)
        return x
    if _is_float(x) and x.dtype != np_dtype:
        return np_dtype.type(x)
    return x


def _cast_outputs(out, np_dtype):
    if type(out) is tuple:
        return tuple(_cast_to(o, np_dtype) for o in out)
    return _cast_to(out, np_dtype)


class Autocast(Interpreter):
    """Cast floating primitive inputs to `dtype`.

    - `Autocast(float16)`: every primitive (Cell.to_float).
    - `Autocast(float16, lower=names, restore=float32)`: only the named primitives, their floating
      results cast to `restore` (amp O1; a white-listed Cell uses `lower=None`).
    - `Autocast(float16, lower=names, upper=names, promote=names)`: amp "auto": `lower` in `dtype`,
      `upper` in float32, `promote` in the widest floating dtype among the inputs, the rest as given.
    """

    __slots__ = ("dtype", "np_dtype", "lower", "upper", "promote", "restore")

    def __init__(self, dtype, lower=None, upper=frozenset(), promote=frozenset(), restore=None):
        self.dtype = mstype.to_dtype(dtype)
        self.np_dtype = mstype.np_dtype(self.dtype)
        self.lower, self.upper, self.promote = lower, frozenset(upper), frozenset(promote)
        self.restore = None if restore is None else mstype.np_dtype(restore)

    def __repr__(self):
        scope = "every primitive" if self.lower is None else f"{len(self.lower)} primitives"
        return f"Autocast({self.dtype}, {scope})"

    def process(self, prim, inputs, attrs):
        name = prim.name
        if name in _EXEMPT or self._shadowed():
            return prim.op(*inputs, **attrs)
        if self.lower is None or name in self.lower:
            target = self.np_dtype
        elif name in self.upper:
            target = mstype.float32._np
        elif name in self.promote:
            floats = [x._data.dtype for x in inputs if isinstance(x, Tensor) and mstype.is_float(x._data.dtype)]
            target = max(floats, key=lambda d: d.itemsize) if floats else None
        else:
            target = None
        if target is None:
            return prim.op(*inputs, **attrs)
        if prim.inplace:  # the written Tensor keeps its dtype; the value is converted by the write
            inputs = (inputs[0],) + tuple(_cast_to(x, target) for x in inputs[1:])
        else:
            inputs = tuple(_cast_to(x, target) for x in inputs)
        out = prim.op(*inputs, **attrs)
        if self.restore is not None and not prim.inplace:
            out = _cast_outputs(out, self.restore)
        return out

    def _shadowed(self):
        """Whether an Autocast opened inside this one (higher on the stack) already handled the call."""
        state = thread_state()
        for interpreter in state.stack[state.top + 2:]:
            if type(interpreter) is Autocast:
                return True
        return False


def autocasting():
    """Whether an Autocast is open in this thread: dtype checks before the door then leave the
    reconciling of floating dtypes to it (the op sees its inputs after the cast, as in MindSpore)."""
    if not dispatch._open:
        return False
    return any(type(interpreter) is Autocast for interpreter in thread_state().stack)
