"""The NumPy backend: arrays in host memory; the default."""
import math

import numpy

from minispore._backend.base import Backend

__all__ = ["NUMPY", "find_special"]


def _from_host(data, dtype):
    return numpy.asarray(data, dtype=dtype)


def _to_host(array):
    return array


def _generator(seed):
    return numpy.random.Generator(numpy.random.PCG64(seed))


def _vectorized(function):
    """A float64 NumPy function from a scalar one of the `math` module, keeping its input's dtype."""
    vector = numpy.vectorize(function, otypes=[numpy.float64])
    return lambda x: vector(x).astype(x.dtype, copy=False)


# Without SciPy, the special functions minispore's kernels use, elementwise from `math`.
_MATH_FALLBACKS = {"erf": math.erf, "erfc": math.erfc, "gammaln": math.lgamma}


def find_special(name):
    """SciPy's `scipy.special.<name>` (imported on first use: it is slow to import), else `math`'s."""
    try:
        import scipy.special
    except ImportError:
        if name in _MATH_FALLBACKS:
            return _vectorized(_MATH_FALLBACKS[name])
        raise RuntimeError(f"The special function {name!r} needs SciPy: pip install scipy "
                           "(or minispore[all]).") from None
    return getattr(scipy.special, name)


NUMPY = Backend("numpy", "CPU", numpy, numpy.ndarray, _to_host, _from_host, _generator, find_special)
