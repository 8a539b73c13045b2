"""MindSpore's dtype objects (`mindspore.float32`, ...), their NumPy types and promotion rules.

Array dtypes are NumPy's on every backend (CuPy's too), so this table is host-side: device-side code
asks it, instead of importing NumPy, for dtype facts and for the types of host data it accepts.
"""
import functools

import numpy as np

__all__ = [
    "Type", "Number", "Float", "Int", "UInt", "Bool", "Complex", "BFloat",
    "float16", "float32", "float64", "bfloat16", "half", "single", "double",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "bool_", "complex64", "complex128",
    "dtype_to_nptype", "np_dtype", "pytype_to_dtype", "dtype_to_pytype", "to_dtype",
    "float_type", "int_type", "uint_type", "number_type", "all_types",
    "HostArray", "HostDType", "HostScalar", "HostFloat", "HostInteger", "int_range", "wrap_int", "finfo",
]

# The types of host (NumPy) data that device-side code must recognise in its arguments.
HostArray = np.ndarray
HostDType = np.dtype
HostScalar = np.generic
HostFloat = np.floating
HostInteger = np.integer


class Type:
    """A MindSpore dtype: prints as `Float32`, reprs as `mindspore.float32`."""

    __slots__ = ("_name", "_np")

    def __init__(self, name, np_type):
        self._name = name
        self._np = np_type

    def __str__(self):
        return self._name

    def __repr__(self):
        return "mindspore." + _ATTR_NAME[self._name]

    def __hash__(self):
        return hash(self._name)

    def __eq__(self, other):
        return isinstance(other, Type) and other._name == self._name

    def __reduce__(self):
        return (to_dtype, (_ATTR_NAME[self._name],))


class Number(Type):
    __slots__ = ()


class Float(Number):
    __slots__ = ()


class BFloat(Float):
    """bfloat16: its NumPy type comes from the optional ml_dtypes package, imported on first use."""

    __slots__ = ()

    def __init__(self, name):
        self._name = name

    @property
    def _np(self):
        return _bfloat16_nptype()


class Int(Number):
    __slots__ = ()


class UInt(Int):
    __slots__ = ()


class Bool(Type):
    __slots__ = ()


class Complex(Number):
    __slots__ = ()


@functools.lru_cache(maxsize=None)
def _bfloat16_nptype():
    """ml_dtypes' bfloat16 (registered for Tensor.dtype), or None when ml_dtypes is not installed."""
    try:
        import ml_dtypes
    except ImportError:
        return None
    np_type = np.dtype(ml_dtypes.bfloat16)
    NP_TO_MS[np_type] = bfloat16
    return np_type


float16 = Float("Float16", np.dtype(np.float16))
float32 = Float("Float32", np.dtype(np.float32))
float64 = Float("Float64", np.dtype(np.float64))
bfloat16 = BFloat("BFloat16")
int8 = Int("Int8", np.dtype(np.int8))
int16 = Int("Int16", np.dtype(np.int16))
int32 = Int("Int32", np.dtype(np.int32))
int64 = Int("Int64", np.dtype(np.int64))
uint8 = UInt("UInt8", np.dtype(np.uint8))
uint16 = UInt("UInt16", np.dtype(np.uint16))
uint32 = UInt("UInt32", np.dtype(np.uint32))
uint64 = UInt("UInt64", np.dtype(np.uint64))
bool_ = Bool("Bool", np.dtype(np.bool_))
complex64 = Complex("Complex64", np.dtype(np.complex64))
complex128 = Complex("Complex128", np.dtype(np.complex128))
half, single, double = float16, float32, float64

all_types = (float16, float32, float64, bfloat16, int8, int16, int32, int64,
             uint8, uint16, uint32, uint64, bool_, complex64, complex128)
float_type = (float16, float32, float64, bfloat16)
int_type = (int8, int16, int32, int64)
uint_type = (uint8, uint16, uint32, uint64)
number_type = int_type + uint_type + float_type + (complex64, complex128)

_ATTR_NAME = {t._name: t._name.lower() for t in all_types}
_BY_ATTR = {name: t for t in all_types for name in (_ATTR_NAME[t._name], t._name)}
_BY_ATTR.update(half=float16, single=float32, double=float64, bool_=bool_)

# NumPy dtype -> MindSpore Type; the Tensor.dtype property is one lookup here.
NP_TO_MS = {t._np: t for t in all_types if t is not bfloat16}


def np_dtype(dtype):
    """The NumPy dtype of a MindSpore dtype (or of anything `to_dtype` accepts)."""
    found = to_dtype(dtype)._np
    if found is None:
        raise TypeError("mindspore.bfloat16 needs the ml_dtypes package: pip install ml_dtypes")
    return found


def dtype_to_nptype(type_):
    """The NumPy scalar type of a MindSpore dtype (`float32` -> `numpy.float32`)."""
    return np_dtype(type_).type


def to_dtype(dtype):
    """Accepts a MindSpore dtype, a NumPy dtype/type or a dtype name; returns the MindSpore dtype."""
    if isinstance(dtype, Type):
        return dtype
    if dtype is None:  # np.dtype(None) would be float64
        raise TypeError("dtype: expected a mindspore dtype such as mindspore.float32, but got None.")
    if isinstance(dtype, str):
        if dtype in _BY_ATTR:
            return _BY_ATTR[dtype]
    else:
        try:
            as_np = np.dtype(dtype)
            found = NP_TO_MS.get(as_np) or (bfloat16 if as_np.name == "bfloat16" else None)
        except (TypeError, ValueError):  # NumPy raises ValueError for objects that have an __array__
            found = None
        if found is not None:
            return found
    raise TypeError(f"dtype: expected a mindspore dtype such as mindspore.float32, but got {dtype!r}.")


def pytype_to_dtype(obj):
    """`float` -> float64, `int` -> int64, `bool` -> bool_ (MindSpore's mapping)."""
    mapping = {bool: bool_, int: int64, float: float64, complex: complex128}
    if obj in mapping:
        return mapping[obj]
    return to_dtype(obj)


def dtype_to_pytype(type_):
    """The Python type whose values a dtype holds."""
    dtype = to_dtype(type_)
    if isinstance(dtype, Bool):
        return bool
    if isinstance(dtype, Int):
        return int
    if isinstance(dtype, Float):
        return float
    return complex


def is_float(np_dtype):
    return np_dtype.kind == "f" or np_dtype.name == "bfloat16"


def promote(a, b):
    """MindSpore's Tensor-Tensor promotion of two NumPy dtypes (spec §2.8)."""
    if a == b:
        return a
    if a.kind == "c" or b.kind == "c":
        # complex with anything: complex, wide enough for a float partner (float64 -> complex128)
        complex_dtype = a if a.kind == "c" else b
        other = b if a.kind == "c" else a
        return np.promote_types(complex_dtype, other) if other.kind in "fc" else complex_dtype
    a_float, b_float = is_float(a), is_float(b)
    if a_float and b_float:
        if {a.name, b.name} == {"float16", "bfloat16"}:
            return float32._np
        return a if a.itemsize >= b.itemsize else b
    if a_float:
        return a
    if b_float:
        return b
    if a.kind == "b":
        return b
    if b.kind == "b":
        return a
    return np.promote_types(a, b)


def int_range(np_dtype):
    """(smallest, largest) value of an integer (or bool) array dtype."""
    if np_dtype.kind == "b":
        return 0, 1
    info = np.iinfo(np_dtype)
    return int(info.min), int(info.max)


def wrap_int(value, np_dtype):
    """A Python int as a scalar of an integer dtype, wrapped around its range as a cast wraps it."""
    low, high = int_range(np_dtype)
    return np_dtype.type((value - low) % (high - low + 1) + low)


def finfo(np_dtype):
    """Machine limits of a float dtype (`eps`, `max`, `tiny`, ...), as NumPy's finfo gives them."""
    return np.finfo(np_dtype)
