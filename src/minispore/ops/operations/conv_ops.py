"""Convolution and pooling Primitive classes: Conv2D, Conv2DBackpropInput/Conv2DTranspose, Conv3D,
Conv3DTranspose, MaxPool, AvgPool, AdaptiveAvgPool2D; thin over the conv primitives."""
from minispore.ops._prims import conv as C, conv3d as C3
from minispore.ops.function import conv_func as CF, conv3d_func as CF3
from minispore.ops.primitive import Primitive

__all__ = ["Conv2D", "Conv2DBackpropInput", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "MaxPool", "AvgPool",
           "AdaptiveAvgPool2D"]


def _positive(name, value, op):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"For '{op}', the '{name}' must be a positive int, but got {value!r}.")
    return value


def _spatial(name, value, n, op):
    """kernel/stride/dilation: an int, n ints, or n + 2 ints whose first two are 1 (MindSpore's NC.. form)."""
    if isinstance(value, (tuple, list)) and len(value) == n + 2:
        if tuple(value[:2]) != (1, 1):
            raise ValueError(f"For '{op}', the first two values of '{name}' must be 1, but got {tuple(value)}.")
        value = tuple(value[2:])
    return CF.to_tuple(value, n, name, op)


def _pads(pad, count, op):
    if isinstance(pad, int) and not isinstance(pad, bool) and pad >= 0:
        return (pad,) * count
    if isinstance(pad, (tuple, list)) and len(pad) == count and all(isinstance(p, int) and p >= 0 for p in pad):
        return tuple(pad)
    raise ValueError(f"For '{op}', the 'pad' must be a non-negative int or a tuple of {count} of them, "
                     f"but got {pad!r}.")


def _pad_mode(pad_mode, op):
    if not isinstance(pad_mode, str) or pad_mode.lower() not in CF.PAD_MODES:
        raise ValueError(f"For '{op}', the 'pad_mode' must be one of ['valid', 'same', 'pad'], but got "
                         f"{pad_mode!r}.")
    return pad_mode.lower()


class _Conv(Primitive):
    """Shared attributes of the convolution Primitives."""

    _dims, _format = 2, "NCHW"

    def _setup(self, out_channel, kernel_size, mode, pad_mode, pad, stride, dilation, group, data_format):
        op = type(self).__name__
        self.out_channel = _positive("out_channel", out_channel, op)
        self.kernel_size = _spatial("kernel_size", kernel_size, self._dims, op)
        self.mode, self.group = mode, _positive("group", group, op)
        self.pad_mode = _pad_mode(pad_mode, op)
        self.pad = _pads(pad, 2 * self._dims, op)
        if self.pad_mode != "pad" and any(self.pad):
            raise ValueError(f"For '{op}', the 'pad' must be zero when 'pad_mode' is not 'pad', but got "
                             f"'pad': {pad} and 'pad_mode': {pad_mode}.")
        self.stride = _spatial("stride", stride, self._dims, op)
        self.dilation = _spatial("dilation", dilation, self._dims, op)
        if data_format != self._format:
            raise ValueError(f"For '{op}', the 'data_format' must be '{self._format}', but got {data_format!r}.")
        self.data_format = data_format
        for name in ("out_channel", "kernel_size", "mode", "pad_mode", "pad", "stride", "dilation", "group",
                     "data_format"):
            self.add_prim_attr(name, getattr(self, name))

    def _check_weight(self, weight):
        op = type(self).__name__
        if tuple(weight.shape[2:]) != self.kernel_size:
            raise ValueError(f"For '{op}', the weight's kernel must be {self.kernel_size} (kernel_size), but got "
                             f"weight of shape {weight.shape}.")

    def _padding(self, spatial):
        resolve = CF.resolve_padding if self._dims == 2 else CF3.resolve_padding3d
        return resolve(self.pad_mode, self.pad, spatial, self.kernel_size, self.stride, self.dilation)


class Conv2D(_Conv):
    """2-d convolution of (N, C, H, W) `x` with `weight` (out_channel, C/group, kH, kW)."""

    def __init__(self, out_channel, kernel_size, mode=1, pad_mode="valid", pad=0, stride=1, dilation=1, group=1,
                 data_format="NCHW"):
        super().__init__()
        self._setup(out_channel, kernel_size, mode, pad_mode, pad, stride, dilation, group, data_format)

    def __call__(self, x, weight):
        self._check_weight(weight)
        if weight.shape[0] != self.out_channel:
            raise ValueError(f"For 'Conv2D', the weight must have out_channel={self.out_channel} rows, but got "
                             f"shape {weight.shape}.")
        CF.check_conv_input(x, weight, self.group, "Conv2D")
        return CF.convolve(x, weight, None, self.stride, self._padding(x.shape[2:]), self.dilation, self.group)


class Conv2DBackpropInput(_Conv):
    """The gradient of Conv2D with respect to its input: `(dout, weight, input_size) -> dx` of shape input_size."""

    def __init__(self, out_channel, kernel_size, pad_mode="valid", pad=0, pad_list=None, mode=1, stride=1,
                 dilation=1, group=1, data_format="NCHW"):
        super().__init__()
        self._setup(out_channel, kernel_size, mode, pad_mode, pad, stride, dilation, group, data_format)
        self.pad_list = None if pad_list is None else _pads(pad_list, 4, type(self).__name__)
        self.add_prim_attr("pad_list", self.pad_list)

    def __call__(self, dout, weight, input_size):
        self._check_weight(weight)
        input_size = tuple(int(s) for s in input_size)
        if len(input_size) != 4 or dout.ndim != 4:
            raise ValueError(f"For '{type(self).__name__}', 'dout' must be 4-d and 'input_size' 4 ints, but got "
                             f"{dout.shape} and {input_size}.")
        padding = self.pad_list if self.pad_list is not None else self._padding(input_size[2:])
        return C.conv2d_input_grad(dout, weight, input_shape=input_size, stride=self.stride, padding=tuple(padding),
                                   dilation=self.dilation, groups=self.group)


class Conv2DTranspose(Conv2DBackpropInput):
    """Transposed 2-d convolution: Conv2DBackpropInput under the name of its use."""


class Conv3D(_Conv):
    """3-d convolution of (N, C, D, H, W) `x` with `weight` (out_channel, C/group, kD, kH, kW)."""

    _dims, _format = 3, "NCDHW"

    def __init__(self, out_channel, kernel_size, mode=1, pad_mode="valid", pad=0, stride=1, dilation=1, group=1,
                 data_format="NCDHW"):
        super().__init__()
        self._setup(out_channel, kernel_size, mode, pad_mode, pad, stride, dilation, group, data_format)

    def __call__(self, x, weight):
        self._check_weight(weight)
        CF3.check_conv3d_input(x, weight, self.group, "Conv3D")
        return CF3.convolve3d(x, weight, None, self.stride, self._padding(x.shape[2:]), self.dilation, self.group)


class Conv3DTranspose(_Conv):
    """Transposed 3-d convolution of `dout` (N, in_channel, D, H, W) with `weight` (in_channel,
    out_channel/group, kD, kH, kW)."""

    _dims, _format = 3, "NCDHW"

    def __init__(self, in_channel, out_channel, kernel_size, mode=1, pad_mode="valid", pad=0, stride=1, dilation=1,
                 group=1, output_padding=0, data_format="NCDHW"):
        super().__init__()
        self._setup(out_channel, kernel_size, mode, pad_mode, pad, stride, dilation, group, data_format)
        self.in_channel = _positive("in_channel", in_channel, "Conv3DTranspose")
        self.output_padding = _spatial("output_padding", output_padding, 3, "Conv3DTranspose")
        self.add_prim_attr("in_channel", self.in_channel).add_prim_attr("output_padding", self.output_padding)

    def __call__(self, dout, weight):
        self._check_weight(weight)
        if dout.ndim != 5 or dout.shape[1] != self.in_channel:
            raise ValueError(f"For 'Conv3DTranspose', 'dout' must be 5-d with in_channel={self.in_channel} channels, "
                             f"but got shape {dout.shape}.")
        crops, out_shape = [], []
        for i, size in enumerate(dout.shape[2:]):
            k, s, d = self.kernel_size[i], self.stride[i], self.dilation[i]
            full = (size - 1) * s + d * (k - 1) + 1
            if self.pad_mode == "same":
                excess = max(full - size * s, 0)
                before, after, out = excess // 2, excess - excess // 2, size * s
            elif self.pad_mode == "pad":
                before, after = self.pad[2 * i], self.pad[2 * i + 1]
                out = full - before - after + self.output_padding[i]
            else:
                before, after, out = 0, 0, full + self.output_padding[i]
            crops += [before, after]
            out_shape.append(out)
        shape = (dout.shape[0], weight.shape[1] * self.group) + tuple(out_shape)
        return C3.conv3d_input_grad(dout, weight, input_shape=shape, stride=self.stride, padding=tuple(crops),
                                    dilation=self.dilation, groups=self.group)


class _Pool(Primitive):
    def __init__(self, kernel_size=1, strides=1, pad_mode="VALID", data_format="NCHW"):
        super().__init__()
        op = type(self).__name__
        self.kernel_size = _spatial("kernel_size", kernel_size, 2, op)
        self.strides = _spatial("strides", strides, 2, op)
        self.pad_mode = _pad_mode(pad_mode, op)
        if self.pad_mode == "pad":
            raise ValueError(f"For '{op}', the 'pad_mode' must be 'valid' or 'same', but got {pad_mode!r}.")
        if data_format not in ("NCHW", "NHWC"):
            raise ValueError(f"For '{op}', the 'data_format' must be 'NCHW' or 'NHWC', but got {data_format!r}.")
        self.data_format = data_format
        for name in ("kernel_size", "strides", "pad_mode", "data_format"):
            self.add_prim_attr(name, getattr(self, name))

    def __call__(self, x):
        if x.ndim != 4:
            raise ValueError(f"For '{type(self).__name__}', the input must be 4-d, but got shape {x.shape}.")
        channels_last = self.data_format == "NHWC"
        if channels_last:
            x = x.transpose(0, 3, 1, 2)
        padding = (0, 0, 0, 0)
        if self.pad_mode == "same":
            padding = CF.resolve_padding("same", None, x.shape[2:], self.kernel_size, self.strides, (1, 1))
        out = self._pool(x, padding)
        return out.transpose(0, 2, 3, 1) if channels_last else out


class MaxPool(_Pool):
    """2-d max pooling with `kernel_size`, `strides`, pad_mode 'valid' or 'same'."""

    def __init__(self, kernel_size=1, strides=1, pad_mode="valid", data_format="NCHW"):
        super().__init__(kernel_size, strides, pad_mode, data_format)

    def _pool(self, x, padding):
        return CF.max_pool_nchw(x, self.kernel_size, self.strides, padding, (1, 1), False, False)


class AvgPool(_Pool):
    """2-d average pooling; with pad_mode 'same' the padded positions are not counted."""

    def _pool(self, x, padding):
        return CF.avg_pool_nchw(x, self.kernel_size, self.strides, padding, False, False)


class AdaptiveAvgPool2D(Primitive):
    """Average pooling to `output_size` (an int, or (H, W) where None keeps that size)."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size
        self.add_prim_attr("output_size", output_size)

    def __call__(self, input_x):
        return CF.adaptive_avg_pool2d(input_x, self.output_size)
