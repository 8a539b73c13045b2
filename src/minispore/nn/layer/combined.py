"""Combined layers: Conv2dBnAct and DenseBnAct (a Conv2d or Dense, an optional BatchNorm, an optional activation)."""
from minispore.nn.cell import Cell
from minispore.nn.layer.activation import LeakyReLU, get_activation
from minispore.nn.layer.basic import Dense
from minispore.nn.layer.conv import Conv2d
from minispore.nn.layer.normalization import BatchNorm1d, BatchNorm2d
from minispore.ops.primitive import Primitive

__all__ = ["Conv2dBnAct", "DenseBnAct"]


def _bool(name, value, owner):
    if not isinstance(value, bool):
        raise TypeError(f"For '{owner}', the '{name}' must be a bool, but got {type(value).__name__}.")
    return value


def _activation(activation, alpha, owner):
    if activation == "leakyrelu":
        return LeakyReLU(alpha)
    found = get_activation(activation) if isinstance(activation, str) else activation
    if activation is not None and not isinstance(found, (Cell, Primitive)):
        raise TypeError(f"For '{owner}', the 'activation' must be str or Cell or Primitive, but got "
                        f"{type(activation).__name__}.")
    return found


class Conv2dBnAct(Cell):
    """Conv2d, then BatchNorm2d (with has_bn), then the activation (a name, Cell or Primitive).

    `after_fake` is MindSpore's flag for quantization-aware training, kept as an attribute.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same", padding=0, dilation=1,
                 group=1, has_bias=False, weight_init="normal", bias_init="zeros", has_bn=False, momentum=0.997,
                 eps=1e-5, activation=None, alpha=0.2, after_fake=True):
        super().__init__()
        self.conv = Conv2d(in_channels, out_channels, kernel_size=kernel_size, stride=stride, pad_mode=pad_mode,
                           padding=padding, dilation=dilation, group=group, has_bias=has_bias,
                           weight_init=weight_init, bias_init=bias_init)
        self.has_bn = _bool("has_bn", has_bn, "Conv2dBnAct")
        self.has_act = activation is not None
        self.after_fake = _bool("after_fake", after_fake, "Conv2dBnAct")
        if has_bn:
            self.batchnorm = BatchNorm2d(out_channels, eps, momentum)
        self.activation = _activation(activation, alpha, "Conv2dBnAct")

    def construct(self, x):
        x = self.conv(x)
        if self.has_bn:
            x = self.batchnorm(x)
        if self.has_act:
            x = self.activation(x)
        return x


class DenseBnAct(Cell):
    """Dense, then BatchNorm1d (with has_bn), then the activation (a name, Cell or Primitive)."""

    def __init__(self, in_channels, out_channels, weight_init="normal", bias_init="zeros", has_bias=True,
                 has_bn=False, momentum=0.9, eps=1e-5, activation=None, alpha=0.2, after_fake=True):
        super().__init__()
        self.dense = Dense(in_channels, out_channels, weight_init, bias_init, has_bias)
        self.has_bn = _bool("has_bn", has_bn, "DenseBnAct")
        self.has_act = activation is not None
        self.after_fake = _bool("after_fake", after_fake, "DenseBnAct")
        if has_bn:
            self.batchnorm = BatchNorm1d(out_channels, eps, momentum)
        self.activation = _activation(activation, alpha, "DenseBnAct")

    def construct(self, x):
        x = self.dense(x)
        if self.has_bn:
            x = self.batchnorm(x)
        if self.has_act:
            x = self.activation(x)
        return x
