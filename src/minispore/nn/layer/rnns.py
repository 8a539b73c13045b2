"""Recurrent layers: RNN, LSTM, GRU (stacked, bidirectional) and their one-step cells.

The time loop is a Python loop; each step works on the whole batch. The input projection of a whole
sequence is one matrix product before the loop, so a step only multiplies the hidden state.
"""
import math

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.initializer import Uniform, initializer
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.tensor import Tensor, wrap
from minispore.nn.cell import Cell
from minispore.nn.layer.basic import Dropout
from minispore.ops._prims import elementwise as E, shape as S
from minispore.ops._prims.nn import dense

__all__ = ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]


def _rnn_tanh_step(gi, state, w_hh, b_hh):
    return (E.tanh(E.add(gi, dense(state[0], w_hh, b_hh))),)


def _rnn_relu_step(gi, state, w_hh, b_hh):
    return (E.relu(E.add(gi, dense(state[0], w_hh, b_hh))),)


def _lstm_step(gi, state, w_hh, b_hh):
    """Gates in the order input, forget, cell, output (PyTorch's layout, which MindSpore shares)."""
    h, c = state
    size = h.shape[-1]
    gates = E.add(gi, dense(h, w_hh, b_hh))
    i, f, g, o = S.split(gates, axis=gates.ndim - 1, sections=[size, 2 * size, 3 * size])
    c = E.add(E.mul(E.sigmoid(f), c), E.mul(E.sigmoid(i), E.tanh(g)))
    return E.mul(E.sigmoid(o), E.tanh(c)), c


def _gru_step(gi, state, w_hh, b_hh):
    """Gates reset, update, new; h' = (1 - z)·n + z·h with n = tanh(x_n + r·(W_hn h + b_hn))."""
    h = state[0]
    size = h.shape[-1]
    sections = [size, 2 * size]
    gh = dense(h, w_hh, b_hh)
    i_r, i_z, i_n = S.split(gi, axis=gi.ndim - 1, sections=sections)
    h_r, h_z, h_n = S.split(gh, axis=gh.ndim - 1, sections=sections)
    r = E.sigmoid(E.add(i_r, h_r))
    z = E.sigmoid(E.add(i_z, h_z))
    n = E.tanh(E.add(i_n, E.mul(r, h_n)))
    return (E.add(n, E.mul(z, E.sub(h, n))),)


class _DynamicRNN(Cell):
    """One direction of one layer: runs `step` over time on a pre-projected (T, B, G) input."""

    step = None

    def construct(self, projected, state, w_hh, b_hh, valid=None):
        steps = projected.shape[0]
        batch_shape = projected.shape[1:]
        pieces = S.split(projected, axis=0, sections=list(range(1, steps))) if steps > 1 else (projected,)
        outputs = []
        for t, piece in enumerate(pieces):
            new_state = type(self).step(S.reshape(piece, shape=batch_shape), state, w_hh, b_hh)
            if valid is None:
                state, output = new_state, new_state[0]
            else:
                # Past a sequence's end its state is carried and its output is zero.
                keep = valid[t]
                state = tuple(E.add(old, E.mul(keep, E.sub(new, old))) for old, new in zip(state, new_state))
                output = E.mul(new_state[0], keep)
            outputs.append(output)
        return S.stack(*outputs, axis=0), state


class _DynamicRNNTanh(_DynamicRNN):
    step = staticmethod(_rnn_tanh_step)


class _DynamicRNNRelu(_DynamicRNN):
    step = staticmethod(_rnn_relu_step)


class _DynamicLSTMCPUGPU(_DynamicRNN):
    step = staticmethod(_lstm_step)


class _DynamicGRUCPUGPU(_DynamicRNN):
    step = staticmethod(_gru_step)


_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
_SWEEPS = {"RNN_TANH": _DynamicRNNTanh, "RNN_RELU": _DynamicRNNRelu, "LSTM": _DynamicLSTMCPUGPU,
           "GRU": _DynamicGRUCPUGPU}


def _uniform_param(shape, bound, dtype, name):
    V.dtype("RNN", "dtype", dtype)
    return Parameter(initializer(Uniform(bound), shape, dtype), name=name)


def _check_positive_int(value, name, cls_name):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"For '{cls_name}', the '{name}' must be a positive int, but got {value!r}.")


class _RNNBase(Cell):
    """Stacked, optionally bidirectional recurrence; parameters named weight_ih_l{k}[_reverse] etc."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, has_bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, dtype=mstype.float32):
        super().__init__()
        name = type(self).__name__
        for arg, value in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
            _check_positive_int(value, arg, name)
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
            raise ValueError(f"For '{name}', the 'dropout' must be a number in range [0, 1) representing the "
                             f"probability of an element being zeroed, but got {dropout}.")
        has_bias, batch_first = V.flag(name, "has_bias", has_bias), V.flag(name, "batch_first", batch_first)
        bidirectional = V.flag(name, "bidirectional", bidirectional)
        self.mode, self.input_size, self.hidden_size, self.num_layers = mode, input_size, hidden_size, num_layers
        self.has_bias, self.batch_first = has_bias, batch_first
        self.dropout, self.bidirectional = dropout, bidirectional
        self.is_lstm = mode == "LSTM"
        self.rnn = _SWEEPS[mode]()
        self.dropout_op = Dropout(p=float(dropout))
        directions = 2 if bidirectional else 1
        gate_size, bound = _GATES[mode] * hidden_size, 1 / math.sqrt(hidden_size)
        widest = max(input_size, hidden_size * directions) + hidden_size + 2 * has_bias
        per_layer = directions * (gate_size * widest * mstype.np_dtype(dtype).itemsize + 4 * 1024)  # + objects
        V.fits_memory(name, num_layers * per_layer, f"{num_layers} layers of weights")
        groups = {"weight_ih": [], "weight_hh": [], "bias_ih": [], "bias_hh": []}
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                groups["weight_ih"].append((suffix, (gate_size, layer_input)))
                groups["weight_hh"].append((suffix, (gate_size, hidden_size)))
                if has_bias:
                    groups["bias_ih"].append((suffix, (gate_size,)))
                    groups["bias_hh"].append((suffix, (gate_size,)))
        # As in MindSpore, the weights live in four ParameterTuples (every weight_ih first, then weight_hh,
        # bias_ih, bias_hh), one entry per layer and direction; assigning a new tuple replaces them.
        tuples = {kind: ParameterTuple(_uniform_param(shape, bound, dtype, kind + suffix) for suffix, shape in entries)
                  for kind, entries in groups.items()}
        self.w_ih_list, self.w_hh_list = tuples["weight_ih"], tuples["weight_hh"]
        self.b_ih_list, self.b_hh_list = tuples["bias_ih"], tuples["bias_hh"]

    def _weights(self, layer, direction):
        index = layer * (2 if self.bidirectional else 1) + direction
        if self.has_bias:
            return self.w_ih_list[index], self.w_hh_list[index], self.b_ih_list[index], self.b_hh_list[index]
        return self.w_ih_list[index], self.w_hh_list[index], None, None

    def _check_inputs(self, x, hx, seq_length):
        name = type(self).__name__
        if not isinstance(x, Tensor):
            raise TypeError(f"For '{name}', the 'x' must be a Tensor, but got {type(x).__name__}.")
        if x.ndim != 3 or x.shape[2] != self.input_size:
            layout = "(batch, seq_len, input_size)" if self.batch_first else "(seq_len, batch, input_size)"
            hint = ""
            if x.ndim == 2 and x.shape[-1] == self.input_size:
                hint = f"; add the batch dimension with x.expand_dims({0 if self.batch_first else 1})"
            elif x.ndim == 3 and x.shape[1] == self.input_size:
                hint = "; the features look on axis 1: move them last with x.swapaxes(1, 2)"
            raise ValueError(f"For '{name}', the input 'x' must be 3-D {layout} with input_size={self.input_size}, "
                             f"but got shape {x.shape}{hint}.")
        if x.dtype not in (mstype.float32, mstype.float16, mstype.float64):
            raise TypeError(f"For '{name}', the dtype of 'x' must be float16 or float32, but got {x.dtype}; convert "
                            "it with x.astype(mindspore.float32).")
        batch = x.shape[0] if self.batch_first else x.shape[1]
        expected = (self.num_layers * (2 if self.bidirectional else 1), batch, self.hidden_size)
        if hx is not None:
            states = hx if self.is_lstm else (hx,)
            if self.is_lstm and not (isinstance(hx, (tuple, list)) and len(hx) == 2):
                raise TypeError(f"For '{name}', 'hx' must be a tuple (h_0, c_0), but got {type(hx).__name__}.")
            for state in states:
                if not isinstance(state, Tensor) or tuple(state.shape) != expected:
                    shape = state.shape if isinstance(state, Tensor) else type(state).__name__
                    raise ValueError(f"For '{name}', the initial state must have shape (num_layers * num_directions, "
                                     f"batch, hidden_size) = {expected}, but got {shape}.")
        if seq_length is not None:
            if not isinstance(seq_length, Tensor) or seq_length._data.dtype.kind not in "iu":
                raise TypeError(f"For '{name}', 'seq_length' must be an int32 or int64 Tensor.")
            if seq_length.shape != (batch,):
                raise ValueError(f"For '{name}' batch size of x and seq_length must be equal, but got {batch} of x "
                                 f"and {seq_length.shape[0] if seq_length.ndim else seq_length.shape} of seq_length.")
        return expected

    def construct(self, x, hx=None, seq_length=None):
        state_shape = self._check_inputs(x, hx, seq_length)
        if self.batch_first:
            x = S.transpose(x, perm=(1, 0, 2))
        steps, batch = x.shape[0], x.shape[1]
        xp = backend_of(x._data).xp
        if hx is None:
            zeros = wrap(xp.zeros(state_shape, dtype=x._data.dtype))
            hx = (zeros, zeros) if self.is_lstm else zeros
        initial = tuple(self._split_states(h, batch) for h in (hx if self.is_lstm else (hx,)))
        valid, reverse_index = None, None
        if seq_length is not None:
            lengths = seq_length._data.astype(xp.int64)
            mask = (xp.arange(steps)[:, None] < lengths[None, :]).astype(x._data.dtype)
            valid = [wrap(mask[t][:, None]) for t in range(steps)]
            # Reverse each sequence within its own length; padding stays in place.
            time = xp.arange(steps)[:, None]
            reverse_index = (xp.where(time < lengths[None, :], lengths[None, :] - 1 - time, time),
                             xp.arange(batch)[None, :])
        directions = 2 if self.bidirectional else 1
        finals, layer_input = [], x
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                w_ih, w_hh, b_ih, b_hh = self._weights(layer, direction)
                source = self._reverse(layer_input, reverse_index) if direction else layer_input
                index = layer * directions + direction
                state = tuple(states[index] for states in initial)
                output, state = self.rnn(dense(source, w_ih, b_ih), state, w_hh, b_hh, valid)
                outputs.append(self._reverse(output, reverse_index) if direction else output)
                finals.append(state)
            layer_input = S.concat(*outputs, axis=2) if directions == 2 else outputs[0]
            if self.dropout != 0 and layer < self.num_layers - 1:
                layer_input = self.dropout_op(layer_input)
        output = S.transpose(layer_input, perm=(1, 0, 2)) if self.batch_first else layer_input
        h_n = S.stack(*[state[0] for state in finals], axis=0)
        if self.is_lstm:
            return output, (h_n, S.stack(*[state[1] for state in finals], axis=0))
        return output, h_n

    @staticmethod
    def _split_states(h, batch):
        pieces = S.split(h, axis=0, sections=list(range(1, h.shape[0]))) if h.shape[0] > 1 else (h,)
        return [S.reshape(p, shape=(batch, h.shape[2])) for p in pieces]

    @staticmethod
    def _reverse(x, reverse_index):
        return S.flip(x, axis=(0,)) if reverse_index is None else S.getitem(x, index=reverse_index)


class RNN(_RNNBase):
    """Elman RNN: h_t = act(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh); returns (output, h_n)."""

    def __init__(self, input_size, hidden_size, num_layers=1, has_bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, dtype=mstype.float32, *, nonlinearity="tanh"):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"For 'RNN', the 'nonlinearity' must be in ['tanh', 'relu'], but got {nonlinearity}.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size, num_layers,
                         has_bias, batch_first, dropout, bidirectional, dtype)


class LSTM(_RNNBase):
    """Long short-term memory; returns (output, (h_n, c_n))."""

    def __init__(self, input_size, hidden_size, num_layers=1, has_bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, dtype=mstype.float32):
        super().__init__("LSTM", input_size, hidden_size, num_layers, has_bias, batch_first, dropout, bidirectional,
                         dtype)


class GRU(_RNNBase):
    """Gated recurrent unit; returns (output, h_n)."""

    def __init__(self, input_size, hidden_size, num_layers=1, has_bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, dtype=mstype.float32):
        super().__init__("GRU", input_size, hidden_size, num_layers, has_bias, batch_first, dropout, bidirectional,
                         dtype)


class _RNNCellBase(Cell):
    """One recurrence step on (batch, input_size) with parameters weight_ih, weight_hh, bias_ih, bias_hh."""

    gates = 1

    def __init__(self, input_size, hidden_size, has_bias=True, dtype=mstype.float32):
        super().__init__()
        name = type(self).__name__
        _check_positive_int(input_size, "input_size", name)
        _check_positive_int(hidden_size, "hidden_size", name)
        has_bias = V.flag(name, "has_bias", has_bias)
        self.input_size, self.hidden_size, self.has_bias = input_size, hidden_size, has_bias
        gate_size, bound = self.gates * hidden_size, 1 / math.sqrt(hidden_size)
        self.weight_ih = _uniform_param((gate_size, input_size), bound, dtype, "weight_ih")
        self.weight_hh = _uniform_param((gate_size, hidden_size), bound, dtype, "weight_hh")
        if has_bias:
            self.bias_ih = _uniform_param((gate_size,), bound, dtype, "bias_ih")
            self.bias_hh = _uniform_param((gate_size,), bound, dtype, "bias_hh")
        else:
            self.bias_ih = self.bias_hh = None

    def _check(self, x, states):
        name = type(self).__name__
        if not isinstance(x, Tensor) or x.ndim != 2 or x.shape[1] != self.input_size:
            shape = x.shape if isinstance(x, Tensor) else type(x).__name__
            raise ValueError(f"For '{name}', the input 'x' must have shape (batch, input_size={self.input_size}), "
                             f"but got {shape}.")
        for state in states:
            if not isinstance(state, Tensor) or tuple(state.shape) != (x.shape[0], self.hidden_size):
                shape = state.shape if isinstance(state, Tensor) else type(state).__name__
                raise ValueError(f"For '{name}', the hidden state must have shape (batch, hidden_size) = "
                                 f"{(x.shape[0], self.hidden_size)}, but got {shape}.")

    def _step(self, step, x, states):
        self._check(x, states)
        return step(dense(x, self.weight_ih, self.bias_ih), states, self.weight_hh, self.bias_hh)


class RNNCell(_RNNCellBase):
    """h' = act(W_ih x + b_ih + W_hh h + b_hh) with act 'tanh' or 'relu'."""

    def __init__(self, input_size, hidden_size, has_bias=True, nonlinearity="tanh", dtype=mstype.float32):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"For 'RNNCell', the 'nonlinearity' must be str and must be in '['tanh', 'relu']', "
                             f"but got '{nonlinearity}'.")
        super().__init__(input_size, hidden_size, has_bias, dtype)
        self.nonlinearity = nonlinearity

    def construct(self, x, hx):
        step = _rnn_tanh_step if self.nonlinearity == "tanh" else _rnn_relu_step
        return self._step(step, x, (hx,))[0]


class LSTMCell(_RNNCellBase):
    """One LSTM step: (h', c') from x and hx = (h, c)."""

    gates = 4

    def construct(self, x, hx):
        if not (isinstance(hx, (tuple, list)) and len(hx) == 2):
            raise TypeError(f"For 'LSTMCell', 'hx' must be a tuple (h, c), but got {type(hx).__name__}.")
        return self._step(_lstm_step, x, tuple(hx))


class GRUCell(_RNNCellBase):
    """One GRU step: h' from x and h."""

    gates = 3

    def construct(self, x, hx):
        return self._step(_gru_step, x, (hx,))[0]
