"""The base of the vision transforms and their argument checks.

An image transform takes an HWC (or HW) NumPy array — running MindSpore's C++ algorithm — or a PIL
image, for which it runs MindSpore's Python (Pillow) algorithm when MindSpore has one.
"""
import numbers

import numpy as np

from minispore.dataset.transforms.transforms import RandomTensorOperation, TensorOperation
from minispore.dataset.vision.codec import is_pil
from minispore.dataset.vision.utils import Border, Inter

__all__ = ["ImageOperation", "RandomImageOperation", "as_image", "check_size", "check_padding", "check_fill",
           "check_inter", "check_border", "check_range", "check_prob", "check_positive_float"]


def as_image(image, op, min_rank=2, max_rank=3):
    """The image as a NumPy array of rank min_rank..max_rank, or a clear error naming the op."""
    if is_pil(image):
        image = np.asarray(image)
    array = getattr(image, "_data", image)
    if not isinstance(array, np.ndarray):
        raise TypeError(f"{op}: input should be NumPy or PIL image, got {type(image)}.")
    if not min_rank <= array.ndim <= max_rank:
        raise RuntimeError(f"{op}: the input should be an image of shape <H, W> or <H, W, C>, but got shape "
                           f"{list(array.shape)}.")
    return array


class ImageOperation(TensorOperation):
    """A vision transform: `_array(image)` for NumPy input, `_pil(image)` for PIL input when it has one."""

    _pil = None

    def __call__(self, *images):
        if len(images) == 1 and is_pil(images[0]) and self._pil is not None:
            return self._pil(images[0])
        for image in images:
            if not isinstance(getattr(image, "_data", image), np.ndarray) and not is_pil(image):
                raise TypeError(f"Input should be NumPy or PIL image, got {type(image)}.")
        results = [self._array(as_image(image, type(self).__name__, *self._ranks)) for image in images]
        return results[0] if len(results) == 1 else tuple(results)

    _ranks = (2, 3)

    def _array(self, image):
        raise NotImplementedError(f"{type(self).__name__} must define _array")


class RandomImageOperation(RandomTensorOperation, ImageOperation):
    """A random vision transform: one draw per call, shared by all the images of the call."""

    def __call__(self, *images):
        if len(images) == 1 and is_pil(images[0]) and self._pil is not None:
            return self._pil(images[0])
        arrays = [as_image(image, type(self).__name__, *self._ranks) for image in images]
        shapes = {array.shape[:2] for array in arrays}
        if len(shapes) > 1:
            raise RuntimeError(f"{type(self).__name__}: input images in different columns of each row must have "
                               f"the same size, but got {sorted(shapes)}.")
        results = self._arrays(arrays, self._random())
        return results[0] if len(results) == 1 else tuple(results)

    def _arrays(self, arrays, engine):
        raise NotImplementedError(f"{type(self).__name__} must define _arrays")


def _positive_int(value, name, op):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{op}: Argument {name} with value {value!r} is not of type [<class 'int'>], but got "
                        f"{type(value)}.")
    if not 1 <= value <= 16777216:
        raise ValueError(f"{op}: Input {name} is not within the required interval of [1, 16777216].")
    return int(value)


def check_size(size, op, allow_int=True):
    """An int (kept as int) or a (height, width) pair of positive ints (a tuple)."""
    if isinstance(size, numbers.Integral) and not isinstance(size, bool) and allow_int:
        return _positive_int(size, "size", op)
    if isinstance(size, (list, tuple)) and len(size) == 2:
        return tuple(_positive_int(value, "size", op) for value in size)
    raise TypeError(f"{op}: Size should be a single integer or a list/tuple (h, w) of length 2, but got {size!r}.")


def check_padding(padding, op):
    """padding as (left, top, right, bottom): an int, (left/right, top/bottom) or four values."""
    if isinstance(padding, numbers.Integral) and not isinstance(padding, bool):
        values = (padding,) * 4
    elif isinstance(padding, (list, tuple)) and len(padding) in (2, 4):
        values = tuple(padding) * 2 if len(padding) == 2 else tuple(padding)
    else:
        raise TypeError(f"{op}: padding should be an int or a list/tuple of 2 or 4 ints, but got {padding!r}.")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value <= 2147483647:
            raise ValueError(f"{op}: Input padding is not within the required interval of [0, 2147483647].")
    return tuple(int(v) for v in values)


def check_fill(fill_value, op):
    """fill_value as an int in [0, 255] or a 3-tuple of them."""
    values = (fill_value,) if isinstance(fill_value, numbers.Integral) else fill_value
    if not isinstance(values, (list, tuple)) or len(values) not in (1, 3):
        raise TypeError(f"{op}: fill_value should be a single integer or a 3-tuple, but got {fill_value!r}.")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value <= 255:
            raise ValueError(f"{op}: Input fill_value is not within the required interval of [0, 255].")
    return int(fill_value) if isinstance(fill_value, numbers.Integral) else tuple(int(v) for v in values)


def check_inter(interpolation, op):
    """An Inter member."""
    if not isinstance(interpolation, Inter):
        raise TypeError(f"{op}: Argument interpolation with value {interpolation!r} is not of type "
                        f"[<enum 'Inter'>], but got {type(interpolation)}.")
    return interpolation


def check_border(padding_mode, op):
    """A Border member."""
    if not isinstance(padding_mode, Border):
        raise TypeError(f"{op}: Argument padding_mode with value {padding_mode!r} is not of type "
                        f"[<enum 'Border'>], but got {type(padding_mode)}.")
    return padding_mode


def check_range(values, name, op, low=0.0, high=float("inf"), center=None):
    """(min, max) within [low, high]; a single number v stands for (center - v, center + v) clipped at low."""
    if isinstance(values, numbers.Real) and not isinstance(values, bool) and center is not None:
        if values < 0:
            raise ValueError(f"{op}: The input value of {name} cannot be negative.")
        values = (max(low, center - values), center + values)
    if not isinstance(values, (list, tuple)) or len(values) != 2 or not all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
        raise TypeError(f"{op}: {name} should be a single number or a list/tuple of length 2, but got {values!r}.")
    if not low <= values[0] <= values[1] <= high:
        raise ValueError(f"{op}: Please check your value range of {name} is valid and within the bound "
                         f"({low}, {high}), but got {tuple(values)}.")
    return float(values[0]), float(values[1])


def check_prob(prob, op):
    """A probability in [0, 1]."""
    if isinstance(prob, bool) or not isinstance(prob, numbers.Real):
        raise TypeError(f"{op}: Argument prob with value {prob!r} is not of type [<class 'float'>, <class 'int'>].")
    if not 0 <= prob <= 1:
        raise ValueError(f"{op}: Input prob is not within the required interval of [0.0, 1.0].")
    return float(prob)


def check_positive_float(value, name, op):
    """A non-negative real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{op}: Argument {name} with value {value!r} is not a number.")
    if value < 0:
        raise ValueError(f"{op}: Input {name} is not within the required interval of [0, 16777216].")
    return float(value)
