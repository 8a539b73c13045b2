"""`Parameter` (a named, trainable Tensor) and `ParameterTuple`."""
import itertools

from minispore.common import _validate
from minispore.common.tensor import Tensor, wrap
from minispore.common._version import replace_data

__all__ = ["Parameter", "ParameterTuple"]

# MindSpore numbers unnamed Parameters from a global counter; a fresh process starts at 2.
_unnamed = itertools.count(2)
DEFAULT_NAME_PREFIX = "Parameter#"


def _initial_array(default_input, device):
    if isinstance(default_input, Tensor):
        return default_input._data
    if isinstance(default_input, bool):
        raise ValueError("Parameter data can not be `bool`.")
    if isinstance(default_input, int):
        return Tensor(default_input, dtype="int32", device=device)._data
    if isinstance(default_input, float):
        return Tensor(default_input, dtype="float32", device=device)._data
    if isinstance(default_input, (list, tuple)) or type(default_input).__module__ == "numpy":
        return Tensor(default_input, device=device)._data
    raise TypeError("Parameter: 'default_input' must be a Tensor, a NumPy array, a number or a list, "
                    f"but got {type(default_input).__name__}.")


class Parameter(Tensor):
    """A Tensor that a Cell owns and an optimizer updates, with a `name` and `requires_grad`."""

    __slots__ = ("_name", "requires_grad", "layerwise_parallel", "parallel_optimizer", "__dict__")

    def __init__(self, default_input, name=None, requires_grad=True, layerwise_parallel=False,
                 parallel_optimizer=True, storage_format="", device=None):
        self._data = _initial_array(default_input, device)
        self.name = name
        self.requires_grad = _validate.flag("Parameter", "requires_grad", requires_grad)
        self.layerwise_parallel = layerwise_parallel
        self.parallel_optimizer = parallel_optimizer

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        if value is None:
            value = f"{DEFAULT_NAME_PREFIX}{next(_unnamed)}"
        elif not isinstance(value, str):
            raise ValueError("The type of the Parameter's name should be 'string' or 'None', "
                             f"but got {type(value)}.")
        self._name = value

    @property
    def data(self):
        return self

    @property
    def has_init(self):
        return False

    @property
    def is_init(self):
        return False

    def __repr__(self):
        return (f"Parameter (name={self._name}, shape={self.shape}, dtype={self.dtype}, "
                f"requires_grad={self.requires_grad})")

    __str__ = __repr__

    def __format__(self, spec):
        return format(repr(self), spec)

    def __reduce__(self):
        raise TypeError("minispore Parameters are not pickled; save them with save_checkpoint.")

    def __deepcopy__(self, memo):
        return self.clone()

    def value(self):
        """The data as a plain Tensor."""
        return wrap(self._data)

    def init_data(self, layout=None, set_sliced=False):
        return self

    def set_data(self, data, slice_shape=False):
        """Replace the data (cast to this Parameter's dtype); returns self."""
        if isinstance(data, Tensor):
            array = data._data
        elif isinstance(data, (int, float)) and not isinstance(data, bool):
            array = Tensor(data)._data
        else:
            raise TypeError("Parameter data must be [`Tensor`, `int`, `float`] or a kind of `Tensor` "
                            f"(like `Tensor`). But with type {type(data)}.")
        if array.dtype != self._data.dtype:
            array = array.astype(self._data.dtype)
        replace_data(self, array)
        return self

    def clone(self, init="same"):
        """A new Parameter with the same name and copied (or re-initialised) data."""
        if init == "same":
            data = self._data.copy()
        else:
            from minispore.common.initializer import initializer
            data = initializer(init, self.shape, self.dtype)._data
        clone = Parameter(Tensor(data), name=self._name, requires_grad=self.requires_grad)
        return clone

    def copy(self):
        return self.clone()


class ParameterTuple(tuple):
    """A tuple of Parameters with unique names."""

    def __new__(cls, iterable):
        params = tuple(iterable)
        names = set()
        for p in params:
            if not isinstance(p, Parameter):
                raise TypeError("For ParameterTuple initialization, ParameterTuple input should be "
                                f"'Parameter' collection, but got a {type(p)}.")
            if p.name in names:
                raise ValueError(f"The value {p!r} , its name '{p.name}' already exists. "
                                 "Please set a unique name for the parameter.")
            names.add(p.name)
        return super().__new__(cls, params)

    def clone(self, prefix, init="same"):
        """Parameters named `prefix.<name>`, copied or initialised by `init` (optimizer state)."""
        clones = []
        for p in self:
            c = p.clone(init)
            c.name = f"{prefix}.{p.name}"
            clones.append(c)
        return ParameterTuple(clones)
