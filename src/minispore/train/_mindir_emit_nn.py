"""Which MindSpore 2.10 primitives minispore's layer primitives become in a MindIR file.

Matrix products, Dense (MatMul with transpose_b, then BiasAdd, as MindSpore writes nn.Dense),
convolution (the classic Conv2D with its attributes), pooling (MaxPool and AvgPool over an explicitly
padded input) and the fused losses (written as the log-softmax/softplus terms they compute).
"""
import numpy as np

from minispore._graph.capture import max_pooling_of
from minispore.train._mindir_emit_math import NCHW, VALID
from minispore.train._mindir_writer import CLASSIC, TYPE_ID, Spec, dtype_name, dtype_of, spec_of

__all__ = ["NN_EMITTERS", "average_pool"]


def _matmul(b, node):
    x, y = node.ins
    dtype = spec_of(node).dtype
    if len(x.shape) == 2 and len(y.shape) == 2:
        inputs = [b.operand(x, dtype), b.operand(y, dtype), b.constant(False), b.constant(False)]
        return [b.node("MatMul", inputs, spec_of(node))]
    return [b.node("MatMulExt", [b.operand(x, dtype), b.operand(y, dtype)], spec_of(node))]


def _dense(b, node):
    """MindSpore's Dense: MatMul(x, w, transpose_b=True), then BiasAdd; other ranks through 2-D."""
    x, w, bias = node.ins
    spec = spec_of(node)
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
    return [b.node("Conv2D", [b.ref(x), b.ref(w)], spec_of(node), attrs, CLASSIC)]


def _conv2d_transpose(b, node):
    """The adjoint of conv2d in its input (a transposed convolution): MindSpore's Conv2DTranspose(dout, w, size)."""
    dy, w = node.ins
    stride, dilation, padding = node.attrs["stride"], node.attrs["dilation"], tuple(node.attrs["padding"])
    groups = int(node.attrs["groups"])
    attrs = {"kernel_size": tuple(w.shape[2:]), "mode": 1, "out_channel": w.shape[0], "pad": padding,
             "pad_mode": "PAD", "format": "NCHW", "pad_list": padding, "groups": groups,
             "stride": (1, 1) + tuple(stride), "group": groups, "dilation": (1, 1) + tuple(dilation),
             "input_names": ["out_backprop", "filter", "input_sizes"], "output_names": ["output"]}
    size = b.constant(tuple(int(n) for n in node.attrs["input_shape"]))
    return [b.node("Conv2DTranspose", [b.ref(dy), b.ref(w), size], spec_of(node), attrs, CLASSIC)]


def _padded_input(b, x, padding, value, dtype):
    """`x` padded on its last two axes by (top, bottom, left, right), or `x` itself."""
    name = b.ref(x)
    top, bottom, left, right = (int(p) for p in padding)
    if not (top or bottom or left or right):
        return name, x.shape
    shape = tuple(x.shape[:2]) + (x.shape[2] + top + bottom, x.shape[3] + left + right)
    return b.pad(name, ((0, 0), (0, 0), (top, bottom), (left, right)), value, dtype, Spec(shape, dtype)), shape


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
    x, kernel, stride, padding, dilation = max_pooling_of(node)
    if dilation != (1, 1):
        raise NotImplementedError("max pooling with dilation")
    return [_max_pool(b, x, kernel, stride, padding, spec_of(node))]


def average_pool(b, pool, spec):
    """A sum_pool2d node's window average: AvgPool over the zero-padded input (windows count the padding)."""
    x = pool.ins[0]
    kernel, stride = tuple(pool.attrs["kernel"]), tuple(pool.attrs["stride"])
    name, _ = _padded_input(b, x, pool.attrs["padding"], 0, dtype_name(x.dtype))
    return b.node("AvgPool", [name, b.constant(kernel), b.constant(stride), b.constant(VALID), b.constant(NCHW)], spec)


def _sum_pool2d(b, node):
    """A window sum: the window average times the window size."""
    kernel = node.attrs["kernel"]
    size = b.tensor_constant(np.asarray(kernel[0] * kernel[1], dtype_name(node.ins[0].dtype)))
    return [b.node("Mul", [average_pool(b, node, spec_of(node)), size], spec_of(node))]


def _softmax_cross_entropy(b, node):
    """-sum(target * log_softmax(x)) along the class axis."""
    x, target = node.ins
    axis = int(node.attrs["axis"]) % len(x.shape)
    dtype = dtype_of(x)
    log_p = b.node("LogSoftmax", [b.ref(x), b.constant(axis)], Spec.of(x))
    terms = b.node("Mul", [b.operand(target, dtype), log_p], Spec.of(x))
    total = b.node("ReduceSum", [terms, b.constant((axis,)), b.constant(False), b.constant(False)], spec_of(node))
    return [b.node("Neg", [total], spec_of(node))]


def _sparse_softmax_cross_entropy(b, node):
    """-log_softmax(x) at each label (labels in [-C, C), `ignore_index` not counted), then reduced."""
    x, labels = node.ins
    axis = 1 if len(x.shape) > 1 else 0
    classes, dtype = x.shape[axis], dtype_of(x)
    label_type = dtype_of(labels)
    per_item = Spec([n for i, n in enumerate(x.shape) if i != axis], dtype)
    index = b.node("FloorMod", [b.ref(labels), b.tensor_constant(np.asarray(classes, label_type))],
                   Spec(labels.shape, label_type))
    ignore, valid = node.attrs["ignore_index"], None
    if ignore is not None:
        keep = b.node("NotEqual", [b.ref(labels), b.tensor_constant(np.asarray(ignore, label_type))],
                      Spec(labels.shape, "bool"))
        index = b.node("Select", [keep, index, b.tensor_constant(np.zeros((), label_type))], Spec(labels.shape, label_type))
        valid = b.node("Cast", [keep, b.constant(TYPE_ID[dtype])], Spec(labels.shape, dtype))
    one, zero = b.tensor_constant(np.asarray(1, dtype)), b.tensor_constant(np.asarray(0, dtype))
    hot = b.node("OneHot", [index, b.constant(classes), one, zero, b.constant(axis)], Spec.of(x))
    log_p = b.node("LogSoftmax", [b.ref(x), b.constant(axis)], Spec.of(x))
    picked = b.node("ReduceSum", [b.node("Mul", [hot, log_p], Spec.of(x)), b.constant((axis,)), b.constant(False),
                                  b.constant(False)], per_item)
    loss = b.node("Neg", [picked], per_item)
    if valid is not None:
        loss = b.node("Mul", [loss, valid], per_item)
    reduction = node.attrs["reduction"]
    if reduction == "none":
        return [loss]
    total = b.node("ReduceSum", [loss, b.constant(()), b.constant(False), b.constant(False)], spec_of(node))
    if reduction == "sum":
        return [total]
    if valid is None:
        count = b.tensor_constant(np.asarray(max(int(np.prod(labels.shape)), 1), dtype))
    else:
        count = b.node("ReduceSum", [valid, b.constant(()), b.constant(False), b.constant(False)], spec_of(node))
    return [b.node("Div", [total, count], spec_of(node))]


def _binary_cross_entropy_with_logits(b, node):
    """(pw*y + 1 - y) * softplus(x) - pw*y*x, times the weight, then reduced."""
    x, y, weight, pos_weight = node.ins
    dtype, full = dtype_of(x), Spec.of(x)
    logits, target = b.ref(x), b.operand(y, dtype)
    positive = target if pos_weight is None else b.node("Mul", [b.operand(pos_weight, dtype), target], full)
    one = b.tensor_constant(np.asarray(1, dtype))
    factor = b.node("Add", [b.node("Sub", [positive, target], full), one], full)
    loss = b.node("Sub", [b.node("Mul", [factor, b.node("Softplus", [logits], full, prim_type=CLASSIC)], full),
                          b.node("Mul", [positive, logits], full)], full)
    if weight is not None:
        loss = b.node("Mul", [loss, b.operand(weight, dtype)], full)
    reduction = node.attrs["reduction"]
    if reduction == "none":
        return [loss]
    total = b.node("ReduceSum", [loss, b.constant(()), b.constant(False), b.constant(False)], spec_of(node))
    if reduction == "sum":
        return [total]
    return [b.node("Div", [total, b.tensor_constant(np.asarray(max(int(np.prod(x.shape)), 1), dtype))],
                   spec_of(node))]


NN_EMITTERS = {
    "matmul": _matmul, "dense": _dense, "conv2d": _conv2d, "conv2d_input_grad": _conv2d_transpose,
    "max_pool2d_argmax": _pool_indices, "adaptive_max_pool2d_argmax": _pool_indices, "pool_gather": _pool_gather,
    "sum_pool2d": _sum_pool2d, "softmax_cross_entropy": _softmax_cross_entropy,
    "sparse_softmax_cross_entropy": _sparse_softmax_cross_entropy,
    "binary_cross_entropy_with_logits": _binary_cross_entropy_with_logits,
}
