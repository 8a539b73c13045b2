"""`mindspore.nn`: Cell, layers, losses, optimizers and training wrappers."""
from minispore.nn.cell import Cell
from minispore.nn.graph_cell import GraphCell
from minispore.nn.layer.activation import *  # noqa: F401,F403
from minispore.nn.layer.basic import *  # noqa: F401,F403
from minispore.nn.layer.container import *  # noqa: F401,F403
from minispore.nn.layer.conv import *  # noqa: F401,F403
from minispore.nn.layer.pooling import *  # noqa: F401,F403
from minispore.nn.layer.normalization import *  # noqa: F401,F403
from minispore.nn.layer.embedding import *  # noqa: F401,F403
from minispore.nn.layer.rnns import *  # noqa: F401,F403
from minispore.nn.layer.transformer import *  # noqa: F401,F403
from minispore.nn.layer.padding import *  # noqa: F401,F403
from minispore.nn.layer.image import *  # noqa: F401,F403
from minispore.nn.loss import *  # noqa: F401,F403
from minispore.nn.learning_rate_schedule import *  # noqa: F401,F403
from minispore.nn.dynamic_lr import *  # noqa: F401,F403
from minispore.nn.optim import *  # noqa: F401,F403
from minispore.nn.wrap import *  # noqa: F401,F403
