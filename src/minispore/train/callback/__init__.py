"""Training callbacks (`mindspore.train.LossMonitor`, ...)."""
from minispore.train.callback.callback import Callback, RunContext, CallbackList
from minispore.train.callback.loss_monitor import LossMonitor
from minispore.train.callback.time_monitor import TimeMonitor
from minispore.train.callback.history import History
from minispore.train.callback.early_stopping import EarlyStopping
from minispore.train.callback.lambda_callback import LambdaCallback
from minispore.train.callback.model_checkpoint import CheckpointConfig, ModelCheckpoint
from minispore.train.callback.progress_bar import ProgressBar
from minispore.train.callback.summary_collector import SummaryCollector

__all__ = ["Callback", "RunContext", "CallbackList", "LossMonitor", "TimeMonitor", "History", "EarlyStopping",
           "LambdaCallback", "CheckpointConfig", "ModelCheckpoint", "ProgressBar", "SummaryCollector"]
