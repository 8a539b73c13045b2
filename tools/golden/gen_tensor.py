"""Golden fixtures for Tensor: printed formats, dtype promotion, default and result dtypes.

Run with the reference venv from /work/main:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_tensor.py
Writes tests/golden/tensor.json only (every input is a literal expression, so no .npz).
Expression cases are evaluated with `np`, `ms`, `ops`, `Tensor`, `Parameter` bound; a test
evaluates the same text with minispore bound to `ms` and compares.
"""
import json
import os
import re
import subprocess
import sys

import numpy as np
import mindspore as ms
from mindspore import ops, Tensor, Parameter

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "tests", "golden", "tensor.json")
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
NAMESPACE = {"np": np, "ms": ms, "ops": ops, "Tensor": Tensor, "Parameter": Parameter}
DTYPES = ["bool_", "int8", "uint8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]
MAX_VALUE_SIZE = 24  # larger results keep only repr/str; the expression rebuilds their data
BINARY_OPS = ["+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">="]


def error_text(exc):
    """'error:<Type>: <first line of the message>', skipping MindSpore's '----' and '- Section:' lines."""
    lines = [ln for ln in str(exc).splitlines() if ln.strip() and not ln.startswith(("----", "- "))]
    return f"error:{type(exc).__name__}: {ADDRESS.sub('0x...', lines[0] if lines else '')}"


def plain_value(t):
    """A Tensor's values as nested lists: bfloat16 via float32, complex numbers as [real, imag] pairs."""
    array = (t.astype(ms.float32) if t.dtype == ms.bfloat16 else t).asnumpy()
    if np.iscomplexobj(array):
        array = np.stack([array.real, array.imag], axis=-1)
    return array.tolist()


def flush_pending_errors():
    """Run a trivial op until it succeeds: a failed CPU kernel can re-raise at the next few ops."""
    for _ in range(5):
        try:
            (Tensor([1.0]) + 1).asnumpy()
            return
        except Exception:  # a stale error from the previous expression; try again
            continue


def evaluate(expr):
    """eval(expr) with Tensor results materialised, so lazily failing kernels fail here.

    An error is only believed if a second try fails too: after a failed kernel, MindSpore
    sometimes raises a stale error at the next call of the same kernel.
    """
    error = None
    for _ in range(2):
        try:
            result = eval(expr, dict(NAMESPACE))
            for item in result if isinstance(result, tuple) else (result,):
                if isinstance(item, Tensor):
                    plain_value(item)
            return result, None
        except Exception as exc:  # recording MindSpore's exception is the point
            flush_pending_errors()
            error = error_text(exc)
    return None, error


def describe(expr, with_value=True):
    """Evaluate expr: dtype, shape, value (up to MAX_VALUE_SIZE elements), repr and str, or its error."""
    entry = {"expr": expr}
    result, error = evaluate(expr)
    if error:
        entry["error"] = error
        return entry
    if isinstance(result, Tensor):
        entry.update(type=type(result).__name__, dtype=str(result.dtype), shape=list(result.shape))
        if with_value and result.size <= MAX_VALUE_SIZE:
            entry["value"] = plain_value(result)
    elif isinstance(result, tuple) and all(isinstance(t, Tensor) for t in result):
        entry.update(type="tuple", dtype=[str(t.dtype) for t in result], shape=[list(t.shape) for t in result])
        if with_value:
            entry["value"] = [plain_value(t) for t in result]
    else:
        entry["type"] = type(result).__name__
    for name, fn in (("repr", repr), ("str", str)):
        try:
            entry[name] = ADDRESS.sub("0x...", fn(result))
        except Exception as exc:  # e.g. a lazy kernel failing only when printed
            entry[name] = error_text(exc)
    return entry


def operand(dtype, values, zero_d=False):
    """Source text of a Tensor operand of the given dtype (for bool_ the values become True)."""
    data = str(values[0]) if zero_d else str(values)
    return f"Tensor(np.array({data}), ms.{dtype})"


def result_dtype(expr):
    """str(dtype) of expr's result, or 'error:...'; non-Tensor results give 'python:<type>'."""
    result, error = evaluate(expr)
    if error:
        return error.split("!")[0] + "!" if "!" in error else error  # 'Select CPU operator[X] fail!' is enough
    return str(result.dtype) if isinstance(result, Tensor) else f"python:{type(result).__name__}"


def promotion_tables(ev):
    """Result dtypes of Tensor op Tensor / 0-d Tensor / scalar, scalar op Tensor, and a few ops.* functions.

    Each table maps op -> left operand's dtype -> a row of results, one per entry of `columns`
    (the right operand's dtype, or the scalar kind for the scalar tables).
    """
    a_values, b_values = [6, 3], [4, 2]
    scalars = {"int": "2", "negative_int": "-3", "float": "1.5", "bool": "True",
               "np_int64": "np.int64(2)", "np_float64": "np.float64(1.5)", "np_float32": "np.float32(1.5)"}
    tables = {"columns": DTYPES, "scalar_columns": list(scalars), "operands": {
        "tensor": operand("<dtype>", a_values), "other_tensor": operand("<dtype>", b_values),
        "zero_d_tensor": operand("<dtype>", b_values, True), "scalars": scalars}}
    tensor_tensor, zero_d, tensor_scalar, scalar_tensor, functions = {}, {}, {}, {}, {}
    for op in BINARY_OPS:
        tensor_tensor[op] = {a: [ev.ask("dtype", f"{operand(a, a_values)} {op} {operand(b, b_values)}")
                                 for b in DTYPES] for a in DTYPES}
        if op in ("+", "*", "/"):
            zero_d[op] = {a: [ev.ask("dtype", f"{operand(a, a_values)} {op} {operand(b, b_values, True)}")
                              for b in DTYPES] for a in DTYPES}
        tensor_scalar[op] = {a: [ev.ask("dtype", f"{operand(a, a_values)} {op} {s}") for s in scalars.values()]
                             for a in DTYPES}
        scalar_tensor[op] = {a: [ev.ask("dtype", f"{s} {op} {operand(a, a_values)}") for s in scalars.values()]
                             for a in DTYPES}
    for fn in ("ops.add({a}, {b})", "ops.mul({a}, {b})", "ops.maximum({a}, {b})",
               "ops.where(Tensor([True, False]), {a}, {b})"):
        functions[fn] = {a: [ev.ask("dtype", fn.format(a=operand(a, a_values), b=operand(b, b_values)))
                             for b in DTYPES] for a in DTYPES}
    tables.update(tensor_tensor=tensor_tensor, tensor_zero_d_tensor=zero_d, tensor_scalar=tensor_scalar,
                  scalar_tensor=scalar_tensor, functions=functions)
    return tables


REPR_EXPRS = [
    # 0-d floats of various magnitudes (repr is %g-like, str is NumPy's)
    *[f"Tensor({v})" for v in ("78.0", "1 / 3", "123456789.0", "1e-08", "19.1666667", "float('nan')",
                               "float('inf')", "-float('inf')", "0.0", "-0.0", "-2.5", "0.1", "1e+20", "123456.7",
                               "1e-05", "0.0001", "100000.0", "1000000.0", "999999.5", "0.5", "2.0", "-1234.5678")],
    "Tensor(1 / 3, ms.float64)", "Tensor(1.5, ms.float64)", "Tensor(1 / 3, ms.float16)", "Tensor(1.5, ms.float16)",
    "Tensor(2.5, ms.bfloat16)", "Tensor(np.float32(0.76075155))", "Tensor(3)", "Tensor(-7, ms.int32)",
    "Tensor(True)", "Tensor(255, ms.uint8)", "Tensor(1 + 2j)",
    # 1-d
    "Tensor([1.0, 2.0, 3.0])", "Tensor([8.0, 20.0, 36.0])", "Tensor([-0.841470957, -0.909297407])",
    "Tensor([1e-05, 1.0])", "Tensor([1e10, -1.0])", "Tensor([0.1, -0.25, 1000.5])",
    "Tensor([1.5, float('nan'), float('inf'), -float('inf')])", "Tensor([float('nan')])",
    "Tensor(np.array([1.5, -2.0]))", "Tensor(np.array([1.5, 2.0], np.float16))",
    "Tensor(np.array([-1.5, 1e-3, 60000.0], np.float16))", "Tensor([1.5], ms.bfloat16)",
    "Tensor([1, 2, 3])", "Tensor([-1, 200, 3], ms.int32)", "Tensor([-100, 5], ms.int8)", "Tensor([0, 255], ms.uint8)",
    "Tensor([True, False])", "Tensor(np.array([1 + 2j, -2], np.complex64))", "Tensor([])",
    "Tensor(np.zeros(0, np.int32))", "Tensor(np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]))",
    "Tensor(np.arange(12, dtype=np.float32) * 1.5)", "Tensor(np.arange(11, dtype=np.float32))",
    "Tensor(np.arange(13, dtype=np.float32))", "Tensor(np.linspace(-1, 1, 25, dtype=np.float32))",
    "Tensor(np.arange(26, dtype=np.float32).reshape(2, 13))", "Tensor(np.arange(30, dtype=np.float16))",
    "Tensor(np.arange(12, dtype=np.float32).reshape(2, 6))", "Tensor(np.arange(14, dtype=np.float32).reshape(2, 7))",
    "Tensor(np.arange(14, dtype=np.int32).reshape(7, 2))", "Tensor(np.arange(63, dtype=np.float32).reshape(3, 3, 7))",
    "Tensor(np.arange(7).reshape(7, 1, 1))", "Tensor(np.ones((6, 6), np.float16))", "Tensor(np.ones((1, 7), bool))",
    "Tensor(np.arange(40))", "Tensor(np.arange(100, dtype=np.int32) * 1000)", "Tensor(np.arange(30) % 2 == 0)",
    # 2-d and 3-d
    "Tensor([[-1, 200], [3, 4]], ms.int32)", "Tensor([[0.5, 0.5], [0.5, 0.5]])",
    "Tensor(np.random.RandomState(0).randn(3, 4).astype(np.float32))",
    "Tensor(np.random.RandomState(1).randn(2, 3))", "Tensor(np.array([[1.0, -2.5], [3.25, 4e-4]], np.float16))",
    "Tensor([[True, False], [False, True]])", "Tensor([[1.0, float('nan')], [-float('inf'), 0.0]])",
    "Tensor([[1, -2, 3], [400, 5, -60]])", "Tensor(np.ones((2, 1, 2), np.float32))",
    "Tensor(np.arange(12, dtype=np.float32).reshape(2, 2, 3) - 5)", "Tensor(np.arange(24).reshape(2, 3, 4))",
    "Tensor(np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2))", "Tensor(np.zeros((2, 0), np.float32))",
    "Tensor(np.zeros((0, 3), np.float32))",
    # summarisation above 1000 elements
    "Tensor(np.arange(1001, dtype=np.float32))", "Tensor(np.arange(1000, dtype=np.float32))",
    "Tensor(np.arange(2000, dtype=np.int32).reshape(40, 50))", "Tensor(np.arange(1100, dtype=np.float32).reshape(11, 10, 10))",
    "Tensor(np.arange(1200, dtype=np.float64).reshape(2, 600) / 7)", "Tensor(np.arange(1001) % 2 == 0)",
    "Tensor(np.arange(1001, dtype=np.int64) - 500)",
    # Parameters, views and containers
    "Parameter(Tensor([1.0, 2.0]), name='w')", "Parameter(Tensor([1.0, 2.0]), name='w', requires_grad=False)",
    "Parameter(Tensor(np.ones((2, 3), np.int32)), name='counts')", "Parameter(Tensor(0.5), name='scalar')",
    "Parameter(Tensor([1.0, 2.0]), name='w')[:1]", "Parameter(Tensor([1.0, 2.0]), name='w') * 2",
    "(Tensor(1.0), Tensor([1, 2]))", "[Tensor([1.5, 2.5]), Tensor(True)]",
    "{'loss': Tensor(0.5)}", "Tensor.from_numpy(np.array([1.0, 2.0], np.float32))",
    "Tensor(np.array([1.0, 2.0], np.float32)).asnumpy()", "Tensor([1.0, 2.0]) + 0",
]
FORMAT_EXPRS = [
    "f'{Tensor(0.5)}'", "f'{Tensor([1.0, 2.0])}'", "format(Tensor(0.5), '')", "f'{Tensor(0.5):.4f}'",
    "f'{Tensor(0.5):>7f}'", "f'{Tensor(3):d}'", "f'{Tensor(0.5).asnumpy():>7f}'", "f'{Tensor(0.5).item():.4f}'",
    "'%s' % Tensor([1, 2])", "'%.2f' % Tensor(0.5)", "repr(Tensor([1.0]).shape)", "repr(Tensor([1.0]).dtype)",
    "str(Tensor([1.0]).dtype)", "repr(Tensor(1.5).item())", "repr(Tensor(3).item())", "repr(Tensor([[1, 2]]).tolist())",
    "repr(float(Tensor(0.1)))", "repr(int(Tensor(2.7)))", "repr(bool(Tensor(1.0)))", "repr(Tensor(0.5).asnumpy())",
    "repr(Tensor([1.0, 2.0]).asnumpy().dtype)", "repr(type(Tensor(1.0).dtype))",
    *[f"(repr(ms.{d}), str(ms.{d}))" for d in DTYPES + ["complex64", "complex128", "uint16", "uint32", "uint64"]],
    "(ms.float32 == np.float32, Tensor(1.0).dtype == ms.float32, Tensor(1.0).dtype == 'float32')",
    "repr(ms.dtype_to_nptype(ms.float32))", "repr(ms.pytype_to_dtype(float))", "repr(ms.pytype_to_dtype(int))",
]
CONSTRUCTION_EXPRS = [
    "Tensor(np.array([1.0, 2.0]))", "Tensor(np.array([1.0, 2.0], np.float32))", "Tensor(np.array([1.0], np.float16))",
    "Tensor(np.array([1, 2], np.int8))", "Tensor(np.array([1, 2], np.uint8))", "Tensor(np.array([1, 2], np.int16))",
    "Tensor(np.array([1, 2], np.int32))", "Tensor(np.array([1, 2]))", "Tensor(np.array([True]))",
    "Tensor(np.array([1 + 1j], np.complex64))", "Tensor(np.array(5))", "Tensor(np.array(2.5))",
    "Tensor(1.5)", "Tensor(3)", "Tensor(True)", "Tensor(2 ** 40)", "Tensor(2 ** 63)", "Tensor([1.0, 2.0])",
    "Tensor([1, 2])", "Tensor((1, 2))", "Tensor([[1, 2], [3, 4]])", "Tensor([1, 2.5])", "Tensor([True, False])",
    "Tensor([True, 2])", "Tensor([[1.0], [2.0]])", "Tensor(np.float64(1.0))", "Tensor(np.float32(1.0))",
    "Tensor(np.int32(1))", "Tensor([np.float32(1.0), np.float32(2.0)])", "Tensor(1.7, ms.int32)",
    "Tensor(-1.7, ms.int32)", "Tensor([1.5, -300.0], ms.uint8)", "Tensor(np.array([1.0, 2.0]), ms.float32)",
    "Tensor([1, 2], dtype=ms.float16)", "Tensor(3, ms.float32)", "Tensor([[1.9, -1.9]], dtype=ms.int64)",
    "Tensor([])", "Tensor([[]])", "Tensor(Tensor([1, 2]), ms.float32)", "Tensor(Tensor([1.0, 2.0]))",
    "Tensor([Tensor(1.0), Tensor(2.0)])", "Tensor(None)", "Tensor('abc')", "Tensor()", "Tensor([1, 'a'])",
    "Tensor([[1, 2], [3]])", "Tensor(range(3))", "ms.tensor([1, 2])", "ms.tensor(1.5)", "ms.tensor([1, 2], ms.float32)",
    "ms.Tensor(shape=(2, 3), dtype=ms.float32, init=ms.common.initializer.One())",
    "Parameter(1.5)", "Parameter(3)", "Parameter(True)", "Parameter([1.0, 2.0])", "Parameter([1, 2])",
    "Parameter(np.array([1.0, 2.0]))", "Parameter(Tensor([1, 2]))", "ms.numpy.ones(2)", "ms.numpy.array([1, 2])",
    "Tensor([1.0, 2.0]).astype(ms.int32)", "Tensor([-1.5, 300.0]).astype(ms.uint8)", "Tensor([1.7, -1.7]).astype('int32')",
    "Tensor([1.0]).astype(np.float16)", "Tensor([1, 2]).float()", "Tensor([1.5, 2.5]).int()", "Tensor([1.0]).half()",
    "Tensor([1.0]).to(ms.float64)", "ops.cast(Tensor([1.9, -1.9]), ms.int32)", "Tensor([1, 2]).bool()",
    "Tensor([0.5, 2.0]).long()", "Tensor([1, 0]).double()",
]
ARITHMETIC_EXPRS = [
    "Tensor([7, -7]) / 2", "Tensor([7, -7]) // 2", "Tensor([7, -7]) % 3", "Tensor([7.5, -7.5]) // 2",
    "Tensor([7.5, -7.5]) % 2", "Tensor([7, -7], ms.int32) // Tensor([2, 2], ms.int32)", "Tensor([1, 2]) // 0",
    "Tensor([1, -1], ms.int32) // 0", "Tensor([5]) % 0", "Tensor([100], ms.int8) + Tensor([100], ms.int8)",
    "Tensor([1.0, -1.0, 0.0]) / 0", "Tensor([2]) ** -1", "Tensor([2, 3]) ** 0.5", "Tensor([2, 3]) ** 2",
    "2 ** Tensor([2, 3])", "Tensor([True, False]) + Tensor([True, True])", "Tensor([True, False]) * Tensor([True, True])",
    "Tensor([True, False]) - Tensor([True, True])", "-Tensor([True, False])", "~Tensor([True, False])", "~Tensor([1, 2])",
    "~Tensor([1.0, 0.0])", "Tensor([1, 2]) & Tensor([3, 3])", "Tensor([True, False]) | Tensor([False, False])",
    "Tensor([1.0, 2.0]) + [1, 2]", "Tensor([1.0, 2.0]) + (1, 2)", "Tensor([1.0, 2.0]) + np.array([1.0, 2.0])",
    "np.array([1.0, 2.0]) + Tensor([1.0, 2.0])", "Tensor([1.0, 2.0]) == 2.0", "Tensor([1.0, 2.0]) == None",
    "Tensor([1, 2]) < 1.5", "abs(Tensor([-1, 2]))", "-Tensor([1, 2], ms.uint8)", "Tensor([3.7, -3.7]).round()",
    "ops.matmul(Tensor([[1, 2]], ms.int32), Tensor([[1.0], [2.0]]))", "ops.matmul(Tensor([[1.0, 2.0]], ms.float16), Tensor([[1.0], [2.0]]))",
    "ops.matmul(Tensor([[1, 2]]), Tensor([[3], [4]]))", "ops.cat((Tensor([1, 2], ms.int32), Tensor([1.0])))",
    "ops.exp(Tensor([1, 2]))", "ops.sqrt(Tensor([4, 9]))", "ops.sigmoid(Tensor([1, 2]))", "ops.softmax(Tensor([1, 2]))",
    "ops.relu(Tensor([-1, 2]))", "ops.abs(Tensor([-1, 2], ms.int8))", "Tensor([1.0, 2.0]) + Tensor([1.0, 2.0, 3.0])",
]
REDUCTIONS = ["t.sum()", "ops.sum(t)", "t.sum(axis=0)", "ops.sum(t, dim=1, keepdim=True)", "t.mean()", "ops.mean(t)",
              "t.mean(axis=1)", "t.prod()", "ops.prod(t)", "t.max()", "t.min()", "t.max(axis=1)", "ops.max(t, 1)",
              "ops.min(t, 0)", "t.argmax()", "t.argmin()", "t.argmax(1)", "t.argmin(1)", "t.argmax(axis=0, keepdims=True)",
              "ops.argmax(t)", "ops.argmax(t, dim=1)", "ops.argmin(t, 1)", "t.std()", "t.var()", "ops.cumsum(t, 0)",
              "t.cumsum(1)", "t.all()", "t.any()", "t.abs()", "t.norm()", "t.sum(1, keep_dims=True)",
              "ops.sum(t, dtype=ms.float32)"]
REDUCTION_DATA = "[[1, 2, 3], [4, 0, 7]]"
# Memory layout as users see it: strides follow the shape, and asnumpy() hands out a C-ordered array that
# shares a fresh op result's memory, whatever layout the op produced (a transpose, a broadcast, a Dense batch).
_DENSE_BATCH = "ms.nn.Dense(4, 3)(Tensor(np.ones((5, 4), np.float32)))"
LAYOUT_EXPRS = [
    "Tensor(np.zeros((2, 3, 4), np.float64)).strides", "Tensor(np.zeros((0, 3), np.int32)).strides",
    "Tensor(np.float32(1.0)).strides", "Tensor(np.arange(6, dtype=np.float32).reshape(2, 3)).T.strides",
    f"{_DENSE_BATCH}.strides", f"{_DENSE_BATCH}.asnumpy().flags.c_contiguous",
    "Tensor(np.arange(6, dtype=np.float32).reshape(2, 3)).T.asnumpy().flags.c_contiguous",
    "ops.broadcast_to(Tensor(np.array([1.0, 2.0], np.float32)), (3, 2)).asnumpy().flags.c_contiguous",
    "ops.broadcast_to(Tensor(np.array([1.0, 2.0], np.float32)), (3, 2)).asnumpy().flags.writeable",
    f"(lambda o: (o.asnumpy().__setitem__((0, 0), 42.0), float(o[0, 0]))[1])({_DENSE_BATCH})",
]
CREATION_EXPRS = [
    "ops.ones(5)", "ops.ones((2, 3))", "ops.ones([2, 3])", "ops.ones(Tensor([2, 3]))", "ops.ones(5, ms.int32)",
    "ops.ones((2,), dtype=ms.float64)", "ops.ones(2, 3)", "ops.ones(())", "ops.zeros(3)", "ops.zeros((2, 2), ms.bool_)",
    "ops.ones_like(Tensor([1, 2]))", "ops.ones_like(Tensor([1.0, 2.0], ms.float16))", "ops.zeros_like(Tensor([1, 2], ms.int32))",
    "ops.ones_like(Tensor([1, 2]), dtype=ms.float32)", "ops.full((2,), 3.5)", "ops.full((2,), 3)", "ops.full((2,), True)",
    "ops.full((2,), 3.5, dtype=ms.float32)", "ops.full((2, 2), -1.5, dtype=ms.float64)", "ops.fill(ms.float32, (2,), 1)",
    "ops.arange(5)", "ops.arange(0, 1, 0.25)", "ops.arange(1, 4)", "ops.arange(5, dtype=ms.float32)", "ops.arange(1.0, 4.0)",
    "ops.arange(0, 5, 2)", "ops.arange(Tensor(3))", "ops.linspace(0, 1, 5)", "ops.linspace(0, 10, 3)",
    "ops.linspace(Tensor(0.0), Tensor(1.0), 3)", "ops.eye(2)", "ops.eye(2, 3)", "ops.eye(2, 3, ms.int32)",
    "ops.one_hot(Tensor([0, 2]), 3)", "ops.one_hot(Tensor([0, 2], ms.int32), 3)",
    "ops.one_hot(Tensor([0, 2]), 3, Tensor(1.0), Tensor(0.0))", "ops.one_hot(Tensor([0, 2]), 3, 1.0, 0.0)",
    "ops.one_hot(Tensor([[0], [1]]), 2, axis=0)", "ops.zeros_like(Tensor([True]))", "ops.ones(5).dtype",
    "ms.numpy.ones(2)", "ms.numpy.arange(3)", "ms.numpy.zeros((2,), ms.int32)",
]
RANDOM_EXPRS = ["ops.rand(2, 3)", "ops.randn(2, 3)", "ops.randint(0, 5, (2, 3))", "ops.rand(2, dtype=ms.float64)",
                "ops.randn((2,))", "ops.uniform((2,), Tensor(0.0), Tensor(1.0))", "ops.standard_normal((2,))",
                "ops.rand_like(Tensor([1.0, 2.0]))", "ops.randint_like(Tensor([1, 2]), 0, 5)"]


RESULT_MARK = "@@golden-result "


class Evaluator:
    """Evaluates expressions in a child process, so that one which crashes MindSpore is recorded.

    Some combinations segfault (a float16 Tensor times a 0-d bfloat16 Tensor); the child is then
    restarted and the expression recorded as 'crash:<signal>'.
    """

    def __init__(self):
        self.child = None

    def ask(self, how, expr, retried=False):
        """describe(expr) (how='describe' / 'describe_no_value') or result_dtype(expr) (how='dtype')."""
        if self.child is None:
            self.child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker"], text=True,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.child.stdin.write(json.dumps([how, expr]) + "\n")
        self.child.stdin.flush()
        for line in self.child.stdout:
            if line.startswith(RESULT_MARK):
                return json.loads(line[len(RESULT_MARK):])
        code = self.child.wait()
        self.child = None
        if not retried:  # the crash may come from state left by earlier expressions: try a fresh child
            return self.ask(how, expr, retried=True)
        crash = f"crash:signal {-code}" if code < 0 else f"crash:exit {code}"
        return crash if how == "dtype" else {"expr": expr, "error": crash}

    def close(self):
        """Let the child process finish."""
        if self.child is not None:
            self.child.stdin.close()
            self.child.wait()


def serve():
    """Child side of Evaluator: one JSON request per stdin line, one marked JSON answer per line."""
    for line in sys.stdin:
        how, expr = json.loads(line)
        answer = result_dtype(expr) if how == "dtype" else describe(expr, with_value=how == "describe")
        print(RESULT_MARK + json.dumps(answer), flush=True)


def bind_t(call, data):
    """The reduction call with its tensor `t` replaced by the data expression."""
    return call.replace("t.", f"{data}.", 1) if call.startswith("t.") else call.replace("(t", f"({data}", 1)


def main():
    """Evaluate every table and write tests/golden/tensor.json."""
    ev = Evaluator()
    reductions = {}
    for dtype in ["bool_", "int8", "uint8", "int32", "int64", "float16", "float32", "float64"]:
        data = f"Tensor(np.array({REDUCTION_DATA}), ms.{dtype})"
        reductions[dtype] = [{key: value for key, value in ev.ask("describe", bind_t(r, data)).items()
                              if key not in ("repr", "str")} | {"call": r} for r in REDUCTIONS]
    meta = {
        "group": "tensor", "generator": "tools/golden/gen_tensor.py", "mindspore_version": ms.__version__,
        "numpy_version": np.__version__,
        "note": "expr is evaluated with np, ms, ops, Tensor, Parameter bound; repr/str are of its result; "
                "an entry with 'error' records the exception instead. Reductions use t = "
                f"Tensor(np.array({REDUCTION_DATA}), ms.<dtype>). Promotion tables map op -> left dtype -> a row "
                "aligned with promotion.columns (or scalar_columns): str(result dtype), 'error:...' or 'crash:...'.",
        "reprs": [ev.ask("describe_no_value", e) for e in REPR_EXPRS],  # the repr shows the values
        "formats": [ev.ask("describe", e) for e in FORMAT_EXPRS],
        "construction": [ev.ask("describe", e) for e in CONSTRUCTION_EXPRS],
        "arithmetic": [ev.ask("describe", e) for e in ARITHMETIC_EXPRS],
        "reductions": reductions,
        "creation": [ev.ask("describe", e) for e in CREATION_EXPRS],
        "random_creation": [ev.ask("describe_no_value", e) for e in RANDOM_EXPRS],
        "layout": [ev.ask("describe", e) for e in LAYOUT_EXPRS],
        "promotion": promotion_tables(ev),
    }
    ev.close()
    for entry in meta["random_creation"]:  # random values: keep dtype and shape only
        entry.pop("repr", None)
        entry.pop("str", None)
    text = json.dumps(meta, indent=1)
    # innermost lists and dicts (values, dtype rows) on one line; only whitespace outside strings changes
    for innermost in (r"\[[^\[\]{}]*\]", r"\{[^\[\]{}]*\}"):
        text = re.sub(innermost, lambda m: re.sub(r"\s*\n\s*", " ", m.group()), text)
    assert json.loads(text) == json.loads(json.dumps(meta))
    with open(GOLDEN, "w") as f:
        f.write(text + "\n")
    errors = sum("error" in e for key in ("reprs", "formats", "construction", "arithmetic", "creation")
                 for e in meta[key])
    print(f"tensor: {len(REPR_EXPRS)} reprs, {len(CONSTRUCTION_EXPRS)} constructions, {errors} errors recorded, "
          f"{os.path.getsize(GOLDEN) / 1024:.1f} KiB")


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        serve()
    else:
        main()
