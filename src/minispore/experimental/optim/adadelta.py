"""`experimental.optim.Adadelta`: MindSpore's ApplyAdadelta over parameter groups — a = ρa + (1 − ρ)g²,
u = sqrt(ā + eps)·g/sqrt(a + eps), ā = ρā + (1 − ρ)u², w −= lr·u (L2 decay added to g)."""
from minispore.experimental.optim.optimizer import (Optimizer, check_float_range, check_not_less_than,
                                                    check_not_less_than_without_equal)
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Adadelta over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, *, maximize=False):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than_without_equal(eps, "eps", self.cls_name)
        check_not_less_than(weight_decay, "weight_decay", self.cls_name)
        check_float_range(rho, 0.0, 1.0, True, "rho", self.cls_name)
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)
        self._new_state("accum", "accum", init=0)
        self._new_state("accum_update", "accum_update", init=0)

    def construct(self, gradients):
        self._check_gradients(gradients)
        for group_id, group in enumerate(self.param_groups):
            lr, rho, eps = self._group_lr(group_id), group["rho"], group["eps"]
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            grads = self._decay_weight(group["weight_decay"], params, grads)
            states = (self._group_slice(s, group_id) for s in (self.accum, self.accum_update))
            for grad, param, accum, accum_update in zip(grads, params, *states):
                assign(accum, accum * rho + (grad * grad) * (1.0 - rho))
                update = E.sqrt(accum_update + eps) * (grad / E.sqrt(accum + eps))
                assign(accum_update, accum_update * rho + (update * update) * (1.0 - rho))
                assign(param, param - lr * update)
        return True
