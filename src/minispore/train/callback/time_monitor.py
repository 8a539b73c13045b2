"""`TimeMonitor`: prints each epoch's wall time and time per step."""
import time

from minispore.train.callback.callback import Callback

__all__ = ["TimeMonitor"]


class TimeMonitor(Callback):
    """Print `Train epoch time: X ms, per step time: Y ms` (and `Eval ...` during evaluation)."""

    def __init__(self, data_size=None, data_time=False):
        super().__init__()
        if data_size is not None and (isinstance(data_size, bool) or not isinstance(data_size, int) or data_size < 1):
            raise ValueError(f"For 'TimeMonitor', the argument 'data_size' must be a positive int, but got {data_size!r}.")
        if not isinstance(data_time, bool):
            raise TypeError(f"For 'TimeMonitor', the argument 'data_time' should be a bool, but got {data_time!r}.")
        self.data_size = data_size
        self.data_time = data_time
        self._epoch_start = 0.0
        self._step_start = 0.0
        self._data_time_sum = 0.0

    def _start(self, run_context):
        self._epoch_start = time.time()
        self._step_start = self._epoch_start
        self._data_time_sum = 0.0

    def on_train_step_begin(self, run_context):
        self._data_time_sum += time.time() - self._step_start

    def on_train_step_end(self, run_context):
        self._step_start = time.time()

    def _report(self, run_context, phase):
        epoch_ms = (time.time() - self._epoch_start) * 1000
        params = run_context.original_args()
        steps = self.data_size or params.batch_num
        line = f"{phase} epoch time: {epoch_ms:5.3f} ms, per step time: {epoch_ms / steps:5.3f} ms"
        if self.data_time and phase == "Train":
            line += f", data time: {self._data_time_sum * 1000 / steps:5.3f} ms"
        print(line, flush=True)

    on_train_epoch_begin = _start
    on_eval_epoch_begin = _start

    def on_train_epoch_end(self, run_context):
        self._report(run_context, "Train")

    def on_eval_epoch_end(self, run_context):
        self._report(run_context, "Eval")
