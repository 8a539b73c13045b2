"""`mindspore.ops.function`: the functional ops."""
from minispore.ops.function.array_func import *  # noqa: F401,F403
from minispore.ops.function.math_func import *  # noqa: F401,F403
from minispore.ops.function.nn_func import *  # noqa: F401,F403
from minispore.ops.function.conv_func import *  # noqa: F401,F403
from minispore.ops.function.conv3d_func import *  # noqa: F401,F403
from minispore.ops.function.nn_layer_func import *  # noqa: F401,F403
from minispore.ops.function.extra_func import *  # noqa: F401,F403
from minispore.ops.function.image_func import *  # noqa: F401,F403
from minispore.ops.function import array_func, conv_func, conv3d_func, extra_func, image_func, math_func, nn_func, nn_layer_func

__all__ = (array_func.__all__ + math_func.__all__ + nn_func.__all__ + nn_layer_func.__all__ + conv_func.__all__
           + image_func.__all__ + conv3d_func.__all__) + extra_func.__all__
