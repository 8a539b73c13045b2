"""Recording: a gradient scope is an interpreter at the dispatch door that keeps a tape.

A node is `(prim, inputs, out, attrs, epoch, keys, out_key)`: MindSpore's bprop contract
(`prim.rule(*inputs, out, dout, **attrs)` returns one gradient per input), the write counter's value
when it was recorded, which tells the reverse pass whether an input was overwritten in place since,
and the keys that route gradients: one per input and one for the output (a tuple for several).
Recording order is a valid order for the reverse pass.

A tape keeps an array alive only while a rule will read it (as PyTorch saves only what each backward
needs). A Tensor of at least `HOLLOW_BYTES` whose values no rule reads is stood in for by a hollow
twin: a Tensor of the same shape and dtype whose data is one element broadcast (no memory). The twin
is the Tensor's key: `tracked` maps id(Tensor) -> key, gradients are routed by id(key), and a node
holds the real Tensor only where its rule reads that position. A smaller Tensor is its own key.
"""
import weakref

from minispore._backend import backend_of
from minispore.common.tensor import Tensor, wrap
from minispore.common import _version
from minispore.ops._prims import dispatch
from minispore.ops._prims.dispatch import Interpreter, Primitive, interpreting

__all__ = ["Tape", "paused", "record_custom", "enter_cell", "exit_cell"]

# A rebinding of a tracked Tensor's data (set_data, assign_value): the new value has no gradient path
# to the old one, so this node's rule (None) drops the gradient that reaches it.
_REPLACED = Primitive("set_data", lambda xp, x: x, None)


HOLLOW_BYTES = 1 << 16
_new = object.__new__


def hollow(t):
    """A Tensor shaped and typed like `t` whose data is one element broadcast (no memory)."""
    data = t._data
    xp = backend_of(data).xp
    twin = _new(Tensor)
    twin._data = xp.broadcast_to(xp.zeros((), dtype=data.dtype), data.shape)
    return twin


def _forget(tape_ref, key):
    """A Tensor with a hollow twin died: its id may be reused, so it is no longer tracked."""
    tape = tape_ref()
    if tape is not None:
        tape.tracked.pop(key, None)


class Tape(Interpreter):
    """One gradient scope: the nodes it recorded and the Tensors it tracks (by id, mapped to their keys).

    `tracked` keeps small Tensors, leaves and written ones alive as their own keys; a large
    intermediate is tracked through its hollow twin and leaves `tracked` when it dies. `hollows`
    counts the twins made: while it is 0 every tracked Tensor is its own key (the small-network path).
    `snapshots` keeps, per tracked Tensor written in place during the scope, its value before each
    write: `{id: [(version of the write, Tensor of the old value), ...]}`. `cells` marks which Cell
    recorded which nodes, for errors: `[(first node, Cell or None for a return to the parent), ...]`.
    """

    __slots__ = ("nodes", "tracked", "epoch", "snapshots", "cells", "hollows", "_state", "_saved_top",
                 "__weakref__")
    observes_only = True

    def __init__(self):
        self.nodes = []
        self.tracked = {}
        self.epoch = _version._epoch
        self.snapshots = {}
        self.cells = []
        self.hollows = 0

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
        """Differentiate with respect to `tensor` (a leaf: its own key; a tracked Tensor keeps its key)."""
        self.tracked.setdefault(id(tensor), tensor)

    def process(self, prim, inputs, attrs):
        # Another interpreter runs below (a tracer, vmap): no twins, which must not reach it.
        if prim.inplace:
            return self._process_inplace(prim, inputs, attrs)
        out = prim.op(*inputs, **attrs)
        if prim.rule is not None and any(id(x) in self.tracked for x in inputs):
            self._record(prim, inputs, out, attrs, False)
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
        if self.hollows or type(out) is tuple or out._data.nbytes >= HOLLOW_BYTES:
            self._record(prim, inputs, out, attrs, True)
            return
        # Every tracked input is its own key and the output is small: the node holds what it got.
        self.nodes.append((prim, inputs, out, attrs, _version._epoch, inputs, out))
        if type(out) is tuple:
            for o in out:
                tracked[id(o)] = o
        else:
            tracked[id(out)] = out

    def _record(self, prim, inputs, out, attrs, hollowing):
        """Record a node holding real Tensors only where its rule reads them (twins elsewhere if `hollowing`)."""
        tracked = self.tracked
        reads = prim.reads
        if reads and len(reads) != len(inputs) + 1:
            reads = None
        values, keys = [], []
        for position, x in enumerate(inputs):
            key = tracked.get(id(x))
            read = reads is None or (reads and reads[position])
            if key is None:
                # Untracked: it gets no gradient, so its value is its key (a fresh twin if nothing reads it).
                if hollowing and not read and type(x) is Tensor and x._data.nbytes >= HOLLOW_BYTES:
                    x = hollow(x)
                key = x
            elif not read:
                x = key
            values.append(x)
            keys.append(key)
        out_read = True if reads is None else reads and reads[-1]
        if type(out) is tuple:
            # A rule that only unpacks its output may read some of its elements (batch_norm: not y).
            elements = out_read if type(out_read) is tuple and len(out_read) == len(out) else (out_read,) * len(out)
            out_key = tuple(self._key_of_output(o, hollowing and not read) for o, read in zip(out, elements))
        else:
            out_key = self._key_of_output(out, hollowing and not out_read)
        self.nodes.append((prim, tuple(values), out_key, attrs, _version._epoch, tuple(keys), out_key))

    def _key_of_output(self, out, hollowing):
        """Track a new output: its own key, or (when no rule reads it and it is large) a hollow twin."""
        tracked = self.tracked
        if not hollowing or type(out) is not Tensor or out._data.nbytes < HOLLOW_BYTES:
            tracked[id(out)] = out
            return out
        twin = hollow(out)
        tracked[id(out)] = tracked[id(twin)] = twin
        # The entry for `out` must go when it dies: a later Tensor may get its id.
        weakref.finalize(out, _forget, weakref.ref(self), id(out))
        self.hollows += 1
        return twin

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
            # With rule None this node stops the gradient of the new value at the write. The new value
            # keeps the target's key: the reverse pass reaches the write before the nodes that read the old.
            key = tracked.setdefault(id(target), target)
            keys = (key,) + tuple(tracked.get(id(x), x) for x in inputs[1:])
            self.nodes.append((prim, inputs, target, attrs, epoch, keys, key))
        return out

    def replaced(self, tensor, old_array, version):
        """`tensor`'s data was rebound (set_data): keep the old value, cut the gradient path."""
        # The old array is intact (only the binding changed): keep it, tracked or not.
        old = wrap(old_array)
        self.snapshots.setdefault(id(tensor), []).append((version, old))
        key = self.tracked.get(id(tensor))
        if key is not None:
            self.tracked[id(old)] = old
            self.nodes.append((_REPLACED, (tensor,), tensor, {}, version - 1, (key,), key))


def record_custom(prim, inputs, out):
    """Record `out = prim(inputs)` computed outside the door (a Cell with its own bprop) in every open tape."""
    inputs = tuple(inputs)
    for tape in dispatch._local.state.tapes:
        tracked = tape.tracked
        if any(id(x) in tracked for x in inputs):
            keys = tuple(tracked.get(id(x), x) for x in inputs)
            if type(out) is tuple:
                out_key = tuple(tracked.setdefault(id(o), o) for o in out)
            else:
                out_key = tracked.setdefault(id(out), out)
            tape.nodes.append((prim, inputs, out, {}, _version._epoch, keys, out_key))


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
