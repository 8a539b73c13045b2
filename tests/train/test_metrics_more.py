"""The metrics MindSpore's own tests use (Dice, HausdorffDistance, Perplexity, BleuScore, CosineSimilarity, ROC,
auc, ConfusionMatrix(Metric), surface distances, OcclusionSensitivity, multilabel Precision/Recall), against
MindSpore 2.10 (tests/golden/metrics.json); where MindSpore is wrong, against the mathematics."""
import builtins
import json
import os

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn, train

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")
with open(os.path.join(GOLDEN, "metrics.json")) as f:
    CASES = json.load(f)["cases"]


def _run(code):
    namespace = {"np": np, "ms": ms, "nn": nn, "Tensor": Tensor, "train": train}
    exec(code, namespace)
    return namespace.get("result")


def _close(got, expected, path="result"):
    if isinstance(expected, list):
        got = list(got) if not isinstance(got, np.ndarray) else got.tolist()
        assert len(got) == len(expected), f"{path}: length {len(got)} != {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            _close(g, e, f"{path}[{i}]")
    elif isinstance(expected, float):
        assert np.isclose(float(got), expected, rtol=1e-6, atol=1e-7, equal_nan=True), f"{path}: {got} != {expected}"
    else:
        assert got == expected, f"{path}: {got!r} != {expected!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_metric_matches_mindspore(case):
    if "error" in case:
        with pytest.raises(getattr(builtins, case["error"])):
            _run(case["code"])
        return
    _close(_run(case["code"]), case["result"])


def test_roc_multiclass_is_one_vs_rest_for_any_number_of_samples():
    # MindSpore 2.10 reshapes (N, C) scores to (C, N) instead of transposing them: right only when N == C.
    scores = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    labels = np.array([0, 1, 2, 1, 2])
    fprs, tprs, thresholds = train.ROC(class_num=3)(scores, labels)
    for c in range(3):
        fpr, tpr, threshold = train.ROC(pos_label=1)(scores[:, c], (labels == c).astype(int))
        np.testing.assert_allclose(fprs[c], fpr)
        np.testing.assert_allclose(tprs[c], tpr)
        np.testing.assert_allclose(thresholds[c], threshold)
    np.testing.assert_allclose(fprs[1], [0.0, 0.0, 1 / 3, 1.0])
    np.testing.assert_allclose(tprs[1], [0.0, 0.5, 1.0, 1.0])


def test_perplexity_of_sequences():
    # MindSpore 2.10 raises IndexError for predictions of rank > 2; the labels' positions are independent.
    preds = np.array([[[0.4, 0.6], [0.7, 0.3]], [[0.5, 0.5], [0.9, 0.1]]])
    labels = np.array([[0, 1], [1, 0]])
    expected = np.exp(-np.mean(np.log([0.4, 0.3, 0.5, 0.9])))
    assert np.isclose(train.Perplexity()(preds, labels), expected)


def test_occlusion_sensitivity_takes_an_int_label_and_per_axis_margins():
    # MindSpore 2.10 refuses an int label (despite handling it) and fails on a list margin.
    net = nn.Dense(4, 2)
    net.weight.set_data(Tensor(np.array([[0.1, 0.8, 0.1, 0.1], [1, 1, 1, 1]], np.float32)))
    net.bias.set_data(Tensor(np.array([0.3, 0.6], np.float32)))
    image = np.array([[0.1, 0.2, 0.3, 0.4]], np.float32)
    # baseline 1.6 minus the score with [i-2, i+2) (then [i-1, i+1)) zeroed
    np.testing.assert_allclose(train.OcclusionSensitivity()(net, image, 1), [0.3, 0.6, 1.0, 0.9], rtol=1e-5)
    np.testing.assert_allclose(train.OcclusionSensitivity(margin=[1])(net, image, 1), [0.1, 0.3, 0.5, 0.7], rtol=1e-5)


def test_confusion_matrix_metric_per_sample_on_two_dim_inputs():
    # One position per sample: each sample's metric, averaged (MindSpore 2.10 fails unpacking here).
    y_pred = np.array([[1, 0, 1], [0, 1, 1]])
    y = np.array([[1, 0, 0], [0, 1, 1]])
    score = train.ConfusionMatrixMetric(metric_name="precision", calculation_method=True)(y_pred, y)
    # sample 0: classes 1.0, NaN (no predicted positive: left out), 0.0 -> 0.5; sample 1: NaN, 1, 1 -> 1.0
    assert np.isclose(score, 0.75)


def test_rearrange_inputs_is_the_decorator_custom_metrics_use():
    class Last(train.Metric):
        def clear(self):
            self.value = None

        @train.rearrange_inputs
        def update(self, *inputs):
            self.value = inputs

        def eval(self):
            return self.value

    metric = Last().set_indexes([1])
    metric.update("a", "b", "c")
    assert metric.eval() == ("b",)


def test_model_eval_with_indexed_metrics():
    class Twin(nn.Cell):
        def construct(self, x, label):
            return x, x * 0 + 1.0, label

    model = ms.Model(Twin(), metrics={"dice": train.Dice().set_indexes([0, 2])}, eval_network=Twin())
    data = ms.dataset.NumpySlicesDataset({"x": np.array([[1.0, 0.0]], np.float32),
                                          "label": np.array([[1.0, 1.0]], np.float32)}, shuffle=False).batch(1)
    result = model.eval(data)
    assert np.isclose(result["dice"], 2 * 1.0 / (1.0 + 2.0 + 1e-5))
