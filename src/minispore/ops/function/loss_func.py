"""Losses beyond nn_func: `ops.ctc_loss`, `ops.margin_ranking_loss`."""
from minispore.common import _validate as V
from minispore.common.tensor import Tensor
from minispore.ops._prims import ctc as _ctc, elementwise as E, reduce as R
from minispore.ops.function.nn_func import _reduce, check_reduction

__all__ = ["ctc_loss", "margin_ranking_loss"]


def _lengths(value, batch, name):
    if not isinstance(value, (Tensor, tuple, list)) or (not isinstance(value, Tensor) and not all(
            isinstance(n, int) and not isinstance(n, bool) for n in value)):
        raise TypeError(f"For 'ctc_loss', the '{name}' must be a Tensor or a tuple of ints, but got "
                        f"{V.describe(value)}.")
    lengths = value if isinstance(value, Tensor) else Tensor(list(value))
    if lengths.shape != (batch,) or lengths._data.dtype.kind not in "iu":
        raise ValueError(f"For 'ctc_loss', the '{name}' must be {batch} integers (one per sample), but got "
                         f"{lengths.dtype} of shape {lengths.shape}.")
    return lengths


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """Connectionist temporal classification loss of (T, N, C) log-probabilities; returns (loss, log_alpha).

    'mean' divides each sample's loss by its target length, then averages over the batch.
    """
    check_reduction(reduction, "ctc_loss")
    V.tensor("ctc_loss", "log_probs", log_probs)
    V.tensor("ctc_loss", "targets", targets)
    blank = V.integer("ctc_loss", "blank", blank, minimum=0)
    if log_probs.ndim != 3:
        raise ValueError(f"For 'ctc_loss', the 'log_probs' must be 3-d (T, N, C), but got shape {log_probs.shape}.")
    steps, batch, classes = log_probs.shape
    if not 0 <= blank < classes:
        raise ValueError(f"For 'ctc_loss', the 'blank' must be in [0, {classes}), but got {blank}.")
    input_lengths = _lengths(input_lengths, batch, "input_lengths")
    target_lengths = _lengths(target_lengths, batch, "target_lengths")
    if int(input_lengths.asnumpy().max(initial=0)) > steps:
        raise ValueError(f"For 'ctc_loss', an input length exceeds the {steps} steps of 'log_probs'.")
    if targets._data.dtype.kind not in "iu":
        raise TypeError(f"For 'ctc_loss', the 'targets' must be integer class indices, but got {targets.dtype}.")
    attrs = dict(blank=int(blank))
    loss = _ctc.ctc_loss(log_probs, targets, input_lengths, target_lengths, zero_infinity=bool(zero_infinity),
                         **attrs)
    log_alpha = _ctc.ctc_log_alpha(log_probs, targets, input_lengths, target_lengths, **attrs)
    if reduction == "mean":
        lengths = E.maximum(E.cast(target_lengths, dtype=log_probs._data.dtype), log_probs._data.dtype.type(1))
        loss = R.mean(E.div(loss, lengths), axis=None, keepdims=False)
    elif reduction == "sum":
        loss = R.sum(loss, axis=None, keepdims=False)
    return loss, log_alpha


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """max(0, -target * (input1 - input2) + margin), reduced."""
    check_reduction(reduction, "margin_ranking_loss")
    V.tensor("margin_ranking_loss", "input1", input1)
    V.number("margin_ranking_loss", "margin", margin)
    for name, t in (("input2", input2), ("target", target)):
        if not isinstance(t, Tensor) or t.shape != input1.shape:
            raise ValueError(f"For 'margin_ranking_loss', the '{name}' must be a Tensor of shape {input1.shape}, "
                             f"but got {getattr(t, 'shape', type(t).__name__)}.")
    dtype = input1._data.dtype
    loss = E.maximum(E.add(E.mul(E.neg(target), E.sub(input1, input2)), dtype.type(margin)), dtype.type(0))
    return _reduce(loss, reduction)
