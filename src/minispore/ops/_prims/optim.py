"""In-place updates (optimizer steps, moving averages): each writes into its first input, no gradient.

They pass the door as every op does, so a trace records an optimizer step and versions are bumped.
Scalars (learning rates, decay factors) are inputs, not attributes: they change from step to step.
"""
from minispore._backend import threads
from minispore._backend.blas import subtract_scaled
from minispore._backend.numpy_backend import NUMPY
from minispore.ops._prims.dispatch import defprim

_NUMPY_XP = NUMPY.xp


def _apply_gradient_descent_kernel(xp, var, alpha, delta):
    if xp is _NUMPY_XP:
        # BLAS axpy in one pass where SciPy is installed (see _backend/blas.py); split between two
        # threads it was slower (ResNet-18's updates: 6.4 against 4.7 ms a step).
        subtract_scaled(var, alpha, delta)
    else:
        xp.subtract(var, alpha * delta, out=var)


def _scale_add(xp, y, x, a, b, square):
    if a != 1:
        xp.multiply(y, a, out=y)
    if square:
        x = xp.square(x)
    xp.add(y, x if b == 1 else b * x, out=y)


def _scale_add_kernel(xp, y, x, a, b, *, square=False):
    # Split between the free cores for the largest weights (ResNet-18's 512-channel 3x3: 2.4M elements;
    # its Momentum accumulations: 8.5 against 6.0 ms a step).
    if threads.splittable(y, x) and threads.split_map(lambda part, x_part: _scale_add(xp, part, x_part, a, b, square), y, x):
        return
    _scale_add(xp, y, x, a, b, square)


def _adam_descent_kernel(xp, var, numerator, second_moment, scale, eps):
    # var -= scale·numerator / (sqrt(second_moment) + eps), rounded as those NumPy operations round.
    denominator = xp.sqrt(second_moment)
    denominator += eps
    step = numerator * scale
    step /= denominator
    xp.subtract(var, step, out=var)


# var -= alpha·delta (alpha·delta rounded first, as MindSpore rounds lr·g): the SGD and Momentum steps.
apply_gradient_descent = defprim("apply_gradient_descent", _apply_gradient_descent_kernel, None, inplace=True)
# var -= value: steps computed whole (the Adam family, RMSProp, Adagrad, Lamb).
assign_sub = defprim("assign_sub", lambda xp, var, value: xp.subtract(var, value, out=var), None, inplace=True)
# var *= value: Adam's powers of beta, AdamW's decoupled weight decay.
assign_mul = defprim("assign_mul", lambda xp, var, value: xp.multiply(var, value, out=var), None, inplace=True)
# var = max(var, value): AMSGrad's running maximum of the second moment.
assign_max = defprim("assign_max", lambda xp, var, value: xp.maximum(var, value, out=var), None, inplace=True)
# y = a·y + b·x (b·x² with square=True), as y *= a; y += b·x: moving averages, accumulators, counters.
scale_add = defprim("scale_add", _scale_add_kernel, None, inplace=True)
# var -= scale·numerator / (sqrt(second_moment) + eps): Adam's step in one pass of the door.
adam_descent = defprim("adam_descent", _adam_descent_kernel, None, inplace=True)
