"""Enumerations of mindspore.dataset.vision, with MindSpore's values and printing.

`Inter` and `ImageBatchFormat` are IntEnums that print as their number and `Border` a str Enum
that prints as `Border.CONSTANT` — on every Python version, as on MindSpore's Python 3.11.
"""
from enum import Enum, IntEnum

__all__ = ["Inter", "Border", "ImageBatchFormat", "ConvertMode", "SliceMode", "get_image_num_channels",
           "get_image_size"]


class _NumberEnum(IntEnum):
    """An IntEnum that prints as its number (Python 3.11's IntEnum behaviour, on 3.10 too)."""

    def __str__(self):
        return str(int(self))

    def __format__(self, spec):
        return format(int(self), spec)


class Inter(_NumberEnum):
    """Interpolation methods (LINEAR is BILINEAR, CUBIC is BICUBIC)."""
    NEAREST = 0
    ANTIALIAS = 1
    BILINEAR = LINEAR = 2
    BICUBIC = CUBIC = 3
    AREA = 4
    PILCUBIC = 5

    @staticmethod
    def to_python_type(inter_type):
        """The Pillow resampling filter of a mode (the modes PIL images support)."""
        from minispore.dataset.vision.codec import pillow
        resampling = pillow().Resampling
        values = {Inter.NEAREST: resampling.NEAREST, Inter.ANTIALIAS: resampling.LANCZOS,
                  Inter.LINEAR: resampling.BILINEAR, Inter.CUBIC: resampling.BICUBIC}
        if inter_type not in values:
            raise RuntimeError("Unsupported interpolation, only support NEAREST, ANTIALIAS, LINEAR and CUBIC.")
        return values[inter_type]


class Border(str, Enum):
    """Padding modes: CONSTANT fills, EDGE repeats the edge, REFLECT mirrors without it, SYMMETRIC with it."""
    CONSTANT: str = "constant"
    EDGE: str = "edge"
    REFLECT: str = "reflect"
    SYMMETRIC: str = "symmetric"

    def __str__(self):
        return f"{type(self).__name__}.{self.name}"

    def __format__(self, spec):
        return format(str(self), spec)

    @staticmethod
    def to_python_type(border_type):
        """The NumPy/Pillow name of a border mode."""
        if not isinstance(border_type, Border):
            raise RuntimeError("Unsupported Border type, only support CONSTANT, EDGE, REFLECT and SYMMETRIC.")
        return border_type.value


class ImageBatchFormat(_NumberEnum):
    """Layout of a batch of images."""
    NHWC = 0
    NCHW = 1


class SliceMode(_NumberEnum):
    """How SlicePatches treats the remainder: pad it or drop it."""
    PAD = 0
    DROP = 1


class ConvertMode(_NumberEnum):
    """Colour conversions of ConvertColor."""
    COLOR_BGR2BGRA = 0
    COLOR_RGB2RGBA = 0
    COLOR_BGRA2BGR = 1
    COLOR_RGBA2RGB = 1
    COLOR_BGR2RGBA = 2
    COLOR_RGB2BGRA = 2
    COLOR_RGBA2BGR = 3
    COLOR_BGRA2RGB = 3
    COLOR_BGR2RGB = 4
    COLOR_RGB2BGR = 4
    COLOR_BGRA2RGBA = 5
    COLOR_RGBA2BGRA = 5
    COLOR_BGR2GRAY = 6
    COLOR_RGB2GRAY = 7
    COLOR_GRAY2BGR = 8
    COLOR_GRAY2RGB = 8
    COLOR_GRAY2BGRA = 9
    COLOR_GRAY2RGBA = 9
    COLOR_BGRA2GRAY = 10
    COLOR_RGBA2GRAY = 11


def _size_and_channels(image):
    from minispore.dataset.vision.codec import is_pil
    if is_pil(image):
        return [image.size[1], image.size[0]], len(image.getbands())
    shape = getattr(getattr(image, "_data", image), "shape", None)
    if shape is None or len(shape) < 2:
        raise TypeError(f"Input image is not of type numpy.ndarray or PIL Image, or has fewer than 2 dimensions: "
                        f"{type(image)}.")
    return [shape[0], shape[1]], (shape[2] if len(shape) == 3 else 1)


def get_image_size(image):
    """[height, width] of an HWC array or a PIL image."""
    return _size_and_channels(image)[0]


def get_image_num_channels(image):
    """The number of channels of an HWC array (1 for HW) or a PIL image."""
    return _size_and_channels(image)[1]
