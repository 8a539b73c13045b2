"""Activation primitives that a composite would make several nodes of.

prelu is a primitive so that mixed precision can name it (MindSpore's O1 white list casts PReLU) and
its backward is one node: x > 0 passes dout, else dout * w; the slope gets dout * x where x <= 0.
"""
from minispore.ops._prims import defprim
from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims.elementwise import greater, mul, where


def _prelu_rule(x, w, out, dout):
    positive = greater(x, 0)
    return (where(positive, dout, mul(dout, w)) if needs_grad(x) else None,
            where(positive, 0, mul(dout, x)) if needs_grad(w) else None)


# w is broadcastable against x (the functional op reshapes a per-channel slope to (1, C, 1, ...)).
prelu = defprim("prelu", lambda xp, x, w: xp.where(x > 0, x, x * w), _prelu_rule)
