"""`mindspore.dataset.vision` transforms on NumPy images (HWC unless said otherwise; no PIL needed)."""
import numbers

import numpy as np

from minispore.dataset import config
from minispore.dataset.vision.utils import Border, Inter

__all__ = ["Rescale", "Normalize", "HWC2CHW", "Resize", "RandomCrop", "RandomHorizontalFlip", "ToTensor"]


def _image(img, op, min_ndim=2):
    array = getattr(img, "_data", img)
    array = np.asarray(array)
    if array.ndim < min_ndim or array.ndim > 3:
        raise ValueError(f"{op}: expected an image of shape (H, W) or (H, W, C), but got shape {array.shape}.")
    return array


def _pair(size, op):
    if isinstance(size, numbers.Integral):
        return int(size), int(size)
    if len(size) == 2 and all(isinstance(s, numbers.Integral) and s > 0 for s in size):
        return int(size[0]), int(size[1])
    raise ValueError(f"{op}: 'size' must be an int or a (height, width) pair of positive ints, but got {size!r}.")


class Rescale:
    """img * rescale + shift, as float32."""

    def __init__(self, rescale, shift):
        self.rescale, self.shift = float(rescale), float(shift)

    def __call__(self, img):
        return (_image(img, "Rescale", 0).astype(np.float32) * np.float32(self.rescale)
                + np.float32(self.shift))


class Normalize:
    """(img - mean) / std per channel, as float32; channels last (is_hwc) or first."""

    def __init__(self, mean, std, is_hwc=True):
        self.mean = np.asarray(mean, np.float32).reshape(-1)
        self.std = np.asarray(std, np.float32).reshape(-1)
        if self.mean.shape != self.std.shape or np.any(self.std <= 0):
            raise ValueError(f"Normalize: 'mean' {list(mean)} and 'std' {list(std)} need the same length "
                             "and std > 0.")
        self.is_hwc = is_hwc

    def __call__(self, img):
        array = _image(img, "Normalize").astype(np.float32)
        channels = 1 if array.ndim == 2 else array.shape[-1 if self.is_hwc else 0]
        if self.mean.size not in (1, channels):
            raise ValueError(f"Normalize: mean/std have {self.mean.size} values but the image of shape "
                             f"{array.shape} has {channels} channel(s).")
        shape = (-1,) if self.is_hwc or array.ndim == 2 else (-1, 1, 1)
        return (array - self.mean.reshape(shape)) / self.std.reshape(shape)


class HWC2CHW:
    """(H, W, C) -> (C, H, W); a 2-D image becomes (1, H, W)."""

    def __call__(self, img):
        array = _image(img, "HWC2CHW")
        if array.ndim == 2:
            return array[None]
        return np.ascontiguousarray(array.transpose(2, 0, 1))


def _resize_nearest(array, height, width):
    rows = np.minimum((np.arange(height) * array.shape[0] / height).astype(np.int64), array.shape[0] - 1)
    cols = np.minimum((np.arange(width) * array.shape[1] / width).astype(np.int64), array.shape[1] - 1)
    return array[rows][:, cols]


def _source_positions(out_size, in_size):
    """Half-pixel-centre sampling: the two neighbours and the weight of the second."""
    position = np.clip((np.arange(out_size) + 0.5) * (in_size / out_size) - 0.5, 0, in_size - 1)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, in_size - 1)
    return low, high, (position - low).astype(np.float32)


def _resize_bilinear(array, height, width):
    top, bottom, wy = _source_positions(height, array.shape[0])
    left, right, wx = _source_positions(width, array.shape[1])
    data = array.astype(np.float32)
    wy = wy.reshape((-1, 1) + (1,) * (array.ndim - 2))
    wx = wx.reshape((1, -1) + (1,) * (array.ndim - 2))
    upper = data[top][:, left] * (1 - wx) + data[top][:, right] * wx
    lower = data[bottom][:, left] * (1 - wx) + data[bottom][:, right] * wx
    result = upper * (1 - wy) + lower * wy
    if np.issubdtype(array.dtype, np.integer):
        info = np.iinfo(array.dtype)
        # Halves round down, matching MindSpore's fixed-point kernel on exact ties.
        return np.clip(np.ceil(result - 0.5), info.min, info.max).astype(array.dtype)
    return result.astype(array.dtype)


class Resize:
    """Resize to (height, width), or the shorter side to `size` keeping the aspect ratio."""

    def __init__(self, size, interpolation=Inter.LINEAR):
        if isinstance(size, numbers.Integral):
            self.size = int(size)
        else:
            self.size = _pair(size, "Resize")
        self.interpolation = Inter(interpolation)
        if self.interpolation not in (Inter.NEAREST, Inter.LINEAR):
            raise ValueError(f"Resize: minispore implements Inter.NEAREST and Inter.LINEAR (BILINEAR), "
                             f"not {self.interpolation.name}.")

    def __call__(self, img):
        array = _image(img, "Resize")
        height, width = array.shape[:2]
        if isinstance(self.size, int):
            short = min(height, width)
            new_h, new_w = (self.size, int(width * self.size / short)) if height == short else \
                (int(height * self.size / short), self.size)
        else:
            new_h, new_w = self.size
        if self.interpolation == Inter.NEAREST:
            return _resize_nearest(array, new_h, new_w)
        return _resize_bilinear(array, new_h, new_w)


class RandomCrop:
    """A random (height, width) window, after optional padding."""

    def __init__(self, size, padding=None, pad_if_needed=False, fill_value=0, padding_mode=Border.CONSTANT):
        self.size = _pair(size, "RandomCrop")
        if padding is None:
            padding = 0
        padding = (padding,) * 4 if isinstance(padding, numbers.Integral) else tuple(padding)
        if len(padding) == 2:
            padding = padding * 2
        self.padding = padding  # left, top, right, bottom
        self.pad_if_needed = pad_if_needed
        self.fill_value = fill_value
        self.padding_mode = Border(padding_mode)

    def _pad(self, array, left, top, right, bottom):
        widths = [(top, bottom), (left, right)] + [(0, 0)] * (array.ndim - 2)
        if self.padding_mode == Border.CONSTANT:
            fill = self.fill_value
            if isinstance(fill, tuple) and array.ndim == 3:
                padded = np.stack([np.pad(array[..., c], widths[:2], constant_values=fill[c])
                                   for c in range(array.shape[2])], axis=-1)
                return padded
            return np.pad(array, widths, constant_values=fill)
        mode = {Border.EDGE: "edge", Border.REFLECT: "reflect", Border.SYMMETRIC: "symmetric"}
        return np.pad(array, widths, mode=mode[self.padding_mode])

    def __call__(self, img):
        array = _image(img, "RandomCrop")
        if any(self.padding):
            array = self._pad(array, *self.padding)
        height, width = self.size
        if self.pad_if_needed and (array.shape[0] < height or array.shape[1] < width):
            extra_h, extra_w = max(0, height - array.shape[0]), max(0, width - array.shape[1])
            array = self._pad(array, extra_w, extra_h, extra_w, extra_h)
        if array.shape[0] < height or array.shape[1] < width:
            raise ValueError(f"RandomCrop: crop size {self.size} is larger than the (padded) image "
                             f"{array.shape[:2]}; pass padding or pad_if_needed=True.")
        random = config.random_generator()
        top = int(random.integers(array.shape[0] - height + 1))
        left = int(random.integers(array.shape[1] - width + 1))
        return array[top:top + height, left:left + width].copy()


class RandomHorizontalFlip:
    """Mirror left-right with probability `prob`."""

    def __init__(self, prob=0.5):
        if not 0 <= prob <= 1:
            raise ValueError(f"RandomHorizontalFlip: 'prob' must be in [0, 1], but got {prob}.")
        self.prob = prob

    def __call__(self, img):
        array = _image(img, "RandomHorizontalFlip")
        if config.random_generator().random() < self.prob:
            return array[:, ::-1].copy()
        return array


class ToTensor:
    """HWC image in [0, 255] -> CHW in [0, 1] with dtype output_type (float32)."""

    def __init__(self, output_type=np.float32):
        from minispore.common import dtype as mstype
        self.output_type = mstype.np_dtype(output_type)

    def __call__(self, img):
        array = _image(img, "ToTensor")
        if array.ndim == 2:
            array = array[..., None]
        return (array.transpose(2, 0, 1) / 255.0).astype(self.output_type)
