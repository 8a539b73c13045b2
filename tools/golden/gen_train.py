"""Shared writer for the training-layer golden fixtures, and a runner for all their generators.

Run from /work/main with the reference venv:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_train.py
runs gen_lr, gen_optim, gen_model and gen_ckpt in turn, each in its own process; each can also be
run on its own.
"""
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "tests" / "golden"


class GoldenWriter:
    """Collects npz arrays and JSON metadata for one fixture group and writes both files."""

    def __init__(self, group, generator, directory=GOLDEN_DIR):
        import mindspore

        self.group = group
        self.directory = Path(directory)
        self.arrays = {}
        self.meta = {
            "group": group,
            "generator": f"tools/golden/{generator}",
            "mindspore_version": mindspore.__version__,
            "numpy_version": np.__version__,
            "cases": [],
        }

    def array(self, key, value):
        """Store one array under "<case>/<role>/<name>"; Tensors are converted, dtype kept."""
        if key in self.arrays:
            raise KeyError(f"duplicate npz key {key}")
        self.arrays[key] = to_numpy(value)

    def case(self, **fields):
        """Append one case description to the JSON 'cases' list and return it."""
        self.meta["cases"].append(fields)
        return fields

    def write(self):
        """Write <group>.npz and <group>.json; return their paths."""
        self.directory.mkdir(parents=True, exist_ok=True)
        npz_path = self.directory / f"{self.group}.npz"
        json_path = self.directory / f"{self.group}.json"
        np.savez_compressed(npz_path, **self.arrays)
        json_path.write_text(dumps_readable(self.meta) + "\n")
        return npz_path, json_path


def dumps_readable(value, indent=""):
    """JSON with one dict key per line but lists of plain values (or of such lists) on one line."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(str(k))}: {dumps_readable(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return "[\n" + ",\n".join(inner + dumps_readable(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value)


def to_numpy(value):
    """A Tensor/Parameter/array/scalar as a NumPy array in the dtype MindSpore produced."""
    if hasattr(value, "asnumpy"):
        return value.asnumpy().copy()
    return np.asarray(value)


def error_record(exc):
    """Type and the user-facing head of an exception's text (C++ stack blocks dropped)."""
    text = str(exc)
    head = []
    for line in text.splitlines():
        if line.startswith("- The Function Call Stack") or line.startswith("- C++ Call Stack"):
            break
        if line.strip() and not set(line.strip()) <= {"-"}:
            head.append(line.rstrip())
    record = {"type": type(exc).__name__, "message": "\n".join(head)}
    if record["message"] != text:
        record["full_message"] = text
    return record


def capture_error(fn):
    """Call fn(); return None if it succeeded, else error_record of what it raised."""
    try:
        fn()
    except Exception as exc:  # the fixture records whatever MindSpore raises
        return error_record(exc)
    return None


def signature_record(func):
    """inspect.signature of func as text plus [name, default] pairs ("<required>" if none)."""
    sig = inspect.signature(func)
    params = []
    for p in sig.parameters.values():
        if p.name == "self":
            continue
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            default = "<*args>" if p.kind == p.VAR_POSITIONAL else "<**kwargs>"
        elif p.default is inspect.Parameter.empty:
            default = "<required>"
        else:
            default = json_safe(p.default)
        params.append([p.name, default])
    return {"text": str(sig), "params": params}


def json_safe(value):
    """A value as JSON-compatible data (tuples become lists, unknown objects their repr)."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return repr(value)


def tensor_info(value):
    """dtype string, shape and type name of a Tensor/Parameter."""
    return {"type": type(value).__name__, "dtype": str(value.dtype), "shape": list(value.shape)}


def pin_hash_seed():
    """Re-run this process with PYTHONHASHSEED=0 unless it has it: MindSpore iterates the metrics
    set of Model(metrics={'accuracy', 'loss'}), so printed dict order depends on string hashing."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))


GENERATORS = ("gen_lr.py", "gen_optim.py", "gen_model.py", "gen_ckpt.py")


def main():
    """Run every training-layer generator, each in its own process: MindSpore re-raises kernel
    errors asynchronously and numbers unnamed Parameters per process, so runs must not share one."""
    here = Path(__file__).resolve().parent
    failed = []
    for name in GENERATORS:
        print(f"== {name}", flush=True)
        done = subprocess.run([sys.executable, str(here / name)], env=dict(os.environ, PYTHONHASHSEED="0"))
        if done.returncode != 0:
            failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
