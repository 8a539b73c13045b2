"""`nn.Momentum`: v = momentum·v + g; w −= lr·v (Nesterov: w −= lr·(g + momentum·v))."""
import numpy as np

from minispore._backend.blas import subtract_scaled
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.nn.optim.optimizer import Optimizer

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
        self.momentum = Parameter(Tensor(np.asarray(momentum, np.float32)), name="momentum")
        self.moments = self.parameters.clone(prefix="moments", init="zeros")
        for state in self.moments:
            self._params[state.name] = state

    def _apply(self, lrs, grads):
        momentum = self.momentum._data[()]
        for param, moment, lr, grad in zip(self.parameters, self.moments, lrs, grads):
            buffer = moment._data
            buffer *= momentum
            buffer += grad
            step = grad + momentum * buffer if self.use_nesterov else buffer
            subtract_scaled(param._data, lr, step)
