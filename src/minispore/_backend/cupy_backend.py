"""The CuPy backend: arrays in GPU memory (`pip install cupy-cuda12x`, or the wheel for your CUDA)."""
from minispore._backend.base import Backend

__all__ = ["load"]


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
        return _Generator(cupy.random.RandomState(seed))

    return Backend("cupy", "GPU", cupy, cupy.ndarray, cupy.asnumpy, from_host, generator)
