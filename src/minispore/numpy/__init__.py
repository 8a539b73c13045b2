"""`mindspore.numpy`: NumPy's functions on Tensors, over minispore's ops (so differentiable where they are).

Python ints become Int32 and floats Float32, as in mindspore.numpy.
"""
from minispore.numpy.array_creations import *  # noqa: F401,F403
from minispore.numpy.array_ops import *  # noqa: F401,F403
from minispore.numpy.math_ops import *  # noqa: F401,F403
from minispore.numpy import array_creations, array_ops, logic_ops, math_ops  # noqa: F401
from minispore.common.dtype import (int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16,  # noqa: F401
                                    float32, float64, bool_)

__all__ = array_creations.__all__ + array_ops.__all__ + math_ops.__all__
