"""Faults and bad input in the training layer: datasets Model.train cannot use, batches of mixed dtypes,
killed saves, restarted runs, damaged checkpoint entries (issue 13's reproductions)."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn
from minispore.train import Model, ModelCheckpoint
from minispore.train.callback import Callback

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "fuzz_decisions.json"


class StepCounter(Callback):
    def __init__(self):
        super().__init__()
        self.steps = 0

    def on_train_step_end(self, run_context):
        self.steps += 1


def _model():
    net = nn.Dense(2, 1)
    return Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1))


def _batch():
    return Tensor(np.ones((4, 2), np.float32)), Tensor(np.ones((4, 1), np.float32))


class Batches:
    """A re-iterable source of batches without __len__."""

    def __iter__(self):
        return iter([_batch(), _batch(), _batch()])


def test_train_on_an_iterable_without_len_trains_every_batch():
    counter = StepCounter()
    _model().train(2, Batches(), callbacks=[counter])
    assert counter.steps == 6


def test_train_on_a_generator_is_refused_instead_of_training_zero_steps():
    def generator():
        for _ in range(3):
            yield _batch()
    with pytest.raises(TypeError, match=r"For 'Model.train', the dataset is a one-shot iterator \(generator\)"):
        _model().train(1, generator())


@pytest.mark.parametrize("empty", [[], ms.dataset.NumpySlicesDataset({"x": np.zeros((0, 2), np.float32),
                                                                       "y": np.zeros((0, 1), np.float32)})])
def test_train_on_an_empty_dataset_raises(empty):
    with pytest.raises(ValueError, match=r"For 'Model.train', the dataset is empty"):
        _model().train(1, empty)


def test_a_batch_of_mixed_dtypes_is_refused_not_widened():
    rows = [(np.array([1.0, 2.0], np.float32),), (np.array([3, 4], np.int64),)]
    dataset = ms.dataset.GeneratorDataset(lambda: iter(rows), ["a"]).batch(2)
    with pytest.raises(RuntimeError, match=r"column 'a'.*float32.*int64"):
        list(dataset.create_tuple_iterator())


def test_plain_python_batches_get_mindspore_default_dtypes():
    counter = StepCounter()
    _model().train(1, [([[1.0, 2.0]], [[0.5]])], callbacks=[counter])  # Python floats: Float32, not float64
    assert counter.steps == 1


# --- checkpoints -------------------------------------------------------------------------------------------
_SLOW_SAVE = """
import sys, time
import numpy as np
import minispore as ms
from minispore.train import serialization
serialization.os.replace = lambda *args: time.sleep(600)  # killed before the rename, as a crash would be
ms.save_checkpoint([{"name": "w", "data": ms.Tensor(np.ones((256, 256), np.float32))}], sys.argv[1])
"""


def test_a_killed_save_leaves_no_temporary_file_after_the_next_save(tmp_path):
    target = tmp_path / "net.ckpt"
    child = subprocess.Popen([sys.executable, "-c", _SLOW_SAVE, str(target)])
    try:
        deadline = time.time() + 60
        while not any(name.endswith(".tmp") for name in os.listdir(tmp_path)):
            assert time.time() < deadline and child.poll() is None, "the child never started its save"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert [name for name in os.listdir(tmp_path) if name.endswith(".tmp")], "the kill left no temporary file"
    ms.save_checkpoint([{"name": "w", "data": Tensor(np.zeros(3, np.float32))}], str(target))
    assert sorted(os.listdir(tmp_path)) == ["net.ckpt"]
    np.testing.assert_array_equal(ms.load_checkpoint(str(target))["w"].asnumpy(), np.zeros(3, np.float32))


def test_a_temporary_file_of_a_live_writer_is_left_alone(tmp_path):
    live = tmp_path / f".other.ckpt.{os.getppid()}.abc123.tmp"
    live.write_bytes(b"in progress")
    ms.save_checkpoint([{"name": "w", "data": Tensor(np.zeros(3, np.float32))}], str(tmp_path / "net.ckpt"))
    assert live.exists()


@pytest.mark.parametrize("scenario", json.loads(GOLDEN.read_text())["checkpoint_prefixes"],
                         ids=lambda s: "+".join(s["files"]) or "empty")
def test_model_checkpoint_starts_a_new_prefix_after_a_restart_as_mindspore(tmp_path, scenario):
    for name in scenario["files"]:
        (tmp_path / name).write_bytes(b"")
    assert ModelCheckpoint(prefix="net", directory=str(tmp_path))._prefix == scenario["prefix"]


def test_a_restarted_run_keeps_the_earlier_runs_files(tmp_path):
    def run():
        callback = ModelCheckpoint(prefix="net", directory=str(tmp_path))
        _model().train(1, [_batch()], callbacks=[callback])
        return callback.latest_ckpt_file_name
    first, second = run(), run()
    assert os.path.basename(first) == "net-1_1.ckpt" and os.path.basename(second) == "net_1-1_1.ckpt"
    assert os.path.exists(first) and os.path.exists(second)


def _write_entry(path, tag, tensor_type, dims, content):
    from minispore.train import _checkpoint_format
    message = _checkpoint_format.checkpoint_class()()
    value = message.value.add(tag=tag)
    value.tensor.dims.extend(dims)
    value.tensor.tensor_type = tensor_type
    value.tensor.tensor_content = content
    path.write_bytes(message.SerializeToString())


def test_a_string_entry_that_does_not_decode_is_refused(tmp_path):
    pytest.importorskip("google.protobuf")
    path = tmp_path / "bad_text.ckpt"
    _write_entry(path, "name", "str", [0], b"\xff\xff\xff\xff")  # not UTF-32
    with pytest.raises(ValueError, match=r"bad_text.ckpt.*does not decode"):
        ms.load_checkpoint(str(path))


def test_dims_whose_product_overflows_int64_are_refused(tmp_path):
    pytest.importorskip("google.protobuf")
    path = tmp_path / "huge.ckpt"
    _write_entry(path, "w", "Float32", [2 ** 32, 2 ** 32], b"")
    with pytest.raises(ValueError, match=r"huge.ckpt.*needs 73786976294838206464 bytes but holds 0"):
        ms.load_checkpoint(str(path))
