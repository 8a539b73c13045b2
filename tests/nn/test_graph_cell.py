"""nn.GraphCell runs graphs MindSpore 2.10 exported (tests/golden/mindir) with MindSpore's outputs;
kept under tests/nn so that the checking backend runs the loaded-graph code too."""
import json
import os

import numpy as np
import pytest

pytest.importorskip("google.protobuf")

import minispore as ms  # noqa: E402
from minispore import nn  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "mindir")
with open(os.path.join(GOLDEN, "golden.json"), encoding="utf-8") as handle:
    RECORD = json.load(handle)["cases"]
ARRAYS = np.load(os.path.join(GOLDEN, "golden.npz"))
# pools and lenet_bn average-pool through ops.avg_pool2d, covered in tests/train/test_mindir_golden.py
CASES = sorted(set(RECORD) - {"pools", "lenet_bn"})
LOOSE = {"generator", "block"}  # MindSpore's CPU Tanh is off by up to 1e-4 (tests/golden/README.md)


@pytest.mark.parametrize("case", CASES)
def test_graph_cell_gives_mindspores_outputs(case):
    cell = nn.GraphCell(ms.load(os.path.join(GOLDEN, f"ms_{case}.mindir")))
    count = sum(1 for key in ARRAYS.files if key.startswith(f"{case}/in"))
    out = cell(*[ms.Tensor(ARRAYS[f"{case}/in{i}"]) for i in range(count)])
    out = out if isinstance(out, tuple) else (out,)
    assert len(out) == RECORD[case]["outputs"]
    for j, value in enumerate(out):
        np.testing.assert_allclose(value.asnumpy(), ARRAYS[f"{case}/ms{j}"], rtol=2e-5,
                                   atol=2e-4 if case in LOOSE else 2e-6)


def test_graph_cell_is_differentiable():
    """The loaded graph computes with minispore ops: gradients flow to its Parameters."""
    cell = nn.GraphCell(ms.load(os.path.join(GOLDEN, "ms_mlp.mindir")))
    x = ms.Tensor(ARRAYS["mlp/in0"])
    weights = cell.trainable_params()
    grads = ms.grad(lambda x: cell(x).sum(), None, weights)(x)
    bias = [g for p, g in zip(weights, grads) if p.name == "body.5.bias"][0]
    np.testing.assert_allclose(bias.asnumpy(), np.ones(10, np.float32))
