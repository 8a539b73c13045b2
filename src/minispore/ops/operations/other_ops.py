"""Primitive classes for state, printing and functions: Assign, AssignAdd, AssignSub, Print, Partial, Depend."""
from minispore.ops.function import misc_func as MF
from minispore.ops.primitive import Primitive

__all__ = ["Assign", "AssignAdd", "AssignSub", "Print", "Partial", "Depend"]


class Assign(Primitive):
    """In place: variable = value; returns variable."""

    def __call__(self, variable, value):
        return MF.assign(variable, value)


class AssignAdd(Primitive):
    """In place: variable += value; returns variable."""

    def __call__(self, variable, value):
        return MF.assign_add(variable, value)


class AssignSub(Primitive):
    """In place: variable -= value; returns variable."""

    def __call__(self, variable, value):
        return MF.assign_sub(variable, value)


class Print(Primitive):
    """Print each input on its own line (Tensors as their repr)."""

    def __call__(self, *input_x):
        MF.print_(*input_x)


class Partial(Primitive):
    """`Partial()(fn, *args)`: fn with leading arguments bound."""

    def __call__(self, *args):
        return MF.partial(*args)


class Depend(Primitive):
    """`value`, after `expr` (ordering for graphs; eager code runs in order)."""

    def __call__(self, value, expr):
        return MF.depend(value, expr)

