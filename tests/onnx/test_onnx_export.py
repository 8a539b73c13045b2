"""ONNX export (opset 18): every exported primitive and every golden network, run by onnxruntime,
gives minispore's outputs; names, initializers and the export options behave as MindSpore documents."""
import os

import numpy as np
import pytest

onnx = pytest.importorskip("onnx", reason="ONNX export needs the onnx package (pip install minispore[onnx])")
ort = pytest.importorskip("onnxruntime", reason="checking ONNX files needs onnxruntime (pip install onnxruntime)")

import minispore as ms  # noqa: E402
from minispore import nn  # noqa: E402
from minispore.onnx import OPSET  # noqa: E402
from minispore.onnx._emit import EMITTERS  # noqa: E402
from tests.train.mindir_op_cases import COVERED_ELSEWHERE, NOT_EXPORTED, OP_CASES  # noqa: E402
from tests.train.test_mindir_golden import NETS  # noqa: E402


class _Wrap(nn.Cell):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def construct(self, *xs):
        return self.fn(*xs)


def _run(path, arrays):
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return session.run(None, {i.name: x for i, x in zip(session.get_inputs(), arrays)})


def _outputs(result):
    return [o.asnumpy() for o in result] if isinstance(result, tuple) else [result.asnumpy()]


def _assert_same(theirs, ours, what):
    assert len(theirs) == len(ours), what
    for j, (a, b) in enumerate(zip(theirs, ours)):
        assert (a.shape, a.dtype) == (b.shape, b.dtype), f"{what} output {j}: {a.shape} {a.dtype} vs {b.shape} {b.dtype}"
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=5e-6, equal_nan=True, err_msg=f"{what} output {j}")


def test_every_exported_primitive_has_an_onnx_form():
    assert set(EMITTERS) == set(OP_CASES) | set(COVERED_ELSEWHERE)
    assert not set(EMITTERS) & set(NOT_EXPORTED)


@pytest.mark.parametrize("name", sorted(OP_CASES))
def test_onnxruntime_gives_minispores_outputs(name, tmp_path):
    fn, arrays = OP_CASES[name]
    net = fn if isinstance(fn, nn.Cell) else _Wrap(fn)
    inputs = [ms.Tensor(x) for x in arrays]
    ms.onnx.export(net, *inputs, file_name=str(tmp_path / name))
    _assert_same(_run(str(tmp_path / f"{name}.onnx"), arrays), _outputs(fn(*inputs)), name)


@pytest.mark.parametrize("case", sorted(NETS.CASES))
def test_networks_run_in_onnxruntime(case, tmp_path):
    net = NETS.build(case)
    arrays = NETS.make_inputs(case, 1)
    inputs = [ms.Tensor(x) for x in arrays]
    ms.export(net, *inputs, file_name=str(tmp_path / case), file_format="ONNX")
    _assert_same(_run(str(tmp_path / f"{case}.onnx"), arrays), _outputs(net(*inputs)), case)


def _lenet(tmp_path, **kwargs):
    net = NETS.build("lenet_bn")
    x = ms.Tensor(NETS.make_inputs("lenet_bn", 1)[0])
    ms.onnx.export(net, x, file_name=str(tmp_path / "lenet.onnx"), **kwargs)
    return onnx.load(str(tmp_path / "lenet.onnx")), net, x


def test_model_layout_names_and_opset(tmp_path):
    model, net, x = _lenet(tmp_path, input_names=["image"], output_names=["probabilities"])
    assert [(o.domain, o.version) for o in model.opset_import] == [("", OPSET)] and OPSET == 18
    assert [i.name for i in model.graph.input] == ["image"]
    assert [o.name for o in model.graph.output] == ["probabilities"]
    assert sorted(t.name for t in model.graph.initializer if not t.name.startswith("const")) == \
        sorted(p.name for p in net.get_parameters())
    dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    assert dims == list(x.shape)
    onnx.checker.check_model(model)


def test_default_names_come_from_construct(tmp_path):
    model, _, _ = _lenet(tmp_path)
    assert [i.name for i in model.graph.input] == ["x"] and [o.name for o in model.graph.output] == ["output_0"]


def test_parameters_as_inputs(tmp_path):
    model, net, x = _lenet(tmp_path, export_params=False)
    names = {p.name for p in net.get_parameters()}
    assert names <= {i.name for i in model.graph.input}
    assert not names & {t.name for t in model.graph.initializer}
    feeds = {"x": x.asnumpy(), **{p.name: p.asnumpy() for p in net.get_parameters()}}
    out = ort.InferenceSession(str(tmp_path / "lenet.onnx")).run(None, feeds)[0]
    np.testing.assert_allclose(out, net(x).asnumpy(), rtol=1e-5, atol=1e-6)


def test_initializers_kept_as_inputs(tmp_path):
    model, net, _ = _lenet(tmp_path, keep_initializers_as_inputs=True)
    inputs = {i.name for i in model.graph.input}
    assert {t.name for t in model.graph.initializer} <= inputs and "x" in inputs


def test_export_leaves_the_training_mode_and_writes_read_only(tmp_path):
    net = NETS.build("lenet_bn")
    net.set_train(True)
    ms.export(net, ms.Tensor(NETS.make_inputs("lenet_bn", 1)[0]), file_name=str(tmp_path / "m"), file_format="ONNX")
    assert net.training and os.path.exists(tmp_path / "m.onnx")
    assert os.stat(tmp_path / "m.onnx").st_mode & 0o777 == 0o400
    assert [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] == []


def test_refusals(tmp_path):
    x = ms.Tensor(np.ones((1, 1, 10, 10), np.float32))
    net = NETS.build("lenet_bn")
    with pytest.raises(ValueError, match="dynamic_axes"):
        ms.onnx.export(net, x, file_name=str(tmp_path / "a"), dynamic_axes={"x": {0: "batch"}})
    with pytest.raises(TypeError, match="must be a Cell"):
        ms.onnx.export(lambda t: t * 2, x, file_name=str(tmp_path / "b"))
    with pytest.raises(ValueError, match="input_names"):
        ms.onnx.export(net, x, file_name=str(tmp_path / "c"), input_names="x")
    with pytest.raises(ValueError, match="output_names"):
        ms.onnx.export(net, x, file_name=str(tmp_path / "d"), output_names=["a", "b"])
    with pytest.raises(ValueError, match="illegal"):
        ms.onnx.export(net, x, file_name=str(tmp_path / "with space"))
    assert os.listdir(tmp_path) == []
