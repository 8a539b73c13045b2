"""The `ops` namespace's first check: arguments MindSpore documents as Tensors are Tensors.

MindSpore refuses a Python number, list or NumPy array where its docstring says `input (Tensor)` with a
TypeError; minispore's functions would read `.shape` or `._data` of it and fail with an AttributeError.
`checked(name, function)` wraps a public function so that those parameters (listed per op in the
generated _tensor_params.py) are checked first. The functions inside minispore call each other unwrapped;
only what users reach through `ops` (and `ops.function`) pays for the check.

The wrapper is written once per function, at import, with the function's own parameter list: a call
costs one extra Python frame and one isinstance per checked argument (no *args packing, no loop).
"""
import functools
import inspect

from minispore.common import _validate as V
from minispore.common.tensor import Tensor
from minispore.ops.function._tensor_params import TENSOR_PARAMS

__all__ = ["checked"]

# Parameters where minispore takes more than MindSpore's Tensor: fold's output_size may be a tuple too,
# searchsorted's values a list or a number.
_ACCEPTS_MORE = {"fold": {"output_size"}, "searchsorted": {"values"}}

_CHECK = {
    "tensor": "    if not isinstance({p}, _Tensor): _V.tensor({op!r}, {p!r}, {p})\n",
    "optional": "    if {p} is not None and not isinstance({p}, _Tensor): _V.tensor({op!r}, {p!r}, {p})\n",
    "tensors": "    _V.tensors({op!r}, {p!r}, {p}, minimum=0)\n",
    "optional tensors": "    if {p} is not None: _V.tensors({op!r}, {p!r}, {p}, minimum=0)\n",
}


def _source(name, parameters, spec):
    """The text of `def checking(<function's parameters>)`: the checks, then the call passing each on."""
    header, call, defaults = [], [], {}
    star_written = False
    for index, parameter in enumerate(parameters):
        text = parameter.name
        if parameter.default is not inspect.Parameter.empty:
            defaults[f"_default{index}"] = parameter.default
            text += f"=_default{index}"
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            header.append("*" + parameter.name)
            call.append("*" + parameter.name)
            star_written = True
        elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
            header.append("**" + parameter.name)
            call.append("**" + parameter.name)
        elif parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            if not star_written:
                header.append("*")
                star_written = True
            header.append(text)
            call.append(f"{parameter.name}={parameter.name}")
        else:
            header.append(text)
            call.append(parameter.name)
            if parameter.kind is inspect.Parameter.POSITIONAL_ONLY and (
                    index + 1 == len(parameters) or parameters[index + 1].kind is not parameter.kind):
                header.append("/")
    # *operands documented as Tensor: every one of them is; a Tensor parameter whose default is None takes None
    kinds = {p.name: "tensors" if p.kind is inspect.Parameter.VAR_POSITIONAL else
             "optional" if spec[p.name] == "tensor" and p.default is None else
             "optional tensors" if spec[p.name] == "tensors" and p.default is None else spec[p.name]
             for p in parameters if p.name in spec}
    body = "".join(_CHECK[kind].format(p=p, op=name) for p, kind in kinds.items())
    return f"def checking({', '.join(header)}):\n{body}    return _function({', '.join(call)})\n", defaults


def checked(name, function):
    """`function` with its documented Tensor parameters checked; `function` itself when it has none."""
    spec = {parameter: kind for parameter, kind in TENSOR_PARAMS.get(name, {}).items()
            if parameter not in _ACCEPTS_MORE.get(name, ())}
    if not spec:
        return function
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return function
    reserved = {"_function", "_Tensor", "_V"}
    if not any(p.name in spec for p in parameters) or any(p.name in reserved for p in parameters):
        return function
    source, namespace = _source(name, parameters, spec)
    namespace.update(_function=function, _Tensor=Tensor, _V=V)
    exec(compile(source, f"<ops.{name} argument checks>", "exec"), namespace)  # noqa: S102 - our own text
    return functools.wraps(function)(namespace["checking"])
