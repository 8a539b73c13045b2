"""Golden fixtures for training wrappers, mindspore.train.Model, callbacks' printed output and metrics.

Run from /work/main: /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_model.py
Writes tests/golden/model.npz and model.json. Wrapper cases come from gen_model_wrappers.py.
Model keys: "model_inputs/in/X|Y" (8 samples, batch 2 → 4 steps an epoch),
"model_inputs/param/fc.weight|fc.bias", "<case>/out/..." (trained weights, eval/predict outputs),
"metrics/in/<metric case>/y_pred|y".
Printed output is stored verbatim; TimeMonitor's numbers vary run to run, so each case also has
`stdout_normalized` with every "<number> ms" replaced by "<ms>".
"""
import contextlib
import io
import os
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_model_wrappers import build_net, record_wrappers  # noqa: E402
from gen_train import GoldenWriter, capture_error, json_safe, pin_hash_seed, signature_record  # noqa: E402

SEED = 20250612
EPOCHS = 2
TIME_PATTERN = r"(Train|Eval) epoch time: \d+\.\d{3} ms, per step time: \d+\.\d{3} ms"


def model_inputs():
    rs = np.random.RandomState(SEED)
    return {"fc.weight": (rs.randn(3, 4) * 0.5).astype(np.float32),
            "fc.bias": np.zeros(3, np.float32),
            "X": rs.randn(8, 4).astype(np.float32),
            "Y": np.array([0, 1, 2, 1, 0, 2, 2, 1], np.int32)}


class ArraySource:
    """Random-access source for GeneratorDataset: sample i is (X[i], Y[i])."""

    def __init__(self, data, label):
        self.data, self.label = data, label

    def __getitem__(self, index):
        return self.data[index], self.label[index]

    def __len__(self):
        return len(self.data)


def make_dataset(inputs):
    import mindspore.dataset as ds

    source = ArraySource(inputs["X"], inputs["Y"])
    return ds.GeneratorDataset(source, column_names=["data", "label"], shuffle=False).batch(2)


def make_model(inputs):
    """Model(Net(fc=Dense(4,3)), SoftmaxCrossEntropyWithLogits(sparse, mean), Momentum(0.1, 0.9),
    metrics={'accuracy', 'loss'})."""
    from mindspore import nn
    from mindspore.train import Model

    net = build_net(inputs)
    loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    opt = nn.Momentum(net.trainable_params(), 0.1, 0.9)
    return net, Model(net, loss, opt, metrics={"accuracy", "loss"})


def run_captured(fn):
    """Run fn() with stdout captured; return (its result, the text it printed)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = fn()
    return result, buffer.getvalue()


def normalized(text):
    return re.sub(r"\d+\.\d{3} ms", "<ms>", text)


class StepRecorder:
    """A Callback (built lazily, as a subclass of MindSpore's) noting what step_end sees."""

    @staticmethod
    def create():
        from mindspore.train import Callback

        class Recorder(Callback):
            def __init__(self):
                super().__init__()
                self.steps = []
                self.keys = None

            def step_end(self, run_context):
                params = run_context.original_args()
                if self.keys is None:
                    self.keys = sorted(params.keys() if isinstance(params, dict) else vars(params))
                out = params.net_outputs
                self.steps.append({"cur_epoch_num": params.cur_epoch_num, "cur_step_num": params.cur_step_num,
                                   "batch_num": params.batch_num, "net_outputs_type": type(out).__name__,
                                   "net_outputs_dtype": str(getattr(out, "dtype", "")),
                                   "net_outputs_shape": list(getattr(out, "shape", []))})

        return Recorder()


def record_train_runs(writer, inputs):
    """Model.train(2 epochs) with each monitor alone, then all together; same start each time."""
    from mindspore.train import History, LossMonitor, TimeMonitor

    runs = {
        "train_loss_monitor": lambda: [LossMonitor()],
        "train_loss_monitor_2": lambda: [LossMonitor(2)],
        "train_time_monitor": lambda: [TimeMonitor()],
        "train_all_monitors": lambda: [LossMonitor(), LossMonitor(2), TimeMonitor()],
    }
    for case, callbacks in runs.items():
        net, model = make_model(inputs)
        _, text = run_captured(lambda: model.train(EPOCHS, make_dataset(inputs), callbacks=callbacks()))
        writer.case(case=case, call=f"model.train({EPOCHS}, dataset, callbacks=...)", callbacks=case,
                    stdout=text, stdout_normalized=normalized(text), time_line_pattern=TIME_PATTERN,
                    net_training_after=net.training)
    net, model = make_model(inputs)
    history, recorder = History(), StepRecorder.create()
    model.train(EPOCHS, make_dataset(inputs), callbacks=[history, recorder])
    for param in net.trainable_params():
        writer.array(f"train_history/out/{param.name}", param)
    writer.case(case="train_history", history_epoch=history.epoch,
                history_history=json_safe({k: [float(v) for v in vals] for k, vals in history.history.items()}),
                history_value_types={k: sorted({type(v).__name__ for v in vals})
                                     for k, vals in history.history.items()},
                run_context_keys=recorder.keys, steps=recorder.steps,
                note="out/<param> are the weights after 2 epochs (identical for every train case)")
    return net, model


def record_eval_predict(writer, inputs, model):
    from mindspore import Tensor
    from mindspore.train import TimeMonitor

    result, text = run_captured(lambda: model.eval(make_dataset(inputs)))
    writer.case(case="eval_after_train", call="model.eval(dataset)", result=json_safe(result),
                value_types={k: type(v).__name__ for k, v in result.items()}, stdout=text,
                net_training_after=model.predict_network.training)
    _, text = run_captured(lambda: model.eval(make_dataset(inputs), callbacks=[TimeMonitor()]))
    writer.case(case="eval_time_monitor", stdout=text, stdout_normalized=normalized(text))
    out = model.predict(Tensor(inputs["X"][:3]))
    writer.array("predict_after_train/in/x", inputs["X"][:3])
    writer.array("predict_after_train/out/y", out)
    writer.case(case="predict_after_train", call="model.predict(Tensor(X[:3]))", type=type(out).__name__,
                dtype=str(out.dtype), shape=list(out.shape))
    _, fresh = make_model(inputs)
    result = fresh.eval(make_dataset(inputs))
    writer.case(case="eval_untrained", result=json_safe(result))


def record_fit_and_early_stopping(writer, inputs):
    from mindspore.train import EarlyStopping, LossMonitor

    for case, stopper in (("fit_loss_monitor", None),
                          ("fit_early_stopping_default_monitor", dict(patience=1, verbose=True)),
                          ("fit_early_stopping_accuracy", dict(monitor="accuracy", patience=1, verbose=True))):
        _, model = make_model(inputs)
        callbacks = [LossMonitor()] + ([EarlyStopping(**stopper)] if stopper else [])
        _, text = run_captured(lambda: model.fit(3, make_dataset(inputs), make_dataset(inputs),
                                                 callbacks=callbacks))
        writer.case(case=case, call="model.fit(3, train, valid, callbacks=...)", early_stopping=stopper,
                    stdout=text, note="the printed metrics dict's key order follows the metrics set's "
                                      "iteration order (string hashing; this generator runs with PYTHONHASHSEED=0)")


def record_model_checkpoint(writer, inputs):
    import mindspore as ms
    from mindspore.train import CheckpointConfig, ModelCheckpoint

    with tempfile.TemporaryDirectory() as directory:
        _, model = make_model(inputs)
        config = CheckpointConfig(save_checkpoint_steps=2, keep_checkpoint_max=3)
        callback = ModelCheckpoint(prefix="net", directory=directory, config=config)
        model.train(EPOCHS, make_dataset(inputs), callbacks=[callback])
        files = sorted(os.listdir(directory))
        last = ms.load_checkpoint(os.path.join(directory, files[-1]))
        writer.case(case="model_checkpoint", config=dict(save_checkpoint_steps=2, keep_checkpoint_max=3),
                    prefix="net", files=files, latest_ckpt_file=os.path.basename(callback.latest_ckpt_file_name),
                    last_file_entries=[[name, str(p.dtype), list(p.shape)] for name, p in last.items()],
                    note="keep_checkpoint_max=3 deletes the oldest of 4")
        _, model = make_model(inputs)
        with tempfile.TemporaryDirectory() as second:
            model.train(1, make_dataset(inputs), callbacks=[ModelCheckpoint(prefix="net", directory=second)])
            writer.case(case="model_checkpoint_defaults", files=sorted(os.listdir(second)),
                        note="CheckpointConfig() defaults: every step, keep 5")


METRIC_CASES = [
    ("Accuracy", {}, "classes"), ("Precision", {}, "classes"), ("Recall", {}, "classes"),
    ("F1", {}, "classes"), ("TopKCategoricalAccuracy", {"k": 2}, "classes"),
    ("Top1CategoricalAccuracy", {}, "classes"), ("Top5CategoricalAccuracy", {}, "classes6"),
    ("MAE", {}, "regression"), ("MSE", {}, "regression"),
    ("Accuracy", {"eval_type": "multilabel"}, "multilabel"),
]


def metric_inputs():
    rs = np.random.RandomState(SEED + 1)
    labels = np.array([0, 1, 2, 1, 0, 2], np.int32)
    logits = (np.eye(3, dtype=np.float32)[labels] * 1.2 + rs.randn(6, 3).astype(np.float32))
    labels6 = np.array([0, 1, 2, 3, 4, 5], np.int32)
    logits6 = rs.randn(6, 6).astype(np.float32)
    return {"classes": (logits, labels), "classes6": (logits6, labels6),
            "regression": (rs.randn(6).astype(np.float32), rs.randn(6).astype(np.float32)),
            "multilabel": (np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]], np.float32),
                           np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [1, 0, 1]], np.int32))}


def describe_metric_result(value):
    record = {"type": type(value).__name__, "value": json_safe(np.asarray(value).tolist())}
    if isinstance(value, (np.ndarray, np.generic)):
        record.update(dtype=str(value.dtype), shape=list(np.shape(value)))
    return record


def record_metrics(writer):
    import mindspore.train as train
    from mindspore import Tensor

    inputs = metric_inputs()
    for key, (y_pred, y) in inputs.items():
        writer.array(f"metrics/in/{key}/y_pred", y_pred)
        writer.array(f"metrics/in/{key}/y", y)
    for name, kwargs, key in METRIC_CASES:
        metric = getattr(train, name)(**kwargs)
        y_pred, y = inputs[key]
        metric.clear()
        metric.update(Tensor(y_pred), Tensor(y))
        record = writer.case(case=f"metric_{name}_{key}", metric=name, kwargs=kwargs, inputs=key,
                             signature=signature_record(type(metric).__init__),
                             eval=describe_metric_result(metric.eval()))
        if name in ("Precision", "Recall"):
            record["eval_average_true"] = describe_metric_result(metric.eval(average=True))
        metric.update(Tensor(y_pred[:2]), Tensor(y[:2]))
        record["eval_after_second_update_first_two"] = describe_metric_result(metric.eval())
    loss = train.Loss()
    loss.clear()
    for value in (0.5, 1.25, 2.0):
        loss.update(Tensor(np.float32(value)))
    writer.case(case="metric_Loss", metric="Loss", updates=[0.5, 1.25, 2.0],
                eval=describe_metric_result(loss.eval()))
    writer.case(case="metric_Accuracy_empty", metric="Accuracy",
                error=capture_error(lambda: train.Accuracy().eval()))
    writer.case(case="metric_Loss_bad_shape", metric="Loss",
                error=capture_error(lambda: train.Loss().update(Tensor(np.ones((2, 2), np.float32)))))


def record_model_signatures(writer):
    import mindspore.train as train

    writer.meta.setdefault("signatures", {}).update({
        "Model.__init__": signature_record(train.Model.__init__),
        "Model.train": signature_record(train.Model.train),
        "Model.eval": signature_record(train.Model.eval),
        "Model.predict": signature_record(train.Model.predict),
        "Model.fit": signature_record(train.Model.fit),
        **{f"{name}.__init__": signature_record(getattr(train, name).__init__)
           for name in ("LossMonitor", "TimeMonitor", "History", "EarlyStopping", "ModelCheckpoint",
                        "CheckpointConfig", "LambdaCallback", "LearningRateScheduler", "ReduceLROnPlateau")},
    })


def main():
    pin_hash_seed()
    writer = GoldenWriter("model", "gen_model.py")
    record_wrappers(writer)
    inputs = model_inputs()
    writer.meta["model_seed"] = SEED
    for name in ("X", "Y"):
        writer.array(f"model_inputs/in/{name}", inputs[name])
    for name in ("fc.weight", "fc.bias"):
        writer.array(f"model_inputs/param/{name}", inputs[name])
    record_model_signatures(writer)
    _, model = record_train_runs(writer, inputs)
    record_eval_predict(writer, inputs, model)
    record_fit_and_early_stopping(writer, inputs)
    record_model_checkpoint(writer, inputs)
    record_metrics(writer)
    for path in writer.write():
        print("wrote", path)


if __name__ == "__main__":
    main()
