"""`experimental.optim.Optimizer`: parameter groups (dicts of `params` and options, defaults filled in), one
float32 rate Parameter per group (`learning_rate_group_<i>`, which the schedulers write), and the helpers the
optimizers share. `optimizer(gradients)` takes the gradients in the order of `optimizer.parameters` and updates
the Parameters in place (through the `assign` primitive), returning True."""
import math
from collections import defaultdict
from collections.abc import Iterable

from minispore import log as logger
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["Optimizer"]


class Optimizer(Cell):
    """Base class of the `experimental.optim` optimizers: `params` is an iterable of Parameters or of group dicts
    (`{'params': [...], 'lr': ..., ...}`); options a group leaves out come from `defaults`."""

    def __init__(self, params, defaults):
        super().__init__(auto_prefix=False)
        param_groups = self._parameters_base_check(params, "params")
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        self.parameters = []
        self.lrs = []
        self.group_start_id = [0]
        # (attribute, prefix, init, per-parameter scalar?) of the state made by `_new_state`, so that a group
        # added after construction gets its state too.
        self._state_specs = []
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)
        self.parameters = ParameterTuple(self.parameters)

    def __repr__(self):
        text = self.__class__.__name__ + " ("
        for number, group in enumerate(self.param_groups):
            text += f"\nParameter Group {number}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    value = group[key]
                    text += f"    {key}: {value.value() if key == 'lr' and isinstance(value, Parameter) else value}\n"
        return text + ")"

    __str__ = __repr__

    # --- groups ---------------------------------------------------------------------------------
    def add_param_group(self, param_group):
        """Add a group: its Parameters, its options (defaults filled in), a rate Parameter of its own."""
        group_id = len(self.param_groups)
        param_group = self._preprocess_param_group(param_group)
        new = tuple(param_group["params"])
        for name, default in self.defaults.items():
            param_group.setdefault(name, default)
        lr = self._build_single_lr(param_group.get("lr"), f"learning_rate_group_{group_id}")
        weight_decay = self._preprocess_weight_decay(param_group.get("weight_decay", 0.0))
        self.lrs.append(lr)
        param_group["lr"] = lr
        param_group["weight_decay"] = weight_decay
        self.param_groups.append(param_group)
        self.group_start_id.append(self.group_start_id[-1] + len(new))
        if isinstance(self.parameters, ParameterTuple):  # a group added after construction: its state too
            self.parameters = ParameterTuple(self.parameters + new)
            for attribute, prefix, init, scalar in self._state_specs:
                setattr(self, attribute, self._state_for(getattr(self, attribute), new, prefix, init, scalar))
        else:
            self.parameters += new

    @staticmethod
    def _parameters_base_check(parameters, param_info):
        if parameters is None:
            raise ValueError(f"For 'Optimizer', the argument {param_info} can not be None.")
        if not isinstance(parameters, Iterable):
            raise TypeError(f"For 'Optimizer', the argument {param_info} must be Iterable type, but got "
                            f"{type(parameters)}.")
        parameters = list(parameters)
        if not parameters:
            raise ValueError(f"For 'Optimizer', the argument {param_info} must not be empty.")
        return parameters

    def _preprocess_param_group(self, param_group):
        if not isinstance(param_group, dict):
            raise TypeError("Param group must be a dict.")
        params = param_group["params"]
        if isinstance(params, Parameter):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("Optimizer parameters need to be organized in ordered collections, but the ordering of "
                            "tensors in sets will change between runs. Please use a list instead.")
        else:
            param_group["params"] = list(params)
        for param in param_group["params"]:
            if not isinstance(param, Parameter):
                raise TypeError(f"Optimizer can only optimize Parameters, but one of the params is {type(param)}.")
        if len(param_group["params"]) != len(set(map(id, param_group["params"]))):
            logger.warning("Optimizer contains a parameter group with duplicate parameters.")
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in param_group["params"]):
            raise ValueError("some parameters appear in more than one parameter group.")
        return param_group

    def _build_single_lr(self, learning_rate, name):
        """A float32 Parameter holding the group's rate (a number or a 0-d Tensor)."""
        if isinstance(learning_rate, (float, int)):
            learning_rate = float(learning_rate)
            _check_non_negative_float(learning_rate, "learning rate", self.cls_name)
            return Parameter(Tensor(learning_rate, mstype.float32), name)
        if isinstance(learning_rate, Tensor):
            if learning_rate.ndim == 0:
                return Parameter(E.identity_copy(learning_rate.astype(mstype.float32)), name)
            raise ValueError("For 'Optimizer', if 'learning_rate' is a Tensor, then it should be scalar Tensor")
        raise TypeError("For 'Optimizer', the argument 'learning_rate' must be int, float or Tensor, but got "
                        f"{type(learning_rate)}.")

    def _preprocess_weight_decay(self, weight_decay):
        if isinstance(weight_decay, (float, int)):
            weight_decay = float(weight_decay)
            _check_non_negative_float(weight_decay, "weight_decay", self.cls_name)
            return weight_decay
        raise TypeError("For 'Optimizer', the argument 'Weight_decay' must be int or float.but got "
                        f"{type(weight_decay)}")

    # --- state ----------------------------------------------------------------------------------
    def _new_state(self, attribute, prefix, init="zeros", scalar=False):
        """Per-parameter state: a ParameterTuple `<prefix>.<name>` shaped like the parameters (registered on
        this Cell), or with `scalar` a list of 0-d float32 Parameters `<prefix>_<name>` (not registered, as in
        MindSpore)."""
        self._state_specs.append((attribute, prefix, init, scalar))
        setattr(self, attribute, self._state_for(None, tuple(self.parameters), prefix, init, scalar))

    @staticmethod
    def _state_for(old, params, prefix, init, scalar):
        if scalar:
            return (old or []) + [Parameter(Tensor(init, mstype.float32), f"{prefix}_{p.name}") for p in params]
        new = ParameterTuple(params).clone(prefix=prefix, init=init)
        return ParameterTuple((old or ()) + new)

    # --- per-step helpers -----------------------------------------------------------------------
    def _group_lr(self, group_id):
        """The group's rate: its Parameter, or a float set on the group after construction."""
        lr = self.param_groups[group_id].get("lr")
        if isinstance(lr, float):
            return Tensor(lr, mstype.float32)
        return self.lrs[group_id]

    def _check_gradients(self, gradients):
        count = len(self.parameters)
        if not isinstance(gradients, (tuple, list)):
            raise TypeError(f"For '{self.cls_name}', the gradients must be a tuple of {count} Tensors in the order "
                            f"of 'optimizer.parameters', but got {type(gradients).__name__}.")
        if len(gradients) != count:
            raise ValueError(f"For '{self.cls_name}', the gradients must be a tuple of {count} Tensors (one per "
                             f"parameter), but got {len(gradients)}.")
        for index, (grad, param) in enumerate(zip(gradients, self.parameters)):
            if not isinstance(grad, Tensor):
                raise TypeError(f"For '{self.cls_name}', gradients[{index}] must be a Tensor, but got "
                                f"{type(grad).__name__}.")
            if grad.shape != param.shape:
                raise ValueError(f"For '{self.cls_name}', gradients[{index}] must have the shape of parameter "
                                 f"'{param.name}' {param.shape}, but got {grad.shape}.")

    def _group_grads(self, gradients, group_id, maximize=False):
        start, end = self.group_start_id[group_id], self.group_start_id[group_id + 1]
        grads = tuple(gradients[start:end])
        return tuple(E.neg(g) for g in grads) if maximize else grads

    def _decay_weight(self, weight_decay, params, gradients):
        """L2 decay added to the gradients: weight·decay + gradient (none when the decay is 0)."""
        if weight_decay != 0.0:
            decay = Tensor(weight_decay, mstype.float32)
            gradients = tuple(param * decay.astype(param.dtype) + grad
                              for param, grad in zip(params, gradients))
        return gradients

    def _group_slice(self, values, group_id):
        return values[self.group_start_id[group_id]:self.group_start_id[group_id + 1]]

    @staticmethod
    def _increment(counter):
        assign(counter, counter + 1)

    def construct(self, *hyper_params):
        raise NotImplementedError


def _check_non_negative_float(value, name, owner):
    if math.isinf(value) or math.isnan(value):
        raise ValueError(f"For '{owner}', the '{name}' must be a legal value, but got '{value}'.")
    if value < 0:
        raise ValueError(f"For '{owner}', the '{name}' must be float and must >= 0, but got '{value}' with type "
                         f"'float'.")


def check_not_less_than(arg_value, arg_name, prim, value=0.0):
    if arg_value < value:
        raise ValueError(f"For {prim}, the {arg_name} must be greater than or equal to {value}, but got "
                         f"{arg_value}.")


def check_not_less_than_without_equal(arg_value, arg_name, prim, value=0.0):
    if arg_value <= value:
        raise ValueError(f"For {prim}, the {arg_name} must be greater than {value}, but got {arg_value}.")


def check_float_range(arg_value, lower, upper, include_upper, arg_name, prim):
    """A float in [lower, upper] (or [lower, upper) unless `include_upper`), as MindSpore's validator."""
    if isinstance(arg_value, bool) or type(arg_value).__name__ not in ("float", "float16", "float32", "float64"):
        raise TypeError(f"For '{prim}', the '{arg_name}' must be 'float',  but got '{type(arg_value).__name__}'.")
    if not (lower <= arg_value <= upper if include_upper else lower <= arg_value < upper):
        bracket = "]" if include_upper else ")"
        raise ValueError(f"For '{prim}', the '{arg_name}' must be in range of [{lower}, {upper}{bracket}, but got "
                         f"{arg_value} with type '{type(arg_value).__name__}'.")


def check_bool(value, name, prim):
    if not isinstance(value, bool):
        raise TypeError(f"For '{prim}', the type of '{name}' should be 'bool', but got type "
                        f"'{type(value).__name__}'.")


def check_number_type(name, value, types, prim):
    """MindSpore's check_value_type: a bool passes only where bool is listed."""
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        names = [t.__name__ for t in types]
        listed = f"one of '{names}'" if len(names) > 1 else f"'{names[0]}'"
        raise TypeError(f"For '{prim}', the type of '{name}' should be {listed}, but got type "
                        f"'{type(value).__name__}'.")


def check_adam_args(lr, eps, betas, weight_decay):
    """The argument checks of Adam and AdamW (PyTorch's messages, as MindSpore's)."""
    if lr < 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")
    if eps < 0.0:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if weight_decay < 0.0:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


def one_minus(beta):
    """1 − β in float32, β rounded to float32 first (as MindSpore's kernels and graphs compute it: for β2 = 0.999
    that is 0.00099998713, not 0.001)."""
    return 1 - Tensor(beta, mstype.float32)
