"""MindSpore's layer primitives (convolution, pooling, normalization, activations) for loaded graphs.

Same contract as mindspore_ops.py: `NN_OPS[op_type](args, attrs)`, arguments from inputs or from the
primitive's attributes, computed with minispore ops.
"""
import math

from minispore.common import dtype as mstype
from minispore.ops import function as F
from minispore.ops._prims import conv as C, elementwise as E, reduce as R, shape as S
from minispore.ops.function.conv_func import avg_pool_nchw, convolve, max_pool_nchw, same_padding

__all__ = ["NN_OPS", "REFUSED"]

_PAD_MODES = {0: "pad", 1: "same", 2: "valid"}  # MindSpore's PadMode enum, when given as an input


def _arg(args, attrs, position, name, default=None):
    if len(args) > position:
        return args[position]
    return attrs.get(name, default)


def _last2(value):
    value = tuple(int(v) for v in value) if isinstance(value, (tuple, list)) else (int(value),) * 2
    return value[-2:]


def _pad_mode(value):
    return (_PAD_MODES.get(value, "pad") if isinstance(value, int) else str(value)).lower()


def _nchw_only(data_format, op):
    if data_format not in (None, 0, "NCHW", "NCDHW"):
        raise NotImplementedError(f"{op} in data format {data_format!r}")


def _window_padding(pad_mode, hw, kernel, stride, dilation, explicit):
    """(top, bottom, left, right) for MindSpore's 'same' / 'valid' / 'pad' windows."""
    if pad_mode == "same":
        return same_padding(hw[0], kernel[0], stride[0], dilation[0]) + same_padding(hw[1], kernel[1], stride[1],
                                                                                     dilation[1])
    if pad_mode == "pad":
        return tuple(int(p) for p in explicit)
    return (0, 0, 0, 0)


def _conv2d(args, attrs):
    x, w = args[0], args[1]
    _nchw_only(attrs.get("format"), "Conv2D")
    stride, dilation = _last2(attrs.get("stride", 1)), _last2(attrs.get("dilation", 1))
    groups = int(attrs.get("group", attrs.get("groups", 1)))
    pad = attrs.get("pad", (0, 0, 0, 0))
    pad = tuple(pad) * (4 // len(pad)) if isinstance(pad, (tuple, list)) else (int(pad),) * 4
    padding = _window_padding(_pad_mode(attrs.get("pad_mode", "valid")), x.shape[2:], w.shape[2:], stride, dilation,
                              pad)
    return convolve(x, w, None, stride, padding, dilation, groups)


def _conv2d_transpose(args, attrs):
    """Conv2DTranspose / Conv2DBackpropInput(dout, w, input_size): the adjoint of Conv2D in its input."""
    dy, w, size = args[0], args[1], tuple(int(n) for n in args[2])
    _nchw_only(attrs.get("format"), "Conv2DTranspose")
    stride, dilation = _last2(attrs.get("stride", 1)), _last2(attrs.get("dilation", 1))
    groups = int(attrs.get("group", attrs.get("groups", 1)))
    mode = _pad_mode(attrs.get("pad_mode", "valid"))
    pad_list = tuple(int(p) for p in attrs.get("pad_list", ())) or None
    if mode == "pad":
        padding = tuple(int(p) for p in attrs.get("pad", (0, 0, 0, 0)))
    elif mode == "same":
        padding = pad_list or _window_padding("same", size[2:], w.shape[2:], stride, dilation, ())
    else:
        padding = (0, 0, 0, 0)
    return C.conv2d_input_grad(dy, w, input_shape=size, stride=stride, padding=padding, dilation=dilation,
                               groups=groups)


def _max_pool(args, attrs):
    x = args[0]
    _nchw_only(_arg(args, attrs, 4, "format", "NCHW"), "MaxPool")
    kernel = _last2(_arg(args, attrs, 1, "kernel_size"))
    stride = _last2(_arg(args, attrs, 2, "strides"))
    padding = _window_padding(_pad_mode(_arg(args, attrs, 3, "pad_mode", "valid")), x.shape[2:], kernel, stride,
                              (1, 1), (0, 0, 0, 0))
    return max_pool_nchw(x, kernel, stride, padding, (1, 1), False, False)


def _avg_pool(args, attrs):
    """AvgPool: MindSpore's 'same' windows average only the elements inside the input."""
    x = args[0]
    _nchw_only(_arg(args, attrs, 4, "format", "NCHW"), "AvgPool")
    kernel = _last2(_arg(args, attrs, 1, "kernel_size"))
    stride = _last2(_arg(args, attrs, 2, "strides"))
    padding = _window_padding(_pad_mode(_arg(args, attrs, 3, "pad_mode", "valid")), x.shape[2:], kernel, stride,
                              (1, 1), (0, 0, 0, 0))
    return avg_pool_nchw(x, kernel, stride, padding, False, False)


def _depth_one(x, kernel, op):
    if x.shape[2] != 1 or int(kernel[-3]) != 1:
        raise NotImplementedError(f"{op} over a depth other than 1")


def _avg_pool3d(args, attrs):
    """AvgPool3D on a depth-1 input: how MindSpore 2.10 writes a padded AvgPool2d."""
    x = args[0]
    kernel, strides = attrs["kernel_size"], attrs["strides"]
    _depth_one(x, kernel, "AvgPool3D")
    pad = tuple(int(p) for p in attrs.get("pad_list", attrs.get("pad", (0,) * 6)))
    mode = str(attrs.get("pad_mode", "valid")).lower()
    x2 = S.squeeze(x, axis=(2,))
    padding = _window_padding("pad" if mode == "pad" else mode, x2.shape[2:], _last2(kernel), _last2(strides),
                              (1, 1), pad[2:])
    out = avg_pool_nchw(x2, _last2(kernel), _last2(strides), padding, bool(attrs.get("ceil_mode", False)),
                        bool(attrs.get("count_include_pad", True)), int(attrs.get("divisor_override", 0)))
    return S.expand_dims(out, axis=2)


def _max_pool3d_with_argmax(args, attrs):
    """MaxPool3DWithArgmax on a depth-1 input: how MindSpore 2.10 writes a padded MaxPool2d."""
    x = args[0]
    kernel, strides = attrs["ksize"], attrs["strides"]
    _depth_one(x, kernel, "MaxPool3DWithArgmax")
    pads = tuple(int(p) for p in attrs.get("pads", (0, 0, 0)))
    padding = (pads[-2], pads[-2], pads[-1], pads[-1])
    values, index = max_pool_nchw(S.squeeze(x, axis=(2,)), _last2(kernel), _last2(strides), padding,
                                  _last2(attrs.get("dilation", (1, 1, 1))), bool(attrs.get("ceil_mode", False)), True)
    index_type = mstype.int32 if attrs.get("argmax_type", "int64") in ("int32", 34) else mstype.int64
    index = E.cast(index, dtype=index_type._np)
    return S.expand_dims(values, axis=2), S.expand_dims(index, axis=2)


def _adaptive_avg_pool(args, attrs):
    size = _arg(args, attrs, 1, "output_size")
    return F.adaptive_avg_pool2d(args[0], tuple(size) if isinstance(size, (tuple, list)) else size)


def _channel_shape(x, data_format):
    if data_format in (None, 0, "NCHW") or x.ndim == 2:
        return (1, -1) + (1,) * (x.ndim - 2)
    return (1,) * (x.ndim - 1) + (-1,)


def _batch_norm(args, attrs):
    """BatchNorm(x, scale, bias, mean, variance, is_training, epsilon, momentum, format) in inference."""
    x, scale, bias, mean, variance = args[:5]
    if bool(_arg(args, attrs, 5, "is_training", False)):
        raise NotImplementedError("BatchNorm in training mode (batch statistics) in a loaded graph")
    eps = float(_arg(args, attrs, 6, "epsilon", 1e-5))
    shape = _channel_shape(x, _arg(args, attrs, 8, "format", 0))
    inv = E.rsqrt(F.add(F.reshape(variance, shape), eps))
    y = F.add(F.mul(F.mul(F.sub(x, F.reshape(mean, shape)), inv), F.reshape(scale, shape)), F.reshape(bias, shape))
    return y, mean, variance, mean, variance


def _moments(x, axes, eps):
    mean = R.mean(x, axis=axes, keepdims=True)
    centered = F.sub(x, mean)
    variance = R.mean(F.mul(centered, centered), axis=axes, keepdims=True)
    return centered, mean, E.rsqrt(F.add(variance, eps))


def _layer_norm(args, attrs):
    """LayerNorm(x, gamma, beta, begin_norm_axis, begin_params_axis, epsilon) -> (y, mean, rstd)."""
    x, gamma, beta = args[:3]
    begin = int(_arg(args, attrs, 3, "begin_norm_axis", -1)) % x.ndim
    eps = float(_arg(args, attrs, 5, "epsilon", 1e-7))
    centered, mean, rstd = _moments(x, tuple(range(begin, x.ndim)), eps)
    return F.add(F.mul(F.mul(centered, rstd), gamma), beta), mean, rstd


def _layer_norm_ext(args, attrs):
    """LayerNormExt(x, normalized_shape, weight, bias, eps) -> (y, mean, rstd)."""
    x, normalized, weight, bias = args[:4]
    eps = float(args[4]) if len(args) > 4 else 1e-5
    centered, mean, rstd = _moments(x, tuple(range(x.ndim - len(normalized), x.ndim)), eps)
    y = F.mul(centered, rstd)
    if weight is not None:
        y = F.mul(y, weight)
    if bias is not None:
        y = F.add(y, bias)
    return y, mean, rstd


def _gelu_tanh(x):
    inner = F.mul(F.add(x, F.mul(F.mul(F.mul(x, x), x), 0.044715)), math.sqrt(2 / math.pi))
    return F.mul(F.mul(x, 0.5), F.add(F.tanh(inner), 1.0))


def _fast_gelu(x):
    """MindSpore's FastGeLU: x / (1 + exp(-1.702 |x|)) * exp(0.851 (x - |x|))."""
    magnitude = F.abs(x)
    return F.mul(F.div(x, F.add(F.exp(F.mul(magnitude, -1.702)), 1.0)), F.exp(F.mul(F.sub(x, magnitude), 0.851)))


def _gelu_ext(args, attrs):
    approximate = args[1] if len(args) > 1 else "none"
    return F.gelu(args[0], "tanh" if approximate in ("tanh", 1) else "none")


def _elu(args, attrs):
    return F.elu(args[0], float(_arg(args, attrs, 1, "alpha", 1.0)))


def _leaky_relu(args, attrs):
    """LeakyReLUExt(x, negative_slope)."""
    return F.leaky_relu(args[0], float(_arg(args, attrs, 1, "negative_slope", 0.01)))


NN_OPS = {
    "Conv2D": _conv2d, "Conv2DTranspose": _conv2d_transpose, "Conv2DBackpropInput": _conv2d_transpose,
    "MaxPool": _max_pool, "AvgPool": _avg_pool, "AvgPool3D": _avg_pool3d,
    "MaxPool3DWithArgmax": _max_pool3d_with_argmax, "AdaptiveAvgPool2D": _adaptive_avg_pool,
    "BatchNorm": _batch_norm, "LayerNorm": _layer_norm, "LayerNormExt": _layer_norm_ext,
    "ReLU": lambda args, attrs: E.relu(args[0]), "ReLU6": lambda args, attrs: F.relu6(args[0]),
    "Sigmoid": lambda args, attrs: F.sigmoid(args[0]), "GeLU": lambda args, attrs: _gelu_tanh(args[0]),
    "FastGeLU": lambda args, attrs: _fast_gelu(args[0]), "GeluExt": _gelu_ext,
    "SiLU": lambda args, attrs: F.silu(args[0]), "Elu": _elu, "LeakyReLUExt": _leaky_relu,
    "Softplus": lambda args, attrs: E.softplus(args[0]), "HSwish": lambda args, attrs: F.hardswish(args[0]),
    "HSigmoid": lambda args, attrs: F.hardsigmoid(args[0]),
}

# Primitives a loaded graph may hold that minispore refuses, and why.
REFUSED = {
    "Dropout": "Dropout draws random masks: the graph was exported in training mode (export after set_train(False))",
    "DropoutExt": "Dropout draws random masks: the graph was exported in training mode (export after set_train(False))",
}
