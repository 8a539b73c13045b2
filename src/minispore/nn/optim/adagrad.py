"""`nn.Adagrad`: accum += g²; w −= lr·g/sqrt(accum)."""
import numpy as np

from minispore.nn.optim._checks import check_bool
from minispore.nn.optim.optimizer import Optimizer

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad with the accumulator initialised to `accum`; update_slots=False freezes it."""

    def __init__(self, params, accum=0.1, learning_rate=0.001, update_slots=True, loss_scale=1.0,
                 weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if isinstance(accum, bool) or not isinstance(accum, (int, float)) or accum < 0:
            raise ValueError(f"For 'Adagrad', the 'accum' must be a non-negative float, but got {accum!r}.")
        check_bool(update_slots, "update_slots", "Adagrad")
        self.update_slots = update_slots
        self.accum = self.parameters.clone(prefix="accum", init="zeros")
        for state in self.accum:
            state._data += np.float32(accum)
            self._params[state.name] = state

    def _apply(self, lrs, grads):
        for param, accum, lr, grad in zip(self.parameters, self.accum, lrs, grads):
            if self.update_slots:
                accum._data += np.square(grad)
            np.subtract(param._data, lr * grad / np.sqrt(accum._data), out=param._data)
