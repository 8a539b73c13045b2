"""`nn.RMSProp`: ms = decay·ms + (1−decay)·g²; mom = momentum·mom + lr·g/sqrt(ms + eps); w −= mom."""
import numpy as np

from minispore.nn.optim._checks import check_bool
from minispore.nn.optim.optimizer import Optimizer

__all__ = ["RMSProp"]

_F32 = np.float32


class RMSProp(Optimizer):
    """RMSProp (centered: the denominator is sqrt(ms − mg² + eps) with mg the mean gradient)."""

    def __init__(self, params, learning_rate=0.1, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False,
                 centered=False, loss_scale=1.0, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        for name, value in (("decay", decay), ("momentum", momentum), ("epsilon", epsilon)):
            if not isinstance(value, float):
                raise TypeError(f"For 'RMSProp', the type of '{name}' should be 'float', but got type "
                                f"'{type(value).__name__}'.")
        if decay < 0.0 or momentum < 0.0 or epsilon <= 0.0:
            raise ValueError("For 'RMSProp', 'decay' and 'momentum' must be >= 0.0 and 'epsilon' > 0.0, but got "
                             f"decay {decay}, momentum {momentum}, epsilon {epsilon}.")
        check_bool(use_locking, "use_locking", "RMSProp")
        check_bool(centered, "centered", "RMSProp")
        self.decay, self.momentum, self.epsilon = _F32(decay), _F32(momentum), _F32(epsilon)
        self.use_locking, self.centered = use_locking, centered
        states = []
        if centered:
            self.mg = self.parameters.clone(prefix="mean_grad", init="zeros")
            states += list(self.mg)
        self.ms = self.parameters.clone(prefix="mean_square", init="ones")
        self.moment = self.parameters.clone(prefix="moment", init="zeros")
        for state in (*states, *self.ms, *self.moment):
            self._params[state.name] = state

    def _apply(self, lrs, grads):
        decay, keep = self.decay, _F32(1) - self.decay
        for index, (param, lr, grad) in enumerate(zip(self.parameters, lrs, grads)):
            ms, moment = self.ms[index]._data, self.moment[index]._data
            ms *= decay
            ms += keep * np.square(grad)
            denominator = ms
            if self.centered:
                mg = self.mg[index]._data
                mg *= decay
                mg += keep * grad
                denominator = ms - np.square(mg)
            moment *= self.momentum
            moment += lr * grad / np.sqrt(denominator + self.epsilon)
            np.subtract(param._data, moment, out=param._data)
