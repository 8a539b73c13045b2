"""The array library behind every Tensor: NumPy now; the seam for CuPy later.

Kernels receive `xp` as an argument and never import an array library themselves.
"""
import numpy as xp

from minispore._backend.allocator import tune_allocator

__all__ = ["xp", "asarray", "to_numpy"]

tune_allocator()


def asarray(data, dtype=None):
    """A backend array holding `data` (copied when it is a NumPy array of another dtype)."""
    return xp.asarray(data, dtype=dtype)


def to_numpy(array):
    """A NumPy view of a backend array (a no-op for the NumPy backend)."""
    return array
