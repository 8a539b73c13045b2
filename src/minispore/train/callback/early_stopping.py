"""`EarlyStopping`: stop training when a monitored value stops improving."""
import logging

import numpy as np

from minispore.train.callback.callback import Callback
from minispore.train.callback.loss_monitor import loss_value

__all__ = ["EarlyStopping"]

logger = logging.getLogger("minispore")


class EarlyStopping(Callback):
    """Stop after `patience` epochs without an improvement of `monitor` by more than `min_delta`."""

    def __init__(self, monitor="eval_loss", min_delta=0, patience=0, verbose=False, mode="auto", baseline=None,
                 restore_best_weights=False):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"For 'EarlyStopping', the argument 'mode' should be 'auto', 'min' or 'max', but got {mode!r}.")
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise ValueError(f"For 'EarlyStopping', the argument 'patience' must be an int >= 0, but got {patience!r}.")
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self._better = np.greater if mode == "max" else np.less
        self.min_delta = abs(min_delta) if mode == "max" else -abs(min_delta)
        self._reset()

    def _reset(self):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self.baseline if self.baseline is not None else (-np.inf if self._better is np.greater else np.inf)
        self.best_weights_param_dict = None

    def on_train_begin(self, run_context):
        self._reset()

    def _monitor_value(self, params):
        if self.monitor == "loss":
            return loss_value(params.net_outputs)
        value = (params.get("eval_results") or {}).get(self.monitor)
        if value is None:
            logger.warning("Early stopping is conditioned on %r, which is not available. Available choices are: "
                           "%s", self.monitor, ["loss", *(params.get("eval_results") or {})])
        return value

    def on_train_epoch_end(self, run_context):
        """Count epochs without improvement; request a stop when patience runs out."""
        params = run_context.original_args()
        current = self._monitor_value(params)
        if current is None:
            return
        self.wait += 1
        if self._better(current - self.min_delta, self.best):
            self.best = current
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights_param_dict = {p.name: p.clone() for p in params.train_network.get_parameters()}
        if self.wait >= self.patience:
            self.stopped_epoch = params.cur_epoch_num
            run_context.request_stop()
            if self.restore_best_weights and self.best_weights_param_dict is not None:
                from minispore.train.serialization import load_param_into_net
                load_param_into_net(params.train_network, self.best_weights_param_dict)

    def on_train_end(self, run_context):
        if self.stopped_epoch > 0 and self.verbose:
            print(f"Epoch {self.stopped_epoch:05d}: early stopping", flush=True)
