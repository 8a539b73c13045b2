"""Generated calls of the elementwise ops: unary math and activations, binary arithmetic and comparisons.

Valid calls are compared with NumPy computed in float64 and cast to the dtype golden MindSpore gives;
calls MindSpore refuses (and minispore does not compute by a documented policy) must raise.
"""
import math

import numpy as np

import minispore as ms
from minispore import ops
from tests.fuzz import strategies as S
from tests.fuzz.harness import ANY, MUST_RAISE, Case, assert_same
from tests.fuzz.oracles import RAISES, UNCHECKED, expected_dtype

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _softplus(x):
    return np.logaddexp(0.0, x)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _relu6(x):
    return np.minimum(np.maximum(x, 0.0), 6.0)


def _sign(x):
    return np.where(np.isnan(x), 0, np.sign(x)).astype(x.dtype)  # MindSpore 2.10: sign(nan) is 0


UNARY = {
    "abs": np.abs, "neg": np.negative, "sign": _sign, "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
    "rsqrt": lambda x: 1.0 / np.sqrt(x), "square": np.square, "reciprocal": lambda x: 1.0 / x, "sin": np.sin,
    "cos": np.cos, "tan": np.tan, "tanh": np.tanh, "erf": _erf, "log1p": np.log1p, "expm1": np.expm1,
    "atan": np.arctan, "floor": np.floor, "ceil": np.ceil, "round": np.round, "acos": np.arccos, "asin": np.arcsin,
    "sinh": np.sinh, "cosh": np.cosh, "trunc": np.trunc, "sigmoid": _sigmoid,
    "relu": lambda x: np.maximum(x, np.zeros((), x.dtype)), "relu6": _relu6,
    "gelu": lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2))), "silu": lambda x: x * _sigmoid(x),
    "mish": lambda x: x * np.tanh(_softplus(x)), "hardswish": lambda x: x * _relu6(x + 3) / 6,
    "hardsigmoid": lambda x: _relu6(x + 3) / 6, "logsigmoid": lambda x: -_softplus(-x),
    "softsign": lambda x: x / (1 + np.abs(x)), "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    # Integer leaky_relu multiplies by int(alpha), as MindSpore's integer kernel does.
    "leaky_relu": lambda x: np.where(x > 0, x, x * (0.2 if x.dtype.kind == "f" else 0)), "isnan": np.isnan, "isinf": np.isinf,
    "isfinite": np.isfinite, "logical_not": np.logical_not, "bitwise_not": np.invert,
    "softplus": lambda x: np.where(x > 20, x, _softplus(x)),
}
# Ops whose integer results NumPy computes on the integers themselves (wrapping as MindSpore does).
_INTEGER_EXACT = ("abs", "neg", "sign", "square", "relu", "trunc", "round", "bitwise_not", "floor", "ceil",
                  "leaky_relu")

BINARY = {
    # bool - bool is a logical xor in MindSpore (NumPy refuses it).
    "add": np.add, "sub": lambda x, y: np.logical_xor(x, y) if x.dtype == bool else np.subtract(x, y), "mul": np.multiply, "div": np.true_divide, "floor_divide": np.floor_divide,
    "remainder": np.remainder, "pow": np.power, "maximum": np.maximum, "minimum": np.minimum, "equal": np.equal,
    "not_equal": np.not_equal, "less": np.less, "less_equal": np.less_equal, "greater": np.greater,
    "greater_equal": np.greater_equal, "logical_and": np.logical_and, "logical_or": np.logical_or,
    "logical_xor": np.logical_xor, "bitwise_and": np.bitwise_and, "bitwise_or": np.bitwise_or,
    "bitwise_xor": np.bitwise_xor, "xlogy": lambda x, y: x * np.log(y),
}


def _reference(fn, arrays, dtype, exact_ints):
    """fn on the inputs in float64 (or on the integers themselves), cast to `dtype`."""
    with np.errstate(all="ignore"):
        if exact_ints and all(a.dtype.kind in "iub" for a in arrays):
            out = fn(*arrays)
        else:
            out = fn(*[a.astype(np.float64) for a in arrays])
        return np.asarray(out).astype(dtype)


def _check_close(result, reference):
    # float16 results are rounded once by minispore and once by the reference: allow a few ulps.
    assert_same(result, reference, rtol=4e-3 if reference.dtype == np.float16 else None)


def unary_case(name):
    fn = UNARY[name]

    def generate(draw):
        t, data = S.tensor(draw)
        expected = expected_dtype(name, data.dtype)
        call = lambda: getattr(ops, name)(t)  # noqa: E731
        label = f"ops.{name}(Tensor(shape={data.shape}, {data.dtype}))"
        if expected == RAISES:
            return Case(name, label, call, expect=MUST_RAISE)
        if expected == UNCHECKED:
            return Case(name, label, call, expect=ANY)
        exact = name in _INTEGER_EXACT and expected.kind in "iub"
        return Case(name, label, call, expect=lambda: _reference(fn, [data], expected, exact), check=_check_close)
    return generate


def _broadcastable(a, b):
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        return None


def binary_case(name):
    fn = BINARY[name]

    def generate(draw):
        dtype = draw(S.st.sampled_from(S.ALL))
        shape_x = S.shape(draw, max_dims=3)
        # Broadcastable most of the time: drop or set to 1 some leading dims of x's shape.
        if draw(S.st.integers(0, 4)):
            shape_y = tuple(1 if draw(S.st.integers(0, 3)) == 0 else n for n in shape_x[draw(S.st.integers(0, len(shape_x))):])
        else:
            shape_y = S.shape(draw, max_dims=3)
        x = S.array(draw, dtype, shape_x)
        y = S.array(draw, dtype, shape_y, low=1 if name in ("floor_divide", "remainder") else -4)
        expected = expected_dtype(name, x.dtype)
        tx, ty = ms.Tensor(x), ms.Tensor(y)
        call = lambda: getattr(ops, name)(tx, ty)  # noqa: E731
        label = f"ops.{name}(Tensor(shape={shape_x}, {dtype}), Tensor(shape={shape_y}, {dtype}))"
        if expected == RAISES or _broadcastable(shape_x, shape_y) is None:
            return Case(name, label, call, expect=MUST_RAISE)
        if expected == UNCHECKED or (name == "pow" and expected.kind in "iu"):
            return Case(name, label, call, expect=ANY)
        return Case(name, label, call, expect=lambda: _reference(fn, [x, y], expected, True), check=_check_close)
    return generate


def scalar_operand_case(draw):
    """A Tensor with a Python scalar: Python numbers are weak (spec §2.8), never widen a float Tensor."""
    name = draw(S.st.sampled_from(("add", "sub", "mul", "div", "maximum", "minimum", "pow")))
    t, data = S.tensor(draw, S.FLOATS, max_dims=3)
    scalar = draw(S.st.sampled_from((2, -1, 0.5, 3.0, True)))
    label = f"ops.{name}(Tensor(shape={data.shape}, {data.dtype}), {scalar!r})"
    fn = BINARY[name]
    return Case(name, label, lambda: getattr(ops, name)(t, scalar),
                expect=lambda: _reference(fn, [data, np.asarray(float(scalar))], data.dtype, False), check=_check_close)


def non_tensor_case(draw):
    """A list, None, a string or a NumPy array where an op wants a Tensor: a TypeError naming the op."""
    name = draw(S.st.sampled_from(sorted(UNARY)))
    value = draw(S.st.sampled_from((None, "abc", [1.0, 2.0], [[1.0, -2.0]], (1.0, 2.0), {"a": 1})))
    return Case(name, f"ops.{name}({value!r})", lambda: getattr(ops, name)(value), expect=MUST_RAISE)


# (dtype of x, dtype of y) -> the dtype MindSpore's where gives (tests/golden/fuzz_decisions.json).
_WHERE_PAIRS = {("float32", "complex64"): "complex64", ("complex64", "float32"): "complex64",
                ("int32", "float32"): "float32", ("float16", "float32"): "float32",
                ("float32", "float32"): "float32", ("complex64", "complex64"): "complex64", ("int32", "int32"): "int32"}


def _mixed_where(draw):
    """ops.where with operands of two dtypes (complex included): the promoted dtype, no part dropped."""
    (a, b), out = draw(S.st.sampled_from(sorted(_WHERE_PAIRS.items())))
    shape = S.shape(draw, max_dims=2)
    cond = S.array(draw, "bool", shape)

    def values(kind):
        if kind == "complex64":
            real = S.array(draw, "float32", shape, special=False)
            return (real + 1j * S.array(draw, "float32", shape, special=False)).astype(np.complex64)
        return S.array(draw, kind, shape, special=False)
    x, y = values(a), values(b)
    return Case("where", f"ops.where(cond, Tensor({a}), Tensor({b}))",
                lambda: ops.where(ms.Tensor(cond), ms.Tensor(x), ms.Tensor(y)),
                expect=lambda: np.where(cond, x, y).astype(out))


SPECS = {f"unary:{name}": unary_case(name) for name in UNARY}
SPECS.update({f"binary:{name}": binary_case(name) for name in BINARY})
SPECS.update({"binary:scalar": scalar_operand_case, "unary:non_tensor": non_tensor_case, "where:mixed": _mixed_where})
