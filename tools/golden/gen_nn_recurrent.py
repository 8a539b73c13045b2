"""Golden fixtures for recurrent and attention layers: RNN/LSTM/GRU, their cells, attention, encoders.

Writes tests/golden/nn_recurrent.npz/.json. Run from /work/main with the reference venv:
  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_nn_recurrent.py
"""
import numpy as np
from mindspore import nn

from gen_nn import Recorder, case_rng, record_layer_or_error

SEQ, BATCH, IN, HID = 4, 2, 3, 5


def normal(case, name, shape, scale=1.0):
    """Fixed float32 data drawn from a RandomState keyed by case and input name."""
    return (case_rng(f"{case}/{name}").standard_normal(shape) * scale).astype("float32")


def rnn_cases(rec):
    """RNN/LSTM/GRU: layers, directions, batch_first, with and without initial state."""
    specs = [
        ("rnn_tanh", "RNN", {"input_size": IN, "hidden_size": HID}, False),
        ("rnn_relu_2layer_batch_first_h0", "RNN", {"input_size": IN, "hidden_size": HID, "num_layers": 2,
                                                  "nonlinearity": "relu", "batch_first": True}, True),
        ("rnn_2layer_bidirectional_h0", "RNN", {"input_size": IN, "hidden_size": HID, "num_layers": 2,
                                               "bidirectional": True}, True),
        ("rnn_no_bias", "RNN", {"input_size": IN, "hidden_size": HID, "has_bias": False}, False),
        ("lstm", "LSTM", {"input_size": IN, "hidden_size": HID}, False),
        ("lstm_h0c0", "LSTM", {"input_size": IN, "hidden_size": HID}, True),
        ("lstm_2layer_batch_first_h0c0", "LSTM", {"input_size": IN, "hidden_size": HID, "num_layers": 2,
                                                 "batch_first": True}, True),
        ("lstm_2layer_bidirectional", "LSTM", {"input_size": IN, "hidden_size": HID, "num_layers": 2,
                                              "bidirectional": True}, False),
        ("lstm_bidirectional_batch_first_h0c0", "LSTM", {"input_size": IN, "hidden_size": HID,
                                                        "bidirectional": True, "batch_first": True}, True),
        ("gru", "GRU", {"input_size": IN, "hidden_size": HID}, False),
        ("gru_2layer_batch_first_h0", "GRU", {"input_size": IN, "hidden_size": HID, "num_layers": 2,
                                             "batch_first": True}, True),
        ("gru_2layer_bidirectional_h0", "GRU", {"input_size": IN, "hidden_size": HID, "num_layers": 2,
                                               "bidirectional": True}, True),
        ("gru_no_bias", "GRU", {"input_size": IN, "hidden_size": HID, "has_bias": False}, False),
    ]
    for case, layer, kwargs, with_state in specs:
        x_shape = (BATCH, SEQ, IN) if kwargs.get("batch_first") else (SEQ, BATCH, IN)
        inputs = [("x", normal(case, "x", x_shape))]
        state_shape = (kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1), BATCH, HID)
        call, call_text = None, None
        if with_state:
            inputs.append(("h0", normal(case, "h0", state_shape)))
            if layer == "LSTM":
                inputs.append(("c0", normal(case, "c0", state_shape)))
                call, call_text = (lambda net, x, h, c: net(x, (h, c))), "net(x, (h0, c0))"
        record_layer_or_error(rec, case, layer, kwargs, inputs, call=call, call_text=call_text,
                              note="h0/c0 shape (num_layers*num_directions, batch, hidden) even "
                                   "when batch_first")
    case = "lstm_seq_length"
    record_layer_or_error(
        rec, case, "LSTM", {"input_size": IN, "hidden_size": HID},
        [("x", normal(case, "x", (SEQ, BATCH, IN))), ("seq_length", np.array([SEQ, 2], dtype="int32"))],
        call=lambda net, x, n: net(x, None, n), call_text="net(x, None, seq_length)",
        note="second sequence has length 2: outputs past it and the final state")


def cell_cases(rec):
    """RNNCell (tanh, relu), LSTMCell and GRUCell, with and without bias."""
    specs = [
        ("rnncell_tanh", "RNNCell", {"input_size": IN, "hidden_size": HID}),
        ("rnncell_relu", "RNNCell", {"input_size": IN, "hidden_size": HID, "nonlinearity": "relu"}),
        ("lstmcell", "LSTMCell", {"input_size": IN, "hidden_size": HID}),
        ("grucell", "GRUCell", {"input_size": IN, "hidden_size": HID}),
        ("grucell_no_bias", "GRUCell", {"input_size": IN, "hidden_size": HID, "has_bias": False}),
    ]
    for case, layer, kwargs in specs:
        inputs = [("x", normal(case, "x", (BATCH, IN))), ("h", normal(case, "h", (BATCH, HID)))]
        call, call_text = None, None
        if layer == "LSTMCell":
            inputs.append(("c", normal(case, "c", (BATCH, HID))))
            call, call_text = (lambda net, x, h, c: net(x, (h, c))), "net(x, (h, c))"
        record_layer_or_error(rec, case, layer, kwargs, inputs, call=call, call_text=call_text)


def attention_inputs(case, batch_first, kdim=8, vdim=8, tgt=3, src=4):
    """query/key/value arrays for embed_dim 8 in (L, N, E) or batch-first layout."""
    def shape(length, dim):
        return (BATCH, length, dim) if batch_first else (length, BATCH, dim)
    return [("query", normal(case, "query", shape(tgt, 8))), ("key", normal(case, "key", shape(src, kdim))),
            ("value", normal(case, "value", shape(src, vdim)))]


def attention_cases(rec):
    """MultiheadAttention over masks, batch_first, kdim/vdim, bias options and weight averaging."""
    qkv = ["query", "key", "value"]
    base = {"embed_dim": 8, "num_heads": 2}
    plain = [
        ("mha", {}, {}),
        ("mha_batch_first", {"batch_first": True}, {}),
        ("mha_kdim_vdim", {"kdim": 5, "vdim": 6}, {}),
        ("mha_no_bias", {"has_bias": False}, {}),
        ("mha_add_bias_kv_zero_attn", {"add_bias_kv": True, "add_zero_attn": True}, {}),
        ("mha_per_head_weights", {}, {"average_attn_weights": False}),
        ("mha_need_weights_false", {}, {"need_weights": False}),
    ]
    for case, extra_kwargs, call_kwargs in plain:
        kwargs = dict(base, **extra_kwargs)
        inputs = attention_inputs(case, kwargs.get("batch_first", False), kwargs.get("kdim", 8),
                                  kwargs.get("vdim", 8))
        text = "net(query, key, value" + "".join(f", {k}={v}" for k, v in call_kwargs.items()) + ")"
        record_layer_or_error(rec, case, "MultiheadAttention", kwargs, inputs,
                              call=lambda net, q, k, v, ck=call_kwargs: net(q, k, v, **ck),
                              call_text=text, grad_inputs=qkv)
    rng = case_rng("mha masks")
    bool_attn = np.triu(np.ones((3, 4), dtype=bool), k=2)
    float_attn = np.where(bool_attn, -1e9, 0).astype("float32") + rng.uniform(-1, 0, (3, 4)).astype("float32")
    padding = np.array([[False, False, False, True], [False, False, True, True]])
    masked = [
        ("mha_bool_attn_mask", False, [("attn_mask", bool_attn)], "net(query, key, value, attn_mask=attn_mask)"),
        ("mha_float_attn_mask", False, [("attn_mask", float_attn)],
         "net(query, key, value, attn_mask=attn_mask)"),
        ("mha_key_padding_mask", False, [("key_padding_mask", padding)],
         "net(query, key, value, key_padding_mask=key_padding_mask)"),
        ("mha_both_masks_batch_first", True, [("attn_mask", bool_attn), ("key_padding_mask", padding)],
         "net(query, key, value, attn_mask=attn_mask, key_padding_mask=key_padding_mask)"),
    ]
    for case, batch_first, masks, text in masked:
        kwargs = dict(base, batch_first=batch_first)
        names = [n for n, _ in masks]
        record_layer_or_error(rec, case, "MultiheadAttention", kwargs,
                              attention_inputs(case, batch_first) + masks,
                              call=lambda net, q, k, v, *m, names=names: net(q, k, v, **dict(zip(names, m))),
                              call_text=text, grad_inputs=qkv,
                              note="bool mask: True = not allowed to attend; float mask is added")


def call_with_masks(net, src, src_mask, src_key_padding_mask):
    """Encoder call with both masks passed by keyword."""
    return net(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)


def encoder_cases(rec):
    """TransformerEncoderLayer (post/pre-norm, gelu, masks) and a 2-layer TransformerEncoder."""
    layer_specs = [
        ("encoder_layer", {}, False),
        ("encoder_layer_batch_first_norm_first", {"batch_first": True, "norm_first": True}, False),
        ("encoder_layer_gelu_masks", {"activation": "gelu"}, True),
    ]
    padding = np.array([[False, False, False, True], [False, True, False, False]])
    causal = np.triu(np.ones((SEQ, SEQ), dtype=bool), k=1)
    for case, extra, masked in layer_specs:
        kwargs = dict({"d_model": 8, "nhead": 2, "dim_feedforward": 16, "dropout": 0.0}, **extra)
        shape = (BATCH, SEQ, 8) if kwargs.get("batch_first") else (SEQ, BATCH, 8)
        inputs = [("src", normal(case, "src", shape))]
        call, text = None, None
        if masked:
            inputs += [("src_mask", causal), ("src_key_padding_mask", padding)]
            call = call_with_masks
            text = "net(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)"
        record_layer_or_error(rec, case, "TransformerEncoderLayer", kwargs, inputs, call=call,
                              call_text=text, grad_inputs=["src"])
    case = "encoder_2layers_norm"
    record_layer_or_error(
        rec, case, "TransformerEncoder", {"num_layers": 2},
        [("src", normal(case, "src", (SEQ, BATCH, 8)))],
        build=lambda: nn.TransformerEncoder(
            nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0), 2, norm=nn.LayerNorm((8,))),
        note="built as TransformerEncoder(TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0), "
             "2, norm=LayerNorm((8,)))")


def main():
    """Generate nn_recurrent.npz/.json."""
    rec = Recorder("nn_recurrent", "tools/golden/gen_nn_recurrent.py")
    rec.meta["conventions"] = (
        "same as nn_layers; out names are index paths into the output tuple ('1.0' = h_n of an "
        "LSTM's (output, (h_n, c_n))); MultiheadAttention with need_weights=False returns a "
        "1-tuple (attn_output,)")
    for group in (rnn_cases, cell_cases, attention_cases, encoder_cases):
        group(rec)
    rec.save()


if __name__ == "__main__":
    main()
