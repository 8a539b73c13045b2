"""Convolution and pooling (`ops.conv2d`, `ops.max_pool2d`, ...) with MindSpore's arguments.

The layer classes in nn/layer/conv.py and nn/layer/pooling.py reuse the geometry helpers here
(pad_mode resolution, 'same' padding, ceil_mode) so a layer and its functional op agree.
"""
from minispore._backend import backend_of
from minispore.common.dtype import HostInteger
from minispore.common.tensor import wrap
from minispore.ops._prims import conv as C, elementwise as E, linalg, shape as S

__all__ = [
    "conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool1d", "avg_pool2d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d",
]

PAD_MODES = ("valid", "same", "pad")


def to_tuple(value, n, name, op):
    """An int or a sequence of n positive ints (the form MindSpore accepts for kernel/stride/dilation)."""
    if isinstance(value, (int, HostInteger)) and not isinstance(value, bool):
        return (int(value),) * n
    if isinstance(value, (tuple, list)) and len(value) == n and all(
            isinstance(v, (int, HostInteger)) and not isinstance(v, bool) for v in value):
        return tuple(int(v) for v in value)
    raise TypeError(f"For '{op}', the '{name}' must be an int or a tuple of {n} ints, but got {value!r}.")


def check_pad_mode(pad_mode, op):
    """MindSpore's pad_mode is case-sensitive for convolutions."""
    if pad_mode not in PAD_MODES:
        raise ValueError(f"For '{op}', the 'pad_mode' must be str and must be in "
                         f"'{list(PAD_MODES)}', but got '{pad_mode}'.")


def same_padding(size, kernel, stride, dilation):
    """(before, after) so that out = ceil(size / stride); an odd total puts the extra after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def resolve_padding(pad_mode, padding, hw, kernel, stride, dilation):
    """(top, bottom, left, right) for pad_mode 'valid' / 'same' / 'pad' (padding already a 4-tuple)."""
    if pad_mode == "same":
        return same_padding(hw[0], kernel[0], stride[0], dilation[0]) + \
            same_padding(hw[1], kernel[1], stride[1], dilation[1])
    if pad_mode == "pad":
        return tuple(padding)
    return (0, 0, 0, 0)


def check_conv_input(x, weight, groups, op):
    """A 4-d input whose channels match weight's (C/groups per group)."""
    if x.ndim != 4:
        raise ValueError(f"For '{op}', the input must be 4-d (N, C, H, W), but got shape {x.shape}.")
    if x.shape[1] != weight.shape[1] * groups:
        raise ValueError(f"For '{op}', the input must have {weight.shape[1] * groups} channels "
                         f"(weight {weight.shape} with groups={groups}), but got input of shape {x.shape}.")


def add_channel_bias(out, bias):
    """out + bias broadcast over (N, C, ...) on axis 1."""
    if bias is None:
        return out
    return E.add(out, S.reshape(bias, shape=(1, -1) + (1,) * (out.ndim - 2)))


def convolve(x, weight, bias, stride, padding, dilation, groups):
    """conv2d primitive on (top, bottom, left, right) padding, then the bias."""
    out = C.conv2d(x, weight, stride=stride, padding=tuple(padding), dilation=dilation, groups=groups)
    return add_channel_bias(out, bias)


def transpose_convolve(x, weight, bias, stride, padding, out_hw, dilation, groups):
    """Transposed convolution: the input-gradient of conv2d, cropped by `padding`, of spatial size out_hw."""
    shape = (x.shape[0], weight.shape[1] * groups) + tuple(out_hw)
    out = C.conv2d_input_grad(x, weight, input_shape=shape, stride=stride, padding=tuple(padding),
                              dilation=dilation, groups=groups)
    return add_channel_bias(out, bias)


def _functional_padding(padding, n, op):
    if isinstance(padding, (int, HostInteger)):
        return (int(padding),) * (2 * n)
    if isinstance(padding, (tuple, list)) and len(padding) == n:
        return tuple(int(p) for p in padding for _ in range(2))
    raise ValueError(f"For '{op}', 'padding' must be a tuple or list of {n} integers, but got {padding}.")


def conv2d(input, weight, bias=None, stride=1, pad_mode="valid", padding=0, dilation=1, groups=1):
    """2-d convolution; weight (C_out, C_in/groups, kH, kW); padding int or (pad_h, pad_w)."""
    check_pad_mode(pad_mode, "Conv2D")
    pads = _functional_padding(padding, 2, "conv2d")
    if pad_mode != "pad" and any(pads):
        raise ValueError(f"For 'Conv2D', the 'pad' must be zero when 'pad_mode' is not 'pad', "
                         f"but got 'pad': {padding} and 'pad_mode': {pad_mode}.")
    check_conv_input(input, weight, groups, "conv2d")
    stride, dilation = to_tuple(stride, 2, "stride", "conv2d"), to_tuple(dilation, 2, "dilation", "conv2d")
    pads = resolve_padding(pad_mode, pads, input.shape[2:], weight.shape[2:], stride, dilation)
    return convolve(input, weight, bias, stride, pads, dilation, groups)


def conv1d(input, weight, bias=None, stride=1, pad_mode="valid", padding=0, dilation=1, groups=1):
    """1-d convolution on (N, C, L); weight (C_out, C_in/groups, k): conv2d on height 1."""
    if input.ndim != 3 or weight.ndim != 3:
        raise ValueError(f"For 'conv1d', input and weight must be 3-d, but got {input.shape} and {weight.shape}.")
    pad = padding[0] if isinstance(padding, (tuple, list)) and len(padding) == 1 else padding
    stride = stride[0] if isinstance(stride, (tuple, list)) else stride
    dilation = dilation[0] if isinstance(dilation, (tuple, list)) else dilation
    out = conv2d(S.expand_dims(input, axis=2), S.expand_dims(weight, axis=2), bias, (1, stride), pad_mode,
                 (0, pad), (1, dilation), groups)
    return S.squeeze(out, axis=(2,))


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-d convolution; weight (C_in, C_out/groups, kH, kW); out = (H-1)s - 2p + d(k-1) + 1 + op."""
    if input.ndim != 4 or input.shape[1] != weight.shape[0]:
        raise ValueError(f"For 'conv_transpose2d', the input must be 4-d with {weight.shape[0]} channels "
                         f"(weight {weight.shape}), but got input of shape {input.shape}.")
    stride = to_tuple(stride, 2, "stride", "conv_transpose2d")
    dilation = to_tuple(dilation, 2, "dilation", "conv_transpose2d")
    pad = to_tuple(padding, 2, "padding", "conv_transpose2d")
    extra = to_tuple(output_padding, 2, "output_padding", "conv_transpose2d")
    out_hw = tuple((n - 1) * s - 2 * p + d * (k - 1) + 1 + e for n, s, p, d, k, e in
                   zip(input.shape[2:], stride, pad, dilation, weight.shape[2:], extra))
    return transpose_convolve(input, weight, bias, stride, (pad[0], pad[0], pad[1], pad[1]), out_hw,
                              dilation, groups)


def pool_out_size(size, kernel, stride, before, after, dilation, ceil_mode):
    """Output length and the extra trailing padding ceil_mode needs (the last window must start inside)."""
    span = size + before + after - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return span // stride + 1, 0
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + before:
        out -= 1
    return out, max((out - 1) * stride + dilation * (kernel - 1) + 1 - (size + before + after), 0)


def pool_padding(hw, kernel, stride, padding, dilation, ceil_mode):
    """(top, bottom, left, right) with ceil_mode's trailing extra, and the output size."""
    oh, extra_h = pool_out_size(hw[0], kernel[0], stride[0], padding[0], padding[1], dilation[0], ceil_mode)
    ow, extra_w = pool_out_size(hw[1], kernel[1], stride[1], padding[2], padding[3], dilation[1], ceil_mode)
    return (padding[0], padding[1] + extra_h, padding[2], padding[3] + extra_w), (oh, ow)


def _as_4d(x, op):
    if x.ndim == 4:
        return x, False
    if x.ndim == 3:
        return S.expand_dims(x, axis=0), True
    raise ValueError(f"For '{op}', the input must be 3-d (C, H, W) or 4-d (N, C, H, W), but got shape {x.shape}.")


def max_pool_nchw(x, kernel, stride, padding, dilation, ceil_mode, return_indices):
    """Max pooling of a 3-d or 4-d input with (top, bottom, left, right) padding; indices index H*W."""
    x4, batched = _as_4d(x, "max_pool2d")
    pads, _ = pool_padding(x4.shape[2:], kernel, stride, padding, dilation, ceil_mode)
    index = C.max_pool2d_argmax(x4, kernel=kernel, stride=stride, padding=pads, dilation=dilation)
    out = C.pool_gather(x4, index)
    if batched:
        out, index = S.squeeze(out, axis=(0,)), S.squeeze(index, axis=(0,))
    return (out, index) if return_indices else out


def _window_counts(xp, kernel, stride, before, out, low, high):
    starts = xp.arange(out) * stride - before
    return xp.minimum(starts + kernel, high) - xp.maximum(starts, low)


def avg_pool_nchw(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override=0):
    """Average pooling of a 3-d or 4-d input; the divisor counts padding only if count_include_pad."""
    x4, batched = _as_4d(x, "avg_pool2d")
    hw = x4.shape[2:]
    pads, (oh, ow) = pool_padding(hw, kernel, stride, padding, (1, 1), ceil_mode)
    sums = C.sum_pool2d(x4, kernel=kernel, stride=stride, padding=pads)
    if divisor_override:
        out = E.mul(sums, x4._data.dtype.type(1.0 / divisor_override))
    else:
        # Windows are clipped to the padded input (or to the input itself without count_include_pad).
        low_h, high_h = (-padding[0], hw[0] + padding[1]) if count_include_pad else (0, hw[0])
        low_w, high_w = (-padding[2], hw[1] + padding[3]) if count_include_pad else (0, hw[1])
        xp = backend_of(x4._data).xp
        rows = _window_counts(xp, kernel[0], stride[0], padding[0], oh, low_h, high_h)
        cols = _window_counts(xp, kernel[1], stride[1], padding[2], ow, low_w, high_w)
        scale = (1.0 / xp.outer(rows, cols)).astype(x4._data.dtype)
        out = E.mul(sums, wrap(scale))
    return S.squeeze(out, axis=(0,)) if batched else out


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
    """2-d max pooling; stride defaults to kernel_size; indices (Int64) are flat positions in H*W."""
    kernel = to_tuple(kernel_size, 2, "kernel_size", "max_pool2d")
    stride = kernel if stride is None or stride == 0 else to_tuple(stride, 2, "stride", "max_pool2d")
    pad = to_tuple(padding, 2, "padding", "max_pool2d")
    dilation = to_tuple(dilation, 2, "dilation", "max_pool2d")
    return max_pool_nchw(x, kernel, stride, (pad[0], pad[0], pad[1], pad[1]), dilation, ceil_mode,
                         return_indices)


def avg_pool2d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=0):
    """2-d average pooling; padding int, (pad_h, pad_w) or (top, bottom, left, right)."""
    kernel = to_tuple(kernel_size, 2, "kernel_size", "avg_pool2d")
    stride = to_tuple(stride, 2, "stride", "avg_pool2d")
    if isinstance(padding, (tuple, list)) and len(padding) == 4:
        pads = tuple(int(p) for p in padding)
    else:
        pad = to_tuple(padding, 2, "padding", "avg_pool2d")
        pads = (pad[0], pad[0], pad[1], pad[1])
    return avg_pool_nchw(input_x, kernel, stride, pads, ceil_mode, count_include_pad, divisor_override or 0)


def avg_pool1d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False, count_include_pad=True):
    """1-d average pooling on (N, C, L): avg_pool2d on height 1."""
    if input_x.ndim != 3:
        raise ValueError(f"For 'avg_pool1d', the input must be 3-d (N, C, L), but got shape {input_x.shape}.")
    k, s, p = (v[0] if isinstance(v, (tuple, list)) else v for v in (kernel_size, stride, padding))
    out = avg_pool_nchw(S.expand_dims(input_x, axis=2), (1, int(k)), (1, int(s)), (0, 0, int(p), int(p)),
                        ceil_mode, count_include_pad)
    return S.squeeze(out, axis=(2,))


def _adaptive_size(output_size, hw, op):
    sizes = (output_size, output_size) if isinstance(output_size, int) else tuple(output_size)
    if len(sizes) != 2:
        raise ValueError(f"For '{op}', 'output_size' must be an int or a tuple of 2, but got {output_size}.")
    return tuple(n if s is None else int(s) for s, n in zip(sizes, hw))


def _averaging_matrix(xp, size, out, dtype):
    """(out, size) matrix whose row i averages the adaptive window i."""
    i = xp.arange(out)
    starts, ends = (i * size) // out, -((-(i + 1) * size) // out)
    cols = xp.arange(size)
    inside = (cols >= starts[:, None]) & (cols < ends[:, None])
    return (inside / (ends - starts)[:, None]).astype(dtype)


def adaptive_avg_pool2d(input, output_size):
    """Average over adaptive windows [floor(i*H/oh), ceil((i+1)*H/oh)); None keeps that size."""
    if input.ndim not in (3, 4):
        raise ValueError(f"For 'adaptive_avg_pool2d', the input must be 3-d or 4-d, but got shape {input.shape}.")
    oh, ow = _adaptive_size(output_size, input.shape[-2:], "adaptive_avg_pool2d")
    dtype, xp = input._data.dtype, backend_of(input._data).xp
    rows = wrap(_averaging_matrix(xp, input.shape[-2], oh, dtype))
    cols_t = wrap(xp.ascontiguousarray(_averaging_matrix(xp, input.shape[-1], ow, dtype).T))
    return linalg.matmul(linalg.matmul(rows, input), cols_t)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max over adaptive windows; indices (Int64) are flat positions in H*W."""
    if input.ndim not in (3, 4):
        raise ValueError(f"For 'adaptive_max_pool2d', the input must be 3-d or 4-d, but got shape {input.shape}.")
    size = _adaptive_size(output_size, input.shape[-2:], "adaptive_max_pool2d")
    index = C.adaptive_max_pool2d_argmax(input, output_size=size)
    out = C.pool_gather(input, index)
    return (out, index) if return_indices else out


def adaptive_avg_pool1d(input, output_size):
    """Adaptive average pooling of (N, C, L) to (N, C, output_size)."""
    if input.ndim != 3:
        raise ValueError(f"For 'adaptive_avg_pool1d', the input must be 3-d, but got shape {input.shape}.")
    return S.squeeze(adaptive_avg_pool2d(S.expand_dims(input, axis=2), (1, output_size)), axis=(2,))


def adaptive_max_pool1d(input, output_size):
    """Adaptive max pooling of (N, C, L) to (N, C, output_size)."""
    if input.ndim != 3:
        raise ValueError(f"For 'adaptive_max_pool1d', the input must be 3-d, but got shape {input.shape}.")
    return S.squeeze(adaptive_max_pool2d(S.expand_dims(input, axis=2), (1, output_size)), axis=(2,))
