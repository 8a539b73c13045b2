"""Training-side behaviour MindSpore's own tests check (issue 14), against MindSpore 2.10
(tests/golden/mstests_train.json): schedule Cells as weight_decay, weight decay under a loss scale,
Adam(use_lazy=, use_offload=), dynamic_lr argument errors, CheckpointConfig, save_checkpoint of a Parameter
list, the dataset seed, Parameter$N names, Jvp/Vjp; plus what the fixtures cannot show."""
import builtins
import collections
import io
import json
import os
import sys
import tempfile

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn, train
from minispore.__main__ import alias_mindspore

alias_mindspore()  # the cases import `mindspore.nn.grad` as MindSpore's users do

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")
with open(os.path.join(GOLDEN, "mstests_train.json")) as f:
    CASES = json.load(f)["cases"]


def _run(code):
    namespace = {"np": np, "ms": ms, "nn": nn, "Tensor": Tensor, "train": train, "os": os, "tempfile": tempfile}
    exec(code, namespace)
    return namespace.get("result")


def _close(got, expected, path="result"):
    if isinstance(got, Tensor):
        got = got.asnumpy()
    if isinstance(expected, list):
        got = got.tolist() if isinstance(got, np.ndarray) else list(got)
        assert len(got) == len(expected), f"{path}: length {len(got)} != {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            _close(g, e, f"{path}[{i}]")
    elif isinstance(expected, float):
        assert np.isclose(float(got), expected, rtol=2e-6, atol=1e-7), f"{path}: {got} != {expected}"
    else:
        assert got == expected, f"{path}: {got!r} != {expected!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_matches_mindspore(case, monkeypatch):
    from minispore.common import seed
    from minispore.dataset import config
    monkeypatch.setattr(seed, "_seed", None)  # as in a fresh process: no seed set
    monkeypatch.setattr(config, "_seed", None)
    if "error" in case:
        with pytest.raises(getattr(builtins, case["error"])):
            _run(case["code"])
        return
    _close(_run(case["code"]), case["result"])


RowGradient = collections.namedtuple("RowGradient", "indices values dense_shape")  # a RowTensor's interface


def test_lazy_adam_updates_only_the_rows_of_a_row_sparse_gradient():
    def fresh():
        return ms.Parameter(Tensor(np.arange(8, dtype=np.float32).reshape(4, 2)), name="w")

    rows = RowGradient(Tensor(np.array([2, 0, 2], np.int32)), Tensor(np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]],
                                                                             np.float32)), (4, 2))
    dense = Tensor(np.array([[2.0, 2.0], [0, 0], [4.0, 4.0], [0, 0]], np.float32))
    lazy_w, plain_w, dense_w = fresh(), fresh(), fresh()
    lazy, plain, reference = (nn.Adam([lazy_w], 0.1, use_lazy=True), nn.Adam([plain_w], 0.1),
                              nn.Adam([dense_w], 0.1))
    for _ in range(2):
        lazy((rows,))
        plain((rows,))
        reference((dense,))
    np.testing.assert_array_equal(plain_w.asnumpy(), dense_w.asnumpy())  # a RowTensor is its dense sum
    np.testing.assert_allclose(lazy_w.asnumpy()[[0, 2]], dense_w.asnumpy()[[0, 2]], rtol=1e-6)
    np.testing.assert_array_equal(lazy_w.asnumpy()[[1, 3]], [[2.0, 3.0], [6.0, 7.0]])  # untouched rows
    # after a step where row 1 has no gradient, its moments stay zero in the lazy optimizer only
    assert not lazy.moment1[0].asnumpy()[1].any() and not lazy.moment1[0].asnumpy()[3].any()


def test_adam_offload_keeps_moments_on_the_host():
    w = ms.Parameter(Tensor(np.ones((2, 2), np.float32)), name="w")
    opt = nn.Adam([w], 0.1, use_offload=True)
    opt((Tensor(np.full((2, 2), 0.5, np.float32)),))
    assert opt.moment1[0].device == "CPU" and opt.moment1[0].name == "moment1.w"
    np.testing.assert_allclose(w.asnumpy(), np.full((2, 2), 0.9), rtol=1e-6)


def test_weight_decay_schedule_in_adam_weight_decay_is_decoupled():
    class Constant(nn.LearningRateSchedule):
        def construct(self, global_step):
            return Tensor(np.array(0.5, np.float32))

    w = ms.Parameter(Tensor(np.array([2.0], np.float32)), name="w")
    nn.AdamWeightDecay([w], learning_rate=0.1, eps=1e-8, weight_decay=Constant())((Tensor(np.zeros(1, np.float32)),))
    np.testing.assert_allclose(w.asnumpy(), [2.0 - 0.1 * 0.5 * 2.0], rtol=1e-6)


class _ClearedByFlush(io.StringIO):
    """MindSpore's own test helper: its content is lost on flush."""

    def flush(self):
        self.seek(0)
        self.truncate()


def test_loss_monitor_eval_line_survives_a_stdout_cleared_by_flush(monkeypatch):
    net = nn.Dense(1, 1)
    model = ms.Model(net, nn.MSELoss(), nn.Momentum(net.trainable_params(), 0.01, 0.9), metrics={"mae"})
    data = ms.dataset.NumpySlicesDataset({"x": np.ones((4, 1), np.float32), "y": np.zeros((4, 1), np.float32)},
                                         shuffle=False).batch(2)
    captured = _ClearedByFlush()
    monkeypatch.setattr(sys, "stdout", captured)
    model.fit(1, data, data, callbacks=[train.LossMonitor()])
    monkeypatch.undo()
    assert "Eval result: epoch 1, metrics: {'mae':" in captured.getvalue()


def test_bfloat16_inputs_and_weights_get_gradients():
    ml_dtypes = pytest.importorskip("ml_dtypes")
    assert ml_dtypes
    x = Tensor(np.array([1.0, 2.0, 3.0]), ms.bfloat16)
    grad = ms.grad(lambda t: (t * t * 3).sum())(x)
    assert grad.dtype == ms.bfloat16 and grad.float().asnumpy().tolist() == [6.0, 12.0, 18.0]
    assert ms.grad(lambda t: ms.ops.relu(t - 2).sum())(x).float().asnumpy().tolist() == [0.0, 0.0, 1.0]
    softmax_grad = ms.grad(lambda t: (ms.ops.softmax(t) * Tensor([1.0, 2.0, 3.0], ms.bfloat16)).sum())(x)
    assert softmax_grad.dtype == ms.bfloat16
    np.testing.assert_allclose(softmax_grad.float().asnumpy(), [-0.143, -0.142, 0.281], atol=2e-3)
    w = ms.Parameter(Tensor(np.array([1.0, 2.0]), ms.bfloat16), name="w16")
    weight_grad = ms.grad(lambda t: (t * w).sum(), None, weights=[w])(Tensor(np.array([3.0, 4.0]), ms.bfloat16))[0]
    assert weight_grad.float().asnumpy().tolist() == [3.0, 4.0]


def test_lstm_operator_runs_one_layer_in_one_direction_as_on_mindspores_cpu():
    with pytest.raises(ValueError, match="one layer in one direction"):
        ms.ops.LSTM(4, 3, 2, False, False, 0.0)
    op = ms.ops.LSTM(4, 3, 1, False, False, 0.0)
    with pytest.raises(ValueError, match="must hold 84 values"):
        op(Tensor(np.ones((2, 1, 4), np.float32)), Tensor(np.ones((1, 1, 3), np.float32)),
           Tensor(np.ones((1, 1, 3), np.float32)), Tensor(np.ones((90, 1, 1), np.float32)))
