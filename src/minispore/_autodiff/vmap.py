"""vmap: a batching interpreter at the dispatch door.

Inside `vmap(fn)(...)`, a batched argument is a `BatchedTensor`: to `fn` it looks like one example
(its shape and dtype are an example's), while it holds the whole batch. Each primitive call on one
goes to `Batching.process`, which runs the primitive's batching rule (`ops/_prims/batching.py`) on the
whole batch at once, or, for a primitive without a rule, once per example. Gradients inside vmap work
because a gradient scope records BatchedTensors like any Tensors and its reverse pass calls ops.

Python that reads a batched value (`if x.sum() > 0:`, `float(x)`) cannot have one answer for the
batch: vmap then runs `fn` once per example instead, and says so once.
"""
import warnings

from minispore.common.tensor import Tensor
from minispore.ops._prims.batching import loop_rule
from minispore.ops._prims.dispatch import Interpreter, interpreting
from minispore.ops._prims.shape import broadcast_to, expand_dims, getitem, stack, transpose

__all__ = ["vmap", "BatchedTensor"]

_new = object.__new__


class BatchedTensor(Tensor):
    """One example's view of a batch: `_data` is example 0 (for shape and dtype), `_full` the batch
    with its batch axis at `_axis`, `_level` the Batching interpreter it belongs to."""

    __slots__ = ("_full", "_axis", "_level")


class _ReadsBatchedValue(BaseException):
    """Python read a batched value: fn must run once per example (a BaseException: user code that
    catches Exception does not swallow it)."""


class Batching(Interpreter):
    """Runs each primitive call that involves its BatchedTensors on the whole batch."""

    __slots__ = ("size",)

    def __init__(self, size):
        self.size = size

    def batched(self, full, axis):
        """A BatchedTensor of this level around `full` (a plain Tensor when `axis` is None)."""
        if axis is None:
            return full
        t = _new(BatchedTensor)
        t._full, t._axis, t._level = full, axis, self
        data = full._data
        if data.shape[axis]:
            t._data = data[(slice(None),) * axis + (0,)]
        else:
            t._data = _empty_like(data, data.shape[:axis] + data.shape[axis + 1:])
        return t

    def process(self, prim, inputs, attrs):
        full, axes, any_batched = [], [], False
        for x in inputs:
            if type(x) is BatchedTensor and x._level is self:
                full.append(x._full)
                axes.append(x._axis)
                any_batched = True
            else:
                full.append(x)
                axes.append(None)
        if not any_batched:
            return prim.op(*inputs, **attrs)
        rule = prim.batch
        if rule is None:
            if prim.inplace:
                raise ValueError(f"vmap: the in-place '{prim.name}' has no batching rule: write into a copy "
                                 "(out = x.copy()) or return the value instead.")
            rule = loop_rule(prim)
        out, out_axes = rule(full, axes, **attrs)
        if prim.inplace:
            return inputs[0]
        if type(out) is tuple:
            return tuple(self.batched(o, a) for o, a in zip(out, out_axes))
        return self.batched(out, out_axes)

    def read(self, tensor, how):
        if type(tensor) is BatchedTensor and tensor._level is self:
            raise _ReadsBatchedValue()


def _empty_like(data, shape):
    from minispore._backend import backend_of
    return backend_of(data).xp.empty(shape, dtype=data.dtype)


# --- in_axes and out_axes --------------------------------------------------------------------------
def _check_axis(axis, ndim, which):
    if axis is None:
        return None
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise RuntimeError(f"The axis in vmap`s '{which}' can only be of type Int or None, but got {axis!r}.")
    if not -ndim <= axis < ndim:
        raise RuntimeError(f"The axis: {axis} in '{which}' is out of bounds for array of dimension "
                           f"[{-ndim},{ndim}).")
    return axis % ndim


def _in_leaves(arg, axes, found):
    """Pair every Tensor in `arg` with its batch axis from `axes` (an int/None for the whole arg, or a
    structure like it); appends (Tensor, axis) to `found` and returns a rebuild template."""
    if isinstance(arg, (tuple, list)):
        if isinstance(axes, (tuple, list)):
            if len(axes) != len(arg):
                raise RuntimeError(f"The 'in_axes' of 'vmap' must match its argument: {len(axes)} axes for "
                                   f"a {type(arg).__name__} of {len(arg)} elements.")
            items = [_in_leaves(a, x, found) for a, x in zip(arg, axes)]
        else:
            items = [_in_leaves(a, axes, found) for a in arg]
        return (type(arg), items)
    if isinstance(arg, dict):
        return (dict, [(k, _in_leaves(v, axes[k] if isinstance(axes, dict) else axes, found))
                       for k, v in arg.items()])
    if isinstance(arg, Tensor):
        if isinstance(axes, (tuple, list)):
            raise RuntimeError(f"The 'in_axes' of 'vmap' gives a {type(axes).__name__} for a Tensor argument.")
        found.append((arg, _check_axis(axes, arg.ndim, "in_axes")))
        return ("leaf", len(found) - 1)
    if axes is not None and not isinstance(axes, (tuple, list)):
        raise RuntimeError(f"The orig_abs should be AbstractTensor when corresponding axis is {axes}, but got a "
                           f"{type(arg).__name__} ({arg!r}). Tip: Please check the correspondence between vmap's "
                           "'in_axes' and inputs.")
    return ("value", arg)


def _rebuild(template, values):
    kind, content = template
    if kind == "leaf":
        return values[content]
    if kind == "value":
        return content
    if kind is dict:
        return {k: _rebuild(t, values) for k, t in content}
    items = [_rebuild(t, values) for t in content]
    return kind(*items) if kind not in (tuple, list) and issubclass(kind, tuple) else kind(items)


def _move(full, source, destination):
    if source == destination:
        return full
    perm = [i for i in range(full.ndim) if i != source]
    perm.insert(destination, source)
    return transpose(full, perm=tuple(perm))


def _out(value, axes, level, size):
    """The result of the batched function for `value` (one example's output) with batch axes `axes`."""
    if isinstance(value, (tuple, list)):
        if isinstance(axes, (tuple, list)):
            if len(axes) != len(value):
                raise RuntimeError(f"The size of vmap's 'out_axes' should be equal to the number of results of "
                                   f"'fn': {len(value)}, but got size: {len(axes)}.")
            items = [_out(v, a, level, size) for v, a in zip(value, axes)]
        else:
            items = [_out(v, axes, level, size) for v in value]
        return type(value)(*items) if type(value) not in (tuple, list) and isinstance(value, tuple) \
            else type(value)(items)
    if isinstance(value, dict):
        return {k: _out(v, axes[k] if isinstance(axes, dict) else axes, level, size) for k, v in value.items()}
    batched = type(value) is BatchedTensor and value._level is level
    if not isinstance(value, Tensor):
        if axes is None:
            return value
        value = Tensor(value)
    ndim = value.ndim + 1
    if axes is None:
        if batched:
            raise RuntimeError("It is invalid that source is not None and dst is None.")
        return value
    axis = _check_axis(axes, ndim, "out_axes")
    if batched:
        return _move(value._full, value._axis, axis)
    spread = broadcast_to(expand_dims(value, axis=0), shape=(size,) + value.shape)
    return _move(spread, 0, axis)


def vmap(fn, in_axes=0, out_axes=0):
    """Map `fn` over an axis of its inputs, computing the whole batch at once.

    in_axes: the batch axis of each argument: an int or None for all of them, or a tuple/list with one
        entry per argument (nested like the argument for tuples, lists and dicts; None: not batched).
    out_axes: where the batch axis goes in each output (same forms; None only for outputs that do not
        depend on the batch).
    """
    state = {"warned": False}

    def vmap_fn(*args):
        if in_axes is None:
            raise RuntimeError("The 'in_axes' of 'vmap' cannot be a single None while 'fn' is not a 'CellList'.")
        if out_axes is None:
            raise RuntimeError("The 'out_axes' of 'vmap' cannot be a single None while 'fn' is not a 'CellList'.")
        if isinstance(in_axes, (tuple, list)) and len(in_axes) != len(args):
            raise RuntimeError("When vmap`s 'in_axes' is a tuple or list, and its size must be equal to the number "
                               f"of arguments of 'fn': {len(args)}, but got size: {len(in_axes)}.")
        found = []
        templates = [_in_leaves(a, in_axes[i] if isinstance(in_axes, (tuple, list)) else in_axes, found)
                     for i, a in enumerate(args)]
        sizes = []
        for tensor, axis in found:
            if axis is not None and tensor.shape[axis] not in sizes:
                sizes.append(tensor.shape[axis])
        if len(sizes) > 1:
            raise RuntimeError("The 'axis_size' of each argument in the scope of 'vmap' should be equal, but got "
                               f"{sizes[0]} and {sizes[1]}.")
        if not sizes:
            raise RuntimeError("The 'in_axes' of 'vmap' cannot be all None: no argument is batched.")
        size = sizes[0]
        level = Batching(size)
        leaves = [level.batched(t, a) for t, a in found]
        batched_args = [_rebuild(t, leaves) for t in templates]
        try:
            with interpreting(level):
                out = fn(*batched_args)
        except _ReadsBatchedValue:
            if not state["warned"]:
                state["warned"] = True
                warnings.warn(f"vmap: '{getattr(fn, '__name__', fn)}' reads a batched Tensor's values in Python "
                              "(float(), bool(), asnumpy(), print): it runs once per example instead.",
                              RuntimeWarning, stacklevel=2)
            return _loop(fn, templates, found, size)
        return _out(out, out_axes, level, size)

    def _loop(fn, templates, found, size):
        results = []
        for i in range(size):
            leaves = [getitem(t, index=(slice(None),) * a + (i,)) if a is not None else t for t, a in found]
            results.append(fn(*[_rebuild(t, leaves) for t in templates]))
        return _stacked(results, out_axes)

    vmap_fn.__name__ = f"vmap_of_{getattr(fn, '__name__', 'fn')}"
    return vmap_fn


def _stacked(results, axes):
    first = results[0]
    if isinstance(first, (tuple, list)):
        per = axes if isinstance(axes, (tuple, list)) else (axes,) * len(first)
        items = [_stacked([r[k] for r in results], per[k]) for k in range(len(first))]
        return type(first)(items)
    if isinstance(first, dict):
        return {k: _stacked([r[k] for r in results], axes[k] if isinstance(axes, dict) else axes) for k in first}
    if axes is None:
        return first
    tensors = [r if isinstance(r, Tensor) else Tensor(r) for r in results]
    return stack(*tensors, axis=_check_axis(axes, tensors[0].ndim + 1, "out_axes"))
