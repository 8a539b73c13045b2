"""`ProgressBar`: a per-epoch progress bar (tqdm when installed, plain text lines otherwise)."""
import sys

from minispore.train.callback.callback import Callback
from minispore.train.callback.loss_monitor import loss_value

__all__ = ["ProgressBar"]


class ProgressBar(Callback):
    """Show each epoch's progress and the latest loss."""

    def __init__(self, file=None):
        super().__init__()
        self._file = file
        self._bar = None
        self._step = 0

    def on_train_epoch_begin(self, run_context):
        params = run_context.original_args()
        self._step = 0
        try:
            from tqdm import tqdm
        except ImportError:
            self._bar = None
            return
        self._bar = tqdm(total=params.batch_num, desc=f"Epoch {params.cur_epoch_num}/{params.epoch_num}",
                         file=self._file or sys.stderr, leave=True)

    def on_train_step_end(self, run_context):
        params = run_context.original_args()
        self._step += 1
        loss = loss_value(params.net_outputs)
        if self._bar is not None:
            self._bar.set_postfix(loss=f"{loss:.6f}", refresh=False)
            self._bar.update(1)
        else:
            print(f"Epoch {params.cur_epoch_num}/{params.epoch_num} step {self._step}/{params.batch_num}: "
                  f"loss {loss:.6f}", file=self._file or sys.stdout, flush=True)

    def on_train_epoch_end(self, run_context):
        if self._bar is not None:
            self._bar.close()
            self._bar = None
