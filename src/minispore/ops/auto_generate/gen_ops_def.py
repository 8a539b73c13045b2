"""`mindspore.ops.auto_generate.gen_ops_def`: MindSpore's generated functional ops (the `_ext` forms with
`alpha`, `bmm_ext`, `mv`, `copy`, `contiguous`, ...) over minispore's ops; the Primitive classes of
gen_ops_prim are importable from here too, as in MindSpore."""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops import function as F
from minispore.ops._prims import elementwise as E
from minispore.ops.auto_generate.gen_ops_prim import *  # noqa: F401,F403
from minispore.ops.auto_generate.gen_ops_prim import __all__ as _prims
from minispore.ops.function import abs, broadcast_to, equal, less, not_equal, ones, zeros  # noqa: A004

_FUNCTIONS = ["abs", "add_ext", "sub_ext", "bmm_ext", "broadcast_to", "contiguous", "copy", "equal", "less", "mv",
              "not_equal", "ones", "zeros"]
__all__ = list(_prims) + _FUNCTIONS


def _scaled(other, alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        raise TypeError(f"For 'add_ext'/'sub_ext', 'alpha' must be int or float, but got {type(alpha).__name__}.")
    if alpha == 1:
        return other
    if isinstance(alpha, float) and isinstance(other, Tensor) and not mstype.is_float(other._data.dtype):
        raise TypeError(f"For 'add_ext'/'sub_ext', a float 'alpha' needs a floating-point input, but got "
                        f"{other.dtype}.")
    return other * alpha


def add_ext(input, other, alpha=1):
    """input + alpha·other."""
    return F.add(input, _scaled(other, alpha))


def sub_ext(input, other, alpha=1):
    """input − alpha·other."""
    return F.sub(input, _scaled(other, alpha))


def bmm_ext(input, mat2):
    """Batched matrix product of (b, n, m) and (b, m, p) Tensors."""
    if input.ndim != 3 or mat2.ndim != 3:
        raise ValueError(f"For 'bmm_ext', both inputs must be 3-D, but got {input.ndim}-D and {mat2.ndim}-D.")
    return F.bmm(input, mat2)


def mv(input, vec):
    """Matrix (n, m) times vector (m,)."""
    if input.ndim != 2 or vec.ndim != 1:
        raise ValueError(f"For 'mv', 'input' must be 2-D and 'vec' 1-D, but got {input.ndim}-D and {vec.ndim}-D.")
    return F.matmul(input, vec)


def copy(input):
    """A new Tensor with a copy of the data."""
    return E.identity_copy(input)


def contiguous(input):
    """The Tensor itself (minispore's Tensors are always contiguous)."""
    return input
