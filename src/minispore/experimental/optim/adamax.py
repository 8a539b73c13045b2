"""`experimental.optim.Adamax`: Adam with the infinity norm over parameter groups — m = β1m + (1 − β1)g,
u = max(β2u, |g| + eps), w −= lr/(1 − β1ᵗ)·m/u (L2 decay added to g)."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import (Optimizer, check_float_range, check_not_less_than,
                                                    check_not_less_than_without_equal, one_minus)
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["Adamax"]


class Adamax(Optimizer):
    """Adamax over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, *, maximize=False):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than(weight_decay, "weight_decay", self.cls_name)
        check_not_less_than_without_equal(eps, "eps", self.cls_name)
        check_float_range(betas[0], 0.0, 1.0, False, "betas[0]", self.cls_name)
        check_float_range(betas[1], 0.0, 1.0, False, "betas[1]", self.cls_name)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay, "maximize": maximize}
        super().__init__(params, defaults)
        self.step_t = Parameter(Tensor(0, mstype.int32), "step_t")
        self._new_state("exp_avg", "exp_avg")
        self._new_state("exp_inf", "exp_inf")

    def construct(self, gradients):
        self._check_gradients(gradients)
        self._increment(self.step_t)
        for group_id, group in enumerate(self.param_groups):
            beta1, beta2 = group["betas"]
            eps = group["eps"]
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            grads = self._decay_weight(group["weight_decay"], params, grads)
            clr = self._group_lr(group_id) / (1 - beta1 ** self.step_t)
            states = (self._group_slice(s, group_id) for s in (self.exp_avg, self.exp_inf))
            for grad, param, exp_avg, exp_inf in zip(grads, params, *states):
                assign(exp_avg, exp_avg * beta1 + grad * one_minus(beta1))
                assign(exp_inf, E.maximum(exp_inf * beta2, E.abs(grad) + eps))
                assign(param, param - clr * exp_avg / exp_inf)
        return True
