"""Golden decisions for the fuzz suite: what MindSpore 2.10 raises or returns for doubtful inputs.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_fuzz_decisions.py
Writes tests/golden/fuzz_decisions.json:
- `dtype_rules`: for every unary, binary (two Tensors of one dtype) and reduction op in the fuzz
  suite and each of 8 dtypes, the result dtype MindSpore gives (`"Float32"`, ...) or the exception
  type it raises (`"error:TypeError"`). The fuzz oracles take result dtypes from here.
- `cases`: doubtful calls (out-of-range axes, bad counts, empty and 0-d inputs, NaN, integer
  inputs to losses, the issue's reproductions ...). Each has `expr`, a Python expression over the
  names of `PRELUDE` that both frameworks evaluate, and either `error` (type, first line of the
  message) or `result`: a Tensor as {dtype, shape, value}, a tuple as a list of those, or a Python
  value. NaN and infinities are written as JSON's NaN/Infinity.
"""
import json
import os
import sys

import numpy as np
import mindspore as ms
from mindspore import nn, ops, Tensor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
from tests.fuzz.decisions import BINARY, CASES, DTYPES, PRELUDE, REDUCTIONS, UNARY  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "tests", "golden", "fuzz_decisions.json")


def encode(value):
    if isinstance(value, Tensor):
        array = value.asnumpy()
        values = [[float(v.real), float(v.imag)] for v in array.reshape(-1)] if array.dtype.kind == "c" \
            else array.tolist()
        return {"dtype": str(value.dtype), "shape": list(array.shape), "value": values}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return repr(value)


def flush(namespace):
    """Let an error of an asynchronous kernel surface now (MindSpore re-raises it at later ops)."""
    for _ in range(10):
        try:
            eval("(ops.sum(Tensor([1.0, 2.0]), 0) + ops.amax(x, -2).sum()).asnumpy()", dict(namespace))  # noqa: S307
            return
        except Exception:  # noqa: BLE001
            pass


def run(expr, namespace):
    """The outcome of `expr`; an error is confirmed by a second run after flushing stale errors."""
    first = run_once(expr, namespace)
    if "error" not in first:
        return first
    flush(namespace)
    second = run_once(expr, namespace)
    flush(namespace)
    return second


def run_once(expr, namespace):
    try:
        result = eval(expr, dict(namespace))  # noqa: S307 - fixed expressions from decisions.py
        if isinstance(result, Tensor):
            result.asnumpy()  # errors of asynchronous kernels surface here
        return {"result": encode(result)}
    except Exception as error:  # noqa: BLE001 - recording what MindSpore raises is the point
        return {"error": [type(error).__name__, str(error).strip().split("\n")[0][:300]]}


def dtype_rule(call, dtype, namespace):
    outcome = run(call.format(x=f"T('{dtype}')", y=f"T('{dtype}')"), namespace)
    if "error" in outcome:
        return "error:" + outcome["error"][0]
    result = outcome["result"]
    return result["dtype"] if isinstance(result, dict) else [r["dtype"] for r in result]


# Files already in a ModelCheckpoint directory -> the prefix MindSpore 2.10 then writes with (prefix "net").
CKPT_PREFIX_SCENARIOS = [
    [], ["net-1_1.ckpt"], ["net-1_1.ckpt", "net_1-1_1.ckpt"], ["net_5-1_1.ckpt"], ["netx-1_1.ckpt"],
    ["net-1_1.safetensors"], ["net-1_1_breakpoint.ckpt"], ["net.ckpt"], ["net_a-1_1.ckpt"], ["other.txt"],
    ["net-graph.meta"], ["net_2-1_1.ckpt", "net_10-3_4.ckpt"], ["net1-1_1.ckpt"], ["net--1.ckpt"],
]


def checkpoint_prefixes():
    """What ModelCheckpoint(prefix='net', directory=d) writes after a restart, for each set of old files."""
    import tempfile
    from mindspore.train import ModelCheckpoint
    results = []
    for files in CKPT_PREFIX_SCENARIOS:
        with tempfile.TemporaryDirectory() as directory:
            for name in files:
                open(os.path.join(directory, name), "wb").close()
            callback = ModelCheckpoint(prefix="net", directory=directory)
            results.append({"files": files, "prefix": callback._prefix})
    return results


def main():
    ms.set_context(mode=ms.PYNATIVE_MODE)
    namespace = {"ms": ms, "ops": ops, "nn": nn, "Tensor": Tensor, "np": np}
    exec(PRELUDE, namespace)  # noqa: S102 - the shared prelude of decisions.py
    rules = {}
    for table in (UNARY, BINARY, REDUCTIONS):
        for name, call in table.items():
            rules[name] = {dtype: dtype_rule(call, dtype, namespace) for dtype in DTYPES}
    cases = {}
    for case_id, expr in CASES.items():
        cases[case_id] = dict(expr=expr, **run(expr, namespace))
    with open(OUT, "w") as handle:
        json.dump({"mindspore": ms.__version__, "dtypes": list(DTYPES), "dtype_rules": rules, "cases": cases,
                   "checkpoint_prefixes": checkpoint_prefixes()},
                  handle, indent=1, sort_keys=True)
    print(f"wrote {OUT}: {len(rules)} dtype rules, {len(cases)} cases")


if __name__ == "__main__":
    main()
