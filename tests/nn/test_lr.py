"""Learning-rate list functions and LearningRateSchedule Cells against MindSpore 2.10 (tests/golden/lr.*)."""
import json
from pathlib import Path

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
META = json.loads((GOLDEN / "lr.json").read_text())
ARRAYS = np.load(GOLDEN / "lr.npz")
LIST_CASES = [c for c in META["cases"] if c["kind"] == "list_function"]
CELL_CASES = [c for c in META["cases"] if c["kind"] == "schedule_cell"]
ERROR_CASES = [c for c in META["cases"] if c["kind"] == "error"]


@pytest.mark.parametrize("case", LIST_CASES, ids=lambda c: c["case"])
def test_list_functions_match_golden_exactly(case):
    values = getattr(nn, case["function"])(**case["kwargs"])
    assert type(values).__name__ == case["result_type"]
    assert sorted({type(v).__name__ for v in values}) == case["element_types"]
    assert values == case["values"]


@pytest.mark.parametrize("case", CELL_CASES, ids=lambda c: c["case"])
def test_schedule_cells_match_golden(case):
    schedule = getattr(nn, case["cell"])(**case["kwargs"])
    assert repr(schedule) == case["repr"]
    outputs = [schedule(Tensor(step, ms.int32)) for step in range(10)]
    assert all(str(o.dtype) == case["out_dtype"] and list(o.shape) == case["out_shape"] for o in outputs)
    np.testing.assert_allclose(np.stack([o.asnumpy() for o in outputs]), ARRAYS[f"{case['case']}/out"],
                               rtol=1e-6, atol=1e-9)
    shaped = schedule(Tensor(np.array([3], np.int32)))
    assert list(shaped.shape) == case["out_shape_for_step_shape_1"]


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda c: c["case"])
def test_list_function_errors_match_golden(case):
    with pytest.raises(Exception) as info:
        getattr(nn, case["function"])(**case["kwargs"])
    assert type(info.value).__name__ == case["error"]["type"]
    assert str(info.value) == case["error"]["message"]


def test_schedule_drives_an_optimizer_with_global_step():
    w = ms.Parameter(Tensor(np.array([1.0], np.float32)), name="w")
    opt = nn.SGD([w], nn.WarmUpLR(0.1, 2))
    rates = []
    for _ in range(4):
        rates.append(float(opt.get_lr().asnumpy()))
        opt((Tensor(np.array([1.0], np.float32)),))
    np.testing.assert_allclose(rates, [0.0, 0.05, 0.1, 0.1], rtol=1e-6)
    np.testing.assert_allclose(w.asnumpy(), [0.75], rtol=1e-6)


def test_schedule_argument_errors():
    with pytest.raises(ValueError, match="For 'WarmUpLR', the 'warmup_steps' must be positive"):
        nn.WarmUpLR(0.1, 0)
    with pytest.raises(ValueError, match="'max_lr' must be greater than the 'min_lr'"):
        nn.CosineDecayLR(0.2, 0.1, 4)
    with pytest.raises(TypeError, match="For 'ExponentialDecayLR', the 'is_stair' must be bool"):
        nn.ExponentialDecayLR(0.1, 0.9, 4, is_stair=1)
