"""`mindspore.train.loss_scale_manager`: the loss-scale managers (defined in `minispore.amp`)."""
from minispore.amp.loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager

__all__ = ["LossScaleManager", "FixedLossScaleManager", "DynamicLossScaleManager"]
