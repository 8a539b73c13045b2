"""`mindspore.mint` reductions and matrix products: PyTorch-style names and arguments (input, dim, keepdim)
over minispore's ops."""
import builtins

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.mint import linalg as _linalg
from minispore.ops._prims import linalg_extra as LX, reduce as R, shape as S
from minispore.ops.function import (array_func as A, einsum_func, extra_func as XF, math_extra_func as MX,
                                    math_func as M, misc_func as MF)

__all__ = [
    "addbmm", "addcdiv", "addcmul", "addmm", "addmv", "addr_", "all", "amax", "amin", "any", "argmax", "argmin",
    "baddbmm", "bincount", "bmm", "cdist", "count_nonzero", "cross", "cummax", "cummin", "cumprod", "cumsum", "dot",
    "einsum", "histc", "inverse", "kthvalue", "logsumexp", "matmul", "max", "mean", "median", "min", "mm", "mv",
    "nansum", "norm", "outer", "prod", "std", "std_mean", "sum", "trace", "triangular_solve", "var", "var_mean",
    "vdot",
]


def _dims(dim):
    return None if dim is None or dim == () else dim


# --- reductions -----------------------------------------------------------------------------------
def sum(input, dim=None, keepdim=False, *, dtype=None):  # noqa: A001
    return M.sum(input, _dims(dim), keepdim, dtype=dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    input = input if dtype is None else M.cast(input, dtype)
    return M.mean(input, _dims(dim), keepdim)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    out = M.prod(input, dim, keepdim)
    return out if dtype is None else M.cast(out, dtype)


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    return MX.nansum(input, dim, keepdim, dtype=dtype)


def amax(input, dim=(), keepdim=False):
    return M.amax(input, _dims(dim), keepdim)


def amin(input, dim=(), keepdim=False):
    return M.amin(input, _dims(dim), keepdim)


def _extreme(input, dim, keepdim, other, pick, arg, pairwise, name):
    if isinstance(dim, Tensor) and other is None:
        return pairwise(input, dim)
    if other is not None:
        return pairwise(input, other)
    if dim is None:
        return pick(input, None, False)
    if isinstance(dim, bool) or not isinstance(dim, int):
        raise TypeError(f"For 'mint.{name}', the 'dim' must be an int, but got {type(dim).__name__}.")
    index = arg(input, dim, keepdim)
    kept = index if keepdim else A.expand_dims(index, dim)
    values = S.gather_elements(input, kept, axis=dim % input.ndim)
    return (values if keepdim else S.squeeze(values, axis=(dim % input.ndim,))), index


def max(input, dim=None, keepdim=False, *, other=None):  # noqa: A001
    """The maximum; with `dim`, (values, indices Int64); with a Tensor as second argument, the maximum of
    the two element-wise."""
    return _extreme(input, dim, keepdim, other, M.amax, M.argmax, M.maximum, "max")


def min(input, dim=None, keepdim=False, *, other=None):  # noqa: A001
    """The minimum; with `dim`, (values, indices Int64); with a Tensor as second argument, the minimum of
    the two element-wise."""
    return _extreme(input, dim, keepdim, other, M.amin,
                    lambda x, d, k: R.argmin(x, axis=d % x.ndim, keepdims=k), M.minimum, "min")


def argmax(input, dim=None, keepdim=False):
    return M.argmax(input, dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return R.argmin(input, axis=None if dim is None else dim % input.ndim, keepdims=builtins.bool(keepdim))


def all(input, dim=None, keepdim=False):  # noqa: A001
    return M.all(input, _dims(dim), keepdim)


def any(input, dim=None, keepdim=False):  # noqa: A001
    return M.any(input, _dims(dim), keepdim)


def std(input, dim=None, *, correction=1, keepdim=False):
    return M.std(input, _dims(dim), correction, keepdim)


def var(input, dim=None, *, correction=1, keepdim=False):
    return M.var(input, _dims(dim), correction, keepdim)


def std_mean(input, dim=None, *, correction=1, keepdim=False):
    return std(input, dim, correction=correction, keepdim=keepdim), M.mean(input, _dims(dim), keepdim)


def var_mean(input, dim=None, *, correction=1, keepdim=False):
    return var(input, dim, correction=correction, keepdim=keepdim), M.mean(input, _dims(dim), keepdim)


def logsumexp(input, dim, keepdim=False):
    return M.logsumexp(input, dim, keepdim)


def cumsum(input, dim, dtype=None):
    return M.cumsum(input, dim, dtype)


def cumprod(input, dim, dtype=None):
    return XF.cumprod(input, dim, dtype)


def cummax(input, dim):
    return MX.cummax(input, dim)


def cummin(input, dim):
    return MX.cummin(input, dim)


def median(input, dim=None, keepdim=False):
    """The lower median of all elements, or (values, indices) along `dim`."""
    if dim is None:
        flat = input.reshape(-1)
        return MX.median(flat, 0, False)[0]
    return MX.median(input, dim, keepdim)


def kthvalue(input, k, dim=-1, keepdim=False):
    """(values, indices) of the k-th smallest element along `dim` (k counts from 1)."""
    dim %= input.ndim
    if not 1 <= k <= input.shape[dim]:
        raise ValueError(f"For 'kthvalue', the 'k' must be in [1, {input.shape[dim]}], but got {k}.")
    return MX.kth_smallest(input, k - 1, dim, keepdim)


def count_nonzero(input, dim=None):
    return M.sum(M.cast(M.not_equal(input, 0), mstype.int64), _dims(dim))


def norm(input, p="fro", dim=None, keepdim=False, *, dtype=None):
    # `ops.norm` (MindSpore's) takes matrix norms; torch.norm's numeric p is a vector norm over `dim`.
    out = _linalg.vector_norm(input, 2 if p in (None, "fro") else p, dim, keepdim)
    return out if dtype is None else M.cast(out, dtype)


def histc(input, bins=100, min=0, max=0):  # noqa: A002
    return MX.histc(input, bins, min, max)


def bincount(input, weights=None, minlength=0):
    return MX.bincount(input, weights, minlength)


# --- matrix products ------------------------------------------------------------------------------
def matmul(input, other):
    return M.matmul(input, other)


def mm(input, mat2):
    return M.matmul(input, mat2)


def bmm(input, mat2):
    return M.matmul(input, mat2)


def mv(input, vec):
    return MX.mv(input, vec)


def dot(input, other):
    if input.ndim != 1 or other.ndim != 1:
        raise ValueError(f"For 'mint.dot', both inputs must be 1-d, but got {input.shape} and {other.shape}.")
    return M.sum(M.mul(input, other))


def vdot(input, other):
    return M.sum(M.mul(input.reshape(-1), other.reshape(-1)))


def outer(input, vec2):
    return M.outer(input, vec2)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    return M.addmm(input, mat1, mat2, beta=beta, alpha=alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    return MX.addmv(input, mat, vec, beta=beta, alpha=alpha)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    return MX.addbmm(input, batch1, batch2, beta=beta, alpha=alpha)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    return MX.baddbmm(input, batch1, batch2, beta, alpha)


def addr_(input, vec1, vec2, beta=1, alpha=1):
    """In place: input = beta * input + alpha * outer(vec1, vec2); returns input."""
    return MF.assign(input, M.add(M.mul(input, beta), M.mul(M.outer(vec1, vec2), alpha)))


def addcdiv(input, tensor1, tensor2, *, value=1):
    return MX.addcdiv(input, tensor1, tensor2, value)


def addcmul(input, tensor1, tensor2, *, value=1):
    return MX.addcmul(input, tensor1, tensor2, value)


def einsum(equation, *operands):
    return einsum_func.einsum(equation, *operands)


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    if compute_mode not in ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                            "donot_use_mm_for_euclid_dist"):
        raise ValueError(f"For 'cdist', unknown 'compute_mode' {compute_mode!r}.")
    return MX.cdist(x1, x2, p)


def cross(input, other, dim=None):
    return MX.cross(input, other, dim)


def trace(input):
    return MX.trace(input)


def inverse(input):
    return MX.inverse(input)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """(X, A) with op(A) X = b for a triangular A (op: transposed when `transpose`)."""
    solution = LX.solve_triangular(MX._float(A), MX._float(b), upper=upper, transpose_a=transpose,
                                   unit_diagonal=unitriangular)
    return solution, A
