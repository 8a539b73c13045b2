"""Which standard ONNX operators (opset 18) each minispore primitive becomes.

Operands are cast to the dtype the primitive computes in, as in the MindIR writer, so every ONNX
node sees one input type. A primitive with no ONNX operator of its own is written as the operators
that compute it (rsqrt, log1p, trunc, a cumulative product along a static axis).
"""
import numpy as np

from minispore._backend.host import host_value
from minispore._graph.capture import Value
from minispore.onnx._writer import OPSET, host_dtype

__all__ = ["EMITTERS", "emit", "emitter_for"]

_INT64_MIN = np.iinfo(np.int64).min


def _dtype(x):
    return host_dtype(x.dtype) if isinstance(x, Value) else host_value(x).dtype


def _out(node, number=0):
    return node.outs[number]


def _unary(op_type):
    return lambda b, node: [b.node(op_type, [b.ref(node.ins[0])])]


def _composite(fn):
    """A unary primitive written as several ONNX nodes: fn(b, name, dtype) -> name."""
    return lambda b, node: [fn(b, b.ref(node.ins[0]), _dtype(node.ins[0]))]


def _one(b, dtype):
    return b.constant(np.ones((), dtype))


def _arithmetic(op_type):
    def emit_arithmetic(b, node):
        dtype = host_dtype(_out(node).dtype)
        return [b.node(op_type, [b.operand(x, dtype) for x in node.ins])]
    return emit_arithmetic


def _common(node):
    return np.result_type(*(_dtype(x) for x in node.ins))


def _comparison(op_type, negate=False):
    def emit_comparison(b, node):
        dtype = _common(node)
        out = b.node(op_type, [b.operand(x, dtype) for x in node.ins])
        return [b.node("Not", [out]) if negate else out]
    return emit_comparison


def _bitwise(logical, op_type):
    """Logical operators on Bool, bitwise ones on integers."""
    def emit_bitwise(b, node):
        dtype = _common(node)
        return [b.node(logical if dtype == np.bool_ else op_type, [b.operand(x, dtype) for x in node.ins])]
    return emit_bitwise


def _bitwise_not(b, node):
    x = node.ins[0]
    return [b.node("Not" if _dtype(x) == np.bool_ else "BitwiseNot", [b.ref(x)])]


def _floor_divide(b, node):
    dtype = host_dtype(_out(node).dtype)
    x, y = (b.operand(v, dtype) for v in node.ins)
    if dtype.kind == "f":
        return [b.node("Floor", [b.node("Div", [x, y])])]
    return [b.node("Div", [b.node("Sub", [x, b.node("Mod", [x, y], fmod=0)]), y])]  # exact for integers


def _remainder(b, node):
    dtype = host_dtype(_out(node).dtype)
    x, y = (b.operand(v, dtype) for v in node.ins)
    if dtype.kind == "f":  # Python's sign convention: x - floor(x / y) * y
        return [b.node("Sub", [x, b.node("Mul", [b.node("Floor", [b.node("Div", [x, y])]), y])])]
    return [b.node("Mod", [x, y], fmod=0)]


def _where(b, node):
    condition, x, y = node.ins
    dtype = host_dtype(_out(node).dtype)
    return [b.node("Where", [b.operand(condition, np.bool_), b.operand(x, dtype), b.operand(y, dtype)])]


def _clamp(b, node):
    dtype = host_dtype(_out(node).dtype)
    bounds = ["" if v is None else b.constant(host_value(v).astype(dtype))
              for v in (node.attrs["low"], node.attrs["high"])]
    return [b.node("Clip", [b.ref(node.ins[0])] + bounds)]


def _cast(b, node):
    return [b.cast(b.ref(node.ins[0]), _out(node).dtype)]


def _alias(b, node):
    return [b.ref(x) for x in node.ins]


def _axes(axis, ndim):
    if axis is None:
        return None
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return [int(a) % max(ndim, 1) for a in axes]


def _reduce(op_type):
    def emit_reduce(b, node):
        x = node.ins[0]
        axes = _axes(node.attrs["axis"], len(x.shape))
        keep = int(bool(node.attrs["keepdims"]))
        return [b.node(op_type, [b.ref(x)] + ([b.ints(axes)] if axes else []), keepdims=keep)]
    return emit_reduce


def _logical_reduce(op_type):
    """any / all: the max / min over Bool as 0/1 integers."""
    def emit_logical(b, node):
        x = node.ins[0]
        axes = _axes(node.attrs["axis"], len(x.shape))
        as_int = b.cast(b.ref(x), np.int32)
        out = b.node(op_type, [as_int] + ([b.ints(axes)] if axes else []), keepdims=int(bool(node.attrs["keepdims"])))
        return [b.cast(out, np.bool_)]
    return emit_logical


def _arg(op_type):
    def emit_arg(b, node):
        x, axis = node.ins[0], node.attrs["axis"]
        name = b.ref(x)
        if axis is None:
            name, axis = b.node("Reshape", [name, b.ints([-1])]), 0
        out = b.node(op_type, [name], axis=int(axis), keepdims=int(bool(node.attrs["keepdims"])))
        return [out if host_dtype(_out(node).dtype) == np.int64 else b.cast(out, _out(node).dtype)]
    return emit_arg


def _cumsum(b, node):
    axis = int(node.attrs["axis"]) % len(node.ins[0].shape)
    return [b.node("CumSum", [b.ref(node.ins[0]), b.ints(axis)])]


def _logsumexp(b, node):
    x, keep = node.ins[0], bool(node.attrs["keepdims"])
    axes = _axes(node.attrs["axis"], len(x.shape)) or list(range(len(x.shape)))
    name = b.ref(x)
    peak = b.node("ReduceMax", [name, b.ints(axes)], keepdims=1)
    finite = b.node("Not", [b.node("Or", [b.node("IsNaN", [peak]), b.node("IsInf", [peak])])])
    peak = b.node("Where", [finite, peak, b.constant(np.zeros((), _dtype(x)))])
    total = b.node("ReduceSum", [b.node("Exp", [b.node("Sub", [name, peak])]), b.ints(axes)], keepdims=1)
    out = b.node("Add", [b.node("Log", [total]), peak])
    return [out if keep else b.node("Reshape", [out, b.ints(_out(node).shape)])]


def _softmax(op_type):
    return lambda b, node: [b.node(op_type, [b.ref(node.ins[0])], axis=int(node.attrs["axis"]))]


def _reshape(b, node):
    return [b.node("Reshape", [b.ref(node.ins[0]), b.ints(_out(node).shape)])]


def _transpose(b, node):
    return [b.node("Transpose", [b.ref(node.ins[0])], perm=[int(p) for p in node.attrs["perm"]])]


def _broadcast_to(b, node):
    return [b.node("Expand", [b.ref(node.ins[0]), b.ints(_out(node).shape)])]


def _flip(b, node):
    x = node.ins[0]
    axes = _axes(node.attrs["axis"], len(x.shape)) or list(range(len(x.shape)))
    ones = [-1] * len(axes)
    return [b.node("Slice", [b.ref(x), b.ints(ones), b.ints([_INT64_MIN] * len(axes)), b.ints(axes), b.ints(ones)])]


def _tile(b, node):
    x = node.ins[0]
    reps = [int(r) for r in node.attrs["reps"]]
    name = b.ref(x)
    if len(reps) != len(x.shape):  # NumPy pads the shorter of the two with leading 1s
        size = max(len(reps), len(x.shape))
        name = b.node("Reshape", [name, b.ints([1] * (size - len(x.shape)) + list(x.shape))])
        reps = [1] * (size - len(reps)) + reps
    return [b.node("Tile", [name, b.ints(reps)])]


def _concat(b, node):
    dtype = host_dtype(_out(node).dtype)
    axis = int(node.attrs["axis"]) % len(_out(node).shape)
    return [b.node("Concat", [b.operand(x, dtype) for x in node.ins], axis=axis)]


def _stack(b, node):
    dtype = host_dtype(_out(node).dtype)
    axis = int(node.attrs["axis"]) % len(_out(node).shape)
    parts = [b.node("Unsqueeze", [b.operand(x, dtype), b.ints([axis])]) for x in node.ins]
    return [b.node("Concat", parts, axis=axis)]


def _split(b, node):
    x = node.ins[0]
    axis = int(node.attrs["axis"]) % len(x.shape)
    bounds = [0] + [int(s) for s in node.attrs["sections"]] + [x.shape[axis]]
    name = b.ref(x)
    return [b.node("Slice", [name, b.ints([start]), b.ints([stop]), b.ints([axis])])
            for start, stop in zip(bounds, bounds[1:])]


def _gather(b, node):
    x, indices = node.ins
    return [b.node("Gather", [b.ref(x), b.operand(indices, _dtype(indices))],
                   axis=int(node.attrs["axis"]) % len(x.shape))]


def _gather_elements(b, node):
    x, index = node.ins
    return [b.node("GatherElements", [b.ref(x), b.operand(index, np.int64)],
                   axis=int(node.attrs["axis"]) % len(x.shape))]


def _pad(b, node):
    x = node.ins[0]
    widths = node.attrs["widths"]
    pads = [int(before) for before, _ in widths] + [int(after) for _, after in widths]
    value = b.constant(host_value(node.attrs["value"]).astype(_dtype(x)))
    return [b.node("Pad", [b.ref(x), b.ints(pads), value], mode="constant")]


def _one_hot(b, node):
    indices, on, off = node.ins
    dtype = host_dtype(_out(node).dtype)
    values = b.node("Concat", [b.node("Reshape", [b.operand(v, dtype), b.ints([1])]) for v in (off, on)], axis=0)
    # int64 positions: the type every ONNX runtime implements OneHot for.
    return [b.node("OneHot", [b.operand(indices, np.int64), b.ints([int(node.attrs["depth"])]), values],
                   axis=int(node.attrs["axis"]))]


def _top(b, node, k, axis, largest):
    values, indices = b.node("TopK", [b.ref(node.ins[0]), b.ints([k])], outputs=2, axis=axis, largest=int(largest),
                             sorted=1)
    wanted = host_dtype(_out(node, 1).dtype)
    return [values, indices if wanted == np.int64 else b.cast(indices, wanted)]


def _sort(b, node):
    x = node.ins[0]
    axis = int(node.attrs["axis"]) % len(x.shape)
    return _top(b, node, x.shape[axis], axis, node.attrs["descending"])


def _topk(b, node):
    x = node.ins[0]
    return _top(b, node, int(node.attrs["k"]), int(node.attrs["axis"]) % len(x.shape), node.attrs["largest"])


def _cumprod(b, node):
    """ONNX has no cumulative product: running products of the slices along the (static) axis, concatenated."""
    x = node.ins[0]
    axis = int(node.attrs["axis"]) % len(x.shape)
    name, running, parts = b.ref(x), None, []
    for i in range(x.shape[axis]):
        item = b.node("Slice", [name, b.ints([i]), b.ints([i + 1]), b.ints([axis])])
        running = item if running is None else b.node("Mul", [running, item])
        parts.append(running)
    return [b.node("Concat", parts, axis=axis) if len(parts) != 1 else parts[0]]


from minispore.onnx._emit_nn import NN_EMITTERS, emit_getitem  # noqa: E402 - layers and indexing live apart

EMITTERS = {
    "neg": _unary("Neg"), "exp": _unary("Exp"), "log": _unary("Log"), "sqrt": _unary("Sqrt"),
    "rsqrt": _composite(lambda b, x, dtype: b.node("Reciprocal", [b.node("Sqrt", [x])])),
    "abs": _unary("Abs"), "sign": _unary("Sign"), "sin": _unary("Sin"), "cos": _unary("Cos"), "tan": _unary("Tan"),
    "tanh": _unary("Tanh"), "erf": _unary("Erf"),
    "log1p": _composite(lambda b, x, dtype: b.node("Log", [b.node("Add", [x, _one(b, dtype)])])),
    "expm1": _composite(lambda b, x, dtype: b.node("Sub", [b.node("Exp", [x]), _one(b, dtype)])),
    "atan": _unary("Atan"), "acos": _unary("Acos"), "asin": _unary("Asin"), "sinh": _unary("Sinh"),
    "cosh": _unary("Cosh"), "sigmoid": _unary("Sigmoid"), "softplus": _unary("Softplus"), "relu": _unary("Relu"),
    "floor": _unary("Floor"), "ceil": _unary("Ceil"), "round": _unary("Round"),
    "trunc": _composite(lambda b, x, dtype: b.node("Mul", [b.node("Sign", [x]),
                                                          b.node("Floor", [b.node("Abs", [x])])])),
    "isnan": _unary("IsNaN"), "isinf": _unary("IsInf"),
    "isfinite": _composite(lambda b, x, dtype: b.node("Not", [b.node("Or", [b.node("IsNaN", [x]),
                                                                           b.node("IsInf", [x])])])),
    "logical_not": _unary("Not"), "bitwise_not": _bitwise_not,
    "add": _arithmetic("Add"), "sub": _arithmetic("Sub"), "mul": _arithmetic("Mul"), "div": _arithmetic("Div"),
    "pow": _arithmetic("Pow"), "maximum": _arithmetic("Max"), "minimum": _arithmetic("Min"),
    "floor_divide": _floor_divide, "remainder": _remainder,
    "equal": _comparison("Equal"), "not_equal": _comparison("Equal", negate=True), "less": _comparison("Less"),
    "less_equal": _comparison("LessOrEqual"), "greater": _comparison("Greater"),
    "greater_equal": _comparison("GreaterOrEqual"), "logical_and": _comparison("And"),
    "logical_or": _comparison("Or"), "logical_xor": _comparison("Xor"),
    "bitwise_and": _bitwise("And", "BitwiseAnd"), "bitwise_or": _bitwise("Or", "BitwiseOr"),
    "bitwise_xor": _bitwise("Xor", "BitwiseXor"),
    "where": _where, "clamp": _clamp, "cast": _cast,
    "identity": _alias, "identity_copy": _alias, "stop_gradient": _alias, "identity_n": _alias,
    "sum": _reduce("ReduceSum"), "mean": _reduce("ReduceMean"), "amax": _reduce("ReduceMax"),
    "amin": _reduce("ReduceMin"), "prod": _reduce("ReduceProd"), "any": _logical_reduce("ReduceMax"),
    "all": _logical_reduce("ReduceMin"), "argmax": _arg("ArgMax"), "argmin": _arg("ArgMin"),
    "cumsum": _cumsum, "cumprod": _cumprod, "logsumexp": _logsumexp,
    "softmax": _softmax("Softmax"), "log_softmax": _softmax("LogSoftmax"),
    "reshape": _reshape, "expand_dims": _reshape, "squeeze": _reshape, "transpose": _transpose,
    "broadcast_to": _broadcast_to, "flip": _flip, "tile": _tile, "concat": _concat, "stack": _stack,
    "split": _split, "getitem": emit_getitem, "gather": _gather, "gather_elements": _gather_elements,
    "pad": _pad, "one_hot": _one_hot, "sort": _sort, "topk": _topk,
}
EMITTERS.update(NN_EMITTERS)


def emit(b, node):
    """Write one captured node; a primitive without an ONNX form is refused with its name."""
    emitter = EMITTERS.get(node.name)
    if emitter is None:
        raise ValueError(f"For 'export', the primitive '{node.name}' has no ONNX mapping in minispore; "
                         f"the ops that can be exported to ONNX are: {', '.join(sorted(EMITTERS))}.")
    try:
        return emitter(b, node)
    except NotImplementedError as error:
        raise ValueError(f"For 'export', minispore cannot write '{node.name}' to ONNX (opset {OPSET}) here: {error} "
                         "is not supported.") from None



def emitter_for(graph):
    """`emit` for `graph`, writing an average pooling (window sum times 1 / window size) as AveragePool."""
    from minispore.onnx._emit_nn import average_pool
    from minispore.train._fusion import AVERAGE_POOL, find_fusions

    fused, absorbed = find_fusions(graph, kinds=(AVERAGE_POOL,))

    def emit_node(b, node):
        if id(node) in absorbed:
            return [None] * len(node.outs)
        found = fused.get(id(node))
        return [average_pool(b, found[1][0])] if found else emit(b, node)
    return emit_node
