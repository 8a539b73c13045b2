"""`experimental.optim.RAdam`: rectified Adam over parameter groups — while the variance estimate is unreliable
(ρₜ ≤ 5) a bias-corrected momentum step, then Adam's step times the rectification term (L2 decay added to g)."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import (Optimizer, check_float_range, check_not_less_than,
                                                    check_not_less_than_without_equal, one_minus)
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["RAdam"]


class RAdam(Optimizer):
    """RAdam over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than(weight_decay, "weight_decay", self.cls_name)
        check_not_less_than_without_equal(eps, "eps", self.cls_name)
        check_float_range(betas[0], 0.0, 1.0, False, "betas[0]", self.cls_name)
        check_float_range(betas[1], 0.0, 1.0, False, "betas[1]", self.cls_name)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay}
        super().__init__(params, defaults)
        self.step_t = Parameter(Tensor(0, mstype.int32), "step_t")
        self._new_state("exp_avg", "exp_avg")
        self._new_state("exp_avg_sq", "exp_avg_sq")

    def construct(self, gradients):
        self._check_gradients(gradients)
        self._increment(self.step_t)
        step = self.step_t
        for group_id, group in enumerate(self.param_groups):
            beta1, beta2 = group["betas"]
            lr, eps = self._group_lr(group_id), group["eps"]
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id)
            grads = self._decay_weight(group["weight_decay"], params, grads)
            bias_correction1 = 1 - beta1 ** step
            bias_correction2 = 1 - beta2 ** step
            rho_inf = 2 / one_minus(beta2) - 1
            rho_t = rho_inf - 2 * step * beta2 ** step / bias_correction2
            rectify = float(rho_t) > 5.0
            if rectify:
                rect = E.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            states = (self._group_slice(s, group_id) for s in (self.exp_avg, self.exp_avg_sq))
            for grad, param, exp_avg, exp_avg_sq in zip(grads, params, *states):
                assign(exp_avg, exp_avg * beta1 + grad * one_minus(beta1))
                assign(exp_avg_sq, exp_avg_sq * beta2 + grad * grad * one_minus(beta2))
                corrected = exp_avg / bias_correction1
                if rectify:
                    adaptive_lr = E.sqrt(bias_correction2) / (E.sqrt(exp_avg_sq) + eps)
                    assign(param, param - corrected * lr * adaptive_lr * rect)
                else:
                    assign(param, param - corrected * lr)
        return True
