"""`mindspore.dataset.text`: tokenizers, vocabularies and other transforms on string arrays."""
from minispore.dataset.text import transforms, utils
from minispore.dataset.text.transforms import *  # noqa: F401,F403
from minispore.dataset.text.utils import NormalizeForm, Vocab, to_bytes, to_str

__all__ = transforms.__all__ + ["NormalizeForm", "Vocab", "to_bytes", "to_str"]
