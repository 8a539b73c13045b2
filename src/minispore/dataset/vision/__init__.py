"""`mindspore.dataset.vision`: image transforms on NumPy arrays."""
from minispore.dataset.vision import transforms
from minispore.dataset.vision.transforms import *  # noqa: F401,F403
from minispore.dataset.vision.utils import Border, Inter

__all__ = transforms.__all__ + ["Border", "Inter"]
