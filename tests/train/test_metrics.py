"""Metrics against MindSpore 2.10's values (tests/golden/model.json, tools/golden/gen_model.py)."""
import json
from pathlib import Path

import numpy as np
import pytest

from minispore import Tensor
from minispore import train

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = {case["case"]: case for case in json.loads((GOLDEN / "model.json").read_text())["cases"]}
VALUES = np.load(GOLDEN / "model.npz")
METRIC_CASES = [name for name, case in CASES.items() if name.startswith("metric_") and "inputs" in case]


def assert_result(value, expected):
    assert type(value).__name__ == expected["type"]
    np.testing.assert_array_equal(np.asarray(value), np.asarray(expected["value"]))
    if "dtype" in expected:
        assert str(np.asarray(value).dtype) == expected["dtype"]


@pytest.mark.parametrize("name", METRIC_CASES)
def test_metric_matches_mindspore(name):
    case = CASES[name]
    metric = getattr(train, case["metric"])(**case["kwargs"])
    y_pred = VALUES[f"metrics/in/{case['inputs']}/y_pred"]
    y = VALUES[f"metrics/in/{case['inputs']}/y"]
    metric.clear()
    metric.update(Tensor(y_pred), Tensor(y))
    assert_result(metric.eval(), case["eval"])
    if "eval_average_true" in case:
        assert_result(metric.eval(average=True), case["eval_average_true"])
    metric.update(Tensor(y_pred[:2]), Tensor(y[:2]))
    assert_result(metric.eval(), case["eval_after_second_update_first_two"])


def test_loss_metric_and_errors():
    loss = train.Loss()
    for value in CASES["metric_Loss"]["updates"]:
        loss.update(Tensor(np.float32(value)))
    assert_result(loss.eval(), CASES["metric_Loss"]["eval"])
    with pytest.raises(RuntimeError) as info:
        train.Accuracy().eval()
    assert str(info.value) == CASES["metric_Accuracy_empty"]["error"]["message"]
    with pytest.raises(ValueError) as info:
        train.Loss().update(Tensor(np.ones((2, 2), np.float32)))
    assert str(info.value) == CASES["metric_Loss_bad_shape"]["error"]["message"]


def test_one_hot_labels_and_call():
    y_pred = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]], np.float32)
    one_hot = np.array([[0, 1], [0, 1], [0, 1]], np.float32)
    assert train.Accuracy()(Tensor(y_pred), Tensor(one_hot)) == pytest.approx(2 / 3)
    metric = train.MAE()
    metric.update(np.array([1.0, 2.0]), np.array([1.5, 2.0]))
    metric.clear()
    with pytest.raises(RuntimeError, match="number of samples is 0"):
        metric.eval()


def test_metric_names_and_signatures():
    assert isinstance(train.metrics.get_metric_fn("accuracy"), train.Accuracy)
    with pytest.raises(KeyError, match="Unknown Metric name"):
        train.metrics.get_metric_fn("nope")
    with pytest.raises(ValueError, match="eval_type"):
        train.Accuracy("regression")
