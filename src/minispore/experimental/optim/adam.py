"""`experimental.optim.Adam`: MindSpore's Adam kernel over parameter groups — L2 decay added to the gradient,
then m += (g − m)(1 − β1), v += (g² − v)(1 − β2), w −= lr·sqrt(1 − β2ᵗ)/(1 − β1ᵗ)·m/(sqrt(v) + eps) (eps not
bias-corrected, unlike PyTorch). `amsgrad=True` uses the running maximum of v (MindSpore 2.10 ignores it; see
docs/differences.md)."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import Optimizer, check_adam_args, one_minus
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["Adam"]


class Adam(Optimizer):
    """Adam over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *,
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
            lr, eps = self._group_lr(group_id), group["eps"]
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            grads = self._decay_weight(group["weight_decay"], params, grads)
            new_lr = lr * E.sqrt(1 - beta2 ** self.state_step) / (1 - beta1 ** self.state_step)
            states = (self._group_slice(s, group_id) for s in (self.exp_avg, self.exp_avg_sq, self.max_exp_avg_sq))
            for grad, param, m, v, v_max in zip(grads, params, *states):
                assign(m, m + (grad - m) * one_minus(beta1))
                assign(v, v + (grad * grad - v) * one_minus(beta2))
                if group.get("amsgrad"):
                    assign(v_max, E.maximum(v_max, v))
                    v = v_max
                assign(param, param - new_lr * m / (E.sqrt(v) + eps))
        return True
