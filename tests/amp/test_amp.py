"""Mixed precision against MindSpore 2.10 (tests/golden/amp.json): to_float, amp levels, loss scalers and
managers, and Model training with a loss scale; overflow steps skipped (mathematics, where MindSpore's CPU
build refuses)."""
import json
from pathlib import Path

import numpy as np
import pytest

import minispore as ms
from minispore import Parameter, Tensor, amp, nn, ops
from minispore.train import Callback, Model

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
META = json.loads((GOLDEN / "amp.json").read_text())
VALUES = np.load(GOLDEN / "amp.npz")


class Dtypes(nn.Cell):
    def __init__(self):
        super().__init__()
        self.p = Parameter(Tensor(np.ones(3), ms.float32), name="p")

    def construct(self, x, i):
        return (x + self.p, ops.softmax(x), ops.cast(x, ms.float32), i * 2, x.sum(), ops.exp(x), x * 2.5,
                ops.matmul(x, x.T), ops.log_softmax(x, -1), ops.relu(x), x.reshape(-1))


class Nested(nn.Cell):
    def __init__(self):
        super().__init__()
        self.a, self.bn, self.b = nn.Dense(3, 3), nn.BatchNorm1d(3), nn.Dense(3, 3)
        self.seen = []

    def construct(self, x):
        y = self.a(x)
        self.seen.append(str(y.dtype))
        y = self.bn(y)
        self.seen.append(str(y.dtype))
        z = y * 1.0
        self.seen.append(str(z.dtype))
        return self.b(z)


def test_to_float_casts_every_op_inside_the_cell():
    x = Tensor(np.ones((2, 3)), ms.float32)
    out = Dtypes().to_float(ms.float16)(x, Tensor([1, 2]))
    assert [str(o.dtype) for o in out] == META["to_float"]["dtypes"]
    nested = Nested()
    nested.to_float(ms.float16)
    nested.bn.to_float(ms.float32)
    result = nested(x)
    assert nested.seen == META["to_float"]["nested_seen"]
    assert str(result.dtype) == META["to_float"]["nested_out"]


def test_to_float_gradients_reach_float32_parameters():
    x = Tensor(np.random.default_rng(0).standard_normal((4, 3)), ms.float32)
    dense = nn.Dense(3, 2).to_float(ms.float16)
    grads = ms.grad(lambda t: dense(t).sum(), None, dense.trainable_params())(x)
    assert [str(g.dtype) for g in grads] == META["to_float"]["dense_grads"]
    # d(sum(x @ w.T + b))/dw = column sums of x, computed from the float16-rounded x.
    expected = np.tile(x.asnumpy().astype(np.float16).astype(np.float32).sum(0), (2, 1))
    np.testing.assert_allclose(grads[0].asnumpy(), expected, rtol=2e-3)
    np.testing.assert_allclose(grads[1].asnumpy(), [4.0, 4.0])


def test_to_float_rejects_non_float_types():
    with pytest.raises(ValueError, match="dst_type"):
        nn.Dense(2, 2).to_float(ms.int32)


def test_float16_matmul_rounds_a_float32_product_once():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((16, 40)).astype(np.float16), rng.standard_normal((40, 8)).astype(np.float16)
    out = ops.matmul(Tensor(a), Tensor(b))
    assert out.dtype == ms.float16
    np.testing.assert_array_equal(out.asnumpy(), (a.astype(np.float32) @ b.astype(np.float32)).astype(np.float16))


def test_bfloat16_compute_stays_bfloat16():
    pytest.importorskip("ml_dtypes")
    x = Tensor(np.ones((2, 3)), ms.float32)
    dense = nn.Dense(3, 4, weight_init="ones", bias_init="zeros").to_float(ms.bfloat16)
    out = dense(x)
    assert out.dtype == ms.bfloat16  # MindSpore 2.10 has no bfloat16 MatMul on CPU
    np.testing.assert_array_equal(out.float().asnumpy(), np.full((2, 4), 3.0))
    assert "MatMul" in META["to_float"]["bfloat16_dense"]["message"]


class Small(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.seq = nn.SequentialCell(nn.Dense(4, 5), nn.ReLU(), nn.BatchNorm1d(5), nn.Dense(5, 3))
        self.seen = []

    def construct(self, x):
        x = self.flatten(x)
        y = self.seq(x)
        self.seen.append(str(y.dtype))
        e = ops.exp(y)
        self.seen.append(str(e.dtype))
        return y


@pytest.mark.parametrize("level", ["O2", "O3"])
def test_levels_two_and_three_wrap_the_network(level):
    x = Tensor(np.ones((2, 4)), ms.float32)
    golden = META["levels"][level]
    net = amp.auto_mixed_precision(Small(), level)
    out = net(x)
    assert repr(net) == golden["repr"]
    assert type(net).__name__ == golden["type"] and net._amp_level == golden["amp_level"]
    assert str(out.dtype) == golden["out"] and net._backbone.seen == golden["seen"]


def test_level_o1_casts_white_listed_work_and_keeps_float32_results():
    x = Tensor(np.ones((2, 4)), ms.float32)
    net = amp.auto_mixed_precision(Small(), "O1")
    out = net(x)
    assert str(out.dtype) == META["levels"]["O1"]["out"] and net.seen == META["levels"]["O1"]["seen"]
    seen = []
    dense = net.seq[0]
    dense.register_forward_hook(lambda cell, inputs, output: seen.append(str(inputs[0].dtype)))
    net(x)
    assert seen == ["Float32"]  # the Dense casts inside: its own inputs arrive in float32


def test_level_o1_rounds_white_listed_products_to_float16():
    net = nn.Dense(3, 1, weight_init=Tensor(np.array([[1.0, 1.0, 1.0]], np.float32)), bias_init="zeros")
    amp.auto_mixed_precision(net, "O1")
    out = net(Tensor(np.array([[1.0 / 3, 1.0 / 3, 1.0 / 3]], np.float32)))
    third = np.float32(np.float16(1.0 / 3))
    assert out.dtype == ms.float32 and out.asnumpy()[0, 0] == np.float32(np.float16(3 * third))


def test_auto_level_casts_by_category_and_takes_functions():
    def fn(x, w):
        return ops.matmul(x, w), ops.exp(x), x + 1
    casted = amp.auto_mixed_precision(fn, "auto")
    x16 = Tensor(np.ones((2, 2)), ms.float16)
    product, exp, plus = casted(Tensor(np.ones((2, 2)), ms.float32), Tensor(np.ones((2, 2)), ms.float32))
    assert (product.dtype, exp.dtype, plus.dtype) == (ms.float16, ms.float32, ms.float32)
    assert casted(x16, x16)[1].dtype == ms.float32


@pytest.mark.parametrize("case", ["level", "dtype", "function", "custom_both", "custom_none"])
def test_level_errors(case):
    calls = {"level": lambda: amp.auto_mixed_precision(Small(), "O5"),
             "dtype": lambda: amp.auto_mixed_precision(Small(), "O2", ms.float32),
             "function": lambda: amp.auto_mixed_precision(lambda t: t, "O2"),
             "custom_both": lambda: amp.custom_mixed_precision(Small(), white_list=[nn.Dense], black_list=[nn.Dense]),
             "custom_none": lambda: amp.custom_mixed_precision(Small())}
    error = META["levels"]["errors"][case]
    with pytest.raises(getattr(__builtins__, error["type"], None) or Exception) as info:
        calls[case]()
    assert type(info.value).__name__ == error["type"] and str(info.value) == error["message"]


def test_white_and_black_lists():
    names = [c.__name__ for c in amp.get_white_list()]
    assert names == META["levels"]["white_list"]
    assert [c.__name__ for c in amp.get_black_list()] == META["levels"]["black_list"]
    assert amp.get_white_list() is not amp.get_white_list()


def test_custom_black_list_keeps_listed_cells_in_float32():
    net = amp.custom_mixed_precision(Small(), black_list=amp.get_black_list())
    seen = []
    bn = net._backbone.seq[2]
    bn._backbone.register_forward_hook(lambda cell, inputs, output: seen.append(str(output.dtype)))
    assert net(Tensor(np.ones((2, 4)), ms.float32)).dtype == ms.float32
    assert seen == ["Float32"] and net._backbone.seen == ["Float16", "Float16"]


def test_static_loss_scaler():
    golden = META["scalers"]
    scaler = amp.StaticLossScaler(1024)
    np.testing.assert_array_equal(scaler.scale(Tensor(np.array([1.0, 2.0]), ms.float16)).asnumpy(),
                                  VALUES["scalers/out/static_scale"])
    unscaled = scaler.unscale((Tensor(np.array([1.5, 1.0]), ms.float16), Tensor(np.array([1.2]), ms.float16)))
    assert isinstance(unscaled, tuple)
    np.testing.assert_array_equal(unscaled[0].asnumpy(), VALUES["scalers/out/static_unscale0"])
    np.testing.assert_array_equal(unscaled[1].asnumpy(), VALUES["scalers/out/static_unscale1"])
    scaled_int = scaler.scale(Tensor([3], ms.int32))
    assert scaled_int.dtype == ms.int32
    np.testing.assert_array_equal(scaled_int.asnumpy(), VALUES["scalers/out/static_scale_int"])
    assert scaler.adjust(Tensor(True)) is golden["static_adjust"]
    assert type(scaler.scale([Tensor([1.0])])).__name__ == golden["list_type"]


def test_dynamic_loss_scaler_sequence():
    golden = META["scalers"]
    scaler = amp.DynamicLossScaler(1024, 2, 2)
    scales, counters = [], []
    for finite in golden["dynamic_pattern"]:
        assert scaler.adjust(Tensor(finite)) is True
        scales.append(float(scaler.scale_value.asnumpy()))
        counters.append(int(scaler.counter.asnumpy()))
    assert scales == golden["dynamic_scales"] and counters == golden["dynamic_counters"]
    floor = amp.DynamicLossScaler(1, 2, 1)
    floor.adjust(Tensor(False))
    assert float(floor.scale_value.asnumpy()) == golden["dynamic_floor"]


def test_all_finite():
    golden = META["scalers"]
    results = [amp.all_finite((Tensor([1.0, np.inf]),)), amp.all_finite([Tensor([1.0]), Tensor([2.0])]),
               amp.all_finite((Tensor([1.0]), Tensor([np.nan]))), amp.all_finite((Tensor([1], ms.int32),))]
    assert [bool(r.asnumpy()) for r in results] == golden["all_finite"]
    assert list(results[0].shape) == golden["all_finite_shape"] and results[0].dtype == ms.bool_
    with pytest.raises(TypeError, match="tuple or list of Tensors"):
        amp.all_finite(Tensor([1.0]))


@pytest.mark.parametrize("case,call", [("static_small", lambda: amp.StaticLossScaler(0.5)),
                                       ("static_bool", lambda: amp.StaticLossScaler(True)),
                                       ("dynamic_factor", lambda: amp.DynamicLossScaler(2, 0, 1))])
def test_scaler_errors(case, call):
    error = META["scalers"]["errors"][case]
    with pytest.raises(Exception) as info:
        call()
    assert type(info.value).__name__ == error["type"] and str(info.value) == error["message"]


def test_managers():
    golden = META["managers"]
    manager = amp.DynamicLossScaleManager(init_loss_scale=16, scale_factor=2, scale_window=3)
    scales = []
    for overflow in golden["pattern"]:
        manager.update_loss_scale(overflow)
        scales.append(manager.get_loss_scale())
    assert scales == golden["scales"] and [type(s) for s in scales] == [type(s) for s in golden["scales"]]
    assert [amp.FixedLossScaleManager().get_loss_scale(), amp.DynamicLossScaleManager().get_loss_scale()] \
        == golden["defaults"]
    fixed = amp.FixedLossScaleManager(64, False)
    assert repr(fixed.get_update_cell()) == golden["fixed_update_cell"]
    assert fixed.get_drop_overflow_update() is golden["fixed_drop"]
    from minispore.train import loss_scale_manager
    assert ms.train.FixedLossScaleManager is amp.FixedLossScaleManager is ms.FixedLossScaleManager
    assert loss_scale_manager.DynamicLossScaleManager is ms.DynamicLossScaleManager
    for case, call in (("fixed", lambda: amp.FixedLossScaleManager(0.5)),
                       ("dynamic", lambda: amp.DynamicLossScaleManager(0.5))):
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value) == golden["errors"][case]["message"]
    with pytest.raises(ValueError, match="scale_window"):
        amp.DynamicLossScaleManager(2, 2, 0)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1, self.relu, self.fc2 = nn.Dense(4, 8), nn.ReLU(), nn.Dense(8, 3)

    def construct(self, x):
        return self.fc2(self.relu(self.fc1(x)))


def _net():
    net = Net()
    for param in net.get_parameters():
        param.set_data(Tensor(VALUES[f"train_o2/in/{param.name}"]))
    return net


class _Batches:
    def __init__(self, data, label, size=4):
        self.data, self.label, self.size = data, label, size

    def create_tuple_iterator(self):
        for start in range(0, len(self.data), self.size):
            yield Tensor(self.data[start:start + self.size]), Tensor(self.label[start:start + self.size])

    def get_dataset_size(self):
        return len(self.data) // self.size


def test_model_o2_with_fixed_loss_scale_matches_mindspore():
    golden = META["train_o2"]
    net = _net()
    optimizer = nn.SGD(net.trainable_params(), 0.1, loss_scale=128.0)
    manager = amp.FixedLossScaleManager(128.0, drop_overflow_update=False)
    model = Model(net, nn.CrossEntropyLoss(), optimizer, amp_level="O2", loss_scale_manager=manager)
    losses = []

    class Record(Callback):
        def on_train_step_end(self, run_context):
            outputs = run_context.original_args().net_outputs
            losses.append([float(outputs.asnumpy()), str(outputs.dtype)])

    model.train(2, _Batches(VALUES["train_o2/in/data"], VALUES["train_o2/in/label"]), callbacks=[Record()])
    assert type(model.train_network).__name__ == golden["train_network"]
    np.testing.assert_allclose([value for value, _ in losses], [value for value, _ in golden["losses"]], rtol=2e-3)
    assert [dtype for _, dtype in losses] == [dtype for _, dtype in golden["losses"]]
    assert [[p.name, str(p.dtype)] for p in net.get_parameters()] == golden["params"]
    for param in net.get_parameters():
        np.testing.assert_allclose(param.asnumpy(), VALUES[f"train_o2/out/{param.name}"], rtol=2e-3, atol=2e-4)


def test_dropping_managers_run_on_cpu_where_mindspore_refuses():
    assert "supported on device `CPU`" in META["cpu_errors"]["build_fixed_drop"]["message"]
    net = _net()
    step = amp.build_train_network(net, nn.SGD(net.trainable_params(), 0.1), nn.CrossEntropyLoss(), level="O2",
                                   loss_scale_manager=amp.FixedLossScaleManager())
    assert type(step).__name__ == "TrainOneStepWithLossScaleCell"
    loss, overflow, scale = step(Tensor(VALUES["train_o2/in/data"][:4]), Tensor(VALUES["train_o2/in/label"][:4]))
    assert loss.dtype == ms.float32 and not bool(overflow.asnumpy()) and float(scale.asnumpy()) == 128.0


def _overflowing_batches():
    data = np.ones((8, 4), np.float32)
    data[4:] = 6e4  # float16 overflows to inf in the second batch
    return _Batches(data, np.zeros(8, np.int32))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the float16 overflow the test provokes
def test_model_skips_overflow_steps_and_lowers_the_dynamic_scale():
    net = _net()
    before = {p.name: p.asnumpy().copy() for p in net.get_parameters()}
    manager = amp.DynamicLossScaleManager(init_loss_scale=2 ** 10, scale_factor=2, scale_window=1000)
    model = Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), 0.1), amp_level="O3",
                  loss_scale_manager=manager)
    steps = []

    class Record(Callback):
        def on_train_step_end(self, run_context):
            loss, overflow, scale = run_context.original_args().net_outputs
            steps.append((bool(overflow.asnumpy()), float(scale.asnumpy()),
                          {p.name: p.asnumpy().copy() for p in net.get_parameters()}))

    model.train(1, _overflowing_batches(), callbacks=[Record()])
    (first_overflow, first_scale, after_first), (second_overflow, second_scale, after_second) = steps
    assert not first_overflow and first_scale == 1024.0
    assert any(not np.array_equal(before[name], after_first[name]) for name in before)
    assert second_overflow and second_scale == 512.0
    for name in before:  # the overflowing step changed nothing
        np.testing.assert_array_equal(after_second[name], after_first[name])
    assert manager.get_loss_scale() == 512.0


def test_loss_scale_gradients_are_unscaled():
    """With a loss scale the optimizer sees the true gradients: one SGD step equals the unscaled step."""
    data, label = Tensor(VALUES["train_o2/in/data"][:4]), Tensor(VALUES["train_o2/in/label"][:4])
    plain, scaled = _net(), _net()
    Model(plain, nn.CrossEntropyLoss(), nn.SGD(plain.trainable_params(), 0.1)).train_network(data, label)
    Model(scaled, nn.CrossEntropyLoss(), nn.SGD(scaled.trainable_params(), 0.1),
          loss_scale_manager=amp.FixedLossScaleManager(1024.0)).train_network(data, label)
    for a, b in zip(plain.get_parameters(), scaled.get_parameters()):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-5, atol=1e-7)


def test_model_amp_arguments_are_checked():
    net = _net()
    with pytest.raises(ValueError, match="optimizer"):
        Model(net, nn.CrossEntropyLoss(), amp_level="O2")
    with pytest.raises(ValueError, match="kwargs"):
        Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), 0.1), loss_scale=3)
    with pytest.raises(NotImplementedError, match="boost"):
        Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), 0.1), metrics={"accuracy"},
              boost_level="O1")
    with pytest.raises(ValueError, match="level"):
        Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), 0.1), amp_level="O7")


def test_eval_with_amp_keeps_integer_labels():
    net = _net()
    model = Model(net, nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), 0.1), metrics={"accuracy"},
                  amp_level="O3")
    result = model.eval(_Batches(VALUES["train_o2/in/data"], VALUES["train_o2/in/label"]))
    assert 0.0 <= result["accuracy"] <= 1.0
