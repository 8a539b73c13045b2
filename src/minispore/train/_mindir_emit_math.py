"""Which MindSpore 2.10 primitives minispore's math and shape primitives become in a MindIR file.

Each entry of MATH_EMITTERS (elementwise, reductions, shapes; the layer primitives are in
_mindir_emit_nn.py) writes one captured node with the conventions MindSpore 2.10 itself uses when
it exports (studied from its files: tools/golden/gen_mindir.py): arguments as inputs of "primitive
functions" (`ReduceSum(x, axis, keep_dims, skip_mode)`, `Softmax(x, (axis,))`), attributes on the
classic primitives (`Conv2D`, `MaxPool`, `Stack`, `PadV3`), a dtype as its TypeId. Operands whose
dtype differs from the one the op computes in are cast first, so every node sees one dtype.
"""
import numpy as np

from minispore._graph.capture import Value
from minispore.train._mindir_index import emit_getitem, strided_slice
from minispore.train._mindir_writer import CLASSIC, TYPE_ID, Spec, dtype_of, spec_of

__all__ = ["MATH_EMITTERS", "LOG_ATTRS", "NCHW", "VALID"]

NCHW, VALID = 0, 2  # MindSpore's Format and PadMode enums, as primitive-function arguments
LOG_ATTRS = {"shift": 0.0, "scale": 1.0, "cust_aicpu": "Log", "base": -1.0}  # as MindSpore writes Log


def _unary(op_type, prim_type=2, attrs=None):
    def emit_unary(b, node):
        x = node.ins[0]
        return [b.node(op_type, [b.operand(x, dtype_of(x))], spec_of(node), attrs, prim_type)]
    return emit_unary


def _arithmetic(op_type):
    """Both operands in the output's dtype (MindSpore's implicit promotion, made explicit)."""
    def emit_arithmetic(b, node):
        dtype = spec_of(node).dtype
        return [b.node(op_type, [b.operand(x, dtype) for x in node.ins], spec_of(node))]
    return emit_arithmetic


def _comparison(op_type, prim_type=2):
    """Both operands in their common dtype; the result is Bool (or the bitwise op's integer type)."""
    def emit_comparison(b, node):
        dtype = np.result_type(*(np.dtype(dtype_of(x)) for x in node.ins)).name
        return [b.node(op_type, [b.operand(x, dtype) for x in node.ins], spec_of(node), prim_type=prim_type)]
    return emit_comparison


def _alias(b, node):
    return [b.ref(x) for x in node.ins]


def _where(b, node):
    condition, x, y = node.ins
    dtype = spec_of(node).dtype
    return [b.node("Select", [b.operand(condition, "bool"), b.operand(x, dtype), b.operand(y, dtype)],
                   spec_of(node))]


def _clamp(b, node):
    x = node.ins[0]
    low, high = (None if v is None else float(v) if spec_of(node).dtype.startswith(("float", "bfloat")) else int(v)
                 for v in (node.attrs["low"], node.attrs["high"]))
    return [b.node("ClampScalar", [b.ref(x), b.constant(low), b.constant(high)], spec_of(node))]


def _cast(b, node):
    dtype = spec_of(node).dtype
    return [b.node("Cast", [b.ref(node.ins[0]), b.constant(TYPE_ID[dtype])], spec_of(node))]


def _round(b, node):
    return [b.node("Round", [b.ref(node.ins[0]), b.constant(0)], spec_of(node))]


def _axes(axis, ndim):
    if axis is None:
        return ()
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(int(a) % ndim if ndim else int(a) for a in axes)


def _reduce(op_type, skip_mode=False):
    def emit_reduce(b, node):
        x = node.ins[0]
        axis = _axes(node.attrs["axis"], len(x.shape))
        inputs = [b.ref(x), b.constant(axis), b.constant(bool(node.attrs["keepdims"]))]
        if skip_mode:
            inputs.append(b.constant(False))
        return [b.node(op_type, inputs, spec_of(node))]
    return emit_reduce


def _arg(op_type):
    def emit_arg(b, node):
        x, axis, keep = node.ins[0], node.attrs["axis"], node.attrs["keepdims"]
        name = b.ref(x)
        if axis is None:
            name = b.node("Reshape", [name, b.constant((-1,))], Spec((int(np.prod(x.shape)),), x.dtype))
            axis = 0
        spec = spec_of(node)
        reduced = Spec([n for i, n in enumerate(x.shape) if i != int(axis) % max(len(x.shape), 1)] if x.shape else (),
                       spec.dtype) if keep else spec
        name = b.node(op_type, [name, b.constant(int(axis)), b.constant(TYPE_ID[spec.dtype])], reduced)
        if keep:
            name = b.node("Reshape", [name, b.constant(spec.shape)], spec)
        return [name]
    return emit_arg


def _cumulative(op_type):
    def emit_cumulative(b, node):
        inputs = [b.ref(node.ins[0]), b.constant(int(node.attrs["axis"])), b.constant(False), b.constant(False)]
        return [b.node(op_type, inputs, spec_of(node))]
    return emit_cumulative


def _logsumexp(b, node):
    x, keep = node.ins[0], node.attrs["keepdims"]
    axis = _axes(node.attrs["axis"], len(x.shape))
    kept = Spec([1 if i in axis or not axis else n for i, n in enumerate(x.shape)], x.dtype)
    name = b.ref(x)
    peak = b.node("ReduceMax", [name, b.constant(axis), b.constant(True)], kept)
    finite = b.node("IsFinite", [peak], Spec(kept.shape, "bool"))
    zero = b.tensor_constant(np.zeros((), dtype_of(x)))
    peak = b.node("Select", [finite, peak, zero], kept)
    shifted = b.node("Exp", [b.node("Sub", [name, peak], Spec.of(x))], Spec.of(x))
    total = b.node("ReduceSum", [shifted, b.constant(axis), b.constant(True), b.constant(False)], kept)
    out = b.node("Add", [b.node("Log", [total], kept, LOG_ATTRS), peak], kept)
    return [out if keep else b.node("Reshape", [out, b.constant(spec_of(node).shape)], spec_of(node))]


def _softmax(b, node):
    return [b.node("Softmax", [b.ref(node.ins[0]), b.constant((int(node.attrs["axis"]),))], spec_of(node))]


def _log_softmax(b, node):
    return [b.node("LogSoftmax", [b.ref(node.ins[0]), b.constant(int(node.attrs["axis"]))], spec_of(node))]


def _reshape(b, node):
    return [b.node("Reshape", [b.ref(node.ins[0]), b.constant(spec_of(node).shape)], spec_of(node))]


def _transpose(b, node):
    perm = tuple(int(p) for p in node.attrs["perm"])
    return [b.node("Transpose", [b.ref(node.ins[0]), b.constant(perm)], spec_of(node))]


def _broadcast_to(b, node):
    return [b.node("BroadcastTo", [b.ref(node.ins[0]), b.constant(spec_of(node).shape)], spec_of(node))]


def _flip(b, node):
    axis = _axes(node.attrs["axis"], len(node.ins[0].shape)) or tuple(range(len(node.ins[0].shape)))
    return [b.node("ReverseV2", [b.ref(node.ins[0]), b.constant(axis)], spec_of(node))]


def _tile(b, node):
    return [b.node("Tile", [b.ref(node.ins[0]), b.constant(tuple(int(r) for r in node.attrs["reps"]))], spec_of(node))]


def _sequence(b, node, dtype):
    parts = [b.operand(x, dtype) for x in node.ins]
    specs = [Spec(x.shape, dtype) if isinstance(x, Value) else Spec(np.shape(x), dtype) for x in node.ins]
    return b.make_tuple(parts, specs)


def _concat(b, node):
    axis = int(node.attrs["axis"]) % len(spec_of(node).shape)
    return [b.node("Concat", [_sequence(b, node, spec_of(node).dtype), b.constant(axis)], spec_of(node))]


def _stack(b, node):
    axis = int(node.attrs["axis"]) % len(spec_of(node).shape)
    count = len(node.ins)
    return [b.node("Stack", [_sequence(b, node, spec_of(node).dtype)], spec_of(node),
                   {"axis": axis, "num": count, "N": count}, CLASSIC)]


def _split(b, node):
    x = node.ins[0]
    axis = int(node.attrs["axis"]) % len(x.shape)
    name = b.ref(x)
    bounds = [0] + [int(s) for s in node.attrs["sections"]] + [x.shape[axis]]
    outs = []
    for number, (start, stop) in enumerate(zip(bounds, bounds[1:])):
        begin = [0] * len(x.shape)
        end = list(x.shape)
        begin[axis], end[axis] = start, stop
        outs.append(strided_slice(b, name, begin, end, [1] * len(x.shape), spec_of(node, number)))
    return outs


def _gather(b, node):
    x, indices = node.ins
    inputs = [b.ref(x), b.operand(indices, dtype_of(indices)), b.constant(int(node.attrs["axis"]) % len(x.shape)),
              b.constant(0)]
    return [b.node("Gather", inputs, spec_of(node))]


def _gather_elements(b, node):
    x, index = node.ins
    axis = int(node.attrs["axis"]) % len(x.shape)
    return [b.node("GatherD", [b.ref(x), b.constant(axis), b.operand(index, dtype_of(index))], spec_of(node))]


def _pad(b, node):
    x = node.ins[0]
    return [b.pad(b.ref(x), node.attrs["widths"], node.attrs["value"], dtype_of(x), spec_of(node))]


def _one_hot(b, node):
    indices, on, off = node.ins
    dtype = spec_of(node).dtype
    inputs = [b.ref(indices), b.constant(int(node.attrs["depth"])), b.operand(on, dtype), b.operand(off, dtype),
              b.constant(int(node.attrs["axis"]))]
    return [b.node("OneHot", inputs, spec_of(node))]


def _sort(b, node):
    x = node.ins[0]
    axis = int(node.attrs["axis"]) % len(x.shape)
    specs = [spec_of(node, 0), Spec(x.shape, "int32")]
    pair = b.node("Sort", [b.ref(x)], specs, {"axis": axis, "descending": bool(node.attrs["descending"])}, CLASSIC)
    return _values_and_indices(b, node, pair, specs)


def _topk(b, node):
    x = node.ins[0]
    k, axis, largest = int(node.attrs["k"]), int(node.attrs["axis"]) % len(x.shape), node.attrs["largest"]
    if axis != len(x.shape) - 1 or not largest:
        raise NotImplementedError("topk over an axis other than the last, or of the smallest values")
    specs = [spec_of(node, 0), Spec(spec_of(node, 0).shape, "int32")]
    pair = b.node("TopK", [b.ref(x), b.constant(k)], specs, {"sorted": True}, CLASSIC)
    return _values_and_indices(b, node, pair, specs)


def _values_and_indices(b, node, pair, specs):
    values = b.tuple_get_item(pair, 0, specs[0])
    indices = b.tuple_get_item(pair, 1, specs[1])
    indices = b.node("Cast", [indices, b.constant(TYPE_ID[spec_of(node, 1).dtype])], spec_of(node, 1))
    return [values, indices]



MATH_EMITTERS = {
    "neg": _unary("Neg"), "exp": _unary("Exp"), "log": _unary("Log", attrs=LOG_ATTRS), "sqrt": _unary("Sqrt"),
    "rsqrt": _unary("Rsqrt"), "abs": _unary("Abs"), "sign": _unary("Sign"), "sin": _unary("Sin"),
    "cos": _unary("Cos"), "tan": _unary("Tan"), "tanh": _unary("Tanh"), "erf": _unary("Erf"),
    "log1p": _unary("Log1p"), "expm1": _unary("Expm1"), "atan": _unary("Atan"), "acos": _unary("ACos"),
    "asin": _unary("Asin"), "sinh": _unary("Sinh"), "cosh": _unary("Cosh"), "sigmoid": _unary("Sigmoid"),
    "softplus": _unary("Softplus", CLASSIC), "relu": _unary("ReLU"), "floor": _unary("Floor"),
    "ceil": _unary("Ceil"), "trunc": _unary("Trunc"), "isnan": _unary("IsNan", CLASSIC),
    "isinf": _unary("IsInf"), "isfinite": _unary("IsFinite"), "logical_not": _unary("LogicalNot"),
    "bitwise_not": _unary("Invert"), "round": _round,
    "add": _arithmetic("Add"), "sub": _arithmetic("Sub"), "mul": _arithmetic("Mul"), "div": _arithmetic("Div"),
    "pow": _arithmetic("Pow"), "maximum": _arithmetic("Maximum"), "minimum": _arithmetic("Minimum"),
    "floor_divide": _arithmetic("FloorDiv"), "remainder": _arithmetic("FloorMod"),
    "equal": _comparison("Equal"), "not_equal": _comparison("NotEqual"), "less": _comparison("Less"),
    "less_equal": _comparison("LessEqual"), "greater": _comparison("Greater"),
    "greater_equal": _comparison("GreaterEqual"), "logical_and": _comparison("LogicalAnd"),
    "logical_or": _comparison("LogicalOr"), "logical_xor": _comparison("LogicalXor"),
    "bitwise_and": _comparison("BitwiseAnd", CLASSIC), "bitwise_or": _comparison("BitwiseOr", CLASSIC),
    "bitwise_xor": _comparison("BitwiseXor", CLASSIC),
    "where": _where, "clamp": _clamp, "cast": _cast,
    "identity": _alias, "identity_copy": _alias, "stop_gradient": _alias, "identity_n": _alias,
    "sum": _reduce("ReduceSum", skip_mode=True), "mean": _reduce("ReduceMean"), "amax": _reduce("ReduceMax"),
    "amin": _reduce("ReduceMin"), "prod": _reduce("ReduceProd"), "any": _reduce("ReduceAny"),
    "all": _reduce("ReduceAll"), "argmax": _arg("Argmax"), "argmin": _arg("Argmin"),
    "cumsum": _cumulative("CumSum"), "cumprod": _cumulative("CumProd"), "logsumexp": _logsumexp,
    "softmax": _softmax, "log_softmax": _log_softmax,
    "reshape": _reshape, "expand_dims": _reshape, "squeeze": _reshape, "transpose": _transpose,
    "broadcast_to": _broadcast_to, "flip": _flip, "tile": _tile, "concat": _concat, "stack": _stack,
    "split": _split, "getitem": emit_getitem, "gather": _gather, "gather_elements": _gather_elements,
    "pad": _pad, "one_hot": _one_hot, "sort": _sort, "topk": _topk,
}
