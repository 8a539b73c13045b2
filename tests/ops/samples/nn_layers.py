"""Samples for the layer primitives (convolution, pooling, normalisation, ...)."""
from tests.ops.samples import Const, Sample  # noqa: F401

SAMPLES = {}
