"""The primitive registry: every op's forward kernel and backward rule, declared once.

`defprim(name, kernel, rule)` registers `kernel(xp, *arrays, **attrs)` (raw backend arrays in and
out) with `rule(*inputs, out, dout, **attrs)` (minispore Tensors; one gradient per input, None
where there is none) and returns the callable op. `rule=None` declares an op without gradient.
`n_out` is 1 for one output; any other value means the op returns a tuple (0: of varying length).
Inputs of an op are Tensors or Python scalars; attrs are static keyword arguments.
"""
from minispore._autodiff.tape import ACTIVE, record
from minispore._backend import xp
from minispore.common.tensor import Tensor

__all__ = ["PRIMS", "Primitive", "defprim", "wrap_output"]

PRIMS = {}

_ndarray = xp.ndarray
_new = object.__new__


class Primitive:
    """A registry entry: the name, the kernel, the rule and the number of outputs."""

    __slots__ = ("name", "kernel", "rule", "n_out", "op")

    def __init__(self, name, kernel, rule, n_out):
        self.name, self.kernel, self.rule, self.n_out = name, kernel, rule, n_out
        self.op = None

    def __repr__(self):
        return f"Primitive({self.name})"


def wrap_output(array):
    t = _new(Tensor)
    # NumPy reductions of 0-d results give NumPy scalars; a Tensor always holds an array.
    t._data = array if type(array) is _ndarray else xp.asarray(array)
    return t


def _describe(inputs):
    parts = []
    for x in inputs:
        if isinstance(x, Tensor):
            parts.append(f"Tensor(shape={x.shape}, dtype={x.dtype})")
        else:
            parts.append(repr(x))
    return ", ".join(parts)


def _failure(name, inputs, error):
    message = f"For '{name}', {error} (inputs: {_describe(inputs)})."
    return type(error)(message) if isinstance(error, (ValueError, TypeError, IndexError)) \
        else ValueError(message)


def defprim(name, kernel, rule, n_out=1):
    """Register a primitive and return its op: `op(*inputs, **attrs) -> Tensor or tuple`."""
    prim = Primitive(name, kernel, rule, n_out)
    PRIMS[name] = prim

    code = kernel.__code__
    arity = None if code.co_flags & 0x04 else code.co_argcount - 1  # 0x04: takes *args
    if n_out == 1 and arity == 1:
        # Ops of one to three inputs are most calls: no argument list is built for them.
        def op(x, **attrs):
            try:
                array = kernel(xp, x._data if isinstance(x, Tensor) else x, **attrs)
            except (ValueError, TypeError, IndexError, FloatingPointError) as error:
                raise _failure(name, (x,), error) from None
            out = _new(Tensor)
            out._data = array if type(array) is _ndarray else xp.asarray(array)
            if ACTIVE and rule is not None:
                record(rule, (x,), out, attrs)
            return out
    elif n_out == 1 and arity == 2:
        def op(x, y, **attrs):
            try:
                array = kernel(xp, x._data if isinstance(x, Tensor) else x,
                               y._data if isinstance(y, Tensor) else y, **attrs)
            except (ValueError, TypeError, IndexError, FloatingPointError) as error:
                raise _failure(name, (x, y), error) from None
            out = _new(Tensor)
            out._data = array if type(array) is _ndarray else xp.asarray(array)
            if ACTIVE and rule is not None:
                record(rule, (x, y), out, attrs)
            return out
    elif n_out == 1 and arity == 3:
        def op(x, y, z, **attrs):
            try:
                array = kernel(xp, x._data if isinstance(x, Tensor) else x, y._data if isinstance(y, Tensor) else y,
                               z._data if isinstance(z, Tensor) else z, **attrs)
            except (ValueError, TypeError, IndexError, FloatingPointError) as error:
                raise _failure(name, (x, y, z), error) from None
            out = _new(Tensor)
            out._data = array if type(array) is _ndarray else xp.asarray(array)
            if ACTIVE and rule is not None:
                record(rule, (x, y, z), out, attrs)
            return out
    elif n_out == 1:
        def op(*inputs, **attrs):
            try:
                array = kernel(xp, *[x._data if isinstance(x, Tensor) else x for x in inputs], **attrs)
            except (ValueError, TypeError, IndexError, FloatingPointError) as error:
                raise _failure(name, inputs, error) from None
            out = _new(Tensor)
            out._data = array if type(array) is _ndarray else xp.asarray(array)
            if ACTIVE and rule is not None:
                record(rule, inputs, out, attrs)
            return out
    else:
        def op(*inputs, **attrs):
            try:
                arrays = kernel(xp, *[x._data if isinstance(x, Tensor) else x for x in inputs], **attrs)
            except (ValueError, TypeError, IndexError, FloatingPointError) as error:
                raise _failure(name, inputs, error) from None
            out = tuple(map(wrap_output, arrays))
            if ACTIVE and rule is not None:
                record(rule, inputs, out, attrs)
            return out

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"The `{name}` primitive."
    prim.op = op
    return op
