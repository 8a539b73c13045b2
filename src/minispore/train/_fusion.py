"""Patterns of captured primitives that the file formats have one operator for.

minispore's layers compute some things as a few primitives where MindSpore (and ONNX) name one
operator: a convolution's or Dense's channel bias is `add(y, reshape(bias, (1, C, 1, 1)))` (BiasAdd),
and average pooling is `mul(sum_pool2d(x), 1 / window size)` (AvgPool). `find_fusions` finds them;
the writers then write the named operator in place of the pair, so files read as MindSpore's do.
"""
import numpy as np

from minispore._backend.host import host_value
from minispore._graph.capture import CONSTANT, NODE, Value

__all__ = ["find_fusions", "BIAS_ADD", "AVERAGE_POOL"]

BIAS_ADD, AVERAGE_POOL = "bias_add", "average_pool"


def _made_by(value, name):
    return value.node if isinstance(value, Value) and value.kind == NODE and value.node.name == name else None


def _only_use(graph, value, node):
    return graph.uses.get(id(value)) == [node] and value not in graph.output_values()


def _bias_add(graph, node):
    """add(y, reshape(b, (1, C, 1, ...))) with y (N, C, ...) and b (C,): (y, b, the reshape node)."""
    y, shaped = node.ins
    reshape = _made_by(shaped, "reshape")
    if reshape is None or not isinstance(y, Value) or not _only_use(graph, shaped, node):
        return None
    bias = reshape.ins[0]
    if not isinstance(bias, Value) or len(bias.shape) != 1 or len(y.shape) < 2 or bias.dtype != y.dtype:
        return None
    channels = y.shape[1]
    if tuple(shaped.shape) != (1, channels) + (1,) * (len(y.shape) - 2) or tuple(node.outs[0].shape) != tuple(y.shape):
        return None
    return y, bias, reshape


def _average_pool(graph, node):
    """mul(sum_pool2d(x), c) with c the constant 1 / window size everywhere: (the sum_pool2d node,)."""
    sums, scale = node.ins
    pool = _made_by(sums, "sum_pool2d")
    if pool is None or not _only_use(graph, sums, node) or tuple(node.outs[0].shape) != tuple(sums.shape):
        return None
    if isinstance(scale, Value):
        if scale.kind != CONSTANT:
            return None
        scale = scale.tensor.asnumpy()
    scale = host_value(scale)
    kernel = pool.attrs["kernel"]
    expected = scale.dtype.type(1.0 / (kernel[0] * kernel[1])) if scale.dtype.kind == "f" else None
    if expected is None or scale.size == 0 or not np.all(scale == expected):
        return None
    return (pool,)


def find_fusions(graph, kinds=(BIAS_ADD, AVERAGE_POOL)):
    """{id(node): (kind, parts)} for the nodes written as one operator, and the ids of the nodes they absorb."""
    fused, absorbed = {}, set()
    for node in graph.nodes:
        if node.name == "add" and len(node.ins) == 2 and BIAS_ADD in kinds:
            found = _bias_add(graph, node)
            if found:
                fused[id(node)] = (BIAS_ADD, found[:2])
                absorbed.add(id(found[2]))
        elif node.name == "mul" and len(node.ins) == 2 and AVERAGE_POOL in kinds:
            found = _average_pool(graph, node)
            if found:
                fused[id(node)] = (AVERAGE_POOL, found)
                absorbed.add(id(found[0]))
    return fused, absorbed
