"""`mindspore.common`: dtype, Tensor, Parameter, initializers, seeds."""
from minispore.common import dtype
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common import initializer
from minispore.common.tensor import Tensor, from_numpy, tensor
from minispore.common.seed import get_seed, set_seed
from minispore.common.sparse_tensor import RowTensor
from minispore.common.jit_class import jit_class
from minispore.common.dtype import dtype_to_nptype, dtype_to_pytype, pytype_to_dtype
from minispore.common.mutable import mutable

__all__ = ["dtype", "initializer", "Tensor", "Parameter", "ParameterTuple", "tensor", "from_numpy", "set_seed",
           "get_seed", "RowTensor", "jit_class", "dtype_to_nptype", "dtype_to_pytype", "pytype_to_dtype", "mutable"]
