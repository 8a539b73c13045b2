"""Neural-network Primitive classes: activations, cross-entropies, BiasAdd, Dropout and HookBackward."""
from minispore._autodiff import backward as _backward
from minispore._backend import backend_of
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims.elementwise import identity
from minispore.ops._prims.nn import sparse_softmax_cross_entropy, sparse_softmax_cross_entropy_grad
from minispore.ops.function import array_func as A, math_func as M, misc_func as MF, nn_func as NF
from minispore.ops.function import nn_layer_func as NL
from minispore.ops.primitive import Primitive

__all__ = ["ReLU", "ReLU6", "Sigmoid", "Tanh", "GeLU", "Softmax", "LogSoftmax", "Softplus",
           "SigmoidCrossEntropyWithLogits", "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits",
           "BiasAdd", "Dropout", "HookBackward", "PReLU", "LayerNorm", "L2Normalize", "SmoothL1Loss", "KLDivLoss",
           "BCEWithLogitsLoss", "Dropout2D", "Dropout3D", "FastGeLU"]


class ReLU(Primitive):
    def __call__(self, input_x):
        return NF.relu(input_x)


class ReLU6(Primitive):
    def __call__(self, input_x):
        return NF.relu6(input_x)


class Sigmoid(Primitive):
    def __call__(self, input_x):
        return NF.sigmoid(input_x)


class Tanh(Primitive):
    def __call__(self, input_x):
        return NF.tanh(input_x)


class GeLU(Primitive):
    """GELU, tanh approximation (MindSpore's GeLU primitive)."""

    def __call__(self, x):
        return NF.gelu(x, "tanh")


class PReLU(Primitive):
    """max(0, x) + weight * min(0, x); weight holds one slope per channel (axis 1) or one for all."""

    def __call__(self, x, weight):
        return NF.prelu(x, weight)


class Softplus(Primitive):
    def __call__(self, input_x):
        return NF.softplus(input_x)


class Softmax(Primitive):
    """Softmax over `axis` (an int or a 1-tuple)."""

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", (axis,) if isinstance(axis, int) else tuple(axis))

    def __call__(self, logits):
        axis = self.axis if isinstance(self.axis, int) else _one_axis(self.axis, self.name)
        return NF.softmax(logits, axis)


class LogSoftmax(Primitive):
    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", axis)

    def __call__(self, logits):
        return NF.log_softmax(logits, self.axis)


def _one_axis(axis, name):
    if len(axis) != 1:
        raise ValueError(f"For '{name}', 'axis' must hold exactly one axis, but got {axis}.")
    return axis[0]


class SigmoidCrossEntropyWithLogits(Primitive):
    """Element-wise sigmoid cross-entropy of logits and same-shape float labels (no reduction)."""

    def __call__(self, logits, label):
        return NF.binary_cross_entropy_with_logits(logits, label, reduction="none")


class SoftmaxCrossEntropyWithLogits(Primitive):
    """`(loss, backprop)`: per-sample cross-entropy of (N, C) logits and dense labels, and softmax - labels."""

    def __call__(self, logits, labels):
        if logits.ndim != 2 or labels.shape != logits.shape:
            raise ValueError(f"For 'SoftmaxCrossEntropyWithLogits', 'logits' must be 2-d (N, C) and 'labels' of the "
                             f"same shape, but got {logits.shape} and {labels.shape}.")
        if labels.dtype != logits.dtype:
            raise TypeError(f"For 'SoftmaxCrossEntropyWithLogits', 'labels' must have the dtype of 'logits' "
                            f"({logits.dtype}), but got {labels.dtype}.")
        loss = M.neg(M.sum(M.mul(labels, NF.log_softmax(logits, -1)), -1))
        backprop = M.sub(NF.softmax(logits, -1), labels)
        return loss, backprop


class SparseSoftmaxCrossEntropyWithLogits(Primitive):
    """Mean cross-entropy of (N, C) logits at class indices; with is_grad=True, its gradient wrt logits."""

    def __init__(self, is_grad=False):
        super().__init__()
        self.is_grad = is_grad
        self.add_prim_attr("is_grad", is_grad)

    def __call__(self, logits, labels):
        op = "SparseSoftmaxCrossEntropyWithLogits"
        if logits.ndim != 2:
            raise ValueError(f"For '{op}', 'logits' must be 2-d (N, C), but got shape {logits.shape}.")
        NF._check_class_target(op, logits, labels, None)
        if self.is_grad:
            return sparse_softmax_cross_entropy_grad(logits, labels, wrap(backend_of(logits._data).xp.ones((), logits._data.dtype)),
                                                     ignore_index=None, reduction="mean")
        return sparse_softmax_cross_entropy(logits, labels, ignore_index=None, reduction="mean")


class BiasAdd(Primitive):
    """x + bias along the channel axis (1 for 'NCHW'/'NCDHW', last for 'NHWC')."""

    def __init__(self, data_format="NCHW"):
        super().__init__()
        if data_format not in ("NCHW", "NHWC", "NCDHW"):
            raise ValueError(f"For 'BiasAdd', 'data_format' must be 'NCHW', 'NHWC' or 'NCDHW', but got {data_format}.")
        self.data_format = data_format
        self.add_prim_attr("data_format", data_format)

    def __call__(self, input_x, bias):
        axis = input_x.ndim - 1 if self.data_format == "NHWC" or input_x.ndim < 2 else 1
        if bias.ndim != 1 or bias.shape[0] != input_x.shape[axis]:
            raise ValueError(f"For 'BiasAdd', 'bias' must be 1-d of length {input_x.shape[axis]} (the channel "
                             f"axis of input shape {input_x.shape}), but got shape {bias.shape}.")
        shape = [1] * input_x.ndim
        shape[axis] = bias.shape[0]
        return M.add(input_x, A.reshape(bias, tuple(shape)))


class Dropout(Primitive):
    """`(output, mask)`: keeps each element with probability keep_prob, scaling kept ones by 1/keep_prob."""

    def __init__(self, keep_prob=0.5, Seed0=0, Seed1=0):
        super().__init__()
        if not 0 < keep_prob <= 1:
            raise ValueError(f"For 'Dropout', the 'keep_prob' must be a number in range (0, 1], but got {keep_prob}.")
        for name, seed in (("Seed0", Seed0), ("Seed1", Seed1)):
            if isinstance(seed, bool) or not isinstance(seed, int):
                raise TypeError(f"For 'Dropout', the type of '{name}' should be 'int', but got "
                                f"'{type(seed).__name__}'.")
            if seed < 0:
                raise ValueError(f"For 'Dropout', the '{name}' must be a non-negative int, but got {seed}.")
        self.keep_prob, self.seed0, self.seed1 = keep_prob, Seed0, Seed1
        self.add_prim_attr("keep_prob", keep_prob).add_prim_attr("Seed0", Seed0).add_prim_attr("Seed1", Seed1)
        self._generators = {}

    def _generator(self, backend):
        """Seeds 0 and 0: the backend's generator (set_seed's); else this instance's own, which each
        call advances (so repeated calls draw different masks, and a program draws the same ones every run)."""
        if not self.seed0 and not self.seed1:
            return backend.random
        found = self._generators.get(backend.name)
        if found is None:
            found = self._generators[backend.name] = backend.generator((self.seed0, self.seed1))
        return found

    def __call__(self, x):
        keep = self._generator(backend_of(x._data)).random(x.shape) < self.keep_prob
        mask = wrap(keep.astype(x._data.dtype))
        return M.mul(x, M.mul(mask, 1.0 / self.keep_prob)), mask


class HookBackward(Primitive):
    """Identity forward; in backward, `hook_fn` receives the gradient as a 1-tuple and may return a replacement."""

    def __init__(self, hook_fn, cell_id=""):
        super().__init__()
        if not callable(hook_fn):
            raise TypeError(f"For 'HookBackward', 'hook_fn' must be a function, but got {type(hook_fn).__name__}.")
        self.hook_fn, self.cell_id = hook_fn, cell_id
        self.add_prim_attr("cell_id", cell_id)

    def __call__(self, *inputs):
        outputs = tuple(self._hooked(x) for x in inputs)
        return outputs[0] if len(outputs) == 1 else outputs

    def _hooked(self, x):
        if not isinstance(x, Tensor):
            return x
        out = identity(x)
        hook_fn = self.hook_fn

        def on_grad(grad):
            replaced = hook_fn((grad,))
            if replaced is None:
                return None
            return replaced[0] if isinstance(replaced, (tuple, list)) else replaced

        _backward.register_hook(out, on_grad)
        return out


class LayerNorm(Primitive):
    """(y, mean, variance): x normalised over axes begin_norm_axis.., scaled by gamma and shifted by beta over
    axes begin_params_axis..; mean and variance keep the normalised axes as size 1."""

    def __init__(self, begin_norm_axis=1, begin_params_axis=1, epsilon=1e-7):
        super().__init__()
        self.begin_norm_axis, self.begin_params_axis, self.epsilon = begin_norm_axis, begin_params_axis, epsilon
        for name in ("begin_norm_axis", "begin_params_axis", "epsilon"):
            self.add_prim_attr(name, getattr(self, name))

    def __call__(self, input_x, gamma, beta):
        rank = input_x.ndim
        for name, axis in (("begin_norm_axis", self.begin_norm_axis), ("begin_params_axis", self.begin_params_axis)):
            if not -rank <= axis < rank:
                raise ValueError(f"For 'LayerNorm', the '{name}' must be in [{-rank}, {rank}), but got {axis}.")
        params_shape = tuple(input_x.shape[self.begin_params_axis % rank:])
        if tuple(gamma.shape) != params_shape or tuple(beta.shape) != params_shape:
            raise ValueError(f"For 'LayerNorm', 'gamma' and 'beta' must have shape {params_shape}, but got "
                             f"{gamma.shape} and {beta.shape}.")
        axes = tuple(range(self.begin_norm_axis % rank, rank))
        normed, mean, variance = NL.normalize_over(input_x, axes, self.epsilon)
        return M.add(M.mul(normed, gamma), beta), mean, variance


class L2Normalize(Primitive):
    """x / sqrt(max(sum(x**2, axis), epsilon))."""

    def __init__(self, axis=0, epsilon=1e-4):
        super().__init__()
        self.axis, self.epsilon = axis, epsilon
        self.add_prim_attr("axis", axis).add_prim_attr("epsilon", epsilon)

    def __call__(self, x):
        return MF.l2_normalize(x, self.axis, self.epsilon)


class SmoothL1Loss(Primitive):
    """Element-wise smooth L1 (Huber with threshold beta) of logits and labels, reduced by `reduction`."""

    def __init__(self, beta=1.0, reduction="none"):
        super().__init__()
        NF.check_reduction(reduction, "SmoothL1Loss")
        self.beta, self.reduction = beta, reduction
        self.add_prim_attr("beta", beta).add_prim_attr("reduction", reduction)

    def __call__(self, logits, labels):
        return NF.smooth_l1_loss(logits, labels, self.beta, self.reduction)


def _check_reduction(name, reduction, allowed):
    if reduction not in allowed:
        raise ValueError(f"For '{name}', the 'reduction' must be str and must be in '{list(allowed)}', but got "
                         f"'{reduction}'.")


class KLDivLoss(Primitive):
    """labels·(log(labels) - logits) where labels > 0 (else 0), reduced by 'none', 'mean', 'batchmean' or 'sum'."""

    def __init__(self, reduction="mean"):
        super().__init__()
        _check_reduction("KLDivLoss", reduction, ("none", "mean", "batchmean", "sum"))
        self.reduction = reduction
        self.add_prim_attr("reduction", reduction)

    def __call__(self, logits, labels):
        for name, value in (("x", logits), ("target", labels)):
            if value._data.dtype.kind != "f":
                raise TypeError(f"For primitive[KLDivLoss], the input argument[{name}] must be a Float16, Float32 or "
                                f"Float64 Tensor, but got Tensor[{value.dtype}].")
        return NF.kl_div(logits, labels, self.reduction)


class BCEWithLogitsLoss(Primitive):
    """Binary cross-entropy of logits with `weight` and `pos_weight` (both required, broadcast)."""

    def __init__(self, reduction="mean"):
        super().__init__()
        _check_reduction("BCEWithLogitsLoss", reduction, ("none", "mean", "sum"))
        self.reduction = reduction
        self.add_prim_attr("reduction", reduction)

    def __call__(self, logits, label, weight, pos_weight):
        return NF.binary_cross_entropy_with_logits(logits, label, weight, pos_weight, self.reduction)


class _DropoutNd(Primitive):
    """`(output, mask)`: whole channels kept with probability keep_prob, kept ones scaled by 1/keep_prob."""

    _spatial = 2

    def __init__(self, keep_prob=0.5):
        super().__init__()
        if isinstance(keep_prob, bool) or not isinstance(keep_prob, (int, float)) or not 0 <= keep_prob <= 1:
            raise ValueError(f"For '{self.name}', the 'keep_prob' must be in range of [0.0, 1.0], but got "
                             f"{keep_prob} with type '{type(keep_prob).__name__}'.")
        self.keep_prob = keep_prob
        self.add_prim_attr("keep_prob", keep_prob)

    def __call__(self, x):
        return NF.channel_dropout(x, 1 - self.keep_prob, True, self._spatial, self.name)


class Dropout2D(_DropoutNd):
    """Channel dropout of (N, C, H, W)."""

    _spatial = 2


class Dropout3D(_DropoutNd):
    """Channel dropout of (N, C, D, H, W)."""

    _spatial = 3


class FastGeLU(Primitive):
    """x / (1 + exp(-1.702|x|)) · exp(0.851(x - |x|))."""

    def __call__(self, x):
        return NF.fast_gelu(x)


# MindSpore's own tests import it from `mindspore.ops.operations.nn_ops`.
from minispore.ops.operations.rnn_ops import LSTM  # noqa: E402,F401
