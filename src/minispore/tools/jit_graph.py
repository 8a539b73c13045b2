"""A learning aid: print what `jit` compiled — the primitives a replay runs, their shapes, and which
buffers the schedule reuses."""
from minispore._jit.compile import Schedule
from minispore._jit.function import JitFunction
from minispore._jit.graph import CONST, INPUT, STATE, Slot
from minispore._jit.host import Host

__all__ = ["show_jit_graph"]


def _compiled_of(fn):
    """The JitFunction behind a jitted function, method, Cell (GRAPH_MODE or jitted construct)."""
    if isinstance(fn, JitFunction):
        return fn
    for candidate in (fn, getattr(fn, "__func__", None), getattr(getattr(fn, "construct", None), "__func__", None)):
        found = getattr(candidate, "__jit__", None)
        if found is not None:
            return found
    found = getattr(fn, "__dict__", {}).get("_graph_call")
    if found is not None:
        return found
    raise TypeError(f"show_jit_graph: expected a function made by mindspore.jit, a Cell with a jitted construct or a "
                    f"Cell called in GRAPH_MODE, but got {type(fn).__name__}.")


def _kib(nbytes):
    return f"{nbytes / 1024:.1f} KiB"


def _type(value):
    return f"{value.shape} {value.dtype}"


def _operand(x):
    if type(x) is int:
        return f"%{x}"
    return repr(x.value)


def _attr(value):
    if type(value) is Slot:
        return f"%{value.number}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_attr(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if hasattr(value, "shape") and hasattr(value, "dtype") and getattr(value, "ndim", 0):
        return f"<array {value.shape}>"
    if callable(value) and not isinstance(value, type):
        return getattr(value, "__name__", "<function>")
    return repr(value)


def _describe(schedule):
    trace = schedule.trace
    values = trace.values
    lines = []
    nodes = [s for s in schedule.steps if s.kind == "node"]
    traced = len(nodes) + schedule.folded + schedule.shared + schedule.removed
    lines.append(f"  traced {traced} primitive call(s): {schedule.folded} folded into constants, {schedule.shared} "
                 f"shared (common subexpressions), {schedule.removed} removed (dead), {schedule.fused} weight "
                 f"update(s) fused; {len(nodes)} run on replay")
    used = set()
    for step in schedule.steps:
        if step.kind == "node":
            used.update(step.node.slots_read())
        elif step.kind == "guard":
            used.add(step.guard.slot)
    for slot, value in enumerate(values):
        if slot not in used:
            continue
        if value.kind == INPUT:
            lines.append(f"  input     %{slot}: {_type(value)} = argument {value.source}")
        elif value.kind == STATE:
            name = getattr(value.source, "name", None)
            what = f"Parameter '{name}'" if isinstance(name, str) else "a Tensor it reads"
            lines.append(f"  state     %{slot}: {_type(value)} = {what}")
        elif value.kind == CONST:
            lines.append(f"  constant  %{slot}: {_type(value)}")
    external = {v.buffer for v in values if v.kind in (INPUT, STATE, CONST)}
    first_user = {}
    number = 0
    buffer_names = {}
    for step in schedule.steps:
        if step.kind == "guard":
            guard = step.guard
            how = guard.how if isinstance(guard.how, str) else "item"
            shown = guard.value if how != "array" else f"<array {guard.value.shape}>"
            lines.append(f"        guard: the {how} value of %{guard.slot} must be {shown!r}")
            continue
        if step.kind == "rebind":
            _, tensor, slot = step.rebind
            lines.append(f"        set_data: {getattr(tensor, 'name', 'a Tensor')} now holds %{slot}")
            continue
        number += 1
        node = step.node
        ins = ", ".join(_operand(x) for x in node.ins)
        dynamic = dict(node.dynamic)
        attrs = "".join(f", {k}={_attr(dynamic.get(k, v))}" for k, v in node.attrs.items())
        outs = ", ".join(f"%{s}" for s in node.outs) or "()"
        call = f"{outs} = {node.prim.name}({ins}{attrs})"
        if len(call) > 60:
            call = call[:57] + "..."
        if type(node.prim) is Host:
            note = "runs eagerly (it writes Tensors outside minispore's ops)"
        elif node.prim.inplace:
            target = values[node.ins[0]]
            note = "writes in place" + (" (state)" if target.buffer in external else "")
        else:
            out = values[node.outs[0]] if node.outs else None
            note = _type(out) if out is not None else ""
            if out is not None and len(node.outs) > 1:
                note += f" (+{len(node.outs) - 1} more)"
            if step.buffer is not None:
                key = id(step.buffer)
                if key in buffer_names:
                    note += f"  -> buffer {buffer_names[key]} (reused after {first_user[key]})"
                else:
                    buffer_names[key] = f"b{len(buffer_names)}"
                    note += f"  -> buffer {buffer_names[key]} ({_kib(step.buffer.nbytes)})"
                first_user[key] = f"%{node.outs[0]}"
            elif out is not None:
                shared = [x for x in node.ins if type(x) is int and values[x].buffer == out.buffer]
                if shared:
                    note += f"  (a view of %{shared[0]}: no copy)"
        lines.append(f"  #{number:<3}{call:<60} {note}")
    planned = schedule.planned
    uses = sum(1 for s in schedule.steps if s.kind == "node" and s.buffer is not None)
    lines.append(f"  buffers: {len(planned)} planned once ({_kib(sum(a.nbytes for a in planned))}), written by "
                 f"{uses} step(s) with out=; other results are allocated by their kernels")
    return lines


def show_jit_graph(fn, file=None):
    """Print the compiled graph(s) of a jitted function or Cell: each step's primitive, operands and
    shape, the constants and state it reads, the guards on values Python read, and buffer reuse.

    Returns the printed text. A function compiles on its second call with one input signature (the first
    traces it, the second checks the trace), so call it twice first.
    """
    compiled = _compiled_of(fn)
    schedules = compiled.schedules()
    lines = []
    if not schedules:
        lines.append(f"jit: '{compiled.name}' has no compiled graph yet: it compiles on the second call with the same "
                     "input signature" + (" (it runs eagerly: see the warning it gave)" if any(
                         e.eager for e in compiled.entries.values()) else "") + ".")
    for number, schedule in enumerate(schedules, 1):
        assert isinstance(schedule, Schedule)
        inputs = ", ".join(_type(schedule.trace.values[s]) for s in schedule.trace.inputs) or "no Tensors"
        lines.append(f"jit graph {number} of '{compiled.name}' for inputs ({inputs}):")
        lines.extend(_describe(schedule))
    text = "\n".join(lines)
    print(text, file=file)
    return text
