"""`nn.Adam`, `nn.AdamWeightDecay` and `nn.AdamW` (torch-style, MindSpore's experimental AdamW)."""
import numpy as np

from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.nn.optim._checks import check_betas_eps, check_bool
from minispore.nn.optim.optimizer import Optimizer

__all__ = ["Adam", "AdamWeightDecay", "AdamW"]

_F32 = np.float32


def _moment_updates(m, v, grad, beta1, beta2):
    """m = β1·m + (1−β1)·g and v = β2·v + (1−β2)·g², in place."""
    m *= beta1
    m += (_F32(1) - beta1) * grad
    v *= beta2
    v += (_F32(1) - beta2) * np.square(grad)


def _register(cell, states):
    for state in states:
        cell._params[state.name] = state


class Adam(Optimizer):
    """Adam: w −= lr·sqrt(1−β2ᵗ)/(1−β1ᵗ)·m/(sqrt(v)+eps) (eps not bias-corrected), L2 weight decay."""

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, use_locking=False,
                 use_nesterov=False, weight_decay=0.0, loss_scale=1.0, use_amsgrad=False, **kwargs):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if kwargs:
            raise TypeError(f"For 'Adam', got unexpected keyword arguments {sorted(kwargs)}.")
        check_betas_eps(beta1, beta2, eps, "Adam")
        for name, value in (("use_locking", use_locking), ("use_nesterov", use_nesterov),
                            ("use_amsgrad", use_amsgrad)):
            check_bool(value, name, "Adam")
        if use_amsgrad and use_nesterov:
            raise ValueError("For 'Adam', 'use_amsgrad' and 'use_nesterov' can not both be True.")
        self.beta1, self.beta2, self.eps = _F32(beta1), _F32(beta2), _F32(eps)
        self.use_locking, self.use_nesterov, self.use_amsgrad = use_locking, use_nesterov, use_amsgrad
        self.beta1_power = Parameter(Tensor(np.ones((), np.float32)), name="beta1_power")
        self.beta2_power = Parameter(Tensor(np.ones((), np.float32)), name="beta2_power")
        self.moment1 = self.parameters.clone(prefix="moment1", init="zeros")
        self.moment2 = self.parameters.clone(prefix="moment2", init="zeros")
        _register(self, (*self.moment1, *self.moment2))
        if use_amsgrad:
            self.vhat = self.parameters.clone(prefix="vhat", init="zeros")
            _register(self, self.vhat)

    def _apply(self, lrs, grads):
        self.beta1_power._data *= self.beta1
        self.beta2_power._data *= self.beta2
        b1p, b2p = self.beta1_power._data[()], self.beta2_power._data[()]
        correction = np.sqrt(_F32(1) - b2p) / (_F32(1) - b1p)
        beta1, beta2, eps = self.beta1, self.beta2, self.eps
        for index, (param, lr, grad) in enumerate(zip(self.parameters, lrs, grads)):
            m, v = self.moment1[index]._data, self.moment2[index]._data
            _moment_updates(m, v, grad, beta1, beta2)
            if self.use_amsgrad:
                vhat = self.vhat[index]._data
                np.maximum(vhat, v, out=vhat)
                v = vhat
            numerator = beta1 * m + (_F32(1) - beta1) * grad if self.use_nesterov else m
            np.subtract(param._data, (lr * correction) * numerator / (np.sqrt(v) + eps), out=param._data)


class AdamWeightDecay(Optimizer):
    """Adam without bias correction and with decoupled decay: w −= lr·(m/(sqrt(v)+eps) + wd·w)."""

    _l2_decay = False

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay)
        check_betas_eps(beta1, beta2, eps, "AdamWeightDecay")
        self.beta1, self.beta2, self.eps = _F32(beta1), _F32(beta2), _F32(eps)
        self.moments1 = self.parameters.clone(prefix="adam_m", init="zeros")
        self.moments2 = self.parameters.clone(prefix="adam_v", init="zeros")
        _register(self, (*self.moments1, *self.moments2))

    def _apply(self, lrs, grads):
        for index, (param, lr, grad) in enumerate(zip(self.parameters, lrs, grads)):
            m, v = self.moments1[index]._data, self.moments2[index]._data
            _moment_updates(m, v, grad, self.beta1, self.beta2)
            update = m / (np.sqrt(v) + self.eps)
            decay = self._decays[index]
            if decay is not None:
                update += decay * param._data
            np.subtract(param._data, lr * update, out=param._data)


class AdamW(Cell):
    """Torch-style AdamW (in MindSpore 2.10 `mindspore.experimental.optim.AdamW`; nn has none):
    w ·= 1 − lr·wd, then a bias-corrected Adam step; no gamma/beta filter; `optimizer(grads)` → True."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False):
        super().__init__(auto_prefix=False)
        check_betas_eps(float(betas[0]), float(betas[1]), float(eps), "AdamW")
        check_bool(amsgrad, "amsgrad", "AdamW")
        check_bool(maximize, "maximize", "AdamW")
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize)
        params = list(params)
        if not params:
            raise ValueError("For 'AdamW', the argument params must not be empty.")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.param_groups = [dict(defaults, **dict(group, params=list(group["params"]))) for group in groups]
        self.parameters = ParameterTuple(p for group in self.param_groups for p in group["params"])
        for prefix in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"):
            states = self.parameters.clone(prefix=prefix, init="zeros")
            self.__dict__[prefix] = states
            _register(self, (*self.parameters, *states) if prefix == "exp_avg" else states)
        self.state_step = Parameter(Tensor(np.zeros((), np.int32)), name="state_step")

    def __repr__(self):
        lines = ["AdamW ("]
        for number, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {number}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        return "\n".join(lines) + "\n)"

    def construct(self, gradients):
        if not isinstance(gradients, tuple) or len(gradients) != len(self.parameters):
            got = len(gradients) if isinstance(gradients, tuple) else type(gradients).__name__
            raise TypeError(f"For 'AdamW', the gradients must be a tuple of {len(self.parameters)} Tensors in the "
                            f"order of 'optimizer.parameters', but got {got}.")
        self.state_step._data += 1
        step = int(self.state_step._data)
        index = 0
        for group in self.param_groups:
            lr, (beta1, beta2) = _F32(group["lr"]), (_F32(b) for b in group["betas"])
            eps, decay = _F32(group["eps"]), _F32(group["weight_decay"])
            bias1 = _F32(1) - beta1 ** _F32(step)
            bias2_sqrt = np.sqrt(_F32(1) - beta2 ** _F32(step))
            for param in group["params"]:
                grad = gradients[index]._data.astype(np.float32, copy=False)
                if group["maximize"]:
                    grad = -grad
                m, v = self.exp_avg[index]._data, self.exp_avg_sq[index]._data
                param._data *= _F32(1) - lr * decay
                _moment_updates(m, v, grad, beta1, beta2)
                if group["amsgrad"]:
                    v_max = self.max_exp_avg_sq[index]._data
                    np.maximum(v_max, v, out=v_max)
                    v = v_max
                denom = np.sqrt(v) / bias2_sqrt + eps
                np.subtract(param._data, (lr / bias1) * m / denom, out=param._data)
                index += 1
        return True
