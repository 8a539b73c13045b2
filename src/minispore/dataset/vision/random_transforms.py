"""The random vision transforms, drawing as MindSpore's C++ ops draw (per-op mt19937, libstdc++ distributions).

With a dataset seed set, a seeded NumPy image gets exactly MindSpore's crop, flip, angle and colour
factors; PIL images use MindSpore's Python versions, which draw from Python's `random`.
"""
import math
import numbers
import random

import numpy as np

from minispore.dataset.engine import stdrandom
from minispore.dataset.vision import cv_kernels, pil_ops
from minispore.dataset.vision.codec import decode, pillow
from minispore.dataset.vision.image_op import (RandomImageOperation, check_border, check_fill, check_inter,
                                               check_padding, check_prob, check_range, check_size)
from minispore.dataset.vision.resize_kernels import resize
from minispore.dataset.vision.transforms import check_rotation, crop, rotate_array
from minispore.dataset.vision.utils import Border, Inter

__all__ = ["RandomCrop", "RandomResizedCrop", "RandomCropDecodeResize", "RandomHorizontalFlip",
           "RandomVerticalFlip", "RandomRotation", "RandomColorAdjust"]


def _canonical_float(engine):
    """std::generate_canonical<float, 24>: one 32-bit draw as a float32 in [0, 1)."""
    value = np.float32(engine()) / np.float32(4294967296.0)
    return np.nextafter(np.float32(1), np.float32(0)) if value >= 1 else value


def _uniform_float(engine, low, high):
    """std::uniform_real_distribution<float>(low, high)(engine), in float32 arithmetic."""
    low, high = np.float32(low), np.float32(high)
    return np.float32(_canonical_float(engine) * (high - low) + low)


def _bernoulli(engine, prob):
    """std::bernoulli_distribution(prob)(engine)."""
    return stdrandom.generate_canonical(engine) < prob


class RandomCrop(RandomImageOperation):
    """A random (height, width) window, after optional padding (pad_if_needed pads a small image first)."""

    def __init__(self, size, padding=None, pad_if_needed=False, fill_value=0, padding_mode=Border.CONSTANT):
        size = check_size(size, "RandomCrop")
        self.size = (size, size) if isinstance(size, int) else size
        self.padding = (0, 0, 0, 0) if padding is None else check_padding(padding, "RandomCrop")
        if not isinstance(pad_if_needed, bool):
            raise TypeError(f"RandomCrop: Argument pad_if_needed with value {pad_if_needed!r} is not of type "
                            f"[<class 'bool'>].")
        self.pad_if_needed = pad_if_needed
        self.fill_value = check_fill(fill_value, "RandomCrop")
        self.padding_mode = check_border(padding_mode, "RandomCrop")

    def _pad(self, image, left, top, right, bottom):
        return cv_kernels.pad(image, left, top, right, bottom, self.padding_mode.value, self.fill_value)

    def _arrays(self, images, engine):
        height, width = self.size
        outputs, corner = [], None
        for image in images:
            left, top, right, bottom = self.padding
            if max(top, bottom) >= image.shape[0] * 3 or max(left, right) >= image.shape[1] * 3:
                raise RuntimeError("RandomCrop: padding size is three times bigger than the image size.")
            padded = self._pad(image, left, top, right, bottom)
            if padded.shape[:2] == (height, width):
                outputs.append(padded)
                continue
            if self.pad_if_needed and padded.shape[0] < height:
                extra = height - padded.shape[0]
                padded = self._pad(padded, 0, extra, 0, extra)
            if self.pad_if_needed and padded.shape[1] < width:
                extra = width - padded.shape[1]
                padded = self._pad(padded, extra, 0, extra, 0)
            if padded.shape[0] < height or padded.shape[1] < width:
                raise RuntimeError(f"RandomCrop: invalid crop size, crop size is bigger than the image dimensions, "
                                   f"got crop height: {height}, crop width: {width}")
            if corner is None:
                x = stdrandom.uniform_int(engine, 0, padded.shape[1] - width)
                y = stdrandom.uniform_int(engine, 0, padded.shape[0] - height)
                corner = (y, x)
            outputs.append(crop(padded, corner[0], corner[1], height, width, "RandomCrop"))
        return outputs

    def _pil(self, image):
        left, top, right, bottom = self.padding
        padding = None if self.padding == (0, 0, 0, 0) else (left, top, right, bottom)
        return pil_ops.random_crop(image, self.size, padding, self.pad_if_needed, self.fill_value,
                                   self.padding_mode.value)


def _check_scale_ratio(scale, ratio, max_attempts, op):
    scale = check_range(scale, "scale", op)
    ratio = check_range(ratio, "ratio", op)
    if ratio[0] <= 0:
        raise ValueError(f"{op}: ratio must be positive, but got {ratio}.")
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise ValueError(f"{op}: max_attempts must be a positive int, but got {max_attempts!r}.")
    return scale, ratio


def crop_box(engine, height, width, scale, ratio, max_attempts):
    """MindSpore's RandomCropAndResize box: (x, y, crop_height, crop_width), float32 draws as its C++ op."""
    log_low, log_high = np.log(np.float32(ratio[0])), np.log(np.float32(ratio[1]))
    for _ in range(max_attempts):
        sample_scale = float(_uniform_float(engine, scale[0], scale[1]))
        sample_aspect = float(np.exp(_uniform_float(engine, log_low, log_high)))
        crop_width = int(_round_half_away(math.sqrt(height * width * sample_scale * sample_aspect)))
        crop_height = int(_round_half_away(crop_width / sample_aspect))
        crop_width, crop_height = max(crop_width, 1), max(crop_height, 1)
        if crop_width <= width and crop_height <= height:
            x = stdrandom.uniform_int(engine, 0, width - crop_width)
            y = stdrandom.uniform_int(engine, 0, height - crop_height)
            return x, y, crop_height, crop_width
    aspect = width / height
    if aspect < float(np.float32(ratio[0])):
        crop_width, crop_height = width, int(_round_half_away(width / float(np.float32(ratio[0]))))
    elif aspect > float(np.float32(ratio[1])):
        crop_height, crop_width = height, int(_round_half_away(height * float(np.float32(ratio[1]))))
    else:
        crop_width, crop_height = width, height
    crop_width, crop_height = max(crop_width, 1), max(crop_height, 1)
    x = int(_round_half_away(float(np.float32(width - crop_width) / np.float32(2))))
    y = int(_round_half_away(float(np.float32(height - crop_height) / np.float32(2))))
    return x, y, crop_height, crop_width


def _round_half_away(value):
    """std::round: halves away from zero."""
    return math.floor(value + 0.5) if value >= 0 else -math.floor(-value + 0.5)


class RandomResizedCrop(RandomImageOperation):
    """A random crop of random area (`scale`) and aspect ratio (`ratio`), resized to `size`."""

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3. / 4., 4. / 3.), interpolation=Inter.BILINEAR,
                 max_attempts=10):
        size = check_size(size, "RandomResizedCrop")
        self.size = (size, size) if isinstance(size, int) else size
        self.scale, self.ratio = _check_scale_ratio(scale, ratio, max_attempts, "RandomResizedCrop")
        self.interpolation = check_inter(interpolation, "RandomResizedCrop")
        self.max_attempts = max_attempts

    def _arrays(self, images, engine):
        x, y, crop_height, crop_width = crop_box(engine, images[0].shape[0], images[0].shape[1], self.scale,
                                                 self.ratio, self.max_attempts)
        return [resize(crop(image, y, x, crop_height, crop_width, "RandomResizedCrop"), *self.size,
                       self.interpolation) for image in images]

    def _pil(self, image):
        top, left, height, width = pil_ops.random_resized_crop_box(image.size[0], image.size[1], self.scale,
                                                                   self.ratio, self.max_attempts)
        cropped = pil_ops.crop(image, top, left, height, width)
        return cropped.resize((self.size[1], self.size[0]), Inter.to_python_type(self.interpolation))


class RandomCropDecodeResize(RandomResizedCrop):
    """Decode an encoded image, then RandomResizedCrop it (one step, as MindSpore's fused op)."""

    _ranks = (1, 3)

    def __call__(self, *images):
        decoded = [decode(image, "RandomCropDecodeResize") for image in images]
        return super().__call__(*decoded)

    _pil = None


class RandomHorizontalFlip(RandomImageOperation):
    """Mirror left-right with probability `prob`."""

    def __init__(self, prob=0.5):
        self.prob = check_prob(prob, "RandomHorizontalFlip")

    def _arrays(self, images, engine):
        flip = _bernoulli(engine, self.prob)
        return [image[:, ::-1].copy() if flip else image for image in images]

    def _pil(self, image):
        if self.prob > random.random():
            return image.transpose(pillow().Transpose.FLIP_LEFT_RIGHT)
        return image


class RandomVerticalFlip(RandomImageOperation):
    """Mirror top-bottom with probability `prob`."""

    def __init__(self, prob=0.5):
        self.prob = check_prob(prob, "RandomVerticalFlip")

    def _arrays(self, images, engine):
        flip = _bernoulli(engine, self.prob)
        return [image[::-1].copy() if flip else image for image in images]

    def _pil(self, image):
        if self.prob > random.random():
            return image.transpose(pillow().Transpose.FLIP_TOP_BOTTOM)
        return image


class RandomRotation(RandomImageOperation):
    """Rotate by a random angle in `degrees` ((min, max), or one number d for (-d, d))."""

    def __init__(self, degrees, resample=Inter.NEAREST, expand=False, center=None, fill_value=0):
        if isinstance(degrees, numbers.Real) and not isinstance(degrees, bool):
            if degrees < 0:
                raise ValueError("RandomRotation: Input degrees is not within the required interval of [0, 16777216].")
            degrees = degrees % 360
            degrees = [-degrees, degrees]
        elif isinstance(degrees, (list, tuple)) and len(degrees) == 2:
            if degrees[1] - degrees[0] >= 360:
                degrees = [-180, 180]
            else:
                degrees = [degrees[0] % 360, degrees[1] % 360]
                if degrees[0] > degrees[1]:
                    degrees[1] += 360
        else:
            raise TypeError(f"RandomRotation: degrees must be a number or a (min, max) pair, but got {degrees!r}.")
        self.degrees = [float(d) for d in degrees]
        self.resample, self.expand = resample, expand
        self.center, self.fill_value = check_rotation(resample, expand, center, fill_value, "RandomRotation")

    def _arrays(self, images, engine):
        start, end = np.float32(self.degrees[0]), np.float32(self.degrees[1])
        draw = _uniform_float(engine, -1.0, 1.0)
        degree = np.float32((end + start) / np.float32(2)) + draw * np.float32((end - start) / np.float32(2))
        return [rotate_array(image, float(degree), self.resample, self.expand, self.center, self.fill_value)
                for image in images]

    def _pil(self, image):
        angle = random.uniform(self.degrees[0], self.degrees[1])
        return pil_ops.rotate(image, angle, Inter.to_python_type(self.resample), self.expand, self.center,
                              self.fill_value)


class RandomColorAdjust(RandomImageOperation):
    """Random brightness, contrast, saturation and hue changes, applied in a random order."""

    def __init__(self, brightness=(1, 1), contrast=(1, 1), saturation=(1, 1), hue=(0, 0)):
        op = "RandomColorAdjust"
        self.brightness = check_range(brightness, "brightness", op, center=1)
        self.contrast = check_range(contrast, "contrast", op, center=1)
        self.saturation = check_range(saturation, "saturation", op, center=1)
        self.hue = check_range(hue, "hue", op, -0.5, 0.5, center=0)

    def _arrays(self, images, engine):
        image = images[0]
        if image.ndim != 3 or image.shape[2] != 3:
            raise RuntimeError(f"RandomColorAdjust: image shape is not <H, W, C> or channel is not 3, got image "
                               f"shape: {list(image.shape)}")
        steps = ["brightness", "contrast", "saturation", "hue"]
        stdrandom.shuffle(steps, engine)
        kernels = {"brightness": cv_kernels.adjust_brightness, "contrast": cv_kernels.adjust_contrast,
                   "saturation": cv_kernels.adjust_saturation, "hue": cv_kernels.adjust_hue}
        for step in steps:
            low, high = getattr(self, step)
            neutral = 0.0 if step == "hue" else 1.0
            if np.float32(low) == np.float32(high) == np.float32(neutral):
                continue
            image = kernels[step](image, float(_uniform_float(engine, low, high)))
        return [image] + list(images[1:])

    def _pil(self, image):
        factors = {name: random.uniform(*getattr(self, name)) for name in ("brightness", "contrast", "saturation",
                                                                           "hue")}
        steps = [lambda img: pil_ops.adjust_brightness(img, factors["brightness"]),
                 lambda img: pil_ops.adjust_contrast(img, factors["contrast"]),
                 lambda img: pil_ops.adjust_saturation(img, factors["saturation"]),
                 lambda img: pil_ops.adjust_hue(img, factors["hue"])]
        random.shuffle(steps)
        for step in steps:
            image = step(image)
        return image
