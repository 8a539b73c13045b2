"""Pooling primitives on NCHW arrays (the window geometry is the convolutions', conv.py).

Sum pooling (average pooling divides it) and its adjoint are each other's backward rules; max pooling
is an argmax primitive without gradient plus a gather whose rule is the matching scatter (and back),
so every order of derivative stays inside this file.
"""
import math

from minispore.ops._prims import defprim
from minispore.ops._prims.conv import _out_size, _pad


def _tap(array, top, left, stride, out_hw):
    """The view of NCHW `array` that the kernel element at (top, left) of each window reads for (or writes
    from) every output position."""
    return array[:, :, top:top + stride[0] * (out_hw[0] - 1) + 1:stride[0],
                 left:left + stride[1] * (out_hw[1] - 1) + 1:stride[1]]


# Sum pooling adds one strided NCHW view per kernel offset. A global pool (one output position) works
# batch last instead, (C, H, W, N): each offset's view is then N contiguous elements per channel rather
# than one element per (sample, channel) (ShuffleNet's 7x7 over 16x1920x7x7: 1.3 against 3.8 ms), where
# elsewhere the transposing copies cost more than they save (16x480x28x28, 3x3 stride 2: 18.7 against
# 12.9 ms forward, 29.9 against 18.4 ms adjoint). The same additions in the same order either way.
def _sum_pool2d_kernel(xp, x, *, kernel, stride, padding):
    padded = _pad(xp, x, padding)
    zero = x.dtype.type(0)  # the first window element plus 0, as an accumulation into zeros: -0.0 sums to 0.0
    out_hw = (_out_size(padded.shape[2], kernel[0], stride[0], 1), _out_size(padded.shape[3], kernel[1], stride[1], 1))
    if out_hw == (1, 1):
        padded = xp.ascontiguousarray(padded.transpose(1, 2, 3, 0))
        out = padded[:, 0, 0] + zero
        for a in range(kernel[0]):
            for b in range(kernel[1]):
                if a or b:
                    out += padded[:, a, b]
        return xp.ascontiguousarray(out.T)[:, :, None, None]
    out = _tap(padded, 0, 0, stride, out_hw) + zero
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            if a or b:
                out += _tap(padded, a, b, stride, out_hw)
    return out


def _sum_pool2d_adjoint_kernel(xp, dy, *, input_shape, kernel, stride, padding):
    n, c, h, w = input_shape
    top, bottom, left, right = padding
    out_hw = dy.shape[2:]
    if tuple(out_hw) == (1, 1):
        full = xp.zeros((c, h + top + bottom, w + left + right, n), dtype=dy.dtype)
        batch_last = xp.ascontiguousarray(dy[:, :, 0, 0].T)
        for a in range(kernel[0]):
            for b in range(kernel[1]):
                full[:, a, b] += batch_last
        return xp.ascontiguousarray(full[:, top:top + h, left:left + w].transpose(3, 0, 1, 2))
    full = xp.zeros((n, c, h + top + bottom, w + left + right), dtype=dy.dtype)
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            _tap(full, a, b, stride, out_hw)[...] += dy
    return xp.ascontiguousarray(full[:, :, top:top + h, left:left + w])


sum_pool2d = defprim(
    "sum_pool2d", _sum_pool2d_kernel,
    lambda x, out, dout, **geometry: (sum_pool2d_adjoint(dout, input_shape=x.shape, **geometry),))
sum_pool2d_adjoint = defprim(
    "sum_pool2d_adjoint", _sum_pool2d_adjoint_kernel,
    lambda dy, out, dout, *, input_shape, **geometry: (sum_pool2d(dout, **geometry),))


def _lowest(xp, dtype):
    return -xp.inf if dtype.kind == "f" else xp.iinfo(dtype).min


def _max_pool2d_argmax_kernel(xp, x, *, kernel, stride, padding, dilation):
    n, c, h, w = x.shape
    # NCHW views, not a (H, W, N, C) copy with long inner rows: the transposing copies in and out took
    # two thirds of the time (ShuffleNet's 3x3 stride-2 pool over 16x48x112x112: 89 against 50 ms).
    padded = _pad(xp, x, padding, _lowest(xp, x.dtype))
    oh = _out_size(padded.shape[2], kernel[0], stride[0], dilation[0])
    ow = _out_size(padded.shape[3], kernel[1], stride[1], dilation[1])

    def at(a, b):
        return _tap(padded, a * dilation[0], b * dilation[1], stride, (oh, ow))

    # One pass per kernel offset over strided views (no window copy); a strict '>' keeps the first
    # maximum on ties, as MindSpore does.
    count = kernel[0] * kernel[1]
    best = at(0, 0).copy()
    offset = xp.zeros(best.shape, dtype=xp.int8 if count < 128 else xp.int32)
    better = xp.empty(best.shape, dtype=bool)
    step = xp.empty_like(offset)
    for k in range(1, count):
        candidate = at(*divmod(k, kernel[1]))
        xp.greater(candidate, best, out=better)
        xp.maximum(best, candidate, out=best)
        # offset = k where better, in arithmetic: a masked write branches on every element.
        xp.subtract(offset.dtype.type(k), offset, out=step)
        step *= better
        offset += step
    # Flat H*W position = window origin + the winning offset's displacement.
    offsets = xp.arange(count)
    displacement = (offsets // kernel[1]) * dilation[0] * w + (offsets % kernel[1]) * dilation[1]
    origin = (xp.arange(oh) * stride[0] - padding[0])[:, None] * w + (xp.arange(ow) * stride[1] - padding[2])
    index = displacement[offset]
    index += origin
    return index


def _adaptive_bins(xp, size, out):
    """Window i covers [floor(i*size/out), ceil((i+1)*size/out)); rows padded to the longest window."""
    i = xp.arange(out)
    starts, ends = (i * size) // out, -((-(i + 1) * size) // out)
    index = starts[:, None] + xp.arange(int((ends - starts).max()))
    return xp.minimum(index, size - 1), index < ends[:, None]


def _adaptive_max_pool2d_argmax_kernel(xp, x, *, output_size):
    h, w = x.shape[-2:]
    rows, row_ok = _adaptive_bins(xp, h, output_size[0])
    cols, col_ok = _adaptive_bins(xp, w, output_size[1])
    oh, lh = rows.shape
    ow, lw = cols.shape
    values = x[..., rows[:, :, None, None], cols[None, None, :, :]]  # (.., OH, LH, OW, LW)
    valid = row_ok[:, :, None, None] & col_ok[None, None, :, :]
    values = xp.where(valid, values, _lowest(xp, x.dtype))
    values = xp.moveaxis(values, -3, -2).reshape(x.shape[:-2] + (oh, ow, lh * lw))
    a, b = xp.divmod(values.argmax(axis=-1), lw)
    flat_rows = rows[xp.arange(oh)[:, None], a]
    flat_cols = cols[xp.arange(ow), b]
    return (flat_rows * w + flat_cols).astype(xp.int64)


# Flat (H*W) positions of each window's maximum; max pooling is then a differentiable gather.
max_pool2d_argmax = defprim("max_pool2d_argmax", _max_pool2d_argmax_kernel, None)
adaptive_max_pool2d_argmax = defprim("adaptive_max_pool2d_argmax", _adaptive_max_pool2d_argmax_kernel, None)


def _global_index(xp, index, shape):
    """Per-plane flat positions (.., OH, OW) into `shape` (.., H, W) as positions into its ravel."""
    lead, plane = shape[:-2], shape[-2] * shape[-1]
    return index + xp.arange(0, math.prod(lead) * plane, plane).reshape(lead + (1, 1))


def _pool_gather_kernel(xp, x, index):
    return x.reshape(-1).take(_global_index(xp, index, x.shape))


def _pool_scatter_kernel(xp, dy, index, *, shape):
    out = xp.zeros(math.prod(shape), dtype=dy.dtype)
    # ufunc.at accumulates repeated positions (overlapping windows).
    xp.add.at(out, _global_index(xp, index, shape).ravel(), dy.ravel())
    return out.reshape(shape)


pool_gather = defprim("pool_gather", _pool_gather_kernel,
                      lambda x, index, out, dout: (pool_scatter(dout, index, shape=x.shape), None))
pool_scatter = defprim("pool_scatter", _pool_scatter_kernel,
                       lambda dy, index, out, dout, *, shape: (pool_gather(dout, index), None))
