"""`experimental.optim.lr_scheduler`: learning-rate schedulers over an `experimental.optim` optimizer. Each writes
the optimizer's per-group rate Parameters (`optimizer.lrs`, also `param_groups[i]['lr']`) when it steps; the
epoch counter is a float32 Parameter, and the rates are float32 Tensors (`get_last_lr()` returns copies)."""
import math
from bisect import bisect_right
from collections import Counter

from minispore.common import dtype as mstype
from minispore.common.api import jit_class
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import Optimizer
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["StepLR", "LinearLR", "LRScheduler", "ExponentialLR", "PolynomialLR", "MultiplicativeLR", "ConstantLR",
           "MultiStepLR", "LambdaLR", "SequentialLR", "ReduceLROnPlateau", "CyclicLR", "CosineAnnealingWarmRestarts",
           "CosineAnnealingLR"]


def _check_optimizer(optimizer, message):
    if not isinstance(optimizer, Optimizer):
        raise TypeError(message.format(type(optimizer).__name__))


def _check_int(name, value, owner=None):
    if isinstance(value, bool) or not isinstance(value, int):
        prefix = f"For '{owner}', the" if owner else "The"
        raise TypeError(f"{prefix} type of '{name}' should be 'int', but got type '{type(value).__name__}'.")


def _copy(tensor):
    return E.identity_copy(tensor)


def _f32(value):
    return value if isinstance(value, Tensor) else Tensor(value, mstype.float32)


@jit_class
class LRScheduler:
    """Base class: `step()` advances `last_epoch` and writes `get_lr()` into the optimizer's rates;
    `step(epoch)` jumps to an epoch (the closed form where the scheduler has one)."""

    def __init__(self, optimizer, last_epoch=-1):
        _check_optimizer(optimizer, "{} is not an Optimizer")
        _check_int("last_epoch", last_epoch)
        if last_epoch < -1:
            raise ValueError(f"Invalid last_epoch: {last_epoch}")
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", _copy(group["lr"]))
        else:
            for number, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(f"param 'initial_lr' is not specified in param_groups[{number}] when resuming an "
                                   "optimizer")
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.optimizer = optimizer
        self._last_lr = list(optimizer.lrs)
        self.groups_num = len(optimizer.param_groups)
        self.last_epoch = Parameter(Tensor(last_epoch, mstype.float32), name="last_epoch_" + type(self).__name__)
        self.increase_tensor = Tensor(1, mstype.int32)
        self.step()

    @staticmethod
    def get_lr():
        """The rates of the current epoch, one per group (subclasses compute them)."""
        raise NotImplementedError

    def get_last_lr(self):
        """The rates the scheduler last set, one float32 Tensor per group."""
        return [_copy(lr) for lr in self._last_lr]

    def step(self, epoch=None):
        if epoch is None:
            assign(self.last_epoch, self.last_epoch + 1)
            values = self.get_lr()
        else:
            assign(self.last_epoch, epoch)
            values = self._get_closed_form_lr() if hasattr(self, "_get_closed_form_lr") else self.get_lr()
        for index in range(self.groups_num):
            assign(self._last_lr[index], values[index])
        return True


@jit_class
class StepLR(LRScheduler):
    """Multiply the rates by `gamma` every `step_size` epochs."""

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        if isinstance(step_size, bool) or not isinstance(step_size, int):
            raise TypeError(f"For 'StepLR', the 'step_size' must be int, but got {type(step_size)}.")
        if not isinstance(gamma, float):
            raise TypeError(f"For 'StepLR', the 'gamma' must be float, but got {type(gamma)}.")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return [lr * 1.0 for lr in self._last_lr]
        return [lr * self.gamma for lr in self._last_lr]

    def _get_closed_form_lr(self):
        return [base_lr * self.gamma ** (self.last_epoch // self.step_size) for base_lr in self.base_lrs]


@jit_class
class LinearLR(LRScheduler):
    """Scale the rates linearly from `start_factor` to `end_factor` over `total_iters` epochs."""

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1):
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError("Starting multiplicative factor expected to be greater than 0 and less than or equal "
                             "to 1.")
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        if not isinstance(total_iters, int):
            raise TypeError(f"For 'LinearLR', the type of total_iters must be int, but got {type(total_iters)}.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return [lr * self.start_factor for lr in self._last_lr]
        if self.last_epoch > self.total_iters:
            return [lr * 1.0 for lr in self._last_lr]
        factor = 1.0 + (self.end_factor - self.start_factor) / (
            self.total_iters * self.start_factor + (self.last_epoch - 1) * (self.end_factor - self.start_factor))
        return [lr * factor for lr in self._last_lr]

    def _get_closed_form_lr(self):
        done = E.minimum(_f32(self.total_iters), self.last_epoch)
        return [base_lr * (self.start_factor + (self.end_factor - self.start_factor) * done / self.total_iters)
                for base_lr in self.base_lrs]


@jit_class
class ExponentialLR(LRScheduler):
    """Multiply the rates by `gamma` every epoch."""

    def __init__(self, optimizer, gamma, last_epoch=-1):
        if not isinstance(gamma, float):
            raise TypeError(f"For 'ExponentialLR', the 'gamma' must be float, but got {type(gamma)}.")
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return [lr * 1.0 for lr in self._last_lr]
        return [lr * self.gamma for lr in self._last_lr]

    def _get_closed_form_lr(self):
        return [base_lr * self.gamma ** self.last_epoch for base_lr in self.base_lrs]


@jit_class
class PolynomialLR(LRScheduler):
    """Decay the rates as (1 − epoch/total_iters)^power, reaching 0 at `total_iters`."""

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        if not isinstance(power, float):
            raise TypeError(f"For 'PolynomialLR', the 'power' must be float, but got {type(power)}.")
        if power < 0:
            raise ValueError(f"For 'PolynomialLR', the 'power' must be >= 0, but got {power}.")
        if not isinstance(total_iters, int):
            raise TypeError(f"For 'PolynomialLR', the type of total_iters must be int, but got {type(total_iters)}.")
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch > self.total_iters:
            return [lr * 1.0 for lr in self._last_lr]
        factor = ((1.0 - self.last_epoch / self.total_iters) /
                  (1.0 - (self.last_epoch - 1) / self.total_iters)) ** self.power
        return [lr * factor for lr in self._last_lr]

    def _get_closed_form_lr(self):
        done = E.minimum(_f32(self.total_iters), self.last_epoch)
        return [base_lr * (1.0 - done / self.total_iters) ** self.power for base_lr in self.base_lrs]


def _lambdas(optimizer, lr_lambda):
    count = len(optimizer.param_groups)
    if isinstance(lr_lambda, (list, tuple)):
        if len(lr_lambda) != count:
            raise ValueError(f"Expected {count} lr_lambdas, but got {len(lr_lambda)}")
        return list(lr_lambda)
    return [lr_lambda] * count


@jit_class
class LambdaLR(LRScheduler):
    """The rates are the initial rates times `lr_lambda(epoch)` (one function, or one per group)."""

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.lr_lambdas = _lambdas(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        epoch = _copy(self.last_epoch)
        return [base_lr * lmbda(epoch) for lmbda, base_lr in zip(self.lr_lambdas, self.base_lrs)]


@jit_class
class MultiplicativeLR(LRScheduler):
    """Each epoch multiplies the rates by `lr_lambda(epoch)` (one function, or one per group)."""

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.lr_lambdas = _lambdas(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch > 0:
            epoch = _copy(self.last_epoch)
            return [lr * lmbda(epoch) for lmbda, lr in zip(self.lr_lambdas, self._last_lr)]
        return [lr * 1.0 for lr in self._last_lr]


@jit_class
class MultiStepLR(LRScheduler):
    """Multiply the rates by `gamma` at each milestone epoch (by gamma^k for a milestone listed k times)."""

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        if not isinstance(milestones, list):
            raise TypeError(f"The type of 'milestones' should be 'list', but got type "
                            f"'{type(milestones).__name__}'.")
        for milestone in milestones:
            if isinstance(milestone, bool) or not isinstance(milestone, int):
                raise TypeError("For 'MultiStepLR', elements of the 'milestones' must be type of int, but got one "
                                f"element of 'milestones' type: {type(milestone)}.")
        if isinstance(gamma, bool) or not isinstance(gamma, (float, int)):
            raise TypeError(f"The type of 'gamma' should be one of '['float', 'int']', but got type "
                            f"'{type(gamma).__name__}'.")
        self.milestones = Counter(milestones)
        self.milestones_keys = list(self.milestones.keys())
        self.milestones_values = list(self.milestones.values())
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        lrs = [lr.value() for lr in self._last_lr]
        epoch = int(self.last_epoch)
        if epoch in self.milestones:
            return [lr * self.gamma ** self.milestones[epoch] for lr in lrs]
        return lrs

    def _get_closed_form_lr(self):
        # MindSpore 2.10's closed form reads a `step_size` MultiStepLR does not have (AttributeError); this is
        # PyTorch's: gamma to the number of milestones passed.
        passed = bisect_right(sorted(self.milestones.elements()), int(self.last_epoch))
        return [base_lr * self.gamma ** passed for base_lr in self.base_lrs]


@jit_class
class ConstantLR(LRScheduler):
    """Multiply the rates by `factor` until epoch `total_iters`, then restore them."""

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        if factor > 1.0 or factor < 0:
            raise ValueError("Constant multiplicative factor expected to be between 0 and 1.")
        if not isinstance(total_iters, int):
            raise TypeError(f"For 'ConstantLR', the type of total_iters must be int, but got {type(total_iters)}.")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return [lr * self.factor for lr in self._last_lr]
        if self.last_epoch != self.total_iters:
            return [lr * 1.0 for lr in self._last_lr]
        return [lr / self.factor for lr in self._last_lr]

    def _get_closed_form_lr(self):
        reached = E.greater_equal(self.last_epoch, _f32(self.total_iters)).astype(mstype.float32)
        return [base_lr * (self.factor + reached * (1 - self.factor)) for base_lr in self.base_lrs]


@jit_class
class SequentialLR:
    """Run `schedulers` one after another, switching at the `milestones` epochs."""

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        for index, scheduler in enumerate(schedulers):
            if scheduler.optimizer is not optimizer:
                raise ValueError("Sequential Schedulers expects all schedulers to belong to the same optimizer, but "
                                 f"got scheduler at index {index} is different from the optimizer passed in.")
            if scheduler.optimizer is not schedulers[0].optimizer:
                raise ValueError("Sequential Schedulers expects all schedulers to belong to the same optimizer, but "
                                 f"got schedulers at index 0 and {index} are different.")
        if len(milestones) != len(schedulers) - 1:
            raise ValueError("Sequential Schedulers expects number of schedulers provided to be one more than the "
                             f"number of milestone points, but got number of schedulers {len(schedulers)} and the "
                             f"number of milestones {len(milestones)}")
        self._schedulers = schedulers
        self.milestones = milestones
        self.milestones_len = len(milestones)
        self.last_epoch = Parameter(Tensor(last_epoch + 1, mstype.float32), name="last_epoch_SequentialLR")
        self.increase_tensor = Tensor(1, mstype.int32)
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            assign(group["lr"], group["initial_lr"])
        for scheduler in schedulers:
            assign(scheduler.last_epoch, scheduler.last_epoch - 1)
        schedulers[0].step()
        self._last_lr = schedulers[0]._last_lr

    def step(self):
        assign(self.last_epoch, self.last_epoch + 1)
        epoch = int(self.last_epoch)
        index = bisect_right(self.milestones, epoch)
        scheduler = self._schedulers[index]
        if index > 0 and self.milestones[index - 1] == epoch:
            scheduler.step(0)
        else:
            scheduler.step()

    def get_last_lr(self):
        return [_copy(lr) for lr in self._last_lr]


@jit_class
class ReduceLROnPlateau:
    """Multiply the rates by `factor` when the metric passed to `step(metric)` stops improving for more than
    `patience` epochs (then wait `cooldown` epochs), not below `min_lr`."""

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
                 cooldown=0, min_lr=0, eps=1e-8):
        if factor >= 1.0:
            raise ValueError("The lr factor should be less than 1.0.")
        self.factor = factor
        _check_optimizer(optimizer, "Expected an `Optimizer`, but got type {}")
        self.optimizer = optimizer
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise ValueError(f"Expected {len(optimizer.param_groups)} min_lrs, got {len(min_lr)}")
            self.min_lrs = [Tensor(lr, mstype.float32) for lr in min_lr]
        else:
            self.min_lrs = [Tensor(min_lr, mstype.float32)] * len(optimizer.param_groups)
        self.mode = mode
        self.patience = patience
        self.threshold = threshold
        self.threshold_mode = threshold_mode
        self.eps = eps
        self.last_epoch = Parameter(Tensor(0, mstype.int32), name="last_epoch_ReduceLROnPlateau")
        if mode not in {"min", "max"}:
            raise ValueError(f"`mode` should be 'min' or 'max', but got {mode}.")
        if threshold_mode not in {"rel", "abs"}:
            raise ValueError(f"`threshold mode` should be 'rel' or 'abs', but got {threshold_mode}.")
        self.mode_worse = float("inf") if mode == "min" else float("-inf")
        self.best = Parameter(Tensor(self.mode_worse, mstype.float32), name="best")
        self.cooldown = cooldown
        self.cooldown_counter = Parameter(Tensor(0, mstype.float32), name="cooldown_counter")
        self.wait = Parameter(Tensor(0, mstype.float32), name="wait")
        self.increase_tensor = Tensor(1, mstype.int32)
        self._last_lr = [group["lr"] for group in optimizer.param_groups]

    def step(self, metrics):
        epoch = self.last_epoch + 1
        current = _f32(metrics).astype(mstype.float32)
        assign(self.last_epoch, epoch)
        if self._is_improvement(current, self.best):
            assign(self.best, current)
            assign(self.wait, 0)
        else:
            assign(self.wait, self.wait + 1)
        if self.in_cooldown():
            assign(self.cooldown_counter, self.cooldown_counter - 1)
            assign(self.wait, 0)
        if self.wait > self.patience:
            self._reduce_lr(epoch)
            assign(self.cooldown_counter, self.cooldown)
            assign(self.wait, 0)
        return True

    def _reduce_lr(self, epoch):
        for index, lr in enumerate(self._last_lr):
            old_lr = _copy(lr)
            new_lr = E.maximum(old_lr * self.factor, self.min_lrs[index])
            if old_lr > new_lr + self.eps:
                assign(lr, new_lr)
        return True

    def in_cooldown(self):
        return self.cooldown_counter > 0

    def _is_improvement(self, current, best):
        if self.mode == "min" and self.threshold_mode == "rel":
            return current < best * (1.0 - self.threshold)
        if self.mode == "min" and self.threshold_mode == "abs":
            return current < best - self.threshold
        if self.mode == "max" and self.threshold_mode == "rel":
            return current > best * (self.threshold + 1.0)
        return current > best + self.threshold

    def get_last_lr(self):
        return [_copy(lr) for lr in self._last_lr]


@jit_class
class CyclicLR(LRScheduler):
    """Cycle the rates between `base_lr` and `max_lr` (triangular, triangular2, exp_range or a `scale_fn`)."""

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_fn=None, scale_mode="cycle", last_epoch=-1):
        base_lrs = self._preprocess_input_param(optimizer, base_lr, "base_lr")
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                assign(group["lr"], _f32(lr))
        self.max_lrs = [_f32(lr) for lr in self._preprocess_input_param(optimizer, max_lr, "max_lr")]
        step_size_up = float(step_size_up)
        step_size_down = step_size_up if step_size_down is None else float(step_size_down)
        self.total_step_size = step_size_up + step_size_down
        self.step_up_ratio = step_size_up / self.total_step_size
        if mode not in ["triangular", "triangular2", "exp_range"] and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")
        self.mode = mode
        self.gamma = gamma
        self._scale_fn_ref = None
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        self._init_scale_fn()
        super().__init__(optimizer, last_epoch)
        self.base_lrs = [_f32(lr) for lr in base_lrs]

    def _init_scale_fn(self):
        if self._scale_fn_custom is not None:
            return
        if self.mode == "triangular":
            self._scale_fn_ref, self.scale_mode = self._triangular_scale_fn, "cycle"
        elif self.mode == "triangular2":
            self._scale_fn_ref, self.scale_mode = self._triangular2_scale_fn, "cycle"
        elif self.mode == "exp_range":
            self._scale_fn_ref, self.scale_mode = self._exp_range_scale_fn, "iterations"

    @staticmethod
    def _preprocess_input_param(optimizer, param, name):
        if isinstance(param, (list, tuple)):
            if len(param) != len(optimizer.param_groups):
                raise ValueError(f"Expected {len(optimizer.param_groups)} values for {name}, got {len(param)}")
            return param
        return [param] * len(optimizer.param_groups)

    def scale_fn(self, x):
        if self._scale_fn_custom is None:
            return self._scale_fn_ref(x)
        return self._scale_fn_custom(x)

    @staticmethod
    def _triangular_scale_fn(x):
        return 1.0

    def _exp_range_scale_fn(self, x):
        return self.gamma ** x

    @staticmethod
    def _triangular2_scale_fn(x):
        return 1 / (2.0 ** (x - 1))

    def get_lr(self):
        cycle = E.floor(1 + self.last_epoch / self.total_step_size)
        x = 1.0 + self.last_epoch / self.total_step_size - cycle
        if x <= self.step_up_ratio:
            scale_factor = x / self.step_up_ratio
        else:
            scale_factor = (x - 1) / (self.step_up_ratio - 1)
        lrs = []
        for base_lr, max_lr in zip(self.base_lrs, self.max_lrs):
            base_height = (max_lr - base_lr) * scale_factor
            cycle_or_epoch = cycle if self.scale_mode == "cycle" else _copy(self.last_epoch)
            lrs.append(base_lr + base_height * self.scale_fn(cycle_or_epoch))
        return lrs


@jit_class
class CosineAnnealingWarmRestarts(LRScheduler):
    """Cosine annealing from the initial rates to `eta_min` over T_0 epochs, restarting with periods multiplied
    by `T_mult`."""

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1):
        if not isinstance(T_0, int) or T_0 <= 0:
            raise ValueError(f"T_0 should be an integer and equal or greater than 0, but got {T_0}")
        if not isinstance(T_mult, int) or T_mult < 1:
            raise ValueError(f"T_mult should be an integer and equal or greater than 1, but got {T_mult}")
        self.T_0 = Parameter(Tensor(T_0, mstype.float32), name="T_0")
        self.T_i = Parameter(Tensor(T_0, mstype.float32), name="T_i")
        self.T_mult = T_mult
        if isinstance(eta_min, bool) or not isinstance(eta_min, (float, int)):
            raise TypeError(f"The type of 'eta_min' should be one of '['float', 'int']', but got type "
                            f"'{type(eta_min).__name__}'.")
        self.eta_min = Tensor(eta_min)
        self.T_cur = Parameter(Tensor(last_epoch, mstype.float32), name="T_cur")
        self.increase_tensor = Tensor(1, mstype.int32)
        self.zero_tensor = Tensor(0, mstype.int32)
        self.math_pi = math.pi
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        pct = (self.math_pi * self.T_cur / self.T_i).astype(mstype.float32)
        return [self.eta_min + (base_lr - self.eta_min) * (1 + E.cos(pct)) / 2 for base_lr in self.base_lrs]

    def step(self, epoch=None):
        if epoch is None and self.last_epoch < 0:
            epoch = self.zero_tensor
        if epoch is None:
            epoch = self.last_epoch + 1
            assign(self.T_cur, self.T_cur + 1)
            if self.T_cur >= self.T_i:
                assign(self.T_cur, self.T_cur - self.T_i)
                assign(self.T_i, self.T_i * self.T_mult)
        else:
            if epoch < 0:
                raise ValueError(f"epoch should be a non-negative integer, but got {epoch}")
            epoch = _f32(epoch).astype(mstype.float32)
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    assign(self.T_cur, epoch % self.T_0)
                else:
                    # MindSpore 2.10 calls a one-input Log with two arguments here (a TypeError); PyTorch's rule.
                    t_0 = float(self.T_0)
                    power = int(math.log(float(epoch) / t_0 * (self.T_mult - 1) + 1, self.T_mult))
                    assign(self.T_cur, epoch - t_0 * (self.T_mult ** power - 1) / (self.T_mult - 1))
                    assign(self.T_i, Tensor(t_0 * self.T_mult ** power, mstype.float32))
            else:
                assign(self.T_i, self.T_0.value())
                assign(self.T_cur, epoch)
        assign(self.last_epoch, E.floor(_f32(epoch).astype(mstype.float32)))
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            assign(group["lr"], lr)


@jit_class
class CosineAnnealingLR(LRScheduler):
    """Cosine annealing of the rates from the initial rates to `eta_min` over `T_max` epochs (and back up)."""

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(eta_min, (float, int)):
            raise TypeError(f"For 'CosineAnnealingLR', the 'eta_min' must be float or int, but got {type(eta_min)}.")
        if isinstance(T_max, bool) or not isinstance(T_max, int):
            raise TypeError(f"For 'CosineAnnealingLR', the 'T_max' must be int, but got {type(T_max)}.")
        self.T_max = T_max
        self.eta_min = eta_min
        self.math_pi = math.pi
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return [lr * 1.0 for lr in self._last_lr]
        if (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:
            pct_pi = Tensor(self.math_pi / self.T_max, mstype.float32)
            return [lr + (base_lr - self.eta_min) * (1 - E.cos(pct_pi)) / 2
                    for base_lr, lr in zip(self.base_lrs, self._last_lr)]
        return [(1 + E.cos(self.math_pi * self.last_epoch / self.T_max)) /
                (1 + E.cos(self.math_pi * (self.last_epoch - 1) / self.T_max)) * (lr - self.eta_min) + self.eta_min
                for lr in self._last_lr]

    def _get_closed_form_lr(self):
        return [self.eta_min + (base_lr - self.eta_min) * (1 + E.cos(self.math_pi * self.last_epoch / self.T_max)) / 2
                for base_lr in self.base_lrs]
