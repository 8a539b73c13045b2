"""`mindspore.ops.functional` (imported as `F`): the functional ops and autodiff API under their MindSpore names."""
from minispore.ops.function import *  # noqa: F401,F403
from minispore.ops.function import __all__ as _function_all
from minispore.ops.function.math_func import add as tensor_add, mul as tensor_mul, sub as tensor_sub
from minispore._autodiff.api import (grad, jacfwd, jacrev, jvp, stop_gradient, value_and_grad, vjp, vmap)
from minispore._autodiff.grad_ids import get_grad

__all__ = list(_function_all) + ["tensor_add", "tensor_mul", "tensor_sub", "stop_gradient", "grad",
                                 "value_and_grad", "get_grad", "vjp", "jvp", "jacfwd", "jacrev", "vmap"]
