"""Bitwise Primitive classes: `P.BitwiseAnd()(x, y)`, `P.LeftShift()(x, y)`, `P.Invert()(x)`, ..."""
from minispore.common.tensor import Tensor
from minispore.ops.function import bitwise_func as B, math_func as M
from minispore.ops.primitive import Primitive

__all__ = ["BitwiseAnd", "BitwiseOr", "BitwiseXor", "LeftShift", "RightShift", "Invert"]


def _check_kinds(name, kinds, **tensors):
    for arg, value in tensors.items():
        if isinstance(value, Tensor) and value._data.dtype.kind not in kinds:
            allowed = "Bool and integer" if "b" in kinds else "integer"
            raise TypeError(f"For primitive[{name}], the input argument[{arg}] must be a {allowed} Tensor, but got "
                            f"Tensor[{value.dtype}].")


class _Bitwise(Primitive):
    """x op y on Bool or integer Tensors (broadcast, promoted as ops.add promotes)."""

    _fn = None

    def __call__(self, x, y):
        _check_kinds(self.name, "biu", x=x, y=y)
        return type(self)._fn(x, y)


class BitwiseAnd(_Bitwise):
    """x & y."""

    _fn = staticmethod(M.bitwise_and)


class BitwiseOr(_Bitwise):
    """x | y."""

    _fn = staticmethod(M.bitwise_or)


class BitwiseXor(_Bitwise):
    """x ^ y."""

    _fn = staticmethod(M.bitwise_xor)


class _Shift(Primitive):
    """x shifted by y bits: integer Tensors of one dtype."""

    _fn = None

    def __call__(self, x, y):
        _check_kinds(self.name, "iu", x=x, y=y)
        if isinstance(x, Tensor) and isinstance(y, Tensor) and x.dtype != y.dtype:
            raise TypeError(f"For '{self.name}', the dtype of two args should be same, but the first arg dtype "
                            f"{x.dtype} are not consistent with second arg dtype {y.dtype}")
        return type(self)._fn(x, y)


class LeftShift(_Shift):
    """x << y (bits shifted out are lost)."""

    _fn = staticmethod(B.bitwise_left_shift)


class RightShift(_Shift):
    """x >> y (arithmetic: negative values stay negative)."""

    _fn = staticmethod(B.bitwise_right_shift)


class Invert(Primitive):
    """~x on an integer Tensor."""

    def __call__(self, x):
        _check_kinds(self.name, "iu", x=x)
        return B.invert(x)
