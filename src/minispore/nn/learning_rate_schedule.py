"""`mindspore.nn.LearningRateSchedule` Cells: called with the global step, return a float32 rate."""
import math

from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.nn.cell import Cell

__all__ = ["LearningRateSchedule", "ExponentialDecayLR", "NaturalExpDecayLR", "InverseDecayLR", "CosineDecayLR",
           "PolynomialDecayLR", "WarmUpLR"]

_FLOAT32 = mstype.np_dtype(mstype.float32)
_F32 = _FLOAT32.type


def _check_positive_float(value, name, cls_name):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"For '{cls_name}', the '{name}' must be float, but got {type(value).__name__}.")
    if value <= 0:
        raise ValueError(f"For '{cls_name}', the '{name}' must be positive, but got {value}.")


def _check_positive_int(value, name, cls_name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"For '{cls_name}', the '{name}' must be int, but got {type(value).__name__}.")
    if value <= 0:
        raise ValueError(f"For '{cls_name}', the '{name}' must be positive, but got {value}.")


def _check_bool(value, name, cls_name):
    if not isinstance(value, bool):
        raise TypeError(f"For '{cls_name}', the '{name}' must be bool, but got {type(value).__name__}.")


class LearningRateSchedule(Cell):
    """Base class: `construct(global_step)` returns the learning rate for that step."""

    def __init__(self):
        super().__init__()

    def construct(self, global_step):
        steps = (global_step if isinstance(global_step, Tensor) else Tensor(global_step))._data
        xp = backend_of(steps).xp
        return wrap(xp.asarray(self._rate(xp, steps.astype(_FLOAT32)), dtype=_FLOAT32))

    def _rate(self, xp, step):
        """The rate for a float32 array of steps (same shape), computed with the array module `xp`."""
        raise NotImplementedError(f"For '{self.cls_name}', the method '_rate' is not defined.")


class _DecayLR(LearningRateSchedule):
    """The shared arguments of the exponential, natural-exponential and inverse decays."""

    def __init__(self, learning_rate, decay_rate, decay_steps, is_stair=False):
        super().__init__()
        _check_positive_float(learning_rate, "learning_rate", self.cls_name)
        _check_positive_float(decay_rate, "decay_rate", self.cls_name)
        _check_positive_int(decay_steps, "decay_steps", self.cls_name)
        _check_bool(is_stair, "is_stair", self.cls_name)
        self.learning_rate = learning_rate
        self.decay_rate = decay_rate
        self.decay_steps = decay_steps
        self.is_stair = is_stair


class ExponentialDecayLR(_DecayLR):
    """lr · decay_rate^(step / decay_steps), the exponent floored when is_stair."""

    def _rate(self, xp, step):
        p = step / _F32(self.decay_steps)
        if self.is_stair:
            p = xp.floor(p)
        return _F32(self.learning_rate) * xp.power(_F32(self.decay_rate), p)


class NaturalExpDecayLR(_DecayLR):
    """lr · exp(−decay_rate · step); MindSpore's exponent is the step itself, rounded down to a
    multiple of decay_steps when is_stair."""

    def _rate(self, xp, step):
        p = xp.floor(step / _F32(self.decay_steps)) * _F32(self.decay_steps) if self.is_stair else step
        return _F32(self.learning_rate) * xp.exp(-_F32(self.decay_rate) * p)


class InverseDecayLR(_DecayLR):
    """lr / (1 + decay_rate · step / decay_steps), the ratio floored when is_stair."""

    def _rate(self, xp, step):
        p = step / _F32(self.decay_steps)
        if self.is_stair:
            p = xp.floor(p)
        return _F32(self.learning_rate) / (_F32(1) + _F32(self.decay_rate) * p)


class CosineDecayLR(LearningRateSchedule):
    """min_lr + (max_lr − min_lr)·(1 + cos(π·min(step, decay_steps)/decay_steps))/2."""

    def __init__(self, min_lr, max_lr, decay_steps):
        super().__init__()
        if isinstance(min_lr, bool) or not isinstance(min_lr, float) or min_lr < 0:
            raise TypeError(f"For 'CosineDecayLR', the 'min_lr' must be a non-negative float, but got {min_lr!r}.")
        _check_positive_float(max_lr, "max_lr", self.cls_name)
        _check_positive_int(decay_steps, "decay_steps", self.cls_name)
        if min_lr >= max_lr:
            raise ValueError("For 'CosineDecayLR', the 'max_lr' must be greater than the 'min_lr', but got "
                             f"'max_lr' value: {max_lr}, 'min_lr' value: {min_lr}.")
        self.min_lr, self.max_lr, self.decay_steps = min_lr, max_lr, decay_steps

    def _rate(self, xp, step):
        p = xp.minimum(step, _F32(self.decay_steps)) / _F32(self.decay_steps)
        delta = _F32(0.5) * _F32(self.max_lr - self.min_lr)
        return _F32(self.min_lr) + delta * (_F32(1) + xp.cos(_F32(math.pi) * p))


class PolynomialDecayLR(LearningRateSchedule):
    """(lr − end)·(1 − step/decay_steps)^power + end; update_decay_steps stretches the period to the
    next multiple of decay_steps instead of holding at end_learning_rate."""

    def __init__(self, learning_rate, end_learning_rate, decay_steps, power, update_decay_steps=False):
        super().__init__()
        _check_positive_float(learning_rate, "learning_rate", self.cls_name)
        if isinstance(end_learning_rate, bool) or not isinstance(end_learning_rate, (int, float)) \
                or end_learning_rate < 0:
            raise ValueError("For 'PolynomialDecayLR', the 'end_learning_rate' must be a non-negative float, "
                             f"but got {end_learning_rate!r}.")
        _check_positive_float(power, "power", self.cls_name)
        _check_positive_int(decay_steps, "decay_steps", self.cls_name)
        _check_bool(update_decay_steps, "update_decay_steps", self.cls_name)
        self.learning_rate, self.end_learning_rate = learning_rate, end_learning_rate
        self.decay_steps, self.power, self.update_decay_steps = decay_steps, power, update_decay_steps

    def _rate(self, xp, step):
        period = _F32(self.decay_steps)
        if self.update_decay_steps:
            period = xp.maximum(xp.ceil(step / period), _F32(1)) * period
        else:
            step = xp.minimum(step, period)
        span = _F32(self.learning_rate - self.end_learning_rate)
        return span * xp.power(_F32(1) - step / period, _F32(self.power)) + _F32(self.end_learning_rate)


class WarmUpLR(LearningRateSchedule):
    """lr · min(step, warmup_steps) / warmup_steps."""

    def __init__(self, learning_rate, warmup_steps):
        super().__init__()
        _check_positive_float(learning_rate, "learning_rate", self.cls_name)
        _check_positive_int(warmup_steps, "warmup_steps", self.cls_name)
        self.learning_rate, self.warmup_steps = learning_rate, warmup_steps

    def _rate(self, xp, step):
        return _F32(self.learning_rate) * xp.minimum(step, _F32(self.warmup_steps)) / _F32(self.warmup_steps)
