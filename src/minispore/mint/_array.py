"""`mindspore.mint` shape, indexing, creation and random functions, and the names MindSpore 2.10 runs on
Ascend only: PyTorch-style names and arguments over minispore's ops."""
import builtins

from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.mint._elementwise import _scaled
from minispore.numpy.array_creations import diag as _diag
from minispore.ops._prims import elementwise as E, search as Q, shape as S
from minispore.ops.function import (array_func as A, extra_func as XF, math_extra_func as MX, math_func as M,
                                    nn_func as NF, random_func as RF)

__all__ = [
    "arange", "argsort", "bernoulli", "broadcast_to", "cat", "chunk", "clone", "concat", "diag", "diff", "dstack",
    "empty", "empty_like", "eye", "flatten", "flip", "full", "full_like", "gather", "hstack", "index_add",
    "index_select", "item", "linspace", "masked_select", "meshgrid", "multinomial", "narrow", "nonzero", "normal",
    "ones", "ones_like", "permute", "rand", "rand_like", "randint", "randint_like", "randn", "randn_like",
    "randperm", "ravel", "repeat_interleave", "reshape", "roll", "scatter", "scatter_add", "searchsorted", "select",
    "softmax", "sort", "split", "squeeze", "stack", "swapaxes", "t", "take", "tile", "topk", "transpose", "tril",
    "triu", "unbind", "unique", "unique_consecutive", "unsqueeze", "where", "zeros", "zeros_like", "conv_tbc",
    "npu_gelu", "batch_norm_stats", "batch_norm_elemt", "batch_norm_gather_stats_with_counts",
]


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
    xp = backend_of(source._data).xp
    grids = MX.sparse_grids(xp, source.shape)
    grids[dim] = index._data.astype(xp.int64).reshape((1,) * dim + (-1,) + (1,) * (source.ndim - dim - 1))
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
    found = Q.unique_sorted(input, axis=dim, return_inverse=bool(return_inverse), return_counts=bool(return_counts))
    result = found[:1] + tuple(M.cast(index, mstype.int64) for index in found[1:])
    return result if len(result) > 1 else result[0]


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
    return input.item()


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
    return Tensor(dtype=dtype or mstype.float32, shape=tuple(_size(size)), device=device)


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
    shape = tuple(size) if size is not None else A.broadcast_shape(
        tuple(mean.shape) if isinstance(mean, Tensor) else (), tuple(std.shape) if isinstance(std, Tensor) else ())
    if shape is None:
        raise ValueError(f"For 'normal', the shapes of 'mean' {mean.shape} and 'std' {std.shape} cannot be broadcast "
                         "together.")
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
