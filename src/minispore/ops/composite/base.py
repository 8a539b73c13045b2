"""`ops.MultitypeFuncGraph`, `ops.HyperMap` and `ops.Map`: MindSpore's type-dispatched functions and maps over
tuples and lists, run eagerly."""
import numbers

from minispore.common.tensor import Tensor

__all__ = ["MultitypeFuncGraph", "HyperMap", "Map"]

# MindSpore's type names for MultitypeFuncGraph.register, as predicates on a value.
_TYPE_TESTS = {
    "Tensor": lambda v: isinstance(v, Tensor),
    "Number": lambda v: isinstance(v, numbers.Number),
    "Bool": lambda v: isinstance(v, bool),
    "Int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, float),
    "String": lambda v: isinstance(v, str),
    "Tuple": lambda v: isinstance(v, tuple),
    "List": lambda v: isinstance(v, list),
    "Dictionary": lambda v: isinstance(v, dict),
    "None": lambda v: v is None,
    "Function": lambda v: callable(v) and not isinstance(v, Tensor),
    "RowTensor": lambda v: type(v).__name__ == "RowTensor",
}


def _type_name(value):
    for name in ("Tensor", "Bool", "Int", "Float", "String", "Tuple", "List", "Dictionary", "None", "Function"):
        if _TYPE_TESTS[name](value):
            return name
    return type(value).__name__


class MultitypeFuncGraph:
    """A function with one implementation per type signature: `@f.register("Tensor", "Number")`."""

    def __init__(self, name, read_value=False):
        self.name = name
        self.read_value = read_value
        self.entries = []

    def register(self, *type_names):
        """Decorator registering an implementation for arguments of these MindSpore type names."""
        for type_name in type_names:
            if type_name not in _TYPE_TESTS:
                raise TypeError(f"For '{self.name}', MultitypeFuncGraph.register takes MindSpore type names "
                                f"{sorted(_TYPE_TESTS)}, but got {type_name!r}.")

        def deco(fn):
            self.entries.append((tuple(type_names), fn))
            return fn
        return deco

    def __call__(self, *args):
        for type_names, fn in self.entries:
            if len(type_names) == len(args) and all(_TYPE_TESTS[t](a) for t, a in zip(type_names, args)):
                return fn(*args)
        got = ", ".join(_type_name(a) for a in args)
        known = "; ".join("(" + ", ".join(t) + ")" for t, _ in self.entries) or "none"
        raise TypeError(f"For 'MultitypeFuncGraph' {self.name!r}, no implementation is registered for arguments of "
                        f"types ({got}); registered: {known}.")


def _map(fn, args, reverse, recurse, owner):
    sequences = [a for a in args if isinstance(a, (tuple, list))]
    if not sequences:
        return fn(*args)
    if len(sequences) != len(args):
        raise TypeError(f"For '{owner}', the inputs must all be tuples/lists or all leaves, but got types "
                        f"{[type(a).__name__ for a in args]}.")
    kind, length = type(args[0]), len(args[0])
    if any(len(a) != length for a in args):
        raise ValueError(f"For '{owner}', the input sequences must have one length, but got "
                         f"{[len(a) for a in args]}.")
    order = range(length - 1, -1, -1) if reverse else range(length)
    results = [None] * length
    for i in order:
        items = [a[i] for a in args]
        results[i] = _map(fn, items, reverse, recurse, owner) if recurse else fn(*items)
    return kind(results) if kind in (tuple, list) else tuple(results)


class HyperMap:
    """Apply `ops` (or the first argument) to the elements of tuples/lists, recursively into nested ones."""

    def __init__(self, ops=None, reverse=False):
        self.ops, self.reverse = ops, reverse

    def __call__(self, *args):
        fn, args = (self.ops, args) if self.ops is not None else (args[0], args[1:])
        if not callable(fn):
            raise TypeError(f"For 'HyperMap', the function must be callable, but got {type(fn).__name__}.")
        return _map(fn, args, self.reverse, True, "HyperMap")


class Map:
    """Apply `ops` (or the first argument) to the elements of tuples/lists, one level deep."""

    def __init__(self, ops=None, reverse=False):
        self.ops, self.reverse = ops, reverse

    def __call__(self, *args):
        fn, args = (self.ops, args) if self.ops is not None else (args[0], args[1:])
        if not callable(fn):
            raise TypeError(f"For 'Map', the function must be callable, but got {type(fn).__name__}.")
        if not args or not all(isinstance(a, (tuple, list)) for a in args):
            raise TypeError("For 'Map', the inputs must be tuples or lists.")
        return _map(fn, args, self.reverse, False, "Map")
