"""`mindspore.nn.layer`: the layer Cells (also exported by `mindspore.nn`)."""
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
from minispore.nn.layer.math import *  # noqa: F401,F403
from minispore.nn.layer.combined import *  # noqa: F401,F403
