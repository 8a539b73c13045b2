"""Basic layers: Dense, Flatten, Dropout, Dropout1d, Dropout2d, Identity, Unflatten."""
import math

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.initializer import HeUniform, Uniform, initializer
from minispore.common.parameter import Parameter
from minispore.common.seed import random_generator
from minispore.common.tensor import Tensor, wrap
from minispore.nn.cell import Cell
from minispore.nn.layer.activation import get_activation
from minispore.ops.function import nn_func as NF
from minispore.ops.function.array_func import flatten, one_hot, reshape
from minispore.ops._prims import elementwise as E, reduce as R, shape as S
from minispore.ops._prims.nn import dense

__all__ = ["Dense", "Flatten", "Dropout", "Dropout1d", "Dropout2d", "Identity", "Unflatten", "OneHot", "Pad",
           "ClipByNorm"]


class Dense(Cell):
    """y = activation(x @ weight.T + bias), weight of shape (out_channels, in_channels)."""

    def __init__(self, in_channels, out_channels, weight_init=None, bias_init=None, has_bias=True,
                 activation=None, dtype=mstype.float32):
        super().__init__()
        V.dtype("Dense", "dtype", dtype)
        in_channels = V.integer("Dense", "in_channels", in_channels, 1)
        out_channels = V.integer("Dense", "out_channels", out_channels, 1)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.has_bias = has_bias = V.flag("Dense", "has_bias", has_bias)
        if isinstance(weight_init, Tensor) and tuple(weight_init.shape) != (out_channels, in_channels):
            raise ValueError(f"For 'Dense', weight init shape error. The shape of 'weight_init' should be "
                             f"{(out_channels, in_channels)}, but got {weight_init.shape}.")
        if weight_init is None:
            weight_init = HeUniform(math.sqrt(5))
        self.weight = Parameter(initializer(weight_init, (out_channels, in_channels), dtype), name="weight")
        self.bias = None
        if has_bias:
            if bias_init is None:
                bias_init = Uniform(1 / math.sqrt(in_channels))
            self.bias = Parameter(initializer(bias_init, (out_channels,), dtype), name="bias")
        if activation is not None and not isinstance(activation, str) and not callable(activation):
            raise TypeError(f"For 'Dense', the 'activation' must be None, a str or a Cell, but got "
                            f"{V.describe(activation)}.")
        self.activation = get_activation(activation, "Dense") if isinstance(activation, str) else activation
        self.activation_flag = self.activation is not None

    def construct(self, x):
        try:
            shape = x._data.shape
        except AttributeError:
            raise TypeError(f"For 'Dense', the input must be a Tensor, but got {type(x).__name__}; make one with "
                            "mindspore.Tensor(data, mindspore.float32).") from None
        if not shape or shape[-1] != self.in_channels:
            raise ValueError(self._shape_message(shape))
        if x._data.dtype.kind != "f" or (x._data.dtype != self.weight._data.dtype and self._autocast is None):
            raise TypeError(f"Dense(in_channels={self.in_channels}) got a {x.dtype} input but computes in "
                            f"{self.weight.dtype}, like its weights; convert it with "
                            f"x.astype(mindspore.{self.weight._data.dtype.name}).")
        out = dense(x, self.weight, self.bias)
        return self.activation(out) if self.activation_flag else out

    def _shape_message(self, shape):
        message = f"Dense(in_channels={self.in_channels}) got input of shape {shape}"
        if len(shape) > 2 and math.prod(shape[1:]) == self.in_channels:
            return message + "; flatten it first (nn.Flatten)"
        if len(shape) > 2 and shape[1] == self.in_channels:
            return message + "; the features are on axis 1: move them last with x.swapaxes(1, -1)"
        if shape:
            return message + f"; its last dimension must be {self.in_channels} (or use in_channels={shape[-1]})"
        return message

    def extend_repr(self):
        text = f"input_channels={self.in_channels}, output_channels={self.out_channels}"
        if self.has_bias:
            text += f", has_bias={self.has_bias}"
        if self.activation_flag:
            text += f", activation={self.activation!r}"
        return text


class Flatten(Cell):
    """Merge dims start_dim..end_dim (default: everything after the batch dim)."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = V.integer("Flatten", "start_dim", start_dim)
        self.end_dim = V.integer("Flatten", "end_dim", end_dim)

    def construct(self, x):
        V.tensor("Flatten", "input", x)
        if x._data.ndim < 2 and self.start_dim != 0:
            raise ValueError(f"For 'Flatten', 'start_dim' or 'end_dim' out of range: input of shape {x.shape} "
                             f"with start_dim={self.start_dim}, end_dim={self.end_dim}.")
        return flatten(x, start_dim=self.start_dim, end_dim=self.end_dim)


class Unflatten(Cell):
    """Split dimension `axis` into `unflattened_size`."""

    def __init__(self, axis, unflattened_size):
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError(f"For 'Unflatten', the 'unflattened_size' must be a tuple or list of ints, but got "
                            f"{V.describe(unflattened_size)}.")
        self.axis = V.integer("Unflatten", "axis", axis)
        self.unflattened_size = V.shape("Unflatten", "unflattened_size", tuple(unflattened_size), minus_one=True)

    def construct(self, input_x):
        V.tensor("Unflatten", "input", input_x)
        axis = V.axis("Unflatten", self.axis, input_x.ndim, scalar_ok=False)
        return reshape(input_x, input_x.shape[:axis] + self.unflattened_size + input_x.shape[axis + 1:])


class Dropout(Cell):
    """Zero elements with probability p (or 1 - keep_prob) in training mode; identity otherwise."""

    def __init__(self, keep_prob=0.5, p=None, dtype=mstype.float32):
        super().__init__()
        if p is None:
            V.number("Dropout", "keep_prob", keep_prob)
            if not 0 < keep_prob <= 1:
                raise ValueError(f"For 'Dropout', the 'keep_prob' must be a number in range (0, 1], "
                                 f"but got {float(keep_prob)}.")
            self.keep_prob, self.p, self._show = keep_prob, 1.0 - keep_prob, f"keep_prob={keep_prob}"
        else:
            V.number("Dropout", "p", p)
            if not 0 <= p < 1:
                raise ValueError(f"For 'Dropout', the 'p' must be a number in range [0, 1), but got {float(p)}.")
            self.keep_prob, self.p, self._show = 1.0 - p, p, f"p={p}"

    def construct(self, x):
        if not self.training or self.p == 0:
            return x
        return NF.dropout(x, self.p, True)

    def extend_repr(self):
        return self._show


def _check_channel_p(p, cell):
    if not isinstance(p, float) or isinstance(p, bool):
        raise TypeError(f"For '{cell}', the type of 'p' should be 'float', but got type '{type(p).__name__}'.")
    if p < 0 or p > 1:
        raise ValueError(f"For '{cell}', the 'p' must be a number in range [0, 1], but got {p}.")


def _channel_dropout(x, p, feature_dims):
    """Zero whole channels (one mask entry per leading index) with probability p; scale the rest by 1/(1-p)."""
    dtype = x._data.dtype
    mask_shape = x.shape[:x.ndim - feature_dims] + (1,) * feature_dims
    keep = random_generator(None, "dropout", backend_of(x._data)).random(mask_shape) >= p
    scale = dtype.type(0) if p == 1 else dtype.type(1) / dtype.type(1 - p)
    return E.mul(x, wrap(keep.astype(dtype) * scale))


class Dropout1d(Cell):
    """In training mode zero whole channels (rows of length L) of an (N, C, L) or (C, L) input with probability p."""

    def __init__(self, p=0.5):
        super().__init__()
        _check_channel_p(p, "Dropout1d")
        self.prob = p

    def construct(self, x):
        if not self.training or self.prob == 0:
            return x
        V.tensor("Dropout1d", "input", x)
        if x.ndim not in (2, 3):
            raise ValueError(f"For dropout1d, input shape should be 2D or 3D, but got {x.ndim}.")
        return _channel_dropout(x, self.prob, 1)


class Dropout2d(Cell):
    """In training mode zero whole (H, W) channels of an (N, C, H, W) input with probability p."""

    def __init__(self, p=0.5):
        super().__init__()
        _check_channel_p(p, "Dropout2d")
        self.keep_prob = 1.0 - p

    def construct(self, x):
        if not self.training or self.keep_prob == 1:
            return x
        V.tensor("Dropout2d", "input", x)
        if x.ndim != 4:
            raise ValueError(f"For primitive[Dropout2D], the rank of input  must be equal to 4 , but got {x.ndim}.")
        return _channel_dropout(x, 1.0 - self.keep_prob, 2)

    def extend_repr(self):
        # MindSpore prints the keep probability under the name p.
        return f"p={self.keep_prob}"


class Identity(Cell):
    """Returns its input unchanged; accepts and ignores any constructor arguments."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def construct(self, input):
        return input


class OneHot(Cell):
    """One-hot vectors of `depth` along `axis`, on_value / off_value cast to `dtype`."""

    def __init__(self, axis=-1, depth=1, on_value=1.0, off_value=0.0, dtype=mstype.float32):
        super().__init__()
        V.integer("OneHot", "axis", axis, -1)
        V.integer("OneHot", "depth", depth, 0)
        V.dtype("OneHot", "dtype", dtype)
        for name, value in (("on_value", on_value), ("off_value", off_value)):
            if not isinstance(value, Tensor) and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise TypeError(f"For 'OneHot', the '{name}' must be a number, but got {V.describe(value)}.")
        self.axis, self.depth, self.on_value, self.off_value, self.dtype = axis, depth, on_value, off_value, dtype

    def construct(self, indices):
        on, off = Tensor(self.on_value, self.dtype), Tensor(self.off_value, self.dtype)
        return one_hot(indices, self.depth, on, off, self.axis)


_PAD_MODES = ("CONSTANT", "REFLECT", "SYMMETRIC")


class Pad(Cell):
    """Pad every dimension by paddings[d] = (before, after): with zeros ('CONSTANT') or by mirroring the
    edge ('REFLECT' leaves the edge out, 'SYMMETRIC' repeats it)."""

    def __init__(self, paddings, mode="CONSTANT"):
        super().__init__()
        if not isinstance(mode, str) or mode.upper() not in _PAD_MODES:
            raise ValueError(f"For 'Pad', the 'mode' must be one of {list(_PAD_MODES)}, but got {mode!r}.")
        if not isinstance(paddings, tuple) or not all(
                isinstance(p, tuple) and len(p) == 2 and all(isinstance(v, int) and v >= 0 for v in p)
                for p in paddings):
            raise TypeError(f"For 'Pad', the 'paddings' must be a tuple of (before, after) pairs of non-negative "
                            f"ints, but got {paddings!r}.")
        self.paddings, self.mode = paddings, mode.upper()

    def construct(self, x):
        if len(self.paddings) != x.ndim:
            raise ValueError(f"For 'Pad', the 'paddings' must have {x.ndim} pairs (one per dimension of the "
                             f"input), but got {len(self.paddings)}.")
        if self.mode == "CONSTANT":
            return S.pad(x, widths=self.paddings, value=0)
        for axis, (before, after) in enumerate(self.paddings):
            if before or after:
                x = _mirror(x, axis, before, after, self.mode)
        return x


def _mirror(x, axis, before, after, mode):
    """x padded on `axis` by mirrored rows: a gather, so the gradient flows back to the mirrored rows."""
    size = x.shape[axis]
    edge = 0 if mode == "SYMMETRIC" else 1
    if before > size - edge or after > size - edge:
        raise ValueError(f"For 'Pad', a {mode} padding of axis {axis} must be at most {size - edge} (its size"
                         f"{' - 1' if edge else ''}), but got ({before}, {after}).")
    head = [before - i - 1 + edge for i in range(before)]
    tail = [size - 1 - edge - i for i in range(after)]
    index = Tensor(head + list(range(size)) + tail, mstype.int64)
    return S.gather(x, index, axis=axis)


class ClipByNorm(Cell):
    """x scaled so that its L2 norm over `axis` (all axes when None) is at most clip_norm."""

    def __init__(self, axis=None):
        super().__init__()
        if axis is not None and not isinstance(axis, (int, tuple, list)) or isinstance(axis, bool):
            raise TypeError(f"For 'ClipByNorm', the 'axis' must be None, an int, a tuple or a list, but got "
                            f"{V.describe(axis)}.")
        self.axis = axis

    def construct(self, x, clip_norm):
        axes = V.axes("ClipByNorm", self.axis, V.tensor("ClipByNorm", "x", x).ndim)
        if not isinstance(clip_norm, Tensor) and (isinstance(clip_norm, bool) or not isinstance(clip_norm,
                                                                                                 (int, float))):
            raise TypeError(f"For 'ClipByNorm', the 'clip_norm' must be a Tensor or a number, but got "
                            f"{V.describe(clip_norm)}.")
        norm = E.sqrt(R.sum(E.mul(x, x), axis=axes, keepdims=True))
        limit = clip_norm if isinstance(clip_norm, Tensor) else Tensor(clip_norm, x.dtype)
        limit = E.cast(limit, dtype=x._data.dtype)
        return E.div(E.mul(x, limit), E.maximum(norm, limit))
