"""Activations, dropout and losses (`ops.relu`, `ops.cross_entropy`, ...) with MindSpore's arguments."""
import math

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.dtype import is_float
from minispore.common.seed import random_generator
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import activation as _activation
from minispore.ops._prims.inplace import assign as _assign
from minispore.ops._prims import elementwise as E, nn as N, reduce as R
from minispore.ops.function import math_func as M
from minispore.ops.function.array_func import broadcast_shape, reshape, where

_FLOAT32 = mstype.np_dtype(mstype.float32)

__all__ = [
    "relu", "relu6", "leaky_relu", "elu", "gelu", "silu", "sigmoid", "tanh", "softmax", "log_softmax",
    "softplus", "mish", "hardswish", "hardsigmoid", "logsigmoid", "softsign", "prelu", "dropout",
    "binary_cross_entropy_with_logits", "binary_cross_entropy", "cross_entropy", "nll_loss", "mse_loss",
    "l1_loss", "smooth_l1_loss", "huber_loss", "kl_div", "dense", "check_reduction", "fast_gelu", "dropout3d",
]

_REDUCTIONS = ("mean", "sum", "none")


def check_reduction(reduction, op):
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        raise ValueError(f"For '{op}', the 'reduction' must be in ['mean', 'sum', 'none'], but got {reduction}.")


def _reduce(loss, reduction):
    if reduction == "mean":
        return R.mean(loss, axis=None, keepdims=False)
    if reduction == "sum":
        return R.sum(loss, axis=None, keepdims=False)
    return loss


_FLOAT_NAMES = "float16, float32 or float64"


def _activation_input(op, input, kinds="f"):
    """A Tensor whose dtype kind is in `kinds` (MindSpore's activations take float Tensors)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"For '{op}', the input must be a Tensor, but got {V.describe(input)}.")
    if not (input._data.dtype.kind in kinds or ("f" in kinds and is_float(input._data.dtype))):
        allowed = _FLOAT_NAMES if kinds == "f" else f"{_FLOAT_NAMES} or an integer type"
        raise TypeError(f"For '{op}', the input dtype must be {allowed}, but got {input.dtype}.")
    return input


def relu(input, inplace=False):
    """max(input, 0); with inplace, written into input (which is returned)."""
    if type(input) is Tensor and is_float(input._data.dtype):
        out = E.relu(input)
    else:
        _activation_input("relu", input, "fiub")
        out = E.relu(input) if is_float(input._data.dtype) else E.maximum(input, input._data.dtype.type(0))
    return _assign(input, out) if inplace is not False and V.flag("relu", "inplace", inplace) else out


def relu6(x):
    _activation_input("relu6", x)
    return M.clamp(x, 0.0, 6.0)


def leaky_relu(input, alpha=0.2):
    """x where x > 0, else alpha·x; integer inputs use int(alpha), as MindSpore's integer kernel does."""
    _activation_input("leaky_relu", input, "fiub")
    V.number("leaky_relu", "alpha", alpha)
    if input._data.dtype.kind != "f" and not math.isfinite(alpha):
        raise ValueError(f"For 'leaky_relu', the 'alpha' must be finite for an integer input, but got {alpha}.")
    kind = input._data.dtype.kind
    if kind == "b":  # x where x > 0, else x * alpha: a bool input is its own result
        return E.identity_copy(input)
    return where(M.greater(input, 0), input, M.mul(input, alpha if kind == "f" else int(alpha)))


def elu(input_x, alpha=1.0):
    _activation_input("elu", input_x)
    V.number("elu", "alpha", alpha)
    return where(M.greater(input_x, 0), input_x, M.mul(M.expm1(M.minimum(input_x, 0.0)), alpha))


def gelu(input, approximate="none"):
    """x·Φ(x); approximate='tanh' uses 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³)))."""
    _activation_input("gelu", input)
    if approximate == "tanh":
        inner = M.mul(M.add(input, M.mul(M.mul(M.mul(input, input), input), 0.044715)), math.sqrt(2 / math.pi))
        return M.mul(M.mul(input, 0.5), M.add(M.tanh(inner), 1.0))
    if approximate != "none":
        raise ValueError(f"For 'gelu', 'approximate' must be 'none' or 'tanh', but got {approximate!r}.")
    return M.mul(M.mul(input, 0.5), M.add(M.erf(M.mul(input, 1 / math.sqrt(2))), 1.0))


def sigmoid(input):
    """1 / (1 + exp(-x)); integer and bool inputs are computed in float32, like ops.exp."""
    _activation_input("sigmoid", input, "fiub")
    return E.sigmoid(input if is_float(input._data.dtype) else M.cast(input, mstype.float32))


tanh = M.tanh


def silu(input):
    _activation_input("silu", input)
    return M.mul(input, E.sigmoid(input))


def softplus(input, beta=1, threshold=20):
    """log(1 + exp(beta·x)) / beta, and x itself where beta·x > threshold."""
    _activation_input("softplus", input)
    V.number("softplus", "beta", beta)
    V.number("softplus", "threshold", threshold)
    scaled = input if beta == 1 else M.mul(input, beta)
    smooth = E.softplus(scaled) if beta == 1 else M.div(E.softplus(scaled), beta)
    return where(M.greater(scaled, threshold), input, smooth)


def logsigmoid(x):
    _activation_input("logsigmoid", x)
    return M.neg(E.softplus(M.neg(x)))


def mish(x):
    _activation_input("mish", x)
    return M.mul(x, M.tanh(E.softplus(x)))


def _integer_hard(x, times_x):
    """MindSpore's integer HSigmoid/HSwish: clip(x + 3, 0, 6) (times x), divided by 6 toward zero."""
    clipped = E.clamp(M.add(x, 3), low=0, high=6)
    value = M.mul(clipped, x) if times_x else clipped
    quotient = M.floor_divide(value, 6)
    return M.add(quotient, M.cast(M.logical_and(M.less(value, 0), M.not_equal(M.mul(quotient, 6), value)),
                                  x.dtype))


def hardsigmoid(input):
    _activation_input("hardsigmoid", input, "fi")
    if input._data.dtype.kind == "i":
        return _integer_hard(input, False)
    return M.div(relu6(M.add(input, 3.0)), 6.0)


def hardswish(input):
    _activation_input("hardswish", input, "fi")
    if input._data.dtype.kind == "i":
        return _integer_hard(input, True)
    return M.mul(input, hardsigmoid(input))


def softsign(x):
    _activation_input("softsign", x)
    return M.div(x, M.add(M.abs(x), 1.0))


def prelu(input, weight):
    """max(0, x) + weight * min(0, x), with one slope per channel (axis 1) or one for all."""
    _activation_input("prelu", input)
    V.tensor("prelu", "weight", weight)
    channels = input.shape[1] if input.ndim > 1 else 1
    if weight.size not in (1, channels):
        raise ValueError(f"For 'prelu', the 'weight' must have 1 or {channels} elements (the channels of an input "
                         f"of shape {input.shape}), but got shape {weight.shape}.")
    shape = [1] * input.ndim
    if input.ndim > 1:
        shape[1] = weight.size
    return _activation.prelu(input, reshape(weight, shape) if input.ndim > 1 else weight)


def softmax(input, axis=-1, *, dtype=None):
    _activation_input("softmax", input)
    target = V.dtype("softmax", "dtype", dtype) if dtype is not None else None
    out = R.softmax(input, axis=V.axis("softmax", axis, input.ndim, scalar_ok=False))
    return M.cast(out, target) if target is not None else out


def log_softmax(logits, axis=-1):
    _activation_input("log_softmax", logits)
    return R.log_softmax(logits, axis=V.axis("log_softmax", axis, logits.ndim, scalar_ok=False))


def dropout(input, p=0.5, training=True, seed=None):
    """Zero each element with probability p and scale the rest by 1/(1-p)."""
    if not is_float(V.tensor("dropout", "input", input)._data.dtype):  # MindSpore 2.10 refuses them too
        raise TypeError(f"For 'dropout', the 'input' must be a float Tensor, but got {input.dtype}.")
    V.number("dropout", "p", p, 0, 1, high_open=True)
    if not V.flag("dropout", "training", training) or p == 0:
        return input
    dtype, backend = input._data.dtype, backend_of(input._data)
    draws = random_generator(seed, "dropout", backend).random(input.shape)
    keep = (draws >= p).astype(dtype) / dtype.type(1 - p)
    return M.mul(input, wrap(backend.xp.asarray(keep)))  # a 0-d draw gives a scalar: made an array again


def fast_gelu(x):
    """x / (1 + exp(-1.702|x|)) · exp(0.851(x - |x|)): MindSpore's fast GELU approximation."""
    if not is_float(V.tensor("fast_gelu", "x", x)._data.dtype):
        raise TypeError(f"For 'fast_gelu', the input must be a float Tensor, but got {x.dtype}.")
    magnitude = M.abs(x)
    return M.div(M.mul(x, M.exp(M.mul(M.sub(x, magnitude), 0.851))), M.add(M.exp(M.mul(magnitude, -1.702)), 1.0))


def channel_dropout(input, p, training, spatial_dims, op):
    """(output, mask): whole channels of (N, C, *spatial) zeroed with probability p, the rest scaled by 1/(1-p)."""
    V.tensor(op, "input", input)
    V.number(op, "p", p)
    if not 0 <= p <= 1:
        raise ValueError(f"For '{op}', the 'p' must be in range of [0.0, 1.0], but got {p}.")
    training = V.flag(op, "training", training)
    if input.ndim != spatial_dims + 2:
        raise ValueError(f"For '{op}', the rank of input must be equal to {spatial_dims + 2}, but got {input.ndim}.")
    backend = backend_of(input._data)
    xp = backend.xp
    if not training or p == 0:
        return input, wrap(xp.ones(input.shape, dtype=bool))
    kept_channels = backend.random.random(input.shape[:2]) >= p
    keep = xp.broadcast_to(kept_channels.reshape(input.shape[:2] + (1,) * spatial_dims), input.shape)
    scale = (keep / (1 - p)).astype(input._data.dtype) if p < 1 else xp.zeros(input.shape, input._data.dtype)
    return M.mul(input, wrap(scale)), wrap(xp.ascontiguousarray(keep))


def dropout3d(input, p=0.5, training=True):
    """Zero whole channels of (N, C, D, H, W) with probability p; scale the kept ones by 1/(1-p)."""
    return channel_dropout(input, p, training, 3, "dropout3d")[0]


def dense(input, weight, bias=None):
    """input @ weight.T + bias (weight of shape (out, in))."""
    V.tensor("dense", "input", input)
    V.tensor("dense", "weight", weight)
    if bias is not None:
        V.tensor("dense", "bias", bias)
    if weight.ndim != 2 or input.ndim == 0 or input.shape[-1] != weight.shape[-1]:
        raise ValueError(f"For 'dense', the last dimension of 'input' {input.shape} must equal the input "
                         f"size of 'weight' {weight.shape} (out_channels, in_channels).")
    if input._data.dtype != weight._data.dtype:
        raise TypeError(f"For 'dense', 'input' ({input.dtype}) and 'weight' ({weight.dtype}) must have the same dtype.")
    return N.dense(input, weight, bias)


def check_float_input(op, input, target):
    """Both Tensors, the first of a float dtype (the losses' common check)."""
    _loss_inputs(op, input, target)


def _loss_inputs(op, input, target, kinds="f"):
    """Both Tensors; input's dtype kind in `kinds`."""
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        name, value = ("target", target) if isinstance(input, Tensor) else ("input", input)
        raise TypeError(f"For '{op}', the '{name}' must be a Tensor, but got {V.describe(value)}.")
    if input._data.dtype.kind not in kinds and not ("f" in kinds and is_float(input._data.dtype)):
        raise TypeError(f"For '{op}', the 'input' must be a Tensor of {_FLOAT_NAMES}, but got {input.dtype}.")


def _regression_inputs(op, input, target):
    """Integer inputs are computed in float32 (MindSpore's ops.mse_loss does; docs/differences.md)."""
    _loss_inputs(op, input, target, "fiu")
    if target._data.dtype.kind == "b":
        raise TypeError(f"For '{op}', the 'target' must be a numeric Tensor, but got {target.dtype}.")
    if input._data.dtype.kind in "iu":
        input = E.cast(input, dtype=_FLOAT32)
    if target._data.dtype.kind in "iu":
        target = E.cast(target, dtype=input._data.dtype)
    return input, target


def check_same_shape(op, input, target):
    """ValueError naming `op` and both shapes unless they are equal."""
    _loss_inputs(op, input, target, "fiub")
    if input.shape != target.shape:
        raise ValueError(f"For '{op}', the shapes of 'input' {input.shape} and 'target' {target.shape} "
                         "must be equal.")


def check_broadcastable(op, input, target):
    """ValueError naming `op` and both shapes unless they broadcast together."""
    _loss_inputs(op, input, target, "fiub")
    if broadcast_shape(input.shape, target.shape) is None:
        raise ValueError(f"For '{op}', the shapes of 'input' {input.shape} and 'target' {target.shape} "
                         "cannot be broadcast together.")


def check_label_smoothing(label_smoothing, op):
    if isinstance(label_smoothing, bool) or not isinstance(label_smoothing, (int, float)) or \
            not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"For '{op}', the 'label_smoothing' must be a float in [0.0, 1.0], "
                         f"but got {label_smoothing}.")


def _optional_tensor(op, name, value):
    if value is not None and not isinstance(value, Tensor):
        raise TypeError(f"For '{op}', the '{name}' must be None or a Tensor, but got {V.describe(value)}.")


def _check_float_target(op, input, target):
    _loss_inputs(op, input, target)
    if target._data.dtype.kind != "f":
        raise TypeError(f"For '{op}', the 'target' must be a float Tensor like 'input' ({input.dtype}), "
                        f"but got {target.dtype}.")


reduce_loss = _reduce


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction="mean"):
    """Sigmoid + binary cross-entropy in one numerically stable step."""
    op = "binary_cross_entropy_with_logits"
    check_reduction(reduction, op)
    _check_float_target(op, input, target)
    if input.shape != target.shape:
        raise ValueError(f"For '{op}', the shapes of 'input' {input.shape} and 'target' {target.shape} must be "
                         "equal.")
    if weight is not None or pos_weight is not None:  # the common call has neither: no further calls
        _optional_tensor(op, "weight", weight)
        _optional_tensor(op, "pos_weight", pos_weight)
    return N.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction=reduction)


def binary_cross_entropy(logits, labels, weight=None, reduction="mean"):
    """-w·[y·log(p) + (1-y)·log(1-p)] on probabilities p (logs clamped at -100)."""
    check_reduction(reduction, "binary_cross_entropy")
    _check_float_target("binary_cross_entropy", logits, labels)
    check_same_shape("binary_cross_entropy", logits, labels)
    _optional_tensor("binary_cross_entropy", "weight", weight)
    log_p = M.maximum(M.log(logits), -100.0)
    log_q = M.maximum(M.log(M.sub(1.0, logits)), -100.0)
    loss = M.neg(M.add(M.mul(labels, log_p), M.mul(M.sub(1.0, labels), log_q)))
    if weight is not None:
        loss = M.mul(loss, weight)
    return _reduce(loss, reduction)


def _check_class_target(op, logits, target, ignore_index):
    """Raise unless `target` holds integer class indices (N, d_0, ...) for `logits` (N, C, d_0, ...).

    Labels in [-C, 0) count from the end, as MindSpore's gather does; anything else raises. Returns the
    ignore_index the loss must mask, or None when no label can equal it.
    """
    labels, shape = target._data, logits._data.shape
    if not shape:
        raise ValueError(f"For '{op}', the logits must have at least 1 dimension (C,) or (N, C, ...), but got a "
                         "0-d Tensor.")
    if ignore_index is not None and (isinstance(ignore_index, bool) or not isinstance(ignore_index, int)):
        raise TypeError(f"For '{op}', the 'ignore_index' must be an int, but got {V.describe(ignore_index)}.")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"For '{op}', class-index 'target' must be an integer Tensor (Int32 or Int64), "
                        f"but got {target.dtype}.")
    classes = shape[1 if len(shape) > 1 else 0]
    expected = (shape[0],) + shape[2:] if len(shape) > 1 else ()
    if labels.shape != expected:
        raise ValueError(f"For '{op}', class-index 'target' must have shape {expected} (N, d_0, ...) for logits "
                         f"of shape {shape} (N, C, d_0, ...), but got {labels.shape}.")
    if labels.size == 0 or (-classes <= labels.min() and labels.max() < classes):
        # Every label is a class index: only an ignore_index that is one too can match any.
        return ignore_index if ignore_index is not None and -classes <= ignore_index < classes else None
    out_of_range = (labels != ignore_index) & ((labels < -classes) | (labels >= classes))
    if out_of_range.any():
        raise ValueError(f"For '{op}', every label must be a class index in [{-classes}, {classes}) or equal "
                         f"ignore_index {ignore_index}, but got {labels[out_of_range].flat[0]}.")
    return ignore_index


def _class_mask(op, logits, target, ignore_index):
    """Float one-hot mask (N, C, ...) of integer class targets and the bool array of non-ignored ones."""
    _check_class_target(op, logits, target, ignore_index)
    class_axis = 1 if logits.ndim > 1 else 0
    classes = logits.shape[class_axis]
    labels = target._data
    xp = backend_of(labels).xp
    valid = labels != ignore_index
    if logits.ndim <= 2:
        # Rows of an identity matrix: one gather instead of a broadcast comparison.
        mask = xp.eye(classes, dtype=logits._data.dtype)[labels % classes]
        if not valid.all():
            mask[~valid] = 0
        return wrap(mask), valid
    mask = N._is_label(xp, labels, logits._data, class_axis) & xp.expand_dims(valid, class_axis)
    return wrap(mask.astype(logits._data.dtype)), valid


def _class_weight(weight, logits):
    shape = [1] * logits.ndim
    shape[1 if logits.ndim > 1 else 0] = weight.size
    return reshape(weight, shape)


def nll_loss(inputs, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Negative log-likelihood of log-probabilities `inputs` (N, C, ...) at class indices `target`."""
    check_reduction(reduction, "nll_loss")
    check_label_smoothing(label_smoothing, "nll_loss")
    return nll(inputs, target, weight, ignore_index, reduction, label_smoothing, "nll_loss")


def nll(log_probs, target, weight, ignore_index, reduction, label_smoothing, op):
    """NLL with optional class weights, ignored labels and label smoothing; errors name `op`.

    Integer log-probabilities are computed in float32 (MindSpore computes UInt8 ones in UInt8 and wraps)."""
    _loss_inputs(op, log_probs, target, "fiu")
    _optional_tensor(op, "weight", weight)
    if log_probs._data.dtype.kind in "iu":
        log_probs = E.cast(log_probs, dtype=_FLOAT32)
    class_axis = 1 if log_probs.ndim > 1 else 0
    mask, valid = _class_mask(op, log_probs, target, ignore_index)
    if weight is None and not label_smoothing and reduction == "mean":
        # The common case in one pass: -sum(mask * log p) / number of counted labels.
        return M.div(M.neg(R.sum(M.mul(mask, log_probs), axis=None, keepdims=False)), float(backend_of(valid).xp.count_nonzero(valid)))
    weighted = mask if weight is None else M.mul(mask, _class_weight(weight, log_probs))
    loss = M.neg(M.sum(M.mul(weighted, log_probs), class_axis))
    sample_weight = M.sum(weighted, class_axis)
    if label_smoothing:
        classes = log_probs.shape[class_axis]
        all_weight = log_probs if weight is None else M.mul(log_probs, _class_weight(weight, log_probs))
        smooth = M.neg(M.sum(all_weight, class_axis))
        smooth = M.mul(smooth, wrap(valid.astype(log_probs._data.dtype)))
        loss = M.add(M.mul(loss, 1 - label_smoothing), M.mul(smooth, label_smoothing / classes))
    if reduction == "mean":
        return M.div(M.sum(loss), M.sum(sample_weight))
    return _reduce(loss, reduction)


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """log_softmax over dim 1 + NLL; `target` holds class indices or class probabilities."""
    check_reduction(reduction, "cross_entropy")
    check_label_smoothing(label_smoothing, "cross_entropy")
    return cross_entropy_loss(input, target, weight, ignore_index, reduction, label_smoothing, "cross_entropy")


def cross_entropy_loss(input, target, weight, ignore_index, reduction, label_smoothing, op):
    """`cross_entropy` with errors naming `op` (the function or the Cell)."""
    _loss_inputs(op, input, target)
    if input.ndim == 0:
        raise ValueError(f"For '{op}', the logits must have at least 1 dimension (C,) or (N, C, ...), but got a 0-d "
                         "Tensor.")
    _optional_tensor(op, "weight", weight)
    class_axis = 1 if input._data.ndim > 1 else 0
    if target._data.dtype.kind != "f":
        if weight is not None or label_smoothing:
            return nll(log_softmax(input, class_axis), target, weight, ignore_index, reduction, label_smoothing, op)
        ignore_index = _check_class_target(op, input, target, ignore_index)
        return N.sparse_softmax_cross_entropy(input, target, ignore_index=ignore_index, reduction=reduction)
    if input.shape != target.shape:
        raise ValueError(f"For '{op}', class-probability 'target' must have the shape of 'input' (N, C, d_0, ...), "
                         f"but got 'input' shape: {input.shape} and 'target' shape: {target.shape}.")
    classes = input.shape[class_axis]
    if label_smoothing:
        target = M.add(M.mul(target, 1 - label_smoothing), label_smoothing / classes)
    if weight is None:
        loss = N.softmax_cross_entropy(input, target, axis=class_axis)
    else:
        weighted = M.mul(log_softmax(input, class_axis), _class_weight(weight, input))
        loss = M.neg(M.sum(M.mul(target, weighted), class_axis))
    if reduction == "mean":
        return M.div(M.sum(loss), max(loss.size, 1))
    return _reduce(loss, reduction)


def mse_loss(input, target, reduction="mean"):
    check_reduction(reduction, "mse_loss")
    input, target = _regression_inputs("mse_loss", input, target)
    check_broadcastable("mse_loss", input, target)
    diff = M.sub(input, target)
    return _reduce(M.mul(diff, diff), reduction)


def l1_loss(input, target, reduction="mean"):
    check_reduction(reduction, "l1_loss")
    input, target = _regression_inputs("l1_loss", input, target)
    check_broadcastable("l1_loss", input, target)
    return _reduce(M.abs(M.sub(input, target)), reduction)


def smooth_l1_loss(input, target, beta=1.0, reduction="none"):
    """0.5·d²/beta where |d| < beta, else |d| - 0.5·beta."""
    check_reduction(reduction, "smooth_l1_loss")
    input, target = _regression_inputs("smooth_l1_loss", input, target)
    check_same_shape("smooth_l1_loss", input, target)
    V.number("smooth_l1_loss", "beta", beta, 0, low_open=True)
    diff = M.abs(M.sub(input, target))
    loss = where(M.less(diff, beta), M.div(M.mul(M.mul(diff, diff), 0.5), beta), M.sub(diff, 0.5 * beta))
    return _reduce(loss, reduction)


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5·d² where |d| < delta, else delta·(|d| - 0.5·delta)."""
    check_reduction(reduction, "huber_loss")
    input, target = _regression_inputs("huber_loss", input, target)
    check_broadcastable("huber_loss", input, target)
    V.number("huber_loss", "delta", delta, 0, low_open=True)
    diff = M.abs(M.sub(input, target))
    loss = where(M.less(diff, delta), M.mul(M.mul(diff, diff), 0.5), M.mul(M.sub(diff, 0.5 * delta), delta))
    return _reduce(loss, reduction)


def kl_div(logits, labels, reduction="mean", log_target=False):
    """Pointwise KL divergence: labels·(log(labels) - logits), `logits` being log-probabilities."""
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS + ("batchmean",):
        raise ValueError(f"For 'kl_div', the 'reduction' must be in ['mean', 'sum', 'none', 'batchmean'], "
                         f"but got {reduction}.")
    _check_float_target("kl_div", logits, labels)
    check_same_shape("kl_div", logits, labels)
    if log_target:
        loss = M.mul(M.exp(labels), M.sub(labels, logits))
    else:
        # Labels <= 0 contribute 0 (the limit of t·log t at 0; MindSpore gives negative labels 0 too).
        positive = M.greater(labels, 0)
        safe = where(positive, labels, 1.0)
        loss = where(positive, M.mul(labels, M.sub(M.log(safe), logits)), 0.0)
    if reduction == "batchmean":
        return M.div(M.sum(loss), logits.shape[0] if logits.ndim else 1)
    return _reduce(loss, reduction)
