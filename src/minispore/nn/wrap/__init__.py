"""`mindspore.nn.wrap`: training wrappers."""
from minispore.nn.wrap.cell_wrapper import WithLossCell, WithEvalCell, TrainOneStepCell
from minispore.nn.wrap.grad_reducer import DistributedGradReducer
from minispore.nn.wrap.loss_scale import (FixedLossScaleUpdateCell, DynamicLossScaleUpdateCell,
                                          TrainOneStepWithLossScaleCell)

__all__ = ["WithLossCell", "WithEvalCell", "TrainOneStepCell", "FixedLossScaleUpdateCell",
           "DynamicLossScaleUpdateCell", "TrainOneStepWithLossScaleCell", "DistributedGradReducer"]
