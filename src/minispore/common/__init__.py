"""`mindspore.common`: dtype, Tensor, Parameter, initializers, seeds."""
from minispore.common import dtype
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.tensor import Tensor

__all__ = ["dtype", "Tensor", "Parameter", "ParameterTuple"]
