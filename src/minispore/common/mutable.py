"""`mindspore.mutable`: mark a constant input (scalar, tuple, list, dict) as a variable.

MindSpore's graph mode treats non-Tensor inputs as constants folded into the compiled graph; `mutable`
marks one as a variable input instead (no recompilation when its value changes). Eagerly every input
is already a variable, so the value comes back unchanged, carrying the marks (`__ms_mutable__`,
`__ms_dynamic_len__`, `__ms_origin_object__`) that a tracer reads.
"""
from minispore.common.tensor import Tensor

__all__ = ["mutable"]


class _Int(int):
    pass


class _Float(float):
    pass


class _Bool(int):
    """A mutable bool (bool cannot be subclassed): an int 0/1 that prints as False/True."""

    def __repr__(self):
        return repr(bool(self))

    __str__ = __repr__


class _Tuple(tuple):
    pass


class _List(list):
    pass


class _Dict(dict):
    pass


def _valid(value, seen):
    """Whether value is a Tensor, int, float or bool, or a tuple/list/dict of them without self-reference."""
    if isinstance(value, (tuple, list, dict)):
        if id(value) in seen:
            return False
        seen.add(id(value))
        items = value.values() if isinstance(value, dict) else value
        valid = all(_valid(item, seen) for item in items)
        seen.discard(id(value))
        return valid
    return isinstance(value, (Tensor, int, float))


def mutable(input_data, dynamic_len=False):
    """`input_data` marked as a variable input; with dynamic_len, a sequence whose length may change too."""
    if not _valid(input_data, set()):
        raise TypeError(f"For 'mutable', the 'input_data' should be one of (bool, int, float, Tensor, tuple, list, "
                        f"dict) or their nested structures with no self-reference, but got "
                        f"{type(input_data).__name__}: {input_data}.")
    if not isinstance(dynamic_len, bool):
        raise TypeError(f"For 'mutable', the second input should be bool, but got: {type(dynamic_len).__name__}")
    if dynamic_len and not isinstance(input_data, (tuple, list)):
        raise TypeError(f"For 'mutable', when the variable_len is True, the first input should be list or tuple, "
                        f"but got: {type(input_data).__name__}")
    if isinstance(input_data, Tensor):
        # A Tensor is a variable input already; it has no room for marks (its slots are fixed).
        return input_data
    kind = (_Bool if isinstance(input_data, bool) else _Int if isinstance(input_data, int)
            else _Float if isinstance(input_data, float) else _List if isinstance(input_data, list)
            else _Tuple if isinstance(input_data, tuple) else _Dict)
    marked = kind(input_data)
    marked.__ms_mutable__ = True
    marked.__ms_dynamic_len__ = dynamic_len
    marked.__ms_origin_object__ = input_data
    return marked
