"""`get_grad`: one gradient out of what `grad(..., return_ids=True)` returned."""
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor

__all__ = ["get_grad"]


def _find(gradients, key):
    """The Tensor paired with `key` in the nested (id, gradient) pairs, or None."""
    if not isinstance(gradients, tuple):
        return None
    if len(gradients) == 2 and isinstance(gradients[1], Tensor) and isinstance(gradients[0], (int, str)) \
            and not isinstance(gradients[0], bool):
        return gradients[1] if gradients[0] == key and type(gradients[0]) is type(key) else None
    for item in gradients:
        found = _find(item, key)
        if found is not None:
            return found
    return None


def get_grad(gradients, identifier):
    """The gradient for a position (int) or a Parameter in the output of `grad(..., return_ids=True)`."""
    if isinstance(identifier, Parameter):
        key = identifier.name
    elif isinstance(identifier, int) and not isinstance(identifier, bool):
        key = identifier
    else:
        raise TypeError(f"For `get_grad`, the `x` should be an integer or a Parameter, but got {identifier}")
    found = _find(gradients, key)
    if found is None:
        raise RuntimeError(f"Can not find the gradient for position or Parameter {identifier}")
    return found
