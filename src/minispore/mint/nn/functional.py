"""`mindspore.mint.nn.functional`: PyTorch-style layer functions over minispore's ops."""
from minispore.common.tensor import Tensor
from minispore.mint.linalg import vector_norm
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign
from minispore.ops.function import (array_func as A, conv3d_func as CF3, conv_func as CF, image_func as IF,
                                    math_extra_func as MX, math_func as M, nn_extra_func as NX, nn_func as NF,
                                    nn_layer_func as NL, pad_func as PF)

__all__ = [
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "batch_norm", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "conv1d", "conv2d", "conv3d", "conv_transpose2d", "cosine_embedding_loss",
    "cross_entropy", "dropout", "dropout2d", "elu", "elu_", "embedding", "flatten", "fold", "gelu", "glu",
    "grid_sample", "group_norm", "hardtanh", "hardtanh_", "interpolate", "kl_div", "layer_norm", "leaky_relu",
    "linear", "log_softmax", "logsigmoid", "max_pool2d", "max_unpool2d", "mse_loss", "nll_loss", "normalize",
    "one_hot", "pad", "pixel_shuffle", "prelu", "relu", "relu6", "relu_", "sigmoid", "sigmoid_", "silu",
    "soft_margin_loss", "softmax", "tanh", "threshold", "threshold_", "unfold", "upsample",
]


def _padding_arg(padding, n, op):
    """PyTorch's padding: an int, n ints, 'valid' or 'same' -> (pad_mode, MindSpore's padding)."""
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"For '{op}', the string 'padding' must be 'valid' or 'same', but got {padding!r}.")
        return padding, 0
    return "pad", padding


def adaptive_avg_pool1d(input, output_size):
    return CF.adaptive_avg_pool1d(input, output_size)


def adaptive_avg_pool2d(input, output_size):
    return CF.adaptive_avg_pool2d(input, output_size)


def adaptive_avg_pool3d(input, output_size):
    return NX.adaptive_avg_pool3d(input, output_size)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    out, index = CF.adaptive_max_pool2d(A.expand_dims(input, -2), (1, output_size), True)
    out, index = A.squeeze(out, -2), A.squeeze(index, -2)
    return (out, index) if return_indices else out


def adaptive_max_pool2d(input, output_size, return_indices=False):
    return CF.adaptive_max_pool2d(input, output_size, return_indices)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    return CF.avg_pool1d(input, kernel_size, kernel_size if stride is None else stride, padding, ceil_mode,
                         count_include_pad)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    return CF.avg_pool2d(input, kernel_size, kernel_size if stride is None else stride, padding, ceil_mode,
                         count_include_pad, divisor_override or 0)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    return NX.avg_pool3d(input, kernel_size, kernel_size if stride is None else stride, padding, ceil_mode,
                         count_include_pad, divisor_override or 0)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05):
    channels = input.shape[1]
    weight = weight if weight is not None else A.ones((channels,), input.dtype)
    bias = bias if bias is not None else A.zeros((channels,), input.dtype)
    return NL.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    return NF.binary_cross_entropy(input, target, weight, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean", pos_weight=None):
    return NF.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    pad_mode, padding = _padding_arg(padding, 1, "conv1d")
    return CF.conv1d(input, weight, bias, stride, pad_mode, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    pad_mode, padding = _padding_arg(padding, 2, "conv2d")
    return CF.conv2d(input, weight, bias, stride, pad_mode, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    pad_mode, padding = _padding_arg(padding, 3, "conv3d")
    return CF3.conv3d(input, weight, bias, stride, pad_mode, padding, dilation, groups)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return CF.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    return MX.cosine_embedding_loss(input1, input2, target, margin, reduction)


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    return NF.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing)


def dropout(input, p=0.5, training=True, inplace=False):
    out = NF.dropout(input, p, training)
    return assign(input, out) if inplace else out


def dropout2d(input, p=0.5, training=True, inplace=False):
    out = NX.dropout2d(input, p, training)
    return assign(input, out) if inplace else out


def elu(input, alpha=1.0, inplace=False):
    out = NF.elu(input, alpha)
    return assign(input, out) if inplace else out


def elu_(input, alpha=1.0):
    return assign(input, NF.elu(input, alpha))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False):
    return NL.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq)


def flatten(input, start_dim=0, end_dim=-1):
    return A.flatten(input, start_dim=start_dim, end_dim=end_dim)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    return NX.fold(input, output_size, kernel_size, dilation, padding, stride)


def gelu(input, approximate="none"):
    return NF.gelu(input, approximate)


def glu(input, dim=-1):
    return MX.glu(input, dim)


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    return NX.grid_sample(input, grid, mode, padding_mode, align_corners)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    return NL.group_norm(input, num_groups, weight, bias, eps)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    out = MX.hardtanh(input, min_val, max_val)
    return assign(input, out) if inplace else out


def hardtanh_(input, min_val=-1, max_val=1):
    return assign(input, MX.hardtanh(input, min_val, max_val))


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
    return IF.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)


def kl_div(input, target, reduction="mean", log_target=False):
    return NF.kl_div(input, target, reduction, log_target)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    return NL.layer_norm(input, normalized_shape, weight, bias, eps)


def leaky_relu(input, negative_slope=0.01):
    return NF.leaky_relu(input, negative_slope)


def linear(input, weight, bias=None):
    """input @ weight.T + bias."""
    return NF.dense(input, weight, bias)


def log_softmax(input, dim=None, *, dtype=None):
    input = input if dtype is None else M.cast(input, dtype)
    return NF.log_softmax(input, -1 if dim is None else dim)


def logsigmoid(input):
    return NF.logsigmoid(input)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return CF.max_pool2d(input, kernel_size, stride, padding, dilation, return_indices, ceil_mode)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return NX.max_unpool2d(input, indices, kernel_size, stride, padding, output_size)


def mse_loss(input, target, reduction="mean"):
    return NF.mse_loss(input, target, reduction)


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    return NF.nll_loss(input, target, weight, ignore_index, reduction)


def normalize(input, p=2.0, dim=1, eps=1e-12):
    """input / max(||input||_p over dim, eps)."""
    norm = vector_norm(input, p, dim, True)
    return M.div(input, M.maximum(norm, eps))


def one_hot(tensor, num_classes=-1):
    """One-hot Int64 vectors of `num_classes` (one more than the largest index when -1)."""
    if num_classes == -1:
        num_classes = int(tensor.asnumpy().max()) + 1
    return A.one_hot(tensor, num_classes, Tensor(1), Tensor(0))


def pad(input, pad, mode="constant", value=None):
    return PF.pad(input, pad, mode, value)


def pixel_shuffle(input, upscale_factor):
    return NX.pixel_shuffle(input, upscale_factor)


def prelu(input, weight):
    return NF.prelu(input, weight)


def relu(input, inplace=False):
    out = NF.relu(input)
    return assign(input, out) if inplace else out


def relu_(input):
    return assign(input, NF.relu(input))


def relu6(input, inplace=False):
    out = NF.relu6(input)
    return assign(input, out) if inplace else out


def sigmoid(input):
    return NF.sigmoid(input)


def sigmoid_(input):
    return assign(input, NF.sigmoid(input))


def silu(input, inplace=False):
    out = NF.silu(input)
    return assign(input, out) if inplace else out


def soft_margin_loss(input, target, reduction="mean"):
    return MX.soft_margin_loss(input, target, reduction)


def softmax(input, dim=None, dtype=None):
    input = input if dtype is None else M.cast(input, dtype)
    return NF.softmax(input, -1 if dim is None else dim)


def tanh(input):
    return E.tanh(input)


def threshold(input, threshold, value, inplace=False):
    out = MX.threshold(input, threshold, value)
    return assign(input, out) if inplace else out


def threshold_(input, threshold, value):
    return assign(input, MX.threshold(input, threshold, value))


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    return NX.unfold(input, kernel_size, dilation, padding, stride)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    return IF.upsample(input, size, scale_factor, mode, align_corners)
