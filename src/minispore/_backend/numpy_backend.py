"""The NumPy backend: arrays in host memory; the default."""
import numpy

from minispore._backend.base import Backend

__all__ = ["NUMPY"]


def _from_host(data, dtype):
    return numpy.asarray(data, dtype=dtype)


def _to_host(array):
    return array


def _generator(seed):
    return numpy.random.Generator(numpy.random.PCG64(seed))


NUMPY = Backend("numpy", "CPU", numpy, numpy.ndarray, _to_host, _from_host, _generator)
