"""Recording: the tapes of the open gradient scopes. Nothing is recorded when ACTIVE is empty.

A node is `(rule, inputs, out, attrs)`, MindSpore's bprop contract: `rule(*inputs, out, dout,
**attrs)` returns one gradient per input. Recording order is a valid order for the reverse pass.
"""

__all__ = ["ACTIVE", "Tape", "record", "paused", "needs_grad", "BACKWARD"]

# The open tapes, innermost last. Primitives check `if ACTIVE:` on every call, so this list
# object is never rebound, only mutated.
ACTIVE = []


# The tracked sets of the reverse passes running now, innermost last (see `needs_grad`).
BACKWARD = []


def needs_grad(x):
    """Inside a backward rule: whether the running reverse pass wants a gradient for input `x`.

    Rules may skip work for inputs that need none (labels, masks); returning None is always safe.
    """
    return id(x) in BACKWARD[-1] if BACKWARD else True


class Tape:
    """One gradient scope: its nodes and the Tensors it tracks (by id, kept alive here)."""

    __slots__ = ("nodes", "tracked")

    def __init__(self):
        self.nodes = []
        self.tracked = {}

    def track(self, tensor):
        self.tracked[id(tensor)] = tensor


def record(rule, inputs, out, attrs):
    """Append a node to every open tape that tracks one of `inputs`; its outputs become tracked."""
    for tape in ACTIVE:
        tracked = tape.tracked
        for x in inputs:
            if id(x) in tracked:
                break
        else:
            continue
        tape.nodes.append((rule, inputs, out, attrs))
        if type(out) is tuple:
            for o in out:
                tracked[id(o)] = o
        else:
            tracked[id(out)] = out


class paused:
    """Context manager: no tape records inside (used for custom `bprop` Cells and stop_gradient)."""

    __slots__ = ("_saved",)

    def __enter__(self):
        self._saved = ACTIVE[:]
        ACTIVE.clear()

    def __exit__(self, *exc):
        ACTIVE[:] = self._saved
