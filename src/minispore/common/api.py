"""`mindspore.common.api`: the public decorators and helpers of MindSpore's graph API.

`jit` lives in `minispore.common.jit` and `jit_class` in `minispore.common.jit_class`; this module is the
path MindSpore's own code and tests import them from (`from mindspore.common.api import jit`).
"""
import gc

from minispore.common.jit import jit
from minispore.common.jit_class import jit_class

__all__ = ["jit", "jit_class", "ms_memory_recycle"]


def ms_memory_recycle():
    """Free memory that finished models left behind (collects unreachable tapes and arrays)."""
    gc.collect()
