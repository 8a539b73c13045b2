"""mindspore.export / mindspore.load / nn.GraphCell: file naming, arguments, refusals of damaged or
foreign files, Parameters (params_init, checkpoints) and what a loaded graph accepts."""
import json
import os
import pickle

import numpy as np
import pytest

pytest.importorskip("google.protobuf")

import minispore as ms  # noqa: E402
from minispore import nn, ops  # noqa: E402
from minispore.train._mindir_reader import read_model  # noqa: E402
from tests.train.test_mindir_golden import GOLDEN, NETS  # noqa: E402

X = np.random.default_rng(3).standard_normal((2, 1, 10, 10)).astype(np.float32)


def _export(tmp_path, net=None, name="net", **kwargs):
    net = net if net is not None else NETS.build("lenet_bn")
    ms.export(net, ms.Tensor(X), file_name=str(tmp_path / name), file_format="MINDIR", **kwargs)
    return net, str(tmp_path / f"{name}.mindir")


def _model(path):
    with open(path, "rb") as stream:
        return read_model(stream.read(), path)


def _rewrite(path, change):
    """Apply `change` to the file's ModelProto and write it back (a file damaged on purpose)."""
    model = _model(path)
    change(model)
    os.chmod(path, 0o600)
    with open(path, "wb") as stream:
        stream.write(model.SerializeToString())


# --- export --------------------------------------------------------------------------------------
def test_file_name_gets_the_suffix_once_read_only_and_atomically(tmp_path):
    _export(tmp_path, name="a")
    _export(tmp_path, name="b.mindir")
    _export(tmp_path, name="sub/c")
    assert sorted(os.listdir(tmp_path)) == ["a.mindir", "b.mindir", "sub"]
    assert os.listdir(tmp_path / "sub") == ["c.mindir"]
    assert os.stat(tmp_path / "a.mindir").st_mode & 0o777 == 0o400
    _export(tmp_path, name="a")  # over a read-only file, as MindSpore does
    assert sorted(os.listdir(tmp_path)) == ["a.mindir", "b.mindir", "sub"]


def test_model_header_and_parameters(tmp_path):
    net, path = _export(tmp_path)
    model = _model(path)
    assert (model.ir_version, model.model_version, model.mind_ir_version, model.little_endian) == \
        ("1.1", "2.10.0", 3, True)
    assert model.graph.name.endswith("LeNetBN_construct")
    assert [p.ref_key for p in model.graph.parameter] == [p.name for p in net.get_parameters()]
    assert [i.name.split(":")[-1] for i in model.graph.input] == ["x"]
    weight = model.graph.parameter[0]
    np.testing.assert_array_equal(np.frombuffer(weight.raw_data, np.float32).reshape(tuple(weight.dims)),
                                  net.conv1.weight.asnumpy())


def test_export_runs_in_inference_mode_and_restores_training(tmp_path):
    net = NETS.build("lenet_bn")
    net.set_train(True)
    _, path = _export(tmp_path, net)
    assert net.training
    net.set_train(False)
    np.testing.assert_allclose(nn.GraphCell(ms.load(path))(ms.Tensor(X)).asnumpy(), net(ms.Tensor(X)).asnumpy(),
                               rtol=1e-6, atol=1e-7)


def test_custom_func_sees_the_model_before_it_is_written(tmp_path):
    def custom(model):
        model.producer_name = "test11111"
        model.user_info["version"] = "11.0"

    _, path = _export(tmp_path, custom_func=custom)
    model = _model(path)
    assert model.producer_name == "test11111" and dict(model.user_info) == {"version": "11.0"}


def test_a_function_exports_too(tmp_path):
    def fn(x, y):
        return ops.relu(x) * y + 1.0

    x, y = ms.Tensor(np.array([-1.0, 2.0], np.float32)), ms.Tensor(np.array([3.0, 4.0], np.float32))
    ms.export(fn, x, y, file_name=str(tmp_path / "fn"), file_format="MINDIR")
    out = nn.GraphCell(ms.load(str(tmp_path / "fn.mindir")))(x, y)
    np.testing.assert_array_equal(out.asnumpy(), [1.0, 9.0])


@pytest.mark.parametrize("kwargs, error, match", [
    ({"file_format": "PB"}, ValueError, "must be one of"),
    ({"file_format": "AIR"}, ValueError, "Ascend"),
    ({"file_name": 3}, TypeError, "must be string"),
    ({"file_name": "bad name"}, ValueError, "illegal"),
    ({"file_name": "folder/"}, ValueError, "directory"),
    ({"enc_key": b"0123456789012345"}, ValueError, "encrypted"),
    ({"obf_func": None}, NotImplementedError, "obfuscation"),
    ({"dataset": None}, ValueError, "dataset"),
    ({"unknown": 1}, TypeError, "unknown"),
    ({"custom_func": 3}, TypeError, "callable"),
])
def test_export_arguments_are_checked_before_anything_runs(tmp_path, kwargs, error, match):
    arguments = {"file_name": str(tmp_path / "m"), "file_format": "MINDIR", **kwargs}
    with pytest.raises(error, match=match):
        ms.export(NETS.build("mlp"), ms.Tensor(np.ones((1, 1, 8, 8), np.float32)), **arguments)
    assert os.listdir(tmp_path) == []


def test_parameters_the_network_does_not_own_are_refused(tmp_path):
    stray = ms.Parameter(ms.Tensor(np.ones((2,), np.float32)), name="stray")

    class UsesGlobal(nn.Cell):
        def construct(self, x):
            return x + stray

    with pytest.raises(ValueError, match="wasn't created in nn.Cell.*stray"):
        ms.export(UsesGlobal(), ms.Tensor(np.ones((2,), np.float32)), file_name=str(tmp_path / "g"),
                  file_format="MINDIR")


def test_outputs_must_be_tensors(tmp_path):
    class ReturnsShape(nn.Cell):
        def construct(self, x):
            return x.shape

    with pytest.raises(ValueError, match="must return a Tensor"):
        ms.export(ReturnsShape(), ms.Tensor(np.ones((2,), np.float32)), file_name=str(tmp_path / "s"),
                  file_format="MINDIR")


# --- load ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, kwargs, error, match", [
    (3, {}, ValueError, "must be string"),
    ("model.ckpt", {}, ValueError, "should end with '.mindir'"),
    ("missing.mindir", {}, ValueError, "does not exist"),
    ("ms_mlp.mindir", {"dec_key": b"0123456789012345"}, ValueError, "encrypted"),
    ("ms_mlp.mindir", {"obf_func": None}, NotImplementedError, "obfuscation"),
    ("ms_mlp.mindir", {"other": 1}, TypeError, "other"),
])
def test_load_arguments(name, kwargs, error, match):
    with pytest.raises(error, match=match):
        ms.load(name if not isinstance(name, str) or name.startswith(("model", "missing"))
                else os.path.join(GOLDEN, name), **kwargs)


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                                     pickle.dumps({"weight": [1.0, 2.0]}), b"mindspore" * 100])
def test_foreign_files_are_refused(tmp_path, content):
    path = tmp_path / "foreign.mindir"
    path.write_bytes(content)
    with pytest.raises(RuntimeError, match="Load MindIR failed"):
        ms.load(str(path))


def test_a_checkpoint_is_not_a_model(tmp_path):
    ms.save_checkpoint(NETS.build("mlp"), str(tmp_path / "net.ckpt"))
    os.rename(tmp_path / "net.ckpt", tmp_path / "net.mindir")
    with pytest.raises(RuntimeError, match="Load MindIR failed"):
        ms.load(str(tmp_path / "net.mindir"))


def test_truncated_file_is_refused(tmp_path):
    _, path = _export(tmp_path)
    data = open(path, "rb").read()
    short = tmp_path / "short.mindir"
    short.write_bytes(data[: len(data) // 2])
    with pytest.raises(RuntimeError, match="Load MindIR failed"):
        ms.load(str(short))


def test_parameter_of_the_wrong_size_is_refused(tmp_path):
    _, path = _export(tmp_path)
    _rewrite(path, lambda model: setattr(model.graph.parameter[0], "raw_data", model.graph.parameter[0].raw_data[:8]))
    with pytest.raises(RuntimeError, match="damaged.*conv1.weight"):
        ms.load(path)


def test_unknown_primitive_is_named(tmp_path):
    _, path = _export(tmp_path)

    def rename(model):
        for prim in model.primitives:
            if prim.op_type == "Softmax":
                prim.op_type = "FancySoftmax"

    _rewrite(path, rename)
    with pytest.raises(ValueError, match="'FancySoftmax'"):
        ms.load(path)


def test_node_reading_an_undefined_value_is_refused(tmp_path):
    _, path = _export(tmp_path)
    _rewrite(path, lambda model: model.graph.node[-1].input.append("nowhere"))
    with pytest.raises(RuntimeError, match="damaged.*nowhere"):
        ms.load(path)


def test_parameters_kept_beside_the_model(tmp_path):
    """MindSpore's split save (models over 1 GB): raw data in <name>_variables/data_0 after a 64-byte header."""
    net, path = _export(tmp_path)
    folder = tmp_path / "net_variables"
    folder.mkdir()
    blob = bytearray(64)

    def move_out(model):
        for tensor in model.graph.parameter:
            tensor.external_data.location = "net_variables/data_0"
            tensor.external_data.offset = len(blob)
            tensor.external_data.length = len(tensor.raw_data)
            blob.extend(tensor.raw_data + bytes(-len(tensor.raw_data) % 64))
            tensor.ClearField("raw_data")

    _rewrite(path, move_out)
    (folder / "data_0").write_bytes(bytes(blob))
    out = nn.GraphCell(ms.load(path))(ms.Tensor(X))
    np.testing.assert_allclose(out.asnumpy(), net(ms.Tensor(X)).asnumpy(), rtol=1e-6, atol=1e-7)
    (folder / "data_0").write_bytes(bytes(blob[:100]))
    with pytest.raises(RuntimeError, match="shorter"):
        ms.load(path)


# --- GraphCell -----------------------------------------------------------------------------------
def test_graph_cell_parameters_carry_the_exported_names_and_take_checkpoints(tmp_path):
    net, path = _export(tmp_path)
    cell = nn.GraphCell(ms.load(path))
    assert list(cell.parameters_dict()) == [p.name for p in net.get_parameters()]
    other = NETS.build("lenet_bn")
    NETS.set_weights(other, 5)
    ms.save_checkpoint(other, str(tmp_path / "other.ckpt"))
    not_loaded, _ = ms.load_param_into_net(cell, ms.load_checkpoint(str(tmp_path / "other.ckpt")))
    assert not_loaded == []
    other.set_train(False)
    np.testing.assert_allclose(cell(ms.Tensor(X)).asnumpy(), other(ms.Tensor(X)).asnumpy(), rtol=1e-6, atol=1e-7)
    ms.save_checkpoint(cell, str(tmp_path / "cell.ckpt"))
    assert set(ms.load_checkpoint(str(tmp_path / "cell.ckpt"))) == set(cell.parameters_dict())


def test_params_init_replaces_values_per_cell(tmp_path):
    net, path = _export(tmp_path)
    graph = ms.load(path)
    bias = ms.Tensor(np.full((10,), 3.0, np.float32))
    changed, plain = nn.GraphCell(graph, params_init={"fc.bias": bias, "not.there": bias}), nn.GraphCell(graph)
    np.testing.assert_array_equal(changed.parameters_dict()["fc.bias"].asnumpy(), bias.asnumpy())
    np.testing.assert_array_equal(plain.parameters_dict()["fc.bias"].asnumpy(), net.fc.bias.asnumpy())
    net.fc.bias.set_data(bias)
    np.testing.assert_allclose(changed(ms.Tensor(X)).asnumpy(), net(ms.Tensor(X)).asnumpy(), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"params_init": [1]}, TypeError, "must be a dict"),
    ({"params_init": {"fc.bias": np.ones(10)}}, TypeError, "Tensor or Parameter"),
    ({"params_init": {"fc.bias": ms.Tensor(np.ones(3, np.float32))}}, ValueError, "shape"),
    ({"obf_random_seed": 1}, NotImplementedError, "obfuscation"),
])
def test_graph_cell_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        nn.GraphCell(ms.load(os.path.join(GOLDEN, "ms_lenet_bn.mindir")), **kwargs)
    with pytest.raises(TypeError, match="FuncGraph"):
        nn.GraphCell("ms_lenet_bn.mindir")


def test_graph_cell_checks_its_inputs():
    cell = nn.GraphCell(ms.load(os.path.join(GOLDEN, "ms_lenet_bn.mindir")))
    with pytest.raises(RuntimeError, match="takes 1 inputs"):
        cell(ms.Tensor(X), ms.Tensor(X))
    with pytest.raises(TypeError, match="Float32"):
        cell(ms.Tensor(X.astype(np.float64)))
    with pytest.raises(TypeError, match="must be a Tensor"):
        cell(X)
    with pytest.raises(ValueError, match="4 dimensions"):
        cell(ms.Tensor(X[0]))
    assert cell(ms.Tensor(np.concatenate([X, X, X]))).shape == (6, 10)  # another batch size runs


def test_tuple_outputs_come_back_as_a_tuple():
    cell = nn.GraphCell(ms.load(os.path.join(GOLDEN, "ms_two_inputs.mindir")))
    out = cell(ms.Tensor(np.ones((3, 5), np.float32)), ms.Tensor(np.ones((5, 4), np.float32)))
    assert isinstance(out, tuple) and [o.shape for o in out] == [(3, 4), (3,)]


class _BranchOnData(nn.Cell):
    def construct(self, x):
        return x * 2.0 if float(x[0]) == 0.5 else x - 1.0


class _ThroughNumPy(nn.Cell):
    def construct(self, x):
        return ms.Tensor(np.sin(x.asnumpy())) + x


class _Noisy(nn.Cell):
    def construct(self, x):
        return x + ops.rand(x.shape)


@pytest.mark.parametrize("net", [_ThroughNumPy(), _Noisy()], ids=["numpy", "random"])
def test_work_the_capture_cannot_see_is_refused(tmp_path, net):
    with pytest.raises(ValueError, match="operations do not see"):
        ms.export(net, ms.Tensor(np.linspace(-1, 1, 6, dtype=np.float32)), file_name=str(tmp_path / "m"),
                  file_format="MINDIR")
    assert os.listdir(tmp_path) == []


def test_branch_on_data_is_refused(tmp_path):
    # The check runs other values (x[0] is no longer 0.5): the network takes the other branch there.
    x = ms.Tensor(np.array([0.5, 1.0, 2.0], np.float32))
    with pytest.raises(ValueError, match="operations do not see"):
        ms.export(_BranchOnData(), x, file_name=str(tmp_path / "m"), file_format="MINDIR")


def test_constant_parts_of_the_output_are_fine(tmp_path):
    class WithTable(nn.Cell):
        def __init__(self):
            super().__init__()
            self.table = ms.Tensor(np.arange(4, dtype=np.float32))

        def construct(self, x):
            return x + self.table, self.table

    ms.export(WithTable(), ms.Tensor(np.ones(4, np.float32)), file_name=str(tmp_path / "t"), file_format="MINDIR")
    out = nn.GraphCell(ms.load(str(tmp_path / "t.mindir")))(ms.Tensor(np.ones(4, np.float32)))
    np.testing.assert_array_equal(out[1].asnumpy(), np.arange(4))


def test_large_models_keep_parameters_beside_the_graph(tmp_path, monkeypatch):
    """Over 1 GB of Parameters MindSpore writes <name>_graph.mindir and <name>_variables/data_0; MindSpore
    2.10 loads the pair minispore writes (golden `split/out0`)."""
    from minispore.train import _mindir_writer
    from tests.train.test_mindir_golden import ARRAYS

    monkeypatch.setattr(_mindir_writer, "SPLIT_BYTES", 0)
    net = NETS.build("mlp")
    x = ms.Tensor(NETS.make_inputs("mlp", 1)[0])
    ms.export(net, x, file_name=str(tmp_path / "big"), file_format="MINDIR")
    with open(os.path.join(GOLDEN, "golden.json"), encoding="utf-8") as handle:
        assert json.load(handle)["split_file"] == ["big_graph.mindir", os.path.join("big_variables", "data_0")]
    assert sorted(os.listdir(tmp_path)) == ["big_graph.mindir", "big_variables"]
    data = (tmp_path / "big_variables" / "data_0").read_bytes()
    assert data[:64] == b"\x01" + bytes(63) and len(data) % 64 == 0
    out = nn.GraphCell(ms.load(str(tmp_path / "big_graph.mindir")))(x).asnumpy()
    np.testing.assert_allclose(out, net(x).asnumpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(ARRAYS["split/out0"], out, rtol=1e-5, atol=1e-6)


def test_dropout_in_a_loaded_graph_is_refused_with_the_reason(tmp_path):
    _, path = _export(tmp_path)

    def to_dropout(model):
        for prim in model.primitives:
            if prim.op_type == "ReLU":
                prim.op_type = "Dropout"

    _rewrite(path, to_dropout)
    with pytest.raises(ValueError, match="'Dropout'.*training mode"):
        ms.load(path)
