"""Which MindSpore 2.10 primitives each minispore primitive becomes in a MindIR file.

Each entry of EMITTERS writes one captured node with the conventions MindSpore 2.10 itself uses when
it exports (studied from its files: tools/golden/gen_mindir.py): arguments as inputs of "primitive
functions" (`ReduceSum(x, axis, keep_dims, skip_mode)`, `Softmax(x, (axis,))`), attributes on the
classic primitives (`Conv2D`, `MaxPool`, `Stack`, `PadV3`), a dtype as its TypeId. Operands whose
dtype differs from the one the op computes in are cast first, so every node sees one dtype.
"""
import numpy as np

from minispore._graph.capture import NODE, Value
from minispore.train._mindir_index import emit_getitem, strided_slice
from minispore.train._mindir_writer import CLASSIC, TYPE_ID, Spec, dtype_name

__all__ = ["EMITTERS", "emit"]

NCHW, VALID = 0, 2  # MindSpore's Format and PadMode enums, as primitive-function arguments


def _spec(node, number=0):
    return Spec.of(node.outs[number])


def _dtype_of(x):
    return dtype_name(x.dtype) if isinstance(x, Value) else np.asarray(x).dtype.name


def operand(b, x, dtype):
    """The name of `x` (a Value or a Python/NumPy literal) as a Tensor of `dtype`, cast if needed."""
    if not isinstance(x, Value):
        return b.tensor_constant(np.asarray(x).astype(dtype))
    name = b.ref(x)
    if dtype_name(x.dtype) != dtype:
        name = b.node("Cast", [name, b.constant(TYPE_ID[dtype])], Spec(x.shape, dtype))
    return name


def _unary(op_type, prim_type=2, attrs=None):
    def emit_unary(b, node):
        x = node.ins[0]
        return [b.node(op_type, [operand(b, x, _dtype_of(x))], _spec(node), attrs, prim_type)]
    return emit_unary


def _arithmetic(op_type):
    """Both operands in the output's dtype (MindSpore's implicit promotion, made explicit)."""
    def emit_arithmetic(b, node):
        dtype = _spec(node).dtype
        return [b.node(op_type, [operand(b, x, dtype) for x in node.ins], _spec(node))]
    return emit_arithmetic


def _comparison(op_type, prim_type=2):
    """Both operands in their common dtype; the result is Bool (or the bitwise op's integer type)."""
    def emit_comparison(b, node):
        dtype = np.result_type(*(np.dtype(_dtype_of(x)) for x in node.ins)).name
        return [b.node(op_type, [operand(b, x, dtype) for x in node.ins], _spec(node), prim_type=prim_type)]
    return emit_comparison


def _alias(b, node):
    return [b.ref(x) for x in node.ins]


def _where(b, node):
    condition, x, y = node.ins
    dtype = _spec(node).dtype
    return [b.node("Select", [operand(b, condition, "bool"), operand(b, x, dtype), operand(b, y, dtype)],
                   _spec(node))]


def _clamp(b, node):
    x = node.ins[0]
    low, high = (None if v is None else float(v) if _spec(node).dtype.startswith(("float", "bfloat")) else int(v)
                 for v in (node.attrs["low"], node.attrs["high"]))
    return [b.node("ClampScalar", [b.ref(x), b.constant(low), b.constant(high)], _spec(node))]


def _cast(b, node):
    dtype = _spec(node).dtype
    return [b.node("Cast", [b.ref(node.ins[0]), b.constant(TYPE_ID[dtype])], _spec(node))]


def _round(b, node):
    return [b.node("Round", [b.ref(node.ins[0]), b.constant(0)], _spec(node))]


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
        return [b.node(op_type, inputs, _spec(node))]
    return emit_reduce


def _arg(op_type):
    def emit_arg(b, node):
        x, axis, keep = node.ins[0], node.attrs["axis"], node.attrs["keepdims"]
        name = b.ref(x)
        if axis is None:
            name = b.node("Reshape", [name, b.constant((-1,))], Spec((int(np.prod(x.shape)),), x.dtype))
            axis = 0
        spec = _spec(node)
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
        return [b.node(op_type, inputs, _spec(node))]
    return emit_cumulative


def _logsumexp(b, node):
    x, keep = node.ins[0], node.attrs["keepdims"]
    axis = _axes(node.attrs["axis"], len(x.shape))
    kept = Spec([1 if i in axis or not axis else n for i, n in enumerate(x.shape)], x.dtype)
    name = b.ref(x)
    peak = b.node("ReduceMax", [name, b.constant(axis), b.constant(True)], kept)
    finite = b.node("IsFinite", [peak], Spec(kept.shape, "bool"))
    zero = b.tensor_constant(np.zeros((), _dtype_of(x)))
    peak = b.node("Select", [finite, peak, zero], kept)
    shifted = b.node("Exp", [b.node("Sub", [name, peak], Spec.of(x))], Spec.of(x))
    total = b.node("ReduceSum", [shifted, b.constant(axis), b.constant(True), b.constant(False)], kept)
    out = b.node("Add", [b.node("Log", [total], kept, _LOG_ATTRS), peak], kept)
    return [out if keep else b.node("Reshape", [out, b.constant(_spec(node).shape)], _spec(node))]


def _softmax(b, node):
    return [b.node("Softmax", [b.ref(node.ins[0]), b.constant((int(node.attrs["axis"]),))], _spec(node))]


def _log_softmax(b, node):
    return [b.node("LogSoftmax", [b.ref(node.ins[0]), b.constant(int(node.attrs["axis"]))], _spec(node))]


def _reshape(b, node):
    return [b.node("Reshape", [b.ref(node.ins[0]), b.constant(_spec(node).shape)], _spec(node))]


def _transpose(b, node):
    perm = tuple(int(p) for p in node.attrs["perm"])
    return [b.node("Transpose", [b.ref(node.ins[0]), b.constant(perm)], _spec(node))]


def _broadcast_to(b, node):
    return [b.node("BroadcastTo", [b.ref(node.ins[0]), b.constant(_spec(node).shape)], _spec(node))]


def _flip(b, node):
    axis = _axes(node.attrs["axis"], len(node.ins[0].shape)) or tuple(range(len(node.ins[0].shape)))
    return [b.node("ReverseV2", [b.ref(node.ins[0]), b.constant(axis)], _spec(node))]


def _tile(b, node):
    return [b.node("Tile", [b.ref(node.ins[0]), b.constant(tuple(int(r) for r in node.attrs["reps"]))], _spec(node))]


def _sequence(b, node, dtype):
    parts = [operand(b, x, dtype) for x in node.ins]
    specs = [Spec(x.shape, dtype) if isinstance(x, Value) else Spec(np.shape(x), dtype) for x in node.ins]
    return b.make_tuple(parts, specs)


def _concat(b, node):
    axis = int(node.attrs["axis"]) % len(_spec(node).shape)
    return [b.node("Concat", [_sequence(b, node, _spec(node).dtype), b.constant(axis)], _spec(node))]


def _stack(b, node):
    axis = int(node.attrs["axis"]) % len(_spec(node).shape)
    count = len(node.ins)
    return [b.node("Stack", [_sequence(b, node, _spec(node).dtype)], _spec(node),
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
        outs.append(strided_slice(b, name, begin, end, [1] * len(x.shape), _spec(node, number)))
    return outs


def _gather(b, node):
    x, indices = node.ins
    inputs = [b.ref(x), operand(b, indices, _dtype_of(indices)), b.constant(int(node.attrs["axis"]) % len(x.shape)),
              b.constant(0)]
    return [b.node("Gather", inputs, _spec(node))]


def _gather_elements(b, node):
    x, index = node.ins
    axis = int(node.attrs["axis"]) % len(x.shape)
    return [b.node("GatherD", [b.ref(x), b.constant(axis), operand(b, index, _dtype_of(index))], _spec(node))]


def pad_v3(b, name, widths, value, dtype, spec):
    """PadV3 in constant mode; `widths` per axis (before, after), written last axis first."""
    paddings = []
    for before, after in reversed(list(widths)):
        paddings += [int(before), int(after)]
    inputs = [name, b.constant(tuple(paddings)), b.tensor_constant(np.asarray(value, dtype))]
    return b.node("PadV3", inputs, spec, {"mode": "constant", "paddings_contiguous": True}, CLASSIC)


def _pad(b, node):
    x = node.ins[0]
    return [pad_v3(b, b.ref(x), node.attrs["widths"], node.attrs["value"], _dtype_of(x), _spec(node))]


def _one_hot(b, node):
    indices, on, off = node.ins
    dtype = _spec(node).dtype
    inputs = [b.ref(indices), b.constant(int(node.attrs["depth"])), operand(b, on, dtype), operand(b, off, dtype),
              b.constant(int(node.attrs["axis"]))]
    return [b.node("OneHot", inputs, _spec(node))]


def _sort(b, node):
    x = node.ins[0]
    axis = int(node.attrs["axis"]) % len(x.shape)
    specs = [_spec(node, 0), Spec(x.shape, "int32")]
    pair = b.node("Sort", [b.ref(x)], specs, {"axis": axis, "descending": bool(node.attrs["descending"])}, CLASSIC)
    return _values_and_indices(b, node, pair, specs)


def _topk(b, node):
    x = node.ins[0]
    k, axis, largest = int(node.attrs["k"]), int(node.attrs["axis"]) % len(x.shape), node.attrs["largest"]
    if axis != len(x.shape) - 1 or not largest:
        raise NotImplementedError("topk over an axis other than the last, or of the smallest values")
    specs = [_spec(node, 0), Spec(_spec(node, 0).shape, "int32")]
    pair = b.node("TopK", [b.ref(x), b.constant(k)], specs, {"sorted": True}, CLASSIC)
    return _values_and_indices(b, node, pair, specs)


def _values_and_indices(b, node, pair, specs):
    values = b.tuple_get_item(pair, 0, specs[0])
    indices = b.tuple_get_item(pair, 1, specs[1])
    indices = b.node("Cast", [indices, b.constant(TYPE_ID[_spec(node, 1).dtype])], _spec(node, 1))
    return [values, indices]


def _matmul(b, node):
    x, y = node.ins
    dtype = _spec(node).dtype
    if len(x.shape) == 2 and len(y.shape) == 2:
        inputs = [operand(b, x, dtype), operand(b, y, dtype), b.constant(False), b.constant(False)]
        return [b.node("MatMul", inputs, _spec(node))]
    return [b.node("MatMulExt", [operand(b, x, dtype), operand(b, y, dtype)], _spec(node))]


def _dense(b, node):
    """MindSpore's Dense: MatMul(x, w, transpose_b=True), then BiasAdd; other ranks through 2-D."""
    x, w, bias = node.ins
    spec = _spec(node)
    name = b.ref(x)
    rows = Spec((int(np.prod(x.shape[:-1])) if len(x.shape) > 1 else 1, x.shape[-1]), x.dtype)
    if len(x.shape) != 2:
        name = b.node("Reshape", [name, b.constant(rows.shape)], rows)
    flat = Spec((rows.shape[0], w.shape[0]), spec.dtype)
    name = b.node("MatMul", [name, b.ref(w), b.constant(False), b.constant(True)], flat)
    if bias is not None:
        name = b.node("BiasAdd", [name, b.ref(bias), b.constant(NCHW)], flat)
    if len(x.shape) != 2:
        name = b.node("Reshape", [name, b.constant(spec.shape)], spec)
    return [name]


def _conv2d(b, node):
    x, w = node.ins
    stride, dilation, padding = node.attrs["stride"], node.attrs["dilation"], tuple(node.attrs["padding"])
    attrs = {"kernel_size": tuple(w.shape[2:]), "mode": 1, "out_channel": w.shape[0], "pad": padding,
             "pad_mode": "pad", "format": "NCHW", "pad_list": padding, "groups": int(node.attrs["groups"]),
             "stride": (1, 1) + tuple(stride), "group": int(node.attrs["groups"]),
             "dilation": (1, 1) + tuple(dilation), "input_names": ["x", "w"], "output_names": ["output"]}
    return [b.node("Conv2D", [b.ref(x), b.ref(w)], _spec(node), attrs, CLASSIC)]


def _padded_input(b, x, padding, value, dtype):
    """`x` padded on its last two axes by (top, bottom, left, right), or `x` itself."""
    name = b.ref(x)
    top, bottom, left, right = (int(p) for p in padding)
    if not (top or bottom or left or right):
        return name, x.shape
    shape = tuple(x.shape[:2]) + (x.shape[2] + top + bottom, x.shape[3] + left + right)
    return pad_v3(b, name, ((0, 0), (0, 0), (top, bottom), (left, right)), value, dtype, Spec(shape, dtype)), shape


def _max_pool(b, x, kernel, stride, padding, spec):
    dtype = dtype_name(x.dtype)
    lowest = -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min
    name, _ = _padded_input(b, x, padding, lowest, dtype)
    attrs = {"pad_mode": "VALID", "kernel_size": (1, 1) + tuple(kernel), "format": "NCHW",
             "strides": (1, 1) + tuple(stride), "input_names": ["x"], "output_names": ["output"]}
    return b.node("MaxPool", [name], spec, attrs, CLASSIC)


def _pool_indices(b, node):
    # The positions are only exported as the maximum they select (pool_gather below).
    return [None]


def _pool_gather(b, node):
    x, index = node.ins
    source = index.node if isinstance(index, Value) and index.kind == NODE else None
    if source is None or source.ins[0] is not x or source.name not in ("max_pool2d_argmax",
                                                                        "adaptive_max_pool2d_argmax"):
        raise NotImplementedError("pool_gather of positions that no max pooling of the same input made")
    if source.name == "adaptive_max_pool2d_argmax":
        out_size = source.outs[0].shape[2:]
        if any(n % o for n, o in zip(x.shape[2:], out_size)):
            raise NotImplementedError("adaptive max pooling whose output size does not divide the input's")
        kernel = tuple(n // o for n, o in zip(x.shape[2:], out_size))
        return [_max_pool(b, x, kernel, kernel, (0, 0, 0, 0), _spec(node))]
    attrs = source.attrs
    if tuple(attrs["dilation"]) != (1, 1):
        raise NotImplementedError("max pooling with dilation")
    return [_max_pool(b, x, attrs["kernel"], attrs["stride"], attrs["padding"], _spec(node))]


def _sum_pool2d(b, node):
    """A window sum: the average over the (zero-padded) window times its size."""
    x = node.ins[0]
    kernel, stride = tuple(node.attrs["kernel"]), tuple(node.attrs["stride"])
    dtype = dtype_name(x.dtype)
    name, _ = _padded_input(b, x, node.attrs["padding"], 0, dtype)
    inputs = [name, b.constant(kernel), b.constant(stride), b.constant(VALID), b.constant(NCHW)]
    average = b.node("AvgPool", inputs, _spec(node))
    size = b.tensor_constant(np.asarray(kernel[0] * kernel[1], dtype))
    return [b.node("Mul", [average, size], _spec(node))]


_LOG_ATTRS = {"shift": 0.0, "scale": 1.0, "cust_aicpu": "Log", "base": -1.0}

EMITTERS = {
    "neg": _unary("Neg"), "exp": _unary("Exp"), "log": _unary("Log", attrs=_LOG_ATTRS), "sqrt": _unary("Sqrt"),
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
    "matmul": _matmul, "dense": _dense, "conv2d": _conv2d,
    "max_pool2d_argmax": _pool_indices, "adaptive_max_pool2d_argmax": _pool_indices, "pool_gather": _pool_gather,
    "sum_pool2d": _sum_pool2d,
}


def emit(b, node):
    """Write one captured node; an op without a mapping is refused with its name."""
    emitter = EMITTERS.get(node.name)
    if emitter is None:
        raise ValueError(f"For 'export', the primitive '{node.name}' has no MindIR mapping in minispore; "
                         f"the ops that can be exported to MINDIR are: {', '.join(sorted(EMITTERS))}.")
    try:
        return emitter(b, node)
    except NotImplementedError as error:
        raise ValueError(f"For 'export', minispore cannot write '{node.name}' to MINDIR here: {error} "
                         "is not supported.") from None
