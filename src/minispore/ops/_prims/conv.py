"""Convolution and pooling primitives on NCHW arrays: windows gathered by strides, one matmul each.

Why primitives: an im2col view plus one batched matmul is far faster than any composite of small
ops. The three convolution primitives (conv2d, its input gradient, its weight gradient) are each
other's backward rules, and so are the sum-pool pair and the gather/scatter pair used by max
pooling, so every order of derivative stays inside this file.

Geometry attributes: stride (sh, sw), padding (top, bottom, left, right), dilation (dh, dw),
groups. A 1-d op is the 2-d op on height 1 (as MindSpore does it).
"""
import math

from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims import defprim
from minispore.ops._prims.linalg import matmul_kernel


def _pad(xp, x, padding, value=0):
    top, bottom, left, right = padding
    if not (top or bottom or left or right):
        return x
    return xp.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def _out_size(size, kernel, stride, dilation):
    return (size - dilation * (kernel - 1) - 1) // stride + 1


def _windows(xp, x, kernel, stride, dilation, out_hw):
    """Read-only view (N, C, KH, KW, OH, OW): element [.., a, b, i, j] = x[.., i*sh + a*dh, j*sw + b*dw]."""
    s_n, s_c, s_h, s_w = x.strides
    shape = x.shape[:2] + tuple(kernel) + tuple(out_hw)
    strides = (s_n, s_c, dilation[0] * s_h, dilation[1] * s_w, stride[0] * s_h, stride[1] * s_w)
    return xp.lib.stride_tricks.as_strided(x, shape, strides, writeable=False)


def _add_windows(xp, pieces, input_shape, kernel, stride, padding, dilation, dtype):
    """col2im: sum pieces(a, b) into the padded input at kernel offset (a, b); crop; return NCHW.

    Works in (C, H, W, N) layout: pieces(a, b) is (C, OH, OW, N), so each strided add runs over long
    contiguous rows (OW*N) instead of NumPy looping over many short NCHW rows.
    """
    n, c, h, w = input_shape
    top, bottom, left, right = padding
    full = xp.zeros((c, h + top + bottom, w + left + right, n), dtype=dtype)
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            piece = pieces(a, b)
            oh, ow = piece.shape[1:3]
            rows = slice(a * dilation[0], a * dilation[0] + stride[0] * (oh - 1) + 1, stride[0])
            cols = slice(b * dilation[1], b * dilation[1] + stride[1] * (ow - 1) + 1, stride[1])
            full[:, rows, cols] += piece
    return xp.ascontiguousarray(full[:, top:top + h, left:left + w].transpose(3, 0, 1, 2))


def _batch_last(n, ow):
    """Whether to gather windows with the batch innermost: NCHW rows of fewer than 16 output
    columns copy slowly, and with the batch last each copied run is n times longer."""
    return ow < 16 and n > 1


def _im2col(xp, x, kernel, out_hw, groups, stride, padding, dilation, batch_last):
    """Padded windows copied to (G, C/G*KH*KW, M): the batch folded into one GEMM per group.

    M is N*OH*OW, or OH*OW*N with `batch_last`. The copy reads contiguous runs of OW elements, or
    of OW*N with the batch last, and the GEMM's inner dimension M is long, which BLAS is fastest at.
    """
    padded = _pad(xp, x, padding)
    n, c = x.shape[:2]
    if batch_last:
        padded = xp.ascontiguousarray(padded.transpose(1, 2, 3, 0))  # (C, H, W, N)
        s_c, s_h, s_w, s_n = padded.strides
        shape = (c,) + tuple(kernel) + tuple(out_hw) + (n,)
        strides = (s_c, dilation[0] * s_h, dilation[1] * s_w, stride[0] * s_h, stride[1] * s_w, s_n)
        view = xp.lib.stride_tricks.as_strided(padded, shape, strides, writeable=False)
    else:
        view = _windows(xp, padded, kernel, stride, dilation, out_hw).transpose(1, 2, 3, 0, 4, 5)
    return view.reshape(groups, (c // groups) * kernel[0] * kernel[1], n * out_hw[0] * out_hw[1])


def _conv2d(xp, x, w, stride, padding, dilation, groups, batch_last=None):
    """The convolution; `batch_last` picks the window layout (None: by shape)."""
    n, _, h, width = x.shape
    o, _, kh, kw = w.shape
    oh = _out_size(h + padding[0] + padding[1], kh, stride[0], dilation[0])
    ow = _out_size(width + padding[2] + padding[3], kw, stride[1], dilation[1])
    if batch_last is None:
        batch_last = _batch_last(n, ow)
    cols = _im2col(xp, x, (kh, kw), (oh, ow), groups, stride, padding, dilation, batch_last)
    out = matmul_kernel(xp, w.reshape(groups, o // groups, -1), cols)  # (G, O/G, M)
    if batch_last:
        return xp.ascontiguousarray(out.reshape(o, oh, ow, n).transpose(3, 0, 1, 2))
    return xp.ascontiguousarray(out.reshape(o, n, oh, ow).transpose(1, 0, 2, 3))


def _conv2d_kernel(xp, x, w, *, stride, padding, dilation, groups):
    return _conv2d(xp, x, w, stride, padding, dilation, groups)


def _conv2d_input_grad_kernel(xp, dy, w, *, input_shape, stride, padding, dilation, groups):
    n, o, oh, ow = dy.shape
    _, cg, kh, kw = w.shape
    weights = w.reshape(groups, o // groups, cg * kh * kw).transpose(0, 2, 1)
    # One GEMM per group on (O/G, OH*OW*N): columns come out in the (C, .., N) layout col2im wants.
    batch_last = xp.ascontiguousarray(dy.transpose(1, 2, 3, 0)).reshape(groups, o // groups, oh * ow * n)
    cols = matmul_kernel(xp, weights, batch_last).reshape(groups * cg, kh, kw, oh, ow, n)
    return _add_windows(xp, lambda a, b: cols[:, a, b], (n, groups * cg) + tuple(input_shape[2:]),
                        (kh, kw), stride, padding, dilation, cols.dtype)


def _conv2d_weight_grad(xp, x, dy, weight_shape, stride, padding, dilation, groups, batch_last=None):
    """The weight gradient; `batch_last` picks the window layout (None: by shape)."""
    n, o, oh, ow = dy.shape
    if batch_last is None:
        batch_last = _batch_last(n, ow)
    cols = _im2col(xp, x, weight_shape[2:], (oh, ow), groups, stride, padding, dilation, batch_last)
    dy_rows = dy.transpose((1, 2, 3, 0) if batch_last else (1, 0, 2, 3)).reshape(groups, o // groups, -1)
    return matmul_kernel(xp, dy_rows, cols.transpose(0, 2, 1)).reshape(weight_shape)


def _conv2d_weight_grad_kernel(xp, x, dy, *, weight_shape, stride, padding, dilation, groups):
    return _conv2d_weight_grad(xp, x, dy, weight_shape, stride, padding, dilation, groups)


def _conv2d_rule(x, w, out, dout, **geometry):
    # A network's first convolution needs no input gradient: skipping it saves a whole col2im.
    return (conv2d_input_grad(dout, w, input_shape=x.shape, **geometry) if needs_grad(x) else None,
            conv2d_weight_grad(x, dout, weight_shape=w.shape, **geometry) if needs_grad(w) else None)


def _conv2d_input_grad_rule(dy, w, out, dout, *, input_shape, **geometry):
    return (conv2d(dout, w, **geometry) if needs_grad(dy) else None,
            conv2d_weight_grad(dout, dy, weight_shape=w.shape, **geometry) if needs_grad(w) else None)


def _conv2d_weight_grad_rule(x, dy, out, dout, *, weight_shape, **geometry):
    return (conv2d_input_grad(dy, dout, input_shape=x.shape, **geometry) if needs_grad(x) else None,
            conv2d(x, dout, **geometry) if needs_grad(dy) else None)


conv2d = defprim("conv2d", _conv2d_kernel, _conv2d_rule)
# The adjoint of conv2d in its input; also the forward of a transposed convolution.
conv2d_input_grad = defprim("conv2d_input_grad", _conv2d_input_grad_kernel, _conv2d_input_grad_rule)
conv2d_weight_grad = defprim("conv2d_weight_grad", _conv2d_weight_grad_kernel, _conv2d_weight_grad_rule)


def _sum_pool2d_kernel(xp, x, *, kernel, stride, padding):
    padded = xp.ascontiguousarray(_pad(xp, x, padding).transpose(1, 2, 3, 0))  # (C, H, W, N): long rows
    oh = _out_size(padded.shape[1], kernel[0], stride[0], 1)
    ow = _out_size(padded.shape[2], kernel[1], stride[1], 1)
    out = xp.zeros((padded.shape[0], oh, ow, padded.shape[3]), dtype=x.dtype)
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            out += padded[:, a:a + stride[0] * (oh - 1) + 1:stride[0], b:b + stride[1] * (ow - 1) + 1:stride[1]]
    return xp.ascontiguousarray(out.transpose(3, 0, 1, 2))


def _sum_pool2d_adjoint_kernel(xp, dy, *, input_shape, kernel, stride, padding):
    batch_last = xp.ascontiguousarray(dy.transpose(1, 2, 3, 0))
    return _add_windows(xp, lambda a, b: batch_last, input_shape, kernel, stride, padding, (1, 1), dy.dtype)


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
    # (H, W, N, C) layout: every window view below runs over N*C contiguous elements innermost,
    # where NCHW views would run NumPy's inner loop over rows of only OW elements.
    padded = xp.ascontiguousarray(_pad(xp, x, padding, _lowest(xp, x.dtype)).transpose(2, 3, 0, 1))
    oh = _out_size(padded.shape[0], kernel[0], stride[0], dilation[0])
    ow = _out_size(padded.shape[1], kernel[1], stride[1], dilation[1])

    def at(a, b):
        top, left = a * dilation[0], b * dilation[1]
        return padded[top:top + stride[0] * (oh - 1) + 1:stride[0], left:left + stride[1] * (ow - 1) + 1:stride[1]]

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
    index += origin[:, :, None, None]
    return xp.ascontiguousarray(index.transpose(2, 3, 0, 1))


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
