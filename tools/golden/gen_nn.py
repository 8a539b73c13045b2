"""Shared recording for the nn golden generators; run directly to regenerate all of them.

The generators gen_nn_layers.py, gen_nn_recurrent.py, gen_nn_structure.py, gen_nn_losses.py and
gen_init.py import this module for the Recorder and the layer-case recipe. Run with the reference
venv from /work/main:  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_nn.py
"""
import inspect
import json
import os
import re
import zlib

import numpy as np
import mindspore as ms
from mindspore import nn

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "golden")
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def case_rng(case):
    """RandomState seeded from the case name, so a case's data does not depend on case order."""
    return np.random.RandomState(zlib.crc32(case.encode()))


def clean_repr(obj):
    """repr() with object addresses replaced by '0x...' (they change from run to run)."""
    return ADDRESS.sub("0x...", repr(obj))


def signature_of(fn):
    """inspect.signature text without 'self'; mindspore.common.dtype values print as e.g. mindspore.float32."""
    sig = inspect.signature(fn)
    params = [p for name, p in sig.parameters.items() if name != "self"]
    return str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))


def param_table(cell):
    """Every parameter in parameters_and_names order: path, name, shape, dtype, requires_grad."""
    return [{"path": path, "name": p.name, "shape": list(p.shape), "dtype": str(p.dtype),
             "requires_grad": bool(p.requires_grad)}
            for path, p in cell.parameters_and_names()]


def flatten_output(out, prefix=""):
    """Nested tuples of Tensors -> ([(name, Tensor or None)], structure); names are index paths."""
    if isinstance(out, (tuple, list)):
        leaves, structure = [], []
        for i, item in enumerate(out):
            sub_leaves, sub_structure = flatten_output(item, f"{prefix}{i}.")
            leaves += sub_leaves
            structure.append(sub_structure)
        return leaves, structure
    name = prefix[:-1] if prefix else "0"
    if out is None:
        return [(name, None)], None
    return [(name, out)], "Tensor"


def describe_error(exc):
    """{'type', 'message'} of an exception: its first lines, without C++ stack or addresses."""
    head = []
    for line in str(exc).splitlines():
        if line.startswith("----") or line.startswith("- C++ Call Stack") or line.startswith("[WARNING]"):
            break
        if line.strip():
            head.append(line)
    return {"type": type(exc).__name__, "message": ADDRESS.sub("0x...", "\n".join(head[:4]))}


def error_gist(fn):
    """Call fn expecting an exception and describe it; a call that succeeds is reported as such."""
    try:
        fn()
    except Exception as exc:  # the point is to record whichever exception MindSpore raises
        return describe_error(exc)
    return {"type": None, "message": "no error raised"}


class Recorder:
    """Collects arrays and case metadata for one golden group and writes <group>.npz/.json."""

    def __init__(self, group, generator):
        self.group = group
        self.arrays = {}
        self.meta = {"group": group, "mindspore_version": ms.__version__,
                     "generator": generator, "cases": []}

    def array(self, case, role, name, value):
        """Store one array under '<case>/<role>/<name>' in the dtype it came in."""
        if isinstance(value, ms.Tensor):
            value = value.asnumpy()
        value = np.array(value, copy=True)  # asnumpy() can alias a buffer a later call updates in place
        key = f"{case}/{role}/{name}"
        if key in self.arrays:
            raise KeyError(f"duplicate golden key {key}")
        self.arrays[key] = value

    def case(self, entry):
        """Append one case's metadata (a dict with at least 'case')."""
        if any(c["case"] == entry["case"] for c in self.meta["cases"]):
            raise KeyError(f"duplicate case {entry['case']}")
        self.meta["cases"].append(entry)

    def attempt(self, case, record, refused_entry):
        """Run record(); if MindSpore raises, drop the case's arrays and store refused_entry + 'error'."""
        before = set(self.arrays)
        try:
            return record()
        except Exception as exc:  # a refusal is itself the golden fact to keep
            for key in set(self.arrays) - before:
                del self.arrays[key]
            self.meta["cases"] = [c for c in self.meta["cases"] if c["case"] != case]
            gist = describe_error(exc)
            print(f"  {case}: MindSpore raised {gist['type']}: {gist['message'].splitlines()[0][:150]}")
            self.case(dict(refused_entry, error=gist))
            return None

    def save(self):
        """Write tests/golden/<group>.npz and .json; prints their sizes."""
        os.makedirs(GOLDEN_DIR, exist_ok=True)
        npz = os.path.join(GOLDEN_DIR, f"{self.group}.npz")
        js = os.path.join(GOLDEN_DIR, f"{self.group}.json")
        if self.arrays:
            np.savez_compressed(npz, **self.arrays)
        with open(js, "w") as f:
            json.dump(self.meta, f, indent=1)
            f.write("\n")
        sizes = [os.path.getsize(p) for p in (npz, js) if os.path.exists(p)]
        print(f"{self.group}: {len(self.meta['cases'])} cases, {len(self.arrays)} arrays, "
              f"{sum(sizes) / 1024:.1f} KiB")


def default_param_value(path, shape, rng):
    """Deterministic weights: U(-0.5, 0.5), but scale-like params near 1 and variances positive."""
    leaf = path.split(".")[-1]
    if leaf in ("gamma", "moving_variance", "variance"):
        return rng.uniform(0.5, 1.5, shape).astype(np.float32)
    return rng.uniform(-0.5, 0.5, shape).astype(np.float32)


def set_params(rec, case, cell, rng):
    """Overwrite every parameter of cell with fixed values and store them as role 'param'."""
    for path, p in cell.parameters_and_names():
        value = default_param_value(path, tuple(p.shape), rng).astype(p.asnumpy().dtype)
        p.set_data(ms.Tensor(value.copy()))
        rec.array(case, "param", path, value)


def grads_of(fn, tensors, grad_names, cell, douts):
    """Gradients of sum(out_i * dout_i) wrt the named inputs and every trainable parameter."""
    names = [n for n, _ in tensors]
    positions = tuple(names.index(n) for n in grad_names)
    weights = cell.trainable_params()

    def objective(*xs):
        leaves, _ = flatten_output(fn(*xs))
        total = None
        for name, t in leaves:
            if t is None or douts.get(name) is None:
                continue
            term = (t * douts[name]).sum()
            total = term if total is None else total + term
        return total

    args = [t for _, t in tensors]
    if not positions and not weights:
        return {}, {}
    if positions:
        _, grads = ms.value_and_grad(objective, grad_position=positions, weights=weights)(*args)
        in_grads, w_grads = grads
        if len(positions) == 1:
            in_grads = (in_grads,)
    else:
        _, w_grads = ms.value_and_grad(objective, grad_position=None, weights=weights)(*args)
        in_grads = ()
    input_grads = dict(zip(grad_names, in_grads))
    param_paths = {id(p): path for path, p in cell.parameters_and_names()}
    weight_grads = {param_paths[id(p)]: g for p, g in zip(weights, w_grads)}
    return input_grads, weight_grads


def record_layer(rec, case, layer, kwargs, inputs, *, build=None, call=None, call_text=None,
                 train=False, grad_inputs=None, keep_params=False,
                 state=(), note=None, extra=None):
    """Build a layer, set fixed weights, run it on fixed inputs and store output, grads and metadata.

    inputs: list of (name, np.ndarray) passed positionally (through `call` if given).
    build: zero-arg factory when the layer cannot be built as getattr(nn, layer)(**kwargs).
    state: parameter paths recorded (role 'state') right after the forward call.
    keep_params: leave the layer's own initial values (constant ones such as PReLU's w).
    """
    rng = case_rng(case)
    cell = build() if build else getattr(nn, layer)(**kwargs)
    cell.set_train(train)
    if keep_params:
        for path, p in cell.parameters_and_names():
            rec.array(case, "param", path, p.asnumpy())
    else:
        set_params(rec, case, cell, rng)
    tensors = []
    for name, value in inputs:
        rec.array(case, "in", name, value)
        tensors.append((name, ms.Tensor(value)))
    fn = (lambda *xs: call(cell, *xs)) if call else (lambda *xs: cell(*xs))
    out = fn(*[t for _, t in tensors])
    leaves, structure = flatten_output(out)
    douts = {}
    for name, t in leaves:
        if t is None:
            continue
        rec.array(case, "out", name, t)
        if t.dtype in (ms.float16, ms.float32, ms.float64):
            dout = rng.standard_normal(tuple(t.shape)).astype(t.asnumpy().dtype)
            rec.array(case, "dout", name, dout)
            douts[name] = ms.Tensor(dout)
    for path in state:
        rec.array(case, "state", path, dict(cell.parameters_and_names())[path])
    if grad_inputs is None:
        grad_inputs = [n for n, v in inputs if np.issubdtype(v.dtype, np.floating)]
    input_grads, weight_grads = grads_of(fn, tensors, grad_inputs, cell, douts)
    for name, g in input_grads.items():
        rec.array(case, "grad", name, g)
    for path, g in weight_grads.items():
        rec.array(case, "grad", path, g)
    entry = {"case": case, "layer": layer, "kwargs": kwargs, "train": train,
             "inputs": [n for n, _ in inputs], "grad_inputs": list(grad_inputs),
             "call": call_text or f"net({', '.join(n for n, _ in inputs)})",
             "out_structure": structure,
             "out_dtypes": {n: str(t.dtype) for n, t in leaves if t is not None},
             "repr": clean_repr(cell), "params": param_table(cell)}
    if state:
        entry["state"] = list(state)
    if note:
        entry["note"] = note
    if extra:
        entry.update(extra)
    rec.case(entry)
    return cell


def record_layer_or_error(rec, case, layer, kwargs, inputs, **opts):
    """record_layer, but a case MindSpore refuses is stored as {'error': {type, message}} instead."""
    refused = {"case": case, "layer": layer, "kwargs": kwargs, "inputs": {n: list(v.shape) for n, v in inputs}}
    return rec.attempt(case, lambda: record_layer(rec, case, layer, kwargs, inputs, **opts), refused)


def main():
    """Run every nn generator in turn (structure last: its bfloat16 probe upsets later MatMuls)."""
    import gen_init
    import gen_nn_layers
    import gen_nn_losses
    import gen_nn_recurrent
    import gen_nn_structure
    for module in (gen_nn_layers, gen_nn_recurrent, gen_nn_losses, gen_init, gen_nn_structure):
        module.main()


if __name__ == "__main__":
    main()
