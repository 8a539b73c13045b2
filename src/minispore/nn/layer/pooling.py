"""Pooling layers: MaxPool1d/2d, AvgPool1d/2d (stride 1 and pad_mode 'valid' by default), adaptive pools."""
from minispore.common import _validate as V
from minispore.nn.cell import Cell
from minispore.nn.layer._check import layer_input
from minispore.ops._prims import shape as S
from minispore.ops.function import conv_func as CF

__all__ = ["MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
           "AdaptiveMaxPool1d", "AdaptiveMaxPool2d"]


def _padding_given(padding, name):
    """Whether `padding` (an int or a tuple of ints) pads at all."""
    if isinstance(padding, int) and not isinstance(padding, bool):
        return padding != 0
    if isinstance(padding, (tuple, list)) and all(isinstance(p, int) and not isinstance(p, bool) for p in padding):
        return any(padding)
    raise TypeError(f"For {name}, the 'padding' must be an int or a tuple of 2 or 4 ints, but got {padding!r}.")


def _pool_padding(padding, name):
    if isinstance(padding, int) and not isinstance(padding, bool):
        return (padding,) * 4
    if isinstance(padding, (tuple, list)) and len(padding) == 2:
        return (padding[0], padding[0], padding[1], padding[1])
    if isinstance(padding, (tuple, list)) and len(padding) == 4:
        return tuple(padding)
    raise TypeError(f"For {name}, the 'padding' must be an int or a tuple of 2 or 4 ints, but got {padding!r}.")


class _Pool(Cell):
    """Shared pad_mode handling: 'valid', 'same' or 'pad' (any case); padding etc. only with 'pad'."""

    def __init__(self, kernel, stride, pad_mode, padding, non_default, names, shown_kernel, shown_stride):
        super().__init__()
        mode = pad_mode.upper() if isinstance(pad_mode, str) else pad_mode
        if mode not in ("VALID", "SAME", "PAD"):
            raise ValueError(f"For '{self.cls_name}', the 'pad_mode' must be in ['VALID', 'SAME', 'PAD'], "
                             f"but got {pad_mode!r}.")
        if mode != "PAD" and non_default:
            raise ValueError(f"For {self.cls_name}, the parameter {names} can not be set to non-default value "
                             f"when pad_mode is not 'pad', but got pad_mode:{pad_mode}.")
        self.kernel, self.stride_pair, self.pad_mode = kernel, stride, mode
        self.kernel_size, self.stride = shown_kernel, shown_stride
        self.pads = _pool_padding(padding, self.cls_name) if mode == "PAD" else (0, 0, 0, 0)

    def _padding_for(self, hw):
        if self.pad_mode == "SAME":
            return CF.same_padding(hw[0], self.kernel[0], self.stride_pair[0], 1) + \
                CF.same_padding(hw[1], self.kernel[1], self.stride_pair[1], 1)
        return self.pads

    def _check_input(self, x, ndims, layout):
        layer_input(self, x, ndims, layout)

    def extend_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}"


class MaxPool2d(_Pool):
    """Max over kH x kW windows of (N, C, H, W) or (C, H, W); note stride defaults to 1."""

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, dilation=1, return_indices=False,
                 ceil_mode=False, data_format="NCHW"):
        kernel = CF.to_tuple(kernel_size, 2, "kernel_size", "MaxPool2d")
        strides = CF.to_tuple(stride, 2, "stride", "MaxPool2d")
        dilated = CF.to_tuple(dilation, 2, "dilation", "MaxPool2d")
        return_indices, ceil_mode = V.flag("MaxPool2d", "return_indices", return_indices), \
            V.flag("MaxPool2d", "ceil_mode", ceil_mode)
        non_default = _padding_given(padding, "MaxPool2d") or dilated != (1, 1) or return_indices or ceil_mode
        super().__init__(kernel, strides, pad_mode, padding, non_default,
                         "'padding', 'dilation', 'return_indices', 'ceil_mode'", kernel_size, stride)
        self.dilation = dilated
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def construct(self, x):
        self._check_input(x, (3, 4), "(N, C, H, W) or (C, H, W)")
        pads = self._padding_for(x.shape[-2:])
        return CF.max_pool_nchw(x, self.kernel, self.stride_pair, pads, self.dilation, self.ceil_mode,
                                self.return_indices)


class MaxPool1d(_Pool):
    """Max over windows of length k of (N, C, L) or (C, L); stride defaults to 1."""

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        k, s = CF.to_tuple(kernel_size, 1, "kernel_size", "MaxPool1d"), CF.to_tuple(stride, 1, "stride", "MaxPool1d")
        dilated = CF.to_tuple(dilation, 1, "dilation", "MaxPool1d")
        return_indices, ceil_mode = V.flag("MaxPool1d", "return_indices", return_indices), \
            V.flag("MaxPool1d", "ceil_mode", ceil_mode)
        non_default = _padding_given(padding, "MaxPool1d") or dilated != (1,) or return_indices or ceil_mode
        super().__init__((1,) + k, (1,) + s, pad_mode, 0, non_default,
                         "'padding', 'dilation', 'return_indices', 'ceil_mode'", (1,) + k, (1,) + s)
        pad = CF.to_tuple(padding, 1, "padding", "MaxPool1d")[0]
        self.pads = (0, 0, pad, pad)
        self.dilation = (1,) + dilated
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def construct(self, x):
        self._check_input(x, (2, 3), "(N, C, L) or (C, L)")
        x4 = S.expand_dims(x, axis=x.ndim - 1)
        pads = self._padding_for(x4.shape[-2:])
        out = CF.max_pool_nchw(x4, self.kernel, self.stride_pair, pads, self.dilation, self.ceil_mode,
                               self.return_indices)
        if self.return_indices:
            return tuple(S.squeeze(t, axis=(t.ndim - 2,)) for t in out)
        return S.squeeze(out, axis=(out.ndim - 2,))


class AvgPool2d(_Pool):
    """Mean over kH x kW windows of (N, C, H, W) or (C, H, W); 'same' padding is not counted."""

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None, data_format="NCHW"):
        kernel = CF.to_tuple(kernel_size, 2, "kernel_size", "AvgPool2d")
        strides = CF.to_tuple(stride, 2, "stride", "AvgPool2d")
        ceil_mode = V.flag("AvgPool2d", "ceil_mode", ceil_mode)
        count_include_pad = V.flag("AvgPool2d", "count_include_pad", count_include_pad)
        if divisor_override is not None:
            V.integer("AvgPool2d", "divisor_override", divisor_override, 1)
        non_default = _padding_given(padding, "AvgPool2d") or ceil_mode or not count_include_pad or \
            divisor_override is not None
        super().__init__(kernel, strides, pad_mode, padding, non_default,
                         "'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'", kernel_size, stride)
        self.ceil_mode, self.divisor_override = ceil_mode, divisor_override or 0
        self.count_include_pad = count_include_pad and self.pad_mode != "SAME"

    def construct(self, x):
        self._check_input(x, (3, 4), "(N, C, H, W) or (C, H, W)")
        pads = self._padding_for(x.shape[-2:])
        return CF.avg_pool_nchw(x, self.kernel, self.stride_pair, pads, self.ceil_mode, self.count_include_pad,
                                self.divisor_override)


class AvgPool1d(_Pool):
    """Mean over windows of length k of (N, C, L) or (C, L); stride defaults to 1."""

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, ceil_mode=False,
                 count_include_pad=True):
        k, s = CF.to_tuple(kernel_size, 1, "kernel_size", "AvgPool1d"), CF.to_tuple(stride, 1, "stride", "AvgPool1d")
        ceil_mode = V.flag("AvgPool1d", "ceil_mode", ceil_mode)
        count_include_pad = V.flag("AvgPool1d", "count_include_pad", count_include_pad)
        non_default = _padding_given(padding, "AvgPool1d") or ceil_mode or not count_include_pad
        super().__init__((1,) + k, (1,) + s, pad_mode, 0, non_default,
                         "'padding', 'ceil_mode', 'count_include_pad'", (1,) + k, (1,) + s)
        pad = CF.to_tuple(padding, 1, "padding", "AvgPool1d")[0]
        self.pads = (0, 0, pad, pad)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad and self.pad_mode != "SAME"

    def construct(self, x):
        self._check_input(x, (2, 3), "(N, C, L) or (C, L)")
        x4 = S.expand_dims(x, axis=x.ndim - 1)
        pads = self._padding_for(x4.shape[-2:])
        out = CF.avg_pool_nchw(x4, self.kernel, self.stride_pair, pads, self.ceil_mode, self.count_include_pad)
        return S.squeeze(out, axis=(out.ndim - 2,))


class AdaptiveAvgPool2d(Cell):
    """Average to output_size (int, or a pair whose None entries keep the input size)."""

    def __init__(self, output_size):
        super().__init__()
        CF.adaptive_size(output_size, (1, 1), "AdaptiveAvgPool2d")
        self.output_size = output_size

    def construct(self, input):
        layer_input(self, input, (3, 4), "(N, C, H, W) or (C, H, W)")
        return CF.adaptive_avg_pool2d(input, self.output_size)


class AdaptiveMaxPool2d(Cell):
    """Max to output_size; with return_indices also the flat H*W positions (Int64)."""

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        CF.adaptive_size(output_size, (1, 1), "AdaptiveMaxPool2d", minimum=1)
        self.output_size, self.return_indices = output_size, return_indices

    def construct(self, input):
        layer_input(self, input, (3, 4), "(N, C, H, W) or (C, H, W)")
        return CF.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class _AdaptivePool1d(Cell):
    """(N, C, L) to (N, C, output_size); like MindSpore, L must be a multiple of output_size."""

    def __init__(self, output_size):
        super().__init__()
        if not isinstance(output_size, int) or isinstance(output_size, bool) or output_size < 1:
            raise ValueError(f"For {self.cls_name}, 'output_size' must be a positive int, but got {output_size!r}.")
        self.output_size = output_size

    def _check_input(self, x):
        V.tensor(self.cls_name, "input", x)
        if x.ndim != 3:
            raise ValueError(f"For {self.cls_name}, the input must has 3 dim, but got {x.ndim}.")
        if x.shape[-1] % self.output_size:
            raise ValueError(f"For {self.cls_name}, the input's last dimension must be divisible by output size "
                             f"{self.output_size}, but got {x.shape[-1]}.")


class AdaptiveAvgPool1d(_AdaptivePool1d):
    """Average pooling of (N, C, L) to (N, C, output_size)."""

    def construct(self, input):
        self._check_input(input)
        return CF.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool1d(_AdaptivePool1d):
    """Max pooling of (N, C, L) to (N, C, output_size)."""

    def construct(self, input):
        self._check_input(input)
        return CF.adaptive_max_pool1d(input, self.output_size)
