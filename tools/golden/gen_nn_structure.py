"""Golden facts about nn structure: signatures, default reprs, containers and Cell.to_float.

Writes tests/golden/nn_structure.npz/.json. Run from /work/main with the reference venv:
  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_nn_structure.py
"""
from collections import OrderedDict

import numpy as np
import mindspore as ms
from mindspore import nn

from gen_nn import Recorder, case_rng, clean_repr, error_gist, param_table, record_layer, signature_of

LAYERS = (
    "Dense Flatten Dropout Identity Unflatten ReLU ReLU6 LeakyReLU PReLU ELU GELU SiLU Sigmoid Tanh "
    "Softmax LogSoftmax Mish HSwish HSigmoid Conv1d Conv2d Conv2dTranspose MaxPool1d MaxPool2d "
    "AvgPool1d AvgPool2d AdaptiveAvgPool2d AdaptiveMaxPool2d BatchNorm1d BatchNorm2d LayerNorm "
    "GroupNorm Embedding RNN LSTM GRU RNNCell LSTMCell GRUCell MultiheadAttention "
    "TransformerEncoderLayer TransformerEncoder SequentialCell CellList CellDict").split()

# RNN/LSTM/GRU take (*args, **kwargs) and forward them to a base whose first argument is the mode;
# this is the effective argument list (positional order as the base takes them; nonlinearity is
# keyword-only and RNN-only), read from the MindSpore 2.10 source and docs.
RNN_EFFECTIVE = ("(input_size, hidden_size, num_layers=1, has_bias=True, batch_first=False, dropout=0.0, "
                 "bidirectional=False, dtype=mindspore.float32); RNN also takes keyword nonlinearity='tanh' "
                 "('tanh' | 'relu')")

DEFAULT_BUILDS = [
    "nn.Dense(3, 4)", "nn.Dense(3, 4, has_bias=False)", "nn.Dense(3, 4, activation='relu')",
    "nn.Flatten()", "nn.Flatten(0, -1)", "nn.Dropout()", "nn.Dropout(p=0.2)", "nn.Dropout(keep_prob=0.8)",
    "nn.Dropout(keep_prob=0.8, p=0.3)", "nn.Identity()", "nn.Unflatten(1, (2, 3))",
    "nn.ReLU()", "nn.ReLU6()", "nn.LeakyReLU()", "nn.LeakyReLU(0.1)", "nn.PReLU()", "nn.PReLU(3, 0.1)",
    "nn.ELU()", "nn.GELU()", "nn.GELU(approximate=False)", "nn.SiLU()", "nn.Sigmoid()", "nn.Tanh()",
    "nn.Softmax()", "nn.Softmax(axis=0)", "nn.LogSoftmax()", "nn.Mish()", "nn.HSwish()", "nn.HSigmoid()",
    "nn.Conv1d(2, 3, 3)", "nn.Conv2d(3, 8, 3)", "nn.Conv2d(3, 8, 3, has_bias=True)",
    "nn.Conv2d(3, 8, (2, 3), stride=2, pad_mode='pad', padding=1, dilation=2)",
    "nn.Conv2dTranspose(3, 8, 3)", "nn.MaxPool1d()", "nn.MaxPool1d(2, 2)", "nn.MaxPool2d()",
    "nn.MaxPool2d(2, 2)", "nn.MaxPool2d(3, 2, pad_mode='same')", "nn.AvgPool1d()", "nn.AvgPool2d()",
    "nn.AvgPool2d(2, 2)", "nn.AdaptiveAvgPool2d(2)", "nn.AdaptiveMaxPool2d(2)", "nn.BatchNorm1d(4)",
    "nn.BatchNorm2d(4)", "nn.BatchNorm2d(4, momentum=0.1)", "nn.BatchNorm2d(4, affine=False)",
    "nn.LayerNorm((4,))", "nn.GroupNorm(2, 4)", "nn.Embedding(10, 4)", "nn.Embedding(10, 4, padding_idx=0)",
    "nn.RNN(3, 5)", "nn.RNN(3, 5, num_layers=2, bidirectional=True)", "nn.LSTM(3, 5)",
    "nn.LSTM(3, 5, num_layers=2, bidirectional=True, has_bias=False)", "nn.GRU(3, 5)",
    "nn.GRU(3, 5, num_layers=2, bidirectional=True)", "nn.RNNCell(3, 5)", "nn.LSTMCell(3, 5)",
    "nn.GRUCell(3, 5)", "nn.MultiheadAttention(8, 2)", "nn.MultiheadAttention(8, 2, kdim=5, vdim=6)",
    "nn.MultiheadAttention(8, 2, add_bias_kv=True, has_bias=False)", "nn.TransformerEncoderLayer(8, 2)",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), 2)",
    "nn.SequentialCell()", "nn.CellList()", "nn.CellDict()",
]


def signatures():
    """__init__ and construct signatures of every layer as inspect.signature prints them."""
    table = {}
    for name in LAYERS:
        cls = getattr(nn, name)
        entry = {"signature": signature_of(cls.__init__), "construct": signature_of(cls.construct)}
        if name in ("RNN", "LSTM", "GRU"):
            entry["effective_signature"] = RNN_EFFECTIVE if name == "RNN" else RNN_EFFECTIVE.split(";")[0]
        table[name] = entry
    return table


def default_reprs():
    """repr and parameter table of each layer built with (mostly) default arguments."""
    ms.set_seed(0)
    return [{"build": text, "repr": clean_repr(cell), "params": param_table(cell)}
            for text, cell in ((t, eval(t, {"nn": nn})) for t in DEFAULT_BUILDS)]


class WithList(nn.Cell):
    """A user Cell holding a CellList and a plain Python list (the list is not registered)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.CellList([nn.Dense(3, 4), nn.ReLU()])
        self.layers.append(nn.Dense(4, 2))
        self.plain = [nn.Dense(2, 2)]

    def construct(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class WithDict(nn.Cell):
    """A user Cell holding a CellDict."""

    def __init__(self):
        super().__init__()
        self.blocks = nn.CellDict({"fc": nn.Dense(3, 4), "act": nn.Tanh()})

    def construct(self, x):
        return self.blocks["act"](self.blocks["fc"](x))


def describe(cell):
    """repr, parameters_and_names table and cells_and_names paths of a container."""
    return {"repr": clean_repr(cell), "params": param_table(cell),
            "cells_and_names": [[path, type(c).__name__] for path, c in cell.cells_and_names()]}


def container_facts():
    """Reprs, parameter paths/names and cell paths of SequentialCell/CellList/CellDict set-ups."""
    seq = nn.SequentialCell([nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)])
    named = nn.SequentialCell(OrderedDict([("fc1", nn.Dense(3, 4)), ("act", nn.ReLU()), ("fc2", nn.Dense(4, 2))]))
    appended = nn.SequentialCell(nn.Dense(3, 4), nn.ReLU())
    appended.append(nn.Dense(4, 2))
    sliced = nn.SequentialCell([nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)])[1:3]
    cell_list = nn.CellList([nn.Dense(3, 4), nn.Dense(4, 2)])
    cell_dict = nn.CellDict({"a": nn.Dense(3, 4), "b": nn.ReLU()})
    nested = nn.SequentialCell([nn.SequentialCell([nn.Dense(3, 4), nn.BatchNorm1d(4)]), nn.Dense(4, 2)])
    facts = {
        "SequentialCell([Dense(3, 4), ReLU(), Dense(4, 2)])": describe(seq),
        "SequentialCell(OrderedDict(fc1=Dense(3, 4), act=ReLU(), fc2=Dense(4, 2)))": describe(named),
        "SequentialCell(Dense(3, 4), ReLU()) then .append(Dense(4, 2))": describe(appended),
        "SequentialCell([Dense(3, 4), ReLU(), Dense(4, 2)])[1:3]": describe(sliced),
        "SequentialCell([SequentialCell([Dense(3, 4), BatchNorm1d(4)]), Dense(4, 2)])": describe(nested),
        "CellList([Dense(3, 4), Dense(4, 2)])": describe(cell_list),
        "CellDict({'a': Dense(3, 4), 'b': ReLU()})": describe(cell_dict),
        "WithList: self.layers = CellList([Dense(3, 4), ReLU()]); .append(Dense(4, 2)); "
        "self.plain = [Dense(2, 2)]": describe(WithList()),
        "WithDict: self.blocks = CellDict({'fc': Dense(3, 4), 'act': Tanh()})": describe(WithDict()),
    }
    facts["errors"] = {
        "SequentialCell(...)['0']": error_gist(lambda: seq["0"]),
        "SequentialCell([Dense(3, 4), 3])": error_gist(lambda: nn.SequentialCell([nn.Dense(3, 4), 3])),
        "CellList([...])(x)": error_gist(lambda: cell_list(ms.Tensor(np.ones((1, 3), np.float32)))),
        "CellDict({'a.b': ReLU()})": error_gist(lambda: nn.CellDict({"a.b": nn.ReLU()})),
    }
    return facts


def to_float_facts():
    """What Cell.to_float changes: output dtypes, parameter dtypes, and the errors it leads to."""
    x = ms.Tensor(np.ones((2, 3), np.float32))
    whole = nn.SequentialCell([nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)])
    returned = whole.to_float(ms.float16)
    half_dense = nn.Dense(3, 4, dtype=ms.float16)
    one_child = nn.SequentialCell([nn.Dense(3, 4), nn.Dense(4, 2)])
    one_child[0].to_float(ms.float16)
    return {
        "returns_self": returned is whole,
        "sequential_to_float16_output_dtype": str(whole(x).dtype),
        "sequential_to_float16_param_dtypes": [str(p.dtype) for p in whole.get_parameters()],
        "dense_dtype_float16_param_dtypes": [str(p.dtype) for p in half_dense.get_parameters()],
        "dense_dtype_float16_on_float32_input": error_gist(lambda: half_dense(x)),
        "to_float_on_first_child_only": error_gist(lambda: one_child(x)),
        "to_float_int32": error_gist(lambda: nn.Dense(3, 4).to_float(ms.int32)),
    }


def bfloat16_facts():
    """A bfloat16 Dense call on CPU; run last: after it fails, later float32 MatMuls fail too."""
    x = ms.Tensor(np.ones((2, 3), np.float32))
    return {"dense_to_float_bfloat16_call_on_cpu": error_gist(lambda: nn.Dense(3, 4).to_float(ms.bfloat16)(x))}


def sequential_cases(rec):
    """Forward and grads through containers (parameter keys are the container paths)."""
    record_layer(rec, "sequential", "SequentialCell", {},
                 [("x", case_rng("sequential").standard_normal((2, 3)).astype("float32"))],
                 build=lambda: nn.SequentialCell([nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)]),
                 note="SequentialCell([Dense(3, 4), ReLU(), Dense(4, 2)])")
    record_layer(rec, "sequential_to_float16", "SequentialCell", {},
                 [("x", case_rng("sequential_to_float16").standard_normal((2, 3)).astype("float32"))],
                 build=lambda: nn.SequentialCell([nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)]).to_float(ms.float16),
                 note="SequentialCell([Dense(3, 4), ReLU(), Dense(4, 2)]).to_float(mindspore.float16)")
    record_layer(rec, "celllist_user_cell", "WithList", {},
                 [("x", case_rng("celllist_user_cell").standard_normal((2, 3)).astype("float32"))],
                 build=WithList, note="user Cell looping over a CellList; see containers for its layout")


def main():
    """Generate nn_structure.npz/.json."""
    rec = Recorder("nn_structure", "tools/golden/gen_nn_structure.py")
    rec.meta["signatures"] = signatures()
    rec.meta["default_reprs"] = default_reprs()
    rec.meta["containers"] = container_facts()
    rec.meta["to_float"] = to_float_facts()
    rec.meta["missing_in_nn"] = [n for n in ("Softplus",) if not hasattr(nn, n)]
    sequential_cases(rec)
    rec.meta["to_float"].update(bfloat16_facts())
    rec.save()


if __name__ == "__main__":
    main()
