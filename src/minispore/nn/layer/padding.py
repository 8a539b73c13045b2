"""Padding layers: ConstantPad1d/2d/3d, ZeroPad2d, ReflectionPad1d/2d/3d and ReplicationPad1d/2d/3d."""
from minispore._backend import backend_of
from minispore.common import _validate as V
from minispore.common.tensor import wrap
from minispore.nn.cell import Cell
from minispore.ops._prims import shape as S
from minispore.ops.function.pad_func import pad

__all__ = ["ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad2d",
           "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
           "ReplicationPad3d"]

_ORDINALS = {0: "1st", 1: "2nd", 2: "3rd"}


def _axis_widths(padding, ndim):
    """(left, right, top, bottom, ...) on the last dims as one (before, after) pair per axis of an ndim input."""
    widths = [(0, 0)] * ndim
    for i in range(len(padding) // 2):
        widths[ndim - 1 - i] = (int(padding[2 * i]), int(padding[2 * i + 1]))
    return widths


class _ConstantPadNd(Cell):
    """Pad the last len(padding)//2 dims with `value`; negative widths crop."""

    _pairs = 1

    def __init__(self, padding, value):
        super().__init__()
        name = type(self).__name__
        if isinstance(padding, int) and not isinstance(padding, bool):
            padding = (padding,) * (2 * self._pairs)
        elif isinstance(padding, tuple):
            if len(padding) % 2 != 0:
                raise ValueError(f"For '{name}', the length of parameter 'padding' with tuple type must be a "
                                 f"multiple of 2, but got {len(padding)}")
            if self._pairs == 1 and len(padding) != 2:
                raise ValueError(f"For '{name}', the length of parameter 'padding' with tuple type must equal to 2."
                                 f"but got {len(padding)}")
            if len(padding) > 2 * self._pairs:
                raise ValueError(f"For '{name}', the length of parameter 'padding' with tuple type must no more "
                                 f"than {2 * self._pairs}.but got {len(padding)}")
        else:
            raise TypeError(f"For '{name}', the type of parameter 'padding' must be in [int, tuple], "
                            f"but got {type(padding)}")
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in padding):
            raise TypeError(f"For '{name}', every element of 'padding' must be an int, but got {padding}.")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"For '{name}', the type of parameter 'value' must be in [int, float], "
                            f"but got {type(value)}")
        self.padding, self.value = padding, value

    def construct(self, x):
        V.tensor(type(self).__name__, "input", x)
        if len(self.padding) // 2 > x.ndim:
            raise ValueError(f"For '{type(self).__name__}', paddings length too large for input dims, the pad dims "
                             f"must be less than or equal to {x.ndim}")
        widths = _axis_widths(self.padding, x.ndim)
        for axis, ((before, after), size) in enumerate(zip(widths, x.shape)):
            if size + before + after <= 0:
                where = _ORDINALS.get(axis, f"{axis + 1}th")
                raise ValueError(f"For '{type(self).__name__}', the shape of input after padding must be positive, "
                                 f"the input shape is {x.shape}, but the {where} dimension of input shape {size} "
                                 f"plus padding {before} and {after} resulted in a non-positive output shape.")
        if any(before < 0 or after < 0 for before, after in widths):
            crop = tuple(slice(-min(before, 0), size + min(after, 0)) for (before, after), size in zip(widths, x.shape))
            x = S.getitem(x, index=crop)
            widths = [(max(before, 0), max(after, 0)) for before, after in widths]
        if not any(before or after for before, after in widths):
            return x
        return S.pad(x, widths=tuple(widths), value=self.value)


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dim with `value`: padding is an int or (left, right)."""

    _pairs = 1


class ConstantPad2d(_ConstantPadNd):
    """Pad the last two dims with `value`: padding is an int or (left, right[, top, bottom])."""

    _pairs = 2


class ConstantPad3d(_ConstantPadNd):
    """Pad the last three dims with `value`: padding is an int or up to 6 widths."""

    _pairs = 3


class ZeroPad2d(ConstantPad2d):
    """Pad the last two dims with zeros: padding is an int or (left, right[, top, bottom])."""

    def __init__(self, padding):
        super().__init__(padding, 0)


class _ReflectionPadNd(Cell):
    """Pad the last dims by mirroring the input without repeating the edge; gathers give the gradient."""

    _pairs = 1

    def __init__(self, padding):
        super().__init__()
        name = type(self).__name__
        if isinstance(padding, int) and not isinstance(padding, bool):
            padding = (padding,) * (2 * self._pairs)
        if not isinstance(padding, tuple):
            raise TypeError(f"For '{name}' the input 'padding' must be an integer or tuple, "
                            f"but got {type(padding).__name__}")
        if len(padding) % 2 != 0:
            raise ValueError(f"For '{name}' the length of input 'padding' must be divisible by 2, "
                             f"but got padding of length {len(padding)}. ")
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in padding):
            raise TypeError(f"For '{name}' every element in 'padding' must be integer, but got {padding}. ")
        if not all(i >= 0 for i in padding):
            raise ValueError(f"For '{name}' every element in 'padding' must be >= 0. but got {padding}. ")
        self.padding = padding

    def construct(self, x):
        V.tensor(type(self).__name__, "input", x)
        pairs = len(self.padding) // 2
        if x.ndim < pairs:
            raise ValueError(f"For padding with length {len(self.padding)}, the dimension of the tensor should "
                             f"be at least {pairs}, but got {x.ndim}")
        for axis, (before, after) in enumerate(_axis_widths(self.padding, x.ndim)):
            if not before and not after:
                continue
            size = x.shape[axis]
            if before >= size or after >= size:
                raise ValueError(f"For '{type(self).__name__}', paddings must be less than the dimension size: "
                                 f"got padding ({before}, {after}) for a dimension of size {size}.")
            xp = backend_of(x._data).xp
            index = xp.pad(xp.arange(size), (before, after), mode="reflect")
            x = S.gather(x, wrap(index), axis=axis)
        return x


class ReflectionPad1d(_ReflectionPadNd):
    """Mirror-pad the last dim: padding is an int or (left, right)."""

    _pairs = 1


class ReflectionPad2d(_ReflectionPadNd):
    """Mirror-pad the last two dims: padding is an int or (left, right, top, bottom)."""

    _pairs = 2


class ReflectionPad3d(_ReflectionPadNd):
    """Mirror-pad the last three dims: padding is an int or 6 widths."""

    _pairs = 3


class _ReplicationPadNd(_ReflectionPadNd):
    """Pad the last dims by repeating the edge values (any width); gathers give the gradient."""

    def construct(self, x):
        pairs = len(self.padding) // 2
        if V.tensor(type(self).__name__, "input", x).ndim < pairs:
            raise ValueError(f"For padding with length {len(self.padding)}, the dimension of the tensor should "
                             f"be at least {pairs}, but got {x.ndim}")
        return pad(x, self.padding, mode="replicate")


class ReplicationPad1d(_ReplicationPadNd):
    """Edge-pad the last dim: padding is an int or (left, right)."""

    _pairs = 1


class ReplicationPad2d(_ReplicationPadNd):
    """Edge-pad the last two dims: padding is an int or (left, right, top, bottom)."""

    _pairs = 2


class ReplicationPad3d(_ReplicationPadNd):
    """Edge-pad the last three dims: padding is an int or 6 widths."""

    _pairs = 3
