"""`mindspore.amp` loss-scale managers: they hold a loss scale and give TrainOneStepWithLossScaleCell
its update Cell."""
from minispore.nn.wrap.loss_scale import DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell

__all__ = ["LossScaleManager", "FixedLossScaleManager", "DynamicLossScaleManager"]


class LossScaleManager:
    """Base class of the loss-scale managers."""

    def get_loss_scale(self):
        """The current loss scale."""
        raise NotImplementedError("For 'LossScaleManager', 'get_loss_scale' is not defined.")

    def update_loss_scale(self, overflow):
        """Adjust the scale after a step that did or did not overflow."""
        raise NotImplementedError("For 'LossScaleManager', 'update_loss_scale' is not defined.")

    def get_update_cell(self):
        """The Cell TrainOneStepWithLossScaleCell uses to update the scale (or None)."""
        raise NotImplementedError("For 'LossScaleManager', 'get_update_cell' is not defined.")


class FixedLossScaleManager(LossScaleManager):
    """A constant scale; with drop_overflow_update, steps whose gradients overflow are skipped."""

    def __init__(self, loss_scale=128.0, drop_overflow_update=True):
        if isinstance(loss_scale, bool) or not isinstance(loss_scale, (int, float)) or loss_scale < 1:
            raise ValueError("For 'FixedLossScaleManager', the argument 'loss_scale' must be >= 1, but got "
                             f"{loss_scale!r}.")
        if not isinstance(drop_overflow_update, bool):
            raise TypeError("For 'FixedLossScaleManager', the 'drop_overflow_update' must be bool, but got "
                            f"{type(drop_overflow_update).__name__}.")
        self._loss_scale = float(loss_scale)
        self._drop_overflow_update = drop_overflow_update

    def get_loss_scale(self):
        return self._loss_scale

    def get_drop_overflow_update(self):
        """Whether overflowing steps skip the optimizer."""
        return self._drop_overflow_update

    def update_loss_scale(self, overflow):
        """A fixed scale never changes."""

    def get_update_cell(self):
        if not self._drop_overflow_update:
            return None
        return FixedLossScaleUpdateCell(self._loss_scale)


class DynamicLossScaleManager(LossScaleManager):
    """Divide the scale by scale_factor on overflow, multiply it after scale_window clean steps."""

    def __init__(self, init_loss_scale=2 ** 24, scale_factor=2, scale_window=2000):
        if isinstance(init_loss_scale, bool) or not isinstance(init_loss_scale, (int, float)) \
                or init_loss_scale < 1:
            raise ValueError("For 'DynamicLossScaleManager', the argument 'init_loss_scale' must be >= 1, but got "
                             f"{init_loss_scale!r}.")
        for name, value in (("scale_factor", scale_factor), ("scale_window", scale_window)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"For 'DynamicLossScaleManager', the argument '{name}' must be a positive int, "
                                 f"but got {value!r}.")
        self.loss_scale = float(init_loss_scale)
        self.scale_factor = scale_factor
        self.scale_window = scale_window
        self.increase_ratio = scale_factor
        self.decrease_ratio = 1 / scale_factor
        self.cur_iter = 1
        self.last_overflow_iter = 0
        self.bad_step_max = 1000
        self.bad_step = 0

    def get_loss_scale(self):
        return self.loss_scale

    def get_drop_overflow_update(self):
        """Overflowing steps are always skipped."""
        return True

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
            raise RuntimeError(f"Dynamic loss scale Continuous overflow {self.bad_step} times, has exceeded "
                               f"maximum threshold {self.bad_step_max}.")
        self.cur_iter += 1

    def get_update_cell(self):
        return DynamicLossScaleUpdateCell(self.loss_scale, self.scale_factor, self.scale_window)
