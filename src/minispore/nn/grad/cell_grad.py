"""`nn.grad.Jvp` and `nn.grad.Vjp`: a network's output with its Jacobian-vector or vector-Jacobian product."""
from minispore import log
from minispore._autodiff.api import jvp, vjp
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell

__all__ = ["Jvp", "Vjp"]

_warned = set()


def _warn_deprecated(name, substitute):
    if name not in _warned:
        _warned.add(name)
        log.warning(f"'{name}' is deprecated from version 1.9 and will be removed in a future version, "
                    f"use '{substitute}' instead.")


def _check_like(name, what, given, expected):
    """TypeError unless `given` is a Tensor where `expected` is one, or a tuple of as many Tensors."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(given, (tuple, list)) or len(given) != len(expected) or \
                not all(isinstance(g, Tensor) for g in given):
            raise TypeError(f"For '{name}', {what} must be a tuple of {len(expected)} Tensors, one per "
                            f"{'input' if what == 'v' else 'output'}, but got {_describe(given)}.")
    elif not isinstance(given, Tensor):
        raise TypeError(f"For '{name}', {what} must be a Tensor, but got {_describe(given)}.")


def _describe(value):
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__


def _inputs_and_vector(name, args):
    if len(args) < 2:
        raise TypeError(f"For '{name}', call it with the network's inputs followed by the vector v, but got "
                        f"{len(args)} argument(s).")
    inputs, v = args[:-1], args[-1]
    for position, x in enumerate(inputs):
        if not isinstance(x, Tensor):
            raise TypeError(f"For '{name}', the network's inputs must be Tensors, but input {position} is "
                            f"{_describe(x)}.")
    return inputs, v


class Jvp(Cell):
    """`Jvp(fn)(*inputs, v)` -> `(fn(*inputs), J·v)`: v is a Tensor for one input, a tuple for several."""

    def __init__(self, fn):
        _warn_deprecated("Jvp", "ops.jvp")
        super().__init__()
        self.fn = fn

    def construct(self, *args):
        inputs, v = _inputs_and_vector("Jvp", args)
        _check_like("Jvp", "v", v, inputs if len(inputs) > 1 else inputs[0])
        tangents = tuple(v) if len(inputs) > 1 else v
        return jvp(self.fn, inputs if len(inputs) > 1 else inputs[0], tangents)


class Vjp(Cell):
    """`Vjp(fn)(*inputs, v)` -> `(fn(*inputs), vᵀ·J)`: v has the output's structure; one gradient per input."""

    def __init__(self, fn):
        _warn_deprecated("Vjp", "ops.vjp")
        super().__init__()
        self.fn = fn

    def construct(self, *args):
        inputs, v = _inputs_and_vector("Vjp", args)
        output, pullback = vjp(self.fn, *inputs)
        _check_like("Vjp", "v (the output's cotangent)", v, output)
        grads = pullback(*v) if isinstance(output, tuple) else pullback(v)
        return output, grads[0] if len(inputs) == 1 else grads
