"""Upsample: the layer form of ops.interpolate."""
from minispore.nn.cell import Cell
from minispore.ops.function.image_func import interpolate

__all__ = ["Upsample"]


class Upsample(Cell):
    """Resize spatial dims by `size` or `scale_factor` (see ops.interpolate for the modes)."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        self.size, self.scale_factor, self.mode = size, scale_factor, mode
        self.align_corners, self.recompute_scale_factor = align_corners, recompute_scale_factor

    def construct(self, x):
        return interpolate(x, self.size, self.scale_factor, self.mode, self.align_corners,
                           self.recompute_scale_factor)
