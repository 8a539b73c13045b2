"""Golden fixtures for the extra functional ops (acos ... unique): values, dtypes, shapes, gradients.

Run with the reference venv from /work/main:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_extra_ops.py
Writes tests/golden/extra_ops.npz and extra_ops.json. Each case has `call`, a Python expression over
`ops`, `ms` and its named inputs (stored under "<case>/in/<name>") that both frameworks evaluate.
Outputs (one Tensor or a tuple) go to "<case>/out/<i>" with their dtype names and shapes in the JSON;
for the inputs named in `grad`, the gradient of sum(out * dout) (dout fixed, "<case>/dout/0") goes to
"<case>/grad/<name>". A call that raises records the exception's type instead.
"""
import json
import os

import numpy as np
import mindspore as ms
from mindspore import ops, Tensor

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "..", "tests", "golden")
rng = np.random.RandomState(20)


def f32(*shape, low=-2.0, high=2.0):
    return rng.uniform(low, high, shape).astype(np.float32)


UNIT = f32(3, 4, low=-0.9, high=0.9)
MATRIX = np.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]], np.float32)
MASK = np.array([[True, False, True], [False, True, False]])

# (case, call, inputs, names of inputs to differentiate)
CASES = [
    ("acos", "ops.acos(x)", {"x": UNIT}, ["x"]),
    ("asin", "ops.asin(x)", {"x": UNIT}, ["x"]),
    ("acos_f64", "ops.acos(x)", {"x": UNIT.astype(np.float64)}, ["x"]),
    ("asin_f16", "ops.asin(x)", {"x": UNIT.astype(np.float16)}, []),
    ("sinh", "ops.sinh(x)", {"x": f32(3, 4)}, ["x"]),
    ("cosh", "ops.cosh(x)", {"x": f32(3, 4)}, ["x"]),
    ("acos_int", "ops.acos(x)", {"x": np.array([1, 0], np.int32)}, []),
    ("trunc", "ops.trunc(x)", {"x": np.array([1.7, -1.7, 2.5, -0.2, 0.0], np.float32)}, ["x"]),
    ("trunc_int", "ops.trunc(x)", {"x": np.array([3, -2], np.int32)}, []),
    ("xlogy", "ops.xlogy(x, y)", {"x": f32(3, 4), "y": f32(4, low=0.3)}, ["x", "y"]),
    ("xlogy_zero", "ops.xlogy(x, y)", {"x": np.array([0.0, 1.0, 0.0], np.float32),
                                        "y": np.array([0.0, 2.0, 3.0], np.float32)}, []),
    ("xlogy_int_float", "ops.xlogy(x, y)", {"x": np.array([1, 2], np.int32),
                                             "y": np.array([2.0, 3.0], np.float32)}, []),
    ("xlogy_scalar", "ops.xlogy(2, y)", {"y": np.array([1.0, 2.0], np.float32)}, ["y"]),
    ("xlogy_int_int", "ops.xlogy(x, y)", {"x": np.array([1, 2], np.int32), "y": np.array([2, 3], np.int32)}, []),
    ("argsort", "ops.argsort(x)", {"x": MATRIX}, []),
    ("argsort_desc_axis0", "ops.argsort(x, axis=0, descending=True)", {"x": MATRIX}, []),
    ("argsort_desc_ties", "ops.argsort(x, descending=True)", {"x": np.array([1, 1, 0, 1], np.float32)}, []),
    ("argsort_int_method", "x.argsort()", {"x": np.array([3, 1, 2], np.int32)}, []),
    ("clip_by_value", "ops.clip_by_value(x, 1.0, 3.0)", {"x": np.array([0.0, 1.0, 2.0, 3.0, 4.0], np.float32)},
     ["x"]),
    ("clip_by_value_tensors", "ops.clip_by_value(x, lo, hi)",
     {"x": f32(3, 4), "lo": np.array(-0.5, np.float32), "hi": np.array(0.5, np.float32)}, ["x"]),
    ("clip_by_value_max_only", "ops.clip_by_value(x, None, 2)", {"x": MATRIX}, ["x"]),
    ("clip_by_value_int_float_bounds", "ops.clip_by_value(x, 2.5, 6.5)", {"x": np.array([1, 5, 9], np.int32)}, []),
    ("clip_by_value_list", "ops.clip_by_value([x, y], 1, 2)", {"x": MATRIX, "y": f32(2)}, []),
    ("clip_by_value_none", "ops.clip_by_value(x)", {"x": MATRIX}, []),
    ("cumprod", "ops.cumprod(x, 1)", {"x": f32(3, 4, low=0.3)}, ["x"]),
    ("cumprod_neg_dim", "ops.cumprod(x, -3)", {"x": f32(3, 2, 2)}, ["x"]),
    ("cumprod_int", "ops.cumprod(x, 0)", {"x": np.array([1, 2, 3], np.int32)}, []),
    ("cumprod_dtype", "ops.cumprod(x, 0, dtype=ms.float64)", {"x": MATRIX}, []),
    ("cumprod_method", "x.cumprod(0)", {"x": MATRIX}, []),
    ("diag_1d", "ops.diag(x)", {"x": f32(3)}, ["x"]),
    ("diag_2d", "ops.diag(x)", {"x": f32(2, 3)}, ["x"]),
    ("diag_int", "ops.diag(x)", {"x": np.array([1, 2], np.int32)}, []),
    ("isclose", "ops.isclose(x, y)", {"x": np.array([1.0, 2.0, np.nan, np.inf], np.float32),
                                      "y": np.array([1.0, 2.00001, np.nan, np.inf], np.float32)}, []),
    ("isclose_nan_atol", "ops.isclose(x, y, atol=0.2, equal_nan=True)",
     {"x": np.array([1.0, 2.0, np.nan], np.float32), "y": np.array([1.1, 2.5, np.nan], np.float32)}, []),
    ("isclose_broadcast_int", "ops.isclose(x, y)", {"x": np.array([[1], [2]], np.int32),
                                                    "y": np.array([1, 2], np.int32)}, []),
    ("isclose_mixed", "ops.isclose(x, y)", {"x": np.array([1, 2], np.int32), "y": np.array([1.0, 3.0], np.float32)},
     []),
    ("masked_select", "ops.masked_select(x, m)", {"x": f32(2, 3), "m": MASK}, ["x"]),
    ("masked_select_broadcast", "ops.masked_select(x, m)", {"x": f32(2, 3), "m": MASK[0]}, ["x"]),
    ("masked_select_method", "x.masked_select(m)", {"x": f32(3), "m": MASK}, ["x"]),
    ("nonzero", "ops.nonzero(x)", {"x": MATRIX}, []),
    ("nonzero_bool_method", "x.nonzero()", {"x": MASK}, []),
    ("nonzero_empty", "ops.nonzero(x)", {"x": np.zeros(3, np.float32)}, []),
    ("randperm_dtype", "ops.randperm(4, seed=1, dtype=ms.float32).sort()[0]", {}, []),
    ("randperm_zero", "ops.randperm(0)", {}, []),
    ("tensor_dot", "ops.tensor_dot(x, y, ((1, 2), (1, 0)))", {"x": f32(2, 3, 4), "y": f32(4, 3, 5)}, ["x", "y"]),
    ("tensor_dot_int_axes", "ops.tensor_dot(x, y, 1)", {"x": f32(2, 3), "y": f32(3, 4)}, ["x", "y"]),
    ("tensor_dot_outer", "ops.tensor_dot(x, y, 0)", {"x": f32(2), "y": f32(3)}, ["x", "y"]),
    ("tensor_dot_full", "ops.tensor_dot(x, y, 2)", {"x": f32(2, 3), "y": f32(2, 3)}, ["x", "y"]),
    ("tensor_dot_pair_ints", "ops.tensor_dot(x, y, (-1, 0))", {"x": f32(2, 3), "y": f32(3, 2)}, ["x", "y"]),
    ("tensor_dot_mismatch", "ops.tensor_dot(x, y, 1)", {"x": f32(2, 3), "y": f32(4, 2)}, []),
    ("unique", "ops.unique(x)", {"x": np.array([5, 3, 5, 9, 1, 3, 0, 9, 2], np.int64)}, []),
    ("unique_2d_float", "ops.unique(x)", {"x": np.array([[2.0, 1.0], [2.0, 0.5]], np.float32)}, []),
    ("unique_int32", "ops.unique(x)", {"x": np.array([3, 1, 2, 1, 3, 5], np.int32)}, []),
]


def outputs(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


def flush_stale_error():
    """A failed kernel's error is re-raised by the next few ops in PyNative mode: run dummies until clean."""
    for _ in range(10):
        try:
            (Tensor(np.ones(1, np.float32)) + 1).asnumpy()
            return
        except Exception:  # the stale error itself
            continue


def record(case, call, inputs, grad_names, arrays):
    tensors = {name: Tensor(a) for name, a in inputs.items()}
    for name, a in inputs.items():
        arrays[f"{case}/in/{name}"] = a
    entry = {"case": case, "call": call, "inputs": sorted(inputs), "grad": grad_names}
    try:
        outs = outputs(eval(call, {"ops": ops, "ms": ms}, dict(tensors)))
        values = [o.asnumpy() for o in outs]  # kernels run lazily: a failure shows up here
    except Exception as error:  # the recorded behaviour is the exception's type
        entry["error"] = type(error).__name__
        flush_stale_error()
        return entry
    entry["dtypes"] = [str(o.dtype) for o in outs]
    entry["shapes"] = [list(o.shape) for o in outs]
    entry["container"] = "tuple" if len(outs) > 1 or call.startswith("ops.clip_by_value([") else None
    for i, v in enumerate(values):
        arrays[f"{case}/out/{i}"] = v
    if grad_names:
        dout = rng.uniform(-1.0, 1.0, outs[0].shape).astype(values[0].dtype)
        arrays[f"{case}/dout/0"] = dout
        names = sorted(tensors)
        positions = tuple(names.index(n) for n in grad_names)

        def loss(*xs):
            env = dict(zip(names, xs))
            return (eval(call, {"ops": ops, "ms": ms}, env) * Tensor(dout)).sum()

        grads = ms.grad(loss, grad_position=positions)(*[tensors[n] for n in names])
        grads = grads if isinstance(grads, tuple) else (grads,)
        for name, g in zip(grad_names, grads):
            arrays[f"{case}/grad/{name}"] = g.asnumpy()
    return entry


def main():
    arrays, entries = {}, []
    for case, call, inputs, grad_names in CASES:
        entries.append(record(case, call, inputs, grad_names, arrays))
    np.savez_compressed(os.path.join(GOLDEN_DIR, "extra_ops.npz"), **arrays)
    with open(os.path.join(GOLDEN_DIR, "extra_ops.json"), "w") as f:
        json.dump({"generator": "tools/golden/gen_extra_ops.py", "mindspore": ms.__version__,
                   "cases": entries}, f, indent=1)


if __name__ == "__main__":
    main()
