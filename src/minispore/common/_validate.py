"""Argument checks shared by every op, layer and loss: Tensors, axes, counts, shapes, dtypes, options.

Each check raises the error MindSpore raises (TypeError for a wrong kind of value, ValueError for a
value out of range), naming the op, the argument, what was expected and what came, before any state
changes; each returns the value in the form the caller needs (a non-negative axis, a tuple of ints).
"""
import numbers
import os

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor

__all__ = ["tensor", "tensors", "integer", "axis", "axes", "along", "shape", "dtype", "number", "option", "flag",
           "describe", "allocates", "fits_memory"]


def describe(value):
    """How an argument shows in a message: Tensors by shape and dtype, other values by type and repr."""
    if isinstance(value, Tensor):
        return f"Tensor(shape={value.shape}, dtype={value.dtype})"
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}" if len(text) <= 60 else f"{type(value).__name__}"


def fits_memory(op, nbytes, what):
    """A MemoryError naming `op` when `what` would take more bytes than the machine has (checked before a
    loop that would build it piece by piece for minutes)."""
    try:
        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # a platform without sysconf: no limit known
        return
    if nbytes > physical:
        raise MemoryError(f"For '{op}', {what} would take {nbytes / 2 ** 30:.1f} GiB, more than this machine's "
                          f"{physical / 2 ** 30:.1f} GiB of memory.")


def allocates(function):
    """Decorator of ops that make new Tensors: a MemoryError names the op and the size asked for."""
    def creating(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except MemoryError as error:
            raise MemoryError(f"For '{function.__name__}', there is not enough memory for the Tensor asked for "
                              f"({error}).") from None
        except ValueError as error:  # NumPy's word for a size past what it can address
            if "too big" not in str(error) and "Maximum allowed size" not in str(error):
                raise
            raise MemoryError(f"For '{function.__name__}', the Tensor asked for is too large ({error}).") from None
    creating.__name__, creating.__qualname__, creating.__doc__ = function.__name__, function.__qualname__, \
        function.__doc__
    creating.__wrapped__ = function
    return creating


def tensor(op, name, value):
    """`value` itself when it is a Tensor, else a TypeError."""
    if not isinstance(value, Tensor):
        raise TypeError(f"For '{op}', the '{name}' must be a Tensor, but got {describe(value)}.")
    return value


def tensors(op, name, values, minimum=1):
    """A list of the Tensors in the tuple/list `values` (at least `minimum` of them)."""
    if isinstance(values, Tensor) or not isinstance(values, (tuple, list)):
        raise TypeError(f"For '{op}', the '{name}' must be a tuple or list of Tensors, but got {describe(values)}.")
    for position, value in enumerate(values):
        if not isinstance(value, Tensor):
            raise TypeError(f"For '{op}', every element of '{name}' must be a Tensor, but element {position} is "
                            f"{describe(value)}.")
    if len(values) < minimum:
        raise ValueError(f"For '{op}', the '{name}' must hold at least {minimum} Tensor(s), but got {len(values)}.")
    return list(values)


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def integer(op, name, value, minimum=None, maximum=None):
    """`value` as an int (a Python or NumPy int, or an integer Tensor of one element) within the bounds."""
    if isinstance(value, Tensor) and value.size == 1 and value._data.dtype.kind in "iu":
        value = int(value._data.reshape(()).item())
    if not _is_int(value):
        raise TypeError(f"For '{op}', the '{name}' must be an int, but got {describe(value)}.")
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            expected = f">= {minimum}" if minimum != 1 else "> 0"
        elif minimum is None:
            expected = f"<= {maximum}"
        else:
            expected = f"in [{minimum}, {maximum}]"
        raise ValueError(f"For '{op}', the '{name}' must be an int {expected}, but got {value}.")
    return value


def axis(op, value, ndim, name="axis", extra=0, scalar_ok=True):
    """A non-negative axis from an int in [-(ndim + extra), ndim + extra).

    `extra` is 1 where the axis may address a new dimension (expand_dims, stack). A 0-d input counts
    as 1-d (its axis may be 0 or -1) when `scalar_ok`, else it is refused (sort, cumsum, flip ...).
    """
    if not _is_int(value):
        raise TypeError(f"For '{op}', the '{name}' must be an int, but got {describe(value)}.")
    if ndim == 0 and not scalar_ok and not extra:
        raise ValueError(f"For '{op}', the input must have at least 1 dimension, but got a 0-d Tensor.")
    bound = max(ndim, 1) + extra if scalar_ok else ndim + extra
    if not -bound <= value < bound:
        raise ValueError(f"For '{op}', the '{name}' must be in range [{-bound}, {bound}), but got {value} "
                         f"(the input has {ndim} dimension(s)).")
    return int(value) % bound


def axes(op, value, ndim, name="axis"):
    """None (all axes) or a sorted tuple of distinct non-negative axes, from None, an int, or a tuple/list."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        if not value:
            return None
        normal = [axis(op, a, ndim, name) for a in value]
        if len(set(normal)) != len(normal):
            raise ValueError(f"For '{op}', the '{name}' must not repeat an axis, but got {tuple(value)}.")
        return tuple(sorted(normal)) if ndim else None
    result = axis(op, value, ndim, name)
    return (result,) if ndim else None


def along(op, input, dim, index, name="index", dim_name="axis"):
    """The non-negative axis of a gather/scatter along `dim` (gather_elements, scatter ...), after checking
    `index`: an integer Tensor of input's rank, no larger than input outside that axis, its values in [0, size)."""
    dim = axis(op, dim, tensor(op, "input", input).ndim, dim_name, scalar_ok=False)
    if tensor(op, name, index)._data.dtype.kind not in "iu":
        raise TypeError(f"For '{op}', the '{name}' must be an integer Tensor, but got {describe(index)}.")
    if index.ndim != input.ndim:
        raise ValueError(f"For '{op}', the '{name}' must have the input's rank {input.ndim}, but got shape "
                         f"{index.shape}.")
    if any(n > m for position, (n, m) in enumerate(zip(index.shape, input.shape)) if position != dim):
        raise ValueError(f"For '{op}', the '{name}' of shape {index.shape} is larger than the input {input.shape} "
                         f"outside axis {dim}.")
    data, size = index._data, input.shape[dim]
    if data.size and (int(data.min()) < 0 or int(data.max()) >= size):
        raise ValueError(f"For '{op}', the '{name}' should be in the range [0, {size}) (axis {dim} of the input), "
                         f"but got values from {int(data.min())} to {int(data.max())}.")
    return dim


def shape(op, name, value, minus_one=False):
    """A tuple of non-negative ints from an int, a tuple/list of ints or a 1-d integer Tensor (-1 allowed
    once where `minus_one`)."""
    if isinstance(value, Tensor):
        if value._data.dtype.kind not in "iu" or value.ndim > 1:
            raise TypeError(f"For '{op}', the '{name}' must be an int, a tuple of ints or a 1-d integer Tensor, "
                            f"but got {describe(value)}.")
        value = tuple(value._data.reshape(-1).tolist())
    if _is_int(value):
        value = (value,)
    if not isinstance(value, (tuple, list)) or not all(_is_int(n) for n in value):
        raise TypeError(f"For '{op}', the '{name}' must be an int or a tuple of ints, but got {describe(value)}.")
    value = tuple(int(n) for n in value)
    low = -1 if minus_one else 0
    if any(n < low for n in value) or (minus_one and value.count(-1) > 1):
        allowed = "non-negative (one may be -1)" if minus_one else "non-negative"
        raise ValueError(f"For '{op}', every dimension of '{name}' must be {allowed}, but got {value}.")
    return value


def flag(op, name, value):
    """A bool (or an int 0/1, which Python code often passes for one)."""
    if isinstance(value, bool) or (_is_int(value) and value in (0, 1)):
        return bool(value)
    raise TypeError(f"For '{op}', the '{name}' must be a bool, but got {describe(value)}.")


def dtype(op, name, value):
    """The NumPy dtype of a MindSpore dtype (or a NumPy dtype or dtype name)."""
    if value is None:
        raise TypeError(f"For '{op}', the '{name}' must be a mindspore dtype such as mindspore.float32, but got None.")
    try:
        return mstype.np_dtype(value)
    except TypeError:
        raise TypeError(f"For '{op}', the '{name}' must be a mindspore dtype such as mindspore.float32, but got "
                        f"{describe(value)}.") from None


def number(op, name, value, low=None, high=None, low_open=False, high_open=False):
    """A real number (not a bool) within [low, high] (or open at either end)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"For '{op}', the '{name}' must be a number, but got {describe(value)}.")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high or value != value:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        raise ValueError(f"For '{op}', the '{name}' must be in range {left}{low}, {high}{right}, but got {value}.")
    return value


def option(op, name, value, options):
    """`value` when it is one of the strings `options`."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"For '{op}', the '{name}' must be one of {list(options)}, but got {value!r}.")
    return value
