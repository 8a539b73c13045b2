"""`mindspore.jit_class`: marks a user class whose instances graph code may use."""
import inspect

__all__ = ["jit_class"]


def jit_class(cls):
    """Mark `cls` (a plain class, not a Cell) for use inside jit functions; returns it."""
    if not inspect.isclass(cls):
        raise TypeError(f"Decorator jit_class can only be used for class type, but got {cls}.")
    # Cell lives above common: recognise it by name rather than import it.
    if any(base.__module__ == "minispore.nn.cell" and base.__name__ == "Cell" for base in cls.__mro__):
        raise TypeError(f"Decorator jit_class is used for user-defined classes and cannot be used for nn.Cell: {cls}.")
    cls.__ms_class__ = True
    return cls
