"""`mindspore.common.initializer`: initial-value distributions with MindSpore's defaults.

Values are drawn on the default backend from its generator, which `set_seed` seeds. MindSpore draws
them from NumPy's global generator; minispore never does, so a user's `np.random` calls do not
change a model's initial weights (docs/differences.md).
"""
import math
import numbers

from minispore import _backend
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap

__all__ = ["Initializer", "initializer", "Normal", "TruncatedNormal", "Uniform", "XavierUniform",
           "XavierNormal", "HeUniform", "HeNormal", "One", "Zero", "Constant", "Orthogonal",
           "Identity", "Dirac"]


def _fans(shape):
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[2:]) if len(shape) > 2 else 1
    return shape[1] * receptive, shape[0] * receptive


def _gain(nonlinearity, negative_slope):
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                        "conv_transpose3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1 + negative_slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"HeUniform/HeNormal: unsupported nonlinearity {nonlinearity!r}.")


class Initializer:
    """Base class: `_generate(shape, backend)` -> an array of the backend (float64 values for the
    distributions), cast by `initializer()`."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs

    def _generate(self, shape, backend):
        raise NotImplementedError

    def __call__(self, array):
        """Fill a NumPy array (or an array of a backend) in place (MindSpore's Initializer protocol)."""
        array[...] = self._generate(array.shape, _backend.backend_of(array))


class Zero(Initializer):
    def _generate(self, shape, backend):
        return backend.xp.zeros(shape)


class One(Initializer):
    def _generate(self, shape, backend):
        return backend.xp.ones(shape)


class Constant(Initializer):
    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _generate(self, shape, backend):
        return backend.xp.full(shape, self.value)


class Normal(Initializer):
    """N(mean, sigma²); the string 'normal' means sigma=0.01."""

    def __init__(self, sigma=0.01, mean=0.0):
        super().__init__(sigma=sigma, mean=mean)
        self.sigma, self.mean = sigma, mean

    def _generate(self, shape, backend):
        return backend.random.normal(self.mean, self.sigma, shape)


class TruncatedNormal(Initializer):
    """N(mean, sigma²) redrawn until inside [a, b] (absolute bounds, as in MindSpore)."""

    def __init__(self, sigma=0.01, mean=0.0, a=-2.0, b=2.0):
        super().__init__(sigma=sigma, mean=mean, a=a, b=b)
        self.sigma, self.mean, self.a, self.b = sigma, mean, a, b

    def _generate(self, shape, backend):
        values = backend.random.normal(self.mean, self.sigma, shape)
        outside = (values < self.a) | (values > self.b)
        while outside.any():
            values[outside] = backend.random.normal(self.mean, self.sigma, int(outside.sum()))
            outside = (values < self.a) | (values > self.b)
        return values


class Uniform(Initializer):
    """U(-scale, scale)."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _generate(self, shape, backend):
        return backend.random.uniform(-self.scale, self.scale, shape)


class XavierUniform(Initializer):
    """U(±gain·sqrt(6 / (fan_in + fan_out)))."""

    def __init__(self, gain=1):
        super().__init__(gain=gain)
        self.gain = gain

    def _generate(self, shape, backend):
        fan_in, fan_out = _fans(shape)
        bound = self.gain * math.sqrt(6.0 / (fan_in + fan_out))
        return backend.random.uniform(-bound, bound, shape)


class XavierNormal(Initializer):
    """N(0, gain²·2 / (fan_in + fan_out))."""

    def __init__(self, gain=1):
        super().__init__(gain=gain)
        self.gain = gain

    def _generate(self, shape, backend):
        fan_in, fan_out = _fans(shape)
        return backend.random.normal(0.0, self.gain * math.sqrt(2.0 / (fan_in + fan_out)), shape)


class _He(Initializer):
    """Kaiming initialisation: the standard deviation is gain / sqrt(fan)."""

    def __init__(self, negative_slope=0, mode="fan_in", nonlinearity="leaky_relu"):
        super().__init__(negative_slope=negative_slope, mode=mode, nonlinearity=nonlinearity)
        self.negative_slope, self.mode, self.nonlinearity = negative_slope, mode, nonlinearity

    def _std(self, shape):
        fan_in, fan_out = _fans(shape)
        fan = fan_in if self.mode == "fan_in" else fan_out
        return _gain(self.nonlinearity, self.negative_slope) / math.sqrt(fan)


class HeUniform(_He):
    """U(±gain·sqrt(3 / fan)); with negative_slope=sqrt(5) this is U(±1/sqrt(fan_in))."""

    def _generate(self, shape, backend):
        bound = math.sqrt(3.0) * self._std(shape)
        return backend.random.uniform(-bound, bound, shape)


class HeNormal(_He):
    """N(0, gain² / fan)."""

    def _generate(self, shape, backend):
        return backend.random.normal(0.0, self._std(shape), shape)


class Orthogonal(Initializer):
    def __init__(self, gain=1.0):
        super().__init__(gain=gain)
        self.gain = gain

    def _generate(self, shape, backend):
        xp = backend.xp
        rows, cols = shape[0], math.prod(shape[1:])
        flat = backend.random.normal(0.0, 1.0, (max(rows, cols), min(rows, cols)))
        q, r = xp.linalg.qr(flat)
        q = q * xp.sign(xp.diag(r))
        if rows < cols:
            q = q.T
        return self.gain * q[:rows, :cols].reshape(shape)


class Identity(Initializer):
    def _generate(self, shape, backend):
        if len(shape) != 2:
            raise ValueError(f"For 'Identity', the shape must be 2-d, but got {shape}.")
        return backend.xp.eye(*shape)


class Dirac(Initializer):
    def __init__(self, groups=1):
        super().__init__(groups=groups)
        self.groups = groups

    def _generate(self, shape, backend):
        if len(shape) not in (3, 4, 5):
            raise ValueError(f"For 'Dirac', the shape must be 3, 4 or 5-d, but got {len(shape)}-d.")
        values = backend.xp.zeros(shape)
        out_per_group = shape[0] // self.groups
        for g in range(self.groups):
            for i in range(min(out_per_group, shape[1])):
                centre = tuple(n // 2 for n in shape[2:])
                values[(g * out_per_group + i, i) + centre] = 1
        return values


_BY_NAME = {
    "zeros": Zero, "zero": Zero, "ones": One, "one": One, "normal": Normal, "uniform": Uniform,
    "truncatednormal": TruncatedNormal, "xavier_uniform": XavierUniform, "xavieruniform": XavierUniform,
    "xavier_normal": XavierNormal, "xaviernormal": XavierNormal, "he_uniform": HeUniform,
    "heuniform": HeUniform, "he_normal": HeNormal, "henormal": HeNormal, "orthogonal": Orthogonal,
    "identity": Identity, "dirac": Dirac,
}


def initializer(init, shape=None, dtype=mstype.float32):
    """A Tensor of `shape` and `dtype` filled by `init` (a name, an Initializer, a number or a Tensor)."""
    if isinstance(init, Tensor):
        if shape is not None and tuple(init.shape) != tuple(_as_shape(shape)):
            raise ValueError(f"For 'initializer', the shape of the 'init' Tensor {init.shape} must equal "
                             f"'shape' {tuple(_as_shape(shape))}.")
        return init
    shape = _as_shape(shape)
    if isinstance(init, str):
        key = init.lower()
        if key not in _BY_NAME:
            raise ValueError(f"For 'initializer', the class corresponding to '{init}' was not found.")
        init = _BY_NAME[key]()
    elif isinstance(init, numbers.Number) and not isinstance(init, bool):
        init = Constant(init)
    elif isinstance(init, type) and issubclass(init, Initializer):
        init = init()
    if not isinstance(init, Initializer):
        raise TypeError(f"For 'initializer', 'init' must be a str, an Initializer, a number or a Tensor, "
                        f"but got {type(init).__name__}.")
    np_dtype = mstype.np_dtype(dtype)
    backend = _backend.default_backend()
    try:
        return wrap(backend.xp.ascontiguousarray(init._generate(shape, backend), dtype=np_dtype))
    except MemoryError as error:
        raise MemoryError(f"For 'initializer', there is not enough memory for a Parameter of shape {shape} "
                          f"({error}).") from None


def _as_shape(shape):
    if shape is None:
        return ()
    if isinstance(shape, numbers.Integral):
        return (int(shape),)
    return tuple(int(n) for n in shape)
