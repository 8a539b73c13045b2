"""The `ops` namespace's first check: arguments MindSpore documents as Tensors are Tensors.

MindSpore refuses a Python number, list or NumPy array where its docstring says `input (Tensor)` with a
TypeError; minispore's functions would read `.shape` or `._data` of it and fail with an AttributeError.
`checked(name, function)` wraps a public function so that those parameters (listed per op in the
generated _tensor_params.py) are checked first. The functions inside minispore call each other unwrapped;
only what users reach through `ops` (and `ops.function`) pays for the check.

The wrapper is written at import with the function's own parameter list, so a call costs one extra
Python frame and one isinstance per checked argument (no *args packing, no loop, no signature binding).
Ops with the same parameter list share one compiled wrapper; each gets the defaults of its function.
"""
import functools

from minispore.common import _validate as V
from minispore.common.tensor import Tensor
from minispore.ops.function._tensor_params import TENSOR_PARAMS

__all__ = ["checked"]

# Parameters where minispore takes more than MindSpore's Tensor: fold's output_size may be a tuple too,
# searchsorted's values a list or a number.
_ACCEPTS_MORE = {"fold": {"output_size"}, "searchsorted": {"values"}}
_VARARGS, _VARKEYWORDS = 0x04, 0x08  # code flags: the function takes *args, **kwargs

_CHECK = {
    "tensor": "        if not isinstance({p}, _Tensor): _V.tensor(_op, {p!r}, {p})\n",
    "optional": "        if {p} is not None and not isinstance({p}, _Tensor): _V.tensor(_op, {p!r}, {p})\n",
    "tensors": "        _V.tensors(_op, {p!r}, {p}, minimum=0)\n",
    "optional tensors": "        if {p} is not None: _V.tensors(_op, {p!r}, {p}, minimum=0)\n",
}
_RESERVED = {"_function", "_op", "_Tensor", "_V"}
_FACTORIES = {}  # wrapper source -> the function that makes a wrapper of that shape


def _source(function, spec):
    """The text of a factory of `checking`, whose parameters are the function's own (defaults None: the
    function's real defaults are set on each wrapper), or None when nothing is to be checked."""
    code = function.__code__
    names, positional, keyword_only = code.co_varnames, code.co_argcount, code.co_kwonlyargcount
    first_default = positional - len(function.__defaults__ or ())
    kw_defaults = function.__kwdefaults__ or {}
    header, call, checks = [], [], []

    def check(name, varargs, default_is_none):
        kind = spec.get(name)
        if kind is None:
            return
        if varargs:  # *operands documented as Tensor: every one of them is
            kind = "tensors"
        elif default_is_none:  # documented as a Tensor, but None is its default
            kind = {"tensor": "optional", "tensors": "optional tensors"}.get(kind, kind)
        checks.append(_CHECK[kind].format(p=name))

    for index in range(positional):
        name = names[index]
        has_default = index >= first_default
        header.append(f"{name}=None" if has_default else name)
        if index + 1 == code.co_posonlyargcount:
            header.append("/")
        call.append(name)
        check(name, False, has_default and function.__defaults__[index - first_default] is None)
    index = positional + keyword_only
    if code.co_flags & _VARARGS:
        header.append("*" + names[index])
        call.append("*" + names[index])
        check(names[index], True, False)
        index += 1
    elif keyword_only:
        header.append("*")
    for name in names[positional:positional + keyword_only]:
        header.append(f"{name}=None" if name in kw_defaults else name)
        call.append(f"{name}={name}")
        check(name, False, name in kw_defaults and kw_defaults[name] is None)
    if code.co_flags & _VARKEYWORDS:
        header.append("**" + names[index])
        call.append("**" + names[index])
    if not checks or _RESERVED.intersection(names[:index + 1]):
        return None
    return (f"def factory(_function, _op):\n    def checking({', '.join(header)}):\n{''.join(checks)}"
            f"        return _function({', '.join(call)})\n    return checking\n")


def checked(name, function):
    """`function` with its documented Tensor parameters checked; `function` itself when it has none."""
    spec = {parameter: kind for parameter, kind in TENSOR_PARAMS.get(name, {}).items()
            if parameter not in _ACCEPTS_MORE.get(name, ())}
    inner = function
    while hasattr(inner, "__wrapped__"):  # a decorated function (V.allocates): its parameters are the inner's
        inner = inner.__wrapped__
    if not spec or not hasattr(inner, "__code__"):
        return function
    source = _source(inner, spec)
    if source is None:
        return function
    factory = _FACTORIES.get(source)
    if factory is None:
        namespace = {"_Tensor": Tensor, "_V": V}
        exec(compile(source, "<ops argument checks>", "exec"), namespace)  # noqa: S102 - our own text
        factory = _FACTORIES[source] = namespace["factory"]
    checking = factory(function, name)
    checking.__defaults__ = inner.__defaults__
    checking.__kwdefaults__ = dict(inner.__kwdefaults__) if inner.__kwdefaults__ else None
    return functools.wraps(function)(checking)
