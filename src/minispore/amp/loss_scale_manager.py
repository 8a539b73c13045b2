"""Loss-scale managers (`mindspore.amp`, `mindspore.train`, `mindspore.train.loss_scale_manager`): they hold
the loss scale for `Model` and `build_train_network` and give TrainOneStepWithLossScaleCell its update Cell."""
from minispore.nn.wrap.loss_scale import DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell

__all__ = ["LossScaleManager", "FixedLossScaleManager", "DynamicLossScaleManager"]


def _number(owner, name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"For '{owner}', the argument '{name}' must be a float or int, but got "
                        f"{type(value).__name__}.")
    return value


class LossScaleManager:
    """Base class of the loss-scale managers: `get_loss_scale`, `update_loss_scale`, `get_update_cell`."""

    def get_loss_scale(self):
        """The value of the loss scale."""

    def update_loss_scale(self, overflow):
        """Update the loss scale after a step that did (`overflow` True) or did not overflow."""

    def get_update_cell(self):
        """The Cell TrainOneStepWithLossScaleCell uses to update the loss scale (or None)."""


class FixedLossScaleManager(LossScaleManager):
    """A constant loss scale; with `drop_overflow_update`, steps whose gradients overflow are skipped.

    With `drop_overflow_update=False` the optimizer must be made with `loss_scale` equal to this one
    (it divides the scaled gradients), as in MindSpore.
    """

    def __init__(self, loss_scale=128.0, drop_overflow_update=True):
        if _number("FixedLossScaleManager", "loss_scale", loss_scale) < 1:
            raise ValueError(f"The argument 'loss_scale' must be >= 1, but got {loss_scale}")
        if not isinstance(drop_overflow_update, bool):
            raise TypeError("For 'FixedLossScaleManager', the argument 'drop_overflow_update' must be bool, but got "
                            f"{type(drop_overflow_update).__name__}.")
        self._loss_scale = loss_scale
        self._drop_overflow_update = drop_overflow_update

    def get_loss_scale(self):
        return self._loss_scale

    def get_drop_overflow_update(self):
        """Whether a step whose gradients overflow skips the optimizer."""
        return self._drop_overflow_update

    def update_loss_scale(self, overflow):
        """A fixed scale does not change."""

    def get_update_cell(self):
        """A FixedLossScaleUpdateCell when overflowing steps are dropped, else None."""
        if not self._drop_overflow_update:
            return None
        return FixedLossScaleUpdateCell(self._loss_scale)


class DynamicLossScaleManager(LossScaleManager):
    """Divide the scale by `scale_factor` (not below 1) on overflow; multiply it after `scale_window`
    steps without one."""

    def __init__(self, init_loss_scale=2 ** 24, scale_factor=2, scale_window=2000):
        if _number("DynamicLossScaleManager", "init_loss_scale", init_loss_scale) < 1.0:
            raise ValueError(f"The argument 'init_loss_scale' must be > 1, but got {init_loss_scale}")
        if isinstance(scale_window, bool) or not isinstance(scale_window, int) or scale_window <= 0:
            raise ValueError("For 'DynamicLossScaleManager', the 'scale_window' must be a positive int, but got "
                             f"{scale_window!r}.")
        if _number("DynamicLossScaleManager", "scale_factor", scale_factor) <= 0:
            raise ValueError(f"The argument 'scale_factor' must be > 0, but got {scale_factor}")
        self.loss_scale = init_loss_scale
        self.scale_window = scale_window
        self.scale_factor = scale_factor
        self.increase_ratio = scale_factor
        self.decrease_ratio = 1 / scale_factor
        self.cur_iter = 1
        self.last_overflow_iter = 0
        self.bad_step_max = 1000
        self.bad_step = 0

    def get_loss_scale(self):
        return self.loss_scale

    def update_loss_scale(self, overflow):
        if overflow:
            self.loss_scale = max(self.loss_scale * self.decrease_ratio, 1)
            self.last_overflow_iter = self.cur_iter
            self.bad_step += 1
        else:
            if (self.cur_iter - self.last_overflow_iter) % self.scale_window == 0:
                self.loss_scale *= self.increase_ratio
            self.bad_step = 0
        if self.bad_step > self.bad_step_max:
            raise RuntimeError(f"Dynamic loss scale Continuous overflow {self.bad_step} times, has exceeded maximum "
                               "threshold.")
        self.cur_iter += 1

    def get_drop_overflow_update(self):
        """Always True: overflowing steps are skipped."""
        return True

    def get_update_cell(self):
        return DynamicLossScaleUpdateCell(self.loss_scale, self.scale_factor, self.scale_window)
