"""`mindspore.dataset.vision`: image transforms on NumPy arrays (HWC) and PIL images, and their enums."""
from minispore.dataset.vision import transforms, utils
from minispore.dataset.vision.transforms import *  # noqa: F401,F403
from minispore.dataset.vision.utils import (Border, ConvertMode, ImageBatchFormat, Inter, SliceMode,
                                            get_image_num_channels, get_image_size)

__all__ = transforms.__all__ + ["Border", "ConvertMode", "ImageBatchFormat", "Inter", "SliceMode",
                                "get_image_num_channels", "get_image_size"]
