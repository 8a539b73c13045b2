"""Python and NumPy data as host arrays, with MindSpore's default dtypes (the way into the seam), and any
value as NumPy data (the way out, for host-side code such as file formats)."""
import numpy

from minispore._backend import to_numpy

__all__ = ["host_array", "host_value", "seed_numpy_global"]


def host_array(data, dtype=None, contiguous=False):
    """A new NumPy array holding `data`: a list, tuple, number, NumPy array or scalar.

    Without `dtype`, MindSpore's defaults apply: Python float -> float32, int -> int64 (uint64 beyond
    int64), and a list of Python floats is float32 unless it holds float64 data. With `dtype`,
    values convert at full precision and are then cast, so Tensor(1/3, float64) keeps every digit.
    With `contiguous`, a C-contiguous NumPy array is returned as it is (shared, not copied).
    """
    if type(data) is numpy.ndarray:
        if contiguous:
            # Not ascontiguousarray, which makes a 0-d array 1-d.
            return data if data.flags.c_contiguous else data.copy(order="C")
        return data.astype(dtype) if dtype is not None and data.dtype != dtype else data.copy()
    if dtype is not None and not _holds_array_like(data):
        return _cast(_sequence_array(data) if isinstance(data, (list, tuple)) else numpy.array(data), dtype)
    array = _default_array(data)
    return array if dtype is None or array.dtype == dtype else _cast(array, dtype)


def _cast(array, dtype):
    try:
        return array.astype(dtype, copy=False)
    except ValueError as error:  # strings that are not numbers
        raise ValueError(f"For 'Tensor', the input data cannot be converted to {dtype}: {error}.") from None


def host_value(value):
    """`value` as NumPy data: a backend array or a Tensor moved to the host; NumPy data, Python numbers and
    lists of them as numpy.asarray reads them."""
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        return numpy.asarray(value)
    asnumpy = getattr(value, "asnumpy", None)  # a Tensor
    if asnumpy is not None:
        return asnumpy()
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return to_numpy(value)
    return numpy.asarray(value)


def seed_numpy_global(seed):
    """Seed NumPy's global generator (`set_seed` does, as MindSpore's does; minispore never draws from it)."""
    numpy.random.seed(seed)


def _default_array(data):
    if isinstance(data, numpy.generic):  # before float: numpy.float64 is a Python float too
        return numpy.asarray(data)
    if isinstance(data, bool):
        return numpy.asarray(data, dtype=numpy.bool_)
    if isinstance(data, float):
        return numpy.asarray(data, dtype=numpy.float32)
    if isinstance(data, complex):
        return numpy.asarray(data, dtype=numpy.complex128)
    if isinstance(data, int):
        # Beyond int64, MindSpore stores a Python int as uint64.
        return numpy.asarray(data, dtype=numpy.int64 if data < 2**63 else numpy.uint64)
    array = _sequence_array(data)
    if array.dtype == numpy.float64 and not _holds_float64(data):
        array = array.astype(numpy.float32)
    elif array.dtype.kind == "i":
        array = array.astype(numpy.int64)
    if array.size == 0 and array.dtype == numpy.float64:
        array = array.astype(numpy.float32)
    return array


def _sequence_array(data):
    """numpy.array(data) of a (nested) list at full precision; ragged or non-numeric data refused."""
    try:
        array = numpy.array(data)
    except ValueError:  # ragged nested lists
        raise ValueError(f"For 'Tensor', the input data must be rectangular (every row of one length), but got "
                         f"{str(data)[:80]}.") from None
    if array.dtype == object:
        raise TypeError(f"For 'Tensor', the input data must hold numbers or bools, but got {str(data)[:80]}.")
    return array


def _holds_float64(data):
    """Whether a list literal carries float64 data (arrays, scalars and Tensors keep their dtype)."""
    dtype = getattr(data, "dtype", None)
    if dtype is not None:
        return dtype == numpy.float64
    if isinstance(data, (list, tuple)):
        return any(_holds_float64(item) for item in data)
    return False


def _holds_array_like(data):
    """Whether a list holds arrays or Tensors (their own dtypes then decide, as without `dtype`)."""
    return isinstance(data, (list, tuple)) and any(
        hasattr(item, "dtype") or _holds_array_like(item) for item in data)
