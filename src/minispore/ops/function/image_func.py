"""Resizing ops: `interpolate` (nearest, linear, bilinear) as gathers and weighted sums.

Built from the gather primitive, so gradients (any order) come from its scatter-add rule.
Index and weight tables are computed in float32, like MindSpore's CPU resize kernels.
"""
import math

from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, shape as S

__all__ = ["interpolate", "upsample"]

# For each mode: the input ranks MindSpore accepts, and which options each rank allows.
_SUPPORTED = {
    "nearest": {3: (), 4: (), 5: ("scale_factor",)},
    "linear": {3: ("align_corners",)},
    "bilinear": {4: ("align_corners",)},
    "bicubic": {4: ("align_corners",)},
    "area": {3: ("scale_factor",), 4: ("scale_factor",), 5: ("scale_factor",)},
    "nearest-exact": {3: (), 4: ()},
    "trilinear": {5: ("align_corners", "scale_factor")},
}
_IMPLEMENTED = {("nearest", 3), ("nearest", 4), ("linear", 3), ("bilinear", 4)}


def _per_axis(value, rank, name, kind):
    """An int/float or a sequence of them as a tuple of one value per spatial axis, checked positive."""
    is_sequence = isinstance(value, (list, tuple))
    values = tuple(value) if is_sequence else (value,) * (rank - 2)
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, kind) or v <= 0:
            label = f"{name}[{i}]" if is_sequence else name
            what = "int" if kind is int else "float"
            raise ValueError(f"For 'interpolate', the '{label}' must be {what} and must > 0, "
                             f"but got '{v}' with type '{type(v).__name__}'.")
    if len(values) != rank - 2:
        raise ValueError(f"For 'interpolate', 'input' and '{name}' must have the same spatial dimensions, "
                         f"but got 'input' is {rank - 2}D, '{name}' is {len(values)}D")
    return values


def _check_mode(mode, rank):
    if mode not in _SUPPORTED:
        raise ValueError(f"For 'interpolate', 'mode' must be in '{list(_SUPPORTED)}', but got {mode}")
    if rank not in _SUPPORTED[mode]:
        raise ValueError(f"For 'interpolate', {mode} only support '{sorted(_SUPPORTED[mode])}'D, but got {rank}D")
    if (mode, rank) not in _IMPLEMENTED:
        raise ValueError(f"For 'interpolate', minispore implements modes nearest (3D/4D), linear (3D) and "
                         f"bilinear (4D), but got mode '{mode}' with {rank}D input.")


# Source coordinates are computed in float32, as MindSpore's kernels do.
_F32 = mstype.np_dtype(mstype.float32).type
_INT64 = mstype.np_dtype(mstype.int64)


def _nearest_axis(x, axis, out_size):
    """Output i takes input floor(i * in/out), clipped to the last input index."""
    xp = backend_of(x._data).xp
    in_size = x.shape[axis]
    scale = _F32(in_size / out_size)
    index = xp.minimum(xp.floor(xp.arange(out_size, dtype=_F32) * scale).astype(_INT64), in_size - 1)
    return S.gather(x, wrap(index), axis=axis)


def linear_axis(x, axis, out_size, align_corners):
    """Blend the two neighbours of each output's source coordinate along one axis."""
    xp = backend_of(x._data).xp
    in_size = x.shape[axis]
    dst = xp.arange(out_size, dtype=_F32)
    if align_corners:
        scale = _F32((in_size - 1) / (out_size - 1)) if out_size > 1 else _F32(0)
        src = dst * scale
    else:
        src = (dst + _F32(0.5)) * _F32(in_size / out_size) - _F32(0.5)
    src = xp.clip(src, 0, in_size - 1)
    lower = xp.floor(src).astype(_INT64)
    upper = xp.minimum(lower + 1, in_size - 1)
    weight_shape = (out_size,) + (1,) * (x.ndim - 1 - axis)
    upper_weight = (src - lower).astype(x._data.dtype).reshape(weight_shape)
    lower_weight = (1 - upper_weight).astype(x._data.dtype)
    low, high = S.gather(x, wrap(lower), axis=axis), S.gather(x, wrap(upper), axis=axis)
    return E.add(E.mul(low, wrap(lower_weight)), E.mul(high, wrap(upper_weight)))


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None):
    """Resize the spatial dims of `input` (N, C, *spatial) to `size` or by `scale_factor`."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For 'interpolate', 'input' must be a tensor, but got {type(input)}")
    rank = input.ndim
    if size is not None and scale_factor is not None:
        raise ValueError("For 'interpolate', 'size' and 'scale_factor' cannot be set simultaneously")
    if size is None and scale_factor is None:
        raise ValueError("For 'interpolate', 'size' and 'scale_factor' cannot be both empty")
    if size is not None:
        size = _per_axis(size, rank, "size", int)
    else:
        scale_factor = _per_axis(scale_factor, rank, "scale_factor", (int, float))
    _check_mode(mode, rank)
    if recompute_scale_factor:
        if size is not None:
            raise ValueError("For 'interpolate', it is incorrect to set 'recompute_scale_factor' to True"
                             " after specifying an explicit 'size'.")
        size = tuple(math.floor(n * s) for n, s in zip(input.shape[2:], scale_factor))
    elif scale_factor is not None and "scale_factor" not in _SUPPORTED[mode][rank]:
        raise ValueError(f"For 'interpolate', 'scale_factor' option cannot currently be set with the "
                         f"mode = {mode} and dim = {rank}D.")
    if align_corners is not None:
        if not isinstance(align_corners, bool):
            raise TypeError(f"For 'interpolate', the 'align_corners' must be a bool, "
                            f"but got {type(align_corners).__name__}.")
        if "align_corners" not in _SUPPORTED[mode][rank]:
            raise ValueError(f"For 'interpolate', 'align_corners' option cannot currently be set with the "
                             f"mode = {mode}, and dim = {rank}D")
    out = input
    for axis, out_size in zip(range(2, rank), size):
        if mode == "nearest":
            out = _nearest_axis(out, axis, out_size)
        else:
            out = linear_axis(out, axis, out_size, bool(align_corners))
    return out


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
             recompute_scale_factor=None):
    """Alias of `interpolate`."""
    return interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)
