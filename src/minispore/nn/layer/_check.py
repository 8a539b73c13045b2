"""Input checks for layers, with a hint of the fix for the three most common mistakes: an input of the
wrong rank (a missing batch dimension, an image not flattened), channels last instead of first, and
an integer or float64 Tensor where the layer's float32 weights need float32.
"""
from minispore.common import _validate as V
from minispore.common.tensor import Tensor

__all__ = ["layer_input"]


def _shape_text(shape):
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def layer_input(cell, x, ranks, layout, channels=None, channel_axis=1, weights_dtype=None, name=None):
    """`x` checked for `cell`: a Tensor whose rank is in `ranks`, with `channels` at `channel_axis`
    (-1: last), and a float dtype equal to `weights_dtype` when given.

    `layout` reads like "(N, C, H, W)"; errors name the Cell (or `name`) and say how to fix the input.
    """
    name = name or cell.cls_name
    if not isinstance(x, Tensor):
        raise TypeError(f"{name} expects a Tensor of shape {layout}, but got {V.describe(x)}; make one with "
                        "mindspore.Tensor(data, mindspore.float32).")
    shape, ndim = x.shape, x.ndim
    if ndim not in ranks:
        hint = ""
        if ndim == min(ranks) - 1:
            hint = "; it looks unbatched: add the batch dimension with x.expand_dims(0)"
        elif ndim > max(ranks) and max(ranks) == 2 and channels is not None:
            hint = f"; flatten it first (nn.Flatten), or reshape it to (N, {channels})"
        elif ndim > max(ranks):
            hint = f"; reshape it to {layout}"
        raise ValueError(f"{name} expects input of shape {layout}, but got {_shape_text(shape)}{hint}.")
    if channels is not None:
        axis = channel_axis % ndim
        if shape[axis] != channels:
            if shape[-1] == channels and axis != ndim - 1:
                order = tuple(range(axis)) + (ndim - 1,) + tuple(range(axis, ndim - 1))
                hint = (f"; the channels look last (channels-last layout): move them to axis {axis} with "
                        f"x.transpose{order}")
            else:
                hint = f"; its axis {axis} must have {channels} channels (or build the layer for {shape[axis]})"
            raise ValueError(f"{name} expects input of shape {layout}, but got {_shape_text(shape)}{hint}.")
    kind = x._data.dtype.kind
    if kind != "f" or (weights_dtype is not None and x._data.dtype != weights_dtype):
        target = "float32" if weights_dtype is None else weights_dtype.name
        raise TypeError(f"{name} expects a {target} Tensor{', like its weights' if weights_dtype else ''}, but got "
                        f"{x.dtype}; convert it with x.astype(mindspore.{target}).")
    return x
