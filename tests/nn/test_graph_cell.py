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


def test_loaded_primitives_without_a_mindspore_cpu_file_compute_their_documented_formulas():
    """GeluExt, Dense, LeakyReLUExt, ZerosLike/OnesLike: MindSpore 2.10 writes them but its CPU build
    cannot run (or folds) them, so no golden file holds them; their formulas are MindSpore's docs'."""
    from math import erf, sqrt

    from minispore._graph.mindspore_ops import OPS

    x = np.linspace(-3, 3, 13, dtype=np.float32)
    t = ms.Tensor(x)
    exact = np.array([v * 0.5 * (1 + erf(v / sqrt(2))) for v in x.astype(np.float64)])
    tanh = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    np.testing.assert_allclose(OPS["GeluExt"]([t, 0], {}).asnumpy(), exact, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(OPS["GeluExt"]([t, 1], {}).asnumpy(), tanh, rtol=1e-5, atol=1e-6)
    fast = x / (1 + np.exp(-1.702 * np.abs(x))) * np.exp(0.851 * (x - np.abs(x)))
    np.testing.assert_allclose(OPS["FastGeLU"]([t], {}).asnumpy(), fast, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(OPS["LeakyReLUExt"]([t, 0.1], {}).asnumpy(), np.where(x > 0, x, 0.1 * x), rtol=1e-6)
    w, b = np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1.0, -1.0], np.float32)
    m = x[:6].reshape(2, 3)
    np.testing.assert_allclose(OPS["Dense"]([ms.Tensor(m), ms.Tensor(w), ms.Tensor(b)], {}).asnumpy(), m @ w.T + b,
                               rtol=1e-6)
    np.testing.assert_array_equal(OPS["ZerosLike"]([t], {}).asnumpy(), np.zeros_like(x))
    np.testing.assert_array_equal(OPS["OnesLike"]([t], {}).asnumpy(), np.ones_like(x))
