"""`mindspore.ops.composite` (imported as `C`): gradient transformations."""
from minispore._autodiff.api import GradOperation, grad, jacfwd, jacrev, jvp, value_and_grad, vjp, vmap

__all__ = ["GradOperation", "grad", "value_and_grad", "vjp", "jvp", "jacfwd", "jacrev", "vmap"]
