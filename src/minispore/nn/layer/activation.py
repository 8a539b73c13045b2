"""Activation layers (`nn.ReLU`, `nn.GELU`, ...) and `get_activation` for Dense's string argument."""
from minispore.common import _validate as V
from minispore.nn.cell import Cell
from minispore.ops.function import nn_func as NF

__all__ = ["ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "GELU", "FastGelu", "SiLU", "Sigmoid", "Tanh", "Softmax",
           "LogSoftmax", "Softplus", "Mish", "HSwish", "HSigmoid", "LogSigmoid", "Softsign", "get_activation"]


class ReLU(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return NF.relu(input)


class ReLU6(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, x):
        return NF.relu6(x)


class LeakyReLU(Cell):
    def __init__(self, alpha=0.2):
        super().__init__()
        self.alpha = alpha

    def construct(self, x):
        return NF.leaky_relu(x, self.alpha)


class ELU(Cell):
    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = alpha

    def construct(self, x):
        return NF.elu(x, self.alpha)


class GELU(Cell):
    """GELU; MindSpore's default is the tanh approximation (approximate=True)."""

    def __init__(self, approximate=True):
        super().__init__()
        self.approximate = V.flag("GELU", "approximate", approximate)

    def construct(self, x):
        return NF.gelu(x, "tanh" if self.approximate else "none")


class FastGelu(Cell):
    """MindSpore's fast GELU approximation: x / (1 + exp(-1.702|x|)) · exp(0.851(x - |x|))."""

    def __init__(self):
        super().__init__()

    def construct(self, x):
        return NF.fast_gelu(x)


class SiLU(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, x):
        return NF.silu(x)


class Sigmoid(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, x):
        return NF.sigmoid(x)


class Tanh(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, x):
        return NF.tanh(x)


class Softmax(Cell):
    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def construct(self, input):
        return NF.softmax(input, self.axis)


class LogSoftmax(Cell):
    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def construct(self, x):
        return NF.log_softmax(x, self.axis)


class Softplus(Cell):
    def __init__(self, beta=1, threshold=20):
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def construct(self, input):
        return NF.softplus(input, self.beta, self.threshold)


class Mish(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input_x):
        return NF.mish(input_x)


class HSwish(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return NF.hardswish(input)


class HSigmoid(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input):
        return NF.hardsigmoid(input)


class LogSigmoid(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, input_x):
        return NF.logsigmoid(input_x)


class Softsign(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, x):
        return NF.softsign(x)


class PReLU(Cell):
    """max(0, x) + w·min(0, x) with a learnable slope per channel (initialised to 0.25)."""

    def __init__(self, channel=1, w=0.25):
        from minispore.common.initializer import initializer
        from minispore.common.parameter import Parameter
        from minispore.common.tensor import Tensor
        super().__init__()
        self.channel = V.integer("PReLU", "channel", channel, 1)
        init = w if isinstance(w, Tensor) else initializer(float(V.number("PReLU", "w", w)), (channel,))
        self.w = Parameter(init, name="a")

    def construct(self, x):
        return NF.prelu(x, self.w)


_BY_NAME = {
    "relu": ReLU, "relu6": ReLU6, "leakyrelu": LeakyReLU, "elu": ELU, "gelu": GELU, "silu": SiLU,
    "sigmoid": Sigmoid, "tanh": Tanh, "softmax": Softmax, "logsoftmax": LogSoftmax, "softplus": Softplus,
    "mish": Mish, "hswish": HSwish, "hsigmoid": HSigmoid, "logsigmoid": LogSigmoid, "softsign": Softsign,
    "prelu": PReLU, "fast_gelu": FastGelu,
}


def get_activation(name, prim_name=None):
    """The activation Cell for a name such as 'relu' (None gives None)."""
    if name is None:
        return None
    if not isinstance(name, str) or name not in _BY_NAME:
        prefix = f"For '{prim_name}', the" if prim_name else "The"
        raise KeyError(f"{prefix} 'name' must be in {sorted(_BY_NAME)}, but got {name}.")
    return _BY_NAME[name]()
