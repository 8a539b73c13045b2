"""`experimental.optim.SGD`: MindSpore's SGD kernel over parameter groups — g += wd·w; with momentum the first
step takes v = g, later v = momentum·v + (1 − dampening)·g; Nesterov steps along g + momentum·v; w −= lr·step."""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import Optimizer, check_bool, check_number_type
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["SGD"]


class SGD(Optimizer):
    """Stochastic gradient descent (momentum, dampening, Nesterov, weight decay, maximize) over groups."""

    def __init__(self, params, lr, momentum=0, dampening=0, weight_decay=0.0, nesterov=False, *, maximize=False):
        check_number_type("lr", lr, (float, int, Tensor), "SGD")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        check_number_type("momentum", momentum, (int, float), "SGD")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        momentum = float(momentum)
        check_bool(nesterov, "nesterov", "SGD")
        check_bool(maximize, "maximize", "SGD")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov,
                        maximize=maximize, grad_centralization=False)
        super().__init__(params, defaults)
        for group in self.param_groups:
            check_number_type("dampening", group.get("dampening"), (int, float), "SGD")
            group["dampening"] = float(group.get("dampening"))
        if nesterov and (momentum <= 0.0 or dampening != 0.0):
            raise ValueError("For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0 and 'dampening' must equal "
                             f"to 0.0, but got 'momentum' {momentum}, 'dampening' {dampening}")
        self._new_state("accum", "accum")
        self._new_state("stat", "stat", init="ones")

    def construct(self, gradients):
        self._check_gradients(gradients)
        for group_id, group in enumerate(self.param_groups):
            lr = self._group_lr(group_id)
            momentum = float(group.get("momentum"))
            keep = 1.0 - group.get("dampening")
            decay = group.get("weight_decay")
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            states = (self._group_slice(s, group_id) for s in (self.parameters, self.accum, self.stat))
            for grad, param, accum, stat in zip(grads, *states):
                if decay > 0:
                    grad = grad + param * decay
                if momentum > 0:
                    first = E.greater(stat, Tensor(0, stat.dtype))
                    assign(accum, E.where(first, grad, accum * momentum + grad * keep))
                    assign(stat, Tensor(0, mstype.float32))
                    grad = grad + accum * momentum if group.get("nesterov") else accum
                assign(param, param - lr * grad)
        return True
