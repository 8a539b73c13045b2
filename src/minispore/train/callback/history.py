"""`History`: records each epoch's network output and (in fit) evaluation metrics."""
import numpy as np

from minispore.common.tensor import Tensor
from minispore.train.callback.callback import Callback

__all__ = ["History"]


class History(Callback):
    """`epoch = {'epoch': [1, 2, ...]}`, `history = {'net_output': [...], '<metric>': [...]}`."""

    def __init__(self):
        super().__init__()
        self.epoch = None
        self.history = {}

    def on_train_begin(self, run_context):
        self.epoch = {"epoch": []}

    def on_train_epoch_end(self, run_context):
        params = run_context.original_args()
        self.epoch["epoch"].append(params.cur_epoch_num)
        outputs = params.net_outputs
        if isinstance(outputs, (tuple, list)) and outputs and isinstance(outputs[0], Tensor):
            outputs = outputs[0]
        if isinstance(outputs, Tensor):
            self.history.setdefault("net_output", []).append(np.mean(outputs.asnumpy()))
        for name, value in (params.get("metrics") or {}).items():
            self.history.setdefault(name, []).append(value)
