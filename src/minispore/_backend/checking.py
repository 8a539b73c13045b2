"""The checking backend: NumPy behind a device-like array type, to prove the backend seam in tests.

Its arrays (`SeamArray`) behave as a GPU library's arrays do: NumPy functions and operators work on
them (through `__array_ufunc__`/`__array_function__`), but they refuse to become host arrays
implicitly, and refuse host arrays mixed into their operations. A Tensor accepts only arrays of its
backend. So with `MINISPORE_BACKEND=checking`, any array that device-side code makes with NumPy
directly, instead of through the backend's `xp`, fails loudly where it enters — the same places
CuPy would fail on a GPU.
"""
import numbers
import types

import numpy
from numpy.lib.mixins import NDArrayOperatorsMixin

from minispore._backend.base import Backend, BackendError
from minispore._backend.numpy_backend import find_special

__all__ = ["SeamArray", "load"]


def _refuse_host(where):
    raise BackendError(f"{where}: a host NumPy array was mixed into device arrays (checking backend). "
                       "Device-side code must make its arrays with the backend's xp, and move host data "
                       "with Backend.asarray.")


def _unwrap(value, where):
    """The NumPy data inside SeamArrays, recursively; host ndarrays are refused."""
    kind = type(value)
    if kind is SeamArray:
        return value._array
    if kind is numpy.ndarray:
        # 0-d host arrays act as scalars (NumPy makes them from Python numbers in many places).
        if value.ndim:
            _refuse_host(where)
        return value
    if kind is tuple or kind is list:
        return kind(_unwrap(v, where) for v in value)
    if kind is dict:
        return {k: _unwrap(v, where) for k, v in value.items()}
    return value


def _wrap(value):
    """NumPy results as SeamArrays (scalars become 0-d arrays only where NumPy returns arrays)."""
    kind = type(value)
    if kind is numpy.ndarray:
        return SeamArray(value)
    if kind is tuple or kind is list:
        return kind(_wrap(v) for v in value)
    if isinstance(value, tuple):  # a named tuple (numpy.linalg.qr's QRResult, ...)
        return kind(*(_wrap(v) for v in value))
    return value


class SeamArray(NDArrayOperatorsMixin):
    """A NumPy array that only the checking backend's module makes and takes."""

    __slots__ = ("_array",)
    __array_priority__ = 1000

    def __init__(self, array):
        self._array = array

    def __array__(self, dtype=None, copy=None):
        raise BackendError("Implicit conversion of a checking-backend array to a NumPy array is not allowed "
                           "(as on a GPU): use the backend's to_host().")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        where = f"numpy.{ufunc.__name__}.{method}" if method != "__call__" else f"numpy.{ufunc.__name__}"
        out = kwargs.get("out")
        result = getattr(ufunc, method)(*_unwrap(inputs, where), **_unwrap(kwargs, where))
        if out is not None:
            # NumPy hands `out` over as a tuple; the caller gets its own SeamArray back.
            return out[0] if len(out) == 1 else out
        return _wrap(result)

    def __array_function__(self, func, types, args, kwargs):
        where = f"numpy.{func.__name__}"
        return _wrap(func(*_unwrap(args, where), **_unwrap(kwargs, where)))

    def __getattr__(self, name):
        if name.startswith("__"):
            # No NumPy protocol (__array_interface__, __array_struct__, ...) reaches the host array behind.
            raise AttributeError(name)
        value = getattr(self._array, name)
        if callable(value):
            def method(*args, **kwargs):
                where = f"ndarray.{name}"
                return _wrap(value(*_unwrap(args, where), **_unwrap(kwargs, where)))
            return method
        return _wrap(value)

    @property
    def T(self):
        return SeamArray(self._array.T)

    @property
    def shape(self):
        return self._array.shape

    @property
    def dtype(self):
        return self._array.dtype

    @property
    def ndim(self):
        return self._array.ndim

    @property
    def size(self):
        return self._array.size

    def __getitem__(self, index):
        return _wrap(self._array[_unwrap(index, "indexing")])

    def __setitem__(self, index, value):
        self._array[_unwrap(index, "indexing")] = _unwrap(value, "item assignment")

    def __len__(self):
        return len(self._array)

    def __iter__(self):
        return (_wrap(row) for row in self._array)

    def __bool__(self):
        return bool(self._array)

    def __float__(self):
        return float(self._array)

    def __int__(self):
        return int(self._array)

    def __index__(self):
        return self._array.__index__()

    def __complex__(self):
        return complex(self._array)

    def __repr__(self):
        return "SeamArray(" + repr(self._array) + ")"

    def __copy__(self):
        return SeamArray(self._array.copy())

    def __deepcopy__(self, memo):
        return SeamArray(self._array.copy())


class _Wrapped:
    """A NumPy namespace (numpy, numpy.random, numpy.linalg, ...) whose functions take and make SeamArrays."""

    def __init__(self, namespace, name):
        self._namespace, self._name = namespace, name

    def __getattr__(self, attr):
        value = getattr(self._namespace, attr)
        if attr == "ndarray":
            value = SeamArray
        elif isinstance(value, numpy.ufunc):
            value = _WrappedUfunc(value)
        elif isinstance(value, type) or isinstance(value, (numbers.Number, numpy.dtype, str)) or value is None:
            pass
        elif isinstance(value, types.ModuleType):
            value = _Wrapped(value, f"{self._name}.{attr}")
        elif callable(value):
            value = _wrapped_function(value, f"{self._name}.{attr}")
        setattr(self, attr, value)
        return value


def _wrapped_function(function, where):
    def call(*args, **kwargs):
        return _wrap(function(*_unwrap(args, where), **_unwrap(kwargs, where)))
    call.__name__ = getattr(function, "__name__", "function")
    return call


class _WrappedUfunc:
    """A NumPy ufunc taking and making SeamArrays, with its methods (at, reduce, ...)."""

    def __init__(self, ufunc):
        self._ufunc = ufunc
        self.__name__ = ufunc.__name__
        for method in ("reduce", "accumulate", "reduceat", "outer", "at"):
            setattr(self, method, _wrapped_function(getattr(ufunc, method), f"numpy.{ufunc.__name__}.{method}"))
        self.nin, self.nout = ufunc.nin, ufunc.nout

    def __call__(self, *args, **kwargs):
        where = f"numpy.{self.__name__}"
        out = kwargs.get("out")
        result = self._ufunc(*_unwrap(args, where), **_unwrap(kwargs, where))
        if out is not None:
            return out[0] if isinstance(out, tuple) and len(out) == 1 else out
        return _wrap(result)


def _from_host(data, dtype):
    if type(data) is SeamArray:
        return data if dtype is None or data.dtype == dtype else SeamArray(data._array.astype(dtype))
    return SeamArray(numpy.array(data, dtype=dtype))


def _to_host(array):
    if type(array) is not SeamArray:
        raise BackendError(f"Expected a checking-backend array, got {type(array).__name__}.")
    return array._array


def _generator(seed):
    return _Wrapped(numpy.random.Generator(numpy.random.PCG64(seed)), "Generator")


def _find_special(name):
    return _wrapped_function(find_special(name), f"special.{name}")


def load():
    """The checking backend."""
    return Backend("checking", "CPU", _Wrapped(numpy, "numpy"), SeamArray, _to_host, _from_host,
                   _generator, _find_special)
