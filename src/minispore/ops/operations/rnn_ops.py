"""`P.LSTM`: MindSpore's LSTM operator on one flat weight Tensor (its CPU kernel's layout)."""
import math
import numbers

from minispore._backend import backend_of
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, linalg as L, shape as S
from minispore.ops._prims.nn import dense
from minispore.ops.primitive import Primitive

__all__ = ["LSTM"]


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"For 'LSTM', the '{name}' must be int, but got {type(value).__name__}.")
    if value <= 0:
        raise ValueError(f"For 'LSTM', the '{name}' must be int and must > 0, but got {value}.")
    return int(value)


class LSTM(Primitive):
    """`(output, h_n, c_n, reserve, state)` of an LSTM over (seq_len, batch, input_size).

    The weight `w` (n, 1, 1) holds, as MindSpore's CPU kernel reads it: w_ih (4H, input_size), w_hh (4H, R),
    then with proj_size > 0 the projection w_hr (P, H), then with has_bias one bias (4H) (b_ih + b_hh);
    gates in the order input, forget, cell, output; R = proj_size or H. As on MindSpore's CPU, one layer in
    one direction; `reserve` and `state` (the kernel's workspace) come back empty.
    """

    def __init__(self, input_size, hidden_size, num_layers, has_bias, bidirectional, dropout, proj_size=0):
        super().__init__()
        self.input_size = _positive_int("input_size", input_size)
        self.hidden_size = _positive_int("hidden_size", hidden_size)
        self.num_layers = _positive_int("num_layers", num_layers)
        if isinstance(proj_size, bool) or not isinstance(proj_size, numbers.Integral):
            raise TypeError(f"For 'LSTM', the 'proj_size' must be int, but got {type(proj_size).__name__}.")
        if not 0 <= proj_size < hidden_size:
            raise ValueError(f"For 'LSTM', the 'proj_size' must be in range [0, {hidden_size}), but got {proj_size}.")
        for name, value in (("has_bias", has_bias), ("bidirectional", bidirectional)):
            if not isinstance(value, bool):
                raise TypeError(f"For 'LSTM', the '{name}' must be bool, but got {type(value).__name__}.")
        if not isinstance(dropout, float):
            raise TypeError(f"For 'LSTM', the 'dropout' must be float, but got {type(dropout).__name__}.")
        if not 0 <= dropout <= 1:
            raise ValueError(f"For 'LSTM', the 'dropout' must be in range [0.0, 1.0], but got {dropout}.")
        if num_layers != 1 or bidirectional:
            raise ValueError("For 'LSTM', MindSpore's CPU kernel (and this one) runs one layer in one direction: "
                             "use nn.LSTM for stacked or bidirectional LSTMs.")
        self.proj_size, self.has_bias, self.bidirectional, self.dropout = int(proj_size), has_bias, bidirectional, dropout
        self.num_directions = 1
        for name in ("input_size", "hidden_size", "num_layers", "has_bias", "bidirectional", "dropout", "proj_size"):
            self.add_prim_attr(name, getattr(self, name))

    def _split_weights(self, w):
        hidden, recurrent = self.hidden_size, self.proj_size or self.hidden_size
        sizes = [("w_ih", (4 * hidden, self.input_size)), ("w_hh", (4 * hidden, recurrent))]
        if self.proj_size:
            sizes.append(("w_hr", (self.proj_size, hidden)))
        if self.has_bias:
            sizes.append(("bias", (4 * hidden,)))
        expected = sum(math.prod(shape) for _, shape in sizes)
        if not isinstance(w, Tensor) or w.size != expected:
            got = w.size if isinstance(w, Tensor) else type(w).__name__
            raise ValueError(f"For 'LSTM', the weight 'w' must hold {expected} values (w_ih, w_hh"
                             f"{', w_hr' if self.proj_size else ''}{', bias' if self.has_bias else ''}), but got {got}.")
        flat, parts, start = S.reshape(w, shape=(expected,)), {}, 0
        for name, shape in sizes:
            count = math.prod(shape)
            parts[name] = S.reshape(S.getitem(flat, index=slice(start, start + count)), shape=shape)
            start += count
        return parts

    def __call__(self, input, h, c, w):
        hidden, recurrent = self.hidden_size, self.proj_size or self.hidden_size
        if not isinstance(input, Tensor) or input.ndim != 3 or input.shape[2] != self.input_size:
            raise ValueError(f"For 'LSTM', 'input' must be (seq_len, batch_size, {self.input_size}), but got "
                             f"{input.shape if isinstance(input, Tensor) else type(input).__name__}.")
        batch = input.shape[1]
        for name, state, size in (("h", h, recurrent), ("c", c, hidden)):
            if not isinstance(state, Tensor) or state.shape != (1, batch, size):
                raise ValueError(f"For 'LSTM', '{name}' must have shape (1, {batch}, {size}), but got "
                                 f"{state.shape if isinstance(state, Tensor) else type(state).__name__}.")
        parts = self._split_weights(w)
        projected = dense(input, parts["w_ih"], parts.get("bias"))  # (T, B, 4H)
        h_t, c_t = S.reshape(h, shape=(batch, recurrent)), S.reshape(c, shape=(batch, hidden))
        w_hh_t = S.transpose(parts["w_hh"], perm=(1, 0))
        steps = projected.shape[0]
        pieces = S.split(projected, axis=0, sections=list(range(1, steps))) if steps > 1 else (projected,)
        outputs = []
        for piece in pieces:
            gates = E.add(S.reshape(piece, shape=(batch, 4 * hidden)), L.matmul(h_t, w_hh_t))
            i, f, g, o = S.split(gates, axis=1, sections=[hidden, 2 * hidden, 3 * hidden])
            c_t = E.add(E.mul(E.sigmoid(f), c_t), E.mul(E.sigmoid(i), E.tanh(g)))
            h_t = E.mul(E.sigmoid(o), E.tanh(c_t))
            if self.proj_size:
                h_t = dense(h_t, parts["w_hr"], None)
            outputs.append(h_t)
        xp = backend_of(input._data).xp
        empty = wrap(xp.zeros((0, 1), dtype=input._data.dtype))
        return (S.stack(*outputs, axis=0), S.expand_dims(h_t, axis=0), S.expand_dims(c_t, axis=0), empty,
                wrap(xp.zeros((1, 1), dtype=input._data.dtype)))
