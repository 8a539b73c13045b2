"""Regression errors: mean absolute error and mean squared error."""
import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs

__all__ = ["MAE", "MSE"]


class _ErrorSum(Metric):
    """Accumulates sum(f(y - y_pred)) and the number of samples."""

    def __init__(self):
        super().__init__()
        self.clear()

    def clear(self):
        """Reset the sums."""
        self._error_sum = 0.0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        """Accumulate from (y_pred, y) of the same number of elements."""
        y_pred, y = self._check_two_inputs(inputs)
        difference = y.reshape(y_pred.shape) - y_pred
        self._error_sum += float(self._error(difference).sum())
        self._samples_num += y.shape[0]

    def eval(self):
        """error sum / samples as numpy.float64."""
        if self._samples_num == 0:
            raise self._empty_error()
        return np.float64(self._error_sum / self._samples_num)


class MAE(_ErrorSum):
    """Mean absolute error."""

    @staticmethod
    def _error(difference):
        return np.abs(difference)


class MSE(_ErrorSum):
    """Mean squared error."""

    @staticmethod
    def _error(difference):
        return difference * difference
