"""Recording: a gradient scope is an interpreter at the dispatch door that keeps a tape.

A node is `(prim, inputs, out, attrs, epoch)`: MindSpore's bprop contract (`prim.rule(*inputs, out,
dout, **attrs)` returns one gradient per input) plus the write counter's value when it was recorded,
which tells the reverse pass whether an input was overwritten in place since. Recording order is a
valid order for the reverse pass.
"""
from minispore.common.tensor import wrap
from minispore.common import _version
from minispore.ops._prims import dispatch
from minispore.ops._prims.dispatch import Interpreter, Primitive, interpreting

__all__ = ["Tape", "paused", "record_custom", "enter_cell", "exit_cell"]

# A rebinding of a tracked Tensor's data (set_data, assign_value): the new value has no gradient path
# to the old one, so this node's rule (None) drops the gradient that reaches it.
_REPLACED = Primitive("set_data", lambda xp, x: x, None)


class Tape(Interpreter):
    """One gradient scope: the nodes it recorded and the Tensors it tracks (by id, kept alive here).

    `snapshots` keeps, per tracked Tensor written in place during the scope, its value before each
    write: `{id: [(version of the write, Tensor of the old value), ...]}`. `cells` marks which Cell
    recorded which nodes, for errors: `[(first node, Cell or None for a return to the parent), ...]`.
    """

    __slots__ = ("nodes", "tracked", "epoch", "snapshots", "cells", "_state", "_saved_top")
    observes_only = True

    def __init__(self):
        self.nodes = []
        self.tracked = {}
        self.epoch = _version._epoch
        self.snapshots = {}
        self.cells = []

    def __enter__(self):
        """`with tape:` records in this tape (in this thread only) for the block."""
        self._state = state = dispatch._local.state
        self._saved_top = state.push(self)
        state.tapes.append(self)
        return self

    def __exit__(self, *exc):
        state = self._state
        if state.tapes[-1] is self:
            state.tapes.pop()
        else:
            state.tapes.remove(self)
        state.pop(self, self._saved_top)

    def track(self, tensor):
        self.tracked[id(tensor)] = tensor

    def process(self, prim, inputs, attrs):
        if prim.inplace:
            return self._process_inplace(prim, inputs, attrs)
        out = prim.op(*inputs, **attrs)
        self.observe(prim, inputs, out, attrs)
        return out

    def observe(self, prim, inputs, out, attrs):
        """Record a node when the primitive has a rule and reads a tracked Tensor."""
        if prim.rule is None:
            return
        tracked = self.tracked
        for x in inputs:
            if id(x) in tracked:
                break
        else:
            return
        self.nodes.append((prim, inputs, out, attrs, _version._epoch))
        if type(out) is tuple:
            for o in out:
                tracked[id(o)] = o
        else:
            tracked[id(out)] = out

    def _process_inplace(self, prim, inputs, attrs):
        """An in-place write: keep the target's old value if this scope tracks it, then record the write.

        A write into an untracked Tensor that an earlier node read is caught by the reverse pass.
        """
        target, tracked = inputs[0], self.tracked
        epoch = _version._epoch
        old = wrap(target._data.copy()) if id(target) in tracked else None
        if old is not None:
            tracked[id(old)] = old  # so that needs_grad answers for the old value as for the Tensor
        out = prim.op(*inputs, **attrs)
        # An untracked target's old value is not kept (None): a node that read it cannot run backward.
        self.snapshots.setdefault(id(target), []).append((target._version, old))
        if old is not None or any(id(x) in tracked for x in inputs[1:]):
            # With rule None this node stops the gradient of the new value at the write.
            self.nodes.append((prim, inputs, target, attrs, epoch))
            tracked[id(target)] = target
        return out

    def replaced(self, tensor, old_array, version):
        """`tensor`'s data was rebound (set_data): keep the old value, cut the gradient path."""
        # The old array is intact (only the binding changed): keep it, tracked or not.
        old = wrap(old_array)
        self.snapshots.setdefault(id(tensor), []).append((version, old))
        if id(tensor) in self.tracked:
            self.tracked[id(old)] = old
            self.nodes.append((_REPLACED, (tensor,), tensor, {}, version - 1))


def record_custom(prim, inputs, out):
    """Record `out = prim(inputs)` computed outside the door (a Cell with its own bprop) in every open tape."""
    for tape in dispatch._local.state.tapes:
        tracked = tape.tracked
        if any(id(x) in tracked for x in inputs):
            tape.nodes.append((prim, tuple(inputs), out, {}, _version._epoch))
            for o in (out if type(out) is tuple else (out,)):
                tracked[id(o)] = o


def enter_cell(tapes, cell):
    """Mark the nodes that `tapes` record from now on as recorded inside `cell` (for errors naming it)."""
    for tape in tapes:
        tape.cells.append((len(tape.nodes), cell))


def exit_cell(tapes):
    for tape in tapes:
        tape.cells.append((len(tape.nodes), None))


class paused:
    """Context manager: no tape records inside (a custom `bprop` Cell's forward, stop_gradient)."""

    __slots__ = ("_scope",)

    def __enter__(self):
        self._scope = interpreting(_Unrecorded())
        self._scope.__enter__()

    def __exit__(self, *exc):
        self._scope.__exit__(*exc)


class _Unrecorded(Interpreter):
    """Passes every call to the first interpreter below it that is not a tape (or runs it eagerly)."""

    __slots__ = ()

    def process(self, prim, inputs, attrs):
        state = dispatch._local.state
        saved = level = state.top
        while level >= 0 and isinstance(state.stack[level], Tape):
            level -= 1
        state.top = level
        try:
            return prim.op(*inputs, **attrs)
        finally:
            state.top = saved
