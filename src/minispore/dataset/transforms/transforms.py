"""`mindspore.dataset.transforms`: type casts, one-hot labels and composition."""
import numpy as np

from minispore.common import dtype as mstype

__all__ = ["TypeCast", "OneHot", "Compose"]


class TypeCast:
    """Cast to `data_type` (a minispore dtype or a NumPy dtype)."""

    def __init__(self, data_type):
        self.data_type = mstype.np_dtype(data_type)

    def __call__(self, data):
        return np.asarray(getattr(data, "_data", data)).astype(self.data_type)


class OneHot:
    """Integer labels -> one-hot vectors of length num_classes (optionally label-smoothed)."""

    def __init__(self, num_classes, smoothing_rate=0.0):
        if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(f"OneHot: 'num_classes' must be an int >= 1, but got {num_classes!r}.")
        self.num_classes = num_classes
        self.smoothing_rate = float(smoothing_rate)

    def __call__(self, label):
        label = np.asarray(getattr(label, "_data", label))
        if label.dtype.kind not in "iu":
            raise TypeError(f"OneHot: labels must be integers, but got dtype {label.dtype}.")
        if label.size and (label.min() < 0 or label.max() >= self.num_classes):
            raise ValueError(f"OneHot: labels must be in [0, {self.num_classes}), but got "
                             f"{label.min()}..{label.max()}.")
        encoded = np.eye(self.num_classes, dtype=label.dtype)[label]
        if self.smoothing_rate:
            return (encoded * (1 - self.smoothing_rate) + self.smoothing_rate / self.num_classes).astype(np.float32)
        return encoded


class Compose:
    """Run `transforms` in order; each output feeds the next."""

    def __init__(self, transforms):
        self.transforms = list(transforms)
        if not self.transforms or not all(callable(t) for t in self.transforms):
            raise ValueError("Compose: 'transforms' must be a non-empty list of callables.")

    def __call__(self, *data):
        for transform in self.transforms:
            data = transform(*data)
            if not isinstance(data, tuple):
                data = (data,)
        return data[0] if len(data) == 1 else data
