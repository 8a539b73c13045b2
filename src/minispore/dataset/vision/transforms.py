"""`mindspore.dataset.vision` transforms: decoding, geometry, colour, normalisation, layout.

NumPy images are HWC (or HW); results equal MindSpore 2.10's C++ ops (OpenCV algorithms
reproduced in resize_kernels/cv_kernels). PIL images go through MindSpore's Pillow algorithms.
The random transforms are in random_transforms and re-exported here.
"""
import numbers

import numpy as np

from minispore.common import dtype as mstype
from minispore.dataset.transforms.transforms import TensorOperation, TypeCast
from minispore.dataset.vision import cv_kernels, pil_ops
from minispore.dataset.vision.codec import decode, is_pil, open_image, pillow
from minispore.dataset.vision.image_op import (ImageOperation, as_image, check_border, check_fill, check_inter,
                                               check_padding, check_positive_float, check_size)
from minispore.dataset.vision.resize_kernels import resize
from minispore.dataset.vision.utils import Border, Inter

__all__ = ["Decode", "Resize", "CenterCrop", "Crop", "Pad", "Normalize", "Rescale", "HWC2CHW", "ToTensor", "ToPIL",
           "ToType", "ToNumpy", "HorizontalFlip", "VerticalFlip", "Rotate", "ResizedCrop", "AdjustBrightness",
           "AdjustContrast", "AdjustSaturation", "AdjustHue", "Grayscale", "shorter_side_size"]


def shorter_side_size(height, width, size):
    """MindSpore's output size when `size` is one int: the shorter side becomes `size` (float32 arithmetic)."""
    if height < width:
        return size, int(np.floor(np.float32(width) / np.float32(height) * np.float32(size)))
    return int(np.floor(np.float32(height) / np.float32(width) * np.float32(size))), size


def crop(image, top, left, height, width, op="Crop"):
    """The (height, width) window at (top, left), which must lie inside the image."""
    if top < 0 or left < 0 or top + height > image.shape[0] or left + width > image.shape[1]:
        raise RuntimeError(f"{op}: Crop height dimension: {top + height} exceeds image height: {image.shape[0]}, "
                           f"or crop width dimension: {left + width} exceeds image width: {image.shape[1]}.")
    return image[top:top + height, left:left + width].copy()


class Decode(TensorOperation):
    """Encoded image bytes -> RGB HWC uint8 array (or a PIL image with to_pil=True)."""

    def __init__(self, to_pil=False):
        if not isinstance(to_pil, bool):
            raise TypeError(f"Decode: Argument to_pil with value {to_pil!r} is not of type [<class 'bool'>].")
        self.to_pil = to_pil

    def __call__(self, image):
        if is_pil(image):
            raise TypeError("Decode: the input is a PIL image, which is decoded already.")
        if self.to_pil:
            return open_image(image).convert("RGB")
        return decode(image)


class Resize(ImageOperation):
    """Resize to (height, width), or the shorter side to `size` keeping the aspect ratio."""

    def __init__(self, size, interpolation=Inter.LINEAR):
        self.size = check_size(size, "Resize")
        self.interpolation = check_inter(interpolation, "Resize")

    def _array(self, image):
        if self.interpolation == Inter.ANTIALIAS:
            raise TypeError("The current InterpolationMode is not supported with NumPy input.")
        height, width = image.shape[:2]
        size = shorter_side_size(height, width, self.size) if isinstance(self.size, int) else self.size
        if size == (height, width):
            return image
        return resize(image, size[0], size[1], self.interpolation)

    def _pil(self, image):
        if self.interpolation in (Inter.AREA, Inter.PILCUBIC):
            raise TypeError("Current Interpolation is not supported with PIL input.")
        return pil_ops.resize(image, self.size, Inter.to_python_type(self.interpolation))


class ResizedCrop(ImageOperation):
    """Crop (height, width) at (top, left), then resize to `size`."""

    def __init__(self, top, left, height, width, size, interpolation=Inter.BILINEAR):
        for name, value, low in (("top", top, 0), ("left", left, 0), ("height", height, 1), ("width", width, 1)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
                raise ValueError(f"ResizedCrop: Input {name} must be an int >= {low}, but got {value!r}.")
        self.top, self.left, self.height, self.width = top, left, height, width
        self.size = check_size(size, "ResizedCrop")
        self.interpolation = check_inter(interpolation, "ResizedCrop")

    def _array(self, image):
        cropped = crop(image, self.top, self.left, self.height, self.width, "ResizedCrop")
        size = shorter_side_size(self.height, self.width, self.size) if isinstance(self.size, int) else self.size
        return resize(cropped, size[0], size[1], self.interpolation)


class CenterCrop(ImageOperation):
    """The centred (height, width) window; a smaller image is first padded with zeros around."""

    def __init__(self, size):
        size = check_size(size, "CenterCrop")
        self.size = (size, size) if isinstance(size, int) else size

    def _array(self, image):
        height, width = self.size
        top, left = height - image.shape[0], width - image.shape[1]
        if top >= image.shape[0] * 3 or left >= image.shape[1] * 3:
            raise RuntimeError(f"CenterCrop: Padding size cannot be more than 3 times of the original image size, "
                               f"got top padding: {top}, left padding: {left}, while the original image size: "
                               f"{image.shape[0]}, {image.shape[1]}")
        if top > 0 or left > 0:
            top_pad, left_pad = max(top, 0), max(left, 0)
            image = cv_kernels.pad(image, (left_pad + 1) // 2, (top_pad + 1) // 2, left_pad // 2, top_pad // 2,
                                   "constant", 0)
        return crop(image, (image.shape[0] - height) // 2, (image.shape[1] - width) // 2, height, width,
                    "CenterCrop")

    def _pil(self, image):
        return pil_ops.center_crop(image, self.size)


class Crop(ImageOperation):
    """The (height, width) window whose top-left corner is `coordinates` = (top, left)."""

    def __init__(self, coordinates, size):
        if not isinstance(coordinates, (list, tuple)) or len(coordinates) != 2 or not all(
                isinstance(c, numbers.Integral) and not isinstance(c, bool) and c >= 0 for c in coordinates):
            raise TypeError(f"Crop: coordinates should be a (top, left) pair of non-negative ints, but got "
                            f"{coordinates!r}.")
        self.coordinates = tuple(coordinates)
        size = check_size(size, "Crop")
        self.size = (size, size) if isinstance(size, int) else size

    def _array(self, image):
        return crop(image, *self.coordinates, *self.size)


class Pad(ImageOperation):
    """Pad the borders: `padding` (left, top, right, bottom) with a constant or by edge/reflect/symmetric."""

    def __init__(self, padding, fill_value=0, padding_mode=Border.CONSTANT):
        self.padding = check_padding(padding, "Pad")
        self.fill_value = check_fill(fill_value, "Pad")
        self.padding_mode = check_border(padding_mode, "Pad")

    def _array(self, image):
        return cv_kernels.pad(image, *self.padding, self.padding_mode.value, self.fill_value)

    def _pil(self, image):
        return pil_ops.pad(image, *self.padding, self.fill_value, self.padding_mode.value)


class Normalize(ImageOperation):
    """(image - mean) / std per channel, as float32; channels last (is_hwc) or first."""

    def __init__(self, mean, std, is_hwc=True):
        for name, values in (("mean", mean), ("std", std)):
            if not isinstance(values, (list, tuple)) or not values or not all(
                    isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
                raise TypeError(f"Normalize: {name} should be a list or tuple of numbers, but got {values!r}.")
        if len(mean) != len(std):
            raise ValueError("Normalize: Length of mean and std must be equal.")
        if any(not 0 <= m <= 255 for m in mean):
            raise ValueError("Normalize: Input mean_value is not within the required interval of [0, 255].")
        if any(not 0 < s <= 255 for s in std):
            raise ValueError("Normalize: Input std_value is not within the required interval of (0, 255].")
        if not isinstance(is_hwc, bool):
            raise TypeError(f"Normalize: Argument is_hwc with value {is_hwc!r} is not of type [<class 'bool'>].")
        self.mean = np.asarray(mean, np.float32)
        self.std = np.asarray(std, np.float32)
        self.is_hwc = is_hwc
        self._table = None

    def _array(self, image):
        channels = 1 if image.ndim == 2 else image.shape[-1 if self.is_hwc else 0]
        if self.mean.size not in (1, channels):
            raise RuntimeError(f"Normalize: number of channels does not match the size of mean and std vectors, "
                               f"got channels: {channels}, size of mean: {self.mean.size}")
        if image.dtype == np.uint8 and image.ndim == 3 and self.is_hwc and channels == self.mean.size:
            return self._looked_up(image)
        shape = (-1,) if self.is_hwc or image.ndim == 2 else (-1, 1, 1)
        out = np.subtract(image, self.mean.reshape(shape), dtype=np.float32)
        return np.divide(out, self.std.reshape(shape), out=out)

    def _looked_up(self, image):
        """A decoded image (uint8, HWC) normalised through a table of the 256 results per channel: the
        same float32 arithmetic, done once per value instead of once per pixel (about twice as fast)."""
        if self._table is None:
            values = np.arange(256, dtype=np.float32)[:, None]
            self._table = np.ascontiguousarray(((values - self.mean) / self.std).T)  # (channels, 256)
        out = np.empty(image.shape, np.float32)
        for channel, table in enumerate(self._table):
            np.take(table, image[..., channel], out=out[..., channel])
        return out


class Rescale(ImageOperation):
    """image * rescale + shift, as float32."""

    _ranks = (0, 8)

    def __init__(self, rescale, shift):
        for name, value in (("rescale", rescale), ("shift", shift)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"Rescale: Argument {name} with value {value!r} is not of type [<class 'float'>, "
                                f"<class 'int'>].")
        self.rescale, self.shift = float(rescale), float(shift)

    def _array(self, image):
        return image.astype(np.float32) * np.float32(self.rescale) + np.float32(self.shift)


class HWC2CHW(ImageOperation):
    """(H, W, C) -> (C, H, W); an (H, W) image is returned as it is (MindSpore's behaviour)."""

    def _array(self, image):
        if image.ndim == 2:
            return image.copy()
        return np.ascontiguousarray(image.transpose(2, 0, 1))


class ToTensor(ImageOperation):
    """HWC image in [0, 255] -> CHW in [0, 1] with dtype output_type (float32)."""

    def __init__(self, output_type=np.float32):
        self.output_type = _np_type(output_type, "ToTensor")

    def _array(self, image):
        if image.ndim == 2:
            image = image[..., None]
        if image.dtype == np.float16:
            image = image.astype(np.float32)
        out = (image.astype(np.float32) * np.float32(1.0 / 255.0)).transpose(2, 0, 1)
        return np.ascontiguousarray(out.astype(self.output_type))

    def _pil(self, image):
        return pil_ops.to_tensor(image, self.output_type)


def _np_type(data_type, op):
    try:
        return mstype.np_dtype(data_type)
    except (TypeError, KeyError, ValueError):
        try:
            return np.dtype(data_type)
        except TypeError:
            raise TypeError(f"{op}: output_type must be a NumPy or MindSpore dtype, but got {data_type!r}.") from None


class ToType(TypeCast):
    """Cast to `data_type` (as TypeCast)."""


class ToPIL(TensorOperation):
    """A NumPy HWC (or HW) uint8 image -> PIL image."""

    def __call__(self, image):
        if is_pil(image):
            return image
        array = as_image(image, "ToPIL")
        if array.ndim == 3 and array.shape[2] == 1:
            array = array[..., 0]
        return pillow().fromarray(np.ascontiguousarray(array))


class ToNumpy(TensorOperation):
    """A PIL image -> NumPy array (arrays pass through)."""

    def __call__(self, image):
        return np.asarray(image)


class HorizontalFlip(ImageOperation):
    """Mirror left-right."""

    def _array(self, image):
        return image[:, ::-1].copy()

    def _pil(self, image):
        return image.transpose(pillow().Transpose.FLIP_LEFT_RIGHT)


class VerticalFlip(ImageOperation):
    """Mirror top-bottom."""

    def _array(self, image):
        return image[::-1].copy()

    def _pil(self, image):
        return image.transpose(pillow().Transpose.FLIP_TOP_BOTTOM)


def check_rotation(resample, expand, center, fill_value, op):
    """Arguments shared by Rotate and RandomRotation."""
    check_inter(resample, op)
    if resample not in (Inter.NEAREST, Inter.BILINEAR, Inter.BICUBIC):
        raise ValueError(f"{op}: resample must be Inter.NEAREST, Inter.BILINEAR or Inter.BICUBIC.")
    if not isinstance(expand, bool):
        raise TypeError(f"{op}: Argument expand with value {expand!r} is not of type [<class 'bool'>].")
    if center is not None and (not isinstance(center, (list, tuple)) or len(center) != 2):
        raise ValueError(f"{op}: center must be a (x, y) pair, but got {center!r}.")
    fill = check_fill(fill_value, op)
    return tuple(center) if center is not None else None, (fill,) * 3 if isinstance(fill, int) else fill


def rotate_array(image, degree, resample, expand, center, fill):
    """MindSpore's Rotate on an array (NEAREST and BILINEAR exact; BICUBIC as BILINEAR)."""
    if image.dtype != np.uint8:
        raise RuntimeError(f"{'Rotate'}: only uint8 images are supported, but got {image.dtype}.")
    return cv_kernels.rotate(image, degree, center, resample == Inter.NEAREST, expand, fill)


class Rotate(ImageOperation):
    """Rotate counter-clockwise by `degrees` about `center` (the image centre by default)."""

    def __init__(self, degrees, resample=Inter.NEAREST, expand=False, center=None, fill_value=0):
        if isinstance(degrees, bool) or not isinstance(degrees, numbers.Real):
            raise TypeError(f"Rotate: degrees must be a number, but got {degrees!r}.")
        self.degrees = float(degrees)
        self.resample, self.expand = resample, expand
        self.center, self.fill_value = check_rotation(resample, expand, center, fill_value, "Rotate")

    def _array(self, image):
        return rotate_array(image, self.degrees, self.resample, self.expand, self.center, self.fill_value)

    def _pil(self, image):
        return pil_ops.rotate(image, self.degrees, Inter.to_python_type(self.resample), self.expand, self.center,
                              self.fill_value)


class _Adjust(ImageOperation):
    _kernel = None
    _pil_kernel = None
    _name = None

    def __init__(self, factor):
        self.factor = check_positive_float(factor, self._name, type(self).__name__)

    def _array(self, image):
        if image.ndim != 3 or image.shape[2] != 3:
            raise RuntimeError(f"{type(self).__name__}: image shape is not <H, W, C> or channel is not 3, got "
                               f"image shape: {list(image.shape)}")
        return type(self)._kernel(image, self.factor)

    def _pil(self, image):
        return type(self)._pil_kernel(image, self.factor)


class AdjustBrightness(_Adjust):
    """Multiply by `brightness_factor` (0: black, 1: unchanged)."""
    _kernel, _pil_kernel, _name = cv_kernels.adjust_brightness, pil_ops.adjust_brightness, "brightness_factor"

    def __init__(self, brightness_factor):
        super().__init__(brightness_factor)


class AdjustContrast(_Adjust):
    """Blend with the mean gray level by `contrast_factor`."""
    _kernel, _pil_kernel, _name = cv_kernels.adjust_contrast, pil_ops.adjust_contrast, "contrast_factor"

    def __init__(self, contrast_factor):
        super().__init__(contrast_factor)


class AdjustSaturation(_Adjust):
    """Blend with the gray image by `saturation_factor`."""
    _kernel, _pil_kernel, _name = cv_kernels.adjust_saturation, pil_ops.adjust_saturation, "saturation_factor"

    def __init__(self, saturation_factor):
        super().__init__(saturation_factor)


class AdjustHue(_Adjust):
    """Shift the hue by `hue_factor` of a turn (in [-0.5, 0.5])."""
    _kernel, _pil_kernel, _name = cv_kernels.adjust_hue, pil_ops.adjust_hue, "hue_factor"

    def __init__(self, hue_factor):
        if isinstance(hue_factor, bool) or not isinstance(hue_factor, numbers.Real) or not -0.5 <= hue_factor <= 0.5:
            raise ValueError("AdjustHue: Input hue_factor is not within the required interval of [-0.5, 0.5].")
        self.factor = float(hue_factor)


class Grayscale(TensorOperation):
    """A PIL image -> its gray version with 1 or 3 channels (MindSpore's Python-only transform)."""

    def __init__(self, num_output_channels=1):
        if num_output_channels not in (1, 3):
            raise ValueError("Grayscale: num_output_channels should be 1 or 3.")
        self.num_output_channels = num_output_channels

    def __call__(self, image):
        if not is_pil(image):
            raise TypeError(f"Grayscale: the input should be a PIL image, but got {type(image)}.")
        gray = image.convert("L")
        if self.num_output_channels == 3:
            return pillow().merge("RGB", [gray, gray, gray])
        return gray


from minispore.dataset.vision.random_transforms import *  # noqa: E402,F401,F403  (one public module)
from minispore.dataset.vision import random_transforms as _random_transforms  # noqa: E402

__all__ += _random_transforms.__all__
