"""`mindspore.mint.nn` layers: PyTorch-style constructors (in_features, padding, bias, momentum=0.1, ...)
over mint.nn.functional; parameters named as MindSpore's mint layers name them (weight, bias,
running_mean, running_var, num_batches_tracked)."""
import inspect
import math

from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.initializer import HeUniform, Uniform, initializer
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor, wrap
from minispore.mint.nn import functional as F
from minispore.nn import layer as L, loss as NL
from minispore.nn.cell import Cell
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign
from minispore.ops.function import array_func as A, conv_func as CF, nn_func as NF, nn_layer_func as NLF, pad_func as PF

__all__ = [
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
    "AvgPool1d", "AvgPool2d", "AvgPool3d", "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d",
    "BatchNorm3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "Conv1d", "Conv2d", "Conv3d",
    "ConvTranspose2d", "CosineEmbeddingLoss", "ELU", "Flatten", "Fold", "GELU", "GroupNorm", "Hardshrink",
    "Hardsigmoid", "Hardswish", "Hardtanh", "Identity", "KLDivLoss", "L1Loss", "Linear", "LogSigmoid",
    "LogSoftmax", "MSELoss", "MaxUnpool2d", "Mish", "PReLU", "PixelShuffle", "ReLU", "ReLU6", "ReflectionPad1d",
    "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "SELU",
    "SiLU", "Sigmoid", "SmoothL1Loss", "SoftMarginLoss", "Softmax", "SyncBatchNorm", "Tanh", "Threshold", "Unfold",
    "Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d",
]

# Layers whose PyTorch-style signature equals the nn one.
ConstantPad1d, ConstantPad2d, ConstantPad3d = L.ConstantPad1d, L.ConstantPad2d, L.ConstantPad3d
ReflectionPad1d, ReflectionPad2d, ReflectionPad3d = L.ReflectionPad1d, L.ReflectionPad2d, L.ReflectionPad3d
ZeroPad2d, Identity, Mish, LogSigmoid = L.ZeroPad2d, L.Identity, L.Mish, L.LogSigmoid
AdaptiveAvgPool1d, AdaptiveAvgPool2d = L.AdaptiveAvgPool1d, L.AdaptiveAvgPool2d
AdaptiveMaxPool2d = L.AdaptiveMaxPool2d
BCELoss, Upsample = NL.BCELoss, L.Upsample


class _Functional(Cell):
    """A layer that calls one mint.nn.functional function with its stored arguments."""

    _fn = None
    _args = ()

    def construct(self, *inputs):
        return type(self)._fn(*inputs, **{name: getattr(self, name) for name in self._args})

    def extend_repr(self):
        return ", ".join(f"{name}={getattr(self, name)}" for name in self._args)


_REQUIRED = inspect.Parameter.empty


def _functional(name, fn, args, doc):
    """A layer class whose constructor takes `args` ((name, default) pairs; _REQUIRED for none) and whose
    construct calls fn(*inputs, **those values)."""
    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + [
        inspect.Parameter(arg, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default) for arg, default in args]
    signature = inspect.Signature(parameters)

    def __init__(self, *values, **kwargs):
        bound = signature.bind(self, *values, **kwargs)
        bound.apply_defaults()
        Cell.__init__(self)
        for arg, value in list(bound.arguments.items())[1:]:
            setattr(self, arg, value)

    __init__.__signature__ = signature
    return type(name, (_Functional,), {"_fn": staticmethod(fn), "_args": tuple(a for a, _ in args),
                                       "__init__": __init__, "__doc__": doc, "__module__": __name__})


def _l1_loss(input, target, reduction):
    return NF.l1_loss(input, target, reduction)


def _smooth_l1_loss(input, target, reduction, beta):
    return NF.smooth_l1_loss(input, target, beta, reduction)


class ReLU(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return F.relu(input)


class Sigmoid(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return F.sigmoid(input)


class Tanh(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return F.tanh(input)


class Hardsigmoid(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return E.clamp(E.add(E.mul(input, input._data.dtype.type(1 / 6)), input._data.dtype.type(0.5)), low=0.0,
                       high=1.0)


class Hardswish(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return E.mul(input, E.clamp(E.add(E.mul(input, input._data.dtype.type(1 / 6)), input._data.dtype.type(0.5)),
                                    low=0.0, high=1.0))


class ReLU6(Cell):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def construct(self, input):
        return F.relu6(input, self.inplace)


class SiLU(Cell):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def construct(self, input):
        return F.silu(input, self.inplace)


class ELU(Cell):
    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def construct(self, input):
        return F.elu(input, self.alpha, self.inplace)


class SELU(Cell):
    """scale * (max(0, x) + min(0, alpha * (exp(x) - 1))), with SELU's constants."""

    _ALPHA, _SCALE = 1.6732632423543772, 1.0507009873554805

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def construct(self, input):
        out = E.mul(F.elu(input, self._ALPHA), input._data.dtype.type(self._SCALE))
        return assign(input, out) if self.inplace else out


class GELU(Cell):
    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def construct(self, input):
        return F.gelu(input, self.approximate)


class Hardshrink(Cell):
    """x where |x| > lambd, else 0."""

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def construct(self, input):
        return A.where(E.greater(E.abs(input), input._data.dtype.type(self.lambd)), input, A.zeros_like(input))


Hardtanh = _functional("Hardtanh", F.hardtanh, (("min_val", -1.0), ("max_val", 1.0), ("inplace", False)),
                       "Clamp to [min_val, max_val].")
Threshold = _functional("Threshold", F.threshold, (("threshold", _REQUIRED), ("value", _REQUIRED), ("inplace", False)),
                        "x where x > threshold, else value.")
Softmax = _functional("Softmax", F.softmax, (("dim", None),), "Softmax over `dim`.")
LogSoftmax = _functional("LogSoftmax", F.log_softmax, (("dim", None),), "Log-softmax over `dim`.")
Flatten = _functional("Flatten", F.flatten, (("start_dim", 1), ("end_dim", -1)), "Merge dims start_dim..end_dim.")
PixelShuffle = _functional("PixelShuffle", F.pixel_shuffle, (("upscale_factor", _REQUIRED),),
                           "(.., C*r*r, H, W) to (.., C, H*r, W*r).")
Unfold = _functional("Unfold", F.unfold, (("kernel_size", _REQUIRED), ("dilation", 1), ("padding", 0), ("stride", 1)),
                     "Sliding blocks as columns.")
Fold = _functional("Fold", F.fold, (("output_size", _REQUIRED), ("kernel_size", _REQUIRED), ("dilation", 1), ("padding", 0),
                                    ("stride", 1)), "Columns summed back into an image.")
AdaptiveAvgPool3d = _functional("AdaptiveAvgPool3d", F.adaptive_avg_pool3d, (("output_size", _REQUIRED),),
                                "Adaptive 3-d average pooling.")
AvgPool1d = _functional("AvgPool1d", F.avg_pool1d, (("kernel_size", _REQUIRED), ("stride", None), ("padding", 0),
                                                    ("ceil_mode", False), ("count_include_pad", True)),
                        "1-d average pooling.")
AvgPool2d = _functional("AvgPool2d", F.avg_pool2d, (("kernel_size", _REQUIRED), ("stride", None), ("padding", 0),
                                                    ("ceil_mode", False), ("count_include_pad", True),
                                                    ("divisor_override", None)), "2-d average pooling.")
AvgPool3d = _functional("AvgPool3d", F.avg_pool3d, (("kernel_size", _REQUIRED), ("stride", None), ("padding", 0),
                                                    ("ceil_mode", False), ("count_include_pad", True),
                                                    ("divisor_override", None)), "3-d average pooling.")
MaxUnpool2d = _functional("MaxUnpool2d", F.max_unpool2d, (("kernel_size", _REQUIRED), ("stride", None), ("padding", 0)),
                          "Values put back at their max-pooling positions.")
AdaptiveMaxPool1d = _functional("AdaptiveMaxPool1d", F.adaptive_max_pool1d,
                                (("output_size", _REQUIRED), ("return_indices", False)), "Adaptive 1-d max pooling.")
BCEWithLogitsLoss = _functional("BCEWithLogitsLoss", F.binary_cross_entropy_with_logits,
                                (("weight", None), ("reduction", "mean"), ("pos_weight", None)),
                                "Sigmoid and binary cross-entropy on logits.")
L1Loss = _functional("L1Loss", _l1_loss, (("reduction", "mean"),), "Mean absolute error.")
MSELoss = _functional("MSELoss", F.mse_loss, (("reduction", "mean"),), "Mean squared error.")
SmoothL1Loss = _functional("SmoothL1Loss", _smooth_l1_loss, (("reduction", "mean"), ("beta", 1.0)),
                           "Smooth L1 (Huber) loss.")
KLDivLoss = _functional("KLDivLoss", F.kl_div, (("reduction", "mean"), ("log_target", False)),
                        "Kullback-Leibler divergence.")
SoftMarginLoss = _functional("SoftMarginLoss", F.soft_margin_loss, (("reduction", "mean"),), "Soft margin loss.")
CosineEmbeddingLoss = _functional("CosineEmbeddingLoss", F.cosine_embedding_loss,
                                  (("margin", 0.0), ("reduction", "mean")), "Cosine embedding loss.")


class UpsamplingNearest2d(Cell):
    def __init__(self, size=None, scale_factor=None):
        super().__init__()
        self.size, self.scale_factor = size, scale_factor

    def construct(self, input):
        return F.interpolate(input, self.size, self.scale_factor, "nearest")


class UpsamplingBilinear2d(Cell):
    def __init__(self, size=None, scale_factor=None):
        super().__init__()
        self.size, self.scale_factor = size, scale_factor

    def construct(self, input):
        return F.interpolate(input, self.size, self.scale_factor, "bilinear", True)


class _EdgePad(Cell):
    """Pad the last `_dims` axes by repeating the edge ('replicate') or with zeros."""

    _dims, _mode = 1, "edge"

    def __init__(self, padding):
        super().__init__()
        count = 2 * self._dims
        self.padding = (padding,) * count if isinstance(padding, int) else tuple(padding)
        if len(self.padding) != count:
            raise ValueError(f"For '{type(self).__name__}', the 'padding' must be an int or {count} ints, but got "
                             f"{padding!r}.")

    def construct(self, input):
        if self._mode == "constant":
            return PF.pad(input, self.padding)
        for i in range(self._dims):
            axis = input.ndim - 1 - i
            before, after = self.padding[2 * i], self.padding[2 * i + 1]
            input = A.gather(input, _padded_positions(input, axis, before, after, "edge"), axis)
        return input


def _padded_positions(input, axis, before, after, mode):
    """Int64 positions along `axis` read by a pad of (before, after) in NumPy's pad `mode` ('edge', 'reflect',
    'wrap')."""
    xp = backend_of(input._data).xp
    return wrap(xp.pad(xp.arange(input.shape[axis], dtype=xp.int64), (before, after), mode=mode))


ReplicationPad1d = type("ReplicationPad1d", (_EdgePad,), {"_dims": 1, "__module__": __name__})
ReplicationPad2d = type("ReplicationPad2d", (_EdgePad,), {"_dims": 2, "__module__": __name__})
ReplicationPad3d = type("ReplicationPad3d", (_EdgePad,), {"_dims": 3, "__module__": __name__})
ZeroPad1d = type("ZeroPad1d", (_EdgePad,), {"_dims": 1, "_mode": "constant", "__module__": __name__})
ZeroPad3d = type("ZeroPad3d", (_EdgePad,), {"_dims": 3, "_mode": "constant", "__module__": __name__})


def _dtype(dtype):
    return mstype.float32 if dtype is None else dtype


class Linear(Cell):
    """input @ weight.T + bias; weight (out_features, in_features)."""

    def __init__(self, in_features, out_features, bias=True, weight_init=None, bias_init=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(initializer(HeUniform(math.sqrt(5)) if weight_init is None else weight_init,
                                            (out_features, in_features), _dtype(dtype)), name="weight")
        self.bias = Parameter(initializer(Uniform(1 / math.sqrt(in_features)) if bias_init is None else bias_init,
                                          (out_features,), _dtype(dtype)), name="bias") if bias else None

    def construct(self, input):
        return F.linear(input, self.weight, self.bias)

    def extend_repr(self):
        return f"input_features={self.in_features}, output_features={self.out_features}, has_bias={self.bias is not None}"


_PAD_INDEX_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


class _ConvNd(Cell):
    _dims = 2
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", dtype=None, output_padding=0):
        super().__init__()
        name, n = type(self).__name__, self._dims
        if padding_mode not in ("zeros", "reflect", "replicate", "circular"):
            raise ValueError(f"For '{name}', the 'padding_mode' must be 'zeros', 'reflect', 'replicate' or "
                             f"'circular', but got {padding_mode!r}.")
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"For '{name}', 'in_channels' and 'out_channels' must be divisible by 'groups'.")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = CF.to_tuple(kernel_size, n, "kernel_size", name)
        self.stride = CF.to_tuple(stride, n, "stride", name)
        self.dilation = CF.to_tuple(dilation, n, "dilation", name)
        self.padding = padding if isinstance(padding, str) else CF.to_tuple(padding, n, "padding", name)
        self.output_padding = CF.to_tuple(output_padding, n, "output_padding", name)
        self.padding_mode = padding_mode
        shape = ((in_channels, out_channels // groups) if self._transposed else
                 (out_channels, in_channels // groups)) + self.kernel_size
        fan_in = shape[1] * math.prod(self.kernel_size)
        self.weight = Parameter(initializer(HeUniform(math.sqrt(5)), shape, _dtype(dtype)), name="weight")
        self.bias = Parameter(initializer(Uniform(1 / math.sqrt(fan_in)), (out_channels,), _dtype(dtype)),
                              name="bias") if bias else None

    def _padded(self, input):
        """Apply a non-zero padding_mode by gathering mirrored / edge / wrapped positions."""
        if self.padding_mode == "zeros" or isinstance(self.padding, str):
            return input, self.padding
        for i, pad in enumerate(self.padding):
            axis = input.ndim - self._dims + i
            input = A.gather(input, _padded_positions(input, axis, pad, pad, _PAD_INDEX_MODES[self.padding_mode]), axis)
        return input, 0

    def construct(self, input):
        input, padding = self._padded(input)
        conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[self._dims]
        return conv(input, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)

    def extend_repr(self):
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, groups={self.groups}, bias={self.bias is not None}")


class Conv1d(_ConvNd):
    _dims = 1

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                         dtype)


class Conv2d(_ConvNd):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                         dtype)


class Conv3d(_ConvNd):
    _dims = 3

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                         dtype)


class ConvTranspose2d(_ConvNd):
    _transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f"For 'ConvTranspose2d', only padding_mode='zeros' is supported, but got {padding_mode!r}.")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode,
                         dtype, output_padding)

    def construct(self, input):
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding, self.output_padding,
                                  self.groups, self.dilation)


class _BatchNorm(Cell):
    """PyTorch's batch normalisation: momentum weighs the new batch; without track_running_stats the batch
    statistics are used always."""

    _ndims = (2, 3, 4)

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, dtype=None):
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        dtype = _dtype(dtype)
        self.weight = Parameter(initializer("ones", (num_features,), dtype), name="weight", requires_grad=affine)
        self.bias = Parameter(initializer("zeros", (num_features,), dtype), name="bias", requires_grad=affine)
        self.running_mean = Parameter(initializer("zeros", (num_features,), dtype), name="running_mean",
                                      requires_grad=False)
        self.running_var = Parameter(initializer("ones", (num_features,), dtype), name="running_var",
                                     requires_grad=False)
        self.num_batches_tracked = Parameter(Tensor(0, mstype.int64), name="num_batches_tracked",
                                             requires_grad=False)

    def construct(self, input):
        if input.ndim not in self._ndims or input.shape[1] != self.num_features:
            raise ValueError(f"For '{type(self).__name__}', expected an input of {self._ndims} dims with "
                             f"{self.num_features} channels, but got shape {input.shape}.")
        use_batch = self.training or not self.track_running_stats
        momentum = self.momentum
        if self.training and self.track_running_stats:
            assign(self.num_batches_tracked, E.add(self.num_batches_tracked, 1))
            if momentum is None:  # a cumulative moving average
                momentum = 1.0 / float(self.num_batches_tracked)
        if use_batch and not (self.training and self.track_running_stats):
            # statistics of this batch only: leave the running ones untouched
            normed = NLF.normalize_over(input, (0,) + tuple(range(2, input.ndim)), self.eps)[0]
            view = (1, self.num_features) + (1,) * (input.ndim - 2)
            return E.add(E.mul(normed, self.weight.reshape(view)), self.bias.reshape(view))
        return NLF.batch_norm(input, self.running_mean, self.running_var, self.weight, self.bias, use_batch,
                              momentum, self.eps)

    def extend_repr(self):
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    _ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    _ndims = (4,)


class BatchNorm3d(_BatchNorm):
    _ndims = (5,)


class SyncBatchNorm(_BatchNorm):
    """Batch normalisation synchronised across processes; in one process, BatchNorm."""

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True,
                 process_group=None, dtype=None):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, dtype)
        self.process_group = process_group


class GroupNorm(Cell):
    def __init__(self, num_groups, num_channels, eps=1e-05, affine=True, dtype=None):
        super().__init__()
        if num_channels % num_groups:
            raise ValueError(f"For 'GroupNorm', 'num_channels' ({num_channels}) must be divisible by 'num_groups' "
                             f"({num_groups}).")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        self.weight = Parameter(initializer("ones", (num_channels,), _dtype(dtype)), name="weight",
                                requires_grad=affine)
        self.bias = Parameter(initializer("zeros", (num_channels,), _dtype(dtype)), name="bias", requires_grad=affine)

    def construct(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extend_repr(self):
        return f"num_groups={self.num_groups}, num_channels={self.num_channels}, eps={self.eps}, affine={self.affine}"


class PReLU(Cell):
    def __init__(self, num_parameters=1, init=0.25, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.weight = Parameter(initializer(float(init), (num_parameters,), _dtype(dtype)), name="weight")

    def construct(self, input):
        return F.prelu(input, self.weight)
