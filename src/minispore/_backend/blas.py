"""`y -= a * x` in place for the optimizers: BLAS axpy through SciPy when it is installed, else NumPy.

NumPy has no fused multiply-add over arrays: `y -= a * x` writes `a * x` to a temporary as large as
`x` and reads it back. BLAS axpy makes one pass over `x` and `y` (an MLP's SGD update: 44 instead
of 100 us per 1.6 MB weight). Results may differ from NumPy's in the last bits, where BLAS fuses
the multiply and the add.

SciPy's BLAS is a second library with its own thread pool beside NumPy's: left at its default, its
spinning workers and NumPy's starved each other (an MLP step 4x slower on 2 cores). So SciPy's axpy
is used only where that pool can be held to one thread (threadpoolctl, the `threads` extra): axpy is
memory-bound and gains nothing from threads. SciPy is imported on first use (about 0.2 s), not with
minispore. MINISPORE_BLAS_AXPY=0 in the environment keeps the NumPy path.
"""
import os

import numpy as np

from minispore._backend.threads import bound_other_blas

__all__ = ["subtract_scaled", "blas_axpy"]

_NOT_LOADED = object()
# {dtype: SciPy's axpy for it}, or None where SciPy is missing or turned off.
_AXPY = _NOT_LOADED


def blas_axpy():
    """SciPy's axpy functions by dtype (float32, float64), or None when they are not used."""
    global _AXPY
    if _AXPY is _NOT_LOADED:
        table = None
        if os.environ.get("MINISPORE_BLAS_AXPY", "1") != "0":
            try:
                from scipy.linalg import blas
            except ImportError:
                pass
            else:
                if bound_other_blas():
                    table = {np.dtype(np.float32): blas.saxpy, np.dtype(np.float64): blas.daxpy}
        _AXPY = table
    return _AXPY


def subtract_scaled(y, a, x):
    """y -= a * x, in place in `y`, for a scalar `a`; `x` is only read."""
    table = _AXPY if _AXPY is not _NOT_LOADED else blas_axpy()
    if table is not None and y.size and y.dtype == x.dtype and y.shape == x.shape:
        flags = y.flags
        axpy = table.get(y.dtype)
        # SciPy writes through read-only arrays and copies unaligned ones: keep those on NumPy.
        if axpy is not None and flags.c_contiguous and flags.writeable and flags.aligned and x.flags.c_contiguous:
            flat = y.reshape(-1)
            if axpy(x.reshape(-1), flat, a=-a) is flat:
                return
            # SciPy updated a copy (it does not for such arrays): y is unchanged, NumPy does it.
    np.subtract(y, a * x, out=y)
