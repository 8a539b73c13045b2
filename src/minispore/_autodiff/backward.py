"""The reverse pass over one tape: unbroadcasting, fan-in, None gradients, hooks and rule checks live here once."""
import weakref

from minispore._backend import backend_of
from minispore.common.tensor import Tensor, wrap
from minispore.common import _version
from minispore.ops._prims import dispatch
from minispore.ops._prims.elementwise import cast
from minispore.ops._prims.reduce import sum as reduce_sum
from minispore.ops._prims.shape import reshape

__all__ = ["backward", "sum_to", "zeros_like", "register_hook", "HookHandle", "cell_path"]

# id(tensor) -> [hooks], run when that Tensor's gradient is complete. An entry lives only as long as
# its Tensor: a finalizer removes it, so hooks on intermediate values never pile up.
_HOOKS = {}


class HookHandle:
    """Returned by `register_hook`; `remove()` unregisters the hook."""

    __slots__ = ("_keys", "_hooks", "_hook")

    def __init__(self, keys, hooks, hook):
        self._keys, self._hooks, self._hook = keys, hooks, hook

    def remove(self):
        hooks = self._hooks
        if self._hook in hooks:
            hooks.remove(self._hook)
            if not hooks:
                for key in self._keys:
                    if _HOOKS.get(key) is hooks:
                        del _HOOKS[key]


def register_hook(tensor, hook):
    """Call `hook(grad)` when `tensor`'s gradient is computed; a returned Tensor replaces the gradient."""
    if not callable(hook):
        raise TypeError(f"Expected a callable hook function, but got {type(hook).__name__}.")
    key = id(tensor)
    hooks = _HOOKS.get(key)
    if hooks is None:
        hooks = _HOOKS[key] = []
        weakref.finalize(tensor, _HOOKS.pop, key, None)
    hooks.append(hook)
    keys = [key]
    # An open tape that tracks `tensor` through a hollow twin routes its gradient by the twin: the
    # hooks are found there too, and still run when the Tensor itself is gone.
    for tape in dispatch._local.state.tapes:
        twin = tape.tracked.get(key)
        if twin is not None and twin is not tensor:
            keys.append(id(twin))
            if _HOOKS.get(id(twin)) is not hooks:
                _HOOKS[id(twin)] = hooks
                weakref.finalize(twin, _HOOKS.pop, id(twin), None)
    return HookHandle(tuple(keys), hooks, hook)


def _run_hooks(key, grad):
    for hook in list(_HOOKS.get(key, ())):
        replaced = hook(grad)
        if replaced is not None:
            grad = replaced
    return grad


def sum_to(grad, shape):
    """Sum a broadcast gradient back to `shape` (which it must broadcast from)."""
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1)
    if axes:
        grad = reduce_sum(grad, axis=axes, keepdims=False)
    return reshape(grad, shape=shape) if grad.shape != shape else grad


def zeros_like(t):
    """An untracked Tensor of zeros shaped like `t` (the gradient of what nothing depends on)."""
    data = t._data
    return wrap(backend_of(data).xp.zeros(data.shape, dtype=data.dtype))


def backward(tape, outputs, seeds, retain=False):
    """Propagate `seeds` (one per output Tensor) back through `tape`; returns {id: gradient}.

    Without `retain` the tape lets go of each node once its rule has run, so activations are freed
    as the pass goes (as PyTorch frees saved tensors) and the tape cannot run again.
    """
    grads = {}
    tracked = tape.tracked
    for out, seed in zip(outputs, seeds):
        _accumulate(grads, tracked.get(id(out), out), seed, None, tape, -1)
    running = dispatch._local.state.backward
    running.append(tape.tracked)
    try:
        _propagate(tape, grads, not retain)
    finally:
        running.pop()
    if _HOOKS:
        for key in list(grads):
            if key in _HOOKS:
                grads[key] = _run_hooks(key, grads[key])
    return grads


def _propagate(tape, grads, release):
    hooks = _HOOKS
    pop = grads.pop
    tracked = tape.tracked
    untrack = tracked.pop
    nodes = tape.nodes
    # Only when something was written in place since the scope opened do rules need older values.
    overwritten = _version._epoch != tape.epoch
    for index in range(len(nodes) - 1, -1, -1):
        node = nodes[index]
        prim, inputs, out, attrs, epoch, keys, out_key = node
        # Without retain, a node is let go once it ran, and its output gets no more gradient, so
        # untracking it lets the array go. Writes and user bprops may name a Tensor that other nodes
        # produced: those stay. Gradients are routed by the keys (see tape.py), rules get the values.
        if type(out_key) is tuple:
            if release:
                nodes[index] = None
                if prim.makes_output:
                    for o in out_key:
                        untrack(id(o), None)
            douts = [pop(id(o), None) for o in out_key]
            if all(d is None for d in douts):
                continue
            douts = tuple((_run_hooks(id(o), d) if hooks and id(o) in hooks else d) if d is not None
                          else zeros_like(o) for o, d in zip(out_key, douts))
        else:
            key = id(out_key)
            if release:
                nodes[index] = None
                if prim.makes_output:
                    untrack(key, None)
            douts = pop(key, None)
            if douts is None:
                continue
            if hooks and key in hooks:
                douts = _run_hooks(key, douts)
        rule = prim.rule
        if rule is None:
            continue  # a write without gradient: what reached the new value stops here
        if overwritten:
            values, out_value = _values_seen(tape, node, index)
            input_grads = rule(*values, out_value, douts, **attrs)
        else:
            input_grads = rule(*inputs, out, douts, **attrs)
        if type(input_grads) is not tuple:
            input_grads = _as_tuple(input_grads, tape, node, index)
        if len(input_grads) != len(inputs):
            raise _rule_error(tape, node, index, f"returned {len(input_grads)} gradient(s) for {len(inputs)} "
                                                 "input(s); a rule returns one gradient (or None) per input")
        for x, grad in zip(keys, input_grads):
            if grad is None:
                continue
            key = id(x)
            if key not in tracked:
                continue
            if (key not in grads and type(grad) is Tensor and grad._data.shape == x._data.shape
                    and grad._data.dtype == x._data.dtype):
                grads[key] = grad  # the common case: first gradient, right shape and dtype
            else:
                _accumulate(grads, x, grad, node, tape, index)


def _position(node, key):
    """Which input of `node` has routing key `key` (for errors)."""
    return next(i for i, each in enumerate(node[5]) if each is key)


def _as_tuple(input_grads, tape, node, index):
    if type(input_grads) is list:
        return tuple(input_grads)
    if len(node[1]) == 1 and (input_grads is None or isinstance(input_grads, Tensor)):
        return (input_grads,)
    raise _rule_error(tape, node, index, f"returned {type(input_grads).__name__}; a rule returns a tuple with one "
                                  "gradient (or None) per input")


def _accumulate(grads, x, grad, node, tape, index):
    """Add `grad` to the gradient of key `x` (summed to its shape, cast to its dtype)."""
    if not isinstance(grad, Tensor):
        if node is None:
            raise TypeError(f"grad: the sensitivity (sens) must be a Tensor, but got {type(grad).__name__}.")
        raise _rule_error(tape, node, index, f"returned a {type(grad).__name__} for input "
                                             f"{_position(node, x)}; gradients are Tensors (or None)")
    shape = x._data.shape
    if grad._data.shape != shape:
        if not _sums_to(grad._data.shape, shape):
            if node is None:
                raise ValueError(f"grad: the sensitivity has shape {grad.shape}, but the output it is for "
                                 f"has shape {shape}.")
            raise _rule_error(tape, node, index, f"returned a gradient of shape {grad.shape} for input "
                                                 f"{_position(node, x)}, which has shape {shape}; a gradient has "
                                                 "its input's shape, or one that sums to it over broadcast axes")
        grad = sum_to(grad, shape)
    if grad._data.dtype != x._data.dtype:
        grad = cast(grad, dtype=x._data.dtype)
    key = id(x)
    previous = grads.get(key)
    grads[key] = grad if previous is None else previous + grad


def _sums_to(grad_shape, shape):
    """Whether a gradient of `grad_shape` is a broadcast of `shape` (so summing recovers it)."""
    lead = len(grad_shape) - len(shape)
    return lead >= 0 and all(g == n or n == 1 for g, n in zip(grad_shape[lead:], shape))


def _values_seen(tape, node, index):
    """The node's inputs and output as they were when it was recorded (older values of overwritten ones).

    Where the rule reads only a Tensor's shape or dtype an older value is used when one was kept (a
    set_data may have changed them), and the Tensor itself otherwise.
    """
    prim, inputs, out, _, epoch = node[:5]
    reads = prim.reads
    if reads is None or (reads and len(reads) != len(inputs) + 1):
        reads = (True,) * (len(inputs) + 1)
    elif not reads:
        reads = (False,) * (len(inputs) + 1)
    values = tuple(_value_seen(tape, node, index, x, position, epoch, read)
                   for position, (x, read) in enumerate(zip(inputs, reads)))
    if type(out) is tuple:
        elements = reads[-1] if type(reads[-1]) is tuple else (reads[-1],) * len(out)
        return values, tuple(_value_seen(tape, node, index, o, "out", epoch, read) for o, read in zip(out, elements))
    return values, _value_seen(tape, node, index, out, "out", epoch, bool(reads[-1]))


def _value_seen(tape, node, index, x, position, epoch, required):
    if not isinstance(x, Tensor) or getattr(x, "_version", 0) <= epoch:
        return x
    for version, old in tape.snapshots.get(id(x), ()):
        if version > epoch:
            if old is not None:
                return old
            break
    if not required:
        return x
    what = "its output" if position == "out" else f"its input {position}"
    name = f" '{x.name}'" if hasattr(x, "name") and not callable(x.name) else ""
    raise _rule_error(tape, node, index, f"needs {what}, the {x.dtype} Tensor{name} of shape {x.shape}, which was "
                                  "written in place after it was used; write into a copy (x = x.copy()) or "
                                  "write before the value is used", checking=False)


def _rule_error(tape, node, index, problem, checking=True):
    """An error naming the node's primitive and, when it was recorded inside a Cell, the Cell's path."""
    prim = node[0]
    where = cell_path(tape, index)
    subject = f"The backward rule of '{prim.name}'" if checking else f"The gradient of '{prim.name}'"
    return (ValueError if checking else RuntimeError)(
        f"{subject} {problem}." + (f" [recorded in {where}]" if where else ""))


def cell_path(tape, index):
    """'Network.dense_relu_sequential.0 (Dense)' for the Cell that recorded node `index`, or ''."""
    open_cells = []
    for start, cell in tape.cells:
        if start > index:
            break
        if cell is not None:
            open_cells.append(cell)
        elif open_cells:
            open_cells.pop()
    if not open_cells:
        return ""
    root, inner = open_cells[0], open_cells[-1]
    path = inner._scope[:-1]
    place = f"{root.cls_name}.{path}" if path else root.cls_name
    return place if inner is root else f"{place} ({inner.cls_name})"
