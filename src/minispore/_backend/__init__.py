"""The array libraries behind Tensors, reached only through here.

A backend is one array library with what the rest of minispore needs from it: its array module
(`xp`, handed to kernels), moving data between the host and the backend, and a random generator
that `set_seed` seeds. The array module comes from the arrays (`backend_of(array)`), so a kernel
runs on the library its inputs live in. New Tensors made from host data go to the default backend:
NumPy, CuPy after `set_device("GPU")`, or the checking backend when the environment has
`MINISPORE_BACKEND=checking` (the tests' proof that no array bypasses this seam).
"""
import os

import numpy

from minispore._backend.allocator import tune_allocator
from minispore._backend.base import Backend, BackendError
from minispore._backend.numpy_backend import NUMPY

__all__ = ["Backend", "BackendError", "backend_of", "default_backend", "set_default_backend",
           "get_backend", "backend_for_device", "asarray", "c_ordered", "to_numpy", "seed_all", "on_backend_loaded"]

tune_allocator()

_BY_TYPE = {numpy.ndarray: NUMPY}
_BY_NAME = {"numpy": NUMPY}
_LOADERS = {
    "checking": "minispore._backend.checking",
    "cupy": "minispore._backend.cupy_backend",
}
_default = NUMPY


def get_backend(name):
    """The backend called `name` ('numpy', 'cupy' or 'checking'), loading it on first use."""
    found = _BY_NAME.get(name)
    if found is not None:
        return found
    if name not in _LOADERS:
        raise ValueError(f"Unknown array backend {name!r}: expected one of 'numpy', 'cupy', 'checking'.")
    import importlib
    backend = importlib.import_module(_LOADERS[name]).load()
    _BY_NAME[name] = backend
    _BY_TYPE[backend.array_type] = backend
    if _seed is not None:
        backend.seed(_seed)
    for listener in _loaded_listeners:
        listener(backend)
    return backend


_loaded_listeners = []


def on_backend_loaded(listener):
    """Call `listener(backend)` when a backend other than NumPy is loaded (now, for those already loaded)."""
    _loaded_listeners.append(listener)
    for backend in _BY_NAME.values():
        if backend is not NUMPY:
            listener(backend)


def backend_of(array):
    """The backend an array belongs to (NumPy for host scalars and anything unknown)."""
    found = _BY_TYPE.get(type(array))
    if found is not None:
        return found
    for array_type, backend in _BY_TYPE.items():
        if isinstance(array, array_type):
            return backend
    return _default


def default_backend():
    """Where Tensors made from host data (lists, NumPy arrays, initializers) are put."""
    return _default


def set_default_backend(name):
    """Make `name` the default backend; returns it."""
    global _default
    _default = get_backend(name)
    return _default


def backend_for_device(device):
    """The backend of a MindSpore device name ('CPU', 'GPU'); a clear error where it cannot run."""
    if device is None:
        return _default
    if not isinstance(device, str):
        raise TypeError(f"device must be a str such as 'CPU' or 'GPU', but got {type(device).__name__}.")
    name = device.split(":")[0].upper()
    if name == "CPU":
        return _default if _default.device == "CPU" else NUMPY
    if name == "GPU":
        return get_backend("cupy")
    raise ValueError(f"device must be 'CPU' or 'GPU' (minispore has no {device!r} backend).")


def asarray(data, dtype=None):
    """An array of the default backend holding `data` (host data is copied to the device)."""
    return _default.asarray(data, dtype)


def c_ordered(array):
    """A backend array itself when C-ordered, else a C-ordered copy on its backend."""
    if type(array) is numpy.ndarray:
        return array if array.flags.c_contiguous else numpy.ascontiguousarray(array)
    flags = getattr(array, "flags", None)
    if flags is None or flags.c_contiguous:
        return array
    return backend_of(array).xp.ascontiguousarray(array)


def to_numpy(array):
    """A NumPy array with the data of a backend array (the same memory for NumPy's)."""
    if type(array) is numpy.ndarray:
        return array
    return backend_of(array).to_host(array)


_seed = None


def seed_all(seed):
    """Seed the random generator of every loaded backend (None: fresh entropy)."""
    global _seed
    _seed = seed
    for backend in _BY_NAME.values():
        backend.seed(seed)


if os.environ.get("MINISPORE_BACKEND", "numpy") != "numpy":
    set_default_backend(os.environ["MINISPORE_BACKEND"])
