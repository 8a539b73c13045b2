"""Golden checkpoint files written by MindSpore 2.10, plus what MindSpore reads back from them.

Run from /work/main: /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_ckpt.py
Writes into tests/golden/ckpt/: net.ckpt (Dense(2,3)+BatchNorm1d(3)), all_dtypes.ckpt,
append_dict.ckpt, crc.ckpt, net.safetensors, all_dtypes.safetensors, handwritten.ckpt (built from
the spec's protobuf schema, not by MindSpore), ckpt.json (entries, loads, errors, bytes as hex) and
ckpt.npz (values: "<file stem>/out/<entry name>"; bfloat16 values widened to float32).
"""
import re
import stat
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_ckpt_proto import build_checkpoint, parse_entries, spec_file_descriptor  # noqa: E402
from gen_train import (GOLDEN_DIR, GoldenWriter, capture_error, error_record, json_safe,  # noqa: E402
                        signature_record)

CKPT_DIR = GOLDEN_DIR / "ckpt"
SEED = 20250613
DTYPE_NAMES = ["float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64",
               "uint8", "uint16", "uint32", "uint64", "bool_"]
# MindSpore writes these but its own load_checkpoint cannot read them back.
WRITE_ONLY_DTYPES = ["complex64", "complex128", "float8_e4m3fn", "float8_e5m2", "hifloat8"]


def build_net():
    """Net(fc=Dense(2,3), bn=BatchNorm1d(3)) with every Parameter set from a fixed RandomState."""
    from mindspore import Tensor, nn

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(2, 3)
            self.bn = nn.BatchNorm1d(3)

        def construct(self, x):
            return self.bn(self.fc(x))

    net = Net()
    rs = np.random.RandomState(SEED)
    for param in net.get_parameters():
        value = rs.randn(*param.shape).astype(np.float32)
        if "variance" in param.name:
            value = np.abs(value) + 0.5
        param.set_data(Tensor(value))
    return net


def entry_values(rs, dtype_name):
    """Three sample values for one dtype (negatives only where the dtype has them)."""
    if dtype_name == "bool_":
        return np.array([True, False, True])
    if dtype_name.startswith("uint"):
        return rs.randint(0, 200, 3)
    if dtype_name.startswith("int"):
        return rs.randint(-100, 100, 3)
    return np.round(rs.randn(3) * 4, 2)


def all_dtype_entries():
    """[{'name', 'data'}] covering every loadable dtype, 0-d scalars and a 3-d tensor."""
    import mindspore as ms
    from mindspore import Parameter, Tensor

    rs = np.random.RandomState(SEED + 1)
    entries = [{"name": f"v_{name.rstrip('_')}", "data": Tensor(entry_values(rs, name), getattr(ms, name))}
               for name in DTYPE_NAMES]
    entries += [
        {"name": "scalar_float32", "data": Tensor(2.5, ms.float32)},
        {"name": "scalar_int64", "data": Tensor(7, ms.int64)},
        {"name": "scalar_bool", "data": Tensor(True, ms.bool_)},
        {"name": "scalar_float16", "data": Tensor(-0.375, ms.float16)},
        {"name": "cube_float32", "data": Tensor(rs.randn(2, 3, 4).astype(np.float32))},
        {"name": "param_entry", "data": Parameter(Tensor(np.array([1.0, -1.0], np.float32)),
                                                  name="name_inside_parameter", requires_grad=False)},
    ]
    return entries


def fresh_path(path):
    """Remove a previous file: MindSpore makes checkpoint files read-only (mode 0o400)."""
    if path.exists():
        path.chmod(0o644)
        path.unlink()
    return path


def save(writer, stem, save_obj, suffix=".ckpt", **kwargs):
    """save_checkpoint into CKPT_DIR; record the call, the file's mode, size and (ckpt) parsed entries."""
    import mindspore as ms

    path = fresh_path(CKPT_DIR / f"{stem}{suffix}")
    name_given = str(CKPT_DIR / stem) if suffix == ".safetensors" else str(path)
    ms.save_checkpoint(save_obj, name_given, **kwargs)
    mode = stat.S_IMODE(path.stat().st_mode)
    path.chmod(0o644)
    data = path.read_bytes()
    record = {"file": path.name, "save_kwargs": json_safe(kwargs), "size": len(data),
              "file_mode_written": oct(mode)}
    if suffix == ".ckpt":
        body, trailer = split_crc(data)
        record["entries"] = [{"tag": tag, "tensor_type": kind, "dims": dims, "content_hex": content.hex()}
                             for tag, kind, dims, content in parse_entries(body)]
        if trailer:
            record["crc_trailer_hex"] = trailer.hex()
            record["crc32_of_message"] = zlib.crc32(body)
            record["crc_trailer_value"] = int.from_bytes(trailer[len(b"crc_num"):], "big")
    else:
        header_len = int.from_bytes(data[:8], "little")
        record["safetensors_header_len"] = header_len
        record["safetensors_header"] = data[8:8 + header_len].decode("utf-8")
    return record, data


def split_crc(data):
    """(message bytes, trailer bytes) where the trailer is b'crc_num' + 10-byte big-endian CRC."""
    marker = data.rfind(b"crc_num")
    if marker != -1 and len(data) - marker == len(b"crc_num") + 10:
        return data[:marker], data[marker:]
    return data, b""


def describe_load(loaded):
    """What load_checkpoint returned: per entry type, name, dtype, shape, requires_grad (or str value)."""
    rows = []
    for key, value in loaded.items():
        if isinstance(value, str):
            rows.append({"key": key, "type": "str", "value": value})
        else:
            # safetensors loads give auto names "Parameter#<n>"; n counts Parameters made in the process
            name = re.sub(r"^Parameter#\d+$", "Parameter#<n>", value.name)
            rows.append({"key": key, "type": type(value).__name__, "name": name, "dtype": str(value.dtype),
                         "shape": list(value.shape), "requires_grad": value.requires_grad})
    return rows


def store_values(writer, stem, loaded):
    import mindspore as ms

    for key, value in loaded.items():
        if isinstance(value, str):
            continue
        array = value.float().asnumpy() if value.dtype == ms.bfloat16 else value.asnumpy()
        writer.array(f"{stem}/out/{key}", array)


def scrub(error, directory):
    """Replace a temporary directory in error texts with <dir> so the fixture is stable."""
    if error is None:
        return None
    return {key: value.replace(str(directory), "<dir>") for key, value in error.items()}


def record_files(writer):
    import mindspore as ms

    net = build_net()
    net_record, net_bytes = save(writer, "net", net)
    loaded = ms.load_checkpoint(str(CKPT_DIR / "net.ckpt"))
    store_values(writer, "net", loaded)
    writer.case(case="net", kind="file", **net_record, bytes_hex=net_bytes.hex(),
                net_parameters=[[p.name, str(p.dtype), list(p.shape), p.requires_grad]
                                for p in net.get_parameters()],
                load=describe_load(loaded))

    entries = all_dtype_entries()
    record, _ = save(writer, "all_dtypes", entries)
    loaded = ms.load_checkpoint(str(CKPT_DIR / "all_dtypes.ckpt"))
    store_values(writer, "all_dtypes", loaded)
    writer.case(case="all_dtypes", kind="file", **record,
                saved=[[e["name"], str(e["data"].dtype), list(e["data"].shape)] for e in entries],
                load=describe_load(loaded),
                note="param_entry is a Parameter named name_inside_parameter, requires_grad=False")

    append = {"epoch_num": 5, "lr": 0.5, "name": "x", "flag": True}
    record, _ = save(writer, "append_dict", net, append_dict=append)
    loaded = ms.load_checkpoint(str(CKPT_DIR / "append_dict.ckpt"))
    store_values(writer, "append_dict", loaded)
    writer.case(case="append_dict", kind="file", **record, load=describe_load(loaded))

    record, crc_bytes = save(writer, "crc", net, crc_check=True)
    writer.case(case="crc", kind="file", **record, bytes_hex=crc_bytes.hex(),
                load_with_crc_check=describe_load(ms.load_checkpoint(str(CKPT_DIR / "crc.ckpt"), crc_check=True)),
                load_without_crc_check=capture_error(lambda: ms.load_checkpoint(str(CKPT_DIR / "crc.ckpt"))),
                same_message_as_net_ckpt=split_crc(crc_bytes)[0] == net_bytes)

    for stem, obj in (("net", net), ("all_dtypes", entries)):
        record, _ = save(writer, stem, obj, suffix=".safetensors", format="safetensors")
        loaded = ms.load_checkpoint(str(CKPT_DIR / f"{stem}.safetensors"), format="safetensors")
        store_values(writer, f"{stem}_safetensors", loaded)
        writer.case(case=f"{stem}_safetensors", kind="file", **record, load=describe_load(loaded))
    return net, net_bytes


def record_save_variants(writer, directory):
    """Smaller save_checkpoint behaviours, written to a temporary folder (not kept as files)."""
    import mindspore as ms
    from mindspore import Tensor

    ones = Tensor(np.ones(2, np.float32))
    ms.save_checkpoint([{"name": "empty", "data": Tensor(np.zeros((0, 3), np.float32))},
                        {"name": "kept", "data": ones}], str(directory / "empty.ckpt"))
    writer.case(case="save_empty_tensor", loaded_keys=list(ms.load_checkpoint(str(directory / "empty.ckpt"))))
    ms.save_checkpoint([{"name": "a", "data": ones}], str(directory / "noext"))
    writer.case(case="save_name_without_ext", files=sorted(p.name for p in directory.glob("noext*")))
    writer.case(case="save_dict_of_tensors", error=scrub(capture_error(
        lambda: ms.save_checkpoint({"a": ones}, str(directory / "d.ckpt"))), directory))
    net = build_net()
    ms.save_checkpoint(net, str(directory / "choice.ckpt"), choice_func=lambda name: name.startswith("fc."))
    writer.case(case="save_choice_func", choice="name.startswith('fc.')",
                loaded_keys=list(ms.load_checkpoint(str(directory / "choice.ckpt"))))
    for dtype_name in WRITE_ONLY_DTYPES:
        path = directory / f"{dtype_name}.ckpt"
        values = np.array([1 + 2j, 3 - 1j]) if dtype_name.startswith("complex") else np.array([1.5, -2.0])
        save_error = capture_error(lambda: ms.save_checkpoint(
            [{"name": "a", "data": Tensor(values, getattr(ms, dtype_name))}], str(path)))
        writer.case(case=f"write_only_{dtype_name}", save_error=save_error,
                    bytes_hex=path.read_bytes().hex() if path.exists() else None,
                    load_error=scrub(capture_error(lambda: ms.load_checkpoint(str(path))), directory))


def record_loads(writer, net_bytes, directory):
    """load_checkpoint options, load_param_into_net results and damaged-file errors."""
    import mindspore as ms
    from mindspore import Parameter, Tensor

    path = str(CKPT_DIR / "net.ckpt")
    writer.case(case="load_choice_func", choice="name.startswith('bn.')",
                loaded_keys=list(ms.load_checkpoint(path, choice_func=lambda n: n.startswith("bn."))))
    writer.case(case="load_specify_prefix", specify_prefix="fc",
                loaded_keys=list(ms.load_checkpoint(path, specify_prefix="fc")))
    writer.case(case="load_filter_prefix", filter_prefix="fc",
                loaded_keys=list(ms.load_checkpoint(path, filter_prefix="fc")))
    target = build_net()
    for p in target.get_parameters():
        p.set_data(Tensor(np.zeros(p.shape, np.float32)))
    returned = ms.load_checkpoint(path, net=target)
    writer.case(case="load_with_net", returned_keys=list(returned),
                net_matches_file=all(np.array_equal(p.asnumpy(), returned[p.name].asnumpy())
                                     for p in target.get_parameters()))

    full = ms.load_checkpoint(path)
    partial = {"fc.weight": full["fc.weight"], "bn.gamma": full["bn.gamma"],
               "extra": Parameter(Tensor(np.ones(2, np.float32)), name="extra")}
    cases = {
        "full": lambda: ms.load_param_into_net(build_net(), full),
        "partial": lambda: ms.load_param_into_net(build_net(), partial),
        "partial_strict": lambda: ms.load_param_into_net(build_net(), partial, strict_load=True),
        "empty_dict": lambda: ms.load_param_into_net(build_net(), {}),
    }
    for name, call in cases.items():
        result = call()
        writer.case(case=f"load_param_into_net_{name}", returns=json_safe(result),
                    return_type=type(result).__name__, item_types=[type(r).__name__ for r in result])
    bad_shape = dict(full, **{"fc.weight": Parameter(Tensor(np.ones((4, 2), np.float32)), name="fc.weight")})
    bad_dtype = dict(full, **{"fc.bias": Parameter(Tensor(np.ones(3, np.float16)), name="fc.bias")})
    dtype_net = build_net()
    writer.case(case="load_param_into_net_shape_mismatch",
                error=capture_error(lambda: ms.load_param_into_net(build_net(), bad_shape)))
    writer.case(case="load_param_into_net_dtype_mismatch",
                returns=json_safe(ms.load_param_into_net(dtype_net, bad_dtype)),
                bias_dtype_after=str(dtype_net.fc.bias.dtype))
    writer.case(case="load_param_into_net_tensor_value",
                error=capture_error(lambda: ms.load_param_into_net(build_net(), {"fc.bias": Tensor(np.ones(3))})))

    damaged = {
        "truncated": net_bytes[: len(net_bytes) // 2],
        "random_bytes": np.random.RandomState(SEED + 2).bytes(64),
        "empty_file": b"",
    }
    for name, data in damaged.items():
        file_path = directory / f"{name}.ckpt"
        file_path.write_bytes(data)
        writer.case(case=f"load_{name}", file_bytes=len(data),
                    error=scrub(capture_error(lambda: ms.load_checkpoint(str(file_path))), directory),
                    note="the file lived in a temporary folder, shown as <dir>")
    corrupted = bytearray((CKPT_DIR / "crc.ckpt").read_bytes())
    corrupted[40] ^= 0x01
    (directory / "crc_bad.ckpt").write_bytes(bytes(corrupted))
    writer.case(case="load_crc_mismatch", flipped_byte=40,
                error=scrub(capture_error(lambda: ms.load_checkpoint(str(directory / "crc_bad.ckpt"),
                                                                     crc_check=True)), directory))
    writer.case(case="load_missing_file",
                error=scrub(capture_error(lambda: ms.load_checkpoint(str(directory / "nope.ckpt"))), directory))


def record_handwritten(writer, net_bytes, directory):
    """Write the net's entries with the spec's schema; check MindSpore loads it and bytes match."""
    import mindspore as ms

    entries = parse_entries(net_bytes)
    data = build_checkpoint(entries)
    path = fresh_path(CKPT_DIR / "handwritten.ckpt")
    path.write_bytes(data)
    loaded = ms.load_checkpoint(str(path))
    reference = ms.load_checkpoint(str(CKPT_DIR / "net.ckpt"))
    variants = {
        "packed_dims": build_packed_dims(entries),
        "lowercase_type": build_checkpoint([(t, k.lower(), d, c) for t, k, d, c in entries]),
        "scalar_with_dims_0": build_checkpoint([("s", "Float32", [0], np.float32(2.5).tobytes())]),
        "scalar_without_dims": build_checkpoint([("s", "Float32", [], np.float32(2.5).tobytes())]),
        "content_too_short": build_checkpoint([("w", "Float32", [2, 2], np.ones(3, np.float32).tobytes())]),
    }
    outcomes = {}
    for name, blob in variants.items():
        variant_path = directory / f"{name}.ckpt"
        variant_path.write_bytes(blob)
        result = {}
        try:
            got = ms.load_checkpoint(str(variant_path))
            result["loaded"] = describe_load(got)
            if name != "content_too_short":  # its missing bytes read as whatever memory held
                result["values"] = {k: v.asnumpy().tolist() for k, v in got.items()}
        except Exception as exc:  # recorded: which departures MindSpore refuses
            result["error"] = scrub(error_record(exc), directory)
        outcomes[name] = result
    writer.case(case="handwritten", kind="file", file=path.name, schema=str(spec_file_descriptor()),
                identical_bytes_to_net_ckpt=data == net_bytes, load=describe_load(loaded),
                values_equal=all(np.array_equal(loaded[k].asnumpy(), reference[k].asnumpy()) for k in reference),
                variants=outcomes,
                note="built with descriptor_pb2 + message_factory from spec §9.2 (no oneof)")


def build_packed_dims(entries):
    """Like build_checkpoint but with `dims` in packed encoding (one length-delimited field)."""
    from gen_ckpt_proto import spec_checkpoint_class

    cls = spec_checkpoint_class()
    message = cls()
    message.ParseFromString(build_checkpoint(entries))
    out = bytearray()
    for value in message.value:
        dims = b"".join(_varint(d) for d in value.tensor.dims)
        tensor = (b"\x0a" + _varint(len(dims)) + dims if dims else b"")
        tensor += _length_field(2, value.tensor.tensor_type.encode()) + _length_field(3, value.tensor.tensor_content)
        body = _length_field(1, value.tag.encode()) + _length_field(2, tensor)
        out += _length_field(1, body)
    return bytes(out)


def _varint(number):
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _length_field(field_number, payload):
    return _varint(field_number << 3 | 2) + _varint(len(payload)) + payload


def main():
    import mindspore as ms

    CKPT_DIR.mkdir(parents=True, exist_ok=True)
    writer = GoldenWriter("ckpt", "gen_ckpt.py", directory=CKPT_DIR)
    writer.meta["signatures"] = {f.__name__: signature_record(f) for f in
                                 (ms.save_checkpoint, ms.load_checkpoint, ms.load_param_into_net)}
    _, net_bytes = record_files(writer)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        record_save_variants(writer, directory)
        record_loads(writer, net_bytes, directory)
        record_handwritten(writer, net_bytes, directory)
    for path in writer.write():
        print("wrote", path)


if __name__ == "__main__":
    main()
