"""`mindspore.train`: Model, callbacks, metrics and checkpoint files."""
from minispore.train.serialization import save_checkpoint, load_checkpoint, load_param_into_net, export, load
from minispore.train.model import Model
from minispore.train.loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager
from minispore.train.callback import *  # noqa: F401,F403
from minispore.train.metrics import *  # noqa: F401,F403
from minispore.train.summary import SummaryRecord
from minispore.train import callback, loss_scale_manager, metrics, serialization, summary
