"""ONNX forms of minispore's layer primitives (products, Dense, Conv, pooling, fused losses) and of indexing."""
import numpy as np

from minispore._graph.capture import max_pooling_of
from minispore.onnx._writer import host_dtype
from minispore.train._index_plan import plan_index

__all__ = ["NN_EMITTERS", "average_pool", "emit_getitem"]

_INT64_MIN = np.iinfo(np.int64).min


def _matmul(b, node):
    dtype = host_dtype(node.outs[0].dtype)
    return [b.node("MatMul", [b.operand(x, dtype) for x in node.ins])]


def _dense(b, node):
    """Gemm(x, w, b, transB=1) for a matrix; other ranks multiply by the transposed weight, then add."""
    x, w, bias = node.ins
    if len(x.shape) == 2:
        return [b.node("Gemm", [b.ref(x), b.ref(w)] + ([b.ref(bias)] if bias is not None else []), transB=1)]
    out = b.node("MatMul", [b.ref(x), b.node("Transpose", [b.ref(w)], perm=[1, 0])])
    return [out if bias is None else b.node("Add", [out, b.ref(bias)])]


def _onnx_pads(padding):
    top, bottom, left, right = (int(p) for p in padding)
    return [top, left, bottom, right]


def _conv2d(b, node):
    x, w = node.ins
    return [b.node("Conv", [b.ref(x), b.ref(w)], kernel_shape=list(w.shape[2:]),
                   strides=[int(s) for s in node.attrs["stride"]], dilations=[int(d) for d in node.attrs["dilation"]],
                   pads=_onnx_pads(node.attrs["padding"]), group=int(node.attrs["groups"]))]


def _conv_transpose(b, node):
    """The adjoint of conv2d in its input: ConvTranspose, its output padding chosen to give the captured size."""
    dy, w = node.ins
    stride, dilation = [int(s) for s in node.attrs["stride"]], [int(d) for d in node.attrs["dilation"]]
    pads = _onnx_pads(node.attrs["padding"])
    target = node.attrs["input_shape"][2:]
    extra = [int(t) - (s * (n - 1) + d * (k - 1) + 1 - pads[i] - pads[i + 2])
             for i, (t, s, n, d, k) in enumerate(zip(target, stride, dy.shape[2:], dilation, w.shape[2:]))]
    return [b.node("ConvTranspose", [b.ref(dy), b.ref(w)], kernel_shape=list(w.shape[2:]), strides=stride,
                   dilations=dilation, pads=pads, output_padding=extra, group=int(node.attrs["groups"]))]


def _pool_indices(b, node):
    return [None]  # written with the pool_gather that reads them


def _pool_gather(b, node):
    x, kernel, stride, padding, dilation = max_pooling_of(node)
    return [b.node("MaxPool", [b.ref(x)], kernel_shape=[int(k) for k in kernel], strides=[int(s) for s in stride],
                   dilations=[int(d) for d in dilation], pads=_onnx_pads(padding))]


def average_pool(b, pool):
    """A sum_pool2d node's window average (windows count the zero padding)."""
    return b.node("AveragePool", [b.ref(pool.ins[0])], kernel_shape=[int(k) for k in pool.attrs["kernel"]],
                  strides=[int(s) for s in pool.attrs["stride"]], pads=_onnx_pads(pool.attrs["padding"]),
                  count_include_pad=1)


def _sum_pool2d(b, node):
    """A window sum: the window average times the window size."""
    kernel = node.attrs["kernel"]
    size = b.constant(np.asarray(kernel[0] * kernel[1], host_dtype(node.ins[0].dtype)))
    return [b.node("Mul", [average_pool(b, node), size])]


def _reduced(b, loss, reduction, count, dtype):
    if reduction == "none":
        return loss
    total = b.node("ReduceSum", [loss], keepdims=0)  # no axes: all of them
    if reduction == "sum":
        return total
    return b.node("Div", [total, count if isinstance(count, str) else b.constant(np.asarray(max(count, 1), dtype))])


def _softmax_cross_entropy(b, node):
    x, target = node.ins
    axis = int(node.attrs["axis"]) % len(x.shape)
    log_p = b.node("LogSoftmax", [b.ref(x)], axis=axis)
    terms = b.node("Mul", [b.operand(target, host_dtype(x.dtype)), log_p])
    return [b.node("Neg", [b.node("ReduceSum", [terms, b.ints([axis])], keepdims=0)])]


def _sparse_softmax_cross_entropy(b, node):
    x, labels = node.ins
    axis = 1 if len(x.shape) > 1 else 0
    dtype, classes = host_dtype(x.dtype), x.shape[axis]
    index = b.node("Mod", [b.cast(b.ref(labels), np.int64), b.ints(classes)], fmod=0)
    ignore, valid = node.attrs["ignore_index"], None
    if ignore is not None:
        keep = b.node("Not", [b.node("Equal", [b.cast(b.ref(labels), np.int64), b.ints(int(ignore))])])
        index = b.node("Where", [keep, index, b.ints(0)])
        valid = b.cast(keep, dtype)
    hot = b.node("OneHot", [index, b.ints([classes]), b.constant(np.asarray([0, 1], dtype))], axis=axis)
    picked = b.node("ReduceSum", [b.node("Mul", [hot, b.node("LogSoftmax", [b.ref(x)], axis=axis)]), b.ints([axis])],
                    keepdims=0)
    loss = b.node("Neg", [picked])
    if valid is not None:
        loss = b.node("Mul", [loss, valid])
    count = int(np.prod(labels.shape)) if valid is None else b.node("ReduceSum", [valid], keepdims=0)
    return [_reduced(b, loss, node.attrs["reduction"], count, dtype)]


def _binary_cross_entropy_with_logits(b, node):
    x, y, weight, pos_weight = node.ins
    dtype = host_dtype(x.dtype)
    logits, target = b.ref(x), b.operand(y, dtype)
    positive = target if pos_weight is None else b.node("Mul", [b.operand(pos_weight, dtype), target])
    factor = b.node("Add", [b.node("Sub", [positive, target]), b.constant(np.ones((), dtype))])
    loss = b.node("Sub", [b.node("Mul", [factor, b.node("Softplus", [logits])]), b.node("Mul", [positive, logits])])
    if weight is not None:
        loss = b.node("Mul", [loss, b.operand(weight, dtype)])
    return [_reduced(b, loss, node.attrs["reduction"], int(np.prod(x.shape)), dtype)]


def emit_getitem(b, node):
    """Basic indexing as one Slice (ONNX takes negative steps) and a Reshape; one integer array as Gather."""
    x = node.ins[0]
    plan = plan_index(node.attrs["index"], tuple(x.shape))
    name = b.ref(x)
    if plan.sliced_axes:
        axes = plan.sliced_axes
        # A downward slice through index 0 stops "before the start": only the lowest int64 says so.
        stops = [_INT64_MIN if plan.steps[a] < 0 and plan.stops[a] < 0 else plan.stops[a] for a in axes]
        name = b.node("Slice", [name, b.ints([plan.starts[a] for a in axes]), b.ints(stops), b.ints(axes),
                                b.ints([plan.steps[a] for a in axes])])
    if list(plan.basic) != list(plan.sliced):
        name = b.node("Reshape", [name, b.ints(plan.basic)])
    if plan.gather_axis is not None:
        name = b.node("Gather", [name, b.constant(plan.indices)], axis=plan.gather_axis)
        if plan.front is not None:
            name = b.node("Transpose", [name], perm=list(plan.front))
    return [name]


NN_EMITTERS = {
    "matmul": _matmul, "dense": _dense, "conv2d": _conv2d, "conv2d_input_grad": _conv_transpose,
    "max_pool2d_argmax": _pool_indices, "adaptive_max_pool2d_argmax": _pool_indices, "pool_gather": _pool_gather,
    "sum_pool2d": _sum_pool2d, "softmax_cross_entropy": _softmax_cross_entropy,
    "sparse_softmax_cross_entropy": _sparse_softmax_cross_entropy,
    "binary_cross_entropy_with_logits": _binary_cross_entropy_with_logits,
}
