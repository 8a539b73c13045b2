"""Loss scaling: `nn.FixedLossScaleUpdateCell`, `nn.DynamicLossScaleUpdateCell` and
`nn.TrainOneStepWithLossScaleCell` (gradients of scale·loss, divided back, step skipped on overflow)."""
from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.nn.wrap.cell_wrapper import TrainOneStepCell
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["FixedLossScaleUpdateCell", "DynamicLossScaleUpdateCell", "TrainOneStepWithLossScaleCell"]


def _positive_scale(value, owner):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"For '{owner}', the 'loss_scale_value' must be a positive float, but got {value!r}.")
    return float(value)


_F32 = mstype.np_dtype(mstype.float32).type


def _flag(overflow):
    return bool(overflow)


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
        self.cur_iter = Parameter(Tensor(1, mstype.int32), name="current_iterator_step")
        self.last_overflow_iter = Parameter(Tensor(0, mstype.int32), name="last_overflow_iterator_step")

    def get_loss_scale(self):
        """The initial loss scale."""
        return self.loss_scale_value

    def construct(self, loss_scale, overflow):
        overflowed = _flag(overflow)
        current = int(self.cur_iter)
        new_scale = loss_scale
        if overflowed:
            new_scale = E.maximum(E.div(loss_scale, _F32(self.scale_factor)), _F32(1))
        should_grow = current - int(self.last_overflow_iter) >= self.scale_window
        if overflowed or should_grow:
            assign(self.last_overflow_iter, current)
        if should_grow and not overflowed:
            new_scale = E.mul(new_scale, _F32(self.scale_factor))
        if new_scale is not loss_scale:
            assign(loss_scale, new_scale)
        assign(self.cur_iter, current + 1)
        return overflow


class TrainOneStepWithLossScaleCell(TrainOneStepCell):
    """TrainOneStepCell with loss scaling; returns (loss, overflow Bool Tensor, scale_sense Parameter).
    The overflow check is an all-finite test of the gradients (MindSpore 2.10 on CPU fails with an
    Ascend-only status kernel instead)."""

    def __init__(self, network, optimizer, scale_sense):
        super().__init__(network, optimizer, sens=None)
        if isinstance(scale_sense, Cell):
            self.loss_scaling_manager = scale_sense
            value = Tensor(scale_sense.get_loss_scale(), mstype.float32)
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
        scale = _F32(self.scale_sense._data.reshape(-1)[0].item())
        loss, grads = self._loss_and_grads(inputs, float(scale))
        reciprocal = _F32(1) / scale
        grads = tuple(E.mul(g, g._data.dtype.type(reciprocal)) for g in grads)
        grads = self.grad_reducer(grads)
        overflow = not all(bool(backend_of(g._data).xp.isfinite(g._data).all()) for g in grads)
        cond = Tensor(overflow)
        if self.loss_scaling_manager is not None:
            overflow = _flag(self.loss_scaling_manager(self.scale_sense, cond))
        if not overflow:
            self.optimizer(grads)
        return loss, cond, self.scale_sense
