"""PyTorch's SGD, Adam and AdamW update rules as minispore optimizers (parameter groups as dicts of options)."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["SGD", "Adam", "AdamW", "FusedAdamW"]


def _check(name, value, owner, low=0.0, high=None):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high is not None and
                                                                                         value >= high):
        bound = f"in [{low}, {high})" if high is not None else f">= {low}"
        raise ValueError(f"For '{owner}', the '{name}' must be a number {bound}, but got {value!r}.")


class _TorchOptimizer(Cell):
    """Parameter groups ({'params': [...], option: value}) with defaults; state Parameters per parameter."""

    _states = ()

    def __init__(self, params, defaults):
        super().__init__(auto_prefix=False)
        params = list(params)
        if not params:
            raise ValueError(f"For '{self.cls_name}', the argument params must not be empty.")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.param_groups = [dict(defaults, **dict(group, params=list(group["params"]))) for group in groups]
        self.parameters = ParameterTuple(p for group in self.param_groups for p in group["params"])
        for prefix in self._states:
            states = self.parameters.clone(prefix=prefix, init="zeros")
            self.__dict__[prefix] = states
            for index, state in enumerate(states):
                self.insert_param_to_cell(f"{prefix}_{index}", state, check_name_contain_dot=False)
        self.state_step = Parameter(Tensor(0, mstype.int32), name="state_step", requires_grad=False)

    def __repr__(self):
        lines = [f"{self.cls_name} ("]
        for number, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {number}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        return "\n".join(lines) + "\n)"

    __str__ = __repr__

    def construct(self, gradients):
        if not isinstance(gradients, tuple) or len(gradients) != len(self.parameters):
            got = len(gradients) if isinstance(gradients, tuple) else type(gradients).__name__
            raise TypeError(f"For '{self.cls_name}', the gradients must be a tuple of {len(self.parameters)} "
                            f"Tensors in the order of 'optimizer.parameters', but got {got}.")
        assign(self.state_step, E.add(self.state_step, 1))
        step = int(self.state_step.asnumpy())
        index = 0
        for group in self.param_groups:
            for param in group["params"]:
                grad = gradients[index]
                if group.get("maximize"):
                    grad = E.neg(grad)
                self._update(group, index, param, E.cast(grad, dtype=param._data.dtype), step)
                index += 1
        return True


class SGD(_TorchOptimizer):
    """p -= lr * (g + wd * p), with momentum (dampening, Nesterov) as in PyTorch."""

    _states = ("momentum_buffer",)

    def __init__(self, params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False):
        for name, value in (("lr", lr), ("momentum", momentum), ("dampening", dampening),
                            ("weight_decay", weight_decay)):
            _check(name, value, "SGD")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("For 'SGD', Nesterov momentum requires a momentum and zero dampening.")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize))

    def _update(self, group, index, param, grad, step):
        if group["weight_decay"]:
            grad = E.add(grad, E.mul(param, param._data.dtype.type(group["weight_decay"])))
        if group["momentum"]:
            buffer = self.momentum_buffer[index]
            momentum = param._data.dtype.type(group["momentum"])
            if step == 1:
                assign(buffer, grad)
            else:
                assign(buffer, E.add(E.mul(buffer, momentum),
                                     E.mul(grad, param._data.dtype.type(1 - group["dampening"]))))
            grad = E.add(grad, E.mul(buffer, momentum)) if group["nesterov"] else buffer
        assign(param, E.sub(param, E.mul(grad, param._data.dtype.type(group["lr"]))))


class Adam(_TorchOptimizer):
    """PyTorch's Adam: weight decay added to the gradient (L2), bias-corrected moments, optional AMSGrad."""

    _states = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    _decoupled = False

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *,
                 maximize=False):
        owner = type(self).__name__
        _check("lr", lr, owner)
        _check("eps", eps, owner)
        _check("weight_decay", weight_decay, owner)
        _check("betas[0]", betas[0], owner, 0.0, 1.0)
        _check("betas[1]", betas[1], owner, 0.0, 1.0)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize))

    def _update(self, group, index, param, grad, step):
        dtype = param._data.dtype.type
        lr, (beta1, beta2), eps, decay = group["lr"], group["betas"], group["eps"], group["weight_decay"]
        if decay:
            if self._decoupled:
                assign(param, E.mul(param, dtype(1 - lr * decay)))
            else:
                grad = E.add(grad, E.mul(param, dtype(decay)))
        m, v = self.exp_avg[index], self.exp_avg_sq[index]
        assign(m, E.add(E.mul(m, dtype(beta1)), E.mul(grad, dtype(1 - beta1))))
        assign(v, E.add(E.mul(v, dtype(beta2)), E.mul(E.mul(grad, grad), dtype(1 - beta2))))
        second = v
        if group["amsgrad"]:
            v_max = self.max_exp_avg_sq[index]
            assign(v_max, E.maximum(v_max, v))
            second = v_max
        bias1, bias2 = 1 - beta1 ** step, 1 - beta2 ** step
        denom = E.add(E.div(E.sqrt(second), dtype(bias2 ** 0.5)), dtype(eps))
        assign(param, E.sub(param, E.div(E.mul(m, dtype(lr / bias1)), denom)))


class AdamW(Adam):
    """PyTorch's AdamW: the weight decay shrinks the parameter (decoupled), then an Adam step."""

    _decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize)


class FusedAdamW(AdamW):
    """AdamW (MindSpore fuses its update into one kernel on Ascend; the arithmetic is AdamW's)."""
