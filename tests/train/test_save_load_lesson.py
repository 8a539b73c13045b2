"""MindSpore's `save_load` beginner lesson runs unchanged under `python -m minispore run`, prints what
MindSpore 2.10 prints and leaves the same files (tests/golden/save_load_lesson.json,
tools/golden/gen_save_load_lesson.py); the MINDIR it writes loads back and gives the network's output."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("google.protobuf")

HERE = os.path.dirname(os.path.abspath(__file__))
LESSON = os.path.join(HERE, "lessons", "save_load_lesson.py")
with open(os.path.join(HERE, "..", "golden", "save_load_lesson.json"), encoding="utf-8") as handle:
    GOLDEN = json.load(handle)


def test_save_load_lesson_prints_what_mindspore_prints(tmp_path):
    result = subprocess.run([sys.executable, "-m", "minispore", "run", LESSON], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == GOLDEN["stdout"]
    assert sorted(os.listdir(tmp_path)) == GOLDEN["files"]

    import minispore as ms

    graph = ms.load(str(tmp_path / "model.mindir"))
    cell = ms.nn.GraphCell(graph)
    net = ms.nn.SequentialCell(ms.nn.Flatten(), ms.nn.Dense(784, 512), ms.nn.ReLU(), ms.nn.Dense(512, 512),
                               ms.nn.ReLU(), ms.nn.Dense(512, 10))
    ms.load_param_into_net(net, {name: ms.Parameter(value, name=name) for name, value in cell.parameters_dict().items()})
    x = ms.Tensor(np.random.default_rng(0).standard_normal((1, 1, 28, 28)).astype(np.float32))
    np.testing.assert_allclose(cell(x).asnumpy(), net(x).asnumpy(), rtol=1e-5, atol=1e-6)
