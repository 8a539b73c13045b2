"""Batching rules for vmap: how each primitive runs on a whole batch at once.

A rule is `rule(inputs, axes, **attrs) -> (out, out_axes)`: `inputs` are the call's inputs, a batched
one as a Tensor holding the whole batch with its batch axis at `axes[i]` (None: not batched); the rule
computes the batched result with ops and says where its batch axis is (a tuple for several outputs).
Rules bring batch axes to the front, so most results have theirs at 0. A primitive without a rule is
run once per example (`loop_rule`), which is always right and slower. New primitives declare theirs
with `defbatch(op, rule)` beside their kernel; the rules of the primitives below are declared here.
"""
from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E, linalg as L, nn as N, reduce as R, shape as S
from minispore.ops._prims import conv as C, inplace as I
from minispore.ops._prims.dispatch import PRIMS, defbatch

__all__ = ["loop_rule", "batch_size", "to_front", "per_example_ndim"]


# --- helpers -------------------------------------------------------------------------------------
def to_front(x, axis):
    """`x` with its batch axis moved to 0 (unchanged when it is already there or not batched)."""
    if axis is None or axis == 0:
        return x
    perm = (axis,) + tuple(i for i in range(x.ndim) if i != axis)
    return S.transpose(x, perm=perm)


def per_example_ndim(x, axis):
    if not isinstance(x, Tensor):
        return 0
    return x.ndim - (axis is not None)


def batch_size(inputs, axes):
    for x, axis in zip(inputs, axes):
        if axis is not None:
            return x.shape[axis]
    raise ValueError("batch_size: no batched input")


def _aligned(x, axis, ndim):
    """A batched `x` with its batch axis at 0 and its example dims right-aligned to `ndim` (size-1 dims
    inserted after the batch), so that it broadcasts against other inputs as its examples would."""
    if axis is None or not isinstance(x, Tensor):
        return x
    x = to_front(x, axis)
    missing = ndim - (x.ndim - 1)
    if missing > 0:
        x = S.reshape(x, shape=(x.shape[0],) + (1,) * missing + x.shape[1:])
    return x


def _shift(axis, ndim):
    """A per-example axis (int, may be negative) as an axis of the batched array (batch at 0)."""
    return (axis % ndim if ndim else 0) + 1


def loop_rule(prim):
    """Run `prim` on each example and stack the results along axis 0 (the fallback of every primitive)."""
    def rule(inputs, axes, **attrs):
        size = batch_size(inputs, axes)
        results = []
        for i in range(size):
            example = [S.getitem(x, index=(slice(None),) * axis + (i,)) if axis is not None else x
                       for x, axis in zip(inputs, axes)]
            results.append(prim.op(*example, **attrs))
        if type(results[0]) is tuple:
            outs = tuple(S.stack(*[r[k] for r in results], axis=0) for k in range(len(results[0])))
            return outs, (0,) * len(outs)
        return S.stack(*results, axis=0), 0
    return rule


# --- elementwise ---------------------------------------------------------------------------------
def _elementwise(prim):
    def rule(inputs, axes, **attrs):
        ndim = max(per_example_ndim(x, a) for x, a in zip(inputs, axes))
        out = prim.op(*[_aligned(x, a, ndim) for x, a in zip(inputs, axes)], **attrs)
        return out, ((0,) * len(out) if type(out) is tuple else 0)
    return rule


_ELEMENTWISE = ["add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sqrt", "rsqrt", "abs", "sign", "sin",
                "cos", "tan", "tanh", "erf", "log1p", "expm1", "atan", "sigmoid", "softplus", "relu", "relu_grad",
                "maximum", "minimum", "where", "clamp", "floor", "ceil", "round", "floor_divide", "remainder",
                "cast", "identity", "identity_copy", "stop_gradient", "equal", "not_equal", "less", "less_equal",
                "greater", "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not",
                "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "isnan", "isinf", "isfinite", "acos",
                "asin", "sinh", "cosh", "trunc"]
for _name in _ELEMENTWISE:
    if _name in PRIMS:
        defbatch(_name, _elementwise(PRIMS[_name]))


def _identity_n(inputs, axes, on_grad):
    return E.identity_n(*inputs, on_grad=on_grad), tuple(axes)


defbatch(E.identity_n, _identity_n)


# --- reductions ----------------------------------------------------------------------------------
def _reduction(prim):
    def rule(inputs, axes, *, axis, keepdims):
        x, batch_axis = inputs[0], axes[0]
        ndim = x.ndim - 1
        x = to_front(x, batch_axis)
        if axis is None:
            axis = tuple(range(1, ndim + 1))
        elif isinstance(axis, int):
            axis = _shift(axis, ndim)
        else:
            axis = tuple(_shift(a, ndim) for a in axis)
        return prim.op(x, axis=axis, keepdims=keepdims), 0
    return rule


for _name in ["sum", "mean", "prod", "amax", "amin", "any", "all", "logsumexp"]:
    defbatch(_name, _reduction(PRIMS[_name]))


def _arg_reduction(prim):
    # argmax/argmin take one axis (or None: the index into the flattened example)
    def rule(inputs, axes, *, axis, keepdims):
        x = to_front(inputs[0], axes[0])
        if axis is None:
            flat = S.reshape(x, shape=(x.shape[0], -1))
            out = prim.op(flat, axis=1, keepdims=False)
            if keepdims:
                out = S.reshape(out, shape=(x.shape[0],) + (1,) * (x.ndim - 1))
            return out, 0
        return prim.op(x, axis=_shift(axis, x.ndim - 1), keepdims=keepdims), 0
    return rule


defbatch(R.argmax, _arg_reduction(R.argmax))
defbatch(R.argmin, _arg_reduction(R.argmin))


def _along_axis(prim):
    # ops of one int axis that keep the shape: softmax, log_softmax, cumsum, cumprod
    def rule(inputs, axes, *, axis, **attrs):
        x = to_front(inputs[0], axes[0])
        return prim.op(x, axis=_shift(axis, x.ndim - 1), **attrs), 0
    return rule


for _name in ["softmax", "log_softmax", "cumsum", "cumprod"]:
    if _name in PRIMS:
        defbatch(_name, _along_axis(PRIMS[_name]))


# --- shapes --------------------------------------------------------------------------------------
def _reshape(inputs, axes, *, shape):
    x = to_front(inputs[0], axes[0])
    return S.reshape(x, shape=(x.shape[0],) + tuple(shape)), 0


def _transpose(inputs, axes, *, perm):
    x = to_front(inputs[0], axes[0])
    return S.transpose(x, perm=(0,) + tuple(p % (x.ndim - 1) + 1 for p in perm)), 0


def _expand_dims(inputs, axes, *, axis):
    x = to_front(inputs[0], axes[0])
    return S.expand_dims(x, axis=axis + 1 if axis >= 0 else axis), 0


def _squeeze(inputs, axes, *, axis):
    x = to_front(inputs[0], axes[0])
    example = x.shape[1:]
    if axis is None:
        axis = tuple(i + 1 for i, n in enumerate(example) if n == 1)
    elif isinstance(axis, int):
        axis = _shift(axis, len(example))
    else:
        axis = tuple(_shift(a, len(example)) for a in axis)
    return S.squeeze(x, axis=axis), 0


def _broadcast_to(inputs, axes, *, shape):
    x = _aligned(inputs[0], axes[0], len(shape))
    return S.broadcast_to(x, shape=(x.shape[0],) + tuple(shape)), 0


def _flip(inputs, axes, *, axis):
    x = to_front(inputs[0], axes[0])
    ndim = x.ndim - 1
    axis = _shift(axis, ndim) if isinstance(axis, int) else tuple(_shift(a, ndim) for a in axis)
    return S.flip(x, axis=axis), 0


def _tile(inputs, axes, *, reps):
    reps = tuple(reps)
    x = _aligned(inputs[0], axes[0], len(reps))
    reps = (1,) * (x.ndim - 1 - len(reps)) + reps
    return S.tile(x, reps=(1,) + reps), 0


def _on_every_input(inputs, axes):
    """All inputs with the batch at 0; unbatched ones broadcast to the batch (for concat and stack)."""
    size = batch_size(inputs, axes)
    return [to_front(x, a) if a is not None else S.broadcast_to(x, shape=(size,) + x.shape)
            for x, a in zip(inputs, axes)]


def _concat(inputs, axes, *, axis):
    xs = _on_every_input(inputs, axes)
    return S.concat(*xs, axis=_shift(axis, xs[0].ndim - 1)), 0


def _stack(inputs, axes, *, axis):
    xs = _on_every_input(inputs, axes)
    return S.stack(*xs, axis=_shift(axis, xs[0].ndim)), 0


def _split(inputs, axes, *, axis, sections):
    x = to_front(inputs[0], axes[0])
    outs = S.split(x, axis=_shift(axis, x.ndim - 1), sections=sections)
    return outs, (0,) * len(outs)


def _basic_index(index):
    """Whether an index holds only ints, slices, None and Ellipsis (then a leading slice batches it)."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, slice)) for i in items)


def _getitem(inputs, axes, *, index):
    if not _basic_index(index):
        return loop_rule(PRIMS["getitem"])(inputs, axes, index=index)
    x = to_front(inputs[0], axes[0])
    items = index if isinstance(index, tuple) else (index,)
    return S.getitem(x, index=(slice(None),) + items), 0


def _gather(inputs, axes, *, axis):
    if axes[1] is not None:
        return loop_rule(PRIMS["gather"])(inputs, axes, axis=axis)
    x = to_front(inputs[0], axes[0])
    return S.gather(x, inputs[1], axis=_shift(axis, x.ndim - 1)), 0


def _pad(inputs, axes, *, widths, value):
    x = to_front(inputs[0], axes[0])
    return S.pad(x, widths=((0, 0),) + tuple(widths), value=value), 0


defbatch(S.reshape, _reshape)
defbatch(S.transpose, _transpose)
defbatch(S.expand_dims, _expand_dims)
defbatch(S.squeeze, _squeeze)
defbatch(S.broadcast_to, _broadcast_to)
defbatch(S.flip, _flip)
defbatch(S.tile, _tile)
defbatch(S.concat, _concat)
defbatch(S.stack, _stack)
defbatch(S.split, _split)
defbatch(S.getitem, _getitem)
defbatch(S.gather, _gather)
defbatch(S.pad, _pad)


# --- matrix products -----------------------------------------------------------------------------
def _matmul(inputs, axes):
    (x, y), (ax, ay) = inputs, axes
    px, py = per_example_ndim(x, ax), per_example_ndim(y, ay)
    x, y = to_front(x, ax), to_front(y, ay)
    # a batched vector becomes a batch of matrices; its added axis is squeezed from the result (where it
    # lands depends on whether the other operand is an unbatched vector, whose axis matmul drops itself)
    squeeze = []
    if ax is not None and px == 1:
        x = S.reshape(x, shape=(x.shape[0], 1, x.shape[1]))
        squeeze.append(-1 if ay is None and py == 1 else -2)
    if ay is not None and py == 1:
        y = S.reshape(y, shape=(y.shape[0], y.shape[1], 1))
        squeeze.append(-1)
    # stack (leading) dims of the batched operands, aligned after the batch axis
    stacks = [t.ndim - 3 if a is not None else t.ndim - 2 for t, a in ((x, ax), (y, ay)) if t.ndim >= 2]
    depth = max(stacks + [0])
    if ax is not None and x.ndim - 3 < depth:
        x = S.reshape(x, shape=(x.shape[0],) + (1,) * (depth - (x.ndim - 3)) + x.shape[1:])
    if ay is not None and y.ndim - 3 < depth:
        y = S.reshape(y, shape=(y.shape[0],) + (1,) * (depth - (y.ndim - 3)) + y.shape[1:])
    out = L.matmul(x, y)
    if squeeze:
        out = S.squeeze(out, axis=tuple(out.ndim + s for s in squeeze))
    return out, 0


defbatch(L.matmul, _matmul)


def _dense(inputs, axes):
    if axes[1] is not None or axes[2] is not None:
        return loop_rule(PRIMS["dense"])(inputs, axes)
    x = to_front(inputs[0], axes[0])
    return N.dense(x, inputs[1], inputs[2]), 0


def _dense_grad(inputs, axes, *, need):
    (x, w, dout), (ax, aw, ad) = inputs, axes
    if aw is not None:
        return loop_rule(PRIMS["dense_grad"])(inputs, axes, need=need)
    size = batch_size(inputs, axes)
    x = to_front(x, ax) if ax is not None else S.broadcast_to(x, shape=(size,) + x.shape)
    dout = to_front(dout, ad) if ad is not None else S.broadcast_to(dout, shape=(size,) + dout.shape)
    outs = []
    if need[0]:
        outs.append(L.matmul(dout, w))
    if need[1] or need[2]:
        rows = S.reshape(dout, shape=(size, -1, dout.shape[-1]))
        if need[1]:
            outs.append(L.matmul(S.transpose(rows, perm=(0, 2, 1)), S.reshape(x, shape=(size, -1, x.shape[-1]))))
        if need[2]:
            outs.append(R.sum(rows, axis=(1,), keepdims=False))
    return tuple(outs), (0,) * len(outs)


defbatch(N.dense, _dense)
defbatch(N.dense_grad, _dense_grad)


# --- losses --------------------------------------------------------------------------------------
def _bce_with_logits(inputs, axes, *, reduction):
    ndim = max(per_example_ndim(x, a) for x, a in zip(inputs, axes))
    aligned = [_aligned(x, a, ndim) for x, a in zip(inputs, axes)]
    loss = N.binary_cross_entropy_with_logits(*aligned, reduction="none")
    size = batch_size(inputs, axes)
    if loss.shape[0] != size:
        loss = S.broadcast_to(loss, shape=(size,) + loss.shape[1:])
    if reduction == "none":
        return loss, 0
    example_axes = tuple(range(1, loss.ndim))
    if reduction == "sum":
        return R.sum(loss, axis=example_axes, keepdims=False), 0
    return R.mean(loss, axis=example_axes, keepdims=False), 0


defbatch(N.binary_cross_entropy_with_logits, _bce_with_logits)


def _softmax_cross_entropy(inputs, axes, *, axis):
    ndim = max(per_example_ndim(x, a) for x, a in zip(inputs, axes))
    aligned = [_aligned(x, a, ndim) for x, a in zip(inputs, axes)]
    return N.softmax_cross_entropy(*aligned, axis=_shift(axis, ndim)), 0


defbatch(N.softmax_cross_entropy, _softmax_cross_entropy)


# --- convolution ---------------------------------------------------------------------------------
def _conv2d(inputs, axes, **attrs):
    (x, w), (ax, aw) = inputs, axes
    if aw is not None or x.ndim - 1 not in (3, 4):
        return loop_rule(PRIMS["conv2d"])(inputs, axes, **attrs)
    x = to_front(x, ax)
    if x.ndim == 4:  # examples of one (C, H, W) image: the batch is the image batch
        return C.conv2d(x, w, **attrs), 0
    size, images = x.shape[0], x.shape[1]
    out = C.conv2d(S.reshape(x, shape=(size * images,) + x.shape[2:]), w, **attrs)
    return S.reshape(out, shape=(size, images) + out.shape[1:]), 0


defbatch(C.conv2d, _conv2d)


# --- in-place writes -----------------------------------------------------------------------------
def _assign(inputs, axes):
    (target, value), (at, av) = inputs, axes
    if at is None:
        raise ValueError("vmap: a Tensor that is the same for every example cannot be written in place with a "
                         "value that differs between examples; write into a batched Tensor (or return the value).")
    if av is None and at != 0 and isinstance(value, Tensor):
        example = target.shape[:at] + target.shape[at + 1:]
        value = S.expand_dims(S.broadcast_to(value, shape=example), axis=at)
    elif av is not None:
        value = to_front(value, av)
        ndim = target.ndim - 1
        missing = ndim - (value.ndim - 1)
        if missing > 0:
            value = S.reshape(value, shape=(value.shape[0],) + (1,) * missing + value.shape[1:])
        if at != 0:
            value = S.transpose(value, perm=_inverse_front(at, value.ndim))
    return I.assign(target, value), at


def _inverse_front(axis, ndim):
    """The permutation that moves axis 0 back to `axis`."""
    perm = list(range(1, ndim))
    perm.insert(axis, 0)
    return tuple(perm)


defbatch(I.assign, _assign)


def _assign_at(inputs, axes, *, index):
    (target, value), (at, av) = inputs, axes
    if at is None or not _basic_index(index):
        raise ValueError("vmap: an indexed in-place write (x[index] = value) works on a batched Tensor with an "
                         "index of ints, slices, None and Ellipsis only; write into a batched Tensor, or return "
                         "the value instead.")
    target_front = to_front(target, at)
    items = index if isinstance(index, tuple) else (index,)
    batched_index = (slice(None),) + items
    if av is not None:
        value = to_front(value, av)
        region = S.getitem(target_front, index=batched_index)
        missing = (region.ndim - 1) - (value.ndim - 1)
        if missing > 0:
            value = S.reshape(value, shape=(value.shape[0],) + (1,) * missing + value.shape[1:])
    if at != 0:  # write through a view with the batch in front: the target's own memory
        view = S.transpose(target, perm=(at,) + tuple(i for i in range(target.ndim) if i != at))
        I.assign_at(view, value, index=batched_index)
    else:
        I.assign_at(target, value, index=batched_index)
    return target, at


defbatch(I.assign_at, _assign_at)
