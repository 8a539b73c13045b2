"""Golden MindRecord files written by MindSpore 2.10, what MindSpore reads from them, and MindSpore reading ours.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_mindrecord.py
Writes tests/golden/mindrecord/: the files MindSpore's FileWriter writes for the cases in
`CASES` (16 KB headers and 32 KB pages keep them small), their `.db` indexes, and
mindrecord.json with, per case, what MindSpore's MindDataset yields (unshuffled — every
value when short — then seeded shuffles, shards and samplers — each row by `row_digest`) and FileReader yields. The same rows are then written by minispore's FileWriter
(imported from src/) into a temporary directory: the script records whether each file is byte for
byte MindSpore's, and what MindSpore's MindDataset reads from minispore's files. For the lesson's
file at MindSpore's default sizes (16 MB header, 32 MB page) only its size and SHA-256 are kept.
"""
import hashlib
import json
import os
import shutil
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "..", "..")
OUT = os.path.join(REPO, "tests", "golden", "mindrecord")

import mindspore.dataset as ds  # noqa: E402
from mindspore.mindrecord import FileReader as MsReader  # noqa: E402
from mindspore.mindrecord import FileWriter as MsWriter  # noqa: E402

sys.path.insert(0, os.path.join(REPO, "src"))
from minispore.mindrecord import FileWriter as OurWriter  # noqa: E402

# `calls`: Python over np and `rng` (a RandomState(0) per case) giving the row lists of the write_raw_data calls.
CASES = {
    "lesson": {"schema": {"file_name": {"type": "string"}, "label": {"type": "int32"},
                          "data": {"type": "int32", "shape": [-1]}},
               "calls": ["[[{'file_name': str(i) + '.jpg', 'label': i, 'data': np.array([i] * (i + 1), np.int32)}] "
                         "for i in range(4)]"]},
    "mixed": {"schema": {"f32": {"type": "float32"}, "f64": {"type": "float64"}, "i64": {"type": "int64"},
                         "s": {"type": "string"}, "img": {"type": "bytes"},
                         "arr": {"type": "float32", "shape": [2, -1]}, "ia": {"type": "int64", "shape": [3]}},
              "calls": ["[[{'f32': 0.5 + i, 'f64': 0.1 * i, 'i64': -70000 * i, 's': 'héllo' * i, "
                        "'img': bytes(range(i * 7)), 'arr': rng.rand(2, i + 1).astype(np.float32), "
                        "'ia': np.array([i, -300, 2 ** 40], np.int64)} for i in range(5)]]"]},
    "pages": {"schema": {"label": {"type": "int32"}, "img": {"type": "bytes"}},
              "calls": ["[[{'label': i, 'img': rng.randint(0, 256, 3000 + 500 * i).astype(np.uint8).tobytes()} "
                        "for i in range(k, k + 7)] for k in (0, 7, 14)]"]},
    "blobonly": {"schema": {"img": {"type": "bytes"}, "v": {"type": "float64", "shape": [2]}},
                 "calls": ["[[{'img': b'xyz' * i, 'v': np.array([i, 0.25])} for i in range(3)]]"]},
    "noblob": {"schema": {"a": {"type": "int32"}, "b": {"type": "string"}}, "index": ["b"],
               "calls": ["[[{'a': i, 'b': 'x' * i} for i in range(3)]]"]},
    "sharded": {"schema": {"a": {"type": "int32"}, "img": {"type": "bytes"}}, "shards": 3,
                "calls": ["[[{'a': i, 'img': bytes([i, i])} for i in range(9)]]"]},
    "images": {"schema": {"image": {"type": "bytes"}, "label": {"type": "int64"}, "name": {"type": "string"}},
               "calls": ["[[{'image': rng.randint(0, 256, 40).astype(np.uint8).tobytes(), 'label': i % 3, "
                         "'name': 'n%d' % i} for i in range(12)]]"]},
}


def _calls(case):
    """The lists of rows given to write_raw_data, one list per call."""
    return eval(case["calls"][0], {"np": np, "rng": np.random.RandomState(0)})


def write(writer_class, directory, name, case, default_sizes=False):
    path = os.path.join(directory, name + ".mindrecord")
    writer = writer_class(file_name=path, shard_num=case.get("shards", 1), overwrite=True)
    if not default_sizes:
        writer.set_header_size(1 << 14)
        writer.set_page_size(1 << 15)
    writer.add_schema(case["schema"], "golden " + name)
    if "index" in case:
        writer.add_index(case["index"])
    for call in _calls(case):
        writer.write_raw_data(call)
    writer.commit()
    return path


def _files(path, case):
    if case.get("shards", 1) == 1:
        return [path]
    width = len(str(case["shards"] - 1))
    return [path + str(i).rjust(width, "0") for i in range(case["shards"])]


def _value(array):
    array = np.asarray(array)
    if array.dtype.kind == "S":
        return ["S", array.dtype.name, list(array.shape), [item.hex() for item in array.reshape(-1).tolist()]]
    if array.dtype.kind == "f":
        return ["float", array.dtype.name, list(array.shape), array.reshape(-1).astype(np.float64).tolist()]
    return [array.dtype.kind, array.dtype.name, list(array.shape), array.reshape(-1).tolist()]


def row_digest(values):
    """A short fingerprint of a row's values (the sampler cases record rows by it)."""
    return hashlib.sha1(json.dumps(values).encode()).hexdigest()[:16]


def read(path, digests=True, **kwargs):
    seed = kwargs.pop("seed", 5)
    epochs = kwargs.pop("epochs", 1)
    ds.config.set_seed(seed)
    dataset = ds.MindDataset(path, **kwargs)
    iterator = dataset.create_tuple_iterator(num_epochs=epochs, output_numpy=True)
    passes = [[[_value(v) for v in row] for row in iterator] for _ in range(epochs)]
    if digests:
        passes = [[row_digest(row) for row in rows] for rows in passes]
    return {"columns": dataset.get_col_names(), "size": dataset.get_dataset_size(), "passes": passes}


READS = [
    {"shuffle": False},
    {"shuffle": False, "columns_list": None},
    {"seed": 5, "epochs": 2},
    {"seed": 77, "epochs": 2, "shuffle": True},
    {"seed": 5, "num_samples": 3},
    {"shuffle": False, "num_samples": 2},
    {"seed": 5489, "num_shards": 2, "shard_id": 0, "epochs": 2},
    {"seed": 5489, "num_shards": 2, "shard_id": 1, "epochs": 2},
    {"seed": 9, "num_shards": 3, "shard_id": 2, "epochs": 2},
    {"shuffle": False, "num_shards": 2, "shard_id": 1},
    {"seed": 5, "shuffle": ds.Shuffle.FILES, "epochs": 2},
    {"seed": 5, "shuffle": ds.Shuffle.INFILE, "epochs": 2},
    {"sampler": "ds.SequentialSampler(1, 2)"},
    {"sampler": "ds.DistributedSampler(2, 0, shuffle=False)"},
]


def _read_cases(path, schema):
    results = []
    for options in READS:
        options = dict(options)
        if "columns_list" in options:
            options["columns_list"] = sorted(schema)[::-1]
        label = {k: (v.value if isinstance(v, ds.Shuffle) else v) for k, v in options.items()}
        if "sampler" in options:
            options["sampler"] = eval(options["sampler"], {"ds": ds})
        try:
            result = read(path, **options)
            full = read(path, digests=False, **options)
            if not results and len(json.dumps(full)) < 20000:  # the first, unshuffled read: every value
                result = full
        except Exception as error:  # recorded: MindSpore's refusal
            result = {"error": type(error).__name__}
        results.append({"options": label, "result": result})
    return results


def _sha(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _reader_rows(path):
    reader = MsReader(path)
    rows = []
    for item in reader.get_next():
        rows.append({k: (["bytes", hashlib.sha1(v).hexdigest()] if isinstance(v, bytes) else _value(v)
                         if isinstance(v, np.ndarray) else [type(v).__name__, v]) for k, v in sorted(item.items())})
    reader.close()
    return rows


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    record = {"cases": {}}
    with tempfile.TemporaryDirectory() as ours:
        for name, case in CASES.items():
            path = write(MsWriter, OUT, name, case)
            mine = write(OurWriter, ours, name, case)
            first = _files(path, case)[0]
            entry = {"schema": case["schema"], "files": [os.path.basename(p) for p in _files(path, case)],
                     "reads": _read_cases(first, case["schema"]), "file_reader": _reader_rows(first)}
            entry["minispore_bytes_equal"] = all(_sha(a) == _sha(b) for a, b in zip(_files(path, case),
                                                                                   _files(mine, case)))
            entry["mindspore_reads_minispore"] = read(_files(mine, case)[0], shuffle=False)
            record["cases"][name] = entry
            print(name, entry["minispore_bytes_equal"], entry["mindspore_reads_minispore"] == read(
                first, shuffle=False), file=sys.stderr)
        # MindSpore's default sizes (16 MB header, 32 MB pages): only the digest is kept (the file is 48 MB)
        os.makedirs(os.path.join(ours, "ms"))
        os.makedirs(os.path.join(ours, "mine"))
        default = write(MsWriter, os.path.join(ours, "ms"), "default_sizes", CASES["lesson"], default_sizes=True)
        mine = write(OurWriter, os.path.join(ours, "mine"), "default_sizes", CASES["lesson"], default_sizes=True)
        record["default_sizes"] = {"size": os.path.getsize(default), "sha256": _sha(default),
                                   "minispore_sha256_equal": _sha(mine) == _sha(default)}
    for name in os.listdir(OUT):
        os.chmod(os.path.join(OUT, name), 0o644)
    with open(os.path.join(OUT, "mindrecord.json"), "w") as handle:
        json.dump(record, handle, indent=1, ensure_ascii=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
