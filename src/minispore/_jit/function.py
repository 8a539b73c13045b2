"""A compiled function: traced per input signature, checked by a second trace, then replayed.

The first call with a new signature runs the function eagerly under a `Tracer`. The second runs it
traced again, and the two traces are compared: the same primitives on the same inputs, the same
constants (bit for bit), the same values read into Python. Equal traces are compiled (`compile.py`)
and every later call replays the schedule. A difference means the function computes something the
door cannot see (a value made from a Tensor's data outside the ops, a random draw, Python state that
changes between calls): it keeps running eagerly, and says so once.

Values read into Python (`if x.sum() > 0:`) become guards: a replay whose guard fails before any
effect is abandoned, and another compiled path, or the eager function, runs instead. Each signature
keeps at most `_PATHS` paths; beyond that, the function runs eagerly for it.
"""
import os
import sys
import warnings

from minispore._jit.compile import Busy, CompileRefused, Miss, compile_trace
from minispore._jit.graph import CONST, INPUT, NODE, STATE, same_read
from minispore._jit.host import Host, same_structure
from minispore._jit.reach import reachable
from minispore._jit.trace import Tracer
from minispore.common.tensor import Tensor
from minispore.ops._prims import dispatch as _door
from minispore.ops._prims.dispatch import interpreting

__all__ = ["JitFunction", "flatten_args"]

_PATHS = 8
_SIGNATURES = 64  # beyond this many input signatures, new ones run eagerly (inputs of ever new shapes)
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _Entry:
    """What one input signature has: compiled paths (most recently used first), traces waiting for
    their confirming twin, and the reason it runs eagerly (None while it may compile)."""

    __slots__ = ("paths", "pending", "eager")

    def __init__(self):
        self.paths, self.pending, self.eager = [], [], None


class JitFunction:
    """`fn` compiled per signature of its arguments; `__call__` replays or traces (see the module doc)."""

    def __init__(self, fn, name=None, fullgraph=False, level="O0"):
        self.fn = fn
        self.name = name or getattr(fn, "__qualname__", getattr(fn, "__name__", type(fn).__name__))
        self.fullgraph, self.level = fullgraph, level
        self.entries = {}
        self.noticed = set()

    def __call__(self, *args, **kwargs):
        if _door._open and _door._local.state.stack:
            # Inside another transformation (a gradient, vmap, an outer trace): it must see each call.
            return self.fn(*args, **kwargs)
        key = _tensor_key(args) if not kwargs else None
        if key is not None:
            leaves = args
        else:
            leaves = []
            try:
                key = flatten_args(args, leaves) + (flatten_args(kwargs, leaves) if kwargs else ())
                hash(key)
            except TypeError:
                self._notice("its arguments hold a NumPy array, or another value that is neither a Tensor nor "
                             "hashable", "arguments")
                return self.fn(*args, **kwargs)
        entry = self.entries.get(key)
        if entry is None:
            if len(self.entries) >= _SIGNATURES:
                self._notice(f"it was called with more than {_SIGNATURES} input signatures (shapes, dtypes, "
                             "Python arguments); new ones run eagerly", "signatures")
                return self.fn(*args, **kwargs)
            entry = self.entries[key] = _Entry()
        paths = entry.paths
        if paths:
            try:
                return paths[0].run(leaves)
            except Busy:  # another thread is replaying it: run this call eagerly
                return self.fn(*args, **kwargs)
            except Miss:
                for number in range(1, len(paths)):
                    try:
                        result = paths[number].run(leaves)
                    except Busy:
                        return self.fn(*args, **kwargs)
                    except Miss:
                        continue
                    paths.insert(0, paths.pop(number))
                    return result
        if entry.eager is not None:
            return self.fn(*args, **kwargs)
        return self._trace(entry, args, kwargs, list(leaves))

    def _trace(self, entry, args, kwargs, leaves):
        tensors, cells, bindings = reachable([self.fn] + [a for a in args if not isinstance(a, Tensor)]
                                             + [v for v in kwargs.values() if not isinstance(v, Tensor)])
        tracer = Tracer(tensors)
        for position, leaf in enumerate(leaves):
            tracer.bind_input(position, leaf)
        tracer.protect_reachable()
        tracer.trace.cells = tuple((cell, cell.training, cell._special, tuple(cell._cells.values()),
                                    tuple(cell._params.values())) for cell in cells)
        tracer.trace.bindings = tuple(bindings)
        watchers = _door._local.state.cell_watchers
        watchers.append(tracer)
        try:
            with interpreting(tracer):
                out = self.fn(*args, **kwargs)
        except ValueError as error:
            tracer.finish()
            if "read-only" not in str(error):
                raise
            outside_write = error
        except BaseException:
            tracer.finish()
            raise
        else:
            outside_write = None
        finally:
            watchers.remove(tracer)
        if outside_write is not None:
            tracer.undo()
            if not tracer.opaque_found:
                entry.eager = f"it writes a Tensor in place without passing through an op ({outside_write})"
                self._notice(entry.eager, "outside write")
            # else: a Cell writes outside the door; the next trace runs it eagerly inside the graph
            return self.fn(*args, **kwargs)
        trace = tracer.finish()
        if trace.unusable is None:
            try:
                trace.outputs = tracer.template(out)
            except TypeError as error:
                trace.unusable = str(error)
        if trace.unusable is not None:
            entry.eager = trace.unusable
            self._notice(entry.eager, "unusable")
            return out
        for number, earlier in enumerate(entry.pending):
            difference = trace_difference(earlier, trace)
            if difference is None:
                del entry.pending[number]
                try:
                    entry.paths.insert(0, compile_trace(earlier, self.level))
                except CompileRefused as error:
                    entry.eager = str(error)
                    self._notice(entry.eager, "refused")
                return out
            if difference != "branch":
                entry.pending = []
                entry.eager = difference
                self._notice(entry.eager, "unstable")
                return out
        entry.pending.append(trace)
        if len(entry.pending) + len(entry.paths) > _PATHS:
            entry.pending = []
            entry.eager = (f"it needed more than {_PATHS} different graphs: Tensor values it reads into Python "
                           "(float(), bool(), asnumpy(), print), Cells' modes or layers, Tensors read outside the ops "
                           "or the objects its names are bound to keep changing")
            self._notice(entry.eager, "paths")
        return out

    def _notice(self, reason, kind):
        if kind in self.noticed:
            return
        self.noticed.add(kind)
        message = f"jit: '{self.name}' runs eagerly (not compiled): {reason}."
        if self.fullgraph:
            raise RuntimeError(message.replace("runs eagerly (not compiled)", "cannot be captured whole "
                                                                              "(fullgraph=True)"))
        level, frame = 1, sys._getframe(0)
        while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
            frame, level = frame.f_back, level + 1
        warnings.warn(message, RuntimeWarning, stacklevel=level)

    def schedules(self):
        """The compiled schedules, one per signature and path (for `minispore.tools.show_jit_graph`)."""
        return [schedule for entry in self.entries.values() for schedule in entry.paths]


def _tensor_key(args):
    """The signature of positional arguments that are all plain Tensors on distinct arrays (the common
    call), or None for any other call (see flatten_args)."""
    key = []
    for a in args:
        if type(a) is not Tensor:
            return None
        data = a._data
        key.append(data.shape)
        key.append(data.dtype)
        key.append(type(data))
    count = len(args)
    if count == 2:
        if args[0]._data is args[1]._data:
            return None
    elif count > 2 and len({id(a._data) for a in args}) != count:
        return None
    return tuple(key)


def flatten_args(value, leaves):
    """A hashable description of `value`'s structure and Python constants; its Tensors go to `leaves`.

    Tensors count by shape, dtype and array type (and which earlier leaf they repeat, so that
    `f(x, x)` and `f(x, y)` differ); other objects by themselves (the key holds them, so that their
    identity is not reused by another object); NumPy arrays raise TypeError (they are not compiled).
    """
    if isinstance(value, Tensor):
        array = value._data
        for number, seen in enumerate(leaves):
            if seen is value or seen._data is array:
                leaves.append(value)
                return ("same", number, seen is value)
        leaves.append(value)
        return (array.shape, array.dtype, type(array), type(value))
    kind = type(value)
    if kind in (int, float, bool, str, type(None), complex, bytes):
        return (kind, value)
    if kind is tuple or kind is list:
        return (kind,) + tuple(flatten_args(v, leaves) for v in value)
    if isinstance(value, dict):
        return (kind,) + tuple((k, flatten_args(v, leaves)) for k, v in value.items())
    if isinstance(value, tuple):  # a namedtuple
        return (kind,) + tuple(flatten_args(v, leaves) for v in value)
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        raise TypeError("an array argument")
    return ("object", value)


# --- comparing two traces ------------------------------------------------------------------------
def trace_difference(a, b):
    """None when two traces of one signature recorded the same computation on the same constants;
    "branch" when they part after reading a different value into Python (two paths of one function);
    else why they differ, in words."""
    for x, y in zip(a.guards, b.guards):
        if x.slot != y.slot or x.how != y.how or not same_read(x.how, x.value, y.value):
            return "branch"
    if ([c[1:3] for c in a.cells] != [c[1:3] for c in b.cells] or [v for _, v in a.watched] != [v for _, v in b.watched]
            or not _same_objects(a.bindings, b.bindings) or not _same_objects(a.cells, b.cells)):
        # a Cell's mode or layers, a watched Tensor or a name's binding changed: another path, guarded by it
        return "branch"
    changed = ("its Python code did something different on the second call without reading a Tensor's "
               "value (it depends on Python state that changes between calls)")
    if (len(a.values) != len(b.values) or len(a.nodes) != len(b.nodes) or len(a.guards) != len(b.guards)
            or len(a.rebinds) != len(b.rebinds) or a.inputs != b.inputs):
        return changed
    for x, y in zip(a.values, b.values):
        if x.kind != y.kind or x.shape != y.shape or x.dtype != y.dtype or x.buffer != y.buffer:
            return changed
        if x.kind == STATE and x.source is not y.source:
            return (f"it uses a different {_name(y.source)} on each call (one created inside the function?), "
                    "so nothing compiled could be reused")
        if x.kind in (INPUT, NODE) and x.source != y.source:
            return changed
        if x.kind == CONST and not _same_array(x.source, y.source):
            return (f"a {y.dtype} value of shape {y.shape} that it uses changed between calls, and no op made it: "
                    "it was computed from Tensor data outside minispore's ops, or drawn at random (a Dropout "
                    "mask, a random initializer)")
    for x, y in zip(a.nodes, b.nodes):
        if not _same_prim(x.prim, y.prim) or x.ins != y.ins or x.outs != y.outs or not _same_attrs(x, y):
            return changed
    for x, y in zip(a.guards, b.guards):
        if x.position != y.position:
            return changed
    for (p, t, s), (q, u, r) in zip(a.rebinds, b.rebinds):
        if p != q or t is not u or s != r:
            return changed
    if not _same_output(a.outputs, b.outputs) or len(a.watched) != len(b.watched) or any(
            x is not y for (x, _), (y, _) in zip(a.watched, b.watched)):
        return changed
    return None


def _same_objects(a, b):
    """Whether two tuples of (holder, key, object) or Cell records name the same objects."""
    def same(x, y):
        if isinstance(x, tuple):
            return isinstance(y, tuple) and len(x) == len(y) and all(same(p, q) for p, q in zip(x, y))
        return x is y or (type(x) is type(y) and isinstance(x, (bool, int, float, str)) and x == y)
    return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))


def _same_prim(x, y):
    if type(x) is Host:
        return (type(y) is Host and x.cell is y.cell and same_structure(x.args, y.args)
                and same_structure(x.result, y.result))
    return x is y


def _name(tensor):
    name = getattr(tensor, "name", None)
    return f"Parameter '{name}'" if isinstance(name, str) else "Tensor"


def _same_array(x, y):
    return (x.shape == y.shape and x.dtype == y.dtype and type(x) is type(y)
            and (x is y or x.tobytes() == y.tobytes()))


def _same_attrs(x, y):
    if x.attrs.keys() != y.attrs.keys() or len(x.dynamic) != len(y.dynamic):
        return False
    dynamic = dict(x.dynamic)
    for key, value in x.attrs.items():
        if key in dynamic:
            if not _same_value(dynamic[key], dict(y.dynamic).get(key)):
                return False
        elif not _same_value(value, y.attrs[key]):
            return False
    return True


def _same_value(x, y):
    if isinstance(x, (tuple, list)):
        return type(x) is type(y) and len(x) == len(y) and all(_same_value(a, b) for a, b in zip(x, y))
    if isinstance(x, dict):
        return type(x) is type(y) and x.keys() == y.keys() and all(_same_value(x[k], y[k]) for k in x)
    if hasattr(x, "shape") and hasattr(x, "dtype") and hasattr(x, "tobytes"):
        return hasattr(y, "tobytes") and _same_array(x, y)
    if type(x).__name__ == "Slot":
        return type(y) is type(x) and x.number == y.number
    if callable(x) and not isinstance(x, type):
        return x is y or x == y
    return type(x) is type(y) and (x == y or (x != x and y != y))


def _same_output(x, y):
    if x[0] != y[0]:
        return False
    kind = x[0]
    if kind in ("slot", "arg"):
        return x[1] == y[1]
    if kind == "obj":
        return x[1] is y[1]
    if kind == "py":
        return type(x[1]) is type(y[1]) and (x[1] is y[1] or _same_value(x[1], y[1]))
    if x[1] is not y[1] or len(x[2]) != len(y[2]):
        return False
    if kind == "dict":
        return all(k == l and _same_output(s, t) for (k, s), (l, t) in zip(x[2], y[2]))
    return all(_same_output(s, t) for s, t in zip(x[2], y[2]))
