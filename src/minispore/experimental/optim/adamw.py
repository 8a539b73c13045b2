"""`experimental.optim.AdamW`: Adam with decoupled weight decay (MindSpore's rule, as PyTorch's):
w ·= 1 − lr·wd; m, v moving averages; w −= (lr / (1 − β1ᵗ))·m / (sqrt(v)/sqrt(1 − β2ᵗ) + eps); AMSGrad keeps
the running maximum of v."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import Optimizer, check_adam_args, one_minus
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["AdamW"]


class AdamW(Optimizer):
    """AdamW over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False):
        check_adam_args(lr, eps, betas, weight_decay)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay, "amsgrad": amsgrad,
                    "maximize": maximize}
        super().__init__(params, defaults)
        self._new_state("exp_avg", "exp_avg")
        self._new_state("exp_avg_sq", "exp_avg_sq")
        self._new_state("max_exp_avg_sq", "max_exp_avg_sq")
        self.state_step = Parameter(Tensor(0, mstype.int32), "state_step")

    def construct(self, gradients):
        self._check_gradients(gradients)
        self._increment(self.state_step)
        for group_id, group in enumerate(self.param_groups):
            beta1, beta2 = group["betas"]
            lr = self._group_lr(group_id)
            eps = group["eps"]
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            weight_decay_new = 1 - lr * group["weight_decay"]
            step_size = lr / (1 - beta1 ** self.state_step)
            bias_correction2_sqrt = E.sqrt(1 - beta2 ** self.state_step)
            states = (self._group_slice(s, group_id) for s in (self.parameters, self.exp_avg, self.exp_avg_sq,
                                                                self.max_exp_avg_sq))
            for grad, param, exp_avg, exp_avg_sq, max_exp_avg_sq in zip(grads, *states):
                next_param = param * weight_decay_new
                assign(exp_avg, exp_avg * beta1 + grad * one_minus(beta1))
                assign(exp_avg_sq, exp_avg_sq * beta2 + grad * grad * one_minus(beta2))
                if group.get("amsgrad"):
                    next_max = E.maximum(max_exp_avg_sq, exp_avg_sq)
                    denom = E.sqrt(next_max) / bias_correction2_sqrt + eps
                    assign(max_exp_avg_sq, next_max)
                else:
                    denom = E.sqrt(exp_avg_sq) / bias_correction2_sqrt + eps
                assign(param, next_param - (exp_avg / denom) * step_size)
        return True
