"""Loss scalers for functional training loops (`amp.StaticLossScaler`, `amp.DynamicLossScaler`) and
`amp.all_finite`, the overflow check of a tuple of gradients."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E, reduce as R
from minispore.ops._prims.inplace import assign

__all__ = ["LossScaler", "StaticLossScaler", "DynamicLossScaler", "all_finite"]


def _tensors(inputs, api):
    if isinstance(inputs, (tuple, list)) and all(isinstance(x, Tensor) for x in inputs):
        return inputs
    raise TypeError(f"For '{api}', the 'inputs' must be a tuple or list of Tensors, but got "
                    f"{type(inputs).__name__}.")


def all_finite(inputs):
    """A scalar Bool Tensor: whether every element of every Tensor in `inputs` (a tuple or list) is finite."""
    finite = Tensor(True)
    for x in _tensors(inputs, "all_finite"):
        finite = E.logical_and(finite, R.all(E.isfinite(x), axis=None, keepdims=False))
    return finite


def _map(inputs, fn, api):
    """fn over a Tensor, or over each Tensor of a tuple or list (keeping its type)."""
    if isinstance(inputs, Tensor):
        return fn(inputs)
    return type(inputs)(fn(x) for x in _tensors(inputs, api))


def _check_scale(scale_value):
    if isinstance(scale_value, bool) or not isinstance(scale_value, (int, float)):
        raise TypeError("The type of 'scale_value' should be one of '['float', 'int']', but got type "
                        f"'{type(scale_value).__name__}'.")
    if scale_value < 1.0:
        raise ValueError(f"The argument 'scale_value' must be > 1, but got {scale_value}")
    return Parameter(Tensor(scale_value, dtype=mstype.float32), name="scale_value")


class LossScaler:
    """Base class: `scale` the loss, `unscale` the loss and gradients, `adjust` the scale after a step."""

    def scale(self, inputs):
        """inputs (a Tensor, or a tuple or list of them) times the loss scale."""
        raise NotImplementedError(f"For '{type(self).__name__}', 'scale' is not defined.")

    def unscale(self, inputs):
        """inputs (a Tensor, or a tuple or list of them) divided by the loss scale."""
        raise NotImplementedError(f"For '{type(self).__name__}', 'unscale' is not defined.")

    def adjust(self, grads_finite):
        """Update the loss scale given whether the gradients were finite (a Bool Tensor)."""
        raise NotImplementedError(f"For '{type(self).__name__}', 'adjust' is not defined.")


class _ScaleValue(LossScaler):
    """scale / unscale by the `scale_value` Parameter, in each input's own dtype (as MindSpore does)."""

    def scale(self, inputs):
        scale = self.scale_value
        return _map(inputs, lambda x: E.mul(x, E.cast(scale, dtype=x._data.dtype)), f"{type(self).__name__}.scale")

    def unscale(self, inputs):
        scale = self.scale_value
        reciprocal = E.div(scale._data.dtype.type(1), scale)
        return _map(inputs, lambda x: E.mul(x, E.cast(reciprocal, dtype=x._data.dtype)),
                    f"{type(self).__name__}.unscale")


class StaticLossScaler(_ScaleValue):
    """A fixed loss scale."""

    def __init__(self, scale_value):
        self.scale_value = _check_scale(scale_value)

    def adjust(self, grads_finite):
        """The scale is fixed: returns False."""
        return False


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"The '{name}' must be int and must > 0, but got '{value}' with type "
                         f"'{type(value).__name__}'.")
    return value


class DynamicLossScaler(_ScaleValue):
    """A loss scale multiplied by `scale_factor` after `scale_window` finite steps in a row and divided by it
    (not below 1) after a step whose gradients overflowed."""

    def __init__(self, scale_value, scale_factor, scale_window):
        self.scale_value = _check_scale(scale_value)
        self.scale_window = _positive_int(scale_window, "scale_window")
        self.scale_factor = _positive_int(scale_factor, "scale_factor")
        self.counter = Parameter(Tensor(0, dtype=mstype.int32), name="counter")

    def adjust(self, grads_finite):
        """Update `scale_value` and the finite-step `counter`; returns True."""
        if not isinstance(grads_finite, Tensor):
            grads_finite = Tensor(bool(grads_finite))
        scale = self.scale_value
        grown = E.mul(scale, scale._data.dtype.type(self.scale_factor))
        grown = E.where(E.isfinite(grown), grown, scale)
        full_window = E.equal(self.counter, self.counter._data.dtype.type(self.scale_window - 1))
        shrunk = E.maximum(E.div(scale, scale._data.dtype.type(self.scale_factor)), scale._data.dtype.type(1))
        new_scale = E.where(grads_finite, E.where(full_window, grown, scale), shrunk)
        counter = self.counter
        step = E.remainder(E.add(counter, counter._data.dtype.type(1)), counter._data.dtype.type(self.scale_window))
        assign(scale, new_scale)
        assign(counter, E.mul(step, E.cast(grads_finite, dtype=counter._data.dtype)))
        return True
