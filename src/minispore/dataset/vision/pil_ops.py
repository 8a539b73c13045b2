"""The PIL-image versions of the vision transforms (MindSpore runs these when given a PIL image).

Random ones draw from Python's `random` module, as MindSpore's Python implementations do
(`dataset.config.set_seed` seeds it).
"""
import math
import numbers
import random

import numpy as np

from minispore.dataset.vision.codec import pillow

__all__ = ["resize", "crop", "center_crop", "pad", "random_crop", "random_resized_crop_box", "rotate",
           "adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_hue", "to_tensor"]


def resize(image, size, resample):
    """Resize to (height, width), or the shorter side to `size` keeping the aspect ratio."""
    if isinstance(size, int):
        width, height = image.size
        aspect = width / height
        if (width <= height and width == size) or (height <= width and height == size):
            return image
        if width < height:
            return image.resize((size, int(size / aspect)), resample)
        return image.resize((int(size * aspect), size), resample)
    return image.resize((size[1], size[0]), resample)


def crop(image, top, left, height, width):
    """The (height, width) window at (top, left)."""
    return image.crop((left, top, left + width, top + height))


def center_crop(image, size):
    """The centred (height, width) window (Pillow pads with zeros where it leaves the image)."""
    width, height = image.size
    crop_height, crop_width = size
    return crop(image, int(round((height - crop_height) / 2.)), int(round((width - crop_width) / 2.)), crop_height,
                crop_width)


def _fill_for(image, fill):
    if isinstance(fill, tuple) and len(image.getbands()) == 1:
        return fill[0]
    return fill


def pad(image, left, top, right, bottom, fill, mode):
    """Pad with a constant (`fill`) or by repeating/reflecting the border."""
    image_module = pillow()
    if mode == "constant":
        out = image_module.new(image.mode, (image.size[0] + left + right, image.size[1] + top + bottom),
                               _fill_for(image, fill))
        out.paste(image, (left, top))
        return out
    array = np.asarray(image)
    widths = [(top, bottom), (left, right)] + [(0, 0)] * (array.ndim - 2)
    return image_module.fromarray(np.pad(array, widths, mode=mode))


def random_crop(image, size, padding, pad_if_needed, fill, mode):
    """A random (height, width) window after optional padding (Python's `random`)."""
    if padding is not None:
        image = pad(image, *padding, fill, mode)
    height, width = size
    if pad_if_needed:
        if image.size[0] < width:
            extra = width - image.size[0]
            image = pad(image, extra, 0, extra, 0, fill, mode)
        if image.size[1] < height:
            extra = height - image.size[1]
            image = pad(image, 0, extra, 0, extra, fill, mode)
    image_width, image_height = image.size
    if height > image_height or width > image_width:
        raise ValueError(f"Crop size {size} is larger than input image size {(image_height, image_width)}.")
    if (width, height) == (image_width, image_height):
        return image
    top = random.randint(0, image_height - height)
    left = random.randint(0, image_width - width)
    return crop(image, top, left, height, width)


def random_resized_crop_box(image_width, image_height, scale, ratio, max_attempts):
    """(top, left, height, width) of a random crop of random area and aspect ratio (torchvision's recipe)."""
    area = image_width * image_height
    for _ in range(max_attempts):
        crop_area = random.uniform(scale[0], scale[1]) * area
        aspect = math.exp(random.uniform(math.log(ratio[0]), math.log(ratio[1])))
        width = int(round(math.sqrt(crop_area * aspect)))
        height = int(round(width / aspect))
        if 0 < width <= image_width and 0 < height <= image_height:
            return random.randint(0, image_height - height), random.randint(0, image_width - width), height, width
    image_ratio = image_width / image_height
    if image_ratio < ratio[0]:
        width, height = image_width, int(round(image_width / ratio[0]))
    elif image_ratio > ratio[1]:
        height, width = image_height, int(round(image_height * ratio[1]))
    else:
        width, height = image_width, image_height
    return int(round((image_height - height) / 2.)), int(round((image_width - width) / 2.)), height, width


def rotate(image, angle, resample, expand, center, fill):
    """Pillow's rotate (counter-clockwise degrees)."""
    if isinstance(fill, numbers.Number) and len(image.getbands()) > 1:
        fill = (fill,) * len(image.getbands())
    return image.rotate(angle, resample, expand, center, fillcolor=_fill_for(image, fill))


def adjust_brightness(image, factor):
    """Pillow's ImageEnhance.Brightness."""
    from PIL import ImageEnhance
    return ImageEnhance.Brightness(image).enhance(factor)


def adjust_contrast(image, factor):
    """Pillow's ImageEnhance.Contrast."""
    from PIL import ImageEnhance
    return ImageEnhance.Contrast(image).enhance(factor)


def adjust_saturation(image, factor):
    """Pillow's ImageEnhance.Color."""
    from PIL import ImageEnhance
    return ImageEnhance.Color(image).enhance(factor)


def adjust_hue(image, factor):
    """Shift the hue channel (in Pillow's HSV) by `factor` of a turn."""
    image_module = pillow()
    if image.mode in ("L", "1", "I", "F"):
        return image
    hue, saturation, value = image.convert("HSV").split()
    shifted = np.asarray(hue, np.uint8).copy()
    with np.errstate(over="ignore"):
        shifted += np.uint8(int(factor * 255) & 0xFF)
    hsv = image_module.merge("HSV", (image_module.fromarray(shifted, "L"), saturation, value))
    return hsv.convert(image.mode)


def to_tensor(image, output_type):
    """HWC in [0, 255] -> CHW in [0, 1] (computed in float64, then cast, as MindSpore's Python version)."""
    array = np.asarray(image)
    if array.ndim == 2:
        array = array[:, :, None]
    return (array.transpose(2, 0, 1) / 255.).astype(output_type)
