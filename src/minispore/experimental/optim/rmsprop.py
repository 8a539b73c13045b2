"""`experimental.optim.RMSprop`: s = αs + (1 − α)g²; centered: ḡ = αḡ + (1 − α)g and avg = sqrt(s − ḡ²) + eps,
else avg = sqrt(s) + eps; with momentum b = μb + g/avg and w −= lr·b, else w −= lr·g/avg (L2 decay added to g)."""
from minispore.experimental.optim.optimizer import (Optimizer, check_not_less_than, check_not_less_than_without_equal,
                                                    one_minus)
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False,
                 maximize=False):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than(alpha, "alpha", self.cls_name)
        check_not_less_than_without_equal(eps, "eps", self.cls_name)
        check_not_less_than(momentum, "momentum", self.cls_name)
        check_not_less_than(weight_decay, "weight_decay", self.cls_name)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps, "centered": centered,
                    "weight_decay": weight_decay, "maximize": maximize}
        super().__init__(params, defaults)
        self._new_state("mean_grad", "mean_grad")
        self._new_state("mean_square", "mean_square")
        self._new_state("moment", "moment")

    def construct(self, gradients):
        self._check_gradients(gradients)
        for group_id, group in enumerate(self.param_groups):
            lr, alpha, eps, momentum = self._group_lr(group_id), group["alpha"], group["eps"], group["momentum"]
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            grads = self._decay_weight(group["weight_decay"], params, grads)
            states = (self._group_slice(s, group_id) for s in (self.mean_square, self.mean_grad, self.moment))
            for grad, weight, mean_square, mean_grad, moment in zip(grads, params, *states):
                assign(mean_square, mean_square * alpha + grad * grad * one_minus(alpha))
                if group["centered"]:
                    assign(mean_grad, mean_grad * alpha + grad * one_minus(alpha))
                    avg = E.sqrt(mean_square - mean_grad * mean_grad) + eps
                else:
                    avg = E.sqrt(mean_square) + eps
                if momentum > 0:
                    assign(moment, moment * momentum + grad / avg)
                    assign(weight, weight - moment * lr)
                else:
                    assign(weight, weight - lr * grad / avg)
        return True
