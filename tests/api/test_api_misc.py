"""The non-numeric API names of issue 12: Profiler, Custom, summaries, MultitypeFuncGraph / HyperMap / Map,
constexpr, RowTensor, jit_class, run_check, random ops, mint.optim, and the small ops (Print, partial, ...)."""
import csv
import json
import math
import os

import numpy as np
import pytest

import minispore as ms
from minispore import Parameter, Tensor, mint, nn, ops
from minispore.profiler import Profiler, schedule
from minispore.train import Model
from minispore.train.callback import SummaryCollector
from minispore.train.summary import SummaryRecord


class _Batches:
    def __init__(self, steps=4):
        self.steps = steps

    def create_tuple_iterator(self):
        rng = np.random.default_rng(0)
        for _ in range(self.steps):
            yield Tensor(rng.standard_normal((4, 3)).astype(np.float32)), Tensor(rng.integers(0, 2, 4).astype(np.int32))

    def get_dataset_size(self):
        return self.steps


def test_profiler_times_every_op_and_writes_mindspore_s_files(tmp_path):
    net = nn.Dense(3, 2)
    step = ms.value_and_grad(lambda x: net(x).sum(), None, net.trainable_params())
    profiler = Profiler(output_path=str(tmp_path), profile_memory=True)
    for _ in range(3):
        step(Tensor(np.ones((4, 3), np.float32)))
    profiler.stop()
    ops.add(Tensor([1.0]), 1.0)  # after stop: not recorded
    table = profiler.table()
    assert "dense " in table and "dense_grad" in table and "\nadd " not in table
    run = profiler.analyse()
    with open(os.path.join(run, "FRAMEWORK", "cpu_op_type_info_0.csv")) as file:
        rows = {row["op_type"]: row for row in csv.DictReader(file)}
    assert rows["dense"]["type_occurrences"] == "3" and rows["dense_grad"]["type_occurrences"] == "3"
    assert math.isclose(sum(float(r["percent"]) for r in rows.values()), 1.0, rel_tol=1e-4)
    trace = json.load(open(os.path.join(run, "ASCEND_PROFILER_OUTPUT", "trace_view.json")))
    assert {event["name"] for event in trace if event["ph"] == "X"} >= {"dense", "dense_grad"}
    memory = open(os.path.join(run, "FRAMEWORK", "cpu_op_memory_0.csv")).read()
    assert "dense,3,96,32" in memory  # three (4, 2) float32 outputs of 32 bytes each
    details = json.loads(profiler.op_analyse("dense"))
    assert len(details["dense"]) == 3 and details["dense"][0]["input_shapes"][0] == [4, 3]


def test_profiler_schedule_records_active_steps_only(tmp_path):
    ready = []
    profiler = Profiler(output_path=str(tmp_path), schedule=schedule(wait=1, active=1, repeat=1),
                        on_trace_ready=lambda p: ready.append(p.table()))
    for value in range(3):
        ops.mul(Tensor([float(value)]), 2.0)
        profiler.step()
    profiler.stop()
    assert len(ready) == 1 and "mul" in ready[0] and ready[0].splitlines()[-1].split()[1] == "1"
    with pytest.raises(TypeError, match="unknown keyword"):
        Profiler(output_path=str(tmp_path), bogus=1)


def test_custom_pyfunc_with_bprop_runs_through_the_door():
    square = ops.Custom(lambda x: x * x, out_shape=lambda s: s, out_dtype=lambda d: d, func_type="pyfunc",
                        bprop=lambda x, out, dout: (2 * x * dout,))
    x = Tensor([1.0, -2.0, 3.0])
    np.testing.assert_allclose(square(x).asnumpy(), [1.0, 4.0, 9.0])
    np.testing.assert_allclose(ms.grad(lambda t: square(t).sum())(x).asnumpy(), [2.0, -4.0, 6.0])
    profiler = Profiler(output_path="/tmp/unused", start_profile=False)
    profiler.start()
    square(x)
    profiler.stop()
    assert "Custom_<lambda>" in profiler.table()
    several = ops.Custom(lambda a, b: (a + b, a - b), out_shape=[(3,), (3,)], out_dtype=[ms.float32, ms.float32])
    total, difference = several(x, x)
    np.testing.assert_allclose(difference.asnumpy(), 0.0)
    with pytest.raises(ValueError, match="out_shape"):
        ops.Custom(lambda a: a, out_shape=(5,), out_dtype=ms.float32)(x)
    with pytest.raises(NotImplementedError, match="pyfunc"):
        ops.Custom("kernel.so:fn", func_type="aot")


def test_summary_record_and_collector_write_json_lines(tmp_path):
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(3, 2)
            self.scalar = ops.ScalarSummary()
            self.histogram = ops.HistogramSummary()

        def construct(self, x):
            y = self.fc(x)
            self.scalar("out_mean", y.mean())
            self.histogram("out", y)
            return y

    net = Net()
    model = Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), 0.1))
    model.train(2, _Batches(), callbacks=[SummaryCollector(str(tmp_path / "summary"), collect_freq=2)])
    files = os.listdir(tmp_path / "summary")
    assert len(files) == 1 and ".out.events.summary." in files[0] and files[0].endswith("_MS")
    lines = [json.loads(line) for line in open(tmp_path / "summary" / files[0])]
    tags = {(line["plugin"], line["tag"]) for line in lines}
    assert {("scalar", "loss"), ("scalar", "out_mean"), ("histogram", "out"), ("graph", "train_network"),
            ("histogram", "fc.weight/auto"), ("train_lineage", "train_lineage")} <= tags
    losses = [line["value"] for line in lines if line["tag"] == "loss"]
    assert [line["step"] for line in lines if line["tag"] == "loss"] == [1, 2, 4, 6, 8] and all(
        isinstance(v, float) for v in losses)
    histogram = next(line["value"] for line in lines if line["tag"] == "out")
    assert sum(count for _, _, count in histogram["bins"]) == histogram["count"] == 8
    with SummaryRecord(str(tmp_path / "record"), export_options={"tensor_format": "npy"}) as record:
        record.add_value("tensor", "w", Tensor(np.arange(4.0).reshape(2, 2)))
        record.add_value("image", "img", Tensor(np.zeros((1, 3, 2, 2), np.float32)))
        assert record.record(3)
    with pytest.raises(ValueError, match="plugin"):
        record.add_value("audio", "x", Tensor(1.0))
    assert record.record(4) is False  # closed
    np.testing.assert_array_equal(np.load(tmp_path / "record" / "export" / "tensor" / "w_3.npy"), [[0, 1], [2, 3]])
    with pytest.raises(ValueError, match="collect_landscape"):
        SummaryCollector(str(tmp_path), collect_specified_data={"collect_landscape": {}})


def test_multitype_func_graph_hyper_map_map_partial():
    add = ops.MultitypeFuncGraph("add")

    @add.register("Tensor", "Tensor")
    def _(x, y):
        return x + y

    @add.register("Number", "Number")
    def _(x, y):
        return x * 10 + y

    assert float(add(Tensor(1.0), Tensor(2.0)).asnumpy()) == 3.0 and add(1, 2) == 12
    with pytest.raises(TypeError, match="no implementation"):
        add("a", 1)
    scaled = ops.HyperMap()(ops.partial(ops.mul, 2.0), (Tensor([1.0]), [Tensor([2.0]), Tensor([3.0])]))
    assert isinstance(scaled, tuple) and isinstance(scaled[1], list)
    np.testing.assert_allclose(scaled[1][1].asnumpy(), [6.0])
    assert ops.Map(lambda a, b: a + b)((1, 2), (10, 20)) == (11, 22)
    assert ops.HyperMap(add)((1, (2, 3)), (4, (5, 6))) == (14, (25, 36))
    order = []
    ops.HyperMap(order.append, reverse=True)((1, 2, 3))
    assert order == [3, 2, 1]


def test_constexpr_depend_identity_dtype_and_friends(capsys):
    @ops.constexpr
    def shape_product(shape):
        return int(np.prod(shape))

    assert shape_product((2, 3)) == 6 and isinstance(shape_product, ops.primitive.PrimitiveWithInfer)
    x = Tensor([1.0, 2.0])
    assert ops.depend(x, x + 1) is x and ops.dtype(x) == ms.float32 and ops.DType()(x) == ms.float32
    copy = ops.identity(x)
    assert copy is not x and copy.asnumpy().tolist() == [1.0, 2.0]
    assert ops.make_range(1, 7, 2) == (1, 3, 5) and ops.is_tensor(x) and not ops.is_tensor(1.0)
    ops.Print()("loss", x)
    assert capsys.readouterr().out.splitlines()[0] == "loss"
    variable = Parameter(Tensor(np.zeros(2, np.float32)), name="v")
    ops.Assign()(variable, Tensor([1.0, 2.0]))
    ops.AssignAdd()(variable, Tensor([1.0, 1.0]))
    assert variable.asnumpy().tolist() == [2.0, 3.0]
    updated = ops.ScatterNdUpdate()(variable, Tensor([[1]]), Tensor([9.0]))
    assert updated is variable and variable.asnumpy().tolist() == [2.0, 9.0]
    assert ops.ReduceOp.SUM == "sum"


def test_row_tensor_jit_class_run_check_no_init(capsys):
    rows = ms.RowTensor(Tensor([0, 2]), Tensor([[1.0, 2.0], [3.0, 4.0]]), (3, 2))
    assert rows.dense_shape == (3, 2) and ms.RowTensor(row_tensor=rows).indices.asnumpy().tolist() == [0, 2]
    with pytest.raises(ValueError, match="values"):
        ms.RowTensor(Tensor([0]), Tensor([[1.0, 2.0, 3.0]]), (3, 2))

    @ms.jit_class
    class Settings:
        scale = 2

    assert Settings.__ms_class__ and Settings.scale == 2
    with pytest.raises(TypeError, match="nn.Cell"):
        ms.jit_class(nn.Dense)
    ms.run_check()
    assert "installed on platform [CPU] successfully" in capsys.readouterr().out
    with nn.utils.no_init_parameters():
        dense = nn.Dense(2, 2)
    assert dense.weight.shape == (2, 2)
    assert ms.common.set_seed is ms.set_seed


def test_random_ops_follow_set_seed():
    ms.set_seed(5)
    first = (ops.UniformReal()((2, 3)).asnumpy(), ops.StandardNormal()((4,)).asnumpy(),
             ops.multinomial(Tensor([0.1, 0.7, 0.2]), 50).asnumpy())
    ms.set_seed(5)
    second = (ops.UniformReal()((2, 3)).asnumpy(), ops.StandardNormal()((4,)).asnumpy(),
              ops.multinomial(Tensor([0.1, 0.7, 0.2]), 50).asnumpy())
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert first[0].dtype == np.float32 and (0 <= first[0]).all() and (first[0] < 1).all()
    seeded = ops.UniformReal(seed=3, seed2=4)
    assert not np.array_equal(seeded((3,)).asnumpy(), seeded((3,)).asnumpy())
    draws = ops.multinomial(Tensor([[0.0, 1.0], [1.0, 0.0]]), 4)
    assert draws.dtype == ms.int32 and draws.asnumpy().tolist() == [[1] * 4, [0] * 4]
    unique = ops.multinomial(Tensor([1.0, 1.0, 1.0, 1.0]), 4, replacement=False).asnumpy()
    assert sorted(unique.tolist()) == [0, 1, 2, 3]
    index, mask = ops.RandomChoiceWithMask(count=4)(Tensor(np.array([[True, False], [True, True]])))
    assert index.dtype == ms.int32 and mask.asnumpy().tolist() == [True, True, True, False]
    assert sorted(map(tuple, index.asnumpy()[:3].tolist())) == [(0, 0), (1, 0), (1, 1)]


def _torch_style_sgd(weights, grads, lr, momentum, weight_decay, nesterov, steps):
    buffer = None
    for _ in range(steps):
        g = grads + weight_decay * weights
        buffer = g if buffer is None else momentum * buffer + g
        weights = weights - lr * (g + momentum * buffer if nesterov else buffer)
    return weights


def _torch_style_adam(weights, grads, lr, betas, eps, weight_decay, steps, decoupled):
    m = v = np.zeros_like(weights)
    for step in range(1, steps + 1):
        g = grads if decoupled else grads + weight_decay * weights
        if decoupled:
            weights = weights * (1 - lr * weight_decay)
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        weights = weights - lr / (1 - betas[0] ** step) * m / (np.sqrt(v) / np.sqrt(1 - betas[1] ** step) + eps)
    return weights


@pytest.mark.parametrize("kind", ["sgd", "nesterov", "adam", "adamw"])
def test_mint_optimizers_follow_pytorch_s_update(kind):
    rng = np.random.default_rng(1)
    start = rng.standard_normal(5).astype(np.float32)
    grads = rng.standard_normal(5).astype(np.float32)
    weight = Parameter(Tensor(start.copy()), name="w")
    if kind in ("sgd", "nesterov"):
        optimizer = mint.optim.SGD([weight], lr=0.1, momentum=0.9, weight_decay=0.01, nesterov=kind == "nesterov")
        expected = _torch_style_sgd(start, grads, 0.1, 0.9, 0.01, kind == "nesterov", 3)
    else:
        cls = mint.optim.Adam if kind == "adam" else mint.optim.AdamW
        optimizer = cls([weight], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)
        expected = _torch_style_adam(start, grads, 0.01, (0.8, 0.99), 1e-6, 0.1, 3, kind == "adamw")
    for _ in range(3):
        assert optimizer((Tensor(grads),)) is True
    np.testing.assert_allclose(weight.asnumpy(), expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(TypeError, match="tuple of 1"):
        optimizer([Tensor(grads)])


def test_mint_layers_train():
    ms.set_seed(0)
    net = nn.SequentialCell(mint.nn.Linear(3, 8), mint.nn.ReLU(), mint.nn.BatchNorm1d(8), mint.nn.Linear(8, 2))
    net.set_train()
    optimizer = mint.optim.AdamW(net.trainable_params(), lr=0.05)
    step = ms.value_and_grad(lambda x, y: mint.nn.functional.cross_entropy(net(x), y), None,
                             optimizer.parameters)
    batch = next(_Batches(1).create_tuple_iterator())
    losses = []
    for _ in range(20):
        loss, grads = step(*batch)
        optimizer(grads)
        losses.append(float(loss.asnumpy()))
    assert losses[-1] < losses[0] * 0.5
    assert int(net[2].num_batches_tracked.asnumpy()) == 20


def test_mint_ascend_only_names_follow_pytorch():
    """conv_tbc, npu_gelu and SyncBatchNorm's pieces: MindSpore 2.10 has no CPU kernel for them ("Not implement
    exception"); here they mean what PyTorch's do, checked against NumPy."""
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((5, 2, 3)), rng.standard_normal((3, 3, 4)), rng.standard_normal(4)
    padded = np.pad(x, ((1, 1), (0, 0), (0, 0)))
    expected = np.stack([np.einsum("kbc,kco->bo", padded[t:t + 3], w) for t in range(5)]) + b
    np.testing.assert_allclose(mint.conv_tbc(Tensor(x), Tensor(w), Tensor(b), 1).asnumpy(), expected, rtol=1e-12)

    y = rng.standard_normal((4, 3, 5))
    mean, invstd = mint.batch_norm_stats(Tensor(y), 1e-5)
    np.testing.assert_allclose(mean.asnumpy(), y.mean(axis=(0, 2)), rtol=1e-12)
    np.testing.assert_allclose(invstd.asnumpy(), 1 / np.sqrt(y.var(axis=(0, 2)) + 1e-5), rtol=1e-12)
    g, beta = rng.random(3), rng.random(3)
    out = mint.batch_norm_elemt(Tensor(y), Tensor(g), Tensor(beta), mean, invstd, 1e-5).asnumpy()
    np.testing.assert_allclose(out, (y - y.mean(axis=(0, 2))[:, None]) * invstd.asnumpy()[:, None] * g[:, None]
                               + beta[:, None], rtol=1e-12)

    # Two processes' statistics combine into those of their union.
    parts = [rng.standard_normal((2, 3, 4)), rng.standard_normal((3, 3, 4))]
    stats = [mint.batch_norm_stats(Tensor(p), 1e-5) for p in parts]
    means = Tensor(np.stack([m.asnumpy() for m, _ in stats]))
    invstds = Tensor(np.stack([i.asnumpy() for _, i in stats]))
    counts = Tensor(np.array([8.0, 12.0]))
    running_mean, running_var = Parameter(Tensor(np.zeros(3)), name="rm"), Parameter(Tensor(np.ones(3)), name="rv")
    g_mean, g_invstd = mint.batch_norm_gather_stats_with_counts(Tensor(parts[0]), means, invstds, running_mean,
                                                                running_var, 0.1, 1e-5, counts)
    union = np.concatenate([p.transpose(1, 0, 2).reshape(3, -1) for p in parts], axis=1)
    np.testing.assert_allclose(g_mean.asnumpy(), union.mean(axis=1), rtol=1e-9)
    np.testing.assert_allclose(g_invstd.asnumpy(), 1 / np.sqrt(union.var(axis=1) + 1e-5), rtol=1e-7)
    np.testing.assert_allclose(running_mean.asnumpy(), 0.1 * union.mean(axis=1), rtol=1e-9)
    np.testing.assert_allclose(running_var.asnumpy(), 0.9 + 0.1 * union.var(axis=1, ddof=1), rtol=1e-7)

    z = Tensor(rng.standard_normal((2, 3)).astype(np.float32))
    np.testing.assert_array_equal(mint.npu_gelu(z, approximate="tanh").asnumpy(),
                                  ops.gelu(z, approximate="tanh").asnumpy())
