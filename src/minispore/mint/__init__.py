"""`mindspore.mint`: MindSpore's PyTorch-style API (input, dim, keepdim) over minispore's ops, with
`mint.nn`, `mint.nn.functional`, `mint.optim`, `mint.linalg` and `mint.special`."""
from minispore.mint.functions import *  # noqa: F401,F403
from minispore.mint.functions import __all__ as _functions
from minispore.mint import linalg, nn, optim, special  # noqa: F401
from minispore.mint.nn.functional import (conv2d, conv3d, conv_transpose2d, one_hot, pad, relu,  # noqa: F401
                                          softmax as _functional_softmax)

__all__ = list(_functions)
