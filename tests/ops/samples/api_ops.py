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

# einsum (ops/_prims/einsum.py): products, a contraction with a broadcast-back subscript, a diagonal.
SAMPLES.update({
    "einsum": [Sample((2, 3), (3, 4), attrs=dict(equation="ij,jk->ik")),
               Sample((2, 3, 4), (2, 4, 5), attrs=dict(equation="bij,bjk->bik")),
               Sample((2, 3), attrs=dict(equation="ij->")),
               Sample((3, 3), attrs=dict(equation="ii->i")),
               Sample((2, 3), (4,), attrs=dict(equation="ij,k->jk"))],
})


# CTC loss (ops/_prims/ctc.py): its rule is the alpha-beta gradient (first order only).
SAMPLES.update({
    "ctc_loss": [Sample((6, 2, 4), Const(np.array([[1, 2, 2], [3, 1, 0]])), Const(np.array([6, 5])),
                        Const(np.array([3, 2])), attrs=dict(blank=0, zero_infinity=False), domain=(-3.0, -0.2),
                        second_order=False),
                 Sample((5, 1, 3), Const(np.array([1, 1])), Const(np.array([5])), Const(np.array([2])),
                        attrs=dict(blank=2, zero_infinity=True), domain=(-3.0, -0.2), second_order=False)],
})

SAMPLES.update({
    "atan2": [Sample((3, 4), (3, 4), domain=(0.3, 2.0)), Sample((3, 4), (4,), domain=(0.3, 2.0))],
})

SAMPLES.update({
    "erfinv": [Sample((3, 4), domain=(-0.8, 0.8))],
    "inv": [Sample((3, 3), domain=(1.0, 2.0)), Sample((2, 2, 2), domain=(0.5, 2.0))],
    "solve_triangular": [Sample((3, 3), (3, 2), attrs=dict(upper=True, transpose_a=False, unit_diagonal=False),
                                domain=(1.0, 2.0)),
                         Sample((3, 3), (3, 2), attrs=dict(upper=False, transpose_a=True, unit_diagonal=True),
                                domain=(1.0, 2.0))],
    "qr": [Sample((4, 3), attrs=dict(mode="reduced"), domain=(0.5, 2.0), second_order=False)],
})
