"""`Tensor`: a backend array with MindSpore's dtype, printing and construction rules.

Its operators and methods (`+`, `abs`, `reshape`, `add_`, ...) are ops; the ops layer installs them
from one table (`minispore/ops/tensor_method.py`), so this module depends on nothing above it.
"""
import numbers

from minispore import _backend
from minispore._backend import backend_for_device, backend_of, c_ordered, to_numpy
from minispore._backend.host import host_array
from minispore.common import dtype as mstype
from minispore.common._format import scalar_str, tensor_repr, bfloat16_str
from minispore.common._placeholder import DynamicShape, is_dynamic, placeholder

__all__ = ["Tensor", "tensor", "from_numpy", "wrap", "on_read"]

_NP_TO_MS = mstype.NP_TO_MS
_INPUT_TYPES = "['TensorPy', 'Tensor', 'ndarray', 'str_', 'list', 'tuple', 'float', 'int', 'bool', 'complex', 'bytes']"


class Tensor:
    """A multi-dimensional array with a MindSpore dtype; the only user-facing array type.

    `_data` is the backend array; `_version`, set by the first in-place write, numbers the writes
    (see `ops/_prims/dispatch.py`).
    """

    __slots__ = ("_data", "_version", "__weakref__")
    __array_priority__ = 100

    def __init__(self, input_data=None, dtype=None, shape=None, init=None, internal=False,
                 const_arg=False, device=None):
        backend = backend_for_device(device)
        if input_data is None and is_dynamic(shape, dtype):
            self._data = placeholder(shape, mstype.np_dtype(dtype) if dtype is not None else None, init)
            return
        if init is not None:
            from minispore.common.initializer import initializer
            array = initializer(init, shape, dtype if dtype is not None else mstype.float32)._data
            self._data = array if backend_of(array) is backend else backend.asarray(to_numpy(array))
            return
        np_dtype = mstype.np_dtype(dtype) if dtype is not None else None
        if isinstance(input_data, Tensor):
            array = input_data._data
            if backend_of(array) is not backend:
                array = backend.asarray(to_numpy(array))
            if np_dtype is not None and array.dtype != np_dtype:
                array = array.astype(np_dtype)
            self._data = array
            return
        if isinstance(input_data, backend.array_type):
            array = input_data.copy()
        elif _is_host_data(input_data):
            array = backend.asarray(host_array(input_data, np_dtype))
        elif input_data is None and shape is not None:
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            array = backend.xp.zeros(shape, dtype=np_dtype or mstype.float32._np)
        else:
            raise TypeError(f"For 'Tensor', the type of 'input_data' should be one of {_INPUT_TYPES}, "
                            f"but got type '{type(input_data).__name__}'.")
        if np_dtype is not None and array.dtype != np_dtype:
            array = array.astype(np_dtype)
        self._data = array

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
        """Byte steps of the C-ordered layout, as MindSpore reports them (whatever layout the data has here)."""
        step, strides = self._data.itemsize, []
        for size in reversed(self._data.shape):
            strides.append(step)
            step *= size
        return tuple(reversed(strides))

    @property
    def device(self):
        """'CPU' or 'GPU': where the data lives."""
        return backend_of(self._data).device

    def dim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    def nelement(self):
        return self._data.size

    # --- conversion ---------------------------------------------------------------------------
    # Each method that hands the values to Python first tells `_reader` (set by `on_read`): a
    # transformation that is tracing (jit) or batching (vmap) must know that Python now depends on them.
    def asnumpy(self):
        """The data as a NumPy array (sharing memory with this Tensor on the CPU), C-ordered as MindSpore's."""
        _reader(self, "array")
        data = self._data
        if type(data) is DynamicShape:
            data._no_data()
        ordered = c_ordered(data)
        if ordered is not data:
            # A view (transpose, slice, broadcast) or a feature-major product (Dense): the Tensor takes the
            # C-ordered copy as its data, so that the array it hands out is both C-ordered and its memory.
            data = self._data = ordered
        return to_numpy(data)

    numpy = asnumpy

    def __array__(self, dtype=None, copy=None):
        host = self.asnumpy()
        return host if dtype is None else host.astype(dtype)

    def move_to(self, to, blocking=True):
        """A copy of this Tensor on device `to` ('CPU' or 'GPU')."""
        backend = backend_for_device(to)
        _reader(self, "array")
        if backend_of(self._data) is backend:
            return wrap(self._data.copy())
        return wrap(backend.asarray(to_numpy(self._data)))

    def item(self, *index):
        _reader(self, ("item",) + index)
        return self._data.item(*index)

    def tolist(self):
        _reader(self, "array")
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
        _reader(self, "scalar")
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
        _reader(self, "array")
        data = self._data
        return tensor_repr(data if type(data) is DynamicShape else to_numpy(data), str(self.dtype))

    def __str__(self):
        _reader(self, "array")
        if type(self._data) is DynamicShape:
            return repr(self)
        host = to_numpy(self._data)
        if host.dtype.name == "bfloat16":
            return bfloat16_str(host)
        # A 0-d tensor prints as its scalar (123456790.0, not 1.2345679e+08), as MindSpore does.
        return scalar_str(host) if host.ndim == 0 else str(host)

    def __format__(self, spec):
        _reader(self, "array")
        if spec:
            return format(self._data.item(), spec) if self._data.size == 1 else format(str(self), spec)
        return str(self)

    def __copy__(self):
        _reader(self, "array")
        return wrap(self._data.copy())

    def __deepcopy__(self, memo):
        _reader(self, "array")
        return wrap(self._data.copy())

    def __reduce__(self):
        raise TypeError("minispore Tensors are not pickled; save them with save_checkpoint or asnumpy().")

    def init_data(self):
        return self

    @staticmethod
    def from_numpy(array):
        return from_numpy(array)


def _no_reader(tensor, how):
    pass


_reader = _no_reader


def on_read(reader):
    """Install `reader(tensor, how)`, called before a Tensor's values are read into Python.

    `how` is "scalar" (float, int, bool, index), "array" (asnumpy, tolist, printing, copies) or
    ("item", *index). The dispatch door installs one reader, which tells the thread's interpreters.
    """
    global _reader
    _reader = reader


def _is_host_data(data):
    return isinstance(data, (numbers.Number, list, tuple)) or type(data).__module__ == "numpy"


_new = object.__new__


def wrap(array):
    """A Tensor around a backend array, without copying or checks (the hot path)."""
    t = _new(Tensor)
    t._data = array
    return t


if _backend.default_backend().name == "checking":
    _seam_type = _backend.default_backend().array_type

    def wrap(array):  # noqa: F811 - the checking backend's wrap refuses arrays made outside the seam
        """A Tensor around a backend array; the checking backend refuses host arrays here."""
        if not isinstance(array, _seam_type):
            raise _backend.BackendError(f"A Tensor was made around a {type(array).__name__} that did not come "
                                        "through the backend seam (checking backend).")
        t = _new(Tensor)
        t._data = array
        return t


def tensor(input_data=None, dtype=None, shape=None, init=None, const_arg=False, device=None):
    """`mindspore.tensor`: the functional spelling of `Tensor(...)`."""
    return Tensor(input_data, dtype, shape, init, const_arg=const_arg, device=device)


def from_numpy(array):
    """A Tensor sharing memory with a NumPy array (on the CPU backend; copied to another device)."""
    backend = _backend.default_backend()
    host = host_array(array, None, contiguous=True)
    return wrap(host if backend is _backend.get_backend("numpy") else backend.asarray(host))
