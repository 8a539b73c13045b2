"""The `ops` namespace's first check: arguments MindSpore documents as Tensors are Tensors.

MindSpore refuses a Python number, list or NumPy array where its docstring says `input (Tensor)` with a
TypeError; minispore's functions would read `.shape` or `._data` of it and fail with an AttributeError.
`checked(name, function)` wraps a public function so that those parameters (listed per op in the
generated _tensor_params.py) are checked by `_validate` first. The functions inside minispore call each
other unwrapped; only what users reach through `ops` (and `ops.function`) pays for the check.
"""
import functools
import inspect

from minispore.common import _validate as V
from minispore.ops.function._tensor_params import TENSOR_PARAMS

__all__ = ["checked"]

# Parameters where minispore takes more than MindSpore's Tensor: fold's output_size may be a tuple too.
_ACCEPTS_MORE = {"fold": {"output_size"}}
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _check(op, name, kind, value):
    if kind == "tensors":
        V.tensors(op, name, value, minimum=0)
    elif not (kind == "optional" and value is None):
        V.tensor(op, name, value)


def checked(name, function):
    """`function` with its documented Tensor parameters checked; `function` itself when it has none."""
    spec = {parameter: kind for parameter, kind in TENSOR_PARAMS.get(name, {}).items()
            if parameter not in _ACCEPTS_MORE.get(name, ())}
    try:
        parameters = list(inspect.signature(function).parameters.values()) if spec else []
    except (TypeError, ValueError):
        return function
    checks = tuple((position if parameter.kind in _POSITIONAL else None, parameter.name, spec[parameter.name])
                   for position, parameter in enumerate(parameters) if parameter.name in spec)
    if not checks:
        return function

    @functools.wraps(function)
    def checking(*args, **kwargs):
        for position, parameter, kind in checks:
            if position is not None and position < len(args):
                _check(name, parameter, kind, args[position])
            elif parameter in kwargs:
                _check(name, parameter, kind, kwargs[parameter])
        return function(*args, **kwargs)
    return checking
