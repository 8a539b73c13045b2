"""`nn.Adam`, `nn.AdamWeightDecay` and `nn.AdamW` (torch-style, MindSpore's experimental AdamW)."""
import math

from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.nn.optim._checks import check_betas_eps, check_bool
from minispore.nn.optim.optimizer import Optimizer
from minispore.ops._prims import elementwise as E, shape as S
from minispore.ops._prims.inplace import assign_at
from minispore.ops._prims.optim import adam_descent, assign_max, assign_mul, assign_sub, scale_add

__all__ = ["Adam", "AdamWeightDecay", "AdamW"]

_F32 = mstype.np_dtype(mstype.float32).type


def _moment_updates(m, v, grad, beta1, beta2):
    """m = β1·m + (1−β1)·g and v = β2·v + (1−β2)·g², in place."""
    scale_add(m, grad, beta1, _F32(1) - beta1)
    scale_add(v, grad, beta2, _F32(1) - beta2, square=True)


def _sqrt32(value):
    """The float32 square root of a float32 scalar (correctly rounded, as NumPy's float32 sqrt)."""
    return _F32(math.sqrt(value))


class Adam(Optimizer):
    """Adam: w −= lr·sqrt(1−β2ᵗ)/(1−β1ᵗ)·m/(sqrt(v)+eps) (eps not bias-corrected), L2 weight decay.

    `use_lazy=True` (LazyAdam): for a row-sparse gradient (a RowTensor) only the rows it holds are updated
    — their moments and weights; other rows keep their moments. `use_offload=True`: the moments live in host
    memory and the update is computed there, then added to the weights on their device (on the CPU both
    give Adam's numbers for dense gradients, as in MindSpore).
    """

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, use_locking=False,
                 use_nesterov=False, weight_decay=0.0, loss_scale=1.0, use_amsgrad=False, **kwargs):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if set(kwargs) - {"use_lazy", "use_offload"}:
            raise KeyError(f"For 'Adam', invalid keys are passed as kwargs, supported keys are 'use_lazy' and"
                           f"'use_offload', but got {kwargs.keys()}.")
        use_lazy, use_offload = kwargs.get("use_lazy", False), kwargs.get("use_offload", False)
        check_betas_eps(beta1, beta2, eps, "Adam")
        for name, value in (("use_locking", use_locking), ("use_nesterov", use_nesterov),
                            ("use_amsgrad", use_amsgrad), ("use_lazy", use_lazy), ("use_offload", use_offload)):
            check_bool(value, name, "Adam")
        if use_lazy and use_offload:
            raise ValueError(f"For 'Adam', 'use_lazy' and 'use_offload' can not both be True.But got "
                             f"use_lazy={use_lazy}, use_offload={use_offload}.")
        if use_amsgrad and (use_lazy or use_offload):
            raise ValueError(f"For lazy Adam and Adam with offload, there is no parameter named 'use_amsgrad'.but "
                             f"got 'use_amsgrad'={use_amsgrad}.")
        if use_amsgrad and use_nesterov:
            raise ValueError("For 'Adam', 'use_amsgrad' and 'use_nesterov' can not both be True.")
        self.beta1, self.beta2, self.eps = _F32(beta1), _F32(beta2), _F32(eps)
        self.use_locking, self.use_nesterov, self.use_amsgrad = use_locking, use_nesterov, use_amsgrad
        self.use_lazy, self.use_offload = use_lazy, use_offload
        self.beta1_power = Parameter(Tensor(1.0, mstype.float32), name="beta1_power")
        self.beta2_power = Parameter(Tensor(1.0, mstype.float32), name="beta2_power")
        self._add_moment("moment1")
        self._add_moment("moment2")
        if use_amsgrad:
            self.add_state("vhat", "vhat", "zeros")

    def _add_moment(self, name):
        """Zero moments like the parameters (see add_state); with use_offload in host memory."""
        if not self.use_offload:
            return self.add_state(name, name, "zeros")
        states = ParameterTuple(Parameter(p.clone(init="zeros").move_to("CPU"), name=f"{name}.{p.name}")
                                for p in self.parameters)
        setattr(self, name, states)
        for row, state in zip(self._states, states):
            row[name] = state
            self._params[state.name] = state
        return states

    def begin_step(self):
        assign_mul(self.beta1_power, self.beta1)
        assign_mul(self.beta2_power, self.beta2)
        b1p, b2p = self.beta1_power._data[()], self.beta2_power._data[()]
        self._correction = _sqrt32(_F32(1) - b2p) / (_F32(1) - b1p)

    def apply_single(self, gradient, parameter, state, lr):
        beta1, m, v = self.beta1, state["moment1"], state["moment2"]
        rows = self._sparse_rows.get(id(parameter)) if self.use_lazy else None
        if rows is not None:
            # LazyAdam: the moments and weights of the gradient's rows only; other rows keep their moments.
            m_rows, v_rows = S.getitem(m, index=rows), S.getitem(v, index=rows)
            weights = S.getitem(parameter, index=rows)
            gradient = S.getitem(gradient, index=rows)
            self._descend(weights, m_rows, v_rows, gradient, lr)
            for target, value in ((m, m_rows), (v, v_rows), (parameter, weights)):
                assign_at(target, value, index=rows)
            return
        if self.use_offload:
            # The moments live on the host: the step is computed there and subtracted on the weights' device.
            host_gradient = gradient.move_to("CPU")
            _moment_updates(m, v, host_gradient, beta1, self.beta2)
            numerator = self._numerator(m, host_gradient)
            step = E.div(E.mul(numerator, _F32(float(lr * self._correction))), E.add(E.sqrt(v), self.eps))
            assign_sub(parameter, step.move_to(parameter.device))
            return
        if self.use_amsgrad:
            _moment_updates(m, v, gradient, beta1, self.beta2)
            assign_max(state["vhat"], v)
            adam_descent(parameter, self._numerator(m, gradient), state["vhat"], lr * self._correction, self.eps)
            return
        self._descend(parameter, m, v, gradient, lr)

    def _descend(self, parameter, m, v, gradient, lr):
        _moment_updates(m, v, gradient, self.beta1, self.beta2)
        adam_descent(parameter, self._numerator(m, gradient), v, lr * self._correction, self.eps)

    def _numerator(self, m, gradient):
        """m, or Nesterov's β1·m + (1 − β1)·g."""
        beta1 = self.beta1
        return E.add(E.mul(m, beta1), E.mul(gradient, _F32(1) - beta1)) if self.use_nesterov else m


class AdamWeightDecay(Optimizer):
    """Adam without bias correction and with decoupled decay: w −= lr·(m/(sqrt(v)+eps) + wd·w)."""

    _l2_decay = False

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay)
        check_betas_eps(beta1, beta2, eps, "AdamWeightDecay")
        self.beta1, self.beta2, self.eps = _F32(beta1), _F32(beta2), _F32(eps)
        self.add_state("moments1", "adam_m", "zeros")
        self.add_state("moments2", "adam_v", "zeros")

    def apply_single(self, gradient, parameter, state, lr):
        m, v = state["moments1"], state["moments2"]
        _moment_updates(m, v, gradient, self.beta1, self.beta2)
        update = E.div(m, E.add(E.sqrt(v), self.eps))
        decay = state["weight_decay"]
        if decay is not None:
            update = E.add(update, E.mul(parameter, decay))
        assign_sub(parameter, E.mul(update, lr))


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
            for state in (*self.parameters, *states) if prefix == "exp_avg" else states:
                self._params[state.name] = state
        self.state_step = Parameter(Tensor(0, mstype.int32), name="state_step")

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
        scale_add(self.state_step, 1, 1, 1)
        step = int(self.state_step)
        index = 0
        float32 = mstype.np_dtype(mstype.float32)
        for group in self.param_groups:
            lr, (beta1, beta2) = _F32(group["lr"]), (_F32(b) for b in group["betas"])
            eps, decay = _F32(group["eps"]), _F32(group["weight_decay"])
            bias1 = _F32(1) - beta1 ** _F32(step)
            bias2_sqrt = _sqrt32(_F32(1) - beta2 ** _F32(step))
            for param in group["params"]:
                grad = gradients[index]
                if grad._data.dtype != float32:
                    grad = E.cast(grad, dtype=float32)
                if group["maximize"]:
                    grad = E.neg(grad)
                m, v = self.exp_avg[index], self.exp_avg_sq[index]
                assign_mul(param, _F32(1) - lr * decay)
                _moment_updates(m, v, grad, beta1, beta2)
                if group["amsgrad"]:
                    assign_max(self.max_exp_avg_sq[index], v)
                    v = self.max_exp_avg_sq[index]
                denom = E.add(E.div(E.sqrt(v), bias2_sqrt), eps)
                assign_sub(param, E.div(E.mul(m, lr / bias1), denom))
                index += 1
        return True
