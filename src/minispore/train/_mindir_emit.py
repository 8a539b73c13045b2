"""The table of what each minispore primitive becomes in MindIR, and the call that writes one node."""
from minispore.train._fusion import AVERAGE_POOL, BIAS_ADD, find_fusions
from minispore.train._mindir_emit_math import MATH_EMITTERS, NCHW
from minispore.train._mindir_emit_nn import NN_EMITTERS, average_pool
from minispore.train._mindir_writer import spec_of

__all__ = ["EMITTERS", "emit", "emitter_for"]

EMITTERS = {**MATH_EMITTERS, **NN_EMITTERS}


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


def _bias_add(b, node, y, bias):
    return [b.node("BiasAdd", [b.ref(y), b.ref(bias), b.constant(NCHW)], spec_of(node))]


def _average_pool(b, node, pool):
    return [average_pool(b, pool, spec_of(node))]


_FUSED = {BIAS_ADD: _bias_add, AVERAGE_POOL: _average_pool}


def emitter_for(graph):
    """`emit` for `graph`, writing the patterns MindSpore has one primitive for (BiasAdd, AvgPool) as that."""
    fused, absorbed = find_fusions(graph)

    def emit_node(b, node):
        if id(node) in absorbed:
            return [None] * len(node.outs)
        found = fused.get(id(node))
        return _FUSED[found[0]](b, node, *found[1]) if found else emit(b, node)
    return emit_node
