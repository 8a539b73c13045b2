"""Convolution and pooling (`ops.conv2d`, `ops.max_pool2d`, ...) with MindSpore's arguments.

The layer classes in nn/layer/conv.py and nn/layer/pooling.py reuse the geometry helpers here
(pad_mode resolution, 'same' padding, ceil_mode) so a layer and its functional op agree.
"""
from minispore._backend import backend_of
from minispore.common import _validate as V
from minispore.common.dtype import HostInteger
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import conv as C, elementwise as E, linalg, pool as P, shape as S

__all__ = [
    "conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool1d", "avg_pool2d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d",
]

PAD_MODES = ("valid", "same", "pad")


def to_tuple(value, n, name, op, minimum=None):
    """An int or a sequence of n ints (the form MindSpore accepts for kernel/stride/dilation/padding):
    positive, or non-negative for paddings (`minimum` overrides)."""
    if minimum is None:
        minimum = 0 if "padding" in name else 1
    if isinstance(value, (int, HostInteger)) and not isinstance(value, bool):
        values = (int(value),) * n
    elif isinstance(value, (tuple, list)) and len(value) == n and all(
            isinstance(v, (int, HostInteger)) and not isinstance(v, bool) for v in value):
        values = tuple(int(v) for v in value)
    else:
        raise TypeError(f"For '{op}', the '{name}' must be an int or a tuple of {n} ints, but got {value!r}.")
    if any(v < minimum for v in values):
        expected = "positive" if minimum == 1 else f">= {minimum}"
        raise ValueError(f"For '{op}', every '{name}' must be {expected}, but got {value!r}.")
    return values


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


def resolve_padding(pad_mode, padding, hw, kernel, stride, dilation, op="conv2d"):
    """(top, bottom, left, right) for pad_mode 'valid' / 'same' / 'pad' (padding already a 4-tuple).

    Raises where the dilated kernel is larger than the padded input (no output position)."""
    if pad_mode == "same":
        return same_padding(hw[0], kernel[0], stride[0], dilation[0]) + \
            same_padding(hw[1], kernel[1], stride[1], dilation[1])
    pads = tuple(padding) if pad_mode == "pad" else (0, 0, 0, 0)
    for axis in range(2):
        span = dilation[axis] * (kernel[axis] - 1) + 1
        if hw[axis] + pads[2 * axis] + pads[2 * axis + 1] < span:
            raise ValueError(f"For '{op}', the input's spatial size {tuple(hw)} with padding {pads} is smaller than "
                             f"the (dilated) kernel {tuple(kernel)} (dilation {tuple(dilation)}).")
    return pads


def check_conv_input(x, weight, groups, op):
    """A 4-d input whose channels match weight's (C/groups per group)."""
    V.tensor(op, "input", x)
    V.tensor(op, "weight", weight)
    V.integer(op, "groups", groups, 1)
    if weight.ndim != 4:
        raise ValueError(f"For '{op}', the 'weight' must be 4-d (C_out, C_in/groups, kH, kW), but got shape "
                         f"{weight.shape}.")
    if x._data.dtype != weight._data.dtype:
        raise TypeError(f"For '{op}', the input ({x.dtype}) and the weight ({weight.dtype}) must have the same dtype.")
    if x.ndim != 4:
        raise ValueError(f"For '{op}', the input must be 4-d (N, C, H, W), but got shape {x.shape}.")
    if x.shape[1] != weight.shape[1] * groups:
        raise ValueError(f"For '{op}', the input must have {weight.shape[1] * groups} channels "
                         f"(weight {weight.shape} with groups={groups}), but got input of shape {x.shape}.")


def add_channel_bias(out, bias):
    """out + bias broadcast over (N, C, ...) on axis 1."""
    if bias is None:
        return out
    if not isinstance(bias, Tensor) or bias.size != out.shape[1]:
        raise ValueError(f"For 'conv2d', the 'bias' must be None or a Tensor of {out.shape[1]} elements (one per "
                         f"output channel), but got {V.describe(bias)}.")
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
    return tuple(p for p in to_tuple(padding, n, "padding", op) for _ in range(2))


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
    V.tensor("conv1d", "input", input)
    V.tensor("conv1d", "weight", weight)
    if input.ndim != 3 or weight.ndim != 3:
        raise ValueError(f"For 'conv1d', input and weight must be 3-d, but got {input.shape} and {weight.shape}.")
    pad = to_tuple(padding, 1, "padding", "conv1d")[0]
    stride = to_tuple(stride, 1, "stride", "conv1d")[0]
    dilation = to_tuple(dilation, 1, "dilation", "conv1d")[0]
    out = conv2d(S.expand_dims(input, axis=2), S.expand_dims(weight, axis=2), bias, (1, stride), pad_mode,
                 (0, pad), (1, dilation), groups)
    return S.squeeze(out, axis=(2,))


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-d convolution; weight (C_in, C_out/groups, kH, kW); out = (H-1)s - 2p + d(k-1) + 1 + op."""
    V.tensor("conv_transpose2d", "input", input)
    V.tensor("conv_transpose2d", "weight", weight)
    V.integer("conv_transpose2d", "groups", groups, 1)
    if weight.ndim != 4:
        raise ValueError(f"For 'conv_transpose2d', the 'weight' must be 4-d, but got shape {weight.shape}.")
    if input.ndim != 4 or input.shape[1] != weight.shape[0]:
        raise ValueError(f"For 'conv_transpose2d', the input must be 4-d with {weight.shape[0]} channels "
                         f"(weight {weight.shape}), but got input of shape {input.shape}.")
    stride = to_tuple(stride, 2, "stride", "conv_transpose2d")
    dilation = to_tuple(dilation, 2, "dilation", "conv_transpose2d")
    pad = to_tuple(padding, 2, "padding", "conv_transpose2d")
    extra = to_tuple(output_padding, 2, "output_padding", "conv_transpose2d")
    out_hw = tuple((n - 1) * s - 2 * p + d * (k - 1) + 1 + e for n, s, p, d, k, e in
                   zip(input.shape[2:], stride, pad, dilation, weight.shape[2:], extra))
    if min(out_hw) < 1:
        raise ValueError(f"For 'conv_transpose2d', the padding {pad} removes the whole output (size {out_hw}).")
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


def pool_padding(hw, kernel, stride, padding, dilation, ceil_mode, op="pool"):
    """(top, bottom, left, right) with ceil_mode's trailing extra, and the output size (at least 1)."""
    oh, extra_h = pool_out_size(hw[0], kernel[0], stride[0], padding[0], padding[1], dilation[0], ceil_mode)
    ow, extra_w = pool_out_size(hw[1], kernel[1], stride[1], padding[2], padding[3], dilation[1], ceil_mode)
    if oh < 1 or ow < 1:
        raise ValueError(f"For '{op}', the window {tuple(kernel)} (dilation {tuple(dilation)}) does not fit the input's "
                         f"spatial size {tuple(hw)} with padding {tuple(padding)}: the output would be {(oh, ow)}.")
    return (padding[0], padding[1] + extra_h, padding[2], padding[3] + extra_w), (oh, ow)


def _as_4d(x, op):
    V.tensor(op, "input", x)
    if x.ndim == 4:
        return x, False
    if x.ndim == 3:
        return S.expand_dims(x, axis=0), True
    raise ValueError(f"For '{op}', the input must be 3-d (C, H, W) or 4-d (N, C, H, W), but got shape {x.shape}.")


def max_pool_nchw(x, kernel, stride, padding, dilation, ceil_mode, return_indices):
    """Max pooling of a 3-d or 4-d input with (top, bottom, left, right) padding; indices index H*W."""
    x4, batched = _as_4d(x, "max_pool2d")
    pads, _ = pool_padding(x4.shape[2:], kernel, stride, padding, dilation, ceil_mode, "max_pool2d")
    index = P.max_pool2d_argmax(x4, kernel=kernel, stride=stride, padding=pads, dilation=dilation)
    out = P.pool_gather(x4, index)
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
    pads, (oh, ow) = pool_padding(hw, kernel, stride, padding, (1, 1), ceil_mode, "avg_pool2d")
    sums = P.sum_pool2d(x4, kernel=kernel, stride=stride, padding=pads)
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
    stride = kernel if stride is None else to_tuple(stride, 2, "stride", "max_pool2d")
    pad = to_tuple(padding, 2, "padding", "max_pool2d")
    dilation = to_tuple(dilation, 2, "dilation", "max_pool2d")
    if any(2 * p > k for p, k in zip(pad, kernel)):
        raise ValueError(f"For 'max_pool2d', the 'padding' {pad} must be no more than half of the 'kernel_size' "
                         f"{kernel}.")
    return max_pool_nchw(x, kernel, stride, (pad[0], pad[0], pad[1], pad[1]), dilation,
                         V.flag("max_pool2d", "ceil_mode", ceil_mode), V.flag("max_pool2d", "return_indices",
                                                                             return_indices))


def avg_pool2d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=0):
    """2-d average pooling; padding int, (pad_h, pad_w) or (top, bottom, left, right)."""
    kernel = to_tuple(kernel_size, 2, "kernel_size", "avg_pool2d")
    stride = to_tuple(stride, 2, "stride", "avg_pool2d")
    if isinstance(padding, (tuple, list)) and len(padding) == 4:
        pads = to_tuple(padding, 4, "padding", "avg_pool2d")
    else:
        pad = to_tuple(padding, 2, "padding", "avg_pool2d")
        pads = (pad[0], pad[0], pad[1], pad[1])
    if pads[0] + pads[1] > kernel[0] or pads[2] + pads[3] > kernel[1]:
        raise ValueError(f"For 'avg_pool2d', the padding on the two sides of a dimension must not exceed its kernel "
                         f"size, but got padding {pads} and kernel_size {kernel}.")
    return avg_pool_nchw(input_x, kernel, stride, pads, ceil_mode, count_include_pad, divisor_override or 0)


def avg_pool1d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False, count_include_pad=True):
    """1-d average pooling on (N, C, L): avg_pool2d on height 1."""
    V.tensor("avg_pool1d", "input_x", input_x)
    if input_x.ndim != 3:
        raise ValueError(f"For 'avg_pool1d', the input must be 3-d (N, C, L), but got shape {input_x.shape}.")
    k, s = to_tuple(kernel_size, 1, "kernel_size", "avg_pool1d")[0], to_tuple(stride, 1, "stride", "avg_pool1d")[0]
    p = to_tuple(padding, 1, "padding", "avg_pool1d")[0]
    if 2 * p > k:
        raise ValueError(f"For 'avg_pool1d', the padding {p} on the two sides must not exceed the kernel size {k}.")
    out = avg_pool_nchw(S.expand_dims(input_x, axis=2), (1, k), (1, s), (0, 0, p, p), ceil_mode, count_include_pad)
    return S.squeeze(out, axis=(2,))


def adaptive_size(output_size, hw, op, minimum=0):
    """(oh, ow) from an int or a pair (None keeps the input's size); sizes >= `minimum`."""
    sizes = (output_size, output_size) if isinstance(output_size, int) else output_size
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 2 or isinstance(output_size, bool) or not all(
            s is None or (isinstance(s, int) and not isinstance(s, bool)) for s in sizes):
        raise TypeError(f"For '{op}', 'output_size' must be an int or a tuple of 2 ints (or None), but got "
                        f"{output_size!r}.")
    for position, size in enumerate(sizes):
        if size is not None and size < minimum:
            raise ValueError(f"For '{op}', the 'output_size[{position}]' must be >= {minimum}, but got {size}.")
    return tuple(n if s is None else int(s) for s, n in zip(sizes, hw))


def _averaging_matrix(xp, size, out, dtype):
    """(out, size) matrix whose row i averages the adaptive window i."""
    i = xp.arange(out)
    starts, ends = (i * size) // out, -((-(i + 1) * size) // out)
    cols = xp.arange(size)
    inside = (cols >= starts[:, None]) & (cols < ends[:, None])
    return (inside / (ends - starts)[:, None]).astype(dtype)


@V.allocates
def adaptive_avg_pool2d(input, output_size):
    """Average over adaptive windows [floor(i*H/oh), ceil((i+1)*H/oh)); None keeps that size."""
    V.tensor("adaptive_avg_pool2d", "input", input)
    if input.ndim not in (3, 4):
        raise ValueError(f"For 'adaptive_avg_pool2d', the input must be 3-d or 4-d, but got shape {input.shape}.")
    oh, ow = adaptive_size(output_size, input.shape[-2:], "adaptive_avg_pool2d")
    dtype, xp = input._data.dtype, backend_of(input._data).xp
    rows = wrap(_averaging_matrix(xp, input.shape[-2], oh, dtype))
    cols_t = wrap(xp.ascontiguousarray(_averaging_matrix(xp, input.shape[-1], ow, dtype).T))
    return linalg.matmul(linalg.matmul(rows, input), cols_t)


@V.allocates
def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max over adaptive windows; indices (Int64) are flat positions in H*W."""
    V.tensor("adaptive_max_pool2d", "input", input)
    if input.ndim not in (3, 4):
        raise ValueError(f"For 'adaptive_max_pool2d', the input must be 3-d or 4-d, but got shape {input.shape}.")
    size = adaptive_size(output_size, input.shape[-2:], "adaptive_max_pool2d", minimum=1)
    if min(input.shape[-2:]) == 0:
        raise ValueError(f"For 'adaptive_max_pool2d', the input's spatial size {input.shape[-2:]} must not be empty.")
    return_indices = V.flag("adaptive_max_pool2d", "return_indices", return_indices)
    index = P.adaptive_max_pool2d_argmax(input, output_size=size)
    out = P.pool_gather(input, index)
    return (out, index) if return_indices else out


def adaptive_avg_pool1d(input, output_size):
    """Adaptive average pooling of (N, C, L) to (N, C, output_size)."""
    V.tensor("adaptive_avg_pool1d", "input", input)
    V.integer("adaptive_avg_pool1d", "output_size", output_size, 1)
    if input.ndim != 3:
        raise ValueError(f"For 'adaptive_avg_pool1d', the input must be 3-d, but got shape {input.shape}.")
    return S.squeeze(adaptive_avg_pool2d(S.expand_dims(input, axis=2), (1, output_size)), axis=(2,))


def adaptive_max_pool1d(input, output_size):
    """Adaptive max pooling of (N, C, L) to (N, C, output_size)."""
    V.tensor("adaptive_max_pool1d", "input", input)
    V.integer("adaptive_max_pool1d", "output_size", output_size, 1)
    if input.ndim != 3:
        raise ValueError(f"For 'adaptive_max_pool1d', the input must be 3-d, but got shape {input.shape}.")
    return S.squeeze(adaptive_max_pool2d(S.expand_dims(input, axis=2), (1, output_size)), axis=(2,))
