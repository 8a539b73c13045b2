"""`mindspore.ops.composite` (imported as `C`): gradient transformations, maps and type-dispatched functions."""
from minispore._autodiff.api import GradOperation, grad, jacfwd, jacrev, jvp, value_and_grad, vjp, vmap
from minispore.ops.composite.base import HyperMap, Map, MultitypeFuncGraph
from minispore.ops.function.extra_func import clip_by_value
from minispore.ops.function.misc_func import clip_by_global_norm

__all__ = ["GradOperation", "grad", "value_and_grad", "vjp", "jvp", "jacfwd", "jacrev", "vmap", "HyperMap", "Map",
           "MultitypeFuncGraph", "clip_by_value", "clip_by_global_norm"]
