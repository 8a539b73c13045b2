"""How `mindspore.numpy`'s math and logic functions read their arguments: Tensors, numbers or lists, and a
`dtype` that, where given, is the dtype of the result."""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.numpy.array_creations import asarray
from minispore.ops.function import math_func as M


def _pair(x1, x2):
    x1 = x1 if isinstance(x1, (int, float, bool)) and isinstance(x2, Tensor) else asarray(x1)
    x2 = x2 if isinstance(x2, (int, float, bool)) and isinstance(x1, Tensor) else asarray(x2)
    return x1, x2


def _out(result, dtype):
    return result if dtype is None else M.cast(result, dtype)


def _float(x):
    x = asarray(x)
    return x if mstype.is_float(x._data.dtype) else M.cast(x, mstype.float32)


def _promoted(x1, x2):
    target = mstype.promote(x1._data.dtype, x2._data.dtype)
    return (x1 if x1._data.dtype == target else M.cast(x1, target)), (x2 if x2._data.dtype == target else
                                                                      M.cast(x2, target))


def _axes(axis):
    return axis if axis is None or isinstance(axis, int) else tuple(axis)
