"""`mindspore.ops.auto_generate.gen_ops_prim`: MindSpore's generated Primitive classes — here the Primitive
classes of `ops.operations`, and the backward primitives MindSpore's CPU tests call directly (SqrtGrad,
ReluGrad, MinimumGrad, ...), each computing its gradient from ops that are themselves differentiable (so a
second-order gradient goes through them)."""
import math

from minispore._autodiff.backward import sum_to
from minispore.ops import function as F
from minispore.ops._prims import elementwise as E
from minispore.ops.operations import *  # noqa: F401,F403
from minispore.ops.operations import __all__ as _operations
from minispore.ops.primitive import Primitive, prim_attr_register

_GRADS = ["SqrtGrad", "RsqrtGrad", "ReluGrad", "ReLU6Grad", "TanhGrad", "ReciprocalGrad", "GeLUGrad", "FastGeLUGrad",
          "HSwishGrad", "HSigmoidGrad", "HShrinkGrad", "MinimumGrad", "MaximumGrad", "SoftmaxBackward", "PReLUGrad"]
__all__ = list(_operations) + _GRADS


def _where(condition, x):
    return E.where(condition, x, 0.0)


class SqrtGrad(Primitive):
    """The gradient through y = sqrt(x), from y and dy: dy / (2y)."""

    def __call__(self, dy, y):
        # MindSpore's kernel reads its first input as y and its second as dy, whatever the argument names say.
        y, dy = dy, y
        return dy * 0.5 / y


class RsqrtGrad(Primitive):
    """The gradient through y = 1/sqrt(x), from y and dy: −dy·y³/2."""

    def __call__(self, y_backprop, x):
        y, dy = y_backprop, x  # as SqrtGrad: the first input is y, the second dy
        return y * y * y * -0.5 * dy


class ReluGrad(Primitive):
    """dy where x > 0, else 0."""

    def __call__(self, y_backprop, x):
        return _where(E.greater(x, 0), y_backprop)


class ReLU6Grad(Primitive):
    """dy where 0 < x ≤ 6, else 0 (MindSpore passes dy at x = 6)."""

    def __call__(self, y_backprop, x):
        return _where(E.logical_and(E.greater(x, 0), E.less_equal(x, 6)), y_backprop)


class TanhGrad(Primitive):
    """The gradient through y = tanh(x), from y and dy: dy·(1 − y²)."""

    def __call__(self, y, dy):
        return dy * (1 - y * y)


class ReciprocalGrad(Primitive):
    """The gradient through y = 1/x, from y and dy: −dy·y²."""

    def __call__(self, y, dy):
        return -(dy * y * y)


class GeLUGrad(Primitive):
    """dy times the derivative of GeLU's tanh approximation at x (y, the forward output, is not used)."""

    def __call__(self, dy, x, y):
        k = math.sqrt(2 / math.pi)
        t = E.tanh(k * (x + 0.044715 * x * x * x))
        return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x))


class FastGeLUGrad(Primitive):
    """dy times the derivative of x·sigmoid(1.702x)."""

    def __call__(self, dy, x):
        s = E.sigmoid(1.702 * x)
        return dy * (s + 1.702 * x * s * (1 - s))


class HSwishGrad(Primitive):
    """dy times hard-swish's derivative: 0 below −3, (2x + 3)/6 on [−3, 3], 1 above 3."""

    def __call__(self, y_grad, x):
        slope = E.where(E.less(x, -3), 0.0, E.where(E.greater(x, 3), 1.0, (2 * x + 3) / 6))
        return y_grad * slope


class HSigmoidGrad(Primitive):
    """dy/6 where −3 < x < 3, else 0."""

    def __call__(self, grads, input_x):
        return _where(E.logical_and(E.greater(input_x, -3), E.less(input_x, 3)), grads / 6)


class HShrinkGrad(Primitive):
    """dy where |x| > lambd, else 0."""

    @prim_attr_register
    def __init__(self, lambd=0.5):
        if isinstance(lambd, bool) or not isinstance(lambd, (int, float)):
            raise TypeError(f"For 'HShrinkGrad', the 'lambd' must be float, but got {type(lambd).__name__}.")
        self.lambd = float(lambd)

    def __call__(self, gradients, features):
        return _where(E.greater(E.abs(features), self.lambd), gradients)


class _PickGrad(Primitive):
    """The gradients of an elementwise pick between x and y: the chosen side gets dout; a tie or a NaN splits
    it in halves (as MindSpore's kernels); each summed back to its input's shape."""

    _picks_x = None

    @prim_attr_register
    def __init__(self, grad_x=True, grad_y=True):
        pass

    def __call__(self, x, y, grads):
        x_wins = type(self)._picks_x(x, y)
        y_wins = type(self)._picks_x(y, x)
        half = grads * 0.5
        shared = _where(E.logical_not(E.logical_or(x_wins, y_wins)), half)
        dx = _where(x_wins, grads) + shared
        dy = _where(y_wins, grads) + shared
        return sum_to(dx, x.shape), sum_to(dy, y.shape)


class MinimumGrad(_PickGrad):
    """(dx, dy) of minimum(x, y): dout to the smaller input."""

    _picks_x = staticmethod(E.less)


class MaximumGrad(_PickGrad):
    """(dx, dy) of maximum(x, y): dout to the larger input."""

    _picks_x = staticmethod(E.greater)


class SoftmaxBackward(Primitive):
    """The gradient through out = softmax(x, dim): out·(dout − sum(dout·out, dim))."""

    def __call__(self, dout, out, dim=-1):
        return out * (dout - F.sum(dout * out, dim, keepdim=True))


class PReLUGrad(Primitive):
    """(dx, dweight) of prelu(x, weight), weight per channel (axis 1) or one value."""

    def __call__(self, dy, x, weight):
        positive = E.greater(x, 0)
        shape = [1] * x.ndim
        if x.ndim > 1 and weight.size > 1:
            shape[1] = weight.size
        w = F.reshape(weight, tuple(shape)) if x.ndim > 1 else weight
        dx = E.where(positive, dy, dy * w)
        dw = sum_to(_where(E.logical_not(positive), dy * x), tuple(shape) if x.ndim > 1 else weight.shape)
        return dx, F.reshape(dw, weight.shape)
