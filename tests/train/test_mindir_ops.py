"""Every exported primitive, one case each (tests/train/mindir_op_cases.py): the file minispore writes
is the one MindSpore 2.10 ran (same primitives), MindSpore's outputs on it are minispore's
(tests/golden/mindir/ops.*, tools/golden/gen_mindir.py), and it loads back here with the same outputs."""
import json
import os

import numpy as np
import pytest

pytest.importorskip("google.protobuf")

import minispore as ms  # noqa: E402
from minispore._graph.capture import capture  # noqa: E402
from minispore.ops._prims import PRIMS  # noqa: E402
from minispore.train._mindir_emit import EMITTERS  # noqa: E402
from tests.train.mindir_op_cases import COVERED_ELSEWHERE, NOT_EXPORTED, OP_CASES  # noqa: E402
from tests.train.test_mindir_golden import _primitives  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "mindir")
with open(os.path.join(GOLDEN, "ops.json"), encoding="utf-8") as handle:
    RECORD = json.load(handle)["cases"]
ARRAYS = np.load(os.path.join(GOLDEN, "ops.npz"))


def _inputs(name):
    return [ms.Tensor(ARRAYS[f"{name}/in{i}"]) for i in range(len(OP_CASES[name][1]))]


def _outputs(result):
    return [o.asnumpy() for o in result] if isinstance(result, tuple) else [result.asnumpy()]


def _assert_same(ours, theirs, what):
    assert len(ours) == len(theirs), what
    for j, (a, b) in enumerate(zip(ours, theirs)):
        assert (a.shape, a.dtype) == (b.shape, b.dtype), f"{what} output {j}: {a.shape} {a.dtype} vs {b.shape} {b.dtype}"
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=5e-6, equal_nan=True, err_msg=f"{what} output {j}")


def test_every_primitive_is_exported_or_listed_with_its_reason():
    assert set(EMITTERS) | set(NOT_EXPORTED) == set(PRIMS)
    assert not set(EMITTERS) & set(NOT_EXPORTED)
    assert set(EMITTERS) == set(OP_CASES) | set(COVERED_ELSEWHERE)


@pytest.mark.parametrize("name", sorted(OP_CASES))
def test_case_calls_its_primitive(name):
    fn, _ = OP_CASES[name]
    assert name in {node.name for node in capture(fn, tuple(_inputs(name))).nodes}


@pytest.mark.parametrize("name", sorted(OP_CASES))
def test_mindspore_ran_the_file_minispore_writes(name, tmp_path):
    fn, _ = OP_CASES[name]
    inputs = _inputs(name)
    eager = _outputs(fn(*inputs))
    ms.export(fn, *inputs, file_name=str(tmp_path / name), file_format="MINDIR")
    path = str(tmp_path / f"{name}.mindir")
    assert _primitives(path) == RECORD[name]["primitives"]
    theirs = [ARRAYS[f"{name}/out{j}"] for j in range(RECORD[name]["outputs"])]
    _assert_same(eager, theirs, f"{name}: MindSpore on minispore's file")
    _assert_same(_outputs(ms.nn.GraphCell(ms.load(path))(*inputs)), eager, f"{name}: loaded here")


def test_unmapped_primitive_is_named(tmp_path):
    def writes_in_place(x):
        y = x * 1.0
        y[0] = 5.0
        return y

    with pytest.raises(ValueError, match="'setitem'|in place"):
        ms.export(writes_in_place, ms.Tensor(np.ones((2, 2), np.float32)), file_name=str(tmp_path / "bad"),
                  file_format="MINDIR")
    assert not os.path.exists(tmp_path / "bad.mindir")
