"""Loss Cells: thin over the functional losses of `ops`, with MindSpore's defaults and argument order."""
from minispore.nn.cell import Cell
from minispore.ops.function import loss_func as LF, math_func as M, nn_func as NF
from minispore.ops._prims.nn import sparse_softmax_cross_entropy

__all__ = ["LossBase", "BCEWithLogitsLoss", "BCELoss", "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss",
           "SmoothL1Loss", "HuberLoss", "KLDivLoss", "SoftmaxCrossEntropyWithLogits", "CTCLoss", "MarginRankingLoss"]


class LossBase(Cell):
    """Base of the losses: holds `reduction` ('mean', 'sum' or 'none')."""

    def __init__(self, reduction="mean"):
        super().__init__()
        NF.check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def get_loss(self, x, weights=1.0):
        """Reduce an element-wise loss `x` (times `weights`) by this Cell's reduction."""
        if not (isinstance(weights, float) and weights == 1.0):
            x = x * weights
        return NF.reduce_loss(x, self.reduction)


class BCEWithLogitsLoss(LossBase):
    """Sigmoid + binary cross-entropy on logits; `weight` per element, `pos_weight` per class."""

    def __init__(self, reduction="mean", weight=None, pos_weight=None):
        super().__init__(reduction)
        self.weight, self.pos_weight = weight, pos_weight

    def construct(self, input, target):
        return NF.binary_cross_entropy_with_logits(input, target, self.weight, self.pos_weight, self.reduction)


class BCELoss(LossBase):
    """Binary cross-entropy on probabilities."""

    def __init__(self, weight=None, reduction="mean"):
        super().__init__(reduction)
        self.weight = weight

    def construct(self, logits, labels):
        return NF.binary_cross_entropy(logits, labels, self.weight, self.reduction)


class CrossEntropyLoss(LossBase):
    """log_softmax over dim 1 + NLL; labels are class indices (Int32 or Int64) or class probabilities."""

    def __init__(self, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction)
        NF.check_label_smoothing(label_smoothing, "CrossEntropyLoss")
        self.weight, self.ignore_index, self.label_smoothing = weight, ignore_index, label_smoothing

    def construct(self, logits, labels):
        return NF.cross_entropy_loss(logits, labels, self.weight, self.ignore_index, self.reduction,
                                     self.label_smoothing, "CrossEntropyLoss")


class NLLLoss(LossBase):
    """Negative log-likelihood of log-probabilities at class indices."""

    def __init__(self, weight=None, ignore_index=-100, reduction="mean"):
        super().__init__(reduction)
        self.weight, self.ignore_index = weight, ignore_index

    def construct(self, logits, labels):
        return NF.nll(logits, labels, self.weight, self.ignore_index, self.reduction, 0.0, "NLLLoss")


class MSELoss(LossBase):
    """(logits - labels)², broadcasting."""

    def construct(self, logits, labels):
        NF.check_broadcastable("MSELoss", logits, labels)
        return NF.mse_loss(logits, labels, self.reduction)


class L1Loss(LossBase):
    """|logits - labels|, broadcasting."""

    def construct(self, logits, labels):
        NF.check_broadcastable("L1Loss", logits, labels)
        return NF.l1_loss(logits, labels, self.reduction)


class SmoothL1Loss(LossBase):
    """Quadratic below `beta`, linear above; reduction defaults to 'none' as in MindSpore."""

    def __init__(self, beta=1.0, reduction="none"):
        super().__init__(reduction)
        if not isinstance(beta, (int, float)) or isinstance(beta, bool) or beta <= 0:
            raise ValueError(f"For 'SmoothL1Loss', the 'beta' must be a float greater than 0, but got {beta}.")
        self.beta = float(beta)

    def construct(self, logits, labels):
        NF.check_same_shape("SmoothL1Loss", logits, labels)
        return NF.smooth_l1_loss(logits, labels, self.beta, self.reduction)


class HuberLoss(LossBase):
    """Quadratic below `delta`, delta-scaled linear above."""

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction)
        if not isinstance(delta, (int, float)) or isinstance(delta, bool) or delta <= 0:
            raise ValueError(f"For 'HuberLoss', the 'delta' must be a float greater than 0, but got {delta}.")
        self.delta = float(delta)

    def construct(self, logits, labels):
        NF.check_broadcastable("HuberLoss", logits, labels)
        return NF.huber_loss(logits, labels, self.reduction, self.delta)


class KLDivLoss(Cell):
    """labels·(log(labels) - logits) on log-probability `logits`; reduction may also be 'batchmean'."""

    def __init__(self, reduction="mean"):
        super().__init__()
        if reduction not in ("none", "mean", "batchmean", "sum"):
            raise ValueError("For 'KLDivLoss', the 'reduction' must be str and must be in "
                             f"'['none', 'mean', 'batchmean', 'sum']', but got '{reduction}'.")
        self.reduction = reduction

    def construct(self, logits, labels):
        NF.check_same_shape("KLDivLoss", logits, labels)
        return NF.kl_div(logits, labels, self.reduction)


class SoftmaxCrossEntropyWithLogits(LossBase):
    """Softmax cross-entropy over the last axis; dense float labels, or class indices with sparse=True."""

    def __init__(self, sparse=False, reduction="none"):
        super().__init__(reduction)
        if not isinstance(sparse, bool):
            raise TypeError(f"For 'SoftmaxCrossEntropyWithLogits', the 'sparse' must be a bool, but got "
                            f"{type(sparse).__name__}.")
        self.sparse = sparse

    def construct(self, logits, labels):
        op = "SoftmaxCrossEntropyWithLogits"
        NF.check_float_input(op, logits, labels)
        if self.sparse:
            if labels._data.dtype.kind not in "iu":
                raise TypeError(f"For '{op}' with sparse=True, the 'labels' must be Int32 or Int64 class "
                                f"indices, but got {labels.dtype}.")
            if logits.ndim != 2 or labels.shape != logits.shape[:1]:
                raise ValueError(f"For '{op}' with sparse=True, 'labels' must have shape (N,) for 'logits' of "
                                 f"shape (N, C), but got 'logits' shape: {logits.shape} and 'labels' shape: "
                                 f"{labels.shape}.")
            classes = logits.shape[1]
            bad = labels._data[(labels._data < 0) | (labels._data >= classes)]
            if bad.size:
                raise ValueError(f"For '{op}', every label must be a class index in [0, {classes}), but got "
                                 f"{bad.flat[0]}.")
            return self.get_loss(sparse_softmax_cross_entropy(logits, labels, ignore_index=None, reduction="none"))
        if labels.dtype != logits.dtype:
            raise TypeError(f"For '{op}', the 'labels' must have the dtype of 'logits' ({logits.dtype}), "
                            f"but got {labels.dtype}; pass sparse=True for class indices.")
        if logits.ndim != 2 or labels.shape != logits.shape:
            raise ValueError(f"For '{op}', 'labels' shape must be consistent with 'logits' shape (N, C), but "
                             f"got 'labels' shape: {labels.shape}, 'logits' shape: {logits.shape}.")
        loss = M.neg(M.sum(M.mul(labels, NF.log_softmax(logits, -1)), -1))
        return self.get_loss(loss)


class CTCLoss(LossBase):
    """Connectionist temporal classification loss of (T, N, C) log-probabilities against target sequences."""

    def __init__(self, blank=0, reduction="mean", zero_infinity=False):
        super().__init__(reduction)
        if isinstance(blank, bool) or not isinstance(blank, int) or blank < 0:
            raise ValueError(f"For 'CTCLoss', the 'blank' must be a non-negative int, but got {blank!r}.")
        if not isinstance(zero_infinity, bool):
            raise TypeError(f"For 'CTCLoss', the 'zero_infinity' must be a bool, but got "
                            f"{type(zero_infinity).__name__}.")
        self.blank, self.zero_infinity = blank, zero_infinity

    def construct(self, log_probs, targets, input_lengths, target_lengths):
        return LF.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction,
                           self.zero_infinity)[0]


class MarginRankingLoss(LossBase):
    """max(0, -target * (input1 - input2) + margin), reduced."""

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__(reduction)
        if isinstance(margin, bool) or not isinstance(margin, (int, float)):
            raise TypeError(f"For 'MarginRankingLoss', the 'margin' must be a float, but got {type(margin).__name__}.")
        self.margin = margin

    def construct(self, input1, input2, target):
        return LF.margin_ranking_loss(input1, input2, target, self.margin, self.reduction)
