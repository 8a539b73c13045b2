"""Golden statistics of MindSpore's initializers and of every layer's default initialisation.

Writes tests/golden/init.json (no arrays: samples are random, so only their mean/std/min/max
matter). Run from /work/main with the reference venv:
  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_init.py

Sections: "initializers" (label -> stats, one shape each), "by_shape" (every initializer on
(400, 300) and (64, 32, 3, 3)), "layers" (Dense only: label -> path -> stats), "layer_defaults"
(every layer: label -> path -> stats + name/requires_grad), "errors", "signatures".
"""
import json
import math
import os

import numpy as np
import mindspore as ms
from mindspore import nn
from mindspore.common import initializer as init

from gen_nn import GOLDEN_DIR, describe_error, signature_of

SHAPE = (400, 300)
CONV_SHAPE = (32, 16, 3, 3)
BY_SHAPE = [(400, 300), (64, 32, 3, 3)]
CLASSES = "Normal TruncatedNormal Uniform XavierUniform XavierNormal HeUniform HeNormal One Zero Constant".split()

# label -> how to build initializer()'s first argument; labels are Python text a test can mirror.
INITIALIZERS = {
    "Normal()": lambda: init.Normal(),
    "Normal(sigma=0.5, mean=1.0)": lambda: init.Normal(sigma=0.5, mean=1.0),
    "Uniform()": lambda: init.Uniform(),
    "Uniform(scale=2.0)": lambda: init.Uniform(scale=2.0),
    "TruncatedNormal()": lambda: init.TruncatedNormal(),
    "TruncatedNormal(sigma=1.0)": lambda: init.TruncatedNormal(sigma=1.0),
    "TruncatedNormal(sigma=1.0, mean=0.5, a=-1.0, b=1.0)":
        lambda: init.TruncatedNormal(sigma=1.0, mean=0.5, a=-1.0, b=1.0),
    "XavierUniform()": lambda: init.XavierUniform(),
    "XavierUniform(gain=2)": lambda: init.XavierUniform(gain=2),
    "XavierNormal()": lambda: init.XavierNormal(),
    "HeUniform()": lambda: init.HeUniform(),
    "HeUniform(negative_slope=sqrt(5))": lambda: init.HeUniform(negative_slope=math.sqrt(5)),
    "HeUniform(mode='fan_out')": lambda: init.HeUniform(mode="fan_out"),
    "HeUniform(nonlinearity='relu')": lambda: init.HeUniform(nonlinearity="relu"),
    "HeNormal()": lambda: init.HeNormal(),
    "HeNormal(mode='fan_out')": lambda: init.HeNormal(mode="fan_out"),
    "Zero()": lambda: init.Zero(),
    "One()": lambda: init.One(),
    "Constant(3)": lambda: init.Constant(3),
    "Orthogonal()": lambda: init.Orthogonal(),
    "Identity()": lambda: init.Identity(),
    "'normal'": lambda: "normal",
    "'uniform'": lambda: "uniform",
    "'truncatedNormal'": lambda: "truncatedNormal",
    "'xavier_uniform'": lambda: "xavier_uniform",
    "'xavier_normal'": lambda: "xavier_normal",
    "'he_uniform'": lambda: "he_uniform",
    "'he_normal'": lambda: "he_normal",
    "'zeros'": lambda: "zeros",
    "'ones'": lambda: "ones",
    "'orthogonal'": lambda: "orthogonal",
    "'identity'": lambda: "identity",
}
CONV_LABELS = ["HeUniform()", "HeUniform(negative_slope=sqrt(5))", "XavierUniform()"]
# Only in "by_shape": more arguments, case variants of string names, and refused names.
EXTRA = {
    "XavierNormal(gain=2)": lambda: init.XavierNormal(gain=2),
    "HeUniform(nonlinearity='tanh')": lambda: init.HeUniform(nonlinearity="tanh"),
    "HeNormal(negative_slope=0.2)": lambda: init.HeNormal(negative_slope=0.2),
    "Constant(0.3)": lambda: init.Constant(0.3),
    "Dirac()": lambda: init.Dirac(),
    "'Normal'": lambda: "Normal", "'truncatednormal'": lambda: "truncatednormal",
    "'XavierUniform'": lambda: "XavierUniform", "'HeUniform'": lambda: "HeUniform",
    "'One'": lambda: "One", "'Zero'": lambda: "Zero", "'constant'": lambda: "constant",
    "'dirac'": lambda: "dirac", "2.5": lambda: 2.5, "3": lambda: 3,
}

# label -> builder: one representative size per layer, default arguments.
LAYERS = {
    "Dense(400, 300)": lambda: nn.Dense(400, 300),
    "Dense(50, 20)": lambda: nn.Dense(50, 20),
    "Conv1d(16, 32, 5, has_bias=True)": lambda: nn.Conv1d(16, 32, 5, has_bias=True),
    "Conv2d(32, 64, 3, has_bias=True)": lambda: nn.Conv2d(32, 64, 3, has_bias=True),
    "Conv2dTranspose(32, 64, 3, has_bias=True)": lambda: nn.Conv2dTranspose(32, 64, 3, has_bias=True),
    "Embedding(1000, 64)": lambda: nn.Embedding(1000, 64),
    "Embedding(1000, 64, padding_idx=3)": lambda: nn.Embedding(1000, 64, padding_idx=3),
    "LayerNorm((64,))": lambda: nn.LayerNorm((64,)),
    "BatchNorm1d(64)": lambda: nn.BatchNorm1d(64),
    "BatchNorm2d(64)": lambda: nn.BatchNorm2d(64),
    "GroupNorm(8, 64)": lambda: nn.GroupNorm(8, 64),
    "PReLU()": lambda: nn.PReLU(),
    "PReLU(64)": lambda: nn.PReLU(64),
    "RNN(64, 128)": lambda: nn.RNN(64, 128),
    "LSTM(64, 128, num_layers=2, bidirectional=True)": lambda: nn.LSTM(64, 128, num_layers=2, bidirectional=True),
    "GRU(64, 128)": lambda: nn.GRU(64, 128),
    "RNNCell(64, 128)": lambda: nn.RNNCell(64, 128),
    "LSTMCell(64, 128)": lambda: nn.LSTMCell(64, 128),
    "GRUCell(64, 128)": lambda: nn.GRUCell(64, 128),
    "MultiheadAttention(256, 8)": lambda: nn.MultiheadAttention(256, 8),
    "MultiheadAttention(256, 8, kdim=128, vdim=64, add_bias_kv=True)":
        lambda: nn.MultiheadAttention(256, 8, kdim=128, vdim=64, add_bias_kv=True),
    "TransformerEncoderLayer(64, 4, dim_feedforward=256)":
        lambda: nn.TransformerEncoderLayer(64, 4, dim_feedforward=256),
}


def stats(array):
    """mean, std, min, max of an array (in float64), plus its dtype and shape."""
    a = np.asarray(array, dtype=np.float64)
    return {"mean": float(a.mean()), "std": float(a.std()), "min": float(a.min()), "max": float(a.max()),
            "shape": list(np.shape(array)), "dtype": str(np.asarray(array).dtype)}


def draw(make, shape):
    """Stats of initializer(make(), shape, float32) after ms.set_seed(0), or the error raised."""
    ms.set_seed(0)
    try:
        return stats(init.initializer(make(), shape, ms.float32).init_data().asnumpy())
    except Exception as exc:  # a refusal is itself the fact to keep
        return dict(describe_error(exc), shape=list(shape))


def fans(shape):
    """(fan_in, fan_out) as MindSpore documents them: (out, in, *k) -> (in*k, out*k)."""
    receptive = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return [shape[1] * receptive, shape[0] * receptive]


def initializer_sections():
    """'initializers' (one shape per label; ' conv' labels on a conv weight) and 'by_shape'."""
    single = {label: draw(make, SHAPE) for label, make in INITIALIZERS.items()}
    single.update({f"{label} conv": draw(INITIALIZERS[label], CONV_SHAPE) for label in CONV_LABELS})
    single["Dirac() conv"] = draw(lambda: init.Dirac(), CONV_SHAPE)
    single["2.5"] = draw(lambda: 2.5, (2,))
    by_shape = [dict({"init": label, "fan_in_fan_out": fans(shape)}, **draw(make, shape))
                for label, make in list(INITIALIZERS.items()) + list(EXTRA.items()) for shape in BY_SHAPE]
    ms.set_seed(0)
    half = init.initializer("normal", (400, 300), ms.float16)
    by_shape.append(dict({"init": "'normal'", "dtype_arg": "Float16", "tensor_dtype": str(half.dtype),
                          "lazy_type": type(half).__name__}, **stats(half.asnumpy())))
    return single, by_shape


def layer_sections():
    """'layers' (Dense only, path -> stats) and 'layer_defaults' (every layer, with names and flags)."""
    defaults = {}
    for label, build in LAYERS.items():
        ms.set_seed(0)
        cell = build()
        defaults[label] = {path: dict(stats(p.asnumpy()), name=p.name, requires_grad=bool(p.requires_grad),
                                      ms_dtype=str(p.dtype))
                           for path, p in cell.parameters_and_names()}
    dense = {label: {path: {k: v for k, v in entry.items() if k not in ("name", "requires_grad", "ms_dtype")}
                     for path, entry in defaults[label].items()}
             for label in LAYERS if label.startswith("Dense(")}
    ms.set_seed(0)
    table = nn.Embedding(10, 4, padding_idx=3).embedding_table.asnumpy()
    padding = {"Embedding(10, 4, padding_idx=3) row 3": table[3].tolist(),
               "other rows all nonzero": bool(np.all(np.delete(table, 3, axis=0) != 0))}
    return dense, defaults, padding


def error_section():
    """Errors initializer() raises for unknown names and unsupported shapes."""
    calls = {
        "'constant'": lambda: init.initializer("constant", SHAPE, ms.float32).init_data(),
        "Dirac() on 2-d": lambda: init.initializer(init.Dirac(), SHAPE, ms.float32).init_data(),
        "'nonexistent'": lambda: init.initializer("nonexistent", SHAPE, ms.float32).init_data(),
    }
    errors = {}
    for label, fn in calls.items():
        try:
            fn()
            errors[label] = {"type": None}
        except Exception as exc:  # the recorded fact is whichever exception MindSpore raises
            errors[label] = describe_error(exc)
    return errors


def main():
    """Generate init.json."""
    single, by_shape = initializer_sections()
    dense, defaults, padding = layer_sections()
    meta = {"group": "init", "mindspore_version": ms.__version__, "generator": "tools/golden/gen_init.py",
            "conventions": "stats over all elements in float64, ms.set_seed(0) before each draw; labels are "
                           "Python text over mindspore.common.initializer (quoted = string name); an entry "
                           "with 'type'/'message' is an error MindSpore raised",
            "signatures": dict({name: signature_of(getattr(init, name).__init__) for name in CLASSES},
                               initializer=signature_of(init.initializer)),
            "initializers": single, "by_shape": by_shape, "layers": dense, "layer_defaults": defaults,
            "embedding_padding_row": padding, "errors": error_section()}
    path = os.path.join(GOLDEN_DIR, "init.json")
    with open(path, "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(f"init: {len(single)} initializers, {len(by_shape)} by shape, {len(defaults)} layers, "
          f"{os.path.getsize(path) / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
