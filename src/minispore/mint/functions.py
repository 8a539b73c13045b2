"""`mindspore.mint` functions: PyTorch-style names and arguments (input, dim, keepdim) over minispore's ops.

They live in three modules: elementwise functions, comparisons and logic (_elementwise.py); reductions and
matrix products (_reduction.py); shapes, indexing, creation and random draws (_array.py).
"""
from minispore.mint import _array, _elementwise, _reduction
from minispore.mint._array import *  # noqa: F401,F403
from minispore.mint._elementwise import *  # noqa: F401,F403
from minispore.mint._reduction import *  # noqa: F401,F403

__all__ = sorted(_elementwise.__all__ + _reduction.__all__ + _array.__all__)
