"""The graph a trace records: values (slots), primitive nodes, guards on values read into Python.

Values are numbered slots. A node's inputs are slots or `Literal` Python values; a `Value` says where a
slot comes from (an argument, state, a constant, a node) and which buffer (memory) it lives in, so that
views and in-place versions of one array share a buffer number.
"""
__all__ = ["INPUT", "STATE", "CONST", "NODE", "Value", "Node", "Literal", "Slot", "Guard", "Trace",
           "read_value", "same_read", "same_python", "root_of", "slots_in"]

INPUT, STATE, CONST, NODE = "input", "state", "const", "node"


class Value:
    """One traced value (a slot): where it comes from, its shape and dtype, and the buffer it lives in.

    `buffer` numbers the memory it occupies: views and in-place versions share their base's number.
    `source` is the argument position (input), the Tensor object (state), the array (const) or the
    index of the node that made it (node). `layout` is the traced array's memory order, "C" or "F" (see
    `layout_of`): a buffer planned for the value takes it, so a replay lays results out as eager did.
    """

    __slots__ = ("kind", "shape", "dtype", "buffer", "source", "layout")

    def __init__(self, kind, shape, dtype, buffer, source, layout):
        self.kind, self.shape, self.dtype, self.buffer, self.source = kind, shape, dtype, buffer, source
        self.layout = layout


def layout_of(array):
    """"F" for an array that is F-ordered and not C-ordered (Dense hands a batch on feature-major, and
    elementwise kernels keep their inputs' order), else "C"."""
    flags = getattr(array, "flags", None)
    return "F" if flags is not None and flags.f_contiguous and not flags.c_contiguous else "C"


class Node:
    """One primitive call: `outs = prim(*ins, **attrs)`. An input is a slot (int) or a `Literal`.

    `dynamic` lists the attrs that hold traced arrays (an index array in `getitem`'s `index`): pairs of
    (attribute name, a template of the value with `Slot` markers where the arrays go).
    """

    __slots__ = ("prim", "ins", "attrs", "dynamic", "outs")

    def __init__(self, prim, ins, attrs, dynamic, outs):
        self.prim, self.ins, self.attrs, self.dynamic, self.outs = prim, ins, attrs, dynamic, outs

    def slots_read(self):
        """Every slot this node reads: inputs and those inside dynamic attrs."""
        read = [x for x in self.ins if type(x) is int]
        for _, template in self.dynamic:
            _collect_slots(template, read)
        return read


class Literal:
    """A Python value passed where a Tensor may go (`x * 2.0`, `weight=None`)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return type(other) is Literal and type(self.value) is type(other.value) and same_python(self.value,
                                                                                              other.value)

    def __hash__(self):
        try:
            return hash((type(self.value), self.value))
        except TypeError:
            return id(type(self.value))


class Slot:
    """Inside a dynamic attribute's template: where the array of slot `number` goes."""

    __slots__ = ("number",)

    def __init__(self, number):
        self.number = number


class Guard:
    """The trace read slot `slot` into Python after `position` nodes (`how`: see `read_value`) and saw `value`."""

    __slots__ = ("position", "slot", "how", "value")

    def __init__(self, position, slot, how, value):
        self.position, self.slot, self.how, self.value = position, slot, how, value


def read_value(array, how):
    """What a Tensor method hands to Python from `array` (the value a guard compares)."""
    if how == "scalar":
        return array.reshape(()).item() if array.size == 1 else None
    if how == "array":
        return array.copy()
    return array.item(*how[1:])


def same_read(how, seen, now):
    """Whether two results of `read_value` are the same (NaN equal to NaN, arrays by shape, dtype and bits)."""
    if how == "array":
        return (seen.shape == now.shape and seen.dtype == now.dtype
                and seen.tobytes() == now.tobytes())
    return same_python(seen, now)


def same_python(a, b):
    """Whether two Python values are the same (NaN equal to NaN; no error for odd comparisons)."""
    if type(a) is not type(b):
        return False
    if a != a and b != b:  # NaN
        return True
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - a comparison that does not give a bool: not the same
        return a is b


def root_of(array):
    """The array that owns `array`'s memory (itself unless it is a view)."""
    base = getattr(array, "base", None)
    while base is not None and getattr(base, "base", None) is not None:
        array, base = base, base.base
    return array if base is None else base


def slots_in(template):
    """The slot numbers inside a dynamic attribute's template."""
    found = []
    _collect_slots(template, found)
    return found


def _collect_slots(template, found):
    if type(template) is Slot:
        found.append(template.number)
    elif isinstance(template, (tuple, list)):
        for item in template:
            _collect_slots(item, found)
    elif isinstance(template, dict):
        for item in template.values():
            _collect_slots(item, found)


class Trace:
    """What one traced call recorded: values, nodes, guards, effects, and how inputs and outputs map."""

    __slots__ = ("values", "nodes", "guards", "inputs", "outputs", "rebinds", "unusable",
                 "xp", "cells", "arrays", "arg_ids", "watched", "bindings")

    def __init__(self):
        self.values = []     # Value per slot
        self.nodes = []
        self.guards = []
        self.inputs = []     # slot of each Tensor argument, in flattening order (None: not read)
        self.outputs = None  # the output template (see function.py)
        self.rebinds = []    # (position, Tensor, slot): data rebound through set_data
        self.unusable = None  # why this trace cannot be replayed, or None
        self.xp = None
        self.cells = ()      # (Cell, training, special, children, parameters) seen reachable, checked by a replay
        self.arrays = []     # the array of each slot as traced (dropped once compiled)
        self.arg_ids = {}    # id(argument Tensor) -> its position among the Tensor arguments
        self.watched = ()    # (Tensor, version): small reachable Tensors no op read, checked by a replay
        self.bindings = ()   # (closure cell or globals, name, object) the traced functions named
