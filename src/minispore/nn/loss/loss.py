"""Loss Cells."""
from minispore.nn.cell import Cell
from minispore.ops.function import nn_func as NF

__all__ = ["LossBase", "BCEWithLogitsLoss"]


class LossBase(Cell):
    """Base of the losses: holds `reduction` ('mean', 'sum' or 'none')."""

    def __init__(self, reduction="mean"):
        super().__init__()
        NF.check_reduction(reduction, type(self).__name__)
        self.reduction = reduction


class BCEWithLogitsLoss(LossBase):
    def __init__(self, reduction="mean", weight=None, pos_weight=None):
        super().__init__(reduction)
        self.weight, self.pos_weight = weight, pos_weight

    def construct(self, logits, labels):
        return NF.binary_cross_entropy_with_logits(logits, labels, self.weight, self.pos_weight, self.reduction)
