"""`mindspore.mint` functions: PyTorch-style names and arguments (input, dim, keepdim) over minispore's ops."""
import builtins

import numpy as np

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.mint import linalg as _linalg
from minispore.numpy.array_creations import diag as _diag
from minispore.ops._prims import elementwise as E, linalg_extra as LX, reduce as R, shape as S
from minispore.ops.function import (array_func as A, einsum_func, extra_func as XF, math_extra_func as MX,
                                    math_func as M, misc_func as MF, nn_func as NF, random_func as RF)

__all__ = [
    "abs", "acos", "acosh", "add", "addbmm", "addcdiv", "addcmul", "addmm", "addmv", "addr_", "all", "allclose",
    "amax", "amin", "any", "arange", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh",
    "argmax", "argmin", "argsort", "asin", "asinh", "atan", "atan2", "atanh", "baddbmm", "bernoulli", "bincount",
    "bitwise_and", "bitwise_not", "bitwise_or", "bitwise_xor", "bmm", "broadcast_to", "cat", "cdist", "ceil",
    "chunk", "clamp", "clip", "clone", "concat", "cos", "cosh", "count_nonzero", "cross", "cummax", "cummin",
    "cumprod", "cumsum", "diag", "diff", "div", "divide", "dot", "dstack", "einsum", "empty", "empty_like", "eq",
    "equal", "erf", "erfc", "erfinv", "exp", "exp2", "expm1", "eye", "fix", "flatten", "flip", "float_power",
    "floor", "floor_divide", "fmod", "frac", "full", "full_like", "gather", "gcd", "ge", "greater",
    "greater_equal", "gt", "histc", "hstack", "index_add", "index_select", "inverse", "isclose", "isfinite",
    "isinf", "isnan", "isneginf", "item", "kthvalue", "le", "lerp", "less", "less_equal", "linspace", "log",
    "log10", "log1p", "log2", "logaddexp", "logaddexp2", "logical_and", "logical_not", "logical_or", "logical_xor",
    "logsumexp", "lt", "masked_select", "matmul", "max", "maximum", "mean", "median", "meshgrid", "min", "minimum",
    "mm", "mul", "multinomial", "mv", "nan_to_num", "nansum", "narrow", "ne", "neg", "negative", "nonzero", "norm",
    "normal", "not_equal", "ones", "ones_like", "outer", "permute", "pow", "prod", "rand", "rand_like", "randint",
    "randint_like", "randn", "randn_like", "randperm", "ravel", "reciprocal", "remainder", "repeat_interleave",
    "reshape", "roll", "round", "rsqrt", "scatter", "scatter_add", "searchsorted", "select", "sigmoid", "sign",
    "sin", "sinc", "sinh", "softmax", "sort", "split", "sqrt", "square", "squeeze", "stack", "std", "std_mean",
    "sub", "sum", "swapaxes", "t", "take", "tan", "tanh", "tile", "topk", "trace", "transpose", "triangular_solve",
    "tril", "triu", "trunc", "unbind", "unique", "unique_consecutive", "unsqueeze", "var", "var_mean", "vdot",
    "where", "xlogy", "zeros", "zeros_like",
    "conv_tbc", "npu_gelu", "batch_norm_stats", "batch_norm_elemt", "batch_norm_gather_stats_with_counts",
]


def _dims(dim):
    return None if dim is None or dim == () else dim


def _scaled(value, alpha):
    return value if alpha == 1 else M.mul(value, alpha)


# --- elementwise ----------------------------------------------------------------------------------
def abs(input):  # noqa: A001 - MindSpore's names shadow builtins here
    return M.abs(input)


def acos(input):
    return E.acos(MX._float(input))


arccos = acos


def acosh(input):
    return MX.acosh(input)


arccosh = acosh


def asin(input):
    return E.asin(MX._float(input))


def arcsin(x):
    return asin(x)


def asinh(input):
    return MX.asinh(input)


arcsinh = asinh


def atan(input):
    return M.atan(input)


arctan = atan


def atan2(input, other):
    return MX.atan2(input, other)


arctan2 = atan2


def atanh(input):
    return MX.atanh(input)


arctanh = atanh


def add(input, other, *, alpha=1):
    return M.add(input, _scaled(other, alpha))


def sub(input, other, *, alpha=1):
    return M.sub(input, _scaled(other, alpha))


def mul(input, other):
    return M.mul(input, other)


def div(input, other, *, rounding_mode=None):
    return M.div(input, other, rounding_mode=rounding_mode)


def divide(input, other, *, rounding_mode=None):
    return M.div(input, other, rounding_mode=rounding_mode)


def floor_divide(input, other):
    return M.floor_divide(input, other)


def remainder(input, other):
    return M.remainder(input, other)


def fmod(input, other):
    return MX.fmod(input, other)


def pow(input, exponent):  # noqa: A001
    return M.pow(input, exponent)


def float_power(input, exponent):
    return MX.float_power(input, exponent)


def neg(input):
    return M.neg(input)


negative = neg


def reciprocal(input):
    return M.reciprocal(input)


def sqrt(input):
    return M.sqrt(input)


def rsqrt(input):
    return M.rsqrt(input)


def square(input):
    return M.square(input)


def exp(input):
    return M.exp(input)


def exp2(input):
    return MX.exp2(input)


def expm1(input):
    return M.expm1(input)


def log(input):
    return M.log(input)


def log2(input):
    return MX.log2(input)


def log10(input):
    return MX.log10(input)


def log1p(input):
    return M.log1p(input)


def logaddexp(input, other):
    return MX.logaddexp(input, other)


def logaddexp2(input, other):
    return MX.logaddexp2(input, other)


def sin(input):
    return M.sin(input)


def cos(input):
    return M.cos(input)


def tan(input):
    return M.tan(input)


def sinh(input):
    return E.sinh(MX._float(input))


def cosh(input):
    return E.cosh(MX._float(input))


def tanh(input):
    return M.tanh(input)


def sigmoid(input):
    return E.sigmoid(MX._float(input))


def sinc(input):
    return MX.sinc(input)


def erf(input):
    return M.erf(input)


def erfc(input):
    return MX.erfc(input)


def erfinv(input):
    return MX.erfinv(input)


def sign(input):
    return M.sign(input)


def floor(input):
    return M.floor(input)


def ceil(input):
    return M.ceil(input)


def trunc(input):
    return XF.trunc(input)


fix = trunc


def frac(input):
    return MX.frac(input)


def round(input, *, decimals=0):  # noqa: A001
    """Round half to even, to `decimals` decimal places."""
    if decimals == 0:
        return M.round(input)
    scale = 10.0 ** decimals
    return M.div(M.round(M.mul(input, scale)), scale)


def clamp(input, min=None, max=None):  # noqa: A002
    return M.clamp(input, min, max)


clip = clamp


def lerp(input, end, weight):
    return M.lerp(input, end, weight)


def xlogy(input, other):
    return XF.xlogy(input, other)


def nan_to_num(input, nan=None, posinf=None, neginf=None):
    return MX.nan_to_num(input, nan, posinf, neginf)


def gcd(input, other):
    return MX.gcd(input, other)


def maximum(input, other):
    return M.maximum(input, other)


def minimum(input, other):
    return M.minimum(input, other)


# --- comparison and logic -------------------------------------------------------------------------
def eq(input, other):
    return M.equal(input, other)


def ne(input, other):
    return M.not_equal(input, other)


not_equal = ne


def gt(input, other):
    return M.greater(input, other)


greater = gt


def ge(input, other):
    return M.greater_equal(input, other)


greater_equal = ge


def lt(input, other):
    return M.less(input, other)


less = lt


def le(input, other):
    return M.less_equal(input, other)


less_equal = le


def equal(input, other):
    """Whether the two Tensors have one shape and equal elements (a Python bool)."""
    return input.shape == other.shape and builtins.bool(M.all(M.equal(input, other)).asnumpy())


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return XF.isclose(input, other, rtol, atol, equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(M.all(XF.isclose(input, other, rtol, atol, equal_nan)).asnumpy())


def isfinite(input):
    return M.isfinite(input)


def isinf(input):
    return M.isinf(input)


def isnan(tensor):
    return M.isnan(tensor)


def isneginf(input):
    return MX.isneginf(input)


def logical_and(input, other):
    return M.logical_and(input, other)


def logical_or(input, other):
    return M.logical_or(input, other)


def logical_xor(input, other):
    return M.logical_xor(input, other)


def logical_not(input):
    return M.logical_not(input)


def bitwise_and(input, other):
    return M.bitwise_and(input, other)


def bitwise_or(input, other):
    return M.bitwise_or(input, other)


def bitwise_xor(input, other):
    return M.bitwise_xor(input, other)


def bitwise_not(input):
    return M.bitwise_not(input)


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
    order = np.argsort(input.asnumpy(), axis=dim, kind="stable")
    index = np.take(order, [k - 1], axis=dim)
    values = S.gather_elements(input, Tensor(index), axis=dim)
    if not keepdim:
        values, index = S.squeeze(values, axis=(dim,)), np.squeeze(index, dim)
    return values, Tensor(index.astype(np.int64))


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


# --- shapes and indexing --------------------------------------------------------------------------
def reshape(input, shape):
    return A.reshape(input, shape)


def flatten(input, start_dim=0, end_dim=-1):
    return A.flatten(input, start_dim=start_dim, end_dim=end_dim)


def ravel(input):
    return A.reshape(input, (-1,))


def squeeze(input, dim=None):
    return A.squeeze(input, dim)


def unsqueeze(input, dim):
    return A.expand_dims(input, dim)


def permute(input, dims):
    return A.transpose(input, dims)


def transpose(input, dim0, dim1):
    return A.swapaxes(input, dim0, dim1)


def swapaxes(input, axis0, axis1):
    return A.swapaxes(input, axis0, axis1)


def t(input):
    return MX.t(input)


def broadcast_to(input, shape):
    return A.broadcast_to(input, shape)


def cat(tensors, dim=0):
    return A.concat(tensors, dim)


def concat(tensors, dim=0):
    return A.concat(tensors, dim)


def stack(tensors, dim=0):
    return A.stack(tensors, dim)


def hstack(tensors):
    return MX.hstack(tensors)


def dstack(tensors):
    return MX.dstack(tensors)


def split(tensor, split_size_or_sections, dim=0):
    return A.split(tensor, split_size_or_sections, dim)


def chunk(input, chunks, dim=0):
    return A.chunk(input, chunks, dim)


def unbind(input, dim=0):
    return A.unbind(input, dim)


def narrow(input, dim, start, length):
    return A.narrow(input, dim, start, length)


def select(input, dim, index):
    """input[..., index, ...] with `index` on axis `dim` (that axis removed)."""
    return S.getitem(input, index=(builtins.slice(None),) * (dim % input.ndim) + (index,))


def flip(input, dims):
    return A.flip(input, dims)


def roll(input, shifts, dims=None):
    return MX.roll(input, shifts, dims)


def tile(input, dims):
    return A.tile(input, dims)


def repeat_interleave(input, repeats, dim=None, *, output_size=None):
    out = MX.repeat_interleave(input, repeats, dim)
    if output_size is not None and out.shape[0 if dim is None else dim] != output_size:
        raise ValueError(f"For 'repeat_interleave', the result has {out.shape} elements on the axis, not "
                         f"output_size={output_size}.")
    return out


def diag(input, diagonal=0):
    """A 1-d input on the `diagonal`-th diagonal of a matrix, or that diagonal of a 2-d input."""
    return _diag(input, diagonal)


def tril(input, diagonal=0):
    return A.tril(input, diagonal)


def triu(input, diagonal=0):
    return A.triu(input, diagonal)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    return MX.diff(input, n, dim, prepend, append)


def gather(input, dim, index):
    return A.gather_elements(input, dim, index)


def index_select(input, dim, index):
    return A.index_select(input, dim, index)


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of input with alpha * source added at positions `index` (1-d) along `dim`."""
    dim %= input.ndim
    positions = index.asnumpy().astype(np.int64)
    grids = [Tensor(g)._data for g in np.indices(source.shape, sparse=True)]
    grids[dim] = Tensor(positions.reshape((1,) * dim + (-1,) + (1,) * (source.ndim - dim - 1)))._data
    added = S.scatter_add_zeros(_scaled(source, alpha), index=tuple(grids), shape=input.shape)
    return M.add(input, added)


def scatter(input, dim, index, src):
    return MX.scatter(input, dim, index, src)


def scatter_add(input, dim, index, src):
    return MX.scatter_add_along(input, dim, index, src)


def masked_select(input, mask):
    return XF.masked_select(input, mask)


def nonzero(input, *, as_tuple=False):
    return XF.nonzero(input, as_tuple=as_tuple)


def take(input, index):
    return MX.take(input, index)


def where(condition, input=None, other=None):
    """input where condition else other; with condition only, the indices of its True entries (a tuple)."""
    if input is None and other is None:
        return XF.nonzero(condition, as_tuple=True)
    return A.where(condition, input, other)


def topk(input, k, dim=-1, largest=True, sorted=True):
    values, indices = A.topk(input, k, dim, largest, sorted)
    return values, M.cast(indices, mstype.int64)  # Int64 indices, as PyTorch's (ops.topk's are Int32)


def sort(input, *, dim=-1, descending=False, stable=False):
    values, indices = A.sort(input, dim, descending)
    return values, M.cast(indices, mstype.int64)


def argsort(input, dim=-1, descending=False, stable=False):
    return M.cast(XF.argsort(input, dim, descending), mstype.int64)


def searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None, sorter=None):
    return MX.searchsorted(sorted_sequence, values, out_int32=out_int32, right=right, side=side, sorter=sorter)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values (sorted), optionally each element's position among them and their counts."""
    data = input.asnumpy()
    values, inverse, counts = np.unique(data if dim is None else data, return_inverse=True, return_counts=True,
                                        axis=dim)
    result = [Tensor(values)]
    if return_inverse:
        result.append(Tensor(inverse.reshape(data.shape if dim is None else -1).astype(np.int64)))
    if return_counts:
        result.append(Tensor(counts.astype(np.int64)))
    return tuple(result) if len(result) > 1 else result[0]


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    return MX.unique_consecutive(input, return_inverse, return_counts, dim)


def meshgrid(*tensors, indexing=None):
    return A.meshgrid(*tensors, indexing=indexing or "ij")


def softmax(input, dim, *, dtype=None):
    input = input if dtype is None else M.cast(input, dtype)
    return NF.softmax(input, dim)


def clone(input):
    return E.identity_copy(input)


def item(input):
    """The value of a one-element Tensor as a Python number."""
    if input.size != 1:
        raise ValueError(f"For 'item', the Tensor must have one element, but got shape {input.shape}.")
    return input.asnumpy().reshape(()).item()


# --- creation and random --------------------------------------------------------------------------
def _size(size):
    return size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size


def zeros(size, *, dtype=None):
    return A.zeros(size, dtype)


def ones(size, *, dtype=None):
    return A.ones(size, dtype)


def zeros_like(input, *, dtype=None):
    return A.zeros_like(input, dtype=dtype)


def ones_like(input, *, dtype=None):
    return A.ones_like(input, dtype=dtype)


def full(size, fill_value, *, dtype=None):
    return A.full(size, fill_value, dtype=dtype)


def full_like(input, fill_value, *, dtype=None):
    return A.full_like(input, fill_value, dtype=dtype)


def empty(*size, dtype=None, device=None):
    """An uninitialised-looking Tensor of `size` (zero-filled: Tensors always hold initialised memory)."""
    return Tensor(np.zeros(tuple(_size(size)), mstype.np_dtype(dtype or mstype.float32)), device=device)


def empty_like(input, *, dtype=None, device=None):
    return empty(tuple(input.shape), dtype=dtype or input.dtype, device=device)


def arange(start=0, end=None, step=1, *, dtype=None):
    return A.arange(start, end, step, dtype=dtype)


def linspace(start, end, steps, *, dtype=None):
    out = A.linspace(start, end, steps)
    return out if dtype is None else M.cast(out, dtype)


def eye(n, m=None, dtype=None):
    return A.eye(n, m, dtype)


def _f64(value):
    """A number, or a Tensor as Float64 (the precision of the generators' draws)."""
    return M.cast(value, mstype.float64) if isinstance(value, Tensor) else value


def _draw(generator):
    return RF.generator(None) if generator is None else generator


def rand(*size, generator=None, dtype=None, device=None):
    return Tensor(_draw(generator).random(tuple(_size(size))), dtype or mstype.float32, device=device)


def randn(*size, generator=None, dtype=None, device=None):
    return Tensor(_draw(generator).standard_normal(tuple(_size(size))), dtype or mstype.float32, device=device)


def rand_like(input, *, dtype=None, device=None):
    return rand(tuple(input.shape), dtype=dtype or input.dtype, device=device)


def randn_like(input, *, dtype=None, device=None):
    return randn(tuple(input.shape), dtype=dtype or input.dtype, device=device)


def randint(*args, generator=None, dtype=None, device=None):
    """randint(high, size) or randint(low, high, size): integers in [low, high)."""
    if len(args) == 2:
        low, (high, size) = 0, args
    elif len(args) == 3:
        low, high, size = args
    else:
        raise TypeError(f"For 'randint', expected (high, size) or (low, high, size), but got {len(args)} arguments.")
    return Tensor(_draw(generator).integers(low, high, tuple(size)), dtype or mstype.int64, device=device)


def randint_like(*args, dtype=None, device=None):
    """randint_like(input, high) or randint_like(input, low, high)."""
    input, bounds = args[0], args[1:]
    low, high = (0, bounds[0]) if len(bounds) == 1 else bounds
    return randint(low, high, tuple(input.shape), dtype=dtype or input.dtype, device=device)


def randperm(n, *, generator=None, dtype=mstype.int64):
    return Tensor(_draw(generator).permutation(n), dtype)


def normal(mean=0.0, std=1.0, size=None, generator=None):
    """Normal samples: of `size` for number mean/std, else of the broadcast shape of the Tensors."""
    shape = tuple(size) if size is not None else np.broadcast_shapes(
        tuple(mean.shape) if isinstance(mean, Tensor) else (), tuple(std.shape) if isinstance(std, Tensor) else ())
    draws = wrap(_draw(generator).standard_normal(shape))  # a backend array: the sums stay on the device
    dtype = mean.dtype if isinstance(mean, Tensor) else (std.dtype if isinstance(std, Tensor) else mstype.float32)
    return M.cast(M.add(M.mul(draws, _f64(std)), _f64(mean)), dtype)


def bernoulli(input, *, generator=None):
    """1 with the probability in each element of input, else 0 (input's dtype)."""
    return M.cast(M.less(wrap(_draw(generator).random(input.shape)), _f64(input)), input.dtype)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Indices (Int64) of draws from each row of weights."""
    if generator is not None:
        raise ValueError("For 'mint.multinomial', draws come from the global generator (set_seed); pass "
                         "generator=None.")
    return M.cast(RF.multinomial(input, num_samples, replacement), mstype.int64)



# --- names MindSpore 2.10 runs on Ascend only (CPU: "Not implement exception"); PyTorch's meaning, over the ops ---

def conv_tbc(input, weight, bias, pad=0):
    """1-d convolution on (time, batch, C_in) with weight (k, C_in, C_out): (time + 2 pad - k + 1, batch, C_out)."""
    from minispore.ops.function.conv_func import conv1d
    out = conv1d(A.transpose(input, (1, 2, 0)), A.transpose(weight, (2, 1, 0)), bias, 1, "pad", pad)
    return A.transpose(out, (2, 0, 1))


def npu_gelu(input, approximate="none"):
    """GELU ('none': with erf; 'tanh': the tanh approximation)."""
    return NF.gelu(input, approximate)


def _channel_axes(input):
    return (0,) + tuple(range(2, input.ndim))


def _per_channel(value, ndim):
    """A (C,) Tensor shaped to broadcast along axis 1 of an ndim-d input."""
    return value.reshape((1, -1) + (1,) * (ndim - 2))


def batch_norm_stats(input, eps):
    """Per channel (axis 1): the mean and 1 / sqrt(biased variance + eps) of this process's batch."""
    axes = _channel_axes(input)
    mean_ = M.mean(input, axes)
    centred = M.sub(input, _per_channel(mean_, input.ndim))
    variance = M.mean(M.mul(centred, centred), axes)
    return mean_, M.rsqrt(M.add(variance, eps))


def batch_norm_elemt(input, weight=None, bias=None, mean=None, invstd=None, eps=1e-5):
    """(input - mean) * invstd * weight + bias along axis 1, from statistics already gathered."""
    out = M.mul(M.sub(input, _per_channel(mean, input.ndim)), _per_channel(invstd, input.ndim))
    if weight is not None:
        out = M.mul(out, _per_channel(weight, input.ndim))
    if bias is not None:
        out = M.add(out, _per_channel(bias, input.ndim))
    return out


def batch_norm_gather_stats_with_counts(input, mean, invstd, running_mean=None, running_var=None, momentum=0.1,
                                        eps=1e-5, counts=None):
    """The global mean and invstd from per-process (mean, invstd) rows and their element counts; updates
    running_mean and running_var (unbiased) in place, as SyncBatchNorm does."""
    counts = M.cast(counts, mean.dtype).reshape(-1, 1)
    total = M.sum(counts)
    global_mean = M.div(M.sum(M.mul(mean, counts), 0), total)
    variances = M.sub(M.div(1.0, M.mul(invstd, invstd)), eps)
    spread = M.sub(mean, global_mean)
    global_var = M.div(M.sum(M.mul(M.add(variances, M.mul(spread, spread)), counts), 0), total)
    if running_mean is not None:
        running_mean.assign_value(M.add(M.mul(running_mean, 1 - momentum), M.mul(global_mean, momentum)))
    if running_var is not None:
        unbiased = M.mul(global_var, M.div(total, M.sub(total, 1.0)))
        running_var.assign_value(M.add(M.mul(running_var, 1 - momentum), M.mul(unbiased, momentum)))
    return global_mean, M.rsqrt(M.add(global_var, eps))
