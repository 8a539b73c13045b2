"""Capture: a tracing interpreter that runs a call concretely and records its primitive calls.

Values are tracked by the identity of their arrays. A Tensor the trace has not seen before becomes a
graph input: an argument of the call (by position), state (a Parameter, or a Tensor reachable from
the traced function: read from its object on every replay) or a constant (anything else: seeds, masks,
Tensors made from Python data during the call), kept by value. In-place writes make a new version of
their target's buffer. Reading a traced value into Python (`float(t)`, `bool(t)`, `t.asnumpy()`,
printing) makes the trace depend on it: a guard, checked when the graph replays.

A trace is only as good as what passes through the door. Writes that bypass it are caught: the arrays
of reachable state are made read-only while tracing (NumPy), and a rebinding of `Tensor._data` that the
door did not see is found at the end; either makes the trace `unusable`, with the reason.
"""
from minispore._backend import backend_of
from minispore._jit.graph import (CONST, INPUT, NODE, STATE, Guard, Literal, Node, Slot, Trace, Value, layout_of,
                                  read_value, root_of, slots_in)
from minispore._jit.host import Host, is_opaque, mark_opaque, split_value
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.ops._prims import dispatch as _door
from minispore.ops._prims.dispatch import Interpreter

__all__ = ["Tracer"]

_WATCHED_SIZE = 64


class Tracer(Interpreter):
    """Records every primitive call made below the interpreters above it, while running it eagerly."""

    __slots__ = ("trace", "slot_of", "buffer_of_root", "keep", "reachable", "protected", "state_slots",
                 "originals", "undo_log", "opaque_found", "_buffers", "_active")

    def __init__(self, reachable):
        self.trace = Trace()
        self.slot_of = {}         # id(array) -> slot of the array's current value
        self.buffer_of_root = {}  # id(root array) -> buffer number
        self.keep = []            # every array seen, so that no id is reused while tracing
        self.reachable = reachable  # id(array) -> the reachable Tensor that holds it
        self.protected = []       # (array, its writeable flag before) made read-only
        self.state_slots = {}     # id(Tensor) -> slot, for state read from its object
        self.originals = []       # (Tensor, its array) for every reachable Tensor, to find rebindings
        self.undo_log = []        # (array, its contents before the first write) / (Tensor, old array)
        self.opaque_found = False  # a Cell was just found to write outside the door (trace again)
        self._buffers = 0
        self._active = True

    # --- registering values ------------------------------------------------------------------
    def _buffer(self, array):
        root = root_of(array)
        key = id(root)
        buffer = self.buffer_of_root.get(key)
        if buffer is None:
            buffer = self.buffer_of_root[key] = self._buffers
            self._buffers += 1
            self.keep.append(root)
        return buffer

    def _new_value(self, kind, array, source, foldable=False):
        values = self.trace.values
        slot = len(values)
        values.append(Value(kind, array.shape, array.dtype, self._buffer(array), source, layout_of(array)))
        self.slot_of[id(array)] = slot
        self.keep.append(array)
        # the array is kept for constant folding only when it depends on constants alone
        self.trace.arrays.append(array if kind == CONST or foldable else None)
        if self.trace.xp is None and kind != CONST:
            self.trace.xp = backend_of(array).xp
        return slot

    def bind_input(self, position, tensor):
        """Argument `position` of the call is `tensor`."""
        array = tensor._data
        slot = self.slot_of.get(id(array))
        if slot is None:
            slot = self._new_value(INPUT, array, position)
        self.trace.inputs.append(slot)
        self.trace.arg_ids.setdefault(id(tensor), position)
        self._protect(array)
        return slot

    def slot(self, tensor):
        """The slot of a Tensor met as an input of a call or read into Python."""
        array = tensor._data
        slot = self.slot_of.get(id(array))
        if slot is not None:
            return slot
        holder = self.reachable.get(id(array))
        if holder is None and isinstance(tensor, Parameter):
            holder = tensor
        if holder is not None:
            slot = self._new_value(STATE, array, holder)
            self.state_slots[id(holder)] = slot
            self._protect(array)
            return slot
        return self._new_value(CONST, array, array)

    def _ref(self, x):
        if isinstance(x, Tensor):
            return self.slot(x)
        if hasattr(x, "shape") and hasattr(x, "dtype") and getattr(x, "ndim", 0):
            # a raw array handed to a primitive: a constant like any array the trace did not make
            slot = self.slot_of.get(id(x))
            return slot if slot is not None else self._new_value(CONST, x, x)
        return Literal(x)

    def _template(self, value):
        """An attribute value with its traced arrays replaced by Slot markers, or None when it has none."""
        if isinstance(value, (tuple, list)):
            items = [self._template(v) for v in value]
            if all(t is None for t in items):
                return None
            return type(value)(t if t is not None else v for t, v in zip(items, value))
        if hasattr(value, "shape") and hasattr(value, "dtype") and not isinstance(value, Tensor):
            slot = self.slot_of.get(id(value))
            if slot is None:
                slot = self.slot_of.get(id(root_of(value)))
                if slot is None or self.trace.values[slot].shape != value.shape:
                    return None  # an array the trace did not make: a constant, kept in the attrs
            if self.trace.values[slot].kind == CONST:
                return None
            return Slot(slot)
        return None

    def _protect(self, array):
        if not self._active:
            return
        flags = getattr(array, "flags", None)
        if flags is None or not hasattr(flags, "writeable") or any(a is array for a, _ in self.protected):
            return
        self.protected.append((array, flags.writeable))
        try:
            flags.writeable = False
        except ValueError:
            self.protected.pop()

    def protect_reachable(self):
        """Make the arrays of all reachable Tensors read-only until `finish` (writes outside the door fail)."""
        for tensor in self.reachable.values():
            self.originals.append((tensor, tensor._data))
            self._protect(tensor._data)

    # --- the interpreter ---------------------------------------------------------------------
    def process(self, prim, inputs, attrs):
        if not self._active:
            return prim.op(*inputs, **attrs)
        if prim.inplace:
            return self._process_inplace(prim, inputs, attrs)
        ins = tuple(self._ref(x) for x in inputs)
        dynamic = []
        for name, value in attrs.items():
            template = self._template(value) if isinstance(value, (tuple, list)) or hasattr(value, "dtype") else None
            if template is not None:
                dynamic.append((name, template))
        out = prim.op(*inputs, **attrs)
        arrays = [o._data for o in out] if type(out) is tuple else [out._data]
        position = len(self.trace.nodes)
        arrays_so_far = self.trace.arrays
        foldable = all(arrays_so_far[x] is not None for x in ins if type(x) is int) and all(
            arrays_so_far[s] is not None for _, t in dynamic for s in slots_in(t))
        outs = tuple(self._new_value(NODE, a, position, foldable) for a in arrays)
        self.trace.nodes.append(Node(prim, ins, attrs, tuple(dynamic), outs))
        return out

    def _process_inplace(self, prim, inputs, attrs):
        target = inputs[0]
        ins = tuple(self._ref(x) for x in inputs)
        array = target._data
        target_value = self.trace.values[ins[0]]
        if target_value.kind in (INPUT, STATE) and not any(a is array for a, _ in self.undo_log):
            self.undo_log.append((array, array.copy()))
        writeable = self._unprotect(array)
        try:
            out = prim.op(*inputs, **attrs)
        finally:
            self._reprotect(array, writeable)
        position = len(self.trace.nodes)
        values = self.trace.values
        slot = len(values)
        values.append(Value(NODE, array.shape, array.dtype, target_value.buffer, position, layout_of(array)))
        self.trace.arrays.append(None)
        self.slot_of[id(array)] = slot
        self.trace.nodes.append(Node(prim, ins, attrs, (), (slot,)))
        return out

    def _unprotect(self, array):
        root = root_of(array)
        for protected, _ in self.protected:
            if protected is array or protected is root:
                protected.flags.writeable = True
                if array is not protected:
                    array.flags.writeable = True
                return protected
        return None

    def _reprotect(self, array, protected):
        if protected is not None:
            array.flags.writeable = False
            protected.flags.writeable = False

    def read(self, tensor, how):
        """A traced value goes to Python: record a guard on it (constants need none)."""
        if not self._active:
            return
        slot = self.slot(tensor)
        if self.trace.values[slot].kind == CONST:
            return
        value = read_value(tensor._data, how)
        self.trace.guards.append(Guard(len(self.trace.nodes), slot, how, value))

    def replaced(self, tensor, old_array, version):
        """`tensor.set_data(...)` while tracing: a rebinding effect the replay repeats."""
        if not self._active:
            return
        self.undo_log.append((tensor, old_array))
        slot = self.slot(tensor)  # the new array: traced, or a constant
        self.trace.rebinds.append((len(self.trace.nodes), tensor, slot))
        self.reachable[id(tensor._data)] = tensor

    # --- Cell calls ----------------------------------------------------------------------------
    def cell_call(self, cell, args, kwargs):
        """A Cell called while tracing: traced, or (when it writes outside the door) recorded as a Host node.

        A Cell found writing outside the door (its write into a protected array fails) is remembered;
        the failure ends this trace, and the next one records the Cell's calls as Host nodes. Inside a
        gradient scope a Cell cannot run opaquely: its ops must be recorded for the reverse pass.
        """
        hooked = cell._forward_pre_hooks or cell._forward_hooks or cell._backward_hooks
        if not self._active:
            return cell._call_watched(args, kwargs)
        if _door._local.state.tapes:
            if hooked and self.trace.unusable is None:
                self.trace.unusable = (f"the Cell {cell.cls_name} has hooks, whose Python must run on every call, "
                                       "inside a gradient scope")
            return cell._call_watched(args, kwargs)
        if is_opaque(cell) or hooked:  # its Python runs on every call: eagerly, inside the graph
            return self._host_call(cell, args, kwargs)
        try:
            return cell._call_watched(args, kwargs)
        except ValueError as error:
            if "read-only" in str(error) and not self.opaque_found:
                self.opaque_found = True
                mark_opaque(cell)
            raise

    def _host_call(self, cell, args, kwargs):
        tensors = []
        template = split_value((args, kwargs), tensors)
        ins = tuple(self.slot(t) for t in tensors)
        self._active = False
        for array, writeable in self.protected:
            array.flags.writeable = writeable
        try:
            result = cell._call_watched(args, kwargs)
        finally:
            for array, _ in self.protected:
                array.flags.writeable = False
            self._active = True
        outputs = []
        shape = split_value(result, outputs)
        position = len(self.trace.nodes)
        outs = tuple(self._new_value(NODE, t._data, position) for t in outputs)
        self.trace.nodes.append(Node(Host(cell, template, shape), ins, {}, (), outs))
        # the Cell may have rebound Tensors' data: later reads find the new arrays
        for number, (tensor, array) in enumerate(self.originals):
            if tensor._data is not array:
                self.originals[number] = (tensor, tensor._data)
                self.reachable[id(tensor._data)] = tensor
        return result

    # --- closing -----------------------------------------------------------------------------
    def finish(self):
        """Stop recording, restore the arrays' flags and check that no write bypassed the door."""
        if not self._active:
            return self.trace
        self._active = False
        restored = set()
        for array, writeable in reversed(self.protected):
            try:
                array.flags.writeable = writeable
            except ValueError:
                continue
            if writeable:
                restored.add(id(array))
        self.protected = []
        # views made of protected arrays while tracing were born read-only: give them back their flag
        for array in self.keep:
            if getattr(array, "base", None) is not None and id(root_of(array)) in restored:
                try:
                    array.flags.writeable = True
                except ValueError:
                    pass
        trace = self.trace
        rebound = {id(t) for _, t, _ in trace.rebinds}
        for tensor, array in self.originals:
            if tensor._data is not array and id(tensor) not in rebound:
                trace.unusable = (f"the data of {_describe(tensor)} was replaced without passing through an "
                                  "op (Tensor._data rebound)")
                break
        # Small reachable Tensors that no op read may have been read from their arrays directly (a
        # learning rate, a momentum): their values are in the trace, so a replay checks they did not change.
        trace.watched = tuple((tensor, getattr(tensor, "_version", 0)) for tensor, array in self.originals
                              if array.size <= _WATCHED_SIZE and id(tensor._data) not in self.slot_of)
        return trace

    def undo(self):
        """Take back the writes the door saw (after a write outside it failed half-way through the call)."""
        for target, old in reversed(self.undo_log):
            if isinstance(target, Tensor):
                target._data = old
            else:
                target[...] = old
        self.undo_log = []

    def template(self, out):
        """How a replay rebuilds the call's result `out` (see compile.py's `_output_code`)."""
        if isinstance(out, Tensor):
            position = self.trace.arg_ids.get(id(out))
            if position is not None:
                return ("arg", position)
            slot = self.slot(out)
            if id(out) in self.state_slots:
                return ("obj", out)
            return ("slot", slot)
        kind = type(out)
        if kind is tuple or kind is list:
            return (kind.__name__, None, [self.template(v) for v in out])
        if isinstance(out, tuple):
            return ("named", kind, [self.template(v) for v in out])
        if isinstance(out, dict):
            return ("dict", kind, [(k, self.template(v)) for k, v in out.items()])
        return ("py", out)


def _describe(tensor):
    name = getattr(tensor, "name", None)
    if isinstance(name, str):
        return f"Parameter '{name}'"
    return f"a Tensor of shape {tensor.shape}"
