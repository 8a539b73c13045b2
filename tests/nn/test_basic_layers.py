"""Dense, Flatten, Dropout, Identity, Unflatten and activation layers against MindSpore 2.10
(tests/golden/nn_layers.* for values and gradients, nn_structure.json for reprs and signatures)."""
import inspect
import json
import pathlib

import numpy as np
import pytest

import minispore as ms
from minispore import nn

GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "golden"
LAYERS = json.loads((GOLDEN / "nn_layers.json").read_text())
ARRAYS = np.load(GOLDEN / "nn_layers.npz")
STRUCTURE = json.loads((GOLDEN / "nn_structure.json").read_text())
MINE = {"Dense", "Flatten", "Unflatten", "Identity", "Dropout", "ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "GELU",
        "SiLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Mish", "HSwish", "HSigmoid"}
CASES = {c["case"]: c for c in LAYERS["cases"] if c["layer"] in MINE}
# MindSpore 2.10's CPU tanh is a saturating approximation (tanh(-5.937) = -1 exactly, tanh(-4.968) =
# -0.9999986 instead of -0.9999033), off by up to ~1e-3 after Mish's product; minispore computes tanh
# exactly, so these cases compare loosely with MindSpore and tightly with float64 NumPy below.
APPROXIMATE_TANH = {"tanh", "mish"}


def _build(entry):
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in entry["kwargs"].items()}
    cell = getattr(nn, entry["layer"])(**kwargs)
    if entry.get("to_float"):
        cell.to_float(getattr(ms, entry["to_float"].lower()))
    return cell


@pytest.mark.parametrize("case", sorted(c for c in CASES if "error" not in CASES[c]))
def test_forward_and_gradient_match_golden(case):
    entry = CASES[case]
    cell = _build(entry)
    for path, param in cell.parameters_and_names():
        param.set_data(ms.Tensor(ARRAYS[f"{case}/param/{path}"]))
    if entry["train"]:
        cell.set_train()
    assert repr(cell) == entry["repr"]
    assert [(p["path"], p["name"], p["shape"], p["dtype"], p["requires_grad"]) for p in entry["params"]] == \
        [(path, p.name, list(p.shape), str(p.dtype), p.requires_grad) for path, p in cell.parameters_and_names()]
    inputs = [ms.Tensor(ARRAYS[f"{case}/in/{name}"]) for name in entry["inputs"]]
    out = cell(*inputs)
    tolerance = dict(rtol=2e-3, atol=2e-3) if out.dtype == ms.float16 or case in APPROXIMATE_TANH \
        else dict(rtol=1e-4, atol=1e-5)
    assert str(out.dtype) == entry["out_dtypes"]["0"]
    np.testing.assert_allclose(out.asnumpy(), ARRAYS[f"{case}/out/0"], **tolerance)
    dout = ms.Tensor(ARRAYS[f"{case}/dout/0"])
    weights = cell.trainable_params()
    grads = ms.grad(lambda *xs: (cell(*xs) * dout).sum(), grad_position=0, weights=weights)(*inputs)
    input_grad, weight_grads = grads
    np.testing.assert_allclose(input_grad.asnumpy(), ARRAYS[f"{case}/grad/{entry['grad_inputs'][0]}"], **tolerance)
    for (path, _), grad in zip(cell.parameters_and_names(), weight_grads):
        np.testing.assert_allclose(grad.asnumpy(), ARRAYS[f"{case}/grad/{path}"], **tolerance)


@pytest.mark.parametrize("case", sorted(APPROXIMATE_TANH))
def test_tanh_family_is_exact(case):
    x = ARRAYS[f"{case}/in/x"].astype(np.float64)
    expected = np.tanh(x) if case == "tanh" else x * np.tanh(np.log1p(np.exp(x)))
    out = getattr(nn, CASES[case]["layer"])()(ms.Tensor(ARRAYS[f"{case}/in/x"]))
    np.testing.assert_allclose(out.asnumpy(), expected, rtol=1e-6, atol=1e-6)


def test_elu_alpha_other_than_one_is_accepted():
    # MindSpore 2.10 refuses ELU(alpha=0.5) ("alpha must be 1.0f"); minispore computes it.
    assert CASES["elu_alpha"]["error"]["type"] == "ValueError"
    out = nn.ELU(alpha=0.5)(ms.Tensor([-1.0, 2.0]))
    np.testing.assert_allclose(out.asnumpy(), [0.5 * (np.exp(-1) - 1), 2.0], rtol=1e-6)


@pytest.mark.parametrize("entry", [e for e in STRUCTURE["default_reprs"]
                                   if e["build"].split("(")[0][len("nn."):] in MINE], ids=lambda e: e["build"])
def test_default_reprs_and_params(entry):
    cell = eval(entry["build"], {"nn": nn})  # the golden "build" strings are plain constructor calls
    assert repr(cell) == entry["repr"] == str(cell)
    assert [(p["path"], p["name"], p["shape"]) for p in entry["params"]] == \
        [(path, p.name, list(p.shape)) for path, p in cell.parameters_and_names()]


@pytest.mark.parametrize("name", sorted(MINE))
def test_signatures(name):
    expected = STRUCTURE["signatures"][name]
    got = inspect.signature(getattr(nn, name).__init__)
    text = str(got.replace(parameters=[p for n, p in got.parameters.items() if n != "self"]))
    assert text.replace("Float32", "mindspore.float32") == expected["signature"]
    construct = inspect.signature(getattr(nn, name).construct)
    assert str(construct.replace(parameters=[p for n, p in construct.parameters.items() if n != "self"])) == \
        expected["construct"]


def test_dense_nd_and_1d_inputs_and_shape_error():
    dense = nn.Dense(4, 5)
    assert dense(ms.Tensor(np.ones((2, 3, 4), np.float32))).shape == (2, 3, 5)
    assert nn.Dense(3, 2)(ms.Tensor(np.ones(3, np.float32))).shape == (2,)
    with pytest.raises(ValueError, match=r"Dense.*in_channels=4.*\(2, 3\)"):
        dense(ms.Tensor(np.ones((2, 3), np.float32)))
    with pytest.raises(ValueError, match="weight init shape"):
        nn.Dense(3, 4, weight_init=ms.Tensor(np.ones((3, 4), np.float32)))
    with pytest.raises(KeyError):
        nn.Dense(3, 4, activation="nonexistent")


def test_dense_weight_init_tensor_and_dtype():
    w = np.arange(12, dtype=np.float32).reshape(4, 3)
    dense = nn.Dense(3, 4, weight_init=ms.Tensor(w), bias_init="zeros")
    np.testing.assert_array_equal(dense.weight.asnumpy(), w)
    np.testing.assert_array_equal(dense.bias.asnumpy(), np.zeros(4))
    assert [str(p.dtype) for p in nn.Dense(3, 4, dtype=ms.float16).get_parameters()] == \
        STRUCTURE["to_float"]["dense_dtype_float16_param_dtypes"]


def test_flatten_errors_on_1d():
    with pytest.raises(ValueError, match="start_dim"):
        nn.Flatten()(ms.Tensor(np.ones(3, np.float32)))


def test_dropout_eval_is_identity_and_train_statistics():
    x = ms.Tensor(np.ones((400, 250), np.float32))
    drop = nn.Dropout(p=0.2)
    assert drop.training is False
    assert drop(x) is x or np.array_equal(drop(x).asnumpy(), x.asnumpy())
    drop.set_train()
    ms.set_seed(0)
    out = drop(x).asnumpy()
    assert set(np.unique(out)) == {0.0, np.float32(1.25)}
    assert abs((out == 0).mean() - 0.2) < 0.01
    assert abs(out.mean() - 1.0) < 0.02
    keep = nn.Dropout(keep_prob=0.8).set_train()(x).asnumpy()
    assert abs((keep == 0).mean() - 0.2) < 0.01


def test_dropout_argument_errors():
    with pytest.raises(ValueError, match=r"'p' must be a number in range \[0, 1\), but got 1.0"):
        nn.Dropout(p=1)
    with pytest.raises(ValueError, match=r"'keep_prob' must be a number in range \(0, 1\], but got 0.0"):
        nn.Dropout(keep_prob=0)


def test_relu_keeps_int_dtype_and_gelu_default_is_tanh():
    out = nn.ReLU()(ms.Tensor(np.array([-1, 2], np.int64)))
    assert out.dtype == ms.int64 and out.asnumpy().tolist() == [0, 2]
    np.testing.assert_allclose(nn.GELU()(ms.Tensor([1.0])).asnumpy(), [0.841192], rtol=1e-5)
    np.testing.assert_allclose(nn.GELU(approximate=False)(ms.Tensor([1.0])).asnumpy(), [0.841345], rtol=1e-5)


def test_relu_gradient_reads_its_output_and_is_zero_at_zero_and_nan():
    from minispore.ops._prims.dispatch import PRIMS
    assert PRIMS["relu"].reads == (False, True)  # the tape need not keep ReLU's input
    x = ms.Tensor(np.array([-1.0, -0.0, 0.0, 2.0, np.nan, 3.5], np.float32))
    grad = ms.grad(lambda t: (nn.ReLU()(t) * ms.Tensor(np.arange(1, 7, dtype=np.float32))).sum())(x)
    np.testing.assert_array_equal(grad.asnumpy(), np.array([0, 0, 0, 4, 0, 6], np.float32))
    second = ms.grad(ms.grad(lambda t: (nn.ReLU()(t) * t).sum()))(ms.Tensor(np.array([-2.0, 3.0], np.float32)))
    np.testing.assert_array_equal(second.asnumpy(), np.array([0, 2], np.float32))  # d2/dx2 of relu(x)*x
