"""Samples for the layer primitives (convolution, pooling, normalisation, ...)."""
import numpy as np

from tests.ops.samples import Const, Sample  # noqa: F401

SAMPLES = {}


def _geometry(stride=(1, 1), padding=(0, 0, 0, 0), dilation=(1, 1), groups=1):
    return dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


_PLAIN = _geometry(padding=(1, 1, 1, 1))
_STRIDED = _geometry(stride=(2, 1), padding=(0, 1, 1, 0), dilation=(2, 1), groups=2)  # x (1,4,7,6), w (6,2,2,3)
_OUTPUT_PADDED = _geometry(stride=(2, 2), padding=(1, 1, 1, 1))  # x (1,2,8,8), dy (1,3,4,4): last row unreached
_POOL_INDEX = Const(np.random.RandomState(3).randint(0, 16, size=(2, 3, 2, 2)))

# Convolution and pooling (ops/_prims/conv.py): each linear op's rule is its partner op.
SAMPLES.update({
    "conv2d": [Sample((2, 3, 5, 5), (4, 3, 3, 3), attrs=_PLAIN),
               Sample((1, 4, 7, 6), (6, 2, 2, 3), attrs=_STRIDED)],
    "conv2d_input_grad": [
        Sample((2, 4, 5, 5), (4, 3, 3, 3), attrs=dict(input_shape=(2, 3, 5, 5), **_PLAIN)),
        Sample((1, 6, 3, 5), (6, 2, 2, 3), attrs=dict(input_shape=(1, 4, 7, 6), **_STRIDED)),
        Sample((1, 3, 4, 4), (3, 2, 3, 3), attrs=dict(input_shape=(1, 2, 8, 8), **_OUTPUT_PADDED))],
    "conv2d_weight_grad": [
        Sample((2, 3, 5, 5), (2, 4, 5, 5), attrs=dict(weight_shape=(4, 3, 3, 3), **_PLAIN)),
        Sample((1, 4, 7, 6), (1, 6, 3, 5), attrs=dict(weight_shape=(6, 2, 2, 3), **_STRIDED))],
    "sum_pool2d": [Sample((2, 3, 5, 5), attrs=dict(kernel=(2, 2), stride=(1, 1), padding=(0, 0, 0, 0))),
                   Sample((1, 2, 6, 6), attrs=dict(kernel=(3, 3), stride=(2, 2), padding=(1, 2, 1, 2)))],
    "sum_pool2d_adjoint": [
        Sample((2, 3, 4, 4), attrs=dict(input_shape=(2, 3, 5, 5), kernel=(2, 2), stride=(1, 1), padding=(0, 0, 0, 0))),
        Sample((1, 2, 4, 4), attrs=dict(input_shape=(1, 2, 6, 6), kernel=(3, 3), stride=(2, 2), padding=(1, 2, 1, 2)))],
    "pool_gather": [Sample((2, 3, 4, 4), _POOL_INDEX)],
    "pool_scatter": [Sample((2, 3, 2, 2), _POOL_INDEX, attrs=dict(shape=(2, 3, 4, 4)))],
})

# Batch normalisation in training mode (ops/_prims/norm.py): the forward's rule is the fused backward,
# whose own rule is a composite; mean and var are inputs of the backward (positive var: domain).
SAMPLES.update({
    "batch_norm": [Sample((4, 3, 2, 2), (3,), (3,), attrs=dict(eps=1e-5)),
                   Sample((5, 2), (2,), (2,), attrs=dict(eps=1e-3)),
                   Sample((3, 2, 4), (2,), (2,), attrs=dict(eps=0.1))],
    "batch_norm_grad": [Sample((4, 3, 2, 2), (3,), (3,), (3,), (4, 3, 2, 2), (3,), (3,), attrs=dict(eps=1e-5),
                               domain=(0.5, 2.0)),
                        Sample((5, 2), (2,), (2,), (2,), (5, 2), (2,), (2,), attrs=dict(eps=0.1), domain=(0.5, 2.0))],
})
