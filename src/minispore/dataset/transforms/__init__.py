"""`mindspore.dataset.transforms`: general data transforms and their composition."""
from minispore.dataset.transforms import transforms
from minispore.dataset.transforms.transforms import *  # noqa: F401,F403

__all__ = list(transforms.__all__)
