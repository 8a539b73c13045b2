"""`experimental.optim.Adagrad`: MindSpore's ApplyAdagradV2 over parameter groups — a += g²,
w −= lr/(1 + t·lr_decay)·g/(sqrt(a) + eps), t counting the steps before this one (L2 decay added to g)."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import Optimizer, check_not_less_than, check_not_less_than_without_equal
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, *,
                 maximize=False):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than(lr_decay, "lr_decay", self.cls_name)
        check_not_less_than(weight_decay, "weight_decay", self.cls_name)
        check_not_less_than(initial_accumulator_value, "initial_accumulator_value", self.cls_name)
        check_not_less_than_without_equal(eps, "eps", self.cls_name)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, maximize=maximize)
        super().__init__(params, defaults)
        self._new_state("accum", "accum", init=initial_accumulator_value)
        self.step_t = Parameter(Tensor(0, mstype.int32), "step_t")

    def construct(self, gradients):
        self._check_gradients(gradients)
        for group_id, group in enumerate(self.param_groups):
            lr, eps = self._group_lr(group_id), group["eps"]
            decay_lr = lr / (1 + self.step_t * group["lr_decay"])
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            grads = self._decay_weight(group["weight_decay"], params, grads)
            for grad, param, accum in zip(grads, params, self._group_slice(self.accum, group_id)):
                assign(accum, accum + grad * grad)
                dividend = E.sqrt(accum) + eps
                dividend = E.where(E.equal(dividend, Tensor(0, dividend.dtype)), dividend + 1e-6, dividend)
                assign(param, param - decay_lr * grad * (1 / dividend))
        self._increment(self.step_t)
        return True
