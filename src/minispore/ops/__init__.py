"""`mindspore.ops`: functional ops, Primitive classes and the functional autodiff API."""
from minispore.ops.function import *  # noqa: F401,F403
from minispore.ops.function import __all__ as _function_all
from minispore.ops import tensor_method as _tensor_method
from minispore._autodiff.api import (GradOperation, grad, value_and_grad, vjp, jvp, jacfwd, jacrev,
                                     stop_gradient, vmap)
from minispore._autodiff.grad_ids import get_grad

__all__ = list(_function_all) + ["GradOperation", "grad", "value_and_grad", "vjp", "jvp", "jacfwd",
                                 "jacrev", "stop_gradient", "vmap", "get_grad"]

_tensor_method.install()


def __getattr__(name):
    # Primitive classes (ops.ReLU(), ops.MatMul(), ...) load on first use to keep `import` fast.
    if name in ("operations", "functional", "composite", "primitive", "auto_generate"):
        import importlib
        return importlib.import_module(f"minispore.ops.{name.lower()}")
    from minispore.ops import operations
    if hasattr(operations, name):
        return getattr(operations, name)
    if name in ("HyperMap", "Map", "MultitypeFuncGraph"):
        from minispore.ops.composite import base
        return getattr(base, name)
    if name == "constexpr":
        from minispore.ops.primitive import constexpr
        return constexpr
    raise AttributeError(f"module 'mindspore.ops' has no attribute '{name}'")
