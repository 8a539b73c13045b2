"""From a trace to a replay: dead code removed, common subexpressions shared, constants folded,
buffers planned once, and one straight-line Python function of kernel calls on raw arrays.

A `Schedule` is the optimized graph: steps in trace order (a step is a node, a guard, or a rebinding),
the buffer each planned output is written into, and the generated `run(leaves)` that replays it. The
replay calls each primitive's own kernel (or its `out=` twin), in the order eager code called them, so
its results are bit-identical to eager's.
"""
import threading

from minispore._jit.codegen import Miss, generate
from minispore._jit.fusion import fuse_weight_updates
from minispore._jit.graph import CONST, INPUT, STATE, Slot, layout_of
from minispore._jit.host import Host
from minispore._jit.out_kernels import OUT_KERNELS

__all__ = ["Schedule", "Miss", "Busy", "compile_trace", "CompileRefused"]

# Outputs smaller than this are left to the kernel to allocate: for small arrays `out=` costs more
# (keyword parsing) than the allocation it saves.
_PLAN_MIN_BYTES = 8192
# Kernels that read each element before writing it: their output may be the buffer of a dying input.
_ELEMENTWISE = {"add", "sub", "mul", "div", "maximum", "minimum", "neg", "exp", "log", "sqrt", "tanh", "abs",
                "relu", "relu_grad"}


class Busy(Miss):
    """The schedule is replaying in another thread (its planned buffers are in use)."""


class CompileRefused(Exception):
    """The trace is faithful but cannot be replayed safely (the reason is the message)."""


class Step:
    """One line of the schedule: a node (with its planned output buffer) or a guard."""

    __slots__ = ("kind", "node", "index", "guard", "buffer", "rebind")

    def __init__(self, kind, node=None, index=None, guard=None, rebind=None):
        self.kind, self.node, self.index, self.guard, self.rebind = kind, node, index, guard, rebind
        self.buffer = None  # the planned array the node writes into (out=), or None


class Schedule:
    """A compiled trace: its steps, planned buffers and the generated replay function."""

    def __init__(self, trace, steps, planned, source, namespace, folded, shared, removed, fused):
        self.trace, self.steps, self.planned = trace, steps, planned
        self.source = source
        self.folded, self.shared, self.removed, self.fused = folded, shared, removed, fused
        exec(compile(source, "<minispore jit>", "exec"), namespace)  # noqa: S102 - our own generated code
        self._run = namespace["run"]
        self._lock = threading.Lock()

    def run(self, leaves):
        """Replay on the call's Tensor leaves; raises Miss when a guard fails (nothing changed then)."""
        if not self._lock.acquire(blocking=False):
            raise Busy()
        try:
            return self._run(leaves)
        finally:
            self._lock.release()


# --- passes --------------------------------------------------------------------------------------
def _written_buffers(trace):
    written = set()
    for node in trace.nodes:
        if node.prim.inplace:
            written.add(trace.values[node.ins[0]].buffer)
        elif type(node.prim) is Host:  # a Cell run eagerly may write any argument or state
            written.update(v.buffer for v in trace.values if v.kind in (INPUT, STATE))
    for _, tensor, slot in trace.rebinds:
        written.add(trace.values[slot].buffer)
    return written


def _freeze(value):
    """A hashable stand-in for an attribute value (arrays and other objects by identity)."""
    if isinstance(value, (tuple, list)):
        return (type(value).__name__,) + tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((k, _freeze(v)) for k, v in sorted(value.items()))
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return ("array", id(value))
    hash(value)
    return (type(value).__name__, value)


def _fold_and_share(trace, written):
    """Constant folding and common subexpressions: returns (kept node indices, slot renames, counts).

    A node whose inputs are all constants is folded: its outputs are the arrays the trace computed.
    A pure node equal to an earlier one (same primitive, inputs and attributes) reuses its outputs.
    Neither touches values in buffers written in place, whose contents change along the trace.
    """
    values = trace.values
    rename = {}
    kept, seen = [], {}
    folded = shared = 0

    def canonical(x):
        return rename.get(x, x) if type(x) is int else x

    for index, node in enumerate(trace.nodes):
        node.ins = tuple(canonical(x) for x in node.ins)
        if node.dynamic:
            node.dynamic = tuple((name, _rename_template(t, canonical)) for name, t in node.dynamic)
        if node.prim.inplace or type(node.prim) is Host:
            kept.append(index)
            continue
        touched = [values[s].buffer in written for s in node.slots_read()] + \
                  [values[s].buffer in written for s in node.outs]
        if any(touched):
            kept.append(index)
            continue
        reads = node.slots_read()
        if not reads:  # a primitive of no Tensor inputs may draw at random: neither folded nor shared
            kept.append(index)
            continue
        if all(values[s].kind == CONST for s in reads):
            for s in node.outs:
                value = values[s]
                value.kind, value.source = CONST, trace.arrays[s]
            folded += 1
            continue
        try:
            key = (node.prim.name, node.ins, tuple((k, _freeze(v)) for k, v in sorted(node.attrs.items())))
        except TypeError:
            kept.append(index)
            continue
        earlier = seen.get(key)
        if earlier is not None and len(earlier.outs) == len(node.outs):
            for mine, theirs in zip(node.outs, earlier.outs):
                rename[mine] = theirs
            shared += 1
            continue
        seen[key] = node
        kept.append(index)
    for guard in trace.guards:
        guard.slot = canonical(guard.slot)
    trace.rebinds = [(p, t, canonical(s)) for p, t, s in trace.rebinds]
    return kept, rename, folded, shared


def _rename_template(template, canonical):
    if type(template) is Slot:
        return Slot(canonical(template.number))
    if isinstance(template, (tuple, list)):
        return type(template)(_rename_template(t, canonical) for t in template)
    if isinstance(template, dict):
        return {k: _rename_template(t, canonical) for k, t in template.items()}
    return template


def _output_slots(template, found):
    kind = template[0]
    if kind == "slot":
        found.add(template[1])
    elif kind in ("tuple", "list", "named"):
        for item in template[2]:
            _output_slots(item, found)
    elif kind == "dict":
        for _, item in template[2]:
            _output_slots(item, found)
    return found


def _rename_output(template, rename):
    kind = template[0]
    if kind == "slot":
        return ("slot", rename.get(template[1], template[1]))
    if kind in ("tuple", "list", "named", "dict"):
        items = template[2]
        if kind == "dict":
            return (kind, template[1], [(k, _rename_output(t, rename)) for k, t in items])
        return (kind, template[1], [_rename_output(t, rename) for t in items])
    return template


def _is_effect(trace, node):
    """An in-place write into memory the caller can see (an argument or state), or a Cell run eagerly."""
    if type(node.prim) is Host:
        return True
    if not node.prim.inplace:
        return False
    return trace.values[node.ins[0]].kind in (INPUT, STATE) or _external_buffer(trace, node.ins[0])


def _external_buffer(trace, slot):
    buffer = trace.values[slot].buffer
    return any(v.buffer == buffer and v.kind in (INPUT, STATE) for v in trace.values)


def _relu_masks_from_outputs(trace, kept, written):
    """relu_grad(dout, x) where r = relu(x) was computed: read r instead (r > 0 exactly where x > 0), so
    that x dies at the relu, which can then run in place."""
    values = trace.values
    relu_of = {}
    for index in kept:
        node = trace.nodes[index]
        if node.prim.name == "relu" and type(node.ins[0]) is int:
            relu_of[node.ins[0]] = node.outs[0]
        elif node.prim.name == "relu_grad" and node.ins[1] in relu_of:
            x, r = node.ins[1], relu_of[node.ins[1]]
            if values[x].buffer not in written and values[r].buffer not in written:
                node.ins = (node.ins[0], r)


def _live_nodes(trace, kept, outputs):
    """Dead-code removal: the kept nodes that an output, a guard or an effect needs."""
    values = trace.values
    live = set(outputs)
    live.update(g.slot for g in trace.guards)
    live.update(s for _, _, s in trace.rebinds)
    # a value is needed when anything in its buffer is (views and in-place versions share memory)
    live_buffers = {values[s].buffer for s in live}
    result = []
    for index in reversed(kept):
        node = trace.nodes[index]
        needed = _is_effect(trace, node) or any(s in live or values[s].buffer in live_buffers for s in node.outs)
        if needed:
            result.append(index)
            for s in node.slots_read():
                live.add(s)
                live_buffers.add(values[s].buffer)
    result.reverse()
    return result, live


# --- scheduling ----------------------------------------------------------------------------------
def _guard_positions(trace, nodes):
    """Each guard as early as its value allows: after the node that made the value it reads and after
    the last write into that value's buffer before the read (never later than where it was read)."""
    values = trace.values
    positions = []
    for guard in trace.guards:
        buffer = values[guard.slot].buffer
        earliest = 0
        for order, index in enumerate(nodes):
            if index >= guard.position:
                break
            node = trace.nodes[index]
            if guard.slot in node.outs or (node.prim.inplace and values[node.ins[0]].buffer == buffer) or (
                    type(node.prim) is Host and _external_buffer(trace, guard.slot)):
                earliest = order + 1
        positions.append((earliest, guard))
    return positions


def _steps(trace, nodes):
    """Nodes in trace order, each guard at its earliest place, rebindings where they happened."""
    positions = _guard_positions(trace, nodes)
    rebinds = sorted(trace.rebinds, key=lambda r: r[0])
    steps, next_rebind = [], 0
    for order, index in enumerate(nodes):
        steps.extend(Step("guard", guard=g) for at, g in positions if at == order)
        while next_rebind < len(rebinds) and rebinds[next_rebind][0] <= index:
            steps.append(Step("rebind", rebind=rebinds[next_rebind]))
            next_rebind += 1
        steps.append(Step("node", node=trace.nodes[index], index=index))
    steps.extend(Step("guard", guard=g) for at, g in positions if at >= len(nodes))
    steps.extend(Step("rebind", rebind=r) for r in rebinds[next_rebind:])
    return steps


def _check_effects_after_guards(trace, steps):
    effect_seen = False
    for step in steps:
        if step.kind == "guard" and effect_seen:
            raise CompileRefused("it reads a Tensor's value into Python after writing a Parameter or an "
                                 "argument in place, so the choice it makes cannot be checked before the write")
        if step.kind == "rebind" or (step.kind == "node" and _is_effect(trace, step.node)):
            effect_seen = True


def _plan_buffers(trace, steps, escaping):
    """Give each large output of an `out=` kernel a buffer that is dead by then; returns the arrays."""
    values = trace.values
    last_use = {}
    for order, step in enumerate(steps):
        slots = step.node.slots_read() if step.kind == "node" else (
            [step.guard.slot] if step.kind == "guard" else [step.rebind[2]])
        for s in slots:
            last_use[values[s].buffer] = order
    external = {v.buffer for v in values if v.kind in (INPUT, STATE, CONST)}
    blocked = external | escaping
    free = {}       # (shape, dtype, layout) -> arrays ready for reuse
    holder = {}     # buffer -> planned array
    owner = {}      # buffer -> the slot that is exactly its planned array (not a view, not a later write)
    planned = []
    xp = trace.xp
    for order, step in enumerate(steps):
        if step.kind != "node":
            continue
        node = step.node
        if node.prim.name in OUT_KERNELS and len(node.outs) == 1:
            value = values[node.outs[0]]
            if value.buffer not in blocked and value.buffer not in holder and \
                    value.dtype.itemsize * _size(value.shape) >= _PLAN_MIN_BYTES and \
                    value.buffer in last_use:
                array = None
                if node.prim.name in _ELEMENTWISE:
                    # an elementwise kernel may write over an input that dies here (x += y, in place)
                    for x in node.ins:
                        buffer = values[x].buffer if type(x) is int else None
                        if (buffer in holder and owner.get(buffer) == x and last_use[buffer] == order
                                and values[x].shape == value.shape and values[x].dtype == value.dtype
                                and values[x].layout == value.layout):
                            array = holder.pop(buffer)
                            del owner[buffer]
                            break
                if array is None:
                    # In the layout of the eager result (a Dense batch is feature-major), so that an out
                    # kernel runs eager's very product.
                    pool = free.setdefault((value.shape, value.dtype, value.layout), [])
                    if pool:
                        array = pool.pop()
                    else:
                        array = xp.empty(value.shape, dtype=value.dtype, order=value.layout)
                        planned.append(array)
                holder[value.buffer] = array
                owner[value.buffer] = node.outs[0]
                step.buffer = array
        for buffer, array in list(holder.items()):
            if last_use.get(buffer, -1) <= order and buffer not in _made_here(node, values):
                free.setdefault((array.shape, array.dtype, layout_of(array)), []).append(array)
                del holder[buffer]
                owner.pop(buffer, None)
    return planned


def _made_here(node, values):
    return {values[s].buffer for s in node.outs}


def _size(shape):
    size = 1
    for n in shape:
        size *= n
    return size


def compile_trace(trace, level="O0"):
    """The Schedule of a faithful trace; raises CompileRefused when it cannot be replayed safely.

    `level` is jit_level: "O0" keeps results bit-identical to eager code, "O1" also fuses where the
    fused kernels may round differently (see fusion.py).
    """
    if trace.unusable:
        raise CompileRefused(trace.unusable)
    written = _written_buffers(trace)
    kept, rename, folded, shared = _fold_and_share(trace, written)
    _relu_masks_from_outputs(trace, kept, written)
    trace.outputs = _rename_output(trace.outputs, rename)
    outputs = _output_slots(trace.outputs, set())
    protected = outputs | {g.slot for g in trace.guards} | {s for _, _, s in trace.rebinds}
    fused = fuse_weight_updates(trace, kept, level, protected)
    nodes, live = _live_nodes(trace, kept, outputs)
    removed = len(kept) - len(nodes)
    steps = _steps(trace, nodes)
    _check_effects_after_guards(trace, steps)
    escaping = {trace.values[s].buffer for s in outputs} | {trace.values[s].buffer for _, _, s in trace.rebinds}
    for node in trace.nodes:  # what a Cell run eagerly receives, it may keep
        if type(node.prim) is Host:
            escaping.update(trace.values[s].buffer for s in node.ins)
    planned = _plan_buffers(trace, steps, escaping)
    source, namespace = generate(trace, steps, outputs, written)
    trace.arrays = None  # the traced call's intermediate values are no longer needed
    return Schedule(trace, steps, planned, source, namespace, folded, shared, removed, fused)
