"""More layer ops with MindSpore's signatures: pixel_shuffle, unfold / fold (im2col and its adjoint),
avg_pool3d, adaptive_avg_pool3d, max_unpool2d, dropout2d, grid_sample. Gathers and scatters over the
getitem / scatter primitives and the conv3d primitive, so each is differentiable in its input."""
import math

from minispore._backend import backend_of
from minispore.common import _validate as V
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import conv3d as C3, elementwise as E, shape as S, vision as VP
from minispore.ops.function import array_func as A, math_func as M
from minispore.ops.function.conv_func import to_tuple
from minispore.ops.function.einsum_func import einsum
from minispore.ops.function.random_func import generator
from minispore.ops.function.vision_func import sample_taps

__all__ = ["pixel_shuffle", "pixel_unshuffle", "unfold", "fold", "avg_pool3d", "adaptive_avg_pool3d", "max_unpool2d",
           "dropout2d", "grid_sample"]


def _rank(op, name, value, low, high=None):
    """`value` (a Tensor) when its rank is in [low, high]."""
    if not low <= V.tensor(op, name, value).ndim <= (low if high is None else high):
        expected = f"{low}-d" if high is None else f"{low}-d to {high}-d"
        raise ValueError(f"For '{op}', the '{name}' must be {expected}, but got shape {value.shape}.")
    return value


def pixel_shuffle(input, upscale_factor):
    """(.., C*r*r, H, W) to (.., C, H*r, W*r)."""
    r = V.integer("pixel_shuffle", "upscale_factor", upscale_factor, minimum=1)
    _rank("pixel_shuffle", "input", input, 3, 8)
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise ValueError(f"For 'pixel_shuffle', the channels ({c}) must be divisible by upscale_factor**2 ({r * r}).")
    n = len(lead)
    x = input.reshape(tuple(lead) + (c // (r * r), r, r, h, w))
    perm = tuple(range(n)) + (n, n + 3, n + 1, n + 4, n + 2)
    return A.transpose(x, perm).reshape(tuple(lead) + (c // (r * r), h * r, w * r))


def pixel_unshuffle(input, downscale_factor):
    """(.., C, H*r, W*r) to (.., C*r*r, H, W)."""
    r = V.integer("pixel_unshuffle", "downscale_factor", downscale_factor, minimum=1)
    _rank("pixel_unshuffle", "input", input, 3, 8)
    *lead, c, h, w = input.shape
    if h % r or w % r:
        raise ValueError(f"For 'pixel_unshuffle', H and W ({h}, {w}) must be divisible by {r}.")
    n = len(lead)
    x = input.reshape(tuple(lead) + (c, h // r, r, w // r, r))
    perm = tuple(range(n)) + (n, n + 2, n + 4, n + 1, n + 3)
    return A.transpose(x, perm).reshape(tuple(lead) + (c * r * r, h // r, w // r))


def _window_index(xp, size, kernel, dilation, padding, stride):
    """Positions (K, L) in the padded axis read by each kernel offset at each output position."""
    out = (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    if out <= 0:
        raise ValueError(f"For 'unfold', the window does not fit: size {size}, kernel {kernel}, padding {padding}.")
    return xp.arange(kernel)[:, None] * dilation + xp.arange(out)[None, :] * stride, out


@V.allocates
def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of an (N, C, H, W) input as columns: (N, C*kh*kw, L)."""
    kh, kw = to_tuple(kernel_size, 2, "kernel_size", "unfold")
    dh, dw = to_tuple(dilation, 2, "dilation", "unfold")
    ph, pw = to_tuple(padding, 2, "padding", "unfold")
    sh, sw = to_tuple(stride, 2, "stride", "unfold")
    n, c, h, w = _rank("unfold", "input", input, 4).shape
    padded = S.pad(input, widths=((0, 0), (0, 0), (ph, ph), (pw, pw)), value=0) if ph or pw else input
    xp = backend_of(input._data).xp
    rows, oh = _window_index(xp, h, kh, dh, ph, sh)
    cols, ow = _window_index(xp, w, kw, dw, pw, sw)
    index = (slice(None), slice(None), rows[:, None, :, None], cols[None, :, None, :])
    blocks = S.getitem(padded, index=index)  # (N, C, kh, kw, oh, ow)
    return blocks.reshape(n, c * kh * kw, oh * ow)


@V.allocates
def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """The adjoint of unfold: columns (N, C*kh*kw, L) summed back into an (N, C, H, W) output."""
    kh, kw = to_tuple(kernel_size, 2, "kernel_size", "fold")
    dh, dw = to_tuple(dilation, 2, "dilation", "fold")
    ph, pw = to_tuple(padding, 2, "padding", "fold")
    sh, sw = to_tuple(stride, 2, "stride", "fold")
    if isinstance(output_size, Tensor):
        if output_size.ndim != 1 or output_size._data.dtype.kind not in "iu":
            raise TypeError(f"For 'fold', the 'output_size' must be a 1-D integer Tensor of 2 values or ints, but "
                            f"got {V.describe(output_size)}.")
        output_size = tuple(output_size.tolist())
    h, w = to_tuple(output_size, 2, "output_size", "fold")
    n, ckk, length = _rank("fold", "input", input, 3).shape
    c = ckk // (kh * kw)
    xp = backend_of(input._data).xp
    rows, oh = _window_index(xp, h, kh, dh, ph, sh)
    cols, ow = _window_index(xp, w, kw, dw, pw, sw)
    if oh * ow != length or c * kh * kw != ckk:
        raise ValueError(f"For 'fold', the input {input.shape} does not hold {c}*{kh}*{kw} rows of {oh}*{ow} blocks.")
    blocks = input.reshape(n, c, kh, kw, oh, ow)
    index = (xp.arange(n)[:, None, None, None, None, None], xp.arange(c)[None, :, None, None, None, None],
             rows[None, None, :, None, :, None], cols[None, None, None, :, None, :])
    full = S.scatter_add_zeros(blocks, index=index, shape=(n, c, h + 2 * ph, w + 2 * pw))
    return S.getitem(full, index=(slice(None), slice(None), slice(ph, ph + h), slice(pw, pw + w)))


def avg_pool3d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=0):
    """3-d average pooling of (N, C, D, H, W): window sums by a grouped conv3d with a ones kernel."""
    _rank("avg_pool3d", "input_x", input_x, 5)
    ceil_mode = V.flag("avg_pool3d", "ceil_mode", ceil_mode)
    count_include_pad = V.flag("avg_pool3d", "count_include_pad", count_include_pad)
    kernel = to_tuple(kernel_size, 3, "kernel_size", "avg_pool3d")
    stride = to_tuple(stride if stride else kernel, 3, "stride", "avg_pool3d")
    pads = to_tuple(padding, 3, "padding", "avg_pool3d")
    n, c = input_x.shape[:2]
    spatial = input_x.shape[2:]
    extra = []
    for size, k, s, p in zip(spatial, kernel, stride, pads):
        span = size + 2 * p - k
        out = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (out - 1) * s >= size + p:
            out -= 1
        extra.append(max((out - 1) * s + k - (size + 2 * p), 0))
    padding6 = tuple(v for p, e in zip(pads, extra) for v in (p, p + e))
    dtype = input_x._data.dtype
    xp = backend_of(input_x._data).xp

    def ones(shape):
        return wrap(xp.ones(shape, dtype))

    geometry = dict(stride=stride, padding=padding6, dilation=(1, 1, 1), groups=c)
    sums = C3.conv3d(input_x, ones((c, 1) + kernel), **geometry)
    if divisor_override:
        return E.mul(sums, dtype.type(1.0 / divisor_override))
    if count_include_pad:
        inside = ones((1, 1) + tuple(s + 2 * p for s, p in zip(spatial, pads)))
        padding_extra = tuple(v for e in extra for v in (0, e))
        counts = C3.conv3d(inside, ones((1, 1) + kernel), stride=stride, padding=padding_extra, dilation=(1, 1, 1),
                           groups=1)
    else:
        counts = C3.conv3d(ones((1, 1) + tuple(spatial)), ones((1, 1) + kernel), **dict(geometry, groups=1))
    return E.div(sums, counts)


def _averaging(xp, size, out, dtype):
    """(out, size) rows averaging the adaptive bins [floor(i*size/out), ceil((i+1)*size/out))."""
    bins = xp.arange(out)
    start, end = (bins * size) // out, -((-(bins + 1) * size) // out)
    positions = xp.arange(size)
    inside = (positions >= start[:, None]) & (positions < end[:, None])
    return wrap(xp.where(inside, 1.0 / (end - start)[:, None], 0.0).astype(dtype))


@V.allocates
def adaptive_avg_pool3d(input, output_size):
    """Average pooling of the last three axes to `output_size` (an int, or 3 values; None keeps a size)."""
    _rank("adaptive_avg_pool3d", "input", input, 4, 5)
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size,) * 3
    if len(sizes) != 3:
        raise ValueError(f"For 'adaptive_avg_pool3d', the 'output_size' must be an int or 3 values, but got "
                         f"{output_size!r}.")
    sizes = [None if o is None else V.integer("adaptive_avg_pool3d", "output_size", o, minimum=1) for o in sizes]
    d, h, w = input.shape[-3:]
    if not d * h * w:
        raise ValueError(f"For 'adaptive_avg_pool3d', the input's last three dimensions must not be empty, but got "
                         f"shape {input.shape}.")
    od, oh, ow = (s if o is None else o for s, o in zip((d, h, w), sizes))
    dtype, xp = input._data.dtype, backend_of(input._data).xp
    return einsum("...dhw,ad,bh,cw->...abc", input, _averaging(xp, d, od, dtype), _averaging(xp, h, oh, dtype),
                  _averaging(xp, w, ow, dtype))


def max_unpool2d(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The inverse of max_pool2d with return_indices: values put back at their flat H*W positions, zeros
    elsewhere."""
    kernel = to_tuple(kernel_size, 2, "kernel_size", "max_unpool2d")
    stride = kernel if stride is None else to_tuple(stride, 2, "stride", "max_unpool2d")
    pads = to_tuple(padding, 2, "padding", "max_unpool2d")
    *lead, h, w = _rank("max_unpool2d", "x", x, 3, 4).shape
    if V.tensor("max_unpool2d", "indices", indices).shape != x.shape or indices._data.dtype.kind not in "iu":
        raise ValueError(f"For 'max_unpool2d', the 'indices' must be an integer Tensor of the input's shape {x.shape}, "
                         f"but got {V.describe(indices)}.")
    if output_size is None or (isinstance(output_size, (tuple, list)) and not output_size):
        out_h = (h - 1) * stride[0] - 2 * pads[0] + kernel[0]
        out_w = (w - 1) * stride[1] - 2 * pads[1] + kernel[1]
    else:
        out_h, out_w = V.shape("max_unpool2d", "output_size", output_size)[-2:] if (
            isinstance(output_size, (tuple, list)) and len(output_size) >= 2) else to_tuple(
            output_size, 2, "output_size", "max_unpool2d")
    if out_h <= 0 or out_w <= 0:
        raise ValueError(f"For 'max_unpool2d', the output size ({out_h}, {out_w}) must be positive.")
    planes = math.prod(lead)
    flat = x.reshape(planes, h * w)
    xp = backend_of(x._data).xp
    positions = indices._data.reshape(planes, h * w).astype(xp.int64)
    if positions.size and (int(positions.min()) < 0 or int(positions.max()) >= out_h * out_w):
        raise IndexError(f"For 'max_unpool2d', the 'indices' must be in [0, {out_h * out_w}) (positions in the "
                         f"{out_h}x{out_w} output), but got values in [{int(positions.min())}, "
                         f"{int(positions.max())}].")
    index = (xp.arange(planes)[:, None], positions)
    out = S.scatter_add_zeros(flat, index=index, shape=(planes, out_h * out_w))
    return out.reshape(tuple(lead) + (out_h, out_w))


def dropout2d(input, p=0.5, training=True):
    """Zero whole channels of (N, C, H, W) with probability p, scaling the others by 1 / (1 - p)."""
    V.number("dropout2d", "p", p, 0, 1)
    _rank("dropout2d", "input", input, 2, 8)
    if not V.flag("dropout2d", "training", training) or p == 0:
        return input
    if p == 1:
        return M.mul(input, 0.0)
    draws = generator(None).random(input.shape[:2] + (1,) * (input.ndim - 2))  # a backend array
    keep = E.cast(wrap(draws >= p), dtype=input._data.dtype)
    return M.mul(M.mul(input, keep), 1.0 / (1 - p))


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample (N, C, H, W) `input` at the normalised (x, y) positions of an (N, Ho, Wo, 2) grid, by 'bilinear'
    or 'nearest' interpolation; outside positions give zeros, the border value, or a reflection. The grid is
    data (its positions carry no gradient)."""
    if mode not in ("bilinear", "nearest"):
        raise ValueError(f"For 'grid_sample', the 'mode' must be 'bilinear' or 'nearest', but got {mode!r}.")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(f"For 'grid_sample', the 'padding_mode' must be 'zeros', 'border' or 'reflection', but "
                         f"got {padding_mode!r}.")
    if input.ndim != 4 or grid.ndim != 4 or grid.shape[-1] != 2 or grid.shape[0] != input.shape[0]:
        raise ValueError(f"For 'grid_sample', expected input (N, C, H, W) and grid (N, Ho, Wo, 2), but got "
                         f"{input.shape} and {grid.shape}.")
    taps = VP.grid_sample_taps(grid, size=input.shape[2:], mode=mode, padding_mode=padding_mode,
                               align_corners=bool(align_corners), dtype=input._data.dtype)
    moved = A.transpose(input, (0, 2, 3, 1))  # (N, H, W, C): each sample gathers a channel vector
    total, _ = sample_taps(moved, taps, 1 if mode == "nearest" else 4)
    return A.transpose(total, (0, 3, 1, 2))

