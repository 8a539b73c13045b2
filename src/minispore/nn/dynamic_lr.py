"""`mindspore.nn` dynamic learning-rate list functions: one Python float per training step."""
import math

__all__ = ["piecewise_constant_lr", "exponential_decay_lr", "natural_exp_decay_lr", "inverse_decay_lr",
           "cosine_decay_lr", "polynomial_decay_lr", "warmup_lr"]


def _check_positive_int(value, name):
    """An int > 0: TypeError for another type (bool included), ValueError for a value <= 0, as MindSpore."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"The '{name}' must be int, but got '{type(value).__name__}'.")
    if value <= 0:
        raise ValueError(f"The '{name}' must be int and must > 0, but got '{value}' with type 'int'.")


def _check_float(value, name, allow_zero=True):
    """A float >= 0 (or > 0): TypeError for another type (ints included), ValueError for a value out of range."""
    if not isinstance(value, float):
        raise TypeError(f"The '{name}' must be float, but got '{type(value).__name__}'.")
    if value < 0 or (not allow_zero and value == 0):
        relation = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"The '{name}' must be float and must {relation}, but got '{value}' with type 'float'.")


def _check_decay_args(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair):
    _check_float(learning_rate, "learning_rate", allow_zero=False)
    _check_float(decay_rate, "decay_rate", allow_zero=False)
    _check_positive_int(total_step, "total_step")
    _check_positive_int(step_per_epoch, "step_per_epoch")
    _check_positive_int(decay_epoch, "decay_epoch")
    if not isinstance(is_stair, bool):
        raise TypeError(f"The 'is_stair' must be bool, but got {type(is_stair).__name__}.")


def piecewise_constant_lr(milestone, learning_rates):
    """learning_rates[i] for the steps up to milestone[i] (milestones strictly increasing)."""
    if not isinstance(milestone, (list, tuple)) or not isinstance(learning_rates, (list, tuple)):
        raise TypeError("For 'piecewise_constant_lr', 'milestone' and 'learning_rates' must be list or tuple, "
                        f"but got {type(milestone).__name__} and {type(learning_rates).__name__}.")
    if len(milestone) != len(learning_rates):
        raise ValueError("For 'piecewise_constant_lr', the size of 'milestone' must be same with the size of "
                         f"'learning_rates', but got 'milestone' size: {len(milestone)}, 'learning_rates' size: "
                         f"{len(learning_rates)}.")
    for i, step in enumerate(milestone):
        _check_positive_int(step, f"milestone[{i}]")
        if not isinstance(learning_rates[i], float):
            raise TypeError(f"The 'learning_rates[{i}]' must be float, but got "
                            f"'{type(learning_rates[i]).__name__}'.")
        if i and step < milestone[i - 1]:
            raise ValueError(f"For 'piecewise_constant_lr', the value of milestone[{i}] must be greater than "
                             f"milestone[{i - 1}], but got milestone[{i}]: {step}, milestone[{i - 1}]: "
                             f"{milestone[i - 1]}.")
    lrs, last = [], 0
    for step, rate in zip(milestone, learning_rates):
        lrs += [rate] * (step - last)
        last = step
    return lrs


def exponential_decay_lr(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair=False):
    """lr · decay_rate^(epoch / decay_epoch) per step (the exponent floored when is_stair)."""
    _check_decay_args(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair)
    lrs = []
    for i in range(total_step):
        p = math.floor(i / step_per_epoch) / decay_epoch
        lrs.append(learning_rate * decay_rate ** (math.floor(p) if is_stair else p))
    return lrs


def natural_exp_decay_lr(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair=False):
    """lr · exp(−decay_rate · epoch); MindSpore's exponent is the epoch itself (not epoch / decay_epoch),
    rounded down to a multiple of decay_epoch when is_stair."""
    _check_decay_args(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair)
    lrs = []
    for i in range(total_step):
        epoch = math.floor(i / step_per_epoch)
        p = math.floor(epoch / decay_epoch) * decay_epoch if is_stair else epoch
        lrs.append(learning_rate * math.e ** (-decay_rate * p))
    return lrs


def inverse_decay_lr(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair=False):
    """lr / (1 + decay_rate · epoch / decay_epoch) per step (the ratio floored when is_stair)."""
    _check_decay_args(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair)
    lrs = []
    for i in range(total_step):
        p = math.floor(i / step_per_epoch) / decay_epoch
        lrs.append(learning_rate / (1 + decay_rate * (math.floor(p) if is_stair else p)))
    return lrs


def cosine_decay_lr(min_lr, max_lr, total_step, step_per_epoch, decay_epoch):
    """min_lr + (max_lr − min_lr)·(1 + cos(π·epoch/decay_epoch))/2, constant after decay_epoch."""
    if not isinstance(min_lr, float):
        raise TypeError(f"For 'cosine_decay_lr', the argument 'min_lr' must be type of float, but got 'min_lr' "
                        f"type: {type(min_lr)}.")
    _check_float(min_lr, "min_lr")
    _check_float(max_lr, "max_lr", allow_zero=False)
    _check_positive_int(total_step, "total_step")
    _check_positive_int(step_per_epoch, "step_per_epoch")
    _check_positive_int(decay_epoch, "decay_epoch")
    if min_lr >= max_lr:
        raise ValueError("For 'cosine_decay_lr', the 'max_lr' must be greater than the 'min_lr', but got "
                         f"'max_lr' value: {max_lr}, 'min_lr' value: {min_lr}.")
    delta = 0.5 * (max_lr - min_lr)
    lrs = []
    for i in range(total_step):
        epoch = min(math.floor(i / step_per_epoch), decay_epoch)
        lrs.append(min_lr + delta * (1 + math.cos(math.pi * epoch / decay_epoch)))
    return lrs


def polynomial_decay_lr(learning_rate, end_learning_rate, total_step, step_per_epoch, decay_epoch, power,
                        update_decay_epoch=False):
    """(lr − end)·(1 − epoch/decay_epoch)^power + end; with update_decay_epoch the decay period grows
    to the next multiple of decay_epoch instead of holding at end_learning_rate."""
    _check_float(learning_rate, "learning_rate", allow_zero=False)
    _check_float(end_learning_rate, "end_learning_rate")
    _check_float(power, "power", allow_zero=False)
    _check_positive_int(total_step, "total_step")
    _check_positive_int(step_per_epoch, "step_per_epoch")
    _check_positive_int(decay_epoch, "decay_epoch")
    if not isinstance(update_decay_epoch, bool):
        raise TypeError(f"The 'update_decay_epoch' must be bool, but got {type(update_decay_epoch).__name__}.")
    lrs = []
    for i in range(total_step):
        epoch = math.floor(i / step_per_epoch)
        period = decay_epoch
        if update_decay_epoch:
            if epoch != 0:
                period = decay_epoch * math.ceil(epoch / decay_epoch)
        else:
            epoch = min(epoch, decay_epoch)
        lrs.append((learning_rate - end_learning_rate) * (1 - epoch / period) ** power + end_learning_rate)
    return lrs


def warmup_lr(learning_rate, total_step, step_per_epoch, warmup_epoch):
    """lr · min(epoch, warmup_epoch) / warmup_epoch per step."""
    _check_float(learning_rate, "learning_rate")
    _check_positive_int(total_step, "total_step")
    _check_positive_int(step_per_epoch, "step_per_epoch")
    _check_positive_int(warmup_epoch, "warmup_epoch")
    return [learning_rate * min(math.floor(i / step_per_epoch), warmup_epoch) / warmup_epoch
            for i in range(total_step)]
