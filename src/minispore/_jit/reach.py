"""What a traced function can reach: the Tensors it may read or write, and the Cells it may run.

A function reaches what its closure, defaults and the globals its code names hold; a bound method
its object; a Cell its attributes (Parameters, sub-Cells, optimizers, stored functions). The walk is
what MindSpore's graph compiler resolves as free variables, done once per trace. Modules, classes and
builtins are not entered.
"""
import types
from functools import partial

from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor

__all__ = ["reachable"]

_LIMIT = 200_000  # objects visited at most (a function that reaches a whole dataset stops here)
_SKIP = (types.ModuleType, type, types.BuiltinFunctionType, str, bytes, int, float, complex, bool,
         type(None), range, slice)
# Bindings that hold these are not checked on replay: modules, classes and builtins do not change.
_FIXED = (types.ModuleType, type, types.BuiltinFunctionType)


def _is_cell(obj):
    return hasattr(obj, "_cells") and hasattr(obj, "_params") and hasattr(obj, "construct")


def _code_names(code, found):
    found.update(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _code_names(const, found)
    return found


def reachable(roots):
    """(tensors, cells, bindings): {id(array): Tensor} of every Tensor reachable from `roots`, the Cells
    met, and the functions' bindings: (closure cell, None, its value) and (globals, name, value) for what
    their code names (a replay checks that each still holds the same object)."""
    tensors, cells, bindings = {}, [], []
    bound = set()
    seen = set()
    stack = list(roots)
    while stack and len(seen) < _LIMIT:
        obj = stack.pop()
        if isinstance(obj, _SKIP) or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, Tensor):
            known = tensors.get(id(obj._data))
            if known is None or (isinstance(obj, Parameter) and not isinstance(known, Parameter)):
                tensors[id(obj._data)] = obj
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, types.FunctionType):
            # minispore's own functions (grad_fn, a jit wrapper) hold user objects in their closures, but
            # nothing rebinds those, and their globals are the library's
            internal = obj.__module__ is not None and obj.__module__.startswith("minispore.")
            if obj.__closure__:
                for cell in obj.__closure__:
                    try:
                        value = cell.cell_contents
                    except ValueError:  # an empty closure cell
                        continue
                    stack.append(value)
                    if not internal and not isinstance(value, _FIXED):
                        bindings.append((cell, None, value))
            stack.extend(obj.__defaults__ or ())
            stack.extend((obj.__kwdefaults__ or {}).values())
            if internal:
                continue
            namespace = obj.__globals__
            for name in sorted(_code_names(obj.__code__, set())):
                if name in namespace:
                    value = namespace[name]
                    stack.append(value)
                    if not isinstance(value, _FIXED) and (id(namespace), name) not in bound:
                        bound.add((id(namespace), name))
                        bindings.append((namespace, name, value))
            wrapped = getattr(obj, "__wrapped__", None)
            if wrapped is not None:
                stack.append(wrapped)
        elif isinstance(obj, types.MethodType):
            stack.append(obj.__self__)
            stack.append(obj.__func__)
        elif isinstance(obj, partial):
            stack.append(obj.func)
            stack.extend(obj.args)
            stack.extend(obj.keywords.values())
        elif _is_cell(obj):
            cells.append(obj)
            stack.extend(obj.__dict__.values())
        elif hasattr(obj, "__dict__") and not hasattr(obj, "shape"):
            stack.extend(vars(obj).values())
    return tensors, cells, bindings
