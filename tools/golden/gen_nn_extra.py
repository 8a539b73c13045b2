"""Golden fixtures for padding, Upsample/interpolate, channel dropout and the Transformer decoder.

Writes tests/golden/nn_extra.npz/.json. Run from /work/main with the reference venv:
  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_nn_extra.py
"""
import numpy as np
from mindspore import nn

from gen_nn import Recorder, case_rng, record_layer_or_error

SEQ, MEM, BATCH = 4, 5, 2


def normal(case, name, shape):
    """Fixed float32 input drawn from the case's own RandomState."""
    return case_rng(f"{case}/{name}").standard_normal(shape).astype("float32")


def add(rec, case, layer, kwargs, shape, **opts):
    """One-input layer case with x ~ N(0, 1) of the given shape."""
    record_layer_or_error(rec, case, layer, kwargs, [("x", normal(case, "x", shape))], **opts)


def dropout_cases(rec):
    """Channel dropout layers in eval mode (identity) and their reprs."""
    add(rec, "dropout2d_eval", "Dropout2d", {"p": 0.3}, (2, 3, 2, 2))
    add(rec, "dropout2d_default_eval", "Dropout2d", {}, (2, 3, 2, 2))
    add(rec, "dropout1d_eval", "Dropout1d", {"p": 0.3}, (2, 3, 4))


def padding_cases(rec):
    """Constant, zero and reflection padding: int and tuple widths, negative (cropping) widths."""
    add(rec, "zeropad2d_int", "ZeroPad2d", {"padding": 1}, (1, 2, 3, 4))
    add(rec, "zeropad2d_tuple", "ZeroPad2d", {"padding": (1, 0, 2, 1)}, (1, 2, 3, 4))
    add(rec, "zeropad2d_two", "ZeroPad2d", {"padding": (2, 1)}, (2, 3, 4))
    add(rec, "constantpad1d", "ConstantPad1d", {"padding": (2, 1), "value": 0.5}, (2, 3, 4))
    add(rec, "constantpad1d_int", "ConstantPad1d", {"padding": 2, "value": -1}, (3, 4))
    add(rec, "constantpad2d_negative", "ConstantPad2d", {"padding": (-1, 2, 1, -1), "value": 1.5}, (1, 2, 3, 4))
    add(rec, "constantpad3d", "ConstantPad3d", {"padding": 1, "value": 0.25}, (1, 1, 2, 2, 2))
    add(rec, "reflectionpad1d", "ReflectionPad1d", {"padding": (2, 1)}, (2, 3, 5))
    add(rec, "reflectionpad1d_int", "ReflectionPad1d", {"padding": 3}, (1, 4))
    add(rec, "reflectionpad2d_int", "ReflectionPad2d", {"padding": 1}, (1, 2, 3, 4))
    add(rec, "reflectionpad2d_tuple", "ReflectionPad2d", {"padding": (2, 1, 0, 2)}, (1, 2, 3, 4))
    add(rec, "reflectionpad2d_too_wide", "ReflectionPad2d", {"padding": 3}, (1, 1, 3, 4))


def upsample_cases(rec):
    """Nearest, linear and bilinear resizing by size or by a recomputed scale factor; refused options."""
    specs = [
        ("up_nearest_size", {"size": (5, 7)}, (2, 2, 3, 4)),
        ("up_nearest_size_int", {"size": 5}, (1, 2, 3, 4)),
        ("up_nearest_down", {"size": (2, 3)}, (1, 2, 5, 7)),
        ("up_nearest_3d", {"size": 7}, (2, 2, 3)),
        ("up_nearest_scale_recompute", {"scale_factor": 2.0, "recompute_scale_factor": True}, (1, 2, 3, 4)),
        ("up_nearest_scale_refused", {"scale_factor": 2.0}, (1, 2, 3, 4)),
        ("up_nearest_align_refused", {"size": (5, 7), "align_corners": True}, (1, 2, 3, 4)),
        ("up_bilinear", {"size": (5, 7), "mode": "bilinear"}, (2, 2, 3, 4)),
        ("up_bilinear_align", {"size": (5, 7), "mode": "bilinear", "align_corners": True}, (2, 2, 3, 4)),
        ("up_bilinear_down", {"size": (2, 3), "mode": "bilinear"}, (1, 2, 5, 7)),
        ("up_bilinear_align_false", {"size": (6, 3), "mode": "bilinear", "align_corners": False}, (1, 1, 4, 5)),
        ("up_bilinear_scale_recompute", {"scale_factor": (1.5, 2.0), "mode": "bilinear",
                                         "recompute_scale_factor": True}, (1, 2, 3, 4)),
        ("up_bilinear_scale_refused", {"scale_factor": 2.0, "mode": "bilinear"}, (1, 2, 3, 4)),
        ("up_linear", {"size": 7, "mode": "linear"}, (2, 2, 4)),
        ("up_linear_align", {"size": 3, "mode": "linear", "align_corners": True}, (2, 2, 6)),
    ]
    for case, kwargs, shape in specs:
        add(rec, case, "Upsample", kwargs, shape)


def decoder_call(net, tgt, memory, *masks, names=()):
    """Decoder call with masks passed by keyword."""
    return net(tgt, memory, **dict(zip(names, masks)))


def decoder_inputs(case, batch_first):
    """tgt (SEQ) and memory (MEM) of width 8 in the layout batch_first asks for."""
    tgt_shape = (BATCH, SEQ, 8) if batch_first else (SEQ, BATCH, 8)
    mem_shape = (BATCH, MEM, 8) if batch_first else (MEM, BATCH, 8)
    return [("tgt", normal(case, "tgt", tgt_shape)), ("memory", normal(case, "memory", mem_shape))]


def decoder_cases(rec):
    """TransformerDecoderLayer (post/pre-norm, gelu, masks), TransformerDecoder and Transformer."""
    causal = np.triu(np.ones((SEQ, SEQ), dtype=bool), k=1)
    memory_padding = np.array([[False, False, False, True, True], [False, True, False, False, False]])
    rng = case_rng("decoder float mask")
    float_memory_mask = rng.uniform(-1, 0, (SEQ, MEM)).astype("float32")
    mask_sets = {
        "none": [],
        "masks": [("tgt_mask", causal), ("memory_key_padding_mask", memory_padding)],
        "float_memory_mask": [("memory_mask", float_memory_mask)],
    }
    layer_specs = [
        ("decoder_layer", {}, "none"),
        ("decoder_layer_norm_first_batch_first", {"norm_first": True, "batch_first": True}, "masks"),
        ("decoder_layer_gelu_masks", {"activation": "gelu"}, "masks"),
        ("decoder_layer_float_memory_mask", {}, "float_memory_mask"),
    ]
    base = {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "dropout": 0.0}
    for case, extra, mask_set in layer_specs:
        kwargs = dict(base, **extra)
        masks = mask_sets[mask_set]
        names = tuple(n for n, _ in masks)
        text = "net(tgt, memory" + "".join(f", {n}={n}" for n in names) + ")"
        record_layer_or_error(rec, case, "TransformerDecoderLayer", kwargs,
                              decoder_inputs(case, kwargs.get("batch_first", False)) + masks,
                              call=lambda net, *xs, names=names: decoder_call(net, *xs[:2], *xs[2:], names=names),
                              call_text=text, grad_inputs=["tgt", "memory"])
    case = "decoder_2layers_norm"
    record_layer_or_error(
        rec, case, "TransformerDecoder", {"num_layers": 2}, decoder_inputs(case, False),
        build=lambda: nn.TransformerDecoder(
            nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0), 2, norm=nn.LayerNorm((8,))),
        grad_inputs=["tgt", "memory"],
        note="built as TransformerDecoder(TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0), "
             "2, norm=LayerNorm((8,)))")
    transformer = {"d_model": 8, "nhead": 2, "num_encoder_layers": 1, "num_decoder_layers": 2,
                   "dim_feedforward": 16, "dropout": 0.0}
    src_padding = np.array([[False, False, False, False, True], [False, False, True, False, False]])
    for case, extra in (("transformer", {}), ("transformer_batch_first_norm_first",
                                              {"batch_first": True, "norm_first": True})):
        kwargs = dict(transformer, **extra)
        batch_first = kwargs.get("batch_first", False)
        tgt, src = decoder_inputs(case, batch_first)
        names = ("tgt_mask", "src_key_padding_mask", "memory_key_padding_mask")
        record_layer_or_error(
            rec, case, "Transformer", kwargs,
            [("src", src[1]), ("tgt", tgt[1]), ("tgt_mask", causal), ("src_key_padding_mask", src_padding),
             ("memory_key_padding_mask", src_padding)],
            call=lambda net, s, t, *m, names=names: net(s, t, **dict(zip(names, m))),
            call_text="net(src, tgt, tgt_mask=tgt_mask, src_key_padding_mask=src_key_padding_mask, "
                      "memory_key_padding_mask=memory_key_padding_mask)",
            grad_inputs=["src", "tgt"])


def main():
    """Generate nn_extra.npz/.json."""
    rec = Recorder("nn_extra", "tools/golden/gen_nn_extra.py")
    rec.meta["conventions"] = "same as nn_layers; layers in eval mode unless 'train' is true"
    dropout_cases(rec)
    padding_cases(rec)
    upsample_cases(rec)
    decoder_cases(rec)
    rec.save()


if __name__ == "__main__":
    main()
