"""`experimental.optim.NAdam`: Adam with Nesterov momentum over parameter groups — the momentum schedule
μₜ = β1(1 − 0.5·0.96^(t·momentum_decay)) and its running product weigh the gradient and the moving average
(L2 decay added to g)."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import (Optimizer, check_float_range, check_not_less_than,
                                                    check_not_less_than_without_equal, one_minus)
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["NAdam"]


class NAdam(Optimizer):
    """NAdam over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than_without_equal(eps, "eps", self.cls_name)
        check_not_less_than(weight_decay, "weight_decay", self.cls_name)
        check_not_less_than(momentum_decay, "momentum_decay", self.cls_name)
        check_float_range(betas[0], 0.0, 1.0, False, "betas[0]", self.cls_name)
        check_float_range(betas[1], 0.0, 1.0, False, "betas[1]", self.cls_name)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay}
        super().__init__(params, defaults)
        self.step_t = Parameter(Tensor(0, mstype.int32), "step_t")
        self._new_state("exp_avg", "exp_avg")
        self._new_state("exp_avg_sq", "exp_avg_sq")
        self._new_state("mu_product", "mu_product", init=1.0, scalar=True)

    def construct(self, gradients):
        self._check_gradients(gradients)
        self._increment(self.step_t)
        step = self.step_t
        for group_id, group in enumerate(self.param_groups):
            beta1, beta2 = group["betas"]
            lr, eps, momentum_decay = self._group_lr(group_id), group["eps"], group["momentum_decay"]
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id)
            grads = self._decay_weight(group["weight_decay"], params, grads)
            bias_correction2 = 1 - beta2 ** step
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
            states = (self._group_slice(s, group_id) for s in (self.exp_avg, self.exp_avg_sq, self.mu_product))
            for grad, param, exp_avg, exp_avg_sq, mu_product in zip(grads, params, *states):
                assign(mu_product, mu_product * mu)
                assign(exp_avg, exp_avg * beta1 + grad * one_minus(beta1))
                assign(exp_avg_sq, exp_avg_sq * beta2 + grad * grad * one_minus(beta2))
                denom = E.sqrt(exp_avg_sq / bias_correction2) + eps
                mu_product_next = mu_product * mu_next
                assign(param, param - lr * (1.0 - mu) / (1.0 - mu_product) * grad / denom)
                assign(param, param - lr * mu_next / (1.0 - mu_product_next) * exp_avg / denom)
        return True
