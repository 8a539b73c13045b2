"""Checkpoint files against files written by MindSpore 2.10 (tests/golden/ckpt, tools/golden/gen_ckpt.py)."""
import json
import os
from pathlib import Path

import numpy as np
import pytest

import minispore as ms
from minispore import Parameter, Tensor, nn

pytest.importorskip("google.protobuf")

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "ckpt"
CASES = {case["case"]: case for case in json.loads((GOLDEN / "ckpt.json").read_text())["cases"]}
VALUES = np.load(GOLDEN / "ckpt.npz")


class FakeBatchNorm(nn.Cell):
    """Parameters named and ordered like BatchNorm1d(3): moving_mean, moving_variance, gamma, beta."""

    def __init__(self):
        super().__init__()
        self.moving_mean = Parameter(Tensor(np.zeros(3, np.float32)), name="moving_mean", requires_grad=False)
        self.moving_variance = Parameter(Tensor(np.ones(3, np.float32)), name="moving_variance", requires_grad=False)
        self.gamma = Parameter(Tensor(np.ones(3, np.float32)), name="gamma")
        self.beta = Parameter(Tensor(np.zeros(3, np.float32)), name="beta")


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(2, 3)
        self.bn = nn.BatchNorm1d(3) if hasattr(nn, "BatchNorm1d") else FakeBatchNorm()


def golden_net():
    """The generator's net with every Parameter set to the values stored in net.ckpt."""
    net = Net()
    for param in net.get_parameters():
        param.set_data(Tensor(VALUES[f"net/out/{param.name}"]))
    return net


def loaded_description(loaded):
    rows = []
    for key, value in loaded.items():
        if isinstance(value, str):
            rows.append({"key": key, "type": "str", "value": value})
        else:
            name = "Parameter#<n>" if value.name.startswith("Parameter#") else value.name
            rows.append({"key": key, "type": type(value).__name__, "name": name, "dtype": str(value.dtype),
                         "shape": list(value.shape), "requires_grad": value.requires_grad})
    return rows


def assert_values(stem, loaded):
    for key, value in loaded.items():
        if isinstance(value, str):
            continue
        expected = VALUES[f"{stem}/out/{key}"]
        array = value.asnumpy()
        if str(value.dtype) == "BFloat16":
            array = array.astype(np.float32)
        assert array.dtype == expected.dtype, key
        np.testing.assert_array_equal(array, expected, err_msg=key)


@pytest.mark.parametrize("stem", ["net", "all_dtypes", "append_dict", "handwritten"])
def test_mindspore_files_load_with_same_values_and_dtypes(stem):
    loaded = ms.load_checkpoint(str(GOLDEN / f"{stem}.ckpt"))
    assert loaded_description(loaded) == CASES[stem]["load"]
    assert_values("net" if stem == "handwritten" else stem, loaded)


def test_append_dict_string_loads_as_python_str():
    assert ms.load_checkpoint(str(GOLDEN / "append_dict.ckpt"))["name"] == "x"


def test_crc_file_loads_with_and_without_crc_check():
    with_check = ms.load_checkpoint(str(GOLDEN / "crc.ckpt"), crc_check=True)
    assert loaded_description(with_check) == CASES["crc"]["load_with_crc_check"]
    assert list(ms.load_checkpoint(str(GOLDEN / "crc.ckpt"))) == [row["key"] for row in CASES["crc"]["load_with_crc_check"]]


@pytest.mark.parametrize("stem", ["net", "all_dtypes"])
def test_mindspore_safetensors_files_load(stem):
    pytest.importorskip("safetensors")
    loaded = ms.load_checkpoint(str(GOLDEN / f"{stem}.safetensors"), format="safetensors")
    assert loaded_description(loaded) == CASES[f"{stem}_safetensors"]["load"]
    assert_values(f"{stem}_safetensors", loaded)


def test_saved_file_is_byte_identical_to_mindspore(tmp_path):
    net = golden_net()
    ms.save_checkpoint(net, str(tmp_path / "net.ckpt"))
    assert (tmp_path / "net.ckpt").read_bytes() == (GOLDEN / "net.ckpt").read_bytes()
    ms.save_checkpoint(net, str(tmp_path / "crc.ckpt"), crc_check=True)
    assert (tmp_path / "crc.ckpt").read_bytes() == (GOLDEN / "crc.ckpt").read_bytes()
    ms.save_checkpoint(net, str(tmp_path / "append_dict.ckpt"), append_dict=CASES["append_dict"]["save_kwargs"]["append_dict"])
    assert (tmp_path / "append_dict.ckpt").read_bytes() == (GOLDEN / "append_dict.ckpt").read_bytes()
    assert oct(os.stat(tmp_path / "net.ckpt").st_mode & 0o777) == CASES["net"]["file_mode_written"]


def test_all_dtypes_file_is_byte_identical_and_round_trips(tmp_path):
    originals = ms.load_checkpoint(str(GOLDEN / "all_dtypes.ckpt"))
    entries = [{"name": key, "data": value} for key, value in originals.items()]
    ms.save_checkpoint(entries, str(tmp_path / "all_dtypes.ckpt"))
    assert (tmp_path / "all_dtypes.ckpt").read_bytes() == (GOLDEN / "all_dtypes.ckpt").read_bytes()
    again = ms.load_checkpoint(str(tmp_path / "all_dtypes.ckpt"))
    for key, value in originals.items():
        assert again[key].dtype == value.dtype and again[key].shape == value.shape
        np.testing.assert_array_equal(again[key].asnumpy(), value.asnumpy())


def test_safetensors_round_trip_matches_mindspore_header(tmp_path):
    pytest.importorskip("safetensors")
    ms.save_checkpoint(golden_net(), str(tmp_path / "net"), format="safetensors")
    data = (tmp_path / "net.safetensors").read_bytes()
    assert data == (GOLDEN / "net.safetensors").read_bytes()
    loaded = ms.load_checkpoint(str(tmp_path / "net.safetensors"), format="safetensors")
    assert_values("net_safetensors", loaded)


def test_write_only_dtypes_match_mindspore_bytes(tmp_path):
    for dtype_name in ("complex64", "complex128"):
        values = np.array([1 + 2j, 3 - 1j])
        ms.save_checkpoint([{"name": "a", "data": Tensor(values, getattr(ms, dtype_name))}], str(tmp_path / "c.ckpt"))
        assert (tmp_path / "c.ckpt").read_bytes().hex() == CASES[f"write_only_{dtype_name}"]["bytes_hex"]


def test_save_variants(tmp_path):
    ones = Tensor(np.ones(2, np.float32))
    ms.save_checkpoint([{"name": "empty", "data": Tensor(np.zeros((0, 3), np.float32))}, {"name": "kept", "data": ones}],
                       str(tmp_path / "empty.ckpt"))
    assert list(ms.load_checkpoint(str(tmp_path / "empty.ckpt"))) == CASES["save_empty_tensor"]["loaded_keys"]
    ms.save_checkpoint([{"name": "a", "data": ones}], str(tmp_path / "noext"))
    assert sorted(os.listdir(tmp_path)) == ["empty.ckpt", "noext.ckpt"]  # no temporary files left behind
    ms.save_checkpoint(golden_net(), str(tmp_path / "choice.ckpt"), choice_func=lambda name: name.startswith("fc."))
    assert list(ms.load_checkpoint(str(tmp_path / "choice.ckpt"))) == CASES["save_choice_func"]["loaded_keys"]
    with pytest.raises(TypeError, match="Parameters"):
        ms.save_checkpoint({"a": ones}, str(tmp_path / "d.ckpt"))


def test_overwrite_replaces_read_only_file(tmp_path):
    path = str(tmp_path / "w.ckpt")
    ms.save_checkpoint([{"name": "a", "data": Tensor(np.ones(2, np.float32))}], path)
    ms.save_checkpoint([{"name": "a", "data": Tensor(np.full(2, 3.0, np.float32))}], path)
    np.testing.assert_array_equal(ms.load_checkpoint(path)["a"].asnumpy(), [3.0, 3.0])


@pytest.mark.parametrize("case", ["load_choice_func", "load_specify_prefix", "load_filter_prefix"])
def test_load_filters(case):
    path = str(GOLDEN / "net.ckpt")
    kwargs = {"load_choice_func": {"choice_func": lambda n: n.startswith("bn.")},
              "load_specify_prefix": {"specify_prefix": "fc"}, "load_filter_prefix": {"filter_prefix": "fc"}}[case]
    assert list(ms.load_checkpoint(path, **kwargs)) == CASES[case]["loaded_keys"]


def test_load_into_net():
    net = Net()
    returned = ms.load_checkpoint(str(GOLDEN / "net.ckpt"), net=net)
    assert list(returned) == CASES["load_with_net"]["returned_keys"]
    for param in net.get_parameters():
        np.testing.assert_array_equal(param.asnumpy(), VALUES[f"net/out/{param.name}"])


def test_load_param_into_net_returns():
    full = ms.load_checkpoint(str(GOLDEN / "net.ckpt"))
    partial = {"fc.weight": full["fc.weight"], "bn.gamma": full["bn.gamma"],
               "extra": Parameter(Tensor(np.ones(2, np.float32)), name="extra")}
    results = {"full": ms.load_param_into_net(Net(), full),
               "partial": ms.load_param_into_net(Net(), partial),
               "partial_strict": ms.load_param_into_net(Net(), partial, strict_load=True),
               "empty_dict": ms.load_param_into_net(Net(), {})}
    for name, result in results.items():
        assert isinstance(result, tuple)
        assert [list(r) for r in result] == CASES[f"load_param_into_net_{name}"]["returns"]


def test_load_param_into_net_copies_data():
    full = ms.load_checkpoint(str(GOLDEN / "net.ckpt"))
    net = Net()
    ms.load_param_into_net(net, full)
    full["fc.bias"].set_data(Tensor(np.zeros(3, np.float32)))
    np.testing.assert_array_equal(net.fc.bias.asnumpy(), VALUES["net/out/fc.bias"])


def test_load_param_into_net_shape_mismatch_lists_all_and_changes_nothing():
    full = ms.load_checkpoint(str(GOLDEN / "net.ckpt"))
    bad = dict(full, **{"fc.weight": Parameter(Tensor(np.ones((4, 2), np.float32)), name="fc.weight"),
                        "bn.beta": Parameter(Tensor(np.ones(5, np.float32)), name="bn.beta")})
    net = Net()
    before = {p.name: p.asnumpy().copy() for p in net.get_parameters()}
    with pytest.raises(RuntimeError) as info:
        ms.load_param_into_net(net, bad)
    message = str(info.value)
    assert CASES["load_param_into_net_shape_mismatch"]["error"]["message"].split(".May")[0] in message
    assert "bn.beta" in message and "(3,)" in message and "(5,)" in message
    for param in net.get_parameters():
        np.testing.assert_array_equal(param.asnumpy(), before[param.name])


def test_load_param_into_net_dtype_and_type_errors():
    full = ms.load_checkpoint(str(GOLDEN / "net.ckpt"))
    net = Net()
    bad_dtype = dict(full, **{"fc.bias": Parameter(Tensor(np.ones(3, np.float16)), name="fc.bias")})
    assert [list(r) for r in ms.load_param_into_net(net, bad_dtype)] == CASES["load_param_into_net_dtype_mismatch"]["returns"]
    assert str(net.fc.bias.dtype) == CASES["load_param_into_net_dtype_mismatch"]["bias_dtype_after"]
    with pytest.raises(TypeError, match="should be a 'str' and 'Parameter'"):
        ms.load_param_into_net(Net(), {"fc.bias": Tensor(np.ones(3))})


@pytest.mark.parametrize("name, data", [
    ("truncated", (GOLDEN / "net.ckpt").read_bytes()[:131]),
    ("random_bytes", np.random.RandomState(20250615).bytes(64)),
    ("empty_file", b""),
    ("foreign_zip", b"PK\x03\x04" + bytes(60)),
    ("pickle", b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01a\x94K\x01s."),
])
def test_damaged_or_foreign_files_are_refused(tmp_path, name, data):
    path = tmp_path / f"{name}.ckpt"
    path.write_bytes(data)
    with pytest.raises(ValueError) as info:
        ms.load_checkpoint(str(path))
    assert str(path) in str(info.value)


def test_crc_mismatch_and_missing_file(tmp_path):
    corrupted = bytearray((GOLDEN / "crc.ckpt").read_bytes())
    corrupted[40] ^= 0x01
    (tmp_path / "crc_bad.ckpt").write_bytes(bytes(corrupted))
    with pytest.raises(ValueError, match="CRC"):
        ms.load_checkpoint(str(tmp_path / "crc_bad.ckpt"), crc_check=True)
    with pytest.raises(ValueError, match="does not exist"):
        ms.load_checkpoint(str(tmp_path / "nope.ckpt"))


def test_content_shorter_than_shape_is_refused(tmp_path):
    from minispore.train import _checkpoint_format
    message = _checkpoint_format.checkpoint_class()()
    value = message.value.add(tag="w")
    value.tensor.dims.extend([2, 2])
    value.tensor.tensor_type = "Float32"
    value.tensor.tensor_content = np.ones(3, np.float32).tobytes()
    (tmp_path / "short.ckpt").write_bytes(message.SerializeToString())
    with pytest.raises(ValueError, match="needs 16 bytes but holds 12"):
        ms.load_checkpoint(str(tmp_path / "short.ckpt"))


def test_top_level_names_are_the_train_functions():
    from minispore.train import model, serialization
    assert ms.save_checkpoint is serialization.save_checkpoint
    assert ms.load_checkpoint is serialization.load_checkpoint
    assert ms.load_param_into_net is serialization.load_param_into_net
    assert ms.Model is model.Model
