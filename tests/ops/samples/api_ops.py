"""Samples for the primitives of the API names (issue 12): 3-d convolution, prelu, ..."""
import numpy as np

from tests.ops.samples import Const, Sample  # noqa: F401

SAMPLES = {}


def _geometry3d(stride=(1, 1, 1), padding=(0,) * 6, dilation=(1, 1, 1), groups=1):
    return dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


_PLAIN3D = _geometry3d(padding=(1, 1, 0, 1, 1, 0))
_STRIDED3D = _geometry3d(stride=(2, 1, 2), padding=(0, 1, 1, 0, 0, 1), dilation=(1, 2, 1), groups=2)

# 3-d convolution (ops/_prims/conv3d.py): the three linear ops are each other's rules.
SAMPLES.update({
    "conv3d": [Sample((2, 2, 3, 4, 3), (3, 2, 2, 2, 2), attrs=_PLAIN3D),
               Sample((1, 4, 5, 5, 4), (4, 2, 2, 2, 2), attrs=_STRIDED3D)],
    # dy of conv3d's output shape for the input shapes above
    "conv3d_input_grad": [Sample((2, 3, 4, 4, 3), (3, 2, 2, 2, 2), attrs=dict(input_shape=(2, 2, 3, 4, 3),
                                                                             **_PLAIN3D)),
                          Sample((1, 4, 3, 4, 2), (4, 2, 2, 2, 2), attrs=dict(input_shape=(1, 4, 5, 5, 4),
                                                                             **_STRIDED3D))],
    "conv3d_weight_grad": [Sample((2, 2, 3, 4, 3), (2, 3, 4, 4, 3), attrs=dict(weight_shape=(3, 2, 2, 2, 2),
                                                                              **_PLAIN3D))],
    "prelu": [Sample((2, 3, 4), (1, 3, 1)), Sample((3, 4), ())],
})
