"""`Tensor`: a backend array plus MindSpore's dtype rules and printing. Methods delegate to ops."""
import numbers

import numpy as np

from minispore._backend import xp
from minispore.common import dtype as mstype
from minispore.common._format import scalar_str, tensor_repr

__all__ = ["Tensor", "tensor", "from_numpy", "wrap"]

_NP_TO_MS = mstype.NP_TO_MS
_INPUT_TYPES = "['TensorPy', 'Tensor', 'ndarray', 'str_', 'list', 'tuple', 'float', 'int', 'bool', 'complex', 'bytes']"


def _default_array(data):
    """MindSpore's default dtypes: Python float -> float32, int -> int64, lists likewise."""
    if isinstance(data, bool):
        return np.asarray(data, dtype=np.bool_)
    if isinstance(data, float):
        return np.asarray(data, dtype=np.float32)
    if isinstance(data, complex):
        return np.asarray(data, dtype=np.complex128)
    if isinstance(data, int):
        # Beyond int64, MindSpore stores a Python int as uint64.
        return np.asarray(data, dtype=np.int64 if data < 2**63 else np.uint64)
    array = np.array(data)
    if array.dtype == np.float64 and not _holds_float64(data):
        array = array.astype(np.float32)
    elif array.dtype.kind == "i":
        array = array.astype(np.int64)
    if array.size == 0 and array.dtype == np.float64:
        array = array.astype(np.float32)
    return array


def _holds_float64(data):
    """Whether a list literal carries float64 data (NumPy arrays/scalars keep their dtype)."""
    if isinstance(data, (np.ndarray, np.floating, Tensor)):
        return data.dtype == np.float64
    if isinstance(data, (list, tuple)):
        return any(_holds_float64(item) for item in data)
    return False


def _holds_tensor(data):
    return isinstance(data, (list, tuple)) and any(isinstance(item, Tensor) or _holds_tensor(item)
                                                   for item in data)


class Tensor:
    """A multi-dimensional array with a MindSpore dtype; the only user-facing array type."""

    __slots__ = ("_data",)
    __array_priority__ = 100

    def __init__(self, input_data=None, dtype=None, shape=None, init=None, internal=False,
                 const_arg=False, device=None):
        if init is not None:
            from minispore.common.initializer import initializer
            data = initializer(init, shape, dtype if dtype is not None else mstype.float32)._data
            self._data = data
            return
        if isinstance(input_data, Tensor):
            array = input_data._data
        elif isinstance(input_data, np.ndarray):
            array = input_data.copy()
        elif isinstance(input_data, (numbers.Number, np.generic, list, tuple)):
            if isinstance(input_data, np.generic):
                array = np.asarray(input_data)
            elif dtype is not None and not _holds_tensor(input_data):
                # Convert at full precision, then cast: Tensor(1/3, float64) keeps every digit.
                array = np.array(input_data)
            else:
                array = _default_array(input_data)
        elif input_data is None and shape is not None:
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            array = np.zeros(shape, dtype=np.float32)
        else:
            raise TypeError(f"For 'Tensor', the type of 'input_data' should be one of {_INPUT_TYPES}, "
                            f"but got type '{type(input_data).__name__}'.")
        if dtype is not None:
            np_dtype = mstype.np_dtype(dtype)
            if array.dtype != np_dtype:
                array = array.astype(np_dtype)
        self._data = xp.asarray(array)

    # --- basic attributes -------------------------------------------------------------------
    @property
    def dtype(self):
        try:
            return _NP_TO_MS[self._data.dtype]
        except KeyError:
            return mstype.to_dtype(self._data.dtype)

    @property
    def shape(self):
        return self._data.shape

    @property
    def ndim(self):
        return self._data.ndim

    @property
    def size(self):
        return self._data.size

    @property
    def itemsize(self):
        return self._data.itemsize

    @property
    def nbytes(self):
        return self._data.nbytes

    @property
    def strides(self):
        return self._data.strides

    @property
    def T(self):
        return F.transpose(self, tuple(range(self.ndim - 1, -1, -1)))

    def dim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    def nelement(self):
        return self._data.size

    # --- conversion ---------------------------------------------------------------------------
    def asnumpy(self):
        """The data as a NumPy array sharing memory with this Tensor."""
        return self._data

    numpy = asnumpy

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def item(self, *index):
        return self._data.item(*index)

    def tolist(self):
        return self._data.tolist()

    def __float__(self):
        return float(self._scalar())

    def __int__(self):
        return int(self._scalar())

    def __index__(self):
        if self._data.dtype.kind not in "iub":
            raise TypeError("Only integer tensors of a single element can be converted to an index.")
        return int(self._scalar())

    def __bool__(self):
        return bool(self._scalar())

    def _scalar(self):
        if self._data.size != 1:
            raise ValueError(f"The tensor should have only one element, but got {self._data.size}, "
                             "more than one element is ambiguous.")
        return self._data.reshape(()).item()

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("Not support len of a 0-D tensor")
        return len(self._data)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self._data)))

    def __hash__(self):
        return id(self)

    def __repr__(self):
        return tensor_repr(self._data, str(self.dtype))

    def __str__(self):
        # A 0-d tensor prints as its scalar (123456790.0, not 1.2345679e+08), as MindSpore does.
        if self._data.dtype.name == "bfloat16":
            # MindSpore prints bfloat16 values with six decimals: [1.500000].
            as_float = self._data.astype(np.float32)
            return f"{float(as_float):f}" if self._data.ndim == 0 else \
                np.array2string(as_float, formatter={"float_kind": lambda v: f"{v:f}"})
        return scalar_str(self._data) if self._data.ndim == 0 else str(self._data)

    def __format__(self, spec):
        if spec:
            return format(self._data.item(), spec) if self._data.size == 1 else format(str(self), spec)
        return str(self)

    def __copy__(self):
        return wrap(self._data.copy())

    def __deepcopy__(self, memo):
        return Tensor(self._data.copy())

    def copy(self):
        return F.identity_copy(self)

    def clone(self):
        return F.identity_copy(self)

    def init_data(self):
        return self

    @staticmethod
    def from_numpy(array):
        return from_numpy(array)

    def astype(self, dtype, copy=True):
        return F.cast(self, dtype)

    def to(self, dtype):
        return F.cast(self, dtype)

    def float(self):
        return F.cast(self, mstype.float32)

    def half(self):
        return F.cast(self, mstype.float16)

    def double(self):
        return F.cast(self, mstype.float64)

    def int(self):
        return F.cast(self, mstype.int32)

    def long(self):
        return F.cast(self, mstype.int64)

    def bool(self):
        return F.cast(self, mstype.bool_)

    def register_hook(self, hook):
        """Calls `hook(grad)` when this Tensor's gradient is computed; a returned Tensor replaces it."""
        from minispore._autodiff.backward import register_hook
        return register_hook(self, hook)

    def assign_value(self, value):
        self._data = value._data if isinstance(value, Tensor) else np.asarray(value, self._data.dtype)
        return self

    def copy_(self, src):
        self._data[...] = src._data if isinstance(src, Tensor) else src
        return self

    # --- operators ----------------------------------------------------------------------------
    def __add__(self, other):
        return F.add(self, other)

    def __radd__(self, other):
        return F.add(other, self)

    def __sub__(self, other):
        return F.sub(self, other)

    def __rsub__(self, other):
        return F.sub(other, self)

    def __mul__(self, other):
        return F.mul(self, other)

    def __rmul__(self, other):
        return F.mul(other, self)

    def __truediv__(self, other):
        return F.div(self, other)

    def __rtruediv__(self, other):
        return F.div(other, self)

    def __floordiv__(self, other):
        return F.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return F.floor_divide(other, self)

    def __mod__(self, other):
        return F.remainder(self, other)

    def __rmod__(self, other):
        return F.remainder(other, self)

    def __pow__(self, other):
        return F.pow(self, other)

    def __rpow__(self, other):
        return F.pow(other, self)

    def __matmul__(self, other):
        return F.matmul(self, other)

    def __rmatmul__(self, other):
        return F.matmul(other, self)

    def __neg__(self):
        return F.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return F.abs(self)

    def __invert__(self):
        # MindSpore's `~` is a logical not for every dtype (~Tensor([1, 2]) is [False, False]).
        return F.logical_not(self)

    def __and__(self, other):
        return F.bitwise_and(self, other)

    def __rand__(self, other):
        return F.bitwise_and(other, self)

    def __or__(self, other):
        return F.bitwise_or(self, other)

    def __ror__(self, other):
        return F.bitwise_or(other, self)

    def __xor__(self, other):
        return F.bitwise_xor(self, other)

    def __rxor__(self, other):
        return F.bitwise_xor(other, self)

    def __eq__(self, other):
        if other is None:
            return False
        return F.equal(self, other)

    def __ne__(self, other):
        if other is None:
            return True
        return F.not_equal(self, other)

    def __lt__(self, other):
        return F.less(self, other)

    def __le__(self, other):
        return F.less_equal(self, other)

    def __gt__(self, other):
        return F.greater(self, other)

    def __ge__(self, other):
        return F.greater_equal(self, other)

    def __getitem__(self, index):
        return F.tensor_getitem(self, index)

    def __setitem__(self, index, value):
        F.tensor_setitem(self, index, value)

    # --- methods (MindSpore's names and keywords) ---------------------------------------------
    def abs(self):
        return F.abs(self)

    def exp(self):
        return F.exp(self)

    def log(self):
        return F.log(self)

    def sqrt(self):
        return F.sqrt(self)

    def rsqrt(self):
        return F.rsqrt(self)

    def square(self):
        return F.square(self)

    def sin(self):
        return F.sin(self)

    def cos(self):
        return F.cos(self)

    def tanh(self):
        return F.tanh(self)

    def sigmoid(self):
        return F.sigmoid(self)

    def relu(self):
        return F.relu(self)

    def sign(self):
        return F.sign(self)

    def neg(self):
        return F.neg(self)

    def reciprocal(self):
        return F.reciprocal(self)

    def floor(self):
        return F.floor(self)

    def ceil(self):
        return F.ceil(self)

    def round(self):
        return F.round(self)

    def pow(self, exponent):
        return F.pow(self, exponent)

    def add(self, other, *, alpha=1):
        return F.add(self, other * alpha if alpha != 1 else other)

    def sub(self, other, *, alpha=1):
        return F.sub(self, other * alpha if alpha != 1 else other)

    def mul(self, other):
        return F.mul(self, other)

    def div(self, other):
        return F.div(self, other)

    def matmul(self, other):
        return F.matmul(self, other)

    def maximum(self, other):
        return F.maximum(self, other)

    def minimum(self, other):
        return F.minimum(self, other)

    def clip(self, min=None, max=None):
        return F.clamp(self, min, max)

    clamp = clip

    def isnan(self):
        return F.isnan(self)

    def isinf(self):
        return F.isinf(self)

    def isfinite(self):
        return F.isfinite(self)

    def sum(self, axis=None, dtype=None, keepdims=False, initial=None):
        return F.sum(self, axis, keepdims, dtype=dtype)

    def mean(self, axis=None, keep_dims=False):
        return F.mean(self, axis, keep_dims)

    def prod(self, axis=None, keep_dims=False):
        return F.prod(self, axis, keep_dims)

    def max(self, axis=None, keepdims=False, *, initial=None, where=True, return_indices=False):
        return F.amax(self, axis, keepdims)

    def min(self, axis=None, keepdims=False, *, initial=None, where=True, return_indices=False):
        return F.amin(self, axis, keepdims)

    def argmax(self, axis=None, keepdims=False):
        return F.argmax(self, axis, keepdims)

    def argmin(self, axis=None, keepdims=False):
        return F.argmin(self, axis, keepdims)

    def std(self, axis=None, ddof=0, keepdims=False):
        return F.std(self, axis, ddof, keepdims)

    def var(self, axis=None, ddof=0, keepdims=False):
        return F.var(self, axis, ddof, keepdims)

    def cumsum(self, axis=None, dtype=None):
        # Tensor.cumsum accumulates bool and 8/16-bit integers in Int32 (ops.cumsum keeps the dtype).
        if dtype is None and self._data.dtype.kind in "biu" and self._data.dtype.itemsize < 4:
            return F.cumsum(F.cast(self, mstype.int32), axis)
        return F.cumsum(self, axis, dtype)

    def all(self, axis=None, keep_dims=False):
        return F.all(self, axis, keep_dims)

    def any(self, axis=None, keep_dims=False):
        return F.any(self, axis, keep_dims)

    def reshape(self, *shape):
        return F.reshape(self, shape[0] if len(shape) == 1 else shape)

    def view(self, *shape):
        return F.reshape(self, shape[0] if len(shape) == 1 else shape)

    def transpose(self, *axes):
        if not axes or axes == (None,):
            axes = tuple(range(self.ndim - 1, -1, -1))
        elif len(axes) == 1:
            axes = axes[0]
        return F.transpose(self, axes)

    def permute(self, *axes):
        return F.transpose(self, axes[0] if len(axes) == 1 else axes)

    def swapaxes(self, axis0, axis1):
        return F.swapaxes(self, axis0, axis1)

    def expand_dims(self, axis):
        return F.expand_dims(self, axis)

    def unsqueeze(self, dim):
        return F.expand_dims(self, dim)

    def squeeze(self, axis=None):
        return F.squeeze(self, axis)

    def flatten(self, order="C", *, start_dim=0, end_dim=-1):
        return F.flatten(self, order, start_dim=start_dim, end_dim=end_dim)

    def ravel(self):
        return F.reshape(self, (-1,))

    def broadcast_to(self, shape):
        return F.broadcast_to(self, shape)

    def expand_as(self, other):
        return F.broadcast_to(self, other.shape)

    def tile(self, reps):
        return F.tile(self, reps)

    def repeat(self, repeats, axis=None):
        return F.repeat_elements(self, repeats, axis)

    def softmax(self, axis=-1):
        return F.softmax(self, axis)

    def log_softmax(self, axis=-1):
        return F.log_softmax(self, axis)

    def sort(self, axis=-1, descending=False):
        return F.sort(self, axis, descending)

    def topk(self, k, dim=None, largest=True, sorted=True):
        return F.topk(self, k, dim, largest, sorted)

    def gather(self, input_indices, axis, batch_dims=0):
        return F.gather(self, input_indices, axis, batch_dims)

    def masked_fill(self, mask, value):
        return F.masked_fill(self, mask, value)

    def masked_select(self, mask):
        return F.masked_select(self, mask)

    def argsort(self, axis=-1, descending=False):
        return F.argsort(self, axis, descending)

    def cumprod(self, dim, dtype=None):
        return F.cumprod(self, dim, dtype)

    def nonzero(self, *, as_tuple=False):
        return F.nonzero(self, as_tuple=as_tuple)

    def norm(self, ord=None, dim=None, keepdim=False):
        return F.norm(self, ord, dim, keepdim)

    def chunk(self, chunks, axis=0):
        return F.chunk(self, chunks, axis)

    def split(self, split_size_or_sections, axis=0):
        return F.split(self, split_size_or_sections, axis)

    def fill(self, value):
        return F.fill(self.dtype, self.shape, value)

    def zero_(self):
        self._data[...] = 0
        return self

    def fill_(self, value):
        self._data[...] = value
        return self

    def add_(self, other):
        self._data[...] = F.add(self, other)._data
        return self

    def sub_(self, other):
        self._data[...] = F.sub(self, other)._data
        return self

    def mul_(self, other):
        self._data[...] = F.mul(self, other)._data
        return self

    def div_(self, other):
        self._data[...] = F.div(self, other)._data
        return self


_new = object.__new__


def wrap(array):
    """A Tensor around a backend array, without copying or checks (the hot path)."""
    t = _new(Tensor)
    t._data = array
    return t


def tensor(input_data=None, dtype=None, shape=None, init=None, const_arg=False):
    """`mindspore.tensor`: the functional spelling of `Tensor(...)`."""
    return Tensor(input_data, dtype, shape, init, const_arg=const_arg)


def from_numpy(array):
    """A Tensor sharing memory with a NumPy array."""
    return wrap(np.ascontiguousarray(array))


from minispore.ops import function as F  # noqa: E402  (ops build on Tensor; methods delegate to them)
