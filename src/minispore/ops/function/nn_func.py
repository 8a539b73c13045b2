"""Activations, dropout and losses (`ops.relu`, `ops.cross_entropy`, ...) with MindSpore's arguments."""
import math

import numpy as np

from minispore.common.tensor import wrap
from minispore.ops._prims import elementwise as E, nn as N, reduce as R
from minispore.ops.function import math_func as M
from minispore.ops.function.array_func import one_hot, reshape, where

__all__ = [
    "relu", "relu6", "leaky_relu", "elu", "gelu", "silu", "sigmoid", "tanh", "softmax", "log_softmax",
    "softplus", "mish", "hardswish", "hardsigmoid", "logsigmoid", "softsign", "prelu", "dropout",
    "binary_cross_entropy_with_logits", "binary_cross_entropy", "cross_entropy", "nll_loss", "mse_loss",
    "l1_loss", "smooth_l1_loss", "huber_loss", "kl_div", "dense", "check_reduction",
]

_REDUCTIONS = ("mean", "sum", "none")


def check_reduction(reduction, op):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"For '{op}', the 'reduction' must be in ['mean', 'sum', 'none'], but got {reduction}.")


def _reduce(loss, reduction):
    if reduction == "mean":
        return R.mean(loss, axis=None, keepdims=False)
    if reduction == "sum":
        return R.sum(loss, axis=None, keepdims=False)
    return loss


def relu(input):
    return E.relu(input) if input._data.dtype.kind == "f" else M.maximum(input, 0)


def relu6(x):
    return M.clamp(x, 0.0, 6.0)


def leaky_relu(input, alpha=0.2):
    return where(M.greater(input, 0), input, M.mul(input, alpha))


def elu(input_x, alpha=1.0):
    return where(M.greater(input_x, 0), input_x, M.mul(M.expm1(M.minimum(input_x, 0.0)), alpha))


def gelu(input, approximate="none"):
    """x·Φ(x); approximate='tanh' uses 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³)))."""
    if approximate == "tanh":
        inner = M.mul(M.add(input, M.mul(M.mul(M.mul(input, input), input), 0.044715)), math.sqrt(2 / math.pi))
        return M.mul(M.mul(input, 0.5), M.add(M.tanh(inner), 1.0))
    if approximate != "none":
        raise ValueError(f"For 'gelu', 'approximate' must be 'none' or 'tanh', but got {approximate!r}.")
    return M.mul(M.mul(input, 0.5), M.add(M.erf(M.mul(input, 1 / math.sqrt(2))), 1.0))


def sigmoid(input):
    return E.sigmoid(M.cast(input, np.float32) if input._data.dtype.kind != "f" else input)


tanh = M.tanh


def silu(input):
    return M.mul(input, sigmoid(input))


def softplus(input, beta=1, threshold=20):
    if beta == 1:
        return E.softplus(input)
    return M.div(E.softplus(M.mul(input, beta)), beta)


def logsigmoid(x):
    return M.neg(E.softplus(M.neg(x)))


def mish(x):
    return M.mul(x, M.tanh(E.softplus(x)))


def hardsigmoid(input):
    return M.div(relu6(M.add(input, 3.0)), 6.0)


def hardswish(x):
    return M.mul(x, hardsigmoid(x))


def softsign(x):
    return M.div(x, M.add(M.abs(x), 1.0))


def prelu(x, weight):
    shape = [1] * x.ndim
    if x.ndim > 1:
        shape[1] = weight.size
    return where(M.greater(x, 0), x, M.mul(x, reshape(weight, shape) if x.ndim > 1 else weight))


def _axis(axis, ndim, op):
    if not isinstance(axis, int):
        raise TypeError(f"For '{op}', 'axis' must be an int, but got {type(axis).__name__}.")
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"For '{op}', 'axis' {axis} is out of range for an input of {ndim} dimension(s).")
    return axis % ndim if ndim else 0


def softmax(input, axis=-1, *, dtype=None):
    if input._data.dtype.kind != "f":
        raise TypeError(f"For 'softmax', the input must be a float Tensor, but got {input.dtype}.")
    out = R.softmax(input, axis=_axis(axis, input.ndim, "softmax"))
    return M.cast(out, dtype) if dtype is not None else out


def log_softmax(logits, axis=-1):
    if logits._data.dtype.kind != "f":
        raise TypeError(f"For 'log_softmax', the input must be a float Tensor, but got {logits.dtype}.")
    return R.log_softmax(logits, axis=_axis(axis, logits.ndim, "log_softmax"))


def dropout(input, p=0.5, training=True, seed=None):
    """Zero each element with probability p and scale the rest by 1/(1-p)."""
    if not 0 <= p < 1:
        raise ValueError(f"For 'dropout', the 'p' must be a number in range [0, 1), but got {p}.")
    if not training or p == 0:
        return input
    rng = np.random.RandomState(seed) if seed is not None else np.random
    keep = (rng.random_sample(input.shape) >= p).astype(input._data.dtype) / input._data.dtype.type(1 - p)
    return M.mul(input, wrap(keep))


def dense(input, weight, bias=None):
    """input @ weight.T + bias (weight of shape (out, in))."""
    if input.ndim == 0 or input.shape[-1] != weight.shape[-1]:
        raise ValueError(f"For 'dense', the last dimension of 'input' {input.shape} must equal the input "
                         f"size of 'weight' {weight.shape}.")
    return N.dense(input, weight, bias)


def _check_same_shape(op, input, target):
    if input.shape != target.shape:
        raise ValueError(f"For '{op}', the shapes of 'input' {input.shape} and 'target' {target.shape} "
                         "must be equal.")


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction="mean"):
    """Sigmoid + binary cross-entropy in one numerically stable step."""
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    _check_same_shape("binary_cross_entropy_with_logits", input, target)
    if target._data.dtype.kind != "f":
        raise TypeError("For 'binary_cross_entropy_with_logits', the 'target' must be a float Tensor, "
                        f"but got {target.dtype}.")
    return N.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction=reduction)


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """-w·[y·log(p) + (1-y)·log(1-p)] on probabilities p (logs clamped at -100)."""
    check_reduction(reduction, "binary_cross_entropy")
    _check_same_shape("binary_cross_entropy", input, target)
    log_p = M.maximum(M.log(input), -100.0)
    log_q = M.maximum(M.log(M.sub(1.0, input)), -100.0)
    loss = M.neg(M.add(M.mul(target, log_p), M.mul(M.sub(1.0, target), log_q)))
    if weight is not None:
        loss = M.mul(loss, weight)
    return _reduce(loss, reduction)


def _class_targets(op, logits, target, ignore_index):
    """One-hot float mask of integer class targets (N, C, ...), with range checks."""
    classes = logits.shape[1] if logits.ndim > 1 else logits.shape[0]
    expected = (logits.shape[0],) + logits.shape[2:] if logits.ndim > 1 else ()
    if target.shape != expected:
        raise ValueError(f"For '{op}', class-index 'target' must have shape {expected} for logits of shape "
                         f"{logits.shape}, but got {target.shape}.")
    labels = target._data
    valid = labels != ignore_index
    if valid.any() and (labels[valid].min() < 0 or labels[valid].max() >= classes):
        bad = labels[valid][(labels[valid] < 0) | (labels[valid] >= classes)][0]
        raise ValueError(f"For '{op}', every label must be in [0, {classes}) or equal ignore_index "
                         f"{ignore_index}, but got {bad}.")
    mask = one_hot(target, classes, 1.0, 0.0, axis=1 if logits.ndim > 1 else -1)
    return M.cast(mask, logits.dtype), valid


def _class_weight(weight, logits):
    shape = [1] * logits.ndim
    shape[1 if logits.ndim > 1 else 0] = weight.size
    return reshape(weight, shape)


def nll_loss(inputs, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Negative log-likelihood of log-probabilities `inputs` (N, C, ...) at class indices `target`."""
    check_reduction(reduction, "nll_loss")
    return _nll(inputs, target, weight, ignore_index, reduction, label_smoothing, "nll_loss")


def _nll(log_probs, target, weight, ignore_index, reduction, label_smoothing, op):
    class_axis = 1 if log_probs.ndim > 1 else 0
    mask, valid = _class_targets(op, log_probs, target, ignore_index)
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
    class_axis = 1 if input.ndim > 1 else 0
    log_probs = log_softmax(input, class_axis)
    if target._data.dtype.kind == "f":
        _check_same_shape("cross_entropy", input, target)
        classes = input.shape[class_axis]
        if label_smoothing:
            target = M.add(M.mul(target, 1 - label_smoothing), label_smoothing / classes)
        weighted = log_probs if weight is None else M.mul(log_probs, _class_weight(weight, input))
        loss = M.neg(M.sum(M.mul(target, weighted), class_axis))
        if reduction == "mean":
            return M.div(M.sum(loss), max(loss.size, 1))
        return _reduce(loss, reduction)
    return _nll(log_probs, target, weight, ignore_index, reduction, label_smoothing, "cross_entropy")


def mse_loss(input, target, reduction="mean"):
    check_reduction(reduction, "mse_loss")
    diff = M.sub(input, target)
    return _reduce(M.mul(diff, diff), reduction)


def l1_loss(input, target, reduction="mean"):
    check_reduction(reduction, "l1_loss")
    return _reduce(M.abs(M.sub(input, target)), reduction)


def smooth_l1_loss(input, target, beta=1.0, reduction="none"):
    """0.5·d²/beta where |d| < beta, else |d| - 0.5·beta."""
    check_reduction(reduction, "smooth_l1_loss")
    diff = M.abs(M.sub(input, target))
    loss = where(M.less(diff, beta), M.div(M.mul(M.mul(diff, diff), 0.5), beta), M.sub(diff, 0.5 * beta))
    return _reduce(loss, reduction)


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5·d² where |d| < delta, else delta·(|d| - 0.5·delta)."""
    check_reduction(reduction, "huber_loss")
    diff = M.abs(M.sub(input, target))
    loss = where(M.less(diff, delta), M.mul(M.mul(diff, diff), 0.5), M.mul(M.sub(diff, 0.5 * delta), delta))
    return _reduce(loss, reduction)


def kl_div(logits, labels, reduction="mean", log_target=False):
    """Pointwise KL divergence: labels·(log(labels) - logits), `logits` being log-probabilities."""
    if reduction not in _REDUCTIONS + ("batchmean",):
        raise ValueError(f"For 'kl_div', the 'reduction' must be in ['mean', 'sum', 'none', 'batchmean'], "
                         f"but got {reduction}.")
    if log_target:
        loss = M.mul(M.exp(labels), M.sub(labels, logits))
    else:
        safe = where(M.greater(labels, 0), labels, 1.0)
        loss = M.mul(labels, M.sub(M.log(safe), logits))
    if reduction == "batchmean":
        return M.div(M.sum(loss), logits.shape[0])
    return _reduce(loss, reduction)
