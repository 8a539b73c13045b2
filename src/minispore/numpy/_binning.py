"""`mindspore.numpy` functions of sorted bins: searchsorted, digitize, bincount, histogram and linear
interpolation (interp)."""
from minispore.common import dtype as mstype
from minispore.numpy._operands import _float
from minispore.numpy.array_creations import asarray
from minispore.ops._prims import search as Q
from minispore.ops.function import array_func as A, math_func as M

__all__ = [
    "interp", "searchsorted", "digitize", "bincount", "histogram", "histogram_bin_edges",
]


def searchsorted(a, v, side="left", sorter=None):
    a, v = asarray(a), asarray(v)
    if side not in ("left", "right"):
        raise ValueError(f"For 'searchsorted', the 'side' must be 'left' or 'right', but got {side!r}.")
    return Q.searchsorted(a, v, None if sorter is None else asarray(sorter), right=side == "right",
                          dtype=mstype.int32._np)


def digitize(x, bins, right=False):
    return Q.digitize(asarray(x), asarray(bins), right=right)


def bincount(x, weights=None, minlength=0, length=None):
    x = asarray(x)
    if x.size and int(x.min()) < 0:
        raise ValueError("For 'bincount', the input must hold non-negative integers.")
    counts = Q.bincount(x, None if weights is None else asarray(weights), minlength=minlength)
    if length is not None:
        counts = counts[:length]
    return M.cast(counts, mstype.float32 if weights is not None else mstype.int32)


def histogram(a, bins=10, range=None, weights=None, density=False):  # noqa: A002 - NumPy's name
    counts = mstype.float32 if density or weights is not None else mstype.int32
    return Q.histogram(asarray(a), None if weights is None else asarray(weights), bins,
                       limits=None if range is None else tuple(range), density=density,
                       dtypes=(mstype.np_dtype(counts), mstype.float32._np))


def histogram_bin_edges(a, bins=10, range=None, weights=None):  # noqa: A002 - NumPy's name
    return histogram(a, bins, range, weights)[1]


def interp(x, xp, fp, left=None, right=None):
    """Linear interpolation of the points (xp, fp) at x (differentiable in fp)."""
    x, xp, fp = _float(x), _float(xp), _float(fp)
    lower, upper, lower_weight, upper_weight, below, above = Q.interp_taps(x, xp, dtype=fp._data.dtype)
    out = M.add(M.mul(A.gather(fp, lower, 0), lower_weight), M.mul(A.gather(fp, upper, 0), upper_weight))
    if bool(below._data.any()):
        out = A.where(below, A.full_like(out, fp[0].item() if left is None else left), out)
    if bool(above._data.any()):
        out = A.where(above, A.full_like(out, fp[-1].item() if right is None else right), out)
    return out
