"""Loss scaling: `nn.FixedLossScaleUpdateCell`, `nn.DynamicLossScaleUpdateCell` and
`nn.TrainOneStepWithLossScaleCell` (gradients of scale·loss, divided back, step skipped on overflow)."""
import numpy as np

from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor, wrap
from minispore.nn.cell import Cell
from minispore.nn.wrap.cell_wrapper import TrainOneStepCell

__all__ = ["FixedLossScaleUpdateCell", "DynamicLossScaleUpdateCell", "TrainOneStepWithLossScaleCell"]


def _positive_scale(value, owner):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"For '{owner}', the 'loss_scale_value' must be a positive float, but got {value!r}.")
    return float(value)


def _flag(overflow):
    return bool(np.asarray(overflow._data if isinstance(overflow, Tensor) else overflow))


class FixedLossScaleUpdateCell(Cell):
    """Keeps the loss scale; construct(loss_scale, overflow) returns overflow."""

    def __init__(self, loss_scale_value):
        super().__init__()
        self.loss_scale_value = _positive_scale(loss_scale_value, "FixedLossScaleUpdateCell")

    def get_loss_scale(self):
        """The fixed loss scale."""
        return self.loss_scale_value

    def construct(self, _, overflow):
        return overflow


class DynamicLossScaleUpdateCell(Cell):
    """On overflow the scale is divided by scale_factor (not below 1); after scale_window steps
    without overflow it is multiplied by scale_factor. construct(loss_scale, overflow) -> overflow."""

    def __init__(self, loss_scale_value, scale_factor, scale_window):
        super().__init__()
        self.loss_scale_value = _positive_scale(loss_scale_value, "DynamicLossScaleUpdateCell")
        for name, value in (("scale_factor", scale_factor), ("scale_window", scale_window)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"For 'DynamicLossScaleUpdateCell', the '{name}' must be a positive int, "
                                 f"but got {value!r}.")
        self.scale_factor = scale_factor
        self.scale_window = scale_window
        self.cur_iter = Parameter(Tensor(np.asarray(1, np.int32)), name="current_iterator_step")
        self.last_overflow_iter = Parameter(Tensor(np.asarray(0, np.int32)), name="last_overflow_iterator_step")

    def get_loss_scale(self):
        """The initial loss scale."""
        return self.loss_scale_value

    def construct(self, loss_scale, overflow):
        overflowed = _flag(overflow)
        scale = loss_scale._data
        current = int(self.cur_iter._data)
        new_scale = max(scale / np.float32(self.scale_factor), np.float32(1)) if overflowed else scale
        should_grow = current - int(self.last_overflow_iter._data) >= self.scale_window
        if overflowed or should_grow:
            self.last_overflow_iter._data[()] = current
        if should_grow and not overflowed:
            new_scale = new_scale * np.float32(self.scale_factor)
        loss_scale._data[...] = new_scale
        self.cur_iter._data[()] = current + 1
        return overflow


class TrainOneStepWithLossScaleCell(TrainOneStepCell):
    """TrainOneStepCell with loss scaling; returns (loss, overflow Bool Tensor, scale_sense Parameter).
    The overflow check is an all-finite test of the gradients (MindSpore 2.10 on CPU fails with an
    Ascend-only status kernel instead)."""

    def __init__(self, network, optimizer, scale_sense):
        super().__init__(network, optimizer, sens=None)
        if isinstance(scale_sense, Cell):
            self.loss_scaling_manager = scale_sense
            value = Tensor(np.asarray(scale_sense.get_loss_scale(), np.float32))
            self.scale_sense = Parameter(value, name="scale_sense")
        elif isinstance(scale_sense, Tensor):
            if scale_sense.shape not in ((), (1,)):
                raise ValueError("For 'TrainOneStepWithLossScaleCell', the shape of 'scale_sense' must be () or "
                                 f"(1,), but got {scale_sense.shape}.")
            self.loss_scaling_manager = None
            self.scale_sense = Parameter(scale_sense, name="scale_sense")
        else:
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the 'scale_sense' must be Cell or Tensor, but "
                            f"got {type(scale_sense).__name__}.")

    def set_sense_scale(self, sens):
        """Set the loss scale (only when it was given as a Tensor)."""
        if self.loss_scaling_manager is not None:
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the loss scale is managed by "
                            f"{self.loss_scaling_manager.cls_name} and can not be set.")
        if not isinstance(sens, Tensor):
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the 'sens' must be a Tensor, but got "
                            f"{type(sens).__name__}.")
        self.scale_sense.set_data(sens)

    def construct(self, *inputs):
        if self._broadcast_pending:
            self._broadcast_once()
        scale = np.float32(self.scale_sense._data.reshape(-1)[0])
        loss, grads = self._loss_and_grads(inputs, float(scale))
        reciprocal = np.float32(1) / scale
        grads = tuple(wrap(g._data * reciprocal.astype(g._data.dtype)) for g in grads)
        grads = self.grad_reducer(grads)
        overflow = not all(np.isfinite(g._data).all() for g in grads)
        cond = wrap(np.asarray(overflow))
        if self.loss_scaling_manager is not None:
            overflow = _flag(self.loss_scaling_manager(self.scale_sense, cond))
        if not overflow:
            self.optimizer(grads)
        return loss, cond, self.scale_sense
