"""`mindspore.dataset.transforms`: general transforms on NumPy arrays, and their composition.

A transform is called on arrays in eager mode or given to `map`. Random transforms draw as
MindSpore's C++ ops draw: each starts an `mt19937` from the dataset seed; an eager call starts it
afresh (so a seeded eager call repeats itself, as in MindSpore), a pipeline run keeps one going.
"""
import numbers
from enum import IntEnum

import numpy as np

from minispore.common import dtype as mstype
from minispore.dataset import config
from minispore.dataset.engine import stdrandom
from minispore.dataset.engine.columns import pad_end

__all__ = ["TensorOperation", "RandomTensorOperation", "Compose", "Concatenate", "Duplicate", "Fill", "Mask",
           "OneHot", "PadEnd", "RandomApply", "RandomChoice", "RandomOrder", "Relational", "Slice", "TypeCast",
           "Unique"]


def as_array(value):
    """A transform input as a NumPy array (a minispore Tensor gives its array)."""
    data = getattr(value, "_data", None)
    return data if isinstance(data, np.ndarray) else np.asarray(value)


class TensorOperation:
    """Base of the built-in transforms: callable on arrays, usable in `map`."""

    _builtin_transform = True  # map runs these in worker threads

    def __call__(self, *inputs):
        outputs = self._execute(*inputs)
        return outputs

    def _execute(self, *inputs):
        raise NotImplementedError(f"{type(self).__name__} must define _execute")

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object>"


class RandomTensorOperation(TensorOperation):
    """A transform that draws random numbers from its own mt19937 (see the module docstring)."""

    _engine = None

    def _random(self):
        """The generator of this call: the bound one in a pipeline, a fresh seeded one in eager mode."""
        return self._engine if self._engine is not None else stdrandom.MT19937(config.engine_seed())

    def _bind(self, seed):
        bound = object.__new__(type(self))
        bound.__dict__.update(self.__dict__)
        bound._engine = stdrandom.MT19937(seed)
        return bound


def _check_transforms(transforms, op):
    if not isinstance(transforms, (list, tuple)) or not transforms:
        raise ValueError(f"{op}: 'transforms' must be a non-empty list of transforms or callables, but got "
                         f"{transforms!r}.")
    for transform in transforms:
        if not callable(transform):
            raise TypeError(f"{op}: every transform must be callable, but got {transform!r}.")
    return list(transforms)


def _run(transforms, data):
    for transform in transforms:
        data = transform(*data)
        if not isinstance(data, tuple):
            data = (data,)
    return data


def _bind_all(transforms, seed):
    return [transform._bind(seed) if hasattr(transform, "_bind") else transform for transform in transforms]


class Compose(TensorOperation):
    """Run `transforms` in order; each output feeds the next."""

    def __init__(self, transforms):
        self.transforms = _check_transforms(transforms, "Compose")
        self._builtin_transform = all(getattr(t, "_builtin_transform", False) for t in self.transforms)

    def __call__(self, *data):
        data = _run(self.transforms, data)
        return data[0] if len(data) == 1 else data

    def _bind(self, seed):
        bound = object.__new__(Compose)
        bound.__dict__.update(self.__dict__)
        bound.transforms = _bind_all(self.transforms, seed)
        return bound


class RandomApply(RandomTensorOperation):
    """Run all of `transforms` with probability `prob`, else none."""

    def __init__(self, transforms, prob=0.5):
        self.transforms = _check_transforms(transforms, "RandomApply")
        if isinstance(prob, bool) or not isinstance(prob, numbers.Real) or not 0 <= prob <= 1:
            raise ValueError("Input prob is not within the required interval of [0.0, 1.0].")
        self.prob = float(prob)
        self._builtin_transform = all(getattr(t, "_builtin_transform", False) for t in self.transforms)

    def __call__(self, *data):
        if stdrandom.generate_canonical(self._random()) <= self.prob:
            data = _run(self.transforms, data)
        return data[0] if len(data) == 1 else data

    def _bind(self, seed):
        bound = super()._bind(seed)
        bound.transforms = _bind_all(self.transforms, seed)
        return bound


class RandomChoice(RandomTensorOperation):
    """Run one of `transforms`, chosen uniformly."""

    def __init__(self, transforms):
        self.transforms = _check_transforms(transforms, "RandomChoice")
        self._builtin_transform = all(getattr(t, "_builtin_transform", False) for t in self.transforms)

    def __call__(self, *data):
        choice = stdrandom.uniform_int(self._random(), 0, len(self.transforms) - 1)
        data = _run([self.transforms[choice]], data)
        return data[0] if len(data) == 1 else data

    def _bind(self, seed):
        bound = super()._bind(seed)
        bound.transforms = _bind_all(self.transforms, seed)
        return bound


class RandomOrder(RandomTensorOperation):
    """Run all of `transforms` in a random order."""

    def __init__(self, transforms):
        self.transforms = _check_transforms(transforms, "RandomOrder")
        self._builtin_transform = all(getattr(t, "_builtin_transform", False) for t in self.transforms)

    def __call__(self, *data):
        order = list(range(len(self.transforms)))
        stdrandom.shuffle(order, self._random())
        data = _run([self.transforms[i] for i in order], data)
        return data[0] if len(data) == 1 else data

    def _bind(self, seed):
        bound = super()._bind(seed)
        bound.transforms = _bind_all(self.transforms, seed)
        return bound


class TypeCast(TensorOperation):
    """Cast to `data_type` (a minispore dtype or a NumPy dtype)."""

    def __init__(self, data_type):
        try:
            self.data_type = mstype.np_dtype(data_type)
        except (TypeError, KeyError, ValueError):
            self.data_type = np.dtype(data_type)

    def _execute(self, data):
        array = as_array(data)
        if array.dtype.kind in "US" and self.data_type.kind not in "US":
            raise RuntimeError(f"TypeCast: cannot cast a string array to {self.data_type}.")
        return array.astype(self.data_type)


class OneHot(TensorOperation):
    """Integer labels -> one-hot rows of `num_classes` (float64 when smoothed), size-1 axes squeezed as MindSpore."""

    def __init__(self, num_classes, smoothing_rate=0.0):
        if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(f"OneHot: 'num_classes' must be an int >= 1, but got {num_classes!r}.")
        if not isinstance(smoothing_rate, numbers.Real) or not 0 <= smoothing_rate <= 1:
            raise ValueError("Input smoothing_rate is not within the required interval of [0.0, 1.0].")
        self.num_classes = num_classes
        self.smoothing_rate = float(smoothing_rate)

    def _execute(self, label):
        label = np.squeeze(as_array(label))
        if label.ndim > 1:
            raise RuntimeError(f"OneHot: Only support scalar or 1D input, got rank: {label.ndim}")
        if label.dtype.kind not in "iu":
            raise RuntimeError(f"OneHot: Only support input of int type, but got: {label.dtype}")
        flat = label.reshape(-1)
        if flat.size and flat.max() >= self.num_classes:
            raise RuntimeError(f"OneHot: index values should not bigger than num classes: {self.num_classes}, "
                               f"but got: {flat.max()}")
        if flat.size and flat.min() < 0:
            raise RuntimeError(f"OneHot: index values must be >= 0, but got: {flat.min()}")
        rows = np.arange(flat.size)
        if abs(self.smoothing_rate) > np.finfo(np.float64).eps:
            off = self.smoothing_rate / self.num_classes
            out = np.full((flat.size, self.num_classes), off, np.float64)
            out[rows, flat] = (1.0 - self.smoothing_rate) + off
        else:
            out = np.zeros((flat.size, self.num_classes), label.dtype)
            out[rows, flat] = 1
        return np.squeeze(out)


class PadEnd(TensorOperation):
    """Pad (or cut) at the end of every axis to `pad_shape`, with `pad_value` (0 or '' by default)."""

    def __init__(self, pad_shape, pad_value=None):
        if not isinstance(pad_shape, (list, tuple)) or not all(
                isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in pad_shape):
            raise TypeError(f"PadEnd: 'pad_shape' must be a list of non-negative ints, but got {pad_shape!r}.")
        if pad_value is not None and not isinstance(pad_value, (numbers.Number, str, bytes)):
            raise TypeError(f"PadEnd: 'pad_value' must be a number or a str, but got {pad_value!r}.")
        self.pad_shape = list(pad_shape)
        self.pad_value = pad_value

    def _execute(self, data):
        array = as_array(data)
        if array.dtype.kind in "US" and isinstance(self.pad_value, numbers.Number):
            raise RuntimeError("PadEnd: pad_value must be a str for a string array.")
        return pad_end(array, self.pad_shape, self.pad_value)


class Duplicate(TensorOperation):
    """The input and a copy of it (two columns)."""

    def _execute(self, data):
        array = as_array(data)
        return array, array.copy()


class Concatenate(TensorOperation):
    """Join 1-D inputs (with `prepend` before and `append` after) along `axis` 0."""

    def __init__(self, axis=0, prepend=None, append=None):
        if axis not in (0, -1):
            raise ValueError(f"Concatenate: only axis 0 or -1 is supported, but got {axis}.")
        self.axis = axis
        self.prepend = None if prepend is None else np.asarray(prepend)
        self.append = None if append is None else np.asarray(append)

    def _execute(self, *data):
        parts = ([] if self.prepend is None else [self.prepend]) + [as_array(d) for d in data] + \
                ([] if self.append is None else [self.append])
        for part in parts:
            if part.ndim != 1:
                raise RuntimeError(f"Concatenate: Only 1D input supported, but got shape {list(part.shape)}.")
        kinds = {part.dtype.kind in "US" for part in parts}
        if len(kinds) != 1:
            raise RuntimeError("Concatenate: input and prepend/append must be all strings or all numbers.")
        if not kinds.pop():
            dtypes = {part.dtype for part in parts}
            if len(dtypes) != 1:
                raise RuntimeError(f"Concatenate: input and prepend/append must have the same type, but got "
                                   f"{sorted(str(d) for d in dtypes)}.")
        return np.concatenate(parts)


class Fill(TensorOperation):
    """An array of the input's shape and dtype, every element `fill_value`."""

    def __init__(self, fill_value):
        if not isinstance(fill_value, (numbers.Number, str, bytes, np.generic)):
            raise TypeError(f"Fill: 'fill_value' must be a number or a str, but got {fill_value!r}.")
        self.fill_value = fill_value

    def _execute(self, data):
        array = as_array(data)
        if (array.dtype.kind in "US") != isinstance(self.fill_value, (str, bytes)):
            raise RuntimeError("Fill: fill_value and the input must be both strings or both numbers.")
        if array.dtype.kind in "US":
            return np.full(array.shape, self.fill_value)
        return np.full(array.shape, self.fill_value).astype(array.dtype)


class Relational(IntEnum):
    """Comparison of Mask."""
    EQ = 0
    NE = 1
    GT = 2
    GE = 3
    LT = 4
    LE = 5


_COMPARE = {Relational.EQ: np.equal, Relational.NE: np.not_equal, Relational.GT: np.greater,
            Relational.GE: np.greater_equal, Relational.LT: np.less, Relational.LE: np.less_equal}


class Mask(TensorOperation):
    """`input <operator> constant`, element-wise, as `dtype` (bool by default)."""

    def __init__(self, operator, constant, dtype=mstype.bool_):
        if not isinstance(operator, Relational):
            raise TypeError(f"Mask: 'operator' must be a Relational, but got {operator!r}.")
        self.operator = operator
        self.constant = constant
        self.dtype = mstype.np_dtype(dtype)

    def _execute(self, data):
        array = as_array(data)
        if (array.dtype.kind in "US") != isinstance(self.constant, str):
            raise RuntimeError("Mask: constant and the input must be both strings or both numbers.")
        constant = self.constant if array.dtype.kind in "US" else np.asarray(self.constant).astype(array.dtype)
        return _COMPARE[self.operator](array, constant).astype(self.dtype)


class Slice(TensorOperation):
    """Index the input with `slices` (ints, lists of ints, slice objects, None or Ellipsis), one per axis."""

    def __init__(self, *slices):
        self.slices = slices

    def _execute(self, data):
        array = as_array(data)
        index = []
        for item in self.slices:
            if item is None:
                index.append(slice(None))
            elif isinstance(item, int) and not isinstance(item, bool):
                index.append([item])
            else:
                index.append(item)
        for axis, item in enumerate(index):
            if isinstance(item, list):
                array = np.take(array, item, axis=axis)
            elif item is Ellipsis:
                break
            else:
                array = array[(slice(None),) * axis + (item,)]
        return array


class Unique(TensorOperation):
    """Of the flattened input (at least 2-D, as MindSpore requires): unique values in order of first
    appearance, the index of each element among them, and the count of each (int32)."""

    def _execute(self, data):
        array = as_array(data)
        if array.dtype.kind not in "iuf":
            raise RuntimeError("Unique: only support numeric datatype of input, got string.")
        if array.ndim < 2:
            raise RuntimeError(f"Unique: input must be at least 2-D in order to do unique op, got rank:{array.ndim}")
        array = array.reshape(-1)
        values, first, inverse, counts = np.unique(array, return_index=True, return_inverse=True,
                                                   return_counts=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        return values[order], rank[inverse.reshape(-1)].astype(np.int32), counts[order].astype(np.int32)
