"""MindSpore's primitives as minispore computations, for running graphs loaded from MindIR files.

`OPS[op_type](args, attrs)` computes one node: `args` are its inputs (Tensors, Python constants,
tuples), `attrs` the attributes of its PrimitiveProto. MindSpore 2.x writes most arguments as inputs
("primitive functions": `ReduceSum(x, axis, keep_dims, skip_mode)`) and older or classic primitives
keep them as attributes (`Conv2D` with `pad_list`, `Softmax` with `axis` in older files); each entry
reads both forms. Everything is computed with minispore ops, so a loaded graph is differentiable.
"""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops import function as F
from minispore.ops._prims import elementwise as E, reduce as R, shape as S
from minispore.ops._prims.extra import cumprod

__all__ = ["OPS", "TYPE_BY_ID", "arg"]

# MindSpore's TypeId -> dtype (Cast's dtype input, Argmax's output_type)
TYPE_BY_ID = {30: mstype.bool_, 32: mstype.int8, 33: mstype.int16, 34: mstype.int32, 35: mstype.int64,
              37: mstype.uint8, 38: mstype.uint16, 39: mstype.uint32, 40: mstype.uint64, 42: mstype.float16,
              43: mstype.float32, 44: mstype.float64, 45: mstype.bfloat16}
_PAD_MODES = {0: "pad", 1: "same", 2: "valid"}  # MindSpore's PadMode enum as an input


def arg(args, attrs, position, name, default=None):
    """A node's argument: input `position` when present, else attribute `name`, else `default`."""
    if len(args) > position:
        return args[position]
    return attrs.get(name, default)


def _pair(value):
    value = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    return value[-2:]


def _axes(axis, ndim):
    if axis is None or axis == ():
        return None
    return tuple(int(a) % max(ndim, 1) for a in (axis if isinstance(axis, (tuple, list)) else (axis,)))


def _dtype(type_id):
    if isinstance(type_id, mstype.Type):
        return type_id
    if type_id not in TYPE_BY_ID:
        raise NotImplementedError(f"the type id {type_id}")
    return TYPE_BY_ID[type_id]


def _unary(fn):
    return lambda args, attrs: fn(args[0])


def _binary(fn):
    return lambda args, attrs: fn(args[0], args[1])


def _reduce(fn):
    """ReduceSum(x, axis, keep_dims, [skip_mode]) and friends; an empty axis reduces everything."""
    def run(args, attrs):
        x = args[0]
        axis = _axes(arg(args, attrs, 1, "axis", ()), x.ndim)
        keep = bool(arg(args, attrs, 2, "keep_dims", False))
        if axis is None and len(args) > 3 and args[3]:  # skip_mode: an empty axis leaves x unchanged
            return x
        return fn(x, axis=axis, keepdims=keep)
    return run


def _ext_reduce(fn):
    """SumExt/ProdExt/MeanExt(x, axis or None, keep_dims, dtype or None)."""
    def run(args, attrs):
        x = args[0]
        out = fn(x, axis=_axes(args[1], x.ndim), keepdims=bool(args[2]))
        return E.cast(out, dtype=_dtype(args[3])._np) if len(args) > 3 and isinstance(args[3], int) else out
    return run


def _arg_index(fn):
    def run(args, attrs):
        x = args[0]
        axis = int(arg(args, attrs, 1, "axis", -1))
        out = fn(x, axis=axis % max(x.ndim, 1), keepdims=False)
        dtype = _dtype(arg(args, attrs, 2, "output_type", 34))
        return E.cast(out, dtype=dtype._np)
    return run


def _arg_with_value(pick, fn):
    """ArgMaxWithValue(x, axis, keep_dims) -> (index, value)."""
    def run(args, attrs):
        x = args[0]
        axis = int(arg(args, attrs, 1, "axis", 0)) % max(x.ndim, 1)
        keep = bool(arg(args, attrs, 2, "keep_dims", False))
        index = E.cast(pick(x, axis=axis, keepdims=keep), dtype=mstype.int32._np)
        return index, fn(x, axis=(axis,), keepdims=keep)
    return run


def _cast(args, attrs):
    return E.cast(args[0], dtype=_dtype(args[1])._np)


def _select(args, attrs):
    return F.where(args[0], args[1], args[2])


def _clamp(args, attrs):
    return F.clamp(args[0], args[1], args[2])


def _softmax(args, attrs):
    axis = arg(args, attrs, 1, "axis", -1)
    axis = axis[0] if isinstance(axis, (tuple, list)) else axis
    return R.softmax(args[0], axis=int(axis) % args[0].ndim)


def _log_softmax(args, attrs):
    axis = arg(args, attrs, 1, "axis", -1)
    axis = axis[0] if isinstance(axis, (tuple, list)) else axis
    return R.log_softmax(args[0], axis=int(axis) % args[0].ndim)


def _scalar_compare(fn):
    return lambda args, attrs: fn(args[0], args[1])


def _round(args, attrs):
    decimals = int(arg(args, attrs, 1, "decimals", 0) or 0)
    if decimals:
        scale = 10.0 ** decimals
        return F.div(E.round(F.mul(args[0], scale)), scale)
    return E.round(args[0])


def _reshape(args, attrs):
    return F.reshape(args[0], tuple(int(n) for n in arg(args, attrs, 1, "shape")))


def _transpose(args, attrs):
    return S.transpose(args[0], perm=tuple(int(p) % args[0].ndim for p in arg(args, attrs, 1, "perm")))


def _expand_dims(args, attrs):
    x, axis = args[0], int(arg(args, attrs, 1, "axis"))
    return S.expand_dims(x, axis=axis % (x.ndim + 1))


def _squeeze(args, attrs):
    x = args[0]
    axis = _axes(arg(args, attrs, 1, "axis", ()), x.ndim)
    return S.squeeze(x, axis=axis if axis else tuple(i for i, n in enumerate(x.shape) if n == 1))


def _flatten(args, attrs):
    x = args[0]
    return F.reshape(x, (x.shape[0], -1) if x.ndim else (1, 1))


def _broadcast_to(args, attrs):
    x, shape = args[0], tuple(arg(args, attrs, 1, "shape"))
    shape = tuple(n if n != -1 else x.shape[i - len(shape) + x.ndim] for i, n in enumerate(shape))
    return S.broadcast_to(x, shape=shape)


def _concat(args, attrs):
    xs = args[0]
    axis = int(arg(args, attrs, 1, "axis", 0))
    return S.concat(*xs, axis=axis % xs[0].ndim)


def _stack(args, attrs):
    xs = args[0] if isinstance(args[0], tuple) else tuple(args)
    return S.stack(*xs, axis=int(attrs.get("axis", 0)) % (xs[0].ndim + 1))


def _split(args, attrs):
    x = args[0]
    axis = int(arg(args, attrs, 1, "axis", 0)) % x.ndim
    count = int(arg(args, attrs, 2, "output_num", 1))
    size = x.shape[axis] // count
    return tuple(S.split(x, axis=axis, sections=[size * i for i in range(1, count)]))


def _strided_slice(args, attrs):
    x, begin, end, strides = args[0], args[1], args[2], args[3]
    begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask = (
        int(arg(args, attrs, 4 + i, name, 0)) for i, name in enumerate(
            ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")))
    index = []
    for i, (start, stop, step) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            index.append(Ellipsis)
        elif new_axis_mask & bit:
            index.append(None)
        elif shrink_mask & bit:
            index.append(int(start))
        else:
            index.append(slice(None if begin_mask & bit else int(start), None if end_mask & bit else int(stop),
                               int(step)))
    return x[tuple(index)]


def _gather(args, attrs):
    x, indices = args[0], args[1]
    axis = int(arg(args, attrs, 2, "axis", 0)) % x.ndim
    batch_dims = int(arg(args, attrs, 3, "batch_dims", 0))
    if batch_dims:
        raise NotImplementedError("Gather with batch_dims")
    return S.gather(x, indices, axis=axis)


def _gather_d(args, attrs):
    x, axis, index = args[0], int(args[1]), args[2]
    return S.gather_elements(x, index, axis=axis % x.ndim)


def _one_hot(args, attrs):
    indices, depth, on, off = args[0], int(args[1]), args[2], args[3]
    axis = int(arg(args, attrs, 4, "axis", -1))
    return F.one_hot(indices, depth, on, off, axis)


def _pad_v3(args, attrs):
    x, paddings = args[0], tuple(int(p) for p in args[1])
    mode = attrs.get("mode", "constant")
    if mode != "constant":
        raise NotImplementedError(f"PadV3 in mode '{mode}'")
    value = args[2] if len(args) > 2 and args[2] is not None else 0
    if isinstance(value, Tensor):
        value = value.item()
    if not attrs.get("paddings_contiguous", True):  # (begin...) then (end...): pair them up
        half = len(paddings) // 2
        paddings = tuple(p for pair in zip(paddings[:half], paddings[half:]) for p in pair)
    return F.pad(x, paddings, "constant", value)


def _tile(args, attrs):
    return S.tile(args[0], reps=tuple(int(r) for r in arg(args, attrs, 1, "multiples")))


def _reverse(args, attrs):
    x = args[0]
    return S.flip(x, axis=_axes(arg(args, attrs, 1, "axis"), x.ndim))


def _cumulative(fn):
    def run(args, attrs):
        x, axis = args[0], int(args[1]) % args[0].ndim
        exclusive = bool(arg(args, attrs, 2, "exclusive", False))
        reverse = bool(arg(args, attrs, 3, "reverse", False))
        if exclusive:
            raise NotImplementedError("an exclusive cumulative sum or product")
        if reverse:
            return S.flip(fn(S.flip(x, axis=(axis,)), axis=axis), axis=(axis,))
        return fn(x, axis=axis)
    return run


def _sort(args, attrs):
    x = args[0]
    axis = int(arg(args, attrs, 1, "axis", -1)) % x.ndim
    values, indices = S.sort(x, axis=axis, descending=bool(arg(args, attrs, 2, "descending", False)))
    return values, E.cast(indices, dtype=mstype.int32._np)


def _topk(args, attrs):
    x, k = args[0], int(args[1])
    values, indices = S.topk(x, k=k, axis=x.ndim - 1, largest=True)
    return values, E.cast(indices, dtype=mstype.int32._np)


def _matmul(args, attrs):
    x, y = args[0], args[1]
    if bool(arg(args, attrs, 2, "transpose_a", False)):
        x = S.transpose(x, perm=tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2))
    if bool(arg(args, attrs, 3, "transpose_b", False)):
        y = S.transpose(y, perm=tuple(range(y.ndim - 2)) + (y.ndim - 1, y.ndim - 2))
    return F.matmul(x, y)


def _bias_add(args, attrs):
    x, bias = args[0], args[1]
    data_format = arg(args, attrs, 2, "format", 0)
    if x.ndim > 2 and data_format in (0, "NCHW", "NCDHW"):
        bias = F.reshape(bias, (1, -1) + (1,) * (x.ndim - 2))
    return F.add(x, bias)


def _filled(value):
    """ZerosLike / OnesLike: `value` in the input's shape and dtype."""
    return lambda args, attrs: S.broadcast_to(Tensor(value, dtype=args[0].dtype), shape=args[0].shape)


def _dense(args, attrs):
    return F.dense(args[0], args[1], args[2] if len(args) > 2 else None)


from minispore._graph.mindspore_nn_ops import NN_OPS  # noqa: E402 - the layer primitives live apart

OPS = {
    # arithmetic
    "Add": _binary(F.add), "AddExt": _binary(F.add), "Sub": _binary(F.sub), "SubExt": _binary(F.sub),
    "Mul": _binary(F.mul), "Muls": _binary(F.mul), "Div": _binary(F.div), "RealDiv": _binary(F.div),
    "Divs": _binary(F.div), "FloorDiv": _binary(F.floor_divide), "FloorMod": _binary(F.remainder),
    "RemainderTensorScalar": _binary(F.remainder), "RemainderTensorTensor": _binary(F.remainder),
    "Pow": _binary(F.pow), "Maximum": _binary(F.maximum), "Minimum": _binary(F.minimum),
    "Neg": _unary(F.neg), "Square": _unary(F.square), "Reciprocal": _unary(F.reciprocal),
    "Sqrt": _unary(F.sqrt), "Rsqrt": _unary(F.rsqrt), "Exp": _unary(F.exp), "Log": _unary(F.log),
    "Log1p": _unary(F.log1p), "Expm1": _unary(F.expm1), "Abs": _unary(F.abs), "Sign": _unary(F.sign),
    "Sin": _unary(F.sin), "Cos": _unary(F.cos), "Tan": _unary(F.tan), "Tanh": _unary(F.tanh),
    "Sinh": _unary(E.sinh), "Cosh": _unary(E.cosh), "Asin": _unary(E.asin), "ACos": _unary(E.acos),
    "Atan": _unary(F.atan), "Erf": _unary(F.erf), "Floor": _unary(F.floor), "Ceil": _unary(F.ceil),
    "Trunc": _unary(E.trunc), "Round": _round, "Cast": _cast, "Select": _select,
    "ClampScalar": _clamp, "ClampTensor": _clamp,
    # comparison and logic
    "Equal": _binary(F.equal), "NotEqual": _binary(F.not_equal), "Less": _binary(F.less),
    "LessEqual": _binary(F.less_equal), "Greater": _binary(F.greater), "GreaterEqual": _binary(F.greater_equal),
    "EqScalar": _scalar_compare(F.equal), "LessScalar": _scalar_compare(F.less),
    "LogicalAnd": _binary(F.logical_and), "LogicalOr": _binary(F.logical_or), "LogicalXor": _binary(F.logical_xor),
    "LogicalNot": _unary(F.logical_not), "BitwiseAnd": _binary(F.bitwise_and), "BitwiseOr": _binary(F.bitwise_or),
    "BitwiseXor": _binary(F.bitwise_xor), "Invert": _unary(F.bitwise_not), "IsNan": _unary(F.isnan),
    "IsInf": _unary(F.isinf), "IsFinite": _unary(F.isfinite),
    # reductions
    "ReduceSum": _reduce(R.sum), "ReduceMean": _reduce(R.mean), "ReduceMax": _reduce(R.amax),
    "ReduceMin": _reduce(R.amin), "ReduceProd": _reduce(R.prod), "ReduceAny": _reduce(R.any),
    "ReduceAll": _reduce(R.all), "SumExt": _ext_reduce(R.sum), "ProdExt": _ext_reduce(R.prod),
    "MeanExt": _ext_reduce(R.mean), "Argmax": _arg_index(R.argmax), "Argmin": _arg_index(R.argmin),
    "ArgMaxWithValue": _arg_with_value(R.argmax, R.amax), "ArgMinWithValue": _arg_with_value(R.argmin, R.amin),
    "CumSum": _cumulative(R.cumsum), "CumProd": _cumulative(cumprod), "Softmax": _softmax,
    "LogSoftmax": _log_softmax,
    # shapes and indexing
    "Reshape": _reshape, "Transpose": _transpose, "ExpandDims": _expand_dims, "Squeeze": _squeeze,
    "Flatten": _flatten, "BroadcastTo": _broadcast_to, "Tile": _tile, "ReverseV2": _reverse, "Concat": _concat,
    "Stack": _stack, "Split": _split, "StridedSlice": _strided_slice, "Gather": _gather, "GatherD": _gather_d,
    "OneHot": _one_hot, "PadV3": _pad_v3, "Sort": _sort, "TopK": _topk,
    "ZerosLike": _filled(0), "OnesLike": _filled(1),
    # linear algebra
    "MatMul": _matmul, "MatMulExt": _matmul, "BatchMatMul": _matmul, "BiasAdd": _bias_add, "Dense": _dense,
}
OPS.update(NN_OPS)
