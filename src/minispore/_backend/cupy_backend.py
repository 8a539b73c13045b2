"""The CuPy backend: arrays in GPU memory (`pip install cupy-cuda12x`, or the wheel for your CUDA).

Written against CuPy 13's API; it has not run on a GPU yet (`tools/gpu_check.sh` is the check).
Kernels receive `xp`, here CuPy's module seen through `_CupyNamespace`, which supplies the few
NumPy spellings kernels use that CuPy lacks. Special functions come from `cupyx.scipy.special`.
"""
import types

import numpy

from minispore._backend.base import Backend

__all__ = ["load"]


def _one_int(seed):
    """CuPy's generators take one int: a tuple of seeds is mixed into one, as NumPy's SeedSequence does."""
    if seed is None or isinstance(seed, int):
        return seed
    return int(numpy.random.SeedSequence(list(seed)).generate_state(1, numpy.uint64)[0])


class _Generator:
    """NumPy's Generator method names over CuPy's RandomState (whose draws run on the GPU)."""

    __slots__ = ("_state",)

    def __init__(self, state):
        self._state = state

    def random(self, size=None, dtype=None):
        return self._state.random_sample(size, dtype=dtype or "float64")

    def standard_normal(self, size=None, dtype=None):
        return self._state.standard_normal(size, dtype=dtype or "float64")

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._state.uniform(low, high, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._state.normal(loc, scale, size)

    def integers(self, low, high=None, size=None, dtype="int64"):
        return self._state.randint(low, high, size, dtype=dtype)

    def permutation(self, n):
        return self._state.permutation(n)


class _Reducing:
    """A CuPy ufunc whose `reduce` works for maximum/minimum too (CuPy reduces only add and multiply)."""

    __slots__ = ("_ufunc", "_reduction", "__name__")

    def __init__(self, ufunc, reduction):
        self._ufunc, self._reduction, self.__name__ = ufunc, reduction, ufunc.__name__

    def __call__(self, *args, **kwargs):
        return self._ufunc(*args, **kwargs)

    def reduce(self, array, axis=0, dtype=None, out=None, keepdims=False):
        return self._reduction(array, axis=axis, dtype=dtype, out=out, keepdims=keepdims)

    def __getattr__(self, name):
        return getattr(self._ufunc, name)


class _CupyNamespace:
    """The `cupy` module as kernels see it: NumPy's names, with CuPy's gaps filled."""

    def __init__(self, cupy):
        self._cupy = cupy
        self.maximum = _Reducing(cupy.maximum, lambda a, axis, dtype, out, keepdims: cupy.max(
            a, axis=axis, out=out, keepdims=keepdims))
        self.minimum = _Reducing(cupy.minimum, lambda a, axis, dtype, out, keepdims: cupy.min(
            a, axis=axis, out=out, keepdims=keepdims))

        def as_strided(x, shape=None, strides=None, subok=False, writeable=True):
            # CuPy's views are always writeable; kernels only read these.
            return cupy.lib.stride_tricks.as_strided(x, shape, strides)

        self.lib = types.SimpleNamespace(stride_tricks=types.SimpleNamespace(as_strided=as_strided))

    def __getattr__(self, name):
        value = getattr(self._cupy, name)
        setattr(self, name, value)  # later lookups are plain attribute reads
        return value


def load():
    """The CuPy backend; a clear error when CuPy or a GPU is missing."""
    try:
        import cupy
    except ImportError:
        raise RuntimeError("Device 'GPU' needs CuPy: pip install cupy-cuda12x (or the CuPy wheel for "
                           "your CUDA version).") from None
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as error:  # CUDA reports a missing driver or device as its own error types
        raise RuntimeError(f"Device 'GPU': CuPy is installed but found no usable GPU ({error}).") from None
    if count == 0:
        raise RuntimeError("Device 'GPU': CuPy is installed but found no GPU.")

    def from_host(data, dtype):
        return cupy.asarray(data, dtype=dtype)

    def generator(seed):
        return _Generator(cupy.random.RandomState(_one_int(seed)))

    def find_special(name):
        try:
            import cupyx.scipy.special as special
        except ImportError as error:
            raise RuntimeError(f"The special function {name!r} on the GPU needs cupyx.scipy.special "
                               f"({error}).") from None
        found = getattr(special, name, None)
        if found is None:
            raise RuntimeError(f"CuPy has no special function {name!r} (cupyx.scipy.special.{name}).")
        return found

    return Backend("cupy", "GPU", _CupyNamespace(cupy), cupy.ndarray, cupy.asnumpy, from_host, generator,
                   find_special)
