"""`nn.Momentum`: v = momentum·v + g; w −= lr·v (Nesterov: w −= lr·(g + momentum·v))."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.nn.optim.optimizer import Optimizer
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.optim import apply_gradient_descent, scale_add

__all__ = ["Momentum"]


class Momentum(Optimizer):
    """Momentum SGD; `use_nesterov=True` is honoured (MindSpore 2.10 on CPU ignores it)."""

    def __init__(self, params, learning_rate, momentum, weight_decay=0.0, loss_scale=1.0, use_nesterov=False):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if not isinstance(momentum, float):
            raise TypeError("For 'Momentum', the type of 'momentum' should be 'float', but got type "
                            f"'{type(momentum).__name__}'.")
        if momentum < 0.0:
            raise ValueError(f"For 'Momentum', the argument 'momentum' must be at least 0.0, but got {momentum}.")
        if not isinstance(use_nesterov, bool):
            raise TypeError(f"For 'Momentum', the 'use_nesterov' must be bool, but got "
                            f"{type(use_nesterov).__name__}.")
        self.use_nesterov = use_nesterov
        self.momentum = Parameter(Tensor(momentum, mstype.float32), name="momentum")
        self.add_state("moments", "moments", "zeros")

    def begin_step(self):
        self._momentum = self.momentum._data[()]

    def apply_single(self, gradient, parameter, state, lr):
        momentum, moment = self._momentum, state["moments"]
        scale_add(moment, gradient, momentum, 1)
        step = E.add(gradient, E.mul(moment, momentum)) if self.use_nesterov else moment
        apply_gradient_descent(parameter, lr, step)
