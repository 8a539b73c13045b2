"""Bit shifts and inversion of integer Tensors (`ops.bitwise_left_shift`, `ops.invert`, ...)."""
from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E
from minispore.ops.function.math_func import _operands

__all__ = ["bitwise_left_shift", "bitwise_right_shift", "invert"]


def _integer_operands(op, input, other):
    """Both operands as integer Tensors of one dtype (a Python int takes the Tensor's dtype)."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError(f"For '{op}', at least one of 'input' and 'other' must be a Tensor, but got "
                        f"{type(input).__name__} and {type(other).__name__}.")
    x, y = _operands(input, other)
    for name, value in (("input", x), ("other", y)):
        kind = value._data.dtype.kind if isinstance(value, Tensor) else None
        if (kind is not None and kind not in "iu") or (kind is None and type(value).__name__.startswith("float")):
            got = value.dtype if isinstance(value, Tensor) else type(value).__name__
            raise TypeError(f"For '{op}', the '{name}' must be an integer Tensor (Int8-Int64, UInt8-UInt64), "
                            f"but got {got}.")
    return x, y


def bitwise_left_shift(input, other):
    """input << other, elementwise (bits shifted out are lost; the dtype is kept)."""
    return E.left_shift(*_integer_operands("bitwise_left_shift", input, other))


def bitwise_right_shift(input, other):
    """input >> other, elementwise (arithmetic shift: negative values stay negative)."""
    return E.right_shift(*_integer_operands("bitwise_right_shift", input, other))


def invert(x):
    """Bitwise NOT of an integer Tensor (~x = -x - 1 for signed integers)."""
    if not isinstance(x, Tensor) or x._data.dtype.kind not in "iu":
        got = x.dtype if isinstance(x, Tensor) else type(x).__name__
        raise TypeError(f"For 'invert', the 'x' must be an integer Tensor (Int8-Int64, UInt8-UInt64), but got "
                        f"{got}.")
    return E.bitwise_not(x)
