"""`Loss`: the mean of the loss values seen, weighted by batch size."""
import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs, to_numpy

__all__ = ["Loss"]


class Loss(Metric):
    """Average loss over every update (a 1-d loss counts each element once)."""

    def __init__(self):
        super().__init__()
        self.clear()

    def clear(self):
        """Reset the sums."""
        self._sum_loss = 0.0
        self._total_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        """Accumulate one loss value (0-d or 1-d)."""
        if len(inputs) != 1:
            raise ValueError(f"For 'Loss.update', it needs 1 input (loss), but got {len(inputs)}.")
        loss = to_numpy(inputs[0], "Loss.update", "loss")
        if loss.ndim == 0:
            loss = loss.reshape(1)
        if loss.ndim != 1:
            raise ValueError(f"For 'Loss.update', the dimension of your input (loss) must be 1, but got {loss.ndim}.")
        batch_size = loss.shape[0]
        self._sum_loss += float(loss.mean(-1)) * batch_size
        self._total_num += batch_size

    def eval(self):
        """Mean loss as numpy.float64."""
        if self._total_num == 0:
            raise RuntimeError("The 'Loss' can not be calculated, because the number of samples is 0.")
        return np.float64(self._sum_loss / self._total_num)
