"""3-d convolution (`ops.conv3d`) and the helpers nn.Conv3d / nn.Conv3dTranspose share with it."""
from minispore.ops._prims import conv3d as C3
from minispore.ops.function.conv_func import add_channel_bias, check_pad_mode, same_padding, to_tuple

__all__ = ["conv3d"]


def six_padding(padding, op):
    """An int or a tuple of 6 ints (front, back, top, bottom, left, right)."""
    if isinstance(padding, int) and not isinstance(padding, bool):
        return (padding,) * 6
    if isinstance(padding, (tuple, list)) and len(padding) == 6 and all(
            isinstance(p, int) and not isinstance(p, bool) for p in padding):
        return tuple(padding)
    raise ValueError(f"For '{op}', the 'padding' must be an int or a tuple of 6 ints, but got {padding!r}.")


def resolve_padding3d(pad_mode, padding, spatial, kernel, stride, dilation):
    """The 6 paddings for pad_mode 'valid', 'same' (extra row after) or 'pad'."""
    if pad_mode == "same":
        return sum((same_padding(spatial[i], kernel[i], stride[i], dilation[i]) for i in range(3)), ())
    if pad_mode == "pad":
        return tuple(padding)
    return (0,) * 6


def check_conv3d_input(x, weight, groups, op):
    if x.ndim != 5:
        raise ValueError(f"For '{op}', the input must be 5-d (N, C, D, H, W), but got shape {x.shape}.")
    if x.shape[1] != weight.shape[1] * groups:
        raise ValueError(f"For '{op}', the input must have {weight.shape[1] * groups} channels "
                         f"(weight {weight.shape} with groups={groups}), but got input of shape {x.shape}.")


def convolve3d(x, weight, bias, stride, padding, dilation, groups):
    out = C3.conv3d(x, weight, stride=tuple(stride), padding=tuple(padding), dilation=tuple(dilation),
                    groups=groups)
    return add_channel_bias(out, bias)


def transpose_convolve3d(x, weight, bias, stride, padding, out_shape, dilation, groups):
    """The input-gradient of conv3d, cropped by `padding`, of spatial size out_shape."""
    shape = (x.shape[0], weight.shape[1] * groups) + tuple(out_shape)
    out = C3.conv3d_input_grad(x, weight, input_shape=shape, stride=tuple(stride), padding=tuple(padding),
                               dilation=tuple(dilation), groups=groups)
    return add_channel_bias(out, bias)


def conv3d(input, weight, bias=None, stride=1, pad_mode="valid", padding=0, dilation=1, groups=1):
    """3-d convolution over (N, C, D, H, W); weight (C_out, C_in/groups, kD, kH, kW); padding an int, a
    tuple of 3 (each applied on both sides) or of 6."""
    check_pad_mode(pad_mode, "Conv3D")
    if isinstance(padding, (tuple, list)) and len(padding) == 3:
        padding = tuple(p for p in padding for _ in range(2))
    pads = six_padding(padding, "conv3d")
    if pad_mode != "pad" and any(pads):
        raise ValueError(f"For 'Conv3D', the 'pad' must be zero when 'pad_mode' is not 'pad', "
                         f"but got 'pad': {padding} and 'pad_mode': {pad_mode}.")
    check_conv3d_input(input, weight, groups, "conv3d")
    stride, dilation = to_tuple(stride, 3, "stride", "conv3d"), to_tuple(dilation, 3, "dilation", "conv3d")
    pads = resolve_padding3d(pad_mode, pads, input.shape[2:], weight.shape[2:], stride, dilation)
    return convolve3d(input, weight, bias, stride, pads, dilation, groups)
