"""`mindspore.ops.function`: the functional ops."""
from minispore.ops.function.array_func import *  # noqa: F401,F403
from minispore.ops.function.math_func import *  # noqa: F401,F403
from minispore.ops.function.nn_func import *  # noqa: F401,F403
from minispore.ops.function.conv_func import *  # noqa: F401,F403
from minispore.ops.function.conv3d_func import *  # noqa: F401,F403
from minispore.ops.function.nn_layer_func import *  # noqa: F401,F403
from minispore.ops.function.extra_func import *  # noqa: F401,F403
from minispore.ops.function.image_func import *  # noqa: F401,F403
from minispore.ops.function.misc_func import *  # noqa: F401,F403
from minispore.ops.function.index_func import *  # noqa: F401,F403
from minispore.ops.function.vision_func import *  # noqa: F401,F403
from minispore.ops.function.einsum_func import *  # noqa: F401,F403
from minispore.ops.function.loss_func import *  # noqa: F401,F403
from minispore.ops.function.random_func import *  # noqa: F401,F403
from minispore.ops.function.math_extra_func import *  # noqa: F401,F403
from minispore.ops.function.nn_extra_func import *  # noqa: F401,F403
from minispore.ops.function.bitwise_func import *  # noqa: F401,F403
from minispore.ops.function.linalg_func import *  # noqa: F401,F403
from minispore.ops.function.pad_func import *  # noqa: F401,F403
from minispore.ops.function import (array_func, conv_func, conv3d_func, einsum_func, extra_func, image_func,
                                    index_func, loss_func, math_extra_func, math_func, misc_func, nn_extra_func,
                                    nn_func, nn_layer_func, random_func, vision_func)
from minispore.ops.function import bitwise_func, linalg_func, pad_func

_MODULES = (array_func, math_func, nn_func, nn_layer_func, conv_func, image_func, extra_func, conv3d_func, misc_func,
            index_func, vision_func, einsum_func, loss_func, random_func, math_extra_func, nn_extra_func, bitwise_func,
            linalg_func, pad_func)
__all__ = [name for module in _MODULES for name in module.__all__]

# What users call through `ops` checks the arguments MindSpore documents as Tensors first (_boundary.py).
from minispore.ops.function._boundary import checked as _checked  # noqa: E402

globals().update({_name: _checked(_name, globals()[_name]) for _name in __all__})
