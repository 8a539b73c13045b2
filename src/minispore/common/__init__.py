"""`mindspore.common`: dtype, Tensor, Parameter, initializers, seeds."""
from minispore.common import dtype
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common import initializer
from minispore.common.tensor import Tensor

__all__ = ["dtype", "initializer", "Tensor", "Parameter", "ParameterTuple"]
