"""`mindspore.mint.nn`: PyTorch-style layers and `mint.nn.functional`."""
from minispore.mint.nn.layers import *  # noqa: F401,F403
from minispore.mint.nn.layers import __all__
from minispore.mint.nn import functional  # noqa: F401
