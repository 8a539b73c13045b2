"""`no_init_parameters`: MindSpore's marker for networks whose parameters a checkpoint will fill."""
import contextlib

__all__ = ["no_init_parameters"]


@contextlib.contextmanager
def no_init_parameters():
    """Context manager for building a network whose parameters a checkpoint will then fill.

    MindSpore defers the initialisation of Parameters made inside it, to save the memory and time of
    values that loading overwrites. minispore initialises them at once (its Parameters always hold data):
    the network and the loaded values are the same, only that saving is not made.
    """
    yield
