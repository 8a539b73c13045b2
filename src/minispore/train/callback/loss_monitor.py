"""`LossMonitor`: prints `epoch: E step: S, loss is L` and, in fit, each epoch's eval result."""
import numpy as np

from minispore.common.tensor import Tensor
from minispore.train.callback.callback import Callback

__all__ = ["LossMonitor"]


def loss_value(net_outputs):
    """The loss as a Python float (mean of a non-scalar loss; first item of a tuple output)."""
    if isinstance(net_outputs, (tuple, list)) and net_outputs and isinstance(net_outputs[0], Tensor):
        net_outputs = net_outputs[0]
    if isinstance(net_outputs, Tensor):
        return float(np.mean(net_outputs.asnumpy()))
    return float(net_outputs)


def format_metrics(metrics):
    """The metrics dict as MindSpore prints it (NumPy scalars shown as plain Python floats)."""
    items = (f"{key!r}: {float(value)!r}" if np.ndim(value) == 0 else f"{key!r}: {value!r}"
             for key, value in metrics.items())
    return "{" + ", ".join(items) + "}"


class LossMonitor(Callback):
    """Print the loss every `per_print_times` steps (0 prints nothing)."""

    def __init__(self, per_print_times=1):
        super().__init__()
        if isinstance(per_print_times, bool) or not isinstance(per_print_times, int) or per_print_times < 0:
            raise ValueError("For 'LossMonitor', the argument 'per_print_times' must be an int >= 0, "
                             f"but got {per_print_times!r}.")
        self._per_print_times = per_print_times
        self._last_print_time = 0

    def on_train_begin(self, run_context):
        self._last_print_time = 0

    def on_train_step_end(self, run_context):
        """Print the step's loss; a NaN/Inf loss stops training with ValueError."""
        params = run_context.original_args()
        loss = loss_value(params.net_outputs)
        step_in_epoch = (params.cur_step_num - 1) % params.batch_num + 1
        if np.isnan(loss) or np.isinf(loss):
            raise ValueError(f"epoch: {params.cur_epoch_num} step: {step_in_epoch}. Invalid loss, terminating training.")
        if self._per_print_times and params.cur_step_num - self._last_print_time >= self._per_print_times:
            self._last_print_time = params.cur_step_num
            print(f"epoch: {params.cur_epoch_num} step: {step_in_epoch}, loss is {loss}", flush=True)

    def on_train_epoch_end(self, run_context):
        """In Model.fit, print the epoch's evaluation result."""
        params = run_context.original_args()
        metrics = params.get("metrics")
        if metrics:
            # No flush here, as in MindSpore: a captured stdout that clears on flush keeps this line.
            print(f"Eval result: epoch {params.cur_epoch_num}, metrics: {format_metrics(metrics)}")
