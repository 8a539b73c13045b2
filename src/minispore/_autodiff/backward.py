"""The reverse pass over one tape: unbroadcasting, fan-in, None gradients and hooks live here once."""
from minispore._autodiff.tape import BACKWARD
from minispore._backend import xp
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims.elementwise import cast
from minispore.ops._prims.reduce import sum as reduce_sum
from minispore.ops._prims.shape import reshape

__all__ = ["backward", "sum_to", "zeros_like", "register_hook", "HookHandle"]

# id(tensor) -> (tensor, [hooks]); hooks run when that tensor's gradient is complete.
_HOOKS = {}


class HookHandle:
    """Returned by `register_hook`; `remove()` unregisters the hook."""

    def __init__(self, tensor, hook):
        self._key, self._hook = id(tensor), hook

    def remove(self):
        entry = _HOOKS.get(self._key)
        if entry is not None and self._hook in entry[1]:
            entry[1].remove(self._hook)
            if not entry[1]:
                del _HOOKS[self._key]


def register_hook(tensor, hook):
    if not callable(hook):
        raise TypeError(f"Expected a callable hook function, but got {type(hook).__name__}.")
    _HOOKS.setdefault(id(tensor), (tensor, []))[1].append(hook)
    return HookHandle(tensor, hook)


def _run_hooks(tensor, grad):
    for hook in list(_HOOKS[id(tensor)][1]):
        replaced = hook(grad)
        if replaced is not None:
            grad = replaced
    return grad


def sum_to(grad, shape):
    """Sum a broadcast gradient back to `shape`."""
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
    return wrap(xp.zeros(t._data.shape, dtype=t._data.dtype))


def backward(tape, outputs, seeds):
    """Propagate `seeds` (one per output Tensor) back through `tape`; returns {id: gradient}."""
    tracked = tape.tracked
    grads = {}
    for out, seed in zip(outputs, seeds):
        _accumulate(grads, out, seed)
    BACKWARD.append(tracked)
    try:
        _propagate(tape.nodes, tracked, grads)
    finally:
        BACKWARD.pop()
    if _HOOKS:
        for key in list(grads):
            if key in _HOOKS:
                grads[key] = _run_hooks(_HOOKS[key][0], grads[key])
    return grads


def _propagate(nodes, tracked, grads):
    hooks = _HOOKS
    pop = grads.pop
    for rule, inputs, out, attrs in reversed(nodes):
        if type(out) is tuple:
            douts = [pop(id(o), None) for o in out]
            if all(d is None for d in douts):
                continue
            douts = tuple(_hooked(o, d) if d is not None else zeros_like(o) for o, d in zip(out, douts))
        else:
            douts = pop(id(out), None)
            if douts is None:
                continue
            if hooks and id(out) in hooks:
                douts = _run_hooks(out, douts)
        input_grads = rule(*inputs, out, douts, **attrs)
        if not isinstance(input_grads, (tuple, list)):
            input_grads = (input_grads,)
        for x, grad in zip(inputs, input_grads):
            if grad is None:
                continue
            key = id(x)
            if key not in tracked:
                continue
            if (key not in grads and type(grad) is Tensor and grad._data.shape == x._data.shape
                    and grad._data.dtype == x._data.dtype):
                grads[key] = grad  # the common case: first gradient, right shape and dtype
            else:
                _accumulate(grads, x, grad)


def _hooked(tensor, grad):
    return _run_hooks(tensor, grad) if _HOOKS and id(tensor) in _HOOKS else grad


def _accumulate(grads, x, grad):
    if not isinstance(grad, Tensor):
        return
    if grad._data.shape != x._data.shape:
        grad = sum_to(grad, x._data.shape)
    if grad._data.dtype != x._data.dtype:
        grad = cast(grad, dtype=x._data.dtype)
    key = id(x)
    previous = grads.get(key)
    grads[key] = grad if previous is None else previous + grad
