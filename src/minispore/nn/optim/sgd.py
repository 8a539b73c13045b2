"""`nn.SGD`: stochastic gradient descent with optional momentum, dampening and Nesterov."""
import numpy as np

from minispore._backend.blas import subtract_scaled
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.nn.optim.optimizer import Optimizer

__all__ = ["SGD"]


def _as_float(value, name, cls_name):
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, float):
        raise TypeError(f"For '{cls_name}', the argument '{name}' must be float type, but got {type(value)}.")
    if value < 0.0:
        raise ValueError(f"For '{cls_name}', the argument '{name}' must be at least 0.0, but got {value}.")
    return value


class SGD(Optimizer):
    """w −= lr·v with v = g on the first step, then v = momentum·v + (1 − dampening)·g."""

    def __init__(self, params, learning_rate=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
                 loss_scale=1.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        momentum = _as_float(momentum, "momentum", "SGD")
        self.dampening = _as_float(dampening, "dampening", "SGD")
        if not isinstance(nesterov, bool):
            raise TypeError(f"For 'SGD', the 'nesterov' must be bool, but got {type(nesterov).__name__}.")
        if nesterov and (momentum <= 0.0 or self.dampening != 0.0):
            raise ValueError("For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0 and 'dampening' must "
                             f"equal to 0.0, but got 'momentum' {momentum}, 'dampening' {self.dampening}.")
        self.nesterov = nesterov
        self.momentum = Parameter(Tensor(np.asarray(momentum, np.float32)), name="momentum")
        self.accum = self.parameters.clone(prefix="accum", init="zeros")
        # stat is 1 until a parameter's first momentum step, which then takes the plain gradient.
        self.stat = self.parameters.clone(prefix="stat", init="ones")
        for state in (*self.accum, *self.stat):
            self._params[state.name] = state

    def _apply(self, lrs, grads):
        momentum = self.momentum._data[()]
        if momentum == 0:
            for param, lr, grad in zip(self.parameters, lrs, grads):
                subtract_scaled(param._data, lr, grad)
            return
        keep = np.float32(1.0) - np.float32(self.dampening)
        for param, accum, stat, lr, grad in zip(self.parameters, self.accum, self.stat, lrs, grads):
            buffer = accum._data
            if stat._data.flat[0] > 0:
                np.copyto(buffer, grad)
            else:
                buffer *= momentum
                buffer += grad if keep == 1 else keep * grad
            step = grad + momentum * buffer if self.nesterov else buffer
            stat._data.fill(0)
            subtract_scaled(param._data, lr, step)
