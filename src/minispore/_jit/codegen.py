"""Code generation: a compiled schedule as one straight-line Python function of kernel calls.

The generated `run(leaves)` reads the arguments' and state's arrays, checks what the trace assumed
(state shapes, Cells' modes, guards), calls each step's kernel with its attributes bound as constants,
runs effects (in-place writes, Cells run eagerly, rebinding), bumps the versions of what it wrote and
rebuilds the call's result. Constants, kernels and objects live in the function's namespace.
"""
from minispore._jit.graph import CONST, INPUT, STATE, Slot, read_value, same_read
from minispore._jit.host import Host
from minispore._jit.out_kernels import OUT_KERNELS
from minispore.common import _version
from minispore.common.tensor import wrap

__all__ = ["generate", "Miss"]


class Miss(Exception):
    """A guard of the compiled graph failed before any effect: the call must run another way."""


class _Names:
    """Names of constants in the generated function's namespace."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.by_id = {}

    def __call__(self, value, prefix="K"):
        key = id(value)
        name = self.by_id.get(key)
        if name is None:
            name = f"{prefix}{len(self.by_id)}"
            self.by_id[key] = name
            self.namespace[name] = value
        return name


def _literal(value, names):
    if value is None or isinstance(value, (bool, int, str)) and not hasattr(value, "dtype"):
        return repr(value)
    return names(value)


def _template_code(template, names):
    if type(template) is Slot:
        return f"v{template.number}"
    if isinstance(template, tuple):
        return "(" + "".join(_template_code(t, names) + ", " for t in template) + ")"
    if isinstance(template, list):
        return "[" + ", ".join(_template_code(t, names) for t in template) + "]"
    if isinstance(template, dict):
        return "{" + ", ".join(f"{k!r}: {_template_code(t, names)}" for k, t in template.items()) + "}"
    return names(template)


def _output_code(template, trace, names, leaf_names):
    kind = template[0]
    if kind == "slot":
        slot = template[1]
        value = trace.values[slot]
        if value.kind == CONST or _in_const_buffer(trace, slot):
            return f"wrap(v{slot}.copy())"
        return f"wrap(v{slot})"
    if kind == "arg":
        return leaf_names[template[1]]
    if kind in ("obj", "py"):
        return _literal(template[1], names)
    items = template[2]
    if kind == "tuple":
        return "(" + "".join(_output_code(t, trace, names, leaf_names) + ", " for t in items) + ")"
    if kind == "list":
        return "[" + ", ".join(_output_code(t, trace, names, leaf_names) for t in items) + "]"
    if kind == "named":
        return names(template[1]) + "(" + ", ".join(_output_code(t, trace, names, leaf_names) for t in items) + ")"
    return names(template[1]) + "([" + ", ".join(
        f"({_literal(k, names)}, {_output_code(t, trace, names, leaf_names)})" for k, t in items) + "])"


def _in_const_buffer(trace, slot):
    buffer = trace.values[slot].buffer
    return any(v.buffer == buffer and v.kind == CONST for v in trace.values)


def generate(trace, steps, outputs, written):
    """The source of `run(leaves)` for `steps`, and the namespace it runs in."""
    namespace = {"xp": trace.xp, "asarray": trace.xp.asarray, "wrap": wrap, "Miss": Miss,
                 "bump": _version.bump_version, "replace_data": _version.replace_data,
                 "read_value": read_value, "same_read": same_read}
    names = _Names(namespace)
    lines = ["def run(leaves):"]
    values = trace.values
    used = set()
    for step in steps:
        if step.kind == "node":
            used.update(step.node.slots_read())
        elif step.kind == "guard":
            used.add(step.guard.slot)
        else:
            used.add(step.rebind[2])
    used |= outputs
    leaf_names = []
    for position in range(len(trace.inputs)):
        leaf_names.append(f"t{position}")
    if leaf_names:
        lines.append(f"    {', '.join(leaf_names)}{',' if len(leaf_names) == 1 else ''} = leaves")
    written_consts = {values[s].buffer for s in range(len(values)) if values[s].kind == CONST} & written
    for slot, value in enumerate(values):
        if slot not in used and not (value.kind in (INPUT, STATE) and value.buffer in written):
            continue
        if value.kind == INPUT:
            lines.append(f"    v{slot} = t{value.source}._data")
        elif value.kind == STATE:
            holder = names(value.source, "S")
            seen = names(_Seen(value.source._data), "D")
            lines.append(f"    v{slot} = {holder}._data")
            lines.append(f"    if v{slot} is not {seen}.array: {seen}.check(v{slot}, {value.shape!r}, "
                         f"{names(value.dtype)})")
        elif value.kind == CONST:
            array = names(value.source, "C")
            if value.buffer in written_consts:
                lines.append(f"    v{slot} = {array}.copy()")
            else:
                lines.append(f"    v{slot} = {array}")
    for tensor, version in trace.watched:  # written since traced: a value baked in may be stale
        lines.append(f"    if getattr({names(tensor, 'W')}, '_version', 0) != {version}: "
                     "raise Miss('a Tensor read outside the ops changed')")
    for cell, training, special, children, params in trace.cells:
        name = names(cell, "M")
        lines.append(f"    if {name}.training is not {training!r} or {name}._special is not {special!r}: "
                     "raise Miss('a Cell changed mode')")
        for attribute, members in (("_cells", children), ("_params", params)):
            if members:  # a sub-Cell or Parameter replaced: the graph's state objects may be stale
                ids = names(tuple(id(m) for m in members), "I")
                names(members, "R")  # keeps them alive, so that their ids stay theirs
                lines.append(f"    if tuple(map(id, {name}.{attribute}.values())) != {ids}: "
                             "raise Miss('a Cell changed its sub-Cells or Parameters')")
    for holder, key, value in trace.bindings:
        where = f"{names(holder, 'N')}.cell_contents" if key is None else f"{names(holder, 'N')}.get({key!r})"
        lines.append(f"    if {where} is not {names(value, 'V')}: raise Miss('a name is bound to another object')")
    state_slots = [slot for slot, value in enumerate(values) if value.kind == STATE and slot in used]
    for order, step in enumerate(steps):
        if step.kind == "guard":
            guard = step.guard
            how = names(guard.how) if not isinstance(guard.how, str) else repr(guard.how)
            lines.append(f"    if not same_read({how}, {names(guard.value, 'G')}, read_value(v{guard.slot}, {how})): "
                         "raise Miss('a value read into Python changed')")
        elif step.kind == "rebind":
            _, tensor, slot = step.rebind
            lines.append(f"    replace_data({names(tensor, 'S')}, v{slot})")
        elif type(step.node.prim) is Host:
            node = step.node
            outs = "".join(f"v{s}, " for s in node.outs) or "_"
            lines.append(f"    {outs} = {names(node.prim, 'H')}({', '.join(f'v{x}' for x in node.ins)})")
            # the Cell may have rebound state: read again what follows uses
            later = set()
            for after in steps[order + 1:]:
                later.update(after.node.slots_read() if after.kind == "node" else
                             [after.guard.slot] if after.kind == "guard" else [after.rebind[2]])
            later |= outputs
            lines.extend(f"    v{slot} = {names(values[slot].source, 'S')}._data" for slot in state_slots
                         if slot in later)
        else:
            lines.append("    " + _node_code(step, names, values))
    # arguments and state written in place: a newer version, as eager writes would have made it
    bumped = []
    for value in values:
        if value.buffer in written and value.kind in (INPUT, STATE):
            name = f"t{value.source}" if value.kind == INPUT else names(value.source, "S")
            if name not in bumped:
                bumped.append(name)
                lines.append(f"    bump({name})")
    lines.append("    return " + _output_code(trace.outputs, trace, names, leaf_names))
    return "\n".join(lines) + "\n", namespace


def _node_code(step, names, values):
    node = step.node
    args = ["xp"] + [f"v{x}" if type(x) is int else _literal(x.value, names) for x in node.ins]
    dynamic = dict(node.dynamic)
    for key, value in node.attrs.items():
        if key in dynamic:
            args.append(f"{key}={_template_code(dynamic[key], names)}")
        else:
            args.append(f"{key}={_literal(value, names)}")
    if step.buffer is not None:
        kernel = names(OUT_KERNELS[node.prim.name], "O")
        args.append(f"out={names(step.buffer, 'B')}")
    else:
        kernel = names(node.prim.kernel, "k")
    call = f"{kernel}({', '.join(args)})"
    if node.prim.inplace:  # its output is the target's array, written
        return f"{call}; v{node.outs[0]} = v{node.ins[0]}"
    if len(node.outs) == 1 and node.prim.n_out == 1:
        # a reduction to 0-d may return a scalar; the door makes it an array, and so does the replay
        scalar = values[node.outs[0]].shape == () and step.buffer is None
        return f"v{node.outs[0]} = asarray({call})" if scalar else f"v{node.outs[0]} = {call}"
    return ", ".join(f"v{s}" for s in node.outs) + ("," if len(node.outs) == 1 else "") + f" = {call}"


class _Seen:
    """The array a state Tensor held when last checked; `check` accepts a new one of the same shape and dtype."""

    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array

    def check(self, array, shape, dtype):
        if array.shape != shape or array.dtype != dtype:
            raise Miss("a Parameter's shape or dtype changed")
        self.array = array
