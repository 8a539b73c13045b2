"""Golden fixtures for functional autodiff: seed program, grad return structures, higher order, op grads.

Run with the reference venv from /work/main:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_autodiff.py
Writes tests/golden/autodiff.npz and autodiff.json. Two kinds of case:
- "snippet": a self-contained program (SNIPPET_IMPORTS + a shared prelude + `code`, which binds
  its inputs as literals) that assigns `result`, recorded as `structure` (see encode()) with its
  tensors under "<case>/out/<path>"; a raised exception is recorded instead.
- "op": `call` is an expression over the named inputs; the gradient of sum(out_i * dout_i) wrt
  every float input is stored under "<case>/grad/<input name>" (golden-format convention).
"""
import atexit
import contextlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
import types
import warnings
import zlib

import numpy as np
import mindspore as ms
from mindspore import nn, ops, Tensor, Parameter

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "..", "tests", "golden")
SEED_PROGRAM = "/work/shared/seed/functional_autodiff.py"
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
FLOAT_DTYPES = (ms.float16, ms.float32, ms.float64, ms.bfloat16)
SNIPPET_DIR = tempfile.mkdtemp(prefix="golden_autodiff_")  # snippets live in files: MindSpore parses their source
atexit.register(shutil.rmtree, SNIPPET_DIR, ignore_errors=True)

ARRAYS = {}
CASES = []


def case_rng(case):
    """RandomState seeded from the case name, so a case's data does not depend on case order."""
    return np.random.RandomState(zlib.crc32(case.encode()))


def store(case, role, name, value):
    """Keep one array under '<case>/<role>/<name>' in the dtype it came in."""
    key = f"{case}/{role}/{name}"
    if key in ARRAYS:
        raise KeyError(f"duplicate golden key {key}")
    ARRAYS[key] = np.array(value, copy=True)


def tensor_array(t):
    """A Tensor's data as a NumPy array (bfloat16 widened to float32, which NumPy lacks)."""
    return (t.astype(ms.float32) if t.dtype == ms.bfloat16 else t).asnumpy().copy()


def encode(obj, case, path=""):
    """JSON description of a result; tensors become 'tensor:<dtype>:<shape>' and are stored.

    tuple/list -> ["tuple"|"list", item...]; dict -> {"dict": {key: item}}; int -> "int:<v>",
    float -> "float:<v>", bool -> "bool:<v>", str -> "str:<v>", None -> "none".
    A leaf's npz name is its index path: a root tensor is "0", items of a root tuple "0", "1",
    deeper ones "1.0" (the structure tells the two "0" apart).
    """
    if isinstance(obj, Parameter):
        store(case, "out", path or "0", tensor_array(obj))
        return f"parameter:{obj.dtype}:{list(obj.shape)}:{obj.name}"
    if isinstance(obj, Tensor):
        store(case, "out", path or "0", tensor_array(obj))
        return f"tensor:{obj.dtype}:{list(obj.shape)}"
    if isinstance(obj, (tuple, list)):
        prefix = path + "." if path else ""
        return [type(obj).__name__ if type(obj) in (tuple, list) else f"tuple:{type(obj).__name__}"] + [
            encode(item, case, f"{prefix}{i}") for i, item in enumerate(obj)]
    if isinstance(obj, dict):
        prefix = path + "." if path else ""
        return {"dict": {str(k): encode(v, case, f"{prefix}{k}") for k, v in obj.items()}}
    if obj is None:
        return "none"
    if isinstance(obj, (bool, int, float, str)):
        return f"{type(obj).__name__}:{obj}"
    return f"object:{type(obj).__name__}"


def error_record(exc, snippet_file=None):
    """Exception type, the first meaningful lines of its message and the snippet line raising it."""
    head = []
    for line in (ln for ln in str(exc).splitlines() if ln.strip()):
        if line.startswith(("- C++ Call Stack", "[WARNING]", "[ERROR]")):
            break
        if not line.startswith(("----", "- ")):  # MindSpore's separator and section-title lines
            head.append(line)
    record = {"type": type(exc).__name__, "message": ADDRESS.sub("0x...", "\n".join(head[:3]))}
    if snippet_file:
        lines = [f.line for f in traceback.extract_tb(exc.__traceback__) if f.filename == snippet_file]
        if lines:
            record["raised_at"] = lines[-1]
    return record


SNIPPET_IMPORTS = ("import numpy as np\nimport mindspore as ms\nfrom mindspore import nn, ops, Tensor, Parameter, "
                   "ParameterTuple\n")
PRELUDES = {}  # name -> shared function definitions, filled by the case sections below


def literal(value):
    """Python source that rebuilds a small ndarray exactly (float32 values round-trip via repr)."""
    dtype = "bool_" if value.dtype == np.bool_ else value.dtype.name  # np.bool is missing in NumPy 1.26
    return f"np.array({value.tolist()!r}, np.{dtype})"


def input_lines(inputs, params, ndarrays):
    """Assignments binding the inputs (Tensors, or ndarrays for names in ndarrays) and Parameters."""
    lines = []
    for name, value in inputs.items():
        lines.append(f"{name} = {literal(value)}" if name in ndarrays else f"{name} = Tensor({literal(value)})")
    for name, spec in params.items():
        value, requires_grad = spec if isinstance(spec, tuple) else (spec, True)
        flag = "" if requires_grad else ", requires_grad=False"
        lines.append(f"{name} = Parameter(Tensor({literal(value)}), name={name!r}{flag})")
    return "".join(line + "\n" for line in lines)


def run_snippet(case, body, inputs=None, params=None, ndarrays=(), prelude=None, note=None):
    """Run a self-contained program and record its `result` (or exception, warnings, stdout).

    The recorded program is SNIPPET_IMPORTS + PRELUDES[prelude] + code, where code binds the
    inputs (name -> ndarray; a Tensor unless the name is in ndarrays) and params (name -> ndarray
    or (ndarray, requires_grad); a Parameter named after the variable), then runs body.
    It runs as a module of its own: MindSpore's jvp/bprop parsers look the function's module up.
    """
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", body + PRELUDES.get(prelude, "")))
    inputs = {k: v for k, v in (inputs or {}).items() if k in used}
    params = {k: v for k, v in (params or {}).items() if k in used}
    entry = {"case": case, "kind": "snippet"}
    if prelude:
        entry["prelude"] = prelude
    entry["code"] = input_lines(inputs, params, ndarrays) + body
    program = SNIPPET_IMPORTS + PRELUDES.get(prelude, "") + entry["code"]
    path = os.path.join(SNIPPET_DIR, f"{case}.py")
    with open(path, "w") as f:
        f.write(program)
    module = types.ModuleType(f"golden_{case}")
    module.__file__ = path
    sys.modules[module.__name__] = module
    stdout = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(stdout):
        warnings.simplefilter("always")
        try:
            exec(compile(program, path, "exec"), module.__dict__)
            entry["structure"] = encode(module.__dict__["result"], case)
        except Exception as exc:  # recording MindSpore's exception is the point
            entry["error"] = error_record(exc, path)
    user_warnings = [f"{w.category.__name__}: {w.message}" for w in caught
                     if w.filename == path or "mindspore" in w.filename]
    if user_warnings:
        entry["warnings"] = sorted(set(user_warnings))
    if stdout.getvalue():
        entry["stdout"] = stdout.getvalue()
    if note:
        entry["note"] = note
    CASES.append(entry)


def op_case(case, call, inputs, note=None):
    """Forward `call` on the inputs, then grads of sum(out_i * dout_i) wrt every float input."""
    rng = case_rng(case)
    names = list(inputs)
    entry = {"case": case, "kind": "op", "call": call, "args": names, "inputs": {}}
    fn = eval(f"lambda {', '.join(names)}: {call}", {"ms": ms, "ops": ops, "nn": nn, "np": np, "Tensor": Tensor})
    tensors = []
    for name in names:
        value = inputs[name]
        store(case, "in", name, value)
        tensors.append(Tensor(value))
        entry["inputs"][name] = f"tensor:{tensors[-1].dtype}:{list(value.shape)}"
    positions = tuple(i for i, t in enumerate(tensors) if t.dtype in FLOAT_DTYPES)
    entry["grad_args"] = [names[i] for i in positions]
    try:
        out = fn(*tensors)
        entry["structure"] = encode(out, case)
        douts = douts_for(case, out, rng)

        def objective(*xs):
            total = None
            for leaf, dout in zip(leaves_of(fn(*xs)), douts):
                if dout is not None:
                    term = (leaf * dout).sum()
                    total = term if total is None else total + term
            return total

        _, grads = ms.value_and_grad(objective, grad_position=positions)(*tensors)
        grads = (grads,) if len(positions) == 1 else grads
        entry["grads"] = {}
        for i, g in zip(positions, grads):
            store(case, "grad", names[i], tensor_array(g))
            entry["grads"][names[i]] = f"tensor:{g.dtype}:{list(g.shape)}"
        zero = [names[i] for i, g in zip(positions, grads) if not tensor_array(g).any()]
        if zero:
            entry["all_zero_grads"] = zero  # flagged: MindSpore may simply not differentiate these
    except Exception as exc:  # recording MindSpore's exception is the point
        entry["error"] = error_record(exc)
    if note:
        entry["note"] = note
    CASES.append(entry)


def leaves_of(out):
    """Tensors of a (nested) output, depth first."""
    if isinstance(out, (tuple, list)):
        return [leaf for item in out for leaf in leaves_of(item)]
    return [out]


def leaf_paths(out, path=""):
    """Index paths of leaves_of(out), named as encode() names them."""
    if isinstance(out, (tuple, list)):
        prefix = path + "." if path else ""
        return [p for i, item in enumerate(out) for p in leaf_paths(item, f"{prefix}{i}")]
    return [path or "0"]


def douts_for(case, out, rng):
    """A fixed random cotangent (stored as role 'dout') for each float output leaf, None otherwise."""
    douts = []
    for leaf, path in zip(leaves_of(out), leaf_paths(out)):
        if isinstance(leaf, Tensor) and leaf.dtype in FLOAT_DTYPES:
            dout = rng.standard_normal(tuple(leaf.shape)).astype(tensor_array(leaf).dtype)
            store(case, "dout", path, dout)
            douts.append(Tensor(dout))
        else:
            douts.append(None)
    return douts


def save():
    """Write tests/golden/autodiff.npz and autodiff.json; print their sizes."""
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    npz = os.path.join(GOLDEN_DIR, "autodiff.npz")
    js = os.path.join(GOLDEN_DIR, "autodiff.json")
    np.savez_compressed(npz, **ARRAYS)
    meta = {"group": "autodiff", "generator": "tools/golden/gen_autodiff.py",
            "mindspore_version": ms.__version__, "numpy_version": np.__version__,
            "note": "snippet cases: exec(snippet_imports + preludes.get(prelude, '') + code) in a module of its own, "
                    "then compare `result` with `structure` (leaves stored as '<case>/out/<index path>') or the "
                    "exception with `error`. op cases: eval(call) on the '<case>/in/<arg>' arrays; grads of "
                    "sum(out_i * dout_i) wrt grad_args are '<case>/grad/<arg>'.",
            "snippet_imports": SNIPPET_IMPORTS, "preludes": PRELUDES, "cases": CASES}
    with open(js, "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    errors = sum("error" in c for c in CASES)
    size = (os.path.getsize(npz) + os.path.getsize(js)) / 1024
    print(f"autodiff: {len(CASES)} cases ({errors} record an error), {len(ARRAYS)} arrays, {size:.1f} KiB")


# ---------------------------------------------------------------- 1. the seed program, fixed data
SEED_RESULT = '''
result = {
    "z": ops.matmul(x, w) + b,
    "loss": function(x, y, w, b),
    "grad_function": mindspore.grad(function, (2, 3))(x, y, w, b),
    "grad_function_with_logits": mindspore.grad(function_with_logits, (2, 3))(x, y, w, b),
    "grad_function_stop_gradient": mindspore.grad(function_stop_gradient, (2, 3))(x, y, w, b),
    "grad_has_aux": mindspore.grad(function_with_logits, (2, 3), has_aux=True)(x, y, w, b),
    "value_and_grad_forward_fn": grad_fn(x, y),
    "value_and_grad_loss_repr": repr(loss),
    "value_and_grad_loss_str": str(loss),
}
'''


def seed_cases():
    """The seed program run as written, with w and b fixed; its stdout is the transcript."""
    source = open(SEED_PROGRAM).read()
    for random_call, name in (("np.random.randn(5, 3)", "W_INIT"), ("np.random.randn(3,)", "B_INIT")):
        assert source.count(random_call) == 1, random_call
        source = source.replace(random_call, name)
    rng = np.random.RandomState(0)
    draws = {
        # float32 arithmetic, as in spec §0 (z = [-0.39999977, -0.2, 0.8000001]); the float64
        # expression rounded to float32 gives z = [-0.4, -0.2, 0.8] and loss 0.76075155 instead
        "seed_fixed": (np.arange(15, dtype=np.float32).reshape(5, 3) / np.float32(10) - np.float32(0.7),
                       np.array([0.1, -0.2, 0.3])),
        "seed_random": (rng.randn(5, 3), rng.randn(3)),
    }
    for case, (w, b) in draws.items():
        run_snippet(case, source + SEED_RESULT, {"W_INIT": w.astype(np.float32), "B_INIT": b.astype(np.float32)},
                    ndarrays=("W_INIT", "B_INIT"),
                    note="code = /work/shared/seed/functional_autodiff.py with np.random.randn(5, 3) -> W_INIT and "
                         "np.random.randn(3,) -> B_INIT, plus the `result` block; stdout is the program's transcript")


# ---------------------------------------------------------------- 2. return structures (spec §1.2-1.7)
XY = {"x": np.array([1., 2.], np.float32), "y": np.array([3., 4.], np.float32)}
WB = {"w": np.array([0.5, -1.5], np.float32), "b": np.array([2., 0.25], np.float32)}
FNS = '''def f(x, y):
    return (x * y * w).sum() + (b * y).sum()


def f1(x, y):
    return f(x, y)


def f2(x, y):
    return f(x, y), x * 2


def f3(x, y):
    return f(x, y), x * 2, y * 3


def f_nested(x, y):
    return f(x, y), (x * 2, y * 3)


def f_list(x, y):
    return [f(x, y), x * 2]


def f_int_aux(x, y):
    return f(x, y), 3


class Holder(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = w


'''
STANDARD_CALLS = [
    # grad_position / weights combinations (§1.2)
    ("gp_int", "ms.grad(f, 0)(x, y)"),
    ("gp_1tuple", "ms.grad(f, (0,))(x, y)"),
    ("gp_tuple", "ms.grad(f, (0, 1))(x, y)"),
    ("gp_tuple_reversed", "ms.grad(f, (1, 0))(x, y)"),
    ("gp_true", "ms.grad(f, True)(x, y)"),
    ("gp_default", "ms.grad(f)(x, y)"),
    ("w_list", "ms.grad(f, None, weights=[w, b])(x, y)"),
    ("w_list_reversed", "ms.grad(f, None, weights=[b, w])(x, y)"),
    ("w_tuple", "ms.grad(f, None, weights=(w, b))(x, y)"),
    ("w_parameter_tuple", "ms.grad(f, None, weights=ParameterTuple([w, b]))(x, y)"),
    ("w_list_one", "ms.grad(f, None, weights=[w])(x, y)"),
    ("w_single", "ms.grad(f, None, weights=w)(x, y)"),
    ("w_empty", "ms.grad(f, None, weights=[])(x, y)"),
    ("gp_int_w_list", "ms.grad(f, 0, weights=[w, b])(x, y)"),
    ("gp_1tuple_w_list", "ms.grad(f, (0,), weights=[w, b])(x, y)"),
    ("gp_int_w_single", "ms.grad(f, 0, weights=w)(x, y)"),
    ("gp_int_w_list_one", "ms.grad(f, 0, weights=[w])(x, y)"),
    ("gp_int_w_empty", "ms.grad(f, 0, weights=[])(x, y)"),
    ("gp_tuple_w_list", "ms.grad(f, (0, 1), weights=[w, b])(x, y)"),
    ("gp_none_w_none", "ms.grad(f, None, weights=None)(x, y)"),
    ("gp_int_w_holder_trainable_params", "ms.grad(f, 0, weights=Holder().trainable_params())(x, y)"),
    # has_aux (§1.2)
    ("aux_three_outputs", "ms.grad(f3, 0, has_aux=True)(x, y)"),
    ("aux_two_outputs", "ms.grad(f2, 0, has_aux=True)(x, y)"),
    ("aux_nested", "ms.grad(f_nested, 0, has_aux=True)(x, y)"),
    ("aux_gp_tuple", "ms.grad(f3, (0, 1), has_aux=True)(x, y)"),
    ("aux_w_list", "ms.grad(f3, 0, weights=[w, b], has_aux=True)(x, y)"),
    ("aux_gp_none_w_list", "ms.grad(f3, None, weights=[w, b], has_aux=True)(x, y)"),
    ("aux_single_output_error", "ms.grad(f1, 0, has_aux=True)(x, y)"),
    ("aux_list_output_error", "ms.grad(f_list, 0, has_aux=True)(x, y)"),
    ("aux_non_tensor_error", "ms.grad(f_int_aux, 0, has_aux=True)(x, y)"),
    # return_ids (§1.2)
    ("ids_gp_int", "ms.grad(f, 0, return_ids=True)(x, y)"),
    ("ids_gp_1tuple", "ms.grad(f, (0,), return_ids=True)(x, y)"),
    ("ids_gp_tuple", "ms.grad(f, (0, 1), return_ids=True)(x, y)"),
    ("ids_w_list", "ms.grad(f, None, weights=[w, b], return_ids=True)(x, y)"),
    ("ids_w_single", "ms.grad(f, None, weights=w, return_ids=True)(x, y)"),
    ("ids_gp_int_w_list", "ms.grad(f, 0, weights=[w, b], return_ids=True)(x, y)"),
    ("ids_gp_tuple_w_list", "ms.grad(f, (0, 1), weights=[w, b], return_ids=True)(x, y)"),
    ("ids_aux_w_list_one", "ms.grad(f3, 0, weights=[w], has_aux=True, return_ids=True)(x, y)"),
    # value_and_grad (§1.3)
    ("vg_single", "ms.value_and_grad(f, 0)(x, y)"),
    ("vg_multi_output", "ms.value_and_grad(f3, 0)(x, y)"),
    ("vg_aux", "ms.value_and_grad(f3, 0, has_aux=True)(x, y)"),
    ("vg_aux_two_outputs", "ms.value_and_grad(f2, (0, 1), has_aux=True)(x, y)"),
    ("vg_gp_int_w_list", "ms.value_and_grad(f, 0, weights=[w, b])(x, y)"),
    ("vg_gp_none_w_list", "ms.value_and_grad(f, None, weights=[w, b])(x, y)"),
    ("vg_gp_none_w_single", "ms.value_and_grad(f, None, weights=w)(x, y)"),
    ("vg_ids", "ms.value_and_grad(f, 0, weights=[w, b], return_ids=True)(x, y)"),
    ("vg_aux_w_list", "ms.value_and_grad(f3, 0, weights=[w, b], has_aux=True)(x, y)"),
    # several outputs = gradient of their sum (§1.4)
    ("multi_output_sum", "ms.grad(f3, (0, 1))(x, y)"),
    ("multi_output_w_list", "ms.grad(f3, None, weights=[w, b])(x, y)"),
    ("multi_output_nested", "ms.grad(f_nested, 0)(x, y)"),
    ("multi_output_non_tensor_ignored", "ms.grad(f_int_aux, 0)(x, y)"),
    ("list_output", "ms.grad(f_list, 0)(x, y)"),
    # weights (§1.6)
    ("w_plain_tensor", "ms.grad(f, None, weights=[w, x])(x, y)"),
    ("w_generator_error", "ms.grad(f, None, weights=Holder().get_parameters())(x, y)"),
    ("w_dict_error", "ms.grad(f, None, weights=Holder().parameters_dict())(x, y)"),
    ("w_cell_error", "ms.grad(f, None, weights=Holder())(x, y)"),
    ("w_str_error", "ms.grad(f, None, weights='w')(x, y)"),
    # bad grad_position (§1.7); the split into two statements shows where each error is raised
    ("gp_out_of_range", "ms.grad(f, 2)\nresult = result(x, y)"),
    ("gp_tuple_out_of_range", "ms.grad(f, (0, 5))\nresult = result(x, y)"),
    ("gp_negative", "ms.grad(f, -1)\nresult = result(x, y)"),
    ("gp_duplicate", "ms.grad(f, (0, 0))\nresult = result(x, y)"),
    ("gp_empty_tuple", "ms.grad(f, ())\nresult = result(x, y)"),
    ("gp_float", "ms.grad(f, 1.0)\nresult = result(x, y)"),
    ("gp_list", "ms.grad(f, [0, 1])\nresult = result(x, y)"),
    ("gp_str", "ms.grad(f, 'a')\nresult = result(x, y)"),
    ("gp_none_w_none_creation", "ms.grad(f, None, weights=None)\nresult = result(x, y)"),
    ("fn_not_callable", "ms.grad(3)\nresult = result(x, y)"),
    ("called_twice_no_accumulation", "ms.grad(f, (0, 1), weights=[w])\nresult = (result(x, y), result(x, y))"),
    ("grad_returns_function", "type(ms.grad(f)).__name__"),
]


def f32(*values):
    """A float32 array literal."""
    return np.array(values, np.float32)


def structure_cases():
    """Return structures of grad/value_and_grad and what counts as a differentiable argument."""
    PRELUDES["grad_fns"] = FNS
    for case, call in STANDARD_CALLS:
        run_snippet(case, f"result = {call}\n", XY, WB, prelude="grad_fns")
    xi = np.array([1, 2], np.int32)
    extra = [
        # sens_param (§1.3)
        ("vg_sens_param", "result = ms.value_and_grad(lambda a: a * 2, 0, sens_param=True)(x, s)\n",
         {"x": f32([1., 2.]), "s": f32([10., 100.])}),
        ("grad_sens_param", "result = ms.grad(lambda a: a * 2, 0, sens_param=True)(x, s)\n",
         {"x": f32([1., 2.]), "s": f32([10., 100.])}),
        ("grad_sens_param_multi_output",
         "result = ms.grad(lambda a: (a * 2, (a * a).sum()), 0, sens_param=True)(x, (s, t))\n",
         {"x": f32([1., 2.]), "s": f32([10., 100.]), "t": np.array(3., np.float32)}),
        # §1.4 numbers: w + 10 + 1
        ("multi_output_spec_example",
         "result = ms.grad(lambda a: ((a * v).sum() + 2 * c.sum(), a * 10, a + 1))(x)\n",
         {"x": f32(1., 2.), "v": f32(3., 4.), "c": f32(5., 6.)}),
        ("nonscalar_output", "result = ms.grad(lambda a: a * a)(x)\n", {"x": f32(1., 2.)}),
        ("dict_output", "def d(a):\n    return {'l': (a * a).sum()}\n\n\nresult = ms.grad(d)(x)\n", {"x": f32(1., 2.)}),
        ("output_none", "def n(a):\n    return None\n\n\nresult = ms.grad(n)(x)\n", {"x": f32(1., 2.)}),
        ("output_python_float", "result = ms.grad(lambda a: 1.5)(x)\n", {"x": f32(1., 2.)}),
        ("output_constant_tensor", "result = ms.grad(lambda a: Tensor(1.0))(x)\n", {"x": f32(1., 2.)}),
        # integer / bool / float16 inputs (§1.5)
        ("int_and_float_inputs", "result = ms.grad(lambda a, c: (a * c).sum(), (0, 1))(xi, x)\n",
         {"xi": xi, "x": f32(1., 2.)}),
        ("int32_square", "result = ms.grad(lambda a: (a * a).sum())(xi)\n", {"xi": xi}),
        ("int64_square", "result = ms.grad(lambda a: (a * a).sum())(xl)\n", {"xl": xi.astype(np.int64)}),
        ("int32_times_1_5", "result = ms.grad(lambda a: (a * 1.5).sum())(xi)\n", {"xi": xi}),
        ("int32_times_minus_1_5", "result = ms.grad(lambda a: (a * -1.5).sum())(xi)\n", {"xi": xi}),
        ("int32_times_2_7", "result = ms.grad(lambda a: (a * 2.7).sum())(xi)\n", {"xi": xi}),
        ("bool_input", "result = ms.grad(lambda m, a: (m * a).sum())(xb, x)\n",
         {"xb": np.array([True, False]), "x": f32(1., 2.)}),
        ("float16_input_with_float32", "result = ms.grad(lambda h, a: (h * a).sum(), (0, 1))(xh, x)\n",
         {"xh": np.array([1., 2.], np.float16), "x": f32(3., 4.)}),
        # same object at two positions / equal but distinct objects
        ("same_tensor_two_positions", "result = ms.grad(lambda a, c: (a * c).sum(), (0, 1))(x, x)\n", {"x": f32(1., 2.)}),
        ("same_tensor_first_position_only", "result = ms.grad(lambda a, c: (a * c).sum(), 0)(x, x)\n", {"x": f32(1., 2.)}),
        ("equal_distinct_tensors", "result = ms.grad(lambda a, c: (a * c).sum(), (0, 1))(x, x2)\n",
         {"x": f32(1., 2.), "x2": f32(1., 2.)}),
        ("unused_inputs", "result = ms.grad(lambda a, u, ui: (a * 2).sum(), (0, 1, 2))(x, u, ui)\n",
         {"x": f32(1., 2.), "u": np.ones((2, 3), np.float32), "ui": np.ones((2, 3), np.int32)}),
    ]
    g = "def g(a, c):\n    return (a * c).sum()\n\n\ndef g3(a, c, e):\n    return (a * c * e).sum()\n\n\n"
    h = "def h(a, t):\n    return (a * t[0] * t[1]).sum()\n\n\ndef gb(a, c):\n    return (c * c).sum()\n\n\n"
    non_tensor = [
        ("float_at_gp0", "ms.grad(g, 0)(2.0, x)"),
        ("float_at_gp1", "ms.grad(g, 1)(2.0, x)"),
        ("float_in_gp_tuple", "ms.grad(g, (0, 1))(2.0, x)"),
        ("int_in_gp_tuple", "ms.grad(g, (0, 1))(3, x)"),
        ("float_middle_of_three", "ms.grad(g3, (0, 1, 2))(x, 2.0, y)"),
        ("float_middle_only", "ms.grad(g3, 1)(x, 2.0, y)"),
        ("tuple_at_position", "ms.grad(h, (0, 1))(x, (x, x))"),
        ("list_at_position", "ms.grad(h, (0, 1))(x, [x, y])"),
        ("zero_d_tensor_at_position", "ms.grad(g, (0, 1))(Tensor(2.0), x)"),
        ("none_at_position", "ms.grad(gb, (0, 1))(None, x)"),
        ("ndarray_at_position", "ms.grad(gb, (0, 1))(np.array([1., 2.]), x)"),
        ("parameter_positional", "ms.grad(g, (0, 1))(w, x)"),
        ("parameter_input_and_weight", "ms.grad(lambda a: (a * a).sum(), 0, weights=[w])(w)"),
        ("kwarg_not_differentiated", "ms.grad(g, 0)(x, c=y)"),
        ("kwarg_position_out_of_range", "ms.grad(g, (0, 1))(x, c=y)"),
        ("zero_arg_fn", "ms.grad(lambda: Tensor(1.0))()"),
        ("zero_arg_fn_with_weights", "ms.grad(lambda: (w * w).sum(), 0, weights=[w])()"),
        ("w_requires_grad_false", "ms.grad(lambda a: (a * frozen).sum(), None, weights=[frozen])(x)"),
        ("w_int32_parameter", "ms.grad(lambda a: (a * pint).sum(), None, weights=[pint])(x)"),
        ("w_unused", "ms.grad(lambda a: (a * w).sum(), None, weights=[w, unused])(x)"),
    ]
    params = dict(WB, frozen=(f32(2., 3.), False), pint=np.array([1, 2], np.int32),
                  unused=np.ones(3, np.float32))
    PRELUDES["non_tensor_fns"] = g + h
    for case, call in non_tensor:
        run_snippet(case, f"result = {call}\n", XY, params, prelude="non_tensor_fns")
    for case, code, inputs in extra:
        run_snippet(case, code, inputs)


# ---------------------------------------------------------------- 3. higher order, vjp/jvp, GradOperation, bprop
HIGHER = '''def cube(a):
    return a ** 3


def sq(a):
    return a * a


def prod2(a, c):
    return a * c


def two_out(a):
    return a * a, a * 3


def pw(a, c):
    return (a ** 2 * c ** 3).sum()


def fw(a):
    return a * w


def fo(a, c):
    return (a * c * w).sum()


'''
HIGHER_CALLS = [
    ("cube_grad_orders_at_2", "g1 = ms.grad(cube)\ng2 = ms.grad(g1)\ng3 = ms.grad(g2)\nresult = (g1(s), g2(s), g3(s))"),
    ("cube_grad_orders_vector", "g1 = ms.grad(cube)\nresult = (g1(x), ms.grad(g1)(x), ms.grad(ms.grad(g1))(x))"),
    ("sin_second_derivative", "result = ms.grad(ms.grad(ops.sin))(x)"),
    ("mixed_partial", "result = ms.grad(ms.grad(pw, 0), 1)(a, c)"),
    ("mixed_partial_other_order", "result = ms.grad(ms.grad(pw, 1), 0)(a, c)"),
    ("second_order_elementwise", "result = tuple(ms.grad(ms.grad(op))(x) for op in "
                                 "(ops.exp, ops.log, ops.tanh, ops.sigmoid, ops.sqrt, ops.cos, ops.erf))"),
    ("second_order_wrt_weights", "result = ms.grad(lambda e: ms.grad(fo, 0)(e, c).sum(), None, weights=[w])(a)"),
    ("value_and_grad_of_grad", "result = ms.value_and_grad(ms.grad(cube))(s)"),
    # vjp (§1.11)
    ("vjp_square", "out, vjp_fn = ms.vjp(sq, x)\nresult = (out, vjp_fn(v))"),
    ("vjp_two_inputs", "out, vjp_fn = ms.vjp(prod2, x, u)\nresult = (out, vjp_fn(v))"),
    ("vjp_multi_output", "out, vjp_fn = ms.vjp(two_out, x)\nresult = (out, vjp_fn((v, a)))"),
    ("vjp_has_aux", "out, vjp_fn, aux = ms.vjp(two_out, x, has_aux=True)\nresult = (out, vjp_fn(v), aux)"),
    ("vjp_weights_list", "out, vjp_fn = ms.vjp(fw, x, weights=[w])\nresult = (out, vjp_fn(v))"),
    ("vjp_weights_single", "out, vjp_fn = ms.vjp(fw, x, weights=w)\nresult = (out, vjp_fn(v))"),
    ("vjp_called_twice", "out, vjp_fn = ms.vjp(sq, x)\nresult = (vjp_fn(v), vjp_fn(v))"),
    ("vjp_wrong_cotangent_shape", "out, vjp_fn = ms.vjp(sq, x)\nresult = vjp_fn(Tensor([1., 2., 3.]))"),
    ("vjp_inline_lambda", "out, vjp_fn = ms.vjp(lambda e: e * e, x)\nresult = (out, vjp_fn(v))"),
    # jvp (§1.11)
    ("jvp_square", "result = ms.jvp(sq, x, v)"),
    ("jvp_two_inputs_tuple", "result = ms.jvp(prod2, (x, u), (v, c))"),
    ("jvp_two_inputs_list", "result = ms.jvp(prod2, [x, u], [v, c])"),
    ("jvp_multi_output", "result = ms.jvp(two_out, x, v)"),
    ("jvp_has_aux", "result = ms.jvp(two_out, x, v, has_aux=True)"),
    ("jvp_python_float_v", "result = ms.jvp(sq, x, 1.0)"),
    ("jvp_one_tuple", "result = ms.jvp(sq, (x,), (v,))"),
    ("jvp_inline_lambda", "result = ms.jvp(lambda e: e * e, x, v)"),
    ("jacfwd_square", "result = ms.jacfwd(sq)(x)"),
    ("jacrev_square", "result = ms.jacrev(sq)(x)"),
    ("jacrev_two_positions", "result = ms.jacrev(prod2, grad_position=(0, 1))(x, u)"),
    ("jacfwd_multi_output", "result = ms.jacfwd(two_out)(x)"),
    ("jacrev_has_aux", "result = ms.jacrev(two_out, has_aux=True)(x)"),
    # GradOperation (§1.8)
    ("go_default", "result = ops.GradOperation()(fo)(x, u)"),
    ("go_get_all", "result = ops.GradOperation(get_all=True)(fo)(x, u)"),
    ("go_get_all_one_input", "result = ops.GradOperation(get_all=True)(lambda e: (e * e).sum())(x)"),
    ("go_get_all_python_float", "result = ops.GradOperation(get_all=True)(prod2)(2.0, x)"),
    ("go_get_by_list_parameter_tuple", "result = ops.GradOperation(get_by_list=True)(fo, ParameterTuple([w]))(x, u)"),
    ("go_get_by_list_list", "result = ops.GradOperation(get_by_list=True)(fo, [w])(x, u)"),
    ("go_get_all_and_by_list", "result = ops.GradOperation(get_all=True, get_by_list=True)(fo, [w])(x, u)"),
    ("go_sens_param", "result = ops.GradOperation(sens_param=True)(prod2)(x, u, v)"),
    ("go_sens_param_multi_output", "result = ops.GradOperation(sens_param=True)(two_out)(x, (v, c))"),
    ("go_get_by_list_without_weights", "result = ops.GradOperation(get_by_list=True)(fo)(x, u)"),
    ("go_get_all_sens_by_list",
     "result = ops.GradOperation(get_all=True, get_by_list=True, sens_param=True)(fo, [w])(x, u, s)"),
    # stop_gradient (§1.9)
    ("stop_gradient_product", "result = ms.grad(lambda e: (ops.stop_gradient(e * e) * e).sum())(x)"),
    ("stop_gradient_tuple", "result = ops.stop_gradient((x, u))"),
    ("stop_gradient_output", "result = ms.value_and_grad(lambda e: ((e * e).sum(), ops.stop_gradient(e * 3)))(x)"),
    ("tensor_has_no_stop_gradient", "result = hasattr(x, 'stop_gradient')"),
]
BPROP = '''class MyMul(nn.Cell):
    def construct(self, a, b):
        return a * b

    def bprop(self, a, b, out, dout):
        return dout * 100, dout * 1000


class BareGrad(nn.Cell):
    def construct(self, a):
        return a * a

    def bprop(self, a, out, dout):
        return dout * 3


class UsesOut(nn.Cell):
    def construct(self, a):
        return a * a

    def bprop(self, a, out, dout):
        return (out * 10 + dout,)


class WithParam(nn.Cell):
    def __init__(self):
        super().__init__()
        self.p = w

    def construct(self, a):
        return a * self.p

    def bprop(self, a, out, dout):
        return (dout * 2,)


'''
BPROP_CALLS = [
    ("bprop_two_inputs", "ms.grad(lambda a, b: MyMul()(a, b).sum(), (0, 1))(x, a)"),
    ("bprop_bare_tensor_return", "ms.grad(lambda a: BareGrad()(a).sum())(x)"),
    ("bprop_receives_out", "ms.grad(lambda a: UsesOut()(a).sum())(x)"),
    ("bprop_with_dout", "ms.grad(lambda a: (UsesOut()(a) * v).sum())(x)"),
    ("bprop_parameter_gets_zero", "ms.grad(lambda a: net(a).sum(), 0, weights=net.trainable_params())(x)"),
]
SPECIAL = [
    ("relu_at_zero", "ms.grad(lambda e: ops.relu(e).sum())(z)"),
    ("abs_at_zero", "ms.grad(lambda e: ops.abs(e).sum())(z)"),
    ("sign_grad", "ms.grad(lambda e: ops.sign(e).sum())(z)"),
    ("sqrt_at_zero", "ms.grad(lambda e: ops.sqrt(e).sum())(ops.abs(z))"),
    ("max_ties", "ms.grad(lambda e: e.max())(ties)"),
    ("ops_max_ties", "ms.grad(lambda e: ops.max(e))(ties)"),
    ("max_axis_ties", "ms.grad(lambda e: ops.max(e, 1)[0].sum())(ties2d)"),
    ("min_ties", "ms.grad(lambda e: e.min())(ops.neg(ties))"),
    ("maximum_ties", "ms.grad(lambda e, c: ops.maximum(e, c).sum(), (0, 1))(ties, ties2)"),
    ("minimum_ties", "ms.grad(lambda e, c: ops.minimum(e, c).sum(), (0, 1))(ties, ties2)"),
    ("clamp_at_bounds", "ms.grad(lambda e: ops.clamp(e, 0.0, 2.0).sum())(bounds)"),
    ("argmax_zero_grad", "ms.grad(lambda e: e.argmax().astype(ms.float32) + (e * 0).sum())(ties)"),
    ("cast_pass_through", "ms.grad(lambda e: e.astype(ms.int32).astype(ms.float32).sum())(frac)"),
    ("slice_sum", "ms.grad(lambda e: e[1:].sum() * 2)(ties)"),
    ("where_branches", "ms.grad(lambda e: ops.where(e > 2, e * e, e).sum())(x13)"),
    ("python_if_taken_branch", "(ms.grad(branchy)(x13), ms.grad(branchy)(-x13))"),
    ("mean_of_four", "ms.grad(lambda e: e.mean())(four)"),
    ("broadcast_add_summed_back", "ms.grad(lambda e, c: (e + c).sum(), (0, 1))(m22, x13)"),
    ("cross_entropy_loss_cell", "ms.grad(lambda e: nn.CrossEntropyLoss()(e, label))(logits)"),
    ("setitem_on_product_copy", "ms.grad(zero_first_product)(ties)"),
    ("setitem_on_copy_method", "ms.grad(zero_first_copy)(ties)"),
]
SPECIAL_FNS = '''def branchy(e):
    if e.sum() > 0:
        return (e * e).sum()
    return (e * 3).sum()


def zero_first_product(e):
    c = e * 1
    c[0] = 0
    return c.sum()


def zero_first_copy(e):
    c = e.copy()
    c[0] = 0
    return c.sum()


'''


def higher_order_cases():
    """Higher-order grads, vjp/jvp/jacobians, GradOperation, stop_gradient, Cell.bprop, special points."""
    inputs = {"s": np.array(2.0, np.float32), "x": f32(1., 2.), "a": f32(1., 2.), "c": f32(5., 7.),
              "u": f32(3., -1.), "v": f32(1., 10.)}
    PRELUDES.update(higher_order_fns=HIGHER, bprop_cells=BPROP, special_fns=SPECIAL_FNS)
    for case, code in HIGHER_CALLS:
        run_snippet(case, code + "\n", inputs, {"w": f32(0.5, -1.5)}, prelude="higher_order_fns")
    for case, call in BPROP_CALLS:
        setup = "net = WithParam()\n" if "net" in call else ""
        run_snippet(case, setup + f"result = {call}\n", {"x": f32(1., 2.), "a": f32(3., 4.), "v": f32(0.5, -2.)},
                    {"w": f32(0.5, -1.5)}, prelude="bprop_cells")
    special_inputs = {
        "z": f32(-1., 0., 2.), "ties": f32(1., 3., 3.), "ties2": f32(1., 0., 3.),
        "ties2d": np.array([[1., 3., 3.], [2., 2., 0.]], np.float32), "bounds": f32(-1., 0., 1., 2., 3.),
        "frac": f32(1.5, -2.7), "x13": f32(1., 3.), "four": f32(1., 2., 3., 4.),
        "m22": np.array([[1., 2.], [3., 4.]], np.float32),
        "logits": np.array([[1., 2., 3.]], np.float32), "label": np.array([1], np.int32),
    }
    for case, call in SPECIAL:
        run_snippet(case, f"result = {call}\n", special_inputs, prelude="special_fns")


# ---------------------------------------------------------------- 4. gradients of individual ops
def N(*shape):
    """Spec of a standard-normal float32 input."""
    return ("normal", shape)


def P(*shape):
    """Spec of a float32 input in [0.5, 2) (for log, sqrt, division, pow bases)."""
    return ("positive", shape)


def U(*shape):
    """Spec of a float32 input in [0, 1) (probabilities, soft targets)."""
    return ("unit", shape)


def make_input(rng, spec):
    """The array for an input spec; literal arrays pass through."""
    if isinstance(spec, np.ndarray):
        return spec
    kind, shape = spec
    if kind == "normal":
        return rng.standard_normal(shape).astype(np.float32)
    if kind == "positive":
        return rng.uniform(0.5, 2.0, shape).astype(np.float32)
    return rng.uniform(0.0, 1.0, shape).astype(np.float32)


def i32(*values):
    """An int32 array literal."""
    return np.array(values, np.int32)


MASK = np.array([[True, False, True], [False, False, True], [True, True, False], [False, True, False]])
OPS = [
    ("add_bcast", "ops.add(x, y)", dict(x=N(2, 3), y=N(3))),
    ("add_operator_bcast", "x + y", dict(x=N(2, 1, 3), y=N(4, 3))),
    ("add_python_scalar", "x + 2", dict(x=N(2, 3))),
    ("sub_bcast", "ops.sub(x, y)", dict(x=N(2, 3), y=N(2, 1))),
    ("rsub_python_scalar", "1.5 - x", dict(x=N(3))),
    ("mul_bcast", "x * y", dict(x=N(3, 1), y=N(1, 4))),
    ("mul_ops_bcast", "ops.mul(x, y)", dict(x=N(2, 3), y=N(3))),
    ("div_bcast", "ops.div(x, y)", dict(x=N(2, 3), y=P(3))),
    ("div_operator", "x / y", dict(x=N(2, 3), y=P(2, 1))),
    ("rdiv_python_scalar", "2.0 / y", dict(y=P(2, 3))),
    ("neg", "-x", dict(x=N(2, 3))),
    ("pow_tensor_bcast", "ops.pow(x, y)", dict(x=P(2, 3), y=N(3))),
    ("pow_int_exponent", "x ** 3", dict(x=N(2, 3))),
    ("pow_half", "x ** 0.5", dict(x=P(4))),
    ("pow_ops_scalar", "ops.pow(x, 2.5)", dict(x=P(4))),
    ("rpow_python_scalar", "2.0 ** x", dict(x=N(4))),
    ("exp", "ops.exp(x)", dict(x=N(2, 3))),
    ("log", "ops.log(x)", dict(x=P(2, 3))),
    ("sqrt", "ops.sqrt(x)", dict(x=P(2, 3))),
    ("rsqrt", "ops.rsqrt(x)", dict(x=P(2, 3))),
    ("abs", "ops.abs(x)", dict(x=N(2, 3))),
    ("sign", "ops.sign(x)", dict(x=N(2, 3))),
    ("maximum_bcast", "ops.maximum(x, y)", dict(x=N(2, 3), y=N(3))),
    ("minimum_bcast", "ops.minimum(x, y)", dict(x=N(3, 3), y=N(3))),
    ("where_bcast", "ops.where(c, x, y)", dict(c=MASK[:2], x=N(2, 3), y=N(3))),
    ("where_scalar_other", "ops.where(c, x, 0.0)", dict(c=MASK[:2], x=N(2, 3))),
    ("clamp_scalars", "ops.clamp(x, -0.5, 0.5)", dict(x=N(3, 4))),
    ("clamp_min_only", "ops.clamp(x, min=-0.3)", dict(x=N(3, 4))),
    ("clamp_tensor_bounds", "ops.clamp(x, lo, hi)", dict(x=N(2, 3), lo=np.array([-1., -.2, 0.], np.float32),
                                                      hi=np.array([0., .2, 1.], np.float32))),
    ("matmul_1d_1d", "ops.matmul(x, y)", dict(x=N(3), y=N(3))),
    ("matmul_2d_2d", "ops.matmul(x, y)", dict(x=N(2, 3), y=N(3, 4))),
    ("matmul_1d_2d", "ops.matmul(x, y)", dict(x=N(3), y=N(3, 4))),
    ("matmul_2d_1d", "ops.matmul(x, y)", dict(x=N(2, 3), y=N(3))),
    ("matmul_batched_2d", "ops.matmul(x, y)", dict(x=N(2, 2, 3), y=N(3, 4))),
    ("matmul_batched_broadcast", "ops.matmul(x, y)", dict(x=N(2, 1, 2, 3), y=N(3, 3, 2))),
    ("matmul_operator", "x @ y", dict(x=N(2, 3), y=N(3, 2))),
    ("sum_all", "ops.sum(x)", dict(x=N(2, 3, 4))),
    ("sum_dim_keepdim", "ops.sum(x, dim=1, keepdim=True)", dict(x=N(2, 3, 4))),
    ("sum_dim_tuple", "ops.sum(x, dim=(0, 2))", dict(x=N(2, 3, 4))),
    ("tensor_sum_axis", "x.sum(axis=1)", dict(x=N(2, 3))),
    ("tensor_sum_keepdims", "x.sum(axis=(0, 2), keepdims=True)", dict(x=N(2, 3, 4))),
    ("mean_all", "ops.mean(x)", dict(x=N(2, 3))),
    ("mean_axis_keep_dims", "ops.mean(x, axis=1, keep_dims=True)", dict(x=N(2, 3, 4))),
    ("tensor_mean_axis", "x.mean(axis=0)", dict(x=N(3, 2))),
    ("prod_all", "ops.prod(x)", dict(x=N(2, 3))),
    ("prod_axis_keep_dims", "ops.prod(x, 1, keep_dims=True)", dict(x=N(2, 3, 2))),
    ("max_all", "ops.max(x)", dict(x=N(3, 4))),
    ("max_axis", "ops.max(x, 1)", dict(x=N(3, 4))),
    ("max_axis_keepdims", "ops.max(x, 0, keepdims=True)", dict(x=N(3, 4))),
    ("tensor_max_axis", "x.max(axis=1)", dict(x=N(3, 4))),
    ("min_all", "ops.min(x)", dict(x=N(3, 4))),
    ("min_axis", "ops.min(x, 0)", dict(x=N(3, 4))),
    ("tensor_min_axis_keepdims", "x.min(axis=1, keepdims=True)", dict(x=N(3, 4))),
    ("reshape", "ops.reshape(x, (3, 2, 2))", dict(x=N(2, 6))),
    ("tensor_reshape_minus_one", "x.reshape(4, -1)", dict(x=N(2, 6))),
    ("transpose", "ops.transpose(x, (2, 0, 1))", dict(x=N(2, 3, 4))),
    ("tensor_T", "x.T", dict(x=N(2, 3))),
    ("expand_dims", "ops.expand_dims(x, 1)", dict(x=N(2, 3))),
    ("squeeze_all", "ops.squeeze(x)", dict(x=N(2, 1, 3, 1))),
    ("squeeze_axis", "ops.squeeze(x, 1)", dict(x=N(2, 1, 3, 1))),
    ("flatten", "ops.flatten(x)", dict(x=N(2, 3, 2))),
    ("concat", "ops.concat((x, y), 1)", dict(x=N(2, 3), y=N(2, 2))),
    ("cat_list_axis0", "ops.cat([x, y])", dict(x=N(1, 3), y=N(2, 3))),
    ("stack", "ops.stack((x, y), 1)", dict(x=N(2, 3), y=N(2, 3))),
    ("split_equal", "ops.split(x, 2, 1)", dict(x=N(2, 4))),
    ("split_sections", "ops.split(x, [1, 3], 1)", dict(x=N(2, 4))),
    ("tile", "ops.tile(x, (2, 3))", dict(x=N(2, 2))),
    ("tile_more_dims", "ops.tile(x, (2, 1, 2))", dict(x=N(2, 3))),
    ("broadcast_to", "ops.broadcast_to(x, (2, 3, 4))", dict(x=N(3, 1))),
    ("getitem_slice", "x[1:3]", dict(x=N(4, 3))),
    ("getitem_int", "x[1]", dict(x=N(4, 3))),
    ("getitem_int_and_slice", "x[-1, 1:]", dict(x=N(4, 3))),
    ("getitem_steps", "x[::2, 1:]", dict(x=N(4, 3))),
    ("getitem_column", "x[:, 1]", dict(x=N(4, 3))),
    ("getitem_list_repeated", "x[[2, 0, 2]]", dict(x=N(4, 3))),
    ("getitem_int32_tensor", "x[i]", dict(x=N(4, 3), i=i32(3, 0, 3))),
    ("getitem_int64_tensor_2d", "x[i]", dict(x=N(4, 3), i=np.array([[1, 1], [0, 2]], np.int64))),
    ("getitem_two_lists", "x[[0, 2], [1, 2]]", dict(x=N(4, 3))),
    ("getitem_bool_mask", "x[m]", dict(x=N(4, 3), m=MASK)),
    ("getitem_row_mask", "x[m]", dict(x=N(4, 3), m=np.array([True, False, True, True]))),
    ("getitem_ellipsis_none", "x[..., None]", dict(x=N(2, 3))),
    ("gather_axis0_repeated", "ops.gather(x, i, 0)", dict(x=N(4, 3), i=i32(2, 0, 2))),
    ("gather_axis1_2d_index", "ops.gather(x, i, 1)", dict(x=N(2, 3), i=np.array([[0, 2], [2, 2]], np.int32))),
    ("gather_elements", "ops.gather_elements(x, 1, i)", dict(x=N(2, 3), i=np.array([[0, 0, 2], [1, 2, 1]], np.int64))),
    ("cumsum_axis1", "ops.cumsum(x, axis=1)", dict(x=N(2, 4))),
    ("tensor_cumsum_axis0", "x.cumsum(0)", dict(x=N(3, 2))),
    ("sort_axis1", "ops.sort(x, axis=1)", dict(x=N(2, 4))),
    ("sort_descending_axis0", "ops.sort(x, axis=0, descending=True)", dict(x=N(3, 2))),
    ("topk", "ops.topk(x, 2)", dict(x=N(3, 5))),
    ("topk_dim0", "ops.topk(x, 2, dim=0)", dict(x=N(3, 4))),
    ("relu", "ops.relu(x)", dict(x=N(3, 4))),
    ("sigmoid", "ops.sigmoid(x)", dict(x=N(3, 4))),
    ("tanh", "ops.tanh(x)", dict(x=N(3, 4))),
    ("softmax_last", "ops.softmax(x, axis=-1)", dict(x=N(3, 4))),
    ("softmax_axis0", "ops.softmax(x, axis=0)", dict(x=N(3, 4))),
    ("log_softmax_axis1", "ops.log_softmax(x, axis=1)", dict(x=N(3, 4))),
    ("gelu_default_none", "ops.gelu(x)", dict(x=N(3, 4))),
    ("gelu_tanh", "ops.gelu(x, approximate='tanh')", dict(x=N(3, 4))),
    ("nn_gelu_default", "nn.GELU()(x)", dict(x=N(3, 4))),
    ("nn_gelu_exact", "nn.GELU(approximate=False)(x)", dict(x=N(3, 4))),
    ("silu", "ops.silu(x)", dict(x=N(3, 4))),
    ("softplus", "ops.softplus(x)", dict(x=N(3, 4))),
    ("softplus_beta_threshold", "ops.softplus(x, beta=2, threshold=1)", dict(x=N(3, 4))),
    ("logsumexp_keepdim", "ops.logsumexp(x, 1, keepdim=True)", dict(x=N(3, 4))),
    ("logsumexp_dim0", "ops.logsumexp(x, 0)", dict(x=N(3, 4))),
    ("sin", "ops.sin(x)", dict(x=N(3, 4))),
    ("cos", "ops.cos(x)", dict(x=N(3, 4))),
    ("erf", "ops.erf(x)", dict(x=N(3, 4))),
    ("mse_loss_mean", "ops.mse_loss(x, y)", dict(x=N(2, 3), y=N(2, 3))),
    ("mse_loss_none", "ops.mse_loss(x, y, reduction='none')", dict(x=N(2, 3), y=N(2, 3))),
    ("mse_loss_sum", "ops.mse_loss(x, y, reduction='sum')", dict(x=N(2, 3), y=N(2, 3))),
    ("mse_loss_broadcast", "ops.mse_loss(x, y)", dict(x=N(2, 3), y=N(3))),
]
BCE = "ops.binary_cross_entropy_with_logits(x, t{extra})"
BCE_INPUTS = dict(x=N(2, 3), t=U(2, 3), weight=P(2, 3), pos_weight=P(3))
CE_LOGITS = N(3, 4)
CE_CASES = [
    ("ce_int32", "ops.cross_entropy(x, t)", dict(t=i32(1, 0, 3))),
    ("ce_int64", "ops.cross_entropy(x, t)", dict(t=np.array([1, 0, 3], np.int64))),
    ("ce_none", "ops.cross_entropy(x, t, reduction='none')", dict(t=i32(1, 0, 3))),
    ("ce_sum", "ops.cross_entropy(x, t, reduction='sum')", dict(t=i32(1, 0, 3))),
    ("ce_weight", "ops.cross_entropy(x, t, weight)", dict(t=i32(1, 0, 3), weight=P(4))),
    ("ce_ignore_index", "ops.cross_entropy(x, t, ignore_index=1)", dict(t=i32(1, 0, 1))),
    ("ce_ignore_index_none", "ops.cross_entropy(x, t, ignore_index=1, reduction='none')", dict(t=i32(1, 0, 1))),
    ("ce_label_smoothing", "ops.cross_entropy(x, t, label_smoothing=0.1)", dict(t=i32(1, 0, 3))),
    ("ce_probabilities", "ops.cross_entropy(x, t)", dict(t=U(3, 4))),
    ("ce_probabilities_none", "ops.cross_entropy(x, t, reduction='none')", dict(t=U(3, 4))),
    ("ce_probabilities_label_smoothing", "ops.cross_entropy(x, t, label_smoothing=0.2)", dict(t=U(3, 4))),
]


def op_cases():
    """Forward values and input gradients of single ops for fixed random inputs and cotangents."""
    entries = list(OPS)
    for reduction in ("mean", "none", "sum"):
        red = "" if reduction == "mean" else f", reduction='{reduction}'"
        entries += [
            (f"bce_logits_{reduction}", BCE.format(extra=red), dict(x=BCE_INPUTS["x"], t=BCE_INPUTS["t"])),
            (f"bce_logits_weights_{reduction}", BCE.format(extra=", weight, pos_weight" + red), BCE_INPUTS),
        ]
    entries += [
        ("bce_logits_weight_only", BCE.format(extra=", weight"), dict(BCE_INPUTS, pos_weight=None)),
        ("bce_logits_pos_weight_only", BCE.format(extra=", pos_weight=pos_weight"), dict(BCE_INPUTS, weight=None)),
        ("bce_logits_spec_example", BCE.format(extra=", reduction='none'"),
         dict(x=np.array([[.5, -1., 2.], [1.5, 0., -2.]], np.float32), t=np.array([[1., 0, 1], [0, 1, 0]], np.float32))),
        ("ce_spec_example", "ops.cross_entropy(x, t)",
         dict(x=np.array([[1., 2., .5], [.1, .2, 3.]], np.float32), t=i32(1, 2))),
    ]
    entries += [(case, call, dict(x=CE_LOGITS, **extra)) for case, call, extra in CE_CASES]
    for case, call, specs in entries:
        rng = np.random.RandomState(zlib.crc32(f"{case}/inputs".encode()))
        op_case(case, call, {k: make_input(rng, s) for k, s in specs.items() if s is not None})


if __name__ == "__main__":
    seed_cases()
    structure_cases()
    higher_order_cases()
    op_cases()
    save()
