"""`experimental.optim.ASGD`: averaged SGD over parameter groups (MindSpore's rule): η = lr on the first step,
w ← w·(1 − λη) − ηg, the average ax follows w with weight μ, then η = lr/(1 + λ·lr·t)^α, μ = 1/max(1, t − t0)."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import Optimizer, check_not_less_than, check_not_less_than_without_equal
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["ASGD"]


class ASGD(Optimizer):
    """ASGD over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=0.01, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0, maximize=False):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than(weight_decay, "weight_decay", self.cls_name)
        if not isinstance(lambd, float):
            raise TypeError(f"For 'ASGD', the type of lambd must be float, but got {type(lambd)}.")
        if not isinstance(t0, float):
            raise TypeError(f"For 'ASGD', the type of t0 must be float, but got {type(t0)}.")
        defaults = {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0, "weight_decay": weight_decay,
                    "maximize": maximize}
        super().__init__(params, defaults)
        self._new_state("mu", "mu", init=1.0, scalar=True)
        self._new_state("eta", "eta", init=0.0, scalar=True)
        self._new_state("ax", "ax")
        self.step_t = Parameter(Tensor(0, mstype.int32), "step_t")

    def construct(self, gradients):
        self._check_gradients(gradients)
        self._increment(self.step_t)
        step = self.step_t
        first = int(step) == 1
        for group_id, group in enumerate(self.param_groups):
            lr, lambd, alpha, t0 = self._group_lr(group_id), group["lambd"], group["alpha"], group["t0"]
            params = self._group_slice(self.parameters, group_id)
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            grads = self._decay_weight(group["weight_decay"], params, grads)
            states = (self._group_slice(s, group_id) for s in (self.eta, self.mu, self.ax))
            for grad, param, eta, mu, ax in zip(grads, params, *states):
                if first:
                    assign(eta, lr)
                next_param = (param * (1.0 - lambd * eta) - eta * grad).astype(param.dtype)
                assign(param, next_param)
                if float(mu) != 1:
                    assign(ax, ax + ((next_param - ax) * mu).astype(ax.dtype))
                else:
                    assign(ax, next_param)
                assign(eta, lr / (1.0 + lambd * lr * step) ** alpha)
                assign(mu, 1.0 / E.maximum(Tensor(1.0, mstype.float32), step - t0))
        return True
