"""WithLossCell / WithEvalCell / TrainOneStepCell / loss scaling against spec §8.3 and the wrapper cases
of tests/golden/model.* (tools/golden/gen_model_wrappers.py)."""
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
META = json.loads((GOLDEN / "model.json").read_text())
ARRAYS = np.load(GOLDEN / "model.npz")
CASES = {case["case"]: case for case in META["cases"]}
X, Y = Tensor(ARRAYS["wrap_inputs/in/x"]), Tensor(ARRAYS["wrap_inputs/in/y"])

SPEC_REPR = """TrainOneStepCell(
  (network): WithLossCell(
    (_backbone): Net(
      (fc): Dense(input_channels=2, output_channels=1, has_bias=True)
    )
    (_loss_fn): MSELoss()
  )
  (optimizer): SGD()
  (grad_reducer): Identity()
)"""


class Net(nn.Cell):
    def __init__(self, fc):
        super().__init__()
        self.fc = fc

    def construct(self, x):
        return self.fc(x)


def golden_net():
    return Net(nn.Dense(4, 3, weight_init=Tensor(ARRAYS["wrap_inputs/param/fc.weight"].copy()),
                        bias_init=Tensor(ARRAYS["wrap_inputs/param/fc.bias"].copy())))


def spec_step(**kwargs):
    net = Net(nn.Dense(2, 1, weight_init="ones", bias_init="zeros"))
    cell = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.01),
                               **kwargs)
    x = Tensor(np.array([[1, 2], [3, 4]], np.float32))
    y = Tensor(np.array([[1], [2]], np.float32))
    return net, cell, cell(x, y)


def test_spec_train_one_step_numbers_and_repr():
    net, cell, loss = spec_step()
    assert repr(cell) == SPEC_REPR
    assert loss.shape == () and float(loss.asnumpy()) == 14.5
    np.testing.assert_allclose(net.fc.weight.asnumpy(), [[0.83, 0.76]], rtol=1e-6)
    np.testing.assert_allclose(net.fc.bias.asnumpy(), [-0.07], rtol=1e-6)
    net, _, loss = spec_step(sens=2.0)
    assert float(loss.asnumpy()) == 14.5
    np.testing.assert_allclose(net.fc.weight.asnumpy(), [[0.66, 0.52]], rtol=1e-6)
    _, _, (loss, grads) = spec_step(return_grad=True)
    assert list(grads) == ["fc.weight", "fc.bias"]
    np.testing.assert_allclose(grads["fc.weight"].asnumpy(), [[17.0, 24.0]], rtol=1e-6)


def test_with_loss_cell_matches_golden():
    case = CASES["with_loss"]
    net = golden_net()
    with_loss = nn.WithLossCell(net, nn.MSELoss())
    assert repr(with_loss) == case["repr"]
    assert with_loss.backbone_network is net
    assert [[path, p.name] for path, p in with_loss.parameters_and_names()] == case["parameters_and_names"]
    loss = with_loss(X, Y)
    assert str(loss.dtype) == case["out_dtype"] and list(loss.shape) == case["out_shape"]
    np.testing.assert_allclose(loss.asnumpy(), ARRAYS["with_loss/out/loss"], rtol=1e-5)
    assert with_loss.training is case["training"]


@pytest.mark.parametrize("name", ["train_one_step", "train_one_step_sens", "train_one_step_return_grad"])
def test_train_one_step_matches_golden(name):
    case = CASES[name]
    net = golden_net()
    cell = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.1),
                               **case["kwargs"])
    assert repr(cell) == case["repr"]
    for step in range(5):
        result = cell(X, Y)
        loss = result[0] if isinstance(result, tuple) else result
        if isinstance(result, tuple):
            assert list(result[1]) == case["returns"][step]["items"][1]["keys"]
            if step == 0:
                for key, grad in result[1].items():
                    np.testing.assert_allclose(grad.asnumpy(), ARRAYS[f"{name}/grad/{key}"], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(loss.asnumpy(), ARRAYS[f"{name}/out/loss"][step], rtol=1e-5)
        for param in net.trainable_params():
            np.testing.assert_allclose(param.asnumpy(), ARRAYS[f"{name}/out/{param.name}"][step],
                                       rtol=1e-5, atol=1e-6)
    assert net.training is case["net_training_after"] and cell.training is case["cell_training_after"]


@pytest.mark.parametrize("name", ["with_eval", "with_eval_cast_fp32"])
def test_with_eval_cell_matches_golden(name):
    case = CASES[name]
    cell = nn.WithEvalCell(golden_net(), nn.MSELoss(), **case["kwargs"])
    assert repr(cell) == case["repr"]
    result = cell(X, Y)
    assert len(result) == 3
    for role, value in zip(("loss", "outputs", "label"), result):
        np.testing.assert_allclose(value.asnumpy(), ARRAYS[f"{name}/out/{role}"], rtol=1e-5, atol=1e-6)


def test_train_one_step_does_not_switch_to_training_mode():
    ms.set_seed(0)
    net = nn.SequentialCell([nn.Dense(3, 3), nn.Dropout(p=0.5)])
    cell = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.0))
    x = Tensor(np.ones((4, 3), np.float32))
    y = Tensor(np.zeros((4, 3), np.float32))
    losses = {float(cell(x, y).asnumpy()) for _ in range(3)}
    assert len(losses) == 1 and net.training is False


def make_loss_scale_cell(manager):
    net = golden_net()
    cell = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
                                            nn.SGD(net.trainable_params(), 0.1), scale_sense=manager)
    return net, cell


@pytest.mark.parametrize("kind", ["fixed", "dynamic"])
def test_loss_scale_cell_matches_golden(kind):
    # MindSpore 2.10 on CPU fails (NPUGetFloatStatusV2); the golden forces its all-finite check.
    manager = (nn.FixedLossScaleUpdateCell(loss_scale_value=1024.0) if kind == "fixed" else
               nn.DynamicLossScaleUpdateCell(loss_scale_value=2.0 ** 12, scale_factor=2, scale_window=2))
    net, cell = make_loss_scale_cell(manager)
    assert repr(cell) == CASES[f"loss_scale_{kind}_cpu"]["repr"]
    x_inf = ARRAYS["wrap_inputs/in/x"].copy()
    x_inf[0, 0] = np.inf
    case = CASES[f"loss_scale_{kind}_forced"]
    for index, (batch, want) in enumerate(zip([X, X, X, Tensor(x_inf), X, X, X], case["steps"])):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            loss, cond, scale = cell(batch, Y)
        np.testing.assert_allclose(float(loss.asnumpy()), want["loss"], rtol=1e-5)
        assert bool(cond.asnumpy()) is want["overflow"] and str(cond.dtype) == want["overflow_dtype"]
        assert float(scale.asnumpy()) == want["scale_after"]
        assert type(scale).__name__ == want["scale_type"] and scale.name == want["scale_name"]
        for param in net.trainable_params():
            np.testing.assert_allclose(param.asnumpy(), ARRAYS[f"{case['case']}/out/{param.name}"][index],
                                       rtol=1e-5, atol=1e-6)


def test_loss_scale_tensor_sense_has_no_manager():
    _, cell = make_loss_scale_cell(Tensor(1024.0, ms.float32))
    assert repr(cell) == CASES["loss_scale_tensor_cpu"]["repr"]
    cell.set_sense_scale(Tensor(8.0, ms.float32))
    assert float(cell(X, Y)[2].asnumpy()) == 8.0


def test_dynamic_update_cell_matches_golden():
    case = CASES["dynamic_update_cell"]
    cell = nn.DynamicLossScaleUpdateCell(**case["kwargs"])
    assert repr(cell) == case["repr"] and cell.get_loss_scale() == case["get_loss_scale"]
    assert [[path, p.name, str(p.dtype), list(p.shape)] for path, p in cell.parameters_and_names()] == \
        case["parameters"]
    scale = ms.Parameter(Tensor(4096.0, ms.float32), name="scale_sense")
    for want in case["steps"]:
        result = cell(scale, Tensor(want["overflow_in"]))
        assert repr(result) == want["returns"]
        assert float(scale.asnumpy()) == want["scale_after"]
        assert {p.name: int(p.asnumpy()) for p in cell.get_parameters()} == want["state_after"]
    small = nn.DynamicLossScaleUpdateCell(loss_scale_value=2.0, scale_factor=4, scale_window=100)
    small_scale = ms.Parameter(Tensor(2.0, ms.float32), name="scale_sense")
    small(small_scale, Tensor(True))
    assert float(small_scale.asnumpy()) == case["scale_after_overflow_from_2_with_factor_4"]


def test_fixed_update_cell_and_managers():
    case = CASES["fixed_update_cell"]
    cell = nn.FixedLossScaleUpdateCell(loss_scale_value=1024.0)
    scale = ms.Parameter(Tensor(1024.0, ms.float32), name="scale_sense")
    assert repr(cell(scale, Tensor(True))) == case["returns_on_overflow"]
    assert repr(cell) == case["repr"] and float(scale.asnumpy()) == case["scale_after"]
    assert [p.name for p in cell.get_parameters()] == case["parameters"]
    fixed = ms.amp.FixedLossScaleManager(128.0)
    assert fixed.get_loss_scale() == 128.0 and fixed.get_update_cell().get_loss_scale() == 128.0
    assert ms.amp.FixedLossScaleManager(128.0, drop_overflow_update=False).get_update_cell() is None
    dynamic = ms.amp.DynamicLossScaleManager(1024, 2, 10)
    update = dynamic.get_update_cell()
    assert isinstance(update, nn.DynamicLossScaleUpdateCell) and update.get_loss_scale() == 1024.0


def test_loss_falls_on_a_small_mlp():
    ms.set_seed(1)
    rng = np.random.RandomState(0)
    x = rng.randn(64, 4).astype(np.float32)
    y = (np.sin(x[:, :1]) + 0.5 * x[:, 1:2] * x[:, 2:3]).astype(np.float32)
    net = nn.SequentialCell([nn.Dense(4, 32), nn.ReLU(), nn.Dense(32, 1)])
    cell = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.Adam(net.trainable_params(), 0.01))
    losses = [float(cell(Tensor(x), Tensor(y)).asnumpy()) for _ in range(51)]
    assert losses[50] < 0.5 * losses[0]


def test_wrapper_argument_errors():
    with pytest.raises(TypeError, match="For 'WithLossCell', the 'loss_fn' must be a Cell"):
        nn.WithLossCell(golden_net(), lambda a, b: a)
    net = golden_net()
    with pytest.raises(TypeError, match="For 'TrainOneStepWithLossScaleCell', the 'scale_sense' must be"):
        nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
                                         nn.SGD(net.trainable_params()), scale_sense=2.0)
