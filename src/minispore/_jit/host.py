"""Cells that run eagerly inside a compiled graph: those found to write Tensors outside the door (an
optimizer written on raw arrays), and Cells with hooks (Python that must run on every call).

Such a call is recorded as one node whose "primitive" is a `Host`: replaying it calls the Cell with the
node's input arrays wrapped as Tensors, and its result's Tensors become the node's outputs.
"""
import weakref

from minispore._jit.graph import same_python
from minispore.common.tensor import Tensor, wrap

__all__ = ["Host", "is_opaque", "mark_opaque", "split_value", "same_structure"]

# Cells found to write Tensors outside the door: a trace records their calls as Host nodes.
_OPAQUE = weakref.WeakSet()


class Host:
    """A Cell call that runs eagerly inside a compiled graph (it writes Tensors outside the door).

    Stands where a primitive stands in a Node: the node's inputs are the Tensors in the call's
    arguments, its outputs the Tensors in its result. Calling it with the input arrays calls the Cell.
    """

    inplace = False
    n_out = 0
    rule = None
    kernel = None

    def __init__(self, cell, args, result):
        self.cell, self.args, self.result = cell, args, result
        self.name = f"{cell.cls_name} (eager)"

    def __call__(self, *arrays):
        args, kwargs = _rebuild([wrap(a) for a in arrays], self.args)
        result = self.cell._call_eagerly(args, kwargs)
        tensors = []
        if not same_structure(self.result, split_value(result, tensors)):
            raise RuntimeError(f"jit: '{self.cell.cls_name}', which runs eagerly inside a compiled graph, returned a "
                               "result of another structure than when it was traced.")
        return tuple(t._data for t in tensors)


def is_opaque(cell):
    """Whether `cell` was found to write Tensors outside the door (its calls run eagerly)."""
    return cell in _OPAQUE


def mark_opaque(cell):
    """Remember that `cell` writes Tensors outside the door."""
    _OPAQUE.add(cell)


def split_value(value, tensors):
    """A template of `value` with its Tensors (appended to `tensors`) replaced by their positions."""
    if isinstance(value, Tensor):
        tensors.append(value)
        return ("tensor", len(tensors) - 1)
    if type(value) in (tuple, list):
        return (type(value), [split_value(v, tensors) for v in value])
    if isinstance(value, dict):
        return (type(value), [(k, split_value(v, tensors)) for k, v in value.items()])
    return ("value", value)


def _rebuild(tensors, template):
    kind, content = template
    if kind == "tensor":
        return tensors[content]
    if kind == "value":
        return content
    if issubclass(kind, dict):
        return kind((k, _rebuild(tensors, t)) for k, t in content)
    return kind(_rebuild(tensors, t) for t in content)


def same_structure(a, b):
    """Whether two templates made by `split_value` describe the same structure and Python values."""
    kind = a[0]
    if kind != b[0]:
        return False
    if kind == "tensor":
        return a[1] == b[1]
    if kind == "value":
        return type(a[1]) is type(b[1]) and (a[1] is b[1] or same_python(a[1], b[1]))
    if len(a[1]) != len(b[1]):
        return False
    if issubclass(kind, dict):
        return all(k == j and same_structure(x, y) for (k, x), (j, y) in zip(a[1], b[1]))
    return all(same_structure(x, y) for x, y in zip(a[1], b[1]))
