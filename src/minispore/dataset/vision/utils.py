"""Enumerations of mindspore.dataset.vision: interpolation modes and border types."""
from enum import IntEnum

__all__ = ["Inter", "Border"]


class Inter(IntEnum):
    """Interpolation modes (minispore implements NEAREST and LINEAR/BILINEAR)."""
    NEAREST = 0
    ANTIALIAS = 1
    LINEAR = 2
    BILINEAR = 2
    CUBIC = 3
    AREA = 4
    PILCUBIC = 5


class Border(IntEnum):
    """Padding modes for RandomCrop."""
    CONSTANT = 0
    EDGE = 1
    REFLECT = 2
    SYMMETRIC = 3
