"""nn loss Cells and ops loss functions against MindSpore 2.10 (tests/golden/nn_losses.*)."""
import json
import pathlib

import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops

GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "golden"
META = json.loads((GOLDEN / "nn_losses.json").read_text())
ARRAYS = np.load(GOLDEN / "nn_losses.npz")
CASES = {entry["case"]: entry for entry in META["cases"]}


def _arr(case, role, name):
    return ARRAYS[f"{case}/{role}/{name}"]


def _loss_fn(entry):
    """(fn(logits, labels), cell or None) built like the generator built it."""
    case = entry["case"]
    kwargs = dict(entry["kwargs"])
    kwargs.update({name: ms.Tensor(_arr(case, "kwarg", name)) for name in entry["kwarg_tensors"]})
    owner, name = entry["api"].split(".")
    if owner == "nn":
        cell = getattr(nn, name)(**kwargs)
        return cell, cell
    fn = getattr(ops, name)
    return (lambda logits, labels: fn(logits, labels, **kwargs)), None


@pytest.mark.parametrize("case", sorted(CASES))
def test_loss_value_and_grad_match_golden(case):
    entry = CASES[case]
    fn, cell = _loss_fn(entry)
    x, y = ms.Tensor(_arr(case, "in", "logits")), ms.Tensor(_arr(case, "in", "labels"))
    dout = ms.Tensor(_arr(case, "dout", "0"))
    out = fn(x, y)
    assert list(out.shape) == entry["out_shape"]
    assert str(out.dtype) == entry["out_dtype"]
    np.testing.assert_allclose(out.asnumpy(), _arr(case, "out", "0"), rtol=1e-5, atol=1e-6)
    grad = ms.grad(lambda a, b: (fn(a, b) * dout).sum(), grad_position=0)(x, y)
    np.testing.assert_allclose(grad.asnumpy(), _arr(case, "grad", "logits"), rtol=1e-5, atol=1e-6)
    if cell is not None:
        assert repr(cell) == entry["repr"]


@pytest.mark.parametrize("api", sorted(META["default_reprs"]))
def test_default_repr(api):
    cell = getattr(nn, api[len("nn."):-2])()
    assert repr(cell) == META["default_reprs"][api] == str(cell)


@pytest.mark.parametrize("name", sorted(k[len("nn."):] for k in META["signatures"] if k.startswith("nn.")))
def test_nn_loss_signature_defaults(name):
    import inspect
    expected = META["signatures"][f"nn.{name}"]["signature"]
    assert str(inspect.signature(getattr(nn, name).__init__)).replace("self, ", "") == expected


@pytest.mark.parametrize("name", sorted(k[len("ops."):] for k in META["signatures"] if k.startswith("ops.")))
def test_ops_loss_signature_parameters(name):
    import inspect
    expected = META["signatures"][f"ops.{name}"]["signature"]
    got = inspect.signature(getattr(ops, name))
    # minispore may add trailing keyword parameters (kl_div's log_target); MindSpore's come first, same defaults
    assert str(got).startswith(expected[:-1])


def _data():
    return {"lg": ms.Tensor(_arr("ce_none", "in", "logits")), "lp": ms.Tensor(_arr("nll_none", "in", "logits")),
            "x": ms.Tensor(_arr("mse_none", "in", "logits")), "wrong": ms.Tensor(np.ones((4, 3), np.float32)),
            "sx": ms.Tensor(_arr("bce_none", "in", "logits")), "probs": ms.Tensor(_arr("kldiv_none", "in", "labels")),
            "idx": _arr("ce_none", "in", "labels")}


SHAPE_ERRORS = {
    "MSELoss": lambda d: nn.MSELoss()(d["x"], d["wrong"]),
    "L1Loss": lambda d: nn.L1Loss()(d["x"], d["wrong"]),
    "SmoothL1Loss": lambda d: nn.SmoothL1Loss()(d["x"], d["wrong"]),
    "HuberLoss": lambda d: nn.HuberLoss()(d["x"], d["wrong"]),
    "BCEWithLogitsLoss": lambda d: nn.BCEWithLogitsLoss()(d["x"], d["wrong"]),
    "BCELoss": lambda d: nn.BCELoss()(d["sx"], d["wrong"]),
    "KLDivLoss": lambda d: nn.KLDivLoss()(d["lp"], d["x"]),
    "CrossEntropyLoss": lambda d: nn.CrossEntropyLoss()(d["lg"], ms.Tensor(d["idx"][:3])),
    "CrossEntropyLoss probs": lambda d: nn.CrossEntropyLoss()(d["lg"], d["x"]),
    "NLLLoss": lambda d: nn.NLLLoss()(d["lp"], ms.Tensor(d["idx"][:3])),
    "SoftmaxCrossEntropyWithLogits": lambda d: nn.SoftmaxCrossEntropyWithLogits()(d["lg"], d["x"]),
    "SoftmaxCrossEntropyWithLogits sparse":
        lambda d: nn.SoftmaxCrossEntropyWithLogits(sparse=True)(d["lg"], ms.Tensor(d["idx"][:3])),
    "mse_loss": lambda d: ops.mse_loss(d["x"], d["wrong"]),
    "l1_loss": lambda d: ops.l1_loss(d["x"], d["wrong"]),
    "smooth_l1_loss": lambda d: ops.smooth_l1_loss(d["x"], d["wrong"]),
    "huber_loss": lambda d: ops.huber_loss(d["x"], d["wrong"]),
    "binary_cross_entropy_with_logits": lambda d: ops.binary_cross_entropy_with_logits(d["x"], d["wrong"]),
    "binary_cross_entropy": lambda d: ops.binary_cross_entropy(d["sx"], d["wrong"]),
    "kl_div": lambda d: ops.kl_div(d["lp"], d["x"]),
    "cross_entropy": lambda d: ops.cross_entropy(d["lg"], ms.Tensor(d["idx"][:3])),
    "nll_loss": lambda d: ops.nll_loss(d["lp"], ms.Tensor(d["idx"][:3])),
}


@pytest.mark.parametrize("name", sorted(SHAPE_ERRORS))
def test_mismatched_shapes_raise_value_error_naming_loss_and_shapes(name):
    with pytest.raises(ValueError) as info:
        SHAPE_ERRORS[name](_data())
    # A Cell names itself in a note on the error ("[in BCELoss]"); functional ops in the message.
    message = "\n".join([str(info.value)] + getattr(info.value, "__notes__", []))
    assert name.split()[0] in message
    assert "(3, 4)" in message or "(3,)" in message


@pytest.mark.parametrize("label", [5, 3, -4])
@pytest.mark.parametrize("api", ["CrossEntropyLoss", "NLLLoss", "cross_entropy", "nll_loss",
                                 "SoftmaxCrossEntropyWithLogits"])
def test_out_of_range_labels_raise_value_error(api, label):
    # MindSpore raises a RuntimeError from GatherD, segfaults (nll_loss with label 5) or, for
    # SoftmaxCrossEntropyWithLogits, silently returns a zero loss for that sample;
    # minispore raises ValueError naming the loss and the label before computing anything.
    d = _data()
    labels = ms.Tensor(np.array([0, label, 1, 2], np.int32))
    calls = {"CrossEntropyLoss": lambda: nn.CrossEntropyLoss()(d["lg"], labels),
             "NLLLoss": lambda: nn.NLLLoss()(d["lp"], labels),
             "cross_entropy": lambda: ops.cross_entropy(d["lg"], labels),
             "nll_loss": lambda: ops.nll_loss(d["lp"], labels),
             "SoftmaxCrossEntropyWithLogits": lambda: nn.SoftmaxCrossEntropyWithLogits(sparse=True)(d["lg"], labels)}
    with pytest.raises(ValueError) as info:
        calls[api]()
    assert api in str(info.value) and f"got {label}" in str(info.value)


def test_int64_labels_accepted_by_cross_entropy_loss():
    # MindSpore 2.10's nn.CrossEntropyLoss rejects Int64 (spec §11.2); minispore accepts it deliberately.
    case = "ce_mean"
    x = ms.Tensor(_arr(case, "in", "logits"))
    labels = ms.Tensor(_arr(case, "in", "labels").astype(np.int64))
    np.testing.assert_allclose(nn.CrossEntropyLoss()(x, labels).asnumpy(), _arr(case, "out", "0"), rtol=1e-6)
    assert META["errors"]["nn.CrossEntropyLoss Int64 labels"]["type"] == "TypeError"


MINUS_ONE = "[1, -1, 0, 0]"


@pytest.mark.parametrize("fact", ["nn.NLLLoss Int64 labels", f"nn.CrossEntropyLoss labels {MINUS_ONE} (3 classes)",
                                  f"nn.NLLLoss labels {MINUS_ONE}", f"ops.cross_entropy none labels {MINUS_ONE}",
                                  f"ops.nll_loss none labels {MINUS_ONE}"])
def test_values_mindspore_computes_for_edge_labels(fact):
    # A label of -1 is not an ignore marker in MindSpore: it indexes the last class (GatherD wraps).
    d = _data()
    minus_one = ms.Tensor(np.array([1, -1, 0, 0], np.int32))
    calls = {"nn.NLLLoss Int64 labels": lambda: nn.NLLLoss()(d["lp"], ms.Tensor(d["idx"].astype(np.int64))),
             f"nn.CrossEntropyLoss labels {MINUS_ONE} (3 classes)": lambda: nn.CrossEntropyLoss()(d["lg"], minus_one),
             f"nn.NLLLoss labels {MINUS_ONE}": lambda: nn.NLLLoss()(d["lp"], minus_one),
             f"ops.cross_entropy none labels {MINUS_ONE}":
                 lambda: ops.cross_entropy(d["lg"], minus_one, reduction="none"),
             f"ops.nll_loss none labels {MINUS_ONE}": lambda: ops.nll_loss(d["lp"], minus_one, reduction="none")}
    expected = META["errors"][fact]
    np.testing.assert_allclose(calls[fact]().asnumpy(), expected["value"], rtol=1e-5)


@pytest.mark.parametrize("fact, call", [
    ("nn.BCEWithLogitsLoss Int32 labels",
     lambda d: nn.BCEWithLogitsLoss()(d["x"], ms.Tensor(np.ones((3, 4), np.int32)))),
    ("nn.SoftmaxCrossEntropyWithLogits dense with Int32 labels",
     lambda d: nn.SoftmaxCrossEntropyWithLogits()(d["lg"], ms.Tensor(d["idx"]))),
    ("nn.BCELoss on bits as probabilities, Int labels",
     lambda d: nn.BCELoss()(d["sx"], ms.Tensor(np.ones((3, 4), np.int32)))),
])
def test_wrong_label_dtype_is_type_error(fact, call):
    assert META["errors"][fact]["type"] == "TypeError"
    with pytest.raises(TypeError):
        call(_data())


@pytest.mark.parametrize("fact, call", [
    ("nn.MSELoss reduction='avg'", lambda: nn.MSELoss(reduction="avg")),
    ("nn.CrossEntropyLoss reduction='batchmean'", lambda: nn.CrossEntropyLoss(reduction="batchmean")),
    ("nn.KLDivLoss reduction='avg'", lambda: nn.KLDivLoss(reduction="avg")),
    ("ops.mse_loss reduction='avg'", lambda: ops.mse_loss(ms.Tensor([1.0]), ms.Tensor([2.0]), reduction="avg")),
    ("ops.cross_entropy reduction='avg'",
     lambda: ops.cross_entropy(ms.Tensor([[1.0, 2.0]]), ms.Tensor(np.array([1], np.int32)), reduction="avg")),
])
def test_bad_reduction_is_value_error(fact, call):
    assert META["errors"][fact]["type"] == "ValueError"
    with pytest.raises(ValueError, match="reduction"):
        call()


def test_mse_loss_reduction_message_matches_mindspore_nn():
    with pytest.raises(ValueError, match=r"For 'MSELoss', the 'reduction' must be in \['mean', 'sum', 'none'\], "
                                         r"but got avg\."):
        nn.MSELoss(reduction="avg")


def test_smooth_l1_beta_must_be_positive():
    assert META["errors"]["nn.SmoothL1Loss beta=0"]["type"] == "RuntimeError"
    with pytest.raises(ValueError, match="SmoothL1Loss.*beta"):
        nn.SmoothL1Loss(beta=0.0)


def test_spec_numbers():
    """The worked examples of spec §7."""
    z = ms.Tensor([[0.5, -1, 2], [1.5, 0, -2]])
    y = ms.Tensor([[1.0, 0, 1], [0, 1, 0]])
    np.testing.assert_allclose(ops.binary_cross_entropy_with_logits(z, y).asnumpy(), 0.572626, rtol=1e-5)
    got = ops.binary_cross_entropy_with_logits(z, y, ms.Tensor([0.5, 1, 2]), ms.Tensor([2.0, 3, 4]))
    np.testing.assert_allclose(got.asnumpy(), 0.831128, rtol=1e-5)
    logits = ms.Tensor([[1, 2, 0.5], [0.1, 0.2, 3]])
    labels = ms.Tensor(np.array([1, 2], np.int32))
    np.testing.assert_allclose(nn.CrossEntropyLoss(reduction="none")(logits, labels).asnumpy(),
                               [0.464368, 0.109601], rtol=1e-5)
    np.testing.assert_allclose(nn.CrossEntropyLoss(label_smoothing=0.1)(logits, labels).asnumpy(), 0.423651,
                               rtol=1e-5)
    np.testing.assert_allclose(nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="sum")(logits, labels)
                               .asnumpy(), 0.57397, rtol=1e-4)
    np.testing.assert_allclose(nn.MSELoss()(ms.Tensor([[1.0, 2, 3]]), ms.Tensor([[1.0], [4]])).asnumpy(), 3.16667,
                               rtol=1e-5)
    np.testing.assert_allclose(nn.SmoothL1Loss()(ms.Tensor([1.0, 2, 3]), ms.Tensor([1.0, 4, 6])).asnumpy(),
                               [0, 1.5, 2.5])
    np.testing.assert_allclose(nn.HuberLoss()(ms.Tensor([1.0, 2, 3]), ms.Tensor([1.0, 4, 6])).asnumpy(), 1.33333,
                               rtol=1e-5)
    grad = ms.grad(lambda a: nn.CrossEntropyLoss()(a, ms.Tensor(np.array([1], np.int32))))(ms.Tensor([[1.0, 2, 3]]))
    np.testing.assert_allclose(grad.asnumpy(), [[0.0900306, -0.755272, 0.665241]], rtol=1e-5)


@pytest.mark.parametrize("weighted", [False, True])
def test_nll_over_extra_dims_skips_ignored_labels(weighted):
    # Logits (N, C, d) with one label equal to ignore_index: that position counts neither in the sum
    # nor in the weight total.
    rng = np.random.default_rng(5)
    log_probs = rng.standard_normal((2, 3, 4)).astype(np.float32)
    labels = np.array([[0, 2, -100, 1], [2, 2, 0, -100]], np.int32)
    weight = np.array([0.5, 2.0, 1.5], np.float32) if weighted else np.ones(3, np.float32)
    n, d = np.nonzero(labels != -100)
    picked = labels[n, d]
    expected = -np.sum(weight[picked] * log_probs[n, picked, d]) / np.sum(weight[picked])
    loss = nn.NLLLoss(weight=ms.Tensor(weight) if weighted else None)(ms.Tensor(log_probs), ms.Tensor(labels))
    np.testing.assert_allclose(loss.asnumpy(), expected, rtol=1e-6)
