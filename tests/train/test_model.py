"""Model.train/eval/predict/fit and callbacks against MindSpore 2.10 (tests/golden/model.json)."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn
from minispore.train import (Callback, CheckpointConfig, EarlyStopping, History, LambdaCallback, LossMonitor,
                             Model, ModelCheckpoint, ProgressBar, TimeMonitor)

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = {case["case"]: case for case in json.loads((GOLDEN / "model.json").read_text())["cases"]}
VALUES = np.load(GOLDEN / "model.npz")
X, Y = VALUES["model_inputs/in/X"], VALUES["model_inputs/in/Y"]
NUMBER = re.compile(r"\d+\.\d+(?:e-?\d+)?")

if not hasattr(nn, "Momentum"):
    pytest.skip("nn.Momentum is not available yet", allow_module_level=True)


class PairDataset:
    """What Model needs of a dataset: create_tuple_iterator() and get_dataset_size(); batches of 2."""

    def create_tuple_iterator(self):
        for start in range(0, len(X), 2):
            yield Tensor(X[start:start + 2]), Tensor(Y[start:start + 2])

    def get_dataset_size(self):
        return len(X) // 2


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(4, 3, weight_init=Tensor(VALUES["model_inputs/param/fc.weight"]),
                           bias_init=Tensor(VALUES["model_inputs/param/fc.bias"]))

    def construct(self, x):
        return self.fc(x)


def make_model():
    net = Net()
    loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    return net, Model(net, loss, nn.Momentum(net.trainable_params(), 0.1, 0.9), metrics={"accuracy", "loss"})


def assert_same_text(got, expected, rtol=1e-5):
    """Same text with every number equal to ~float32 rounding (the weight updates come from nn and ops)."""
    assert NUMBER.sub("#", got) == NUMBER.sub("#", expected)
    np.testing.assert_allclose([float(n) for n in NUMBER.findall(got)],
                               [float(n) for n in NUMBER.findall(expected)], rtol=rtol)


@pytest.mark.parametrize("case, callbacks", [
    ("train_loss_monitor", lambda: [LossMonitor()]),
    ("train_loss_monitor_2", lambda: [LossMonitor(2)]),
])
def test_loss_monitor_output(capsys, case, callbacks):
    net, model = make_model()
    model.train(2, PairDataset(), callbacks=callbacks())
    assert_same_text(capsys.readouterr().out, CASES[case]["stdout"])
    assert net.training is CASES[case]["net_training_after"]


def test_first_loss_line_is_exact(capsys):
    _, model = make_model()
    model.train(1, PairDataset(), callbacks=[LossMonitor()])
    assert capsys.readouterr().out.splitlines()[0] == CASES["train_loss_monitor"]["stdout"].splitlines()[0]


def test_time_monitor_and_all_monitors(capsys):
    _, model = make_model()
    model.train(2, PairDataset(), callbacks=[LossMonitor(), LossMonitor(2), TimeMonitor()])
    out = re.sub(r"\d+\.\d{3} ms", "<ms>", capsys.readouterr().out)
    assert_same_text(out, CASES["train_all_monitors"]["stdout_normalized"])
    model.eval(PairDataset(), callbacks=[TimeMonitor()])
    assert re.sub(r"\d+\.\d{3} ms", "<ms>", capsys.readouterr().out) == CASES["eval_time_monitor"]["stdout_normalized"]


def test_history_run_context_and_trained_weights():
    case = CASES["train_history"]
    seen = []

    class Recorder(Callback):
        def step_end(self, run_context):
            params = run_context.original_args()
            seen.append((sorted(params), params.cur_epoch_num, params.cur_step_num, params.batch_num,
                         type(params.net_outputs).__name__, str(params.net_outputs.dtype), params.net_outputs.shape))

    net, model = make_model()
    history = History()
    model.train(2, PairDataset(), callbacks=[history, Recorder()])
    assert history.epoch == case["history_epoch"]
    np.testing.assert_allclose(history.history["net_output"], case["history_history"]["net_output"], rtol=1e-5)
    assert {type(v).__name__ for v in history.history["net_output"]} == set(case["history_value_types"]["net_output"])
    assert seen[0][0] == case["run_context_keys"]
    assert [(s[1], s[2], s[3], s[4], s[5], list(s[6])) for s in seen] == [
        (st["cur_epoch_num"], st["cur_step_num"], st["batch_num"], st["net_outputs_type"], st["net_outputs_dtype"],
         st["net_outputs_shape"]) for st in case["steps"]]
    for name in ("fc.weight", "fc.bias"):
        np.testing.assert_allclose(net.parameters_dict()[name].asnumpy(), VALUES[f"train_history/out/{name}"],
                                   rtol=1e-5, atol=1e-6)


def test_eval_and_predict():
    _, fresh = make_model()
    untrained = fresh.eval(PairDataset())
    assert list(untrained) == list(CASES["eval_untrained"]["result"])
    np.testing.assert_allclose(list(untrained.values()), list(CASES["eval_untrained"]["result"].values()), rtol=1e-6)
    net, model = make_model()
    model.train(2, PairDataset())
    result = model.eval(PairDataset())
    np.testing.assert_allclose(list(result.values()), list(CASES["eval_after_train"]["result"].values()), rtol=1e-5)
    # MindSpore returns numpy.float64 values; minispore returns Python floats so that
    # print(model.eval(...)) reads {'accuracy': 0.75} on NumPy 2 too (docs/differences.md).
    assert set(CASES["eval_after_train"]["value_types"].values()) == {"float64"}
    assert all(type(v) is float for v in result.values())
    assert net.training is CASES["eval_after_train"]["net_training_after"]
    out = model.predict(Tensor(VALUES["predict_after_train/in/x"]))
    assert isinstance(out, Tensor) and str(out.dtype) == "Float32" and list(out.shape) == [3, 3]
    np.testing.assert_allclose(out.asnumpy(), VALUES["predict_after_train/out/y"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", ["fit_loss_monitor", "fit_early_stopping_default_monitor", "fit_early_stopping_accuracy"])
def test_fit(capsys, case):
    _, model = make_model()
    stopper = CASES[case]["early_stopping"]
    model.fit(3, PairDataset(), PairDataset(),
              callbacks=[LossMonitor()] + ([EarlyStopping(**stopper)] if stopper else []))
    assert_same_text(capsys.readouterr().out, CASES[case]["stdout"])


def test_model_checkpoint_files(tmp_path):
    case = CASES["model_checkpoint"]
    _, model = make_model()
    callback = ModelCheckpoint(prefix="net", directory=str(tmp_path), config=CheckpointConfig(**case["config"]))
    model.train(2, PairDataset(), callbacks=[callback])
    assert sorted(p.name for p in tmp_path.iterdir()) == case["files"]
    assert Path(callback.latest_ckpt_file_name).name == case["latest_ckpt_file"]
    last = ms.load_checkpoint(callback.latest_ckpt_file_name)
    assert [[name, str(p.dtype), list(p.shape)] for name, p in last.items()] == case["last_file_entries"]
    second = tmp_path / "defaults"
    _, model = make_model()
    model.train(1, PairDataset(), callbacks=[ModelCheckpoint(prefix="net", directory=str(second))])
    assert sorted(p.name for p in second.iterdir()) == CASES["model_checkpoint_defaults"]["files"]


def test_lambda_callback_early_stop_and_progress_bar(capsys):
    events = []
    _, model = make_model()

    def note_step(run_context):
        events.append(run_context.original_args().cur_step_num)
        if len(events) == 2:
            run_context.request_stop()

    stop_after_two = LambdaCallback(on_train_step_end=note_step)
    model.train(3, PairDataset(), callbacks=[stop_after_two])
    assert events == [1, 2]
    model.train(1, PairDataset(), callbacks=[ProgressBar()])
    assert "Epoch 1/1" in capsys.readouterr().err


def test_plain_iterable_dataset_and_errors():
    net, model = make_model()
    batches = [(Tensor(X[:4]), Tensor(Y[:4])), (Tensor(X[4:]), Tensor(Y[4:]))]
    model.train(1, batches)
    assert model.eval(batches)["accuracy"] in (0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0)
    with pytest.raises(ValueError, match="metrics"):
        Model(net).eval(batches)
    with pytest.raises(ValueError, match="epoch"):
        model.train(0, batches)
