"""Golden MindIR fixtures, both directions between MindSpore 2.10 and minispore.

Run from the repository root with the reference venv:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_mindir.py

It imports minispore from src/ beside MindSpore (both run on NumPy 1.26) and builds every network of
tests/train/mindir_nets.py on both frameworks with the same weights. Writes tests/golden/mindir/:
- schema.json: MindSpore's mind_ir schema as its own mind_ir_pb2 declares it (messages with their
  fields, enums with their values), to check minispore's runtime schema against.
- ms_<case>.mindir: the network exported by MindSpore (`ms.export(..., file_format="MINDIR")`); also
  the MINDSPORE_ONLY networks (written with MindSpore's own spellings), recorded under `mindspore_only`.
- golden.npz: `<case>/in<i>` the inputs; `<case>/ms<j>` MindSpore's outputs when it loads its own
  file (`ms.load` + `nn.GraphCell`); `<case>/ours<j>` MindSpore's outputs when it loads the file
  minispore exports from the same network.
- golden.json: per case the primitives of minispore's file in node order as MindSpore's mind_ir_pb2
  reads them (`ours_primitives`), those of MindSpore's own file (`ms_primitives`), and the largest
  difference between the two outputs on MindSpore.
- golden.npz `split/out0`, golden.json `split_file`: MindSpore's output on the MLP minispore writes as
  a large model (Parameters in `big_variables/data_0` beside `big_graph.mindir`), and those files.
- ops.npz / ops.json: for each primitive case of tests/train/mindir_op_cases.py, the inputs
  (`<name>/in<i>`) and MindSpore's outputs on the file minispore exports (`<name>/out<j>`); the JSON has
  the file's primitives and the largest difference from minispore's own outputs.
"""
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "tests" / "golden" / "mindir"
NETS = ROOT / "tests" / "train" / "mindir_nets.py"
SKIP_OPS = {"Load", "UpdateState", "Depend", "MakeTuple"}


def load_nets(framework, tag):
    """tests/train/mindir_nets.py with `framework`'s names injected (MindSpore needs a real module file)."""
    spec = importlib.util.spec_from_file_location(f"mindir_nets_{tag}", NETS)
    module = importlib.util.module_from_spec(spec)
    module.__dict__.update(ms=framework, nn=framework.nn, ops=framework.ops, Tensor=framework.Tensor, np=np,
                           mint=getattr(framework, "mint", None))
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def schema_record():
    from google.protobuf import descriptor_pb2
    from mindspore.train import mind_ir_pb2

    proto = descriptor_pb2.FileDescriptorProto()
    mind_ir_pb2.DESCRIPTOR.CopyToProto(proto)
    return describe_schema(proto)


def describe_schema(proto):
    """{messages: {name: [[field, number, label, type, type_name]]}, enums: {name: [[value, number]]}}."""
    messages, enums = {}, {}

    def walk(message, prefix):
        name = prefix + message.name
        messages[name] = [[f.name, f.number, f.label, f.type, f.type_name] for f in message.field]
        for enum in message.enum_type:
            enums[name + "." + enum.name] = [[v.name, v.number] for v in enum.value]
        for nested in message.nested_type:
            walk(nested, name + ".")

    for message in proto.message_type:
        walk(message, "")
    for enum in proto.enum_type:
        enums[enum.name] = [[v.name, v.number] for v in enum.value]
    return {"package": proto.package, "messages": messages, "enums": enums}


def primitives_of(path):
    """The primitive of every computing node, in order, as MindSpore's own schema module reads the file."""
    from mindspore.train import mind_ir_pb2

    model = mind_ir_pb2.ModelProto()
    model.ParseFromString(Path(path).read_bytes())
    table = {p.name: p.op_type for p in model.primitives}
    ops = [table[n.op_type[5:]] for n in model.graph.node if n.op_type.startswith("REF::")]
    return [op for op in ops if op not in SKIP_OPS]


def outputs_list(out):
    return [o.asnumpy() for o in out] if isinstance(out, tuple) else [out.asnumpy()]


def export_split(ms, minispore, our_nets, scratch):
    """The MLP exported by minispore as a large model is (graph file + variables folder), loaded by MindSpore."""
    from minispore.train import _mindir_writer

    limit, _mindir_writer.SPLIT_BYTES = _mindir_writer.SPLIT_BYTES, 0
    try:
        inputs = our_nets.make_inputs("mlp", 1)
        minispore.export(our_nets.build("mlp"), minispore.Tensor(inputs[0]), file_name=f"{scratch}/big",
                         file_format="MINDIR")
    finally:
        _mindir_writer.SPLIT_BYTES = limit
    files = sorted(str(p.relative_to(scratch)) for p in Path(scratch).rglob("*")
                   if p.is_file() and p.relative_to(scratch).parts[0].startswith("big"))
    out = ms.nn.GraphCell(ms.load(f"{scratch}/big_graph.mindir"))(ms.Tensor(inputs[0])).asnumpy()
    print("split file:", files)
    return out, files


def export_op_cases(ms, minispore, scratch):
    """Each primitive case exported by minispore, run by MindSpore from the file."""
    sys.path.insert(0, str(NETS.parent))
    from mindir_op_cases import OP_CASES

    arrays, record = {}, {}
    for name, (fn, inputs) in OP_CASES.items():
        for i, x in enumerate(inputs):
            arrays[f"{name}/in{i}"] = x
        path = f"{scratch}/op_{name}"
        minispore.export(fn, *[minispore.Tensor(x) for x in inputs], file_name=path, file_format="MINDIR")
        theirs = outputs_list(ms.nn.GraphCell(ms.load(f"{path}.mindir"))(*[ms.Tensor(x) for x in inputs]))
        ours = outputs_list(fn(*[minispore.Tensor(x) for x in inputs]))
        for j, value in enumerate(theirs):
            arrays[f"{name}/out{j}"] = value
        diffs = [float(np.nanmax(np.abs(a.astype(np.float64) - b.astype(np.float64)))) if a.size else 0.0
                 for a, b in zip(theirs, ours)]
        record[name] = {"primitives": primitives_of(f"{path}.mindir"), "outputs": len(theirs),
                        "max_difference": max(diffs)}
        print(f"op {name}: {[o.dtype.name + str(list(o.shape)) for o in theirs]}, largest difference {max(diffs):.3g}")
    return arrays, record


def main():
    import mindspore as ms
    import minispore

    OUT.mkdir(parents=True, exist_ok=True)
    ms_nets, our_nets = load_nets(ms, "mindspore"), load_nets(minispore, "minispore")
    arrays, record = {}, {"cases": {}}
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)  # MindSpore leaves rank_0/ folders of compile notes in the working directory
        for case in ms_nets.CASES:
            inputs = ms_nets.make_inputs(case, 1)
            for i, x in enumerate(inputs):
                arrays[f"{case}/in{i}"] = x
            ms_file = OUT / f"ms_{case}"
            ms.export(ms_nets.build(case), *[ms.Tensor(x) for x in inputs], file_name=str(ms_file),
                      file_format="MINDIR")
            ms_out = outputs_list(ms.nn.GraphCell(ms.load(f"{ms_file}.mindir"))(*[ms.Tensor(x) for x in inputs]))
            ours_file = f"{scratch}/ours_{case}"
            minispore.export(our_nets.build(case), *[minispore.Tensor(x) for x in inputs], file_name=ours_file,
                             file_format="MINDIR")
            ours_out = outputs_list(ms.nn.GraphCell(ms.load(f"{ours_file}.mindir"))(*[ms.Tensor(x) for x in inputs]))
            diffs = [float(np.abs(a.astype(np.float64) - b.astype(np.float64)).max()) if a.size else 0.0
                     for a, b in zip(ms_out, ours_out)]
            for j, value in enumerate(ms_out):
                arrays[f"{case}/ms{j}"] = value
            for j, value in enumerate(ours_out):
                arrays[f"{case}/ours{j}"] = value
            record["cases"][case] = {"ms_primitives": primitives_of(f"{ms_file}.mindir"),
                                     "ours_primitives": primitives_of(f"{ours_file}.mindir"),
                                     "outputs": len(ms_out), "max_difference_on_mindspore": max(diffs)}
            print(f"{case}: {len(ms_out)} outputs, largest difference {max(diffs):.3g}")
        for case in ms_nets.MINDSPORE_ONLY:
            inputs = ms_nets.make_inputs(case, 1)
            ms_file = OUT / f"ms_{case}"
            ms.export(ms_nets.build(case), *[ms.Tensor(x) for x in inputs], file_name=str(ms_file),
                      file_format="MINDIR")
            ms_out = outputs_list(ms.nn.GraphCell(ms.load(f"{ms_file}.mindir"))(*[ms.Tensor(x) for x in inputs]))
            arrays.update({f"{case}/in{i}": x for i, x in enumerate(inputs)})
            arrays.update({f"{case}/ms{j}": value for j, value in enumerate(ms_out)})
            record["mindspore_only"] = record.get("mindspore_only", {})
            record["mindspore_only"][case] = {"ms_primitives": primitives_of(f"{ms_file}.mindir"),
                                              "outputs": len(ms_out)}
        arrays["split/out0"], record["split_file"] = export_split(ms, minispore, our_nets, scratch)
        ops_arrays, ops_record = export_op_cases(ms, minispore, scratch)
    np.savez(OUT / "ops.npz", **ops_arrays)
    (OUT / "ops.json").write_text(json.dumps({"cases": ops_record}, indent=1) + "\n")
    (OUT / "schema.json").write_text(json.dumps(schema_record(), indent=1) + "\n")
    (OUT / "golden.json").write_text(json.dumps(record, indent=1) + "\n")
    np.savez(OUT / "golden.npz", **arrays)


if __name__ == "__main__":
    main()
