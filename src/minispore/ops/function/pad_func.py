"""`ops.pad` in every mode MindSpore has: 'constant' (negative widths crop), 'reflect', 'replicate' and
'circular'. The non-constant modes are gathers along each padded axis, so their gradients (any order) come
from the gather primitive's scatter-add rule."""
import numbers

from minispore._backend import backend_of
from minispore.common import _validate as V
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import shape as S

__all__ = ["pad"]

_MODES = ("constant", "reflect", "replicate", "circular")


def _widths(padding, ndim):
    """(left, right, top, bottom, ...) on the last dims as one (before, after) pair per axis."""
    if isinstance(padding, Tensor):
        padding = padding.tolist()
    if not isinstance(padding, (tuple, list)) or not all(
            isinstance(p, numbers.Integral) and not isinstance(p, bool) for p in padding):
        raise TypeError(f"For 'pad', the 'padding' must be a tuple, list or 1-D Tensor of ints, but got {padding!r}.")
    if len(padding) % 2:
        raise ValueError(f"For 'pad', the size of padding must be divisible by 2, but got {len(padding)}")
    if len(padding) // 2 > ndim:
        raise ValueError(f"For 'pad', the padding has {len(padding) // 2} pairs, more than the {ndim} dimensions of "
                         "the input.")
    widths = [(0, 0)] * ndim
    for i in range(len(padding) // 2):
        widths[ndim - 1 - i] = (int(padding[2 * i]), int(padding[2 * i + 1]))
    return widths


def _source_positions(xp, size, before, after, mode):
    """For each position of the padded axis, the input position it copies."""
    positions = xp.arange(-before, size + after)
    if mode == "replicate":
        return xp.clip(positions, 0, size - 1)
    if mode == "circular":
        return positions % size
    period = 2 * (size - 1)
    folded = positions % period if period else positions * 0
    return xp.where(folded < size, folded, period - folded)


def _check_mode_widths(mode, widths, shape):
    for axis, ((before, after), size) in enumerate(zip(widths, shape)):
        if not (before or after):
            continue
        if before < 0 or after < 0:
            raise ValueError(f"For 'pad', mode '{mode}' cannot crop: the padding ({before}, {after}) of dimension "
                             f"{axis} must not be negative.")
        if mode == "reflect" and (before >= size or after >= size):
            raise ValueError(f"For 'pad' reflect mode, Padding size must be less than the corresponding input "
                             f"dimension, but got: padding ({before},{after}) at dimension {axis} of input:[{size}]")
        if mode == "circular" and (before > size or after > size):
            raise ValueError(f"For 'pad' circular mode, the padding ({before}, {after}) of dimension {axis} must not "
                             f"exceed its size {size} (it would wrap around more than once).")
        if mode == "replicate" and size == 0:
            raise ValueError(f"For 'pad' replicate mode, dimension {axis} is empty: there is no edge to repeat.")


@V.allocates
def pad(input_x, padding, mode="constant", value=None):
    """Pad the last dims: padding = (left, right, top, bottom, ...), as in MindSpore and PyTorch."""
    if not isinstance(input_x, Tensor):
        raise TypeError(f"For 'pad', the 'input_x' must be a Tensor, but got {type(input_x).__name__}.")
    if mode not in _MODES:
        raise ValueError(f"For 'pad', the 'mode' must be one of {list(_MODES)}, but got {mode!r}.")
    widths = _widths(padding, input_x.ndim)
    if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Number)):
        raise TypeError(f"For 'pad', the 'value' must be a number or None, but got {type(value).__name__}.")
    if not any(before or after for before, after in widths):
        return input_x
    if mode != "constant":
        if value is not None:
            raise ValueError(f"For 'pad', the padding mode '{mode}' can not set value, but got value {value}.")
        _check_mode_widths(mode, widths, input_x.shape)
        xp = backend_of(input_x._data).xp
        out = input_x
        for axis, ((before, after), size) in enumerate(zip(widths, input_x.shape)):
            if before or after:
                out = S.gather(out, wrap(_source_positions(xp, size, before, after, mode)), axis=axis)
        return out
    for axis, ((before, after), size) in enumerate(zip(widths, input_x.shape)):
        if size + before + after < 0:
            raise ValueError(f"For 'pad', dimension {axis} of size {size} with padding ({before}, {after}) would have "
                             "a negative size.")
    fill = input_x._data.dtype.type(0 if value is None else value)
    grown = widths if all(before >= 0 and after >= 0 for before, after in widths) else [
        (max(before, 0), max(after, 0)) for before, after in widths]
    out = S.pad(input_x, widths=tuple(grown), value=fill) if any(b or a for b, a in grown) else input_x
    if grown is widths:
        return out
    # Negative widths crop the padded result (a crop may reach into the padding on the other side).
    crop = tuple(slice(-min(before, 0), size + max(before, 0) + after)
                 for (before, after), size in zip(widths, input_x.shape))
    return S.getitem(out, index=crop)
