"""Resizing ops: `interpolate` in every MindSpore mode (nearest, nearest-exact, linear, bilinear, trilinear,
bicubic, area), one spatial axis at a time.

Each axis is resampled by gathers and weighted sums (or, for 'area', one averaging matrix product), so the
gradients (any order) come from the gather and matmul rules. Index and weight tables are computed in
float32 with the input's array module, following the coordinate rules of MindSpore's CPU kernels.
"""
import math

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, linalg as L, shape as S

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
    if not isinstance(mode, str) or mode not in _SUPPORTED:
        raise ValueError(f"For 'interpolate', 'mode' must be in '{list(_SUPPORTED)}', but got {mode}")
    if rank not in _SUPPORTED[mode]:
        raise ValueError(f"For 'interpolate', {mode} only support '{sorted(_SUPPORTED[mode])}'D, but got {rank}D")


def _tables(x, out_size):
    """(xp, float32 output positions) for building one axis's index and weight tables."""
    xp = backend_of(x._data).xp
    return xp, xp.arange(out_size, dtype=xp.float32)


def _step(in_size, out_size, scale):
    """Input units per output unit: 1/scale_factor when one was given, else in/out (in float32)."""
    return (1.0 / scale) if scale is not None else in_size / out_size


def _column(xp, values, x, axis):
    """A weight vector shaped to broadcast along `axis` of x, in x's dtype."""
    return wrap(values.astype(x._data.dtype).reshape((values.shape[0],) + (1,) * (x.ndim - 1 - axis)))


def nearest_axis(x, axis, out_size, scale=None, exact=False):
    """Output i takes input floor(i·step) ('nearest') or floor((i + 0.5)·step) ('nearest-exact'), clipped."""
    in_size = x.shape[axis]
    xp, dst = _tables(x, out_size)
    step = xp.float32(_step(in_size, out_size, scale))
    src = xp.floor((dst + xp.float32(0.5)) * step if exact else dst * step).astype(xp.int64)
    return S.gather(x, wrap(xp.minimum(src, in_size - 1)), axis=axis)


def linear_axis(x, axis, out_size, align_corners, scale=None):
    """Blend the two neighbours of each output's source coordinate along one axis."""
    in_size = x.shape[axis]
    xp, dst = _tables(x, out_size)
    if align_corners:
        src = dst * xp.float32((in_size - 1) / (out_size - 1) if out_size > 1 else 0)
    else:
        src = (dst + xp.float32(0.5)) * xp.float32(_step(in_size, out_size, scale)) - xp.float32(0.5)
    src = xp.clip(src, 0, in_size - 1)
    lower = xp.floor(src).astype(xp.int64)
    upper = xp.minimum(lower + 1, in_size - 1)
    upper_weight = src - lower
    low, high = S.gather(x, wrap(lower), axis=axis), S.gather(x, wrap(upper), axis=axis)
    return E.add(E.mul(low, _column(xp, 1 - upper_weight, x, axis)), E.mul(high, _column(xp, upper_weight, x, axis)))


def _cubic(xp, distance, a):
    """Keys' cubic convolution kernel at |distance| < 2."""
    t = xp.abs(distance)
    near = ((a + 2) * t - (a + 3)) * t * t + 1
    far = ((a * t - 5 * a) * t + 8 * a) * t - 4 * a
    return xp.where(t <= 1, near, far)


def cubic_axis(x, axis, out_size, align_corners):
    """Bicubic resampling of one axis as TensorFlow's ResizeBicubic does it (MindSpore's kernel): with
    align_corners, Keys' a = -0.75 and edge indices clamped; else half-pixel centres, a = -0.5, and the
    weights of taps outside the input dropped and the rest renormalised. Sub-pixel offsets are rounded to
    1/1024, the resolution of that kernel's weight table."""
    in_size = x.shape[axis]
    xp, dst = _tables(x, out_size)
    if align_corners:
        src = dst * xp.float32((in_size - 1) / (out_size - 1) if out_size > 1 else 0)
    else:
        src = (dst + xp.float32(0.5)) * xp.float32(in_size / out_size) - xp.float32(0.5)
    base = xp.floor(src)
    # The kernel's weights come from a table of 1024 steps per unit, as in TensorFlow's kernel.
    fraction = xp.rint((src - base) * 1024) / 1024
    base = base.astype(xp.int64)
    a = -0.75 if align_corners else -0.5
    taps = [(base + k, _cubic(xp, fraction - k, a)) for k in (-1, 0, 1, 2)]
    if not align_corners:
        taps = [(index, xp.where((index >= 0) & (index < in_size), weight, 0)) for index, weight in taps]
        total = sum(weight for _, weight in taps)
        taps = [(index, weight / total) for index, weight in taps]
    out = None
    for index, weight in taps:
        term = E.mul(S.gather(x, wrap(xp.clip(index, 0, in_size - 1)), axis=axis), _column(xp, weight, x, axis))
        out = term if out is None else E.add(out, term)
    return out


def area_axis(x, axis, out_size):
    """Adaptive average along one axis: output i is the mean of inputs floor(i·n/m) .. ceil((i+1)·n/m) - 1."""
    in_size = x.shape[axis]
    xp = backend_of(x._data).xp
    positions = xp.arange(in_size)
    starts = (xp.arange(out_size) * in_size) // out_size
    ends = -((-(xp.arange(out_size) + 1) * in_size) // out_size)
    inside = (positions >= starts[:, None]) & (positions < ends[:, None])
    averaging = wrap((inside / (ends - starts)[:, None]).astype(x._data.dtype).T)  # (in, out)
    last = x.ndim - 1
    perm = tuple(i for i in range(x.ndim) if i != axis) + (axis,)
    moved = S.transpose(x, perm=perm) if axis != last else x
    pooled = L.matmul(moved, averaging)
    if axis == last:
        return pooled
    inverse = tuple(perm.index(i) for i in range(x.ndim))
    return S.transpose(pooled, perm=inverse)


def _check_area(input, size):
    """MindSpore's adaptive_avg_pool1d (the 3-D 'area' resize) takes only sizes that divide the length."""
    length = input.shape[-1]
    if size[0] > length:
        raise ValueError(f"For adaptive_avg_pool1d input's last dimension must be greater or equal to output size "
                         f"{size[0]}, but got {length}.")
    if length % size[0]:
        raise ValueError(f"For adaptive_avg_pool1d input's last dimension must be divisible by output size "
                         f"{size[0]}, but got {length}.")


@V.allocates
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
    if mode == "area" and size is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        if size is not None:
            raise ValueError("For 'interpolate', it is incorrect to set 'recompute_scale_factor' to True"
                             " after specifying an explicit 'size'.")
        size = tuple(math.floor(n * s) for n, s in zip(input.shape[2:], scale_factor))
        scale_factor = None
    elif scale_factor is not None:
        if "scale_factor" not in _SUPPORTED[mode][rank]:
            raise ValueError(f"For 'interpolate', 'scale_factor' option cannot currently be set with the "
                             f"mode = {mode} and dim = {rank}D.")
        size = tuple(math.floor(n * s) for n, s in zip(input.shape[2:], scale_factor))
    if align_corners is not None:
        if not isinstance(align_corners, bool):
            raise TypeError(f"For 'interpolate', the 'align_corners' must be a bool, "
                            f"but got {type(align_corners).__name__}.")
        if "align_corners" not in _SUPPORTED[mode][rank]:
            raise ValueError(f"For 'interpolate', 'align_corners' option cannot currently be set with the "
                             f"mode = {mode}, and dim = {rank}D")
    align_corners = bool(align_corners)
    if mode == "area" and rank == 3:
        _check_area(input, size)
    scales = scale_factor or (None,) * len(size)
    # MindSpore's CPU kernels compute a float16 input in float32 and round once at the end.
    half = mode not in ("nearest", "nearest-exact") and input._data.dtype.name == "float16"
    out = input.astype(mstype.float32) if half else input
    for axis, out_size, scale in zip(range(2, rank), size, scales):
        if mode in ("nearest", "nearest-exact"):
            out = nearest_axis(out, axis, out_size, scale, exact=mode == "nearest-exact")
        elif mode == "bicubic":
            out = cubic_axis(out, axis, out_size, align_corners)
        elif mode == "area":
            out = area_axis(out, axis, out_size)
        else:
            out = linear_axis(out, axis, out_size, align_corners, scale)
    return out.astype(mstype.float16) if half else out


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
             recompute_scale_factor=None):
    """Alias of `interpolate`."""
    return interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)
