"""The table of what each minispore primitive becomes in MindIR, and the call that writes one node."""
from minispore.train._mindir_emit_math import MATH_EMITTERS
from minispore.train._mindir_emit_nn import NN_EMITTERS

__all__ = ["EMITTERS", "emit"]

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
