"""In-place writes: the primitives that change a Tensor's data instead of making a new Tensor.

Each writes into its first input's array and bumps that Tensor's version (see dispatch.py). Under a
gradient scope they record like any op: the gradient that reaches the written Tensor flows to the
written value, and the overwritten value gets none.
"""
from minispore.ops._prims.dispatch import defprim
from minispore.ops._prims.shape import getitem, setitem


def _assign_kernel(xp, target, value):
    target[...] = value


def _assign_at_kernel(xp, target, value, *, index):
    target[index] = value


# `target[...] = value` (value broadcast and cast to the target): fill_, copy_, add_ (with add), ...
assign = defprim("assign", _assign_kernel, lambda target, value, out, dout: (None, dout), inplace=True)
# `target[index] = value`: Tensor.__setitem__.
assign_at = defprim("assign_at", _assign_at_kernel,
                    lambda target, value, out, dout, *, index: (
                        setitem(dout, 0, index=index),
                        getitem(dout, index=index) if hasattr(value, "_data") else None),
                    inplace=True)
