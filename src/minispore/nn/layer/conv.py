"""Convolution layers: Conv1d, Conv2d, Conv3d and their transposes (NCHW, NCDHW)."""
import math

from minispore.common import _validate as V, dtype as mstype
from minispore.common.initializer import HeUniform, Initializer, Uniform, initializer
from minispore.common.parameter import Parameter
from minispore.nn.cell import Cell
from minispore.nn.layer._check import layer_input
from minispore.ops._prims import shape as S
from minispore.ops.function import conv_func as CF, conv3d_func as CF3

__all__ = ["Conv1d", "Conv2d", "Conv3d", "Conv1dTranspose", "Conv2dTranspose", "Conv3dTranspose"]


def _init_text(init):
    """How MindSpore prints an init argument: strings as is, initializer objects by class and address."""
    if isinstance(init, Initializer):
        return f"<mindspore.common.initializer.{type(init).__name__} object at {hex(id(init))}>"
    return str(init)


def _padding(padding, op, count=4):
    if isinstance(padding, int) and not isinstance(padding, bool):
        padding = (padding,) * count
    elif isinstance(padding, (tuple, list)) and len(padding) == count and all(
            isinstance(p, int) and not isinstance(p, bool) for p in padding):
        padding = tuple(padding)
    else:
        raise TypeError(f"For '{op}', the 'padding' must be an int or a tuple of {count} ints, but got {padding!r}.")
    if min(padding) < 0:
        raise ValueError(f"For '{op}', the 'padding' must be non-negative, but got {padding}.")
    return padding


class _Conv(Cell):
    """Shared construction: checks, weight (and optional bias) initialised as MindSpore does."""

    def __init__(self, in_channels, out_channels, kernel, stride, pad_mode, padding, dilation, group,
                 has_bias, weight_init, bias_init, dtype, transpose, op):
        super().__init__()
        in_channels = V.integer(op, "in_channels", in_channels, 1)
        out_channels = V.integer(op, "out_channels", out_channels, 1)
        group = V.integer(op, "group", group, 1)
        CF.check_pad_mode(pad_mode, op)
        pads = _padding(padding, op, 2 * len(kernel))
        if pad_mode != "pad" and any(pads):
            raise ValueError(f"For '{op}', the 'pad' must be zero when 'pad_mode' is not 'pad', "
                             f"but got 'pad': {padding} and 'pad_mode': {pad_mode}.")
        if in_channels % group or out_channels % group:
            raise ValueError(f"For '{op}', the argument 'group' should be divisible by 'in_channels' and 'out_channels', "
                             f"but got group:{group}, in_channels:{in_channels}, out_channels:{out_channels}.")
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size, self.stride, self.dilation = kernel, stride, dilation
        self.pad_mode, self.padding, self.pads, self.group = pad_mode, padding, pads, int(group)
        self.has_bias, self.format = has_bias, "NCDHW" if len(kernel) == 3 else "NCHW"
        shape = (in_channels, out_channels // group) if transpose else (out_channels, in_channels // group)
        shape += kernel
        self.weight_init = HeUniform(negative_slope=math.sqrt(5)) if weight_init is None else weight_init
        self.weight = Parameter(initializer(self.weight_init, shape, dtype), name="weight")
        self.bias_init, self.bias = bias_init, None
        if has_bias:
            if bias_init is None:
                self.bias_init = Uniform(1 / math.sqrt(shape[1] * math.prod(kernel)))
            self.bias = Parameter(initializer(self.bias_init, (out_channels,), dtype), name="bias")

    def _check_input(self, x, ndim, layout):
        layer_input(self, x, (ndim,), layout, self.in_channels,
                    weights_dtype=None if self._autocast is not None else self.weight._data.dtype,
                    name=f"{self.cls_name}(in_channels={self.in_channels})")

    def extend_repr(self):
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}, "
                f"padding={self.padding}, dilation={self.dilation}, group={self.group}, "
                f"has_bias={self.has_bias}, weight_init={_init_text(self.weight_init)}, "
                f"bias_init={_init_text(self.bias_init)}, format={self.format}")


class Conv2d(_Conv):
    """2-d convolution over (N, C, H, W); weight (out, in/group, kH, kW); 'same' padding by default."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same", padding=0,
                 dilation=1, group=1, has_bias=False, weight_init=None, bias_init=None, data_format="NCHW",
                 dtype=mstype.float32):
        kernel = CF.to_tuple(kernel_size, 2, "kernel_size", "Conv2d")
        super().__init__(in_channels, out_channels, kernel, CF.to_tuple(stride, 2, "stride", "Conv2d"), pad_mode,
                         padding, CF.to_tuple(dilation, 2, "dilation", "Conv2d"), group, has_bias, weight_init,
                         bias_init, dtype, False, "Conv2D")

    def construct(self, x):
        self._check_input(x, 4, f"(N, {self.in_channels}, H, W)")
        pads = CF.resolve_padding(self.pad_mode, self.pads, x.shape[2:], self.kernel_size, self.stride,
                                  self.dilation, self.cls_name)
        return CF.convolve(x, self.weight, self.bias, self.stride, pads, self.dilation, self.group)


class Conv1d(_Conv):
    """1-d convolution over (N, C, L), computed as Conv2d on height 1 (weight (out, in/group, 1, k))."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same", padding=0,
                 dilation=1, group=1, has_bias=False, weight_init=None, bias_init=None, dtype=mstype.float32):
        (kernel,), (step,), (dilated,), (pad,) = (CF.to_tuple(value, 1, name, "Conv1d") for name, value in (
            ("kernel_size", kernel_size), ("stride", stride), ("dilation", dilation), ("padding", padding)))
        super().__init__(in_channels, out_channels, (1, kernel), (1, step), pad_mode, (0, 0, pad, pad), (1, dilated),
                         group, has_bias, weight_init, bias_init, dtype, False, "Conv2D")

    def construct(self, x):
        self._check_input(x, 3, f"(N, {self.in_channels}, L)")
        x4 = S.expand_dims(x, axis=2)
        pads = CF.resolve_padding(self.pad_mode, self.pads, x4.shape[2:], self.kernel_size, self.stride,
                                  self.dilation, self.cls_name)
        out = CF.convolve(x4, self.weight, self.bias, self.stride, pads, self.dilation, self.group)
        return S.squeeze(out, axis=(2,))


def _transpose_geometry(pad_mode, pads, hw, kernel, stride, dilation, output_padding):
    """Crop (top, bottom, left, right) and output size of a transposed convolution, MindSpore's way.

    'same' gives size*stride, 'valid' size*stride + max(dk - stride, 0) (dk = dilated kernel),
    'pad' (size-1)*stride + dk - padding + output_padding; missing rows come back as zeros.
    """
    crops, out_hw = [], []
    for axis in range(len(hw)):
        size, k, s, d = hw[axis], kernel[axis], stride[axis], dilation[axis]
        full = (size - 1) * s + d * (k - 1) + 1
        if pad_mode == "pad":
            before, after = pads[2 * axis], pads[2 * axis + 1]
            out = full - before - after + output_padding[axis]
        elif pad_mode == "same":
            out, excess = size * s, max(full - size * s, 0)
            before, after = excess // 2, excess - excess // 2
        else:
            out, before, after = size * s + max(d * (k - 1) + 1 - s, 0), 0, 0
        crops += [before, after]
        out_hw.append(out)
    return tuple(crops), tuple(out_hw)


class Conv2dTranspose(_Conv):
    """Transposed 2-d convolution; weight (in, out/group, kH, kW)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same", padding=0,
                 output_padding=0, dilation=1, group=1, has_bias=False, weight_init=None, bias_init=None,
                 dtype=mstype.float32):
        kernel = CF.to_tuple(kernel_size, 2, "kernel_size", "Conv2dTranspose")
        super().__init__(in_channels, out_channels, kernel, CF.to_tuple(stride, 2, "stride", "Conv2dTranspose"),
                         pad_mode, padding, CF.to_tuple(dilation, 2, "dilation", "Conv2dTranspose"), group,
                         has_bias, weight_init, bias_init, dtype, True, "Conv2DTranspose")
        self.output_padding = CF.to_tuple(output_padding, 2, "output_padding", "Conv2dTranspose")

    def construct(self, x):
        self._check_input(x, 4, f"(N, {self.in_channels}, H, W)")
        crops, out_hw = _transpose_geometry(self.pad_mode, self.pads, x.shape[2:], self.kernel_size, self.stride,
                                            self.dilation, self.output_padding)
        return CF.transpose_convolve(x, self.weight, self.bias, self.stride, crops, out_hw, self.dilation,
                                     self.group)


class Conv1dTranspose(_Conv):
    """Transposed 1-d convolution over (N, C, L); weight (in, out/group, 1, k)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same", padding=0,
                 dilation=1, group=1, has_bias=False, weight_init=None, bias_init=None, dtype=mstype.float32):
        (kernel,), (step,), (dilated,), (pad,) = (CF.to_tuple(value, 1, name, "Conv1dTranspose") for name, value in (
            ("kernel_size", kernel_size), ("stride", stride), ("dilation", dilation), ("padding", padding)))
        super().__init__(in_channels, out_channels, (1, kernel), (1, step), pad_mode, (0, 0, pad, pad), (1, dilated),
                         group, has_bias, weight_init, bias_init, dtype, True, "Conv2DTranspose")

    def construct(self, x):
        self._check_input(x, 3, f"(N, {self.in_channels}, L)")
        x4 = S.expand_dims(x, axis=2)
        crops, out_hw = _transpose_geometry(self.pad_mode, self.pads, x4.shape[2:], self.kernel_size, self.stride,
                                            self.dilation, (0, 0))
        out = CF.transpose_convolve(x4, self.weight, self.bias, self.stride, crops, out_hw, self.dilation,
                                    self.group)
        return S.squeeze(out, axis=(2,))


class Conv3d(_Conv):
    """3-d convolution over (N, C, D, H, W); weight (out, in/group, kD, kH, kW); 'same' padding by default."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same", padding=0,
                 dilation=1, group=1, has_bias=False, weight_init=None, bias_init=None, data_format="NCDHW",
                 dtype=mstype.float32):
        if data_format != "NCDHW":
            raise ValueError(f"For 'Conv3d', the 'data_format' must be 'NCDHW', but got {data_format!r}.")
        kernel = CF.to_tuple(kernel_size, 3, "kernel_size", "Conv3d")
        super().__init__(in_channels, out_channels, kernel, CF.to_tuple(stride, 3, "stride", "Conv3d"), pad_mode,
                         padding, CF.to_tuple(dilation, 3, "dilation", "Conv3d"), group, has_bias, weight_init,
                         bias_init, dtype, False, "Conv3D")

    def construct(self, x):
        self._check_input(x, 5, f"(N, {self.in_channels}, D, H, W)")
        pads = CF3.resolve_padding3d(self.pad_mode, self.pads, x.shape[2:], self.kernel_size, self.stride,
                                     self.dilation)
        return CF3.convolve3d(x, self.weight, self.bias, self.stride, pads, self.dilation, self.group)


class Conv3dTranspose(_Conv):
    """Transposed 3-d convolution; weight (in, out/group, kD, kH, kW)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same", padding=0,
                 dilation=1, group=1, output_padding=0, has_bias=False, weight_init=None, bias_init=None,
                 data_format="NCDHW", dtype=mstype.float32):
        if data_format != "NCDHW":
            raise ValueError(f"For 'Conv3dTranspose', the 'data_format' must be 'NCDHW', but got {data_format!r}.")
        kernel = CF.to_tuple(kernel_size, 3, "kernel_size", "Conv3dTranspose")
        super().__init__(in_channels, out_channels, kernel, CF.to_tuple(stride, 3, "stride", "Conv3dTranspose"),
                         pad_mode, padding, CF.to_tuple(dilation, 3, "dilation", "Conv3dTranspose"), group,
                         has_bias, weight_init, bias_init, dtype, True, "Conv3DTranspose")
        self.output_padding = CF.to_tuple(output_padding, 3, "output_padding", "Conv3dTranspose")

    def construct(self, x):
        self._check_input(x, 5, f"(N, {self.in_channels}, D, H, W)")
        crops, out_shape = _transpose_geometry(self.pad_mode, self.pads, x.shape[2:], self.kernel_size,
                                               self.stride, self.dilation, self.output_padding)
        return CF3.transpose_convolve3d(x, self.weight, self.bias, self.stride, crops, out_shape, self.dilation,
                                        self.group)
