"""`mindspore.nn.metrics`: MindSpore's older home of the metrics, the same classes as `mindspore.train`'s."""
from minispore.train.metrics import *  # noqa: F401,F403
from minispore.train.metrics import __all__  # noqa: F401
