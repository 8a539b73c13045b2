"""`mindspore.nn`: Cell, layers, losses, optimizers and training wrappers."""
from minispore.nn.cell import Cell
from minispore.nn.layer.activation import *  # noqa: F401,F403
from minispore.nn.layer.basic import *  # noqa: F401,F403
from minispore.nn.layer.container import *  # noqa: F401,F403
from minispore.nn.loss import *  # noqa: F401,F403
