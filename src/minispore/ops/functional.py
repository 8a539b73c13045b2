"""`mindspore.ops.functional` (imported as `F`): the functional ops under their MindSpore names."""
from minispore.ops.function import *  # noqa: F401,F403
from minispore.ops.function import __all__ as _function_all
from minispore.ops.function.math_func import add as tensor_add, mul as tensor_mul, sub as tensor_sub
from minispore._autodiff.api import stop_gradient

__all__ = list(_function_all) + ["tensor_add", "tensor_mul", "tensor_sub", "stop_gradient"]
