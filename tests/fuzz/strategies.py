"""Building blocks for generated calls: tensors (empty, 0-d, NaN/inf), axes, counts and bad values.

Each function takes hypothesis's `draw` (from `st.data().draw`) and returns plain values, so that a
case generator reads as a short recipe. Array contents come from a NumPy generator seeded by one
drawn integer: hypothesis chooses the shapes, dtypes and special values, NumPy fills the rest fast.
"""
import numpy as np
from hypothesis import strategies as st

import minispore as ms

FLOATS = ("float32", "float16", "float64")
INTS = ("int32", "int64", "uint8", "int8")
ALL = FLOATS + INTS + ("bool",)
SPECIAL = (np.nan, np.inf, -np.inf, 0.0, -0.0, 1e30, -1e30)
# Values that are not Tensors, handed where a Tensor or a number belongs.
BAD_VALUES = (None, "abc", [1.0, 2.0], [[1, 2], [3]], (1, 2), {"a": 1}, object(), 1.5, True, 2 ** 40)


def shape(draw, min_dims=0, max_dims=4, max_side=4, allow_empty=True):
    ndim = draw(st.integers(min_dims, max_dims))
    low = 0 if allow_empty and draw(st.integers(0, 9)) == 0 else 1
    return tuple(draw(st.integers(low, max_side)) for _ in range(ndim))


def array(draw, dtype, shape_, special=True, low=-4, high=4):
    """A NumPy array of `dtype` and `shape_`; floats sometimes hold NaN, inf, -0.0 or huge values."""
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    dtype = np.dtype(dtype)
    if dtype == bool:
        return rng.random(shape_) < 0.5
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(max(low, info.min), min(high, info.max) + 1, size=shape_).astype(dtype)
    values = rng.uniform(low, high, shape_)
    if special and values.size and draw(st.integers(0, 3)) == 0:
        flat = values.reshape(-1)
        for _ in range(draw(st.integers(1, 3))):
            flat[rng.integers(flat.size)] = SPECIAL[draw(st.integers(0, len(SPECIAL) - 1))]
    with np.errstate(over="ignore"):
        return values.astype(dtype)


def tensor(draw, dtypes=ALL, min_dims=0, max_dims=4, max_side=4, allow_empty=True, special=True, shape_=None,
           low=-4, high=4):
    """(Tensor, the NumPy array it was made from)."""
    dtype = draw(st.sampled_from(dtypes))
    if shape_ is None:
        shape_ = shape(draw, min_dims, max_dims, max_side, allow_empty)
    data = array(draw, dtype, shape_, special, low, high)
    return ms.Tensor(data), data


def axis(draw, ndim, spread=3):
    """An int axis, in range most of the time; (axis, valid)."""
    value = draw(st.integers(-ndim - spread, ndim + spread - 1))
    valid = -ndim <= value < ndim if ndim else value in (0, -1)
    return value, valid


def axes(draw, ndim):
    """None, an int or a tuple/list of ints; (axes, valid) with valid False for out-of-range or repeats."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return None, True
    if choice == 1:
        return axis(draw, ndim)
    values = [draw(st.integers(-ndim - 2, ndim + 1)) for _ in range(draw(st.integers(0, max(ndim, 1) + 1)))]
    bound = max(ndim, 1)
    valid = all(-bound <= v < bound for v in values) and len({v % bound for v in values}) == len(values)
    return (tuple(values) if draw(st.booleans()) else values), valid


def normal_axes(value, ndim):
    """The axes a valid `value` of `axes()` means, for NumPy (None: all)."""
    if value is None:
        return None
    if isinstance(value, int):
        return (value % ndim,) if ndim else ()
    if not value:
        return None
    return tuple(sorted(v % max(ndim, 1) for v in value)) if ndim else ()


def count(draw, high=6):
    """A count (k, chunks, sections ...): mostly small and positive, sometimes 0, negative or huge."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(st.integers(-5, -1))
    if choice == 1:
        return 0
    if choice == 2:
        return draw(st.sampled_from((2 ** 31, 2 ** 40, 2 ** 63 - 1)))
    return draw(st.integers(1, high))


def bad_value(draw):
    return draw(st.sampled_from(BAD_VALUES))
