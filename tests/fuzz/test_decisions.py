"""minispore against MindSpore 2.10 on the doubtful calls of decisions.py (tests/golden/fuzz_decisions.json).

Where MindSpore raises, minispore raises too (a TypeError, ValueError, IndexError or RuntimeError naming
what went wrong); where it returns, minispore returns the same structure, dtypes, shapes and values.
DIFFERENT lists the deliberate exceptions (each is in docs/differences.md), with what minispore does.
"""
import math

import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops, Tensor
from tests.fuzz.decisions import PRELUDE
from tests.fuzz.oracles import CASES

RAISES = "raises"
# case -> what minispore gives instead: RAISES, or a result in the golden file's encoding.
DIFFERENT = {
    # A mean over nothing is NaN (MindSpore returns whatever its buffer held: inf, -inf, garbage).
    "mean_empty_axis0": {"dtype": "Float32", "shape": [3], "value": [math.nan] * 3},
    "mean_empty_all": {"dtype": "Float32", "shape": [], "value": math.nan},
    "tensor_mean_empty": {"dtype": "Float32", "shape": [3], "value": [math.nan] * 3},
    "zero_mse_empty": {"dtype": "Float32", "shape": [], "value": math.nan},
    # An integer mean, or a max without `initial`, over nothing has no value: refused.
    "mean_int_empty": RAISES, "ops_amax_empty": RAISES,
    "norm_empty": {"dtype": "Float32", "shape": [], "value": 0.0},
    "ops_amax_empty_initial": {"dtype": "Float32", "shape": [], "value": 1.0},
    # Empty inputs MindSpore's kernels fail on (RuntimeError) give empty results.
    "cumsum_empty": {"dtype": "Float32", "shape": [0, 3], "value": []},
    "zero_layer_norm_empty": {"dtype": "Float32", "shape": [0, 3], "value": []},
    "prod_empty": {"dtype": "Float32", "shape": [3], "value": [1.0, 1.0, 1.0]},  # MindSpore: [1, 0, 0]
    "max_empty_axis": [{"dtype": "Float32", "shape": [0], "value": []}, {"dtype": "Int64", "shape": [0], "value": []}],
    # initial and where take part with axis=None too (MindSpore ignores them there).
    "max_initial_none": [{"dtype": "Float32", "shape": [], "value": 100.0}, {"dtype": "Int64", "shape": [], "value": 0}],
    "tensor_max_initial": {"dtype": "Float32", "shape": [], "value": 100.0},
    "tensor_max_where_none": {"dtype": "Float32", "shape": [], "value": 2.0},
    # NaN propagates through max/min (NumPy's and PyTorch's rule); MindSpore's CPU kernel skips it.
    "max_nan": [{"dtype": "Float32", "shape": [], "value": math.nan}, {"dtype": "Int64", "shape": [], "value": 1}],
    # Float math of integer and bool Tensors is computed in float32 (MindSpore: no CPU kernel).
    "erf_int": {"dtype": "Float32", "shape": [2], "value": [0.8427007794380188, 0.0]},
    "exp_bool": {"dtype": "Float32", "shape": [2], "value": [2.7182819843292236, 1.0]},
    # Integer inputs to the regression losses and to nll_loss are computed in float32 (MindSpore's ops.mse_loss
    # does; its l1_loss and the Cells truncate to Int32, and its nll_loss of UInt8 wraps -1 to 255).
    "loss_l1_cell_int": {"dtype": "Float32", "shape": [], "value": 8 / 3},
    "loss_l1_int32": {"dtype": "Float32", "shape": [], "value": 8 / 3},
    "loss_l1_uint8": {"dtype": "Float32", "shape": [], "value": 7 / 3},
    "loss_mse_cell_int": {"dtype": "Float32", "shape": [], "value": 22 / 3},
    "loss_nll_cell_uint8": {"dtype": "Float32", "shape": [], "value": -1.0},
    "loss_nll_uint8": {"dtype": "Float32", "shape": [], "value": -1.0},
    "loss_smooth_l1_int32": {"dtype": "Float32", "shape": [3], "value": [1.5, 2.5, 2.5]},
    # Lists are operands like numbers (as with MindSpore's operators: Tensor + [1, 2]).
    "add_tensor_list": {"dtype": "Float32", "shape": [3], "value": [4.0, 3.0, 5.0]},
    "mul_list_tensor": {"dtype": "Float32", "shape": [3], "value": [3.0, 2.0, 6.0]},
    # Tensor.repeat works on the CPU (MindSpore: "not supported on this device").
    "axis_tensor_repeat_edge": {"dtype": "Float32", "shape": [4, 3],
                                "value": [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [3.0, 4.0, 5.0]]},
    # x.transpose(-2, 0) names axis 0 twice: refused (MindSpore returns x unchanged).
    "axis_tensor_transpose_edge": RAISES,
    # Integer division by zero: 0 (NumPy's), where MindSpore gives INT_MAX or x (already listed for // and %).
    "zero_floor_divide_int": {"dtype": "Int64", "shape": [2, 3], "value": [[0, 0, 0], [0, 0, 0]]},
    "zero_remainder_int": {"dtype": "Int64", "shape": [2, 3], "value": [[0, 0, 0], [0, 0, 0]]},
}
# Results compared by dtype and shape only (random values).
SHAPE_ONLY = {"count_dropout_p_negative", "count_dropout_p_one"}


def _namespace():
    namespace = {"ms": ms, "ops": ops, "nn": nn, "Tensor": Tensor, "np": np}
    exec(PRELUDE, namespace)  # noqa: S102 - the shared prelude of decisions.py
    return namespace


def _encode(value):
    if isinstance(value, Tensor):
        array = value.asnumpy()
        values = [[float(v.real), float(v.imag)] for v in array.reshape(-1)] if array.dtype.kind == "c" \
            else array.tolist()
        return {"dtype": str(value.dtype), "shape": list(array.shape), "value": values}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _same(got, expected, case):
    if isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), f"{case}: {got!r} != {expected!r}"
        for g, e in zip(got, expected):
            _same(g, e, case)
        return
    if isinstance(expected, dict):
        assert isinstance(got, dict), f"{case}: got {got!r}, expected a Tensor {expected}"
        assert got["dtype"] == expected["dtype"] and got["shape"] == expected["shape"], f"{case}: {got} != {expected}"
        if case not in SHAPE_ONLY:
            np.testing.assert_allclose(np.asarray(got["value"], dtype=float), np.asarray(expected["value"], dtype=float),
                                       rtol=1e-3, atol=1e-5, equal_nan=True, err_msg=case)
        return
    assert got == expected, f"{case}: {got!r} != {expected!r}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_mindspore_or_is_a_listed_difference(case):
    entry = CASES[case]
    expected = DIFFERENT.get(case, RAISES if "error" in entry else entry.get("result"))
    namespace = _namespace()
    with np.errstate(all="ignore"):
        if expected == RAISES:
            with pytest.raises((TypeError, ValueError, IndexError, RuntimeError, KeyError)):
                eval(entry["expr"], namespace)  # noqa: S307 - fixed expressions from decisions.py
            return
        result = eval(entry["expr"], namespace)  # noqa: S307
    _same(_encode(result), expected, case)
