"""`mindspore.mint.special`: erfc, expm1, exp2, log1p, log_softmax, round, sinc."""
from minispore.mint.functions import erfc, exp2, expm1, log1p, round as _round, sinc
from minispore.mint.nn.functional import log_softmax

__all__ = ["erfc", "expm1", "exp2", "log1p", "log_softmax", "round", "sinc"]


def round(input):  # noqa: A001 - MindSpore's name
    """Round half to even."""
    return _round(input)
