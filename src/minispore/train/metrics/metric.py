"""`Metric`: the update / eval / clear protocol every evaluation metric follows."""
import functools

import numpy as np

from minispore.common.tensor import Tensor

__all__ = ["Metric", "rearrange_inputs"]


def rearrange_inputs(func):
    """Decorator for a Metric's `update`: with `set_indexes([i, j])`, update receives inputs i and j only."""
    @functools.wraps(func)
    def wrapper(self, *inputs):
        indexes = self.indexes
        return func(self, *(inputs if not indexes else [inputs[i] for i in indexes]))
    return wrapper


def to_numpy(data, api, argument):
    """A Tensor, list, tuple, number or ndarray as a NumPy array."""
    if isinstance(data, Tensor):
        return data.asnumpy()
    if isinstance(data, (np.ndarray, list, tuple, int, float, np.number)):
        return np.asarray(data)
    raise TypeError(f"For '{api}', the argument '{argument}' should be a Tensor, list or numpy.ndarray, "
                    f"but got {type(data).__name__}.")


class Metric:
    """Base class: `clear()` resets, `update(*inputs)` accumulates, `eval()` returns the result."""

    def __init__(self):
        self._indexes = None

    @property
    def indexes(self):
        """Positions of the network outputs (and label) that Model passes to `update`, or None for all."""
        return self._indexes

    def set_indexes(self, indexes):
        """Select which of Model's evaluation outputs `update` receives, e.g. [0, 2]; returns self."""
        if not isinstance(indexes, list) or not all(isinstance(i, int) for i in indexes):
            raise ValueError(f"For 'set_indexes', the argument 'indexes' should be a list of int, but got {indexes!r}.")
        self._indexes = indexes
        return self

    def __call__(self, *inputs):
        """clear(), update(*inputs), then return eval()."""
        self.clear()
        self.update(*inputs)
        return self.eval()

    def clear(self):
        raise NotImplementedError(f"{type(self).__name__} must implement clear().")

    def update(self, *inputs):
        raise NotImplementedError(f"{type(self).__name__} must implement update(*inputs).")

    def eval(self):
        raise NotImplementedError(f"{type(self).__name__} must implement eval().")

    def _check_two_inputs(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"For '{type(self).__name__}.update', it needs 2 inputs (predicted value, true "
                             f"value), but got {len(inputs)}.")
        return (to_numpy(inputs[0], f"{type(self).__name__}.update", "y_pred"),
                to_numpy(inputs[1], f"{type(self).__name__}.update", "y"))

    def _empty_error(self):
        return RuntimeError(f"The '{type(self).__name__}' can not be calculated, because the number of samples "
                            "is 0, please check whether your inputs(predicted value, true value) are empty, or "
                            "has called update method before calling eval method.")
