"""More math ops with MindSpore's signatures (`ops.inverse`, `ops.cummax`, `ops.logaddexp`, `ops.roll`, ...),
composites of the primitives except where a primitive is named (inverse, qr, erfinv, atan2)."""
import math

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, index as I, linalg_extra as LX, math_extra as X, search as Q
from minispore.ops._prims import shape as S
from minispore.ops.function import array_func as A, math_func as M
from minispore.ops.function.extra_func import trunc
from minispore.ops.function.nn_func import _reduce, check_reduction
from minispore.ops.function.random_func import generator

__all__ = ["inverse", "erfinv", "erfc", "atan2", "arctan2", "qr", "acosh", "arccosh", "asinh", "arcsinh", "atanh",
           "arctanh", "exp2", "log2", "log10", "logaddexp", "logaddexp2", "sinc", "frac", "float_power", "fmod",
           "gcd", "nan_to_num", "isneginf", "isposinf", "cummax", "cummin", "roll", "diff", "cdist", "trace", "mv",
           "addmv", "baddbmm", "addbmm", "addcdiv", "addcmul", "bernoulli", "bincount", "count_nonzero", "cross",
           "hstack", "vstack", "dstack", "histc", "median", "nansum", "ravel", "repeat_interleave", "scatter",
           "searchsorted", "std_mean", "var_mean", "t", "take", "unique_consecutive", "hardtanh", "glu",
           "threshold", "soft_margin_loss", "cosine_embedding_loss"]


def _float(x):
    return x if mstype.is_float(x._data.dtype) else M.cast(x, mstype.float32)


def inverse(input):
    """The inverse of a square matrix (or of each in a batch)."""
    if input.ndim < 2 or input.shape[-1] != input.shape[-2]:
        raise ValueError(f"For 'inverse', the input must be square matrices (..., n, n), but got {input.shape}.")
    return LX.inv(_float(input))


def erfinv(input):
    return X.erfinv(_float(input))


def erfc(input):
    return M.sub(1.0, M.erf(_float(input)))


def atan2(input, other):
    x, y = M._operands(input, other)
    x = x if isinstance(x, Tensor) else Tensor(x, y.dtype)
    y = y if isinstance(y, Tensor) else Tensor(y, x.dtype)
    return X.atan2(_float(x), _float(y))


arctan2 = atan2


def qr(input, mode="reduced"):
    """(Q, R) of A = QR; mode 'reduced' or 'complete' (R only is 'r' in NumPy; not MindSpore's)."""
    if mode not in ("reduced", "complete"):
        raise ValueError(f"For 'qr', the 'mode' must be 'reduced' or 'complete', but got {mode!r}.")
    if input.ndim < 2:
        raise ValueError(f"For 'qr', the input must have at least 2 dimensions, but got {input.shape}.")
    return LX.qr(_float(input), mode=mode)


def acosh(input):
    x = _float(input)
    return M.log(M.add(x, M.sqrt(M.sub(M.mul(x, x), 1.0))))


arccosh = acosh


def asinh(input):
    x = _float(input)
    return M.log(M.add(x, M.sqrt(M.add(M.mul(x, x), 1.0))))


arcsinh = asinh


def atanh(input):
    x = _float(input)
    return M.mul(M.log(M.div(M.add(1.0, x), M.sub(1.0, x))), 0.5)


arctanh = atanh


def exp2(input):
    return M.pow(2.0, _float(input))


def log2(input):
    return M.div(M.log(_float(input)), math.log(2.0))


def log10(input):
    return M.div(M.log(_float(input)), math.log(10.0))


def logaddexp(input, other):
    """log(exp(input) + exp(other)), computed without overflow."""
    x, y = _float(input), _float(other) if isinstance(other, Tensor) else other
    return M.add(M.maximum(x, y), M.log1p(M.exp(M.neg(M.abs(M.sub(x, y))))))


def logaddexp2(input, other):
    scale = math.log(2.0)
    other = M.mul(other, scale) if isinstance(other, Tensor) else other * scale
    return M.div(logaddexp(M.mul(_float(input), scale), other), scale)


def sinc(input):
    """sin(pi x) / (pi x), 1 at 0."""
    x = _float(input)
    scaled = M.mul(x, math.pi)
    safe = A.where(M.equal(x, 0), A.ones_like(x), scaled)
    return A.where(M.equal(x, 0), A.ones_like(x), M.div(M.sin(safe), safe))


def frac(x):
    """The fractional part, with the sign of x."""
    return M.sub(x, trunc(x))


def float_power(input, exponent):
    for name, value in (("input", input), ("exponent", exponent)):
        if not isinstance(value, Tensor) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise TypeError(f"For 'float_power', the '{name}' must be a Tensor or a number, but got "
                            f"{V.describe(value)}.")
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise TypeError("For 'float_power', the 'input' or the 'exponent' must be a Tensor, but got two numbers.")
    base = M.cast(input, mstype.float64) if isinstance(input, Tensor) else float(input)
    power = M.cast(exponent, mstype.float64) if isinstance(exponent, Tensor) else float(exponent)
    return M.pow(base, power)


def fmod(input, other):
    """The remainder of input / other with the sign of input (C's fmod)."""
    return M.sub(input, M.mul(trunc(M.div(input, other)), other))


def gcd(input, other):
    """The greatest common divisor of integer Tensors (element-wise)."""
    for name, value in (("input", input), ("other", other)):
        if V.tensor("gcd", name, value)._data.dtype.kind not in "iu":
            raise TypeError(f"For 'gcd', the '{name}' must be an integer Tensor, but got {V.describe(value)}.")
    if A.broadcast_shape(input.shape, other.shape) is None:
        raise ValueError(f"For 'gcd', the shapes {input.shape} and {other.shape} cannot be broadcast together.")
    return X.gcd(input, other)


def nan_to_num(input, nan=None, posinf=None, neginf=None):
    """NaN to `nan` (0), +inf / -inf to `posinf` / `neginf` (the dtype's largest / smallest)."""
    info = mstype.finfo(input._data.dtype) if input._data.dtype.kind == "f" else None
    if info is None:
        return input
    out = A.where(M.isnan(input), A.full_like(input, 0.0 if nan is None else nan), input)
    out = A.where(M.logical_and(M.isinf(out), M.greater(out, 0)),
                  A.full_like(input, float(info.max) if posinf is None else posinf), out)
    return A.where(M.logical_and(M.isinf(out), M.less(out, 0)),
                   A.full_like(input, float(info.min) if neginf is None else neginf), out)


def isneginf(input):
    return M.logical_and(M.isinf(input), M.less(input, 0))


def isposinf(input):
    return M.logical_and(M.isinf(input), M.greater(input, 0))


def _cumulative_extreme(input, axis, largest, op):
    """(values, indices Int64) of the running maximum or minimum along `axis`: values gathered at the
    indices, so the gradient reaches the winning elements."""
    axis = V.axis(op, axis, V.tensor(op, "input", input).ndim, scalar_ok=False)
    if input.size == 0:
        return input, M.cast(A.zeros_like(input), mstype.int64)
    index = Q.running_extreme_index(input, axis=axis, largest=largest)
    return S.gather_elements(input, index, axis=axis), index


def cummax(input, axis):
    """(running maximum, its indices) along `axis`; ties take the later index, as MindSpore does."""
    return _cumulative_extreme(input, axis, True, "cummax")


def cummin(input, axis):
    """(running minimum, its indices Int32) along `axis`; ties take the later index, as MindSpore does (whose
    cummin, unlike cummax, returns Int32 indices)."""
    values, index = _cumulative_extreme(input, axis, False, "cummin")
    return values, M.cast(index, mstype.int32)


def roll(input, shifts, dims=None):
    """Elements shifted along `dims` (over the flattened Tensor when None), wrapping around."""
    V.tensor("roll", "input", input)
    if dims is None:
        return roll(input.reshape(-1), shifts, 0).reshape(input.shape)
    shifts = [V.integer("roll", "shifts", n) for n in (shifts if isinstance(shifts, (tuple, list)) else [shifts])]
    dims = [V.axis("roll", d, input.ndim, "dims", scalar_ok=False)
            for d in (dims if isinstance(dims, (tuple, list)) else [dims])]
    if len(shifts) != len(dims):
        raise ValueError(f"For 'roll', 'shifts' and 'dims' must have the same length, but got {shifts} and {dims}.")
    xp = backend_of(input._data).xp
    for shift, dim in zip(shifts, dims):
        index = (xp.arange(input.shape[dim], dtype=xp.int64) - shift) % max(input.shape[dim], 1)
        input = A.gather(input, wrap(index), dim)
    return input


def diff(x, n=1, axis=-1, prepend=None, append=None):
    """The n-th forward difference along `axis` (after prepending / appending values)."""
    axis = V.axis("diff", axis, V.tensor("diff", "x", x).ndim, scalar_ok=False)
    n = V.integer("diff", "n", n, minimum=0)
    parts = [p for p in (prepend, x, append) if p is not None]
    if len(parts) > 1:
        x = A.concat(parts, axis)
    lead = (slice(None),) * axis
    for _ in range(min(n, x.shape[axis])):  # past the axis' length every further difference is empty
        x = M.sub(S.getitem(x, index=lead + (slice(1, None),)), S.getitem(x, index=lead + (slice(None, -1),)))
    return x


def cdist(x1, x2, p=2.0):
    """p-norm distances between the rows of x1 (.., P, M) and x2 (.., R, M): (.., P, R)."""
    for name, value in (("x1", x1), ("x2", x2)):
        if not mstype.is_float(V.tensor("cdist", name, value)._data.dtype) or value.ndim < 2:
            raise TypeError(f"For 'cdist', the '{name}' must be a float Tensor of rank 2 or more, but got "
                            f"{V.describe(value)}.")
    if x1.shape[-1] != x2.shape[-1] or A.broadcast_shape(x1.shape[:-2], x2.shape[:-2]) is None:
        raise ValueError(f"For 'cdist', the 'x1' {x1.shape} and 'x2' {x2.shape} must have one last dimension and "
                         "batch dimensions that broadcast.")
    if V.number("cdist", "p", p) < 0:
        raise ValueError(f"For 'cdist', the 'p' must be non-negative, but got {p}.")
    difference = M.sub(A.expand_dims(x1, -2), A.expand_dims(x2, -3))
    if p == 0:
        return M.sum(M.cast(M.not_equal(difference, 0), x1.dtype), -1)
    if p == float("inf"):
        return M.amax(M.abs(difference), -1)
    if p == 2.0:
        return M.sqrt(M.sum(M.mul(difference, difference), -1))
    return M.pow(M.sum(M.pow(M.abs(difference), p), -1), 1.0 / p)


def trace(input):
    """The sum of the main diagonal of a matrix."""
    if input.ndim != 2:
        raise ValueError(f"For 'trace', the input must be 2-d, but got shape {input.shape}.")
    index = backend_of(input._data).xp.arange(min(input.shape))
    return M.sum(S.getitem(input, index=(index, index)))


def mv(mat, vec):
    """Matrix-vector product."""
    if mat.ndim != 2 or vec.ndim != 1:
        raise ValueError(f"For 'mv', 'mat' must be 2-d and 'vec' 1-d, but got {mat.shape} and {vec.shape}.")
    return M.matmul(mat, vec)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    return M.add(M.mul(input, beta), M.mul(mv(mat, vec), alpha))


def baddbmm(input, batch1, batch2, beta=1, alpha=1):
    return M.add(M.mul(input, beta), M.mul(M.matmul(batch1, batch2), alpha))


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    return M.add(M.mul(input, beta), M.mul(M.sum(M.matmul(batch1, batch2), 0), alpha))


def addcdiv(input, tensor1, tensor2, value=1):
    return M.add(input, M.mul(M.div(tensor1, tensor2), value))


def addcmul(input, tensor1, tensor2, value=1):
    return M.add(input, M.mul(M.mul(tensor1, tensor2), value))


def bernoulli(input, p=0.5, seed=None):
    """Samples of Bernoulli(p) in input's shape and dtype (p a number or a Tensor of probabilities)."""
    V.tensor("bernoulli", "input", input)
    probability = M.cast(p, mstype.float64) if isinstance(p, Tensor) else V.number("bernoulli", "p", p, 0, 1)
    draws = wrap(generator(seed, "bernoulli").random(input.shape))  # a backend array: compared on the device
    return M.cast(M.less(draws, probability), input.dtype)


def bincount(input, weights=None, minlength=0):
    """Counts (Int64) of each non-negative integer in a 1-d Tensor, or sums (Float64) of their weights."""
    data = V.tensor("bincount", "input", input)._data
    minlength = V.integer("bincount", "minlength", minlength, minimum=0)
    if weights is not None and V.tensor("bincount", "weights", weights).shape != input.shape:
        raise ValueError(f"For 'bincount', the 'weights' must have the input's shape {input.shape}, but got "
                         f"{weights.shape}.")
    if data.ndim != 1 or data.dtype.kind not in "iu" or (data.size and int(data.min()) < 0):
        raise ValueError("For 'bincount', the input must be a 1-d Tensor of non-negative integers.")
    counts = Q.bincount(input, weights, minlength=minlength)
    return counts if weights is not None else M.cast(counts, mstype.int64)


def count_nonzero(x, axis=(), keep_dims=False, dtype=mstype.int32):
    axis = V.axes("count_nonzero", None if isinstance(axis, tuple) and not axis else axis, V.tensor(
        "count_nonzero", "x", x).ndim)
    V.dtype("count_nonzero", "dtype", dtype)
    return M.cast(M.sum(M.cast(M.not_equal(x, 0), mstype.int64), axis, V.flag("count_nonzero", "keep_dims", keep_dims)),
                  dtype)


def cross(input, other, dim=None):
    """The cross product of 3-vectors along `dim` (the first axis of size 3 when None)."""
    if dim is None:
        dim = next((i for i, n in enumerate(input.shape) if n == 3), None)
        if dim is None:
            raise ValueError(f"For 'cross', no dimension of size 3 in {input.shape}.")
    dim = V.axis("cross", dim, input.ndim, "dim", scalar_ok=False)
    if input.shape[dim] != 3 or other.ndim != input.ndim or other.shape[dim] != 3:
        raise ValueError(f"For 'cross', the inputs must have size 3 along dim {dim}, but got shapes {input.shape} "
                         f"and {other.shape}.")
    lead = (slice(None),) * dim
    a = [S.getitem(input, index=lead + (i,)) for i in range(3)]
    b = [S.getitem(other, index=lead + (i,)) for i in range(3)]
    return A.stack([M.sub(M.mul(a[1], b[2]), M.mul(a[2], b[1])), M.sub(M.mul(a[2], b[0]), M.mul(a[0], b[2])),
                    M.sub(M.mul(a[0], b[1]), M.mul(a[1], b[0]))], dim)


def hstack(tensors):
    tensors = list(tensors)
    return A.concat(tensors, 0 if all(t.ndim == 1 for t in tensors) else 1)


def vstack(inputs):
    return A.concat([t.reshape(1, -1) if t.ndim < 2 else t for t in inputs], 0)


def dstack(tensors):
    expanded = []
    for t in tensors:
        if t.ndim == 0:
            t = t.reshape(1, 1, 1)
        elif t.ndim == 1:
            t = t.reshape(1, -1, 1)
        elif t.ndim == 2:
            t = A.expand_dims(t, 2)
        expanded.append(t)
    return A.concat(expanded, 2)


@V.allocates
def histc(input, bins=100, min=0.0, max=0.0):  # noqa: A002 - MindSpore's names
    """Counts of the values in `bins` equal bins over [min, max] (the data's range when both are 0)."""
    if V.tensor("histc", "input", input)._data.dtype.kind not in "iuf":
        raise TypeError(f"For 'histc', the input must be an integer or float Tensor, but got {V.describe(input)}.")
    bins = V.integer("histc", "bins", bins, minimum=1)
    low, high = (float(V.number("histc", name, value)) for name, value in (("min", min), ("max", max)))
    if low > high:
        raise ValueError(f"For 'histc', the 'min' must be <= the 'max', but got {low} and {high}.")
    data = M.cast(input, mstype.float64).reshape(-1)
    if low == high == 0:  # the data's range (NaN falls in no bin)
        xp = backend_of(data._data).xp
        present = data._data[~xp.isnan(data._data)]
        if present.size:
            low, high = float(present.min()), float(present.max())
            if not math.isfinite(low) or not math.isfinite(high):
                raise ValueError(f"For 'histc', the range of the data [{low}, {high}] is not finite; pass min and "
                                 "max.")
    # MindSpore's dtypes: a float input's own, Int32 for integers (so Int8/UInt8 counts cannot wrap)
    dtype = input._data.dtype if input._data.dtype.kind == "f" else mstype.int32._np
    counts, _ = Q.histogram(data, None, bins, limits=(low, high), density=False, dtypes=(dtype, mstype.float64._np))
    return counts


def median(input, axis=-1, keepdims=False):
    """(values, indices) of the lower median along `axis`."""
    axis = V.axis("median", axis, V.tensor("median", "input", input).ndim)
    keepdims = V.flag("median", "keepdims", keepdims)
    if input.ndim == 0:
        return input, Tensor(0, mstype.int64)
    if input.shape[axis] == 0:
        raise ValueError(f"For 'median', the input of shape {input.shape} has no elements along axis {axis}.")
    return kth_smallest(input, (input.shape[axis] - 1) // 2, axis, keepdims)


def kth_smallest(input, k, axis, keepdims):
    """(values, Int64 indices) of the k-th smallest (from 0) along `axis`, equal values in their order."""
    order = I.argsort(input, axis=axis, descending=False)
    index = M.cast(S.getitem(order, index=(slice(None),) * axis + (slice(k, k + 1),)), mstype.int64)
    values = S.gather_elements(input, index, axis=axis)
    if not keepdims:
        values, index = S.squeeze(values, axis=(axis,)), S.squeeze(index, axis=(axis,))
    return values, index


def nansum(input, axis=None, keepdims=False, *, dtype=None):
    cleaned = A.where(M.isnan(input), A.zeros_like(input), input) if input._data.dtype.kind == "f" else input
    return M.sum(cleaned, axis, keepdims, dtype=dtype)


def ravel(input):
    return A.reshape(input, (-1,))


@V.allocates
def repeat_interleave(input, repeats, axis=None):
    """Each element repeated `repeats` times (an int or one count per element) along `axis`."""
    if axis is None:
        input, axis = V.tensor("repeat_interleave", "input", input).reshape(-1), 0
    axis = V.axis("repeat_interleave", axis, V.tensor("repeat_interleave", "input", input).ndim, scalar_ok=False)
    size = input.shape[axis]
    if isinstance(repeats, Tensor):
        data = repeats._data
        if data.dtype.kind not in "iu" or data.ndim > 1 or data.size not in (1, size) or (
                data.size and int(data.min()) < 0):
            raise ValueError(f"For 'repeat_interleave', the 'repeats' must be non-negative integers, 1 or {size} of "
                             f"them (the size of axis {axis}), but got {V.describe(repeats)}.")
        index = Q.repeat_index(repeats, size=size)
    else:
        counts = [V.integer("repeat_interleave", "repeats", n, minimum=0)
                  for n in (repeats if isinstance(repeats, (tuple, list)) else [repeats])]
        if len(counts) not in (1, size):
            raise ValueError(f"For 'repeat_interleave', the 'repeats' must hold 1 or {size} counts (the size of axis "
                             f"{axis}), but got {len(counts)}.")
        xp = backend_of(input._data).xp
        index = wrap(xp.repeat(xp.arange(size, dtype=xp.int64), counts if len(counts) > 1 else counts[0]))
    return A.gather(input, index, axis)


def sparse_grids(xp, shape):
    """NumPy's indices(shape, sparse=True): for each axis, its positions (Int64) shaped to broadcast."""
    return [xp.arange(n).reshape((1,) * axis + (n,) + (1,) * (len(shape) - axis - 1))
            for axis, n in enumerate(shape)]


def _along(index, axis):
    """The full index tuple of an element-wise gather/scatter along `axis` (index gives that axis)."""
    data = index._data
    grids = sparse_grids(backend_of(data).xp, index.shape)
    grids[axis] = data
    return tuple(grids)


def scatter(input, axis, index, src):
    """A copy of input with src[i][j] written at input[index[i][j]][j] (for axis 0)."""
    axis = V.along("scatter", input, axis, index)
    if not isinstance(src, Tensor) and (isinstance(src, bool) or not isinstance(src, (int, float))):
        raise TypeError(f"For 'scatter', the 'src' must be a Tensor or a number, but got {V.describe(src)}.")
    values = src if isinstance(src, Tensor) else Tensor(src, input.dtype)
    if values.ndim and (values.ndim != index.ndim or any(s < n for s, n in zip(values.shape, index.shape))):
        raise ValueError(f"For 'scatter', the 'src' of shape {values.shape} must cover the 'index' of shape "
                         f"{index.shape}.")
    if values.shape != index.shape:
        values = S.getitem(A.broadcast_to(values, index.shape) if values.ndim == 0 else values,
                           index=tuple(slice(0, n) for n in index.shape))
    return S.setitem(input, values, index=_along(index, axis))


def scatter_add_along(input, axis, index, src):
    """A copy of input with src[i][j] added at input[index[i][j]][j] (for axis 0); repeats accumulate."""
    axis = V.along("scatter_add", input, axis, index)
    values = S.getitem(src, index=tuple(slice(0, n) for n in index.shape))
    return E.add(input, S.scatter_add_zeros(values, index=_along(index, axis), shape=input.shape))


def searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None, sorter=None):
    """Indices where `values` would be inserted into the last axis of `sorted_sequence` to keep it sorted."""
    out_int32, right = V.flag("searchsorted", "out_int32", out_int32), V.flag("searchsorted", "right", right)
    if side is not None:
        right = V.option("searchsorted", "side", side, ("left", "right")) == "right"
    sequence = V.tensor("searchsorted", "sorted_sequence", sorted_sequence)
    if isinstance(values, (list, tuple)):
        values = Tensor(values)
    if not isinstance(values, Tensor) and (isinstance(values, bool) or not isinstance(values, (int, float))):
        raise TypeError(f"For 'searchsorted', the 'values' must be a Tensor, a list or a number, but got "
                        f"{V.describe(values)}.")
    query_shape = values.shape if isinstance(values, Tensor) else ()
    if sequence.ndim == 0 or (sequence.ndim > 1 and (len(query_shape) != sequence.ndim
                                                     or query_shape[:-1] != sequence.shape[:-1])):
        raise ValueError(f"For 'searchsorted', the 'sorted_sequence' must be 1-d or match the leading dimensions of "
                         f"'values', but got shapes {sequence.shape} and {query_shape}.")
    if sorter is not None and (V.tensor("searchsorted", "sorter", sorter).shape != sequence.shape
                               or sorter._data.dtype.kind not in "iu"):
        raise ValueError(f"For 'searchsorted', the 'sorter' must be an integer Tensor of shape {sequence.shape}, "
                         f"but got {V.describe(sorter)}.")
    dtype = mstype.int32 if out_int32 else mstype.int64
    return Q.searchsorted(sequence, values, sorter, right=right, dtype=mstype.np_dtype(dtype))


def std_mean(input, axis=None, ddof=0, keepdims=False):
    return M.std(input, axis, ddof, keepdims), M.mean(input, axis, keepdims)


def var_mean(input, axis=None, ddof=0, keepdims=False):
    return M.var(input, axis, ddof, keepdims), M.mean(input, axis, keepdims)


def t(input):
    """A matrix transposed (1-d and 0-d Tensors unchanged)."""
    if input.ndim > 2:
        raise ValueError(f"For 't', the input must have at most 2 dimensions, but got {input.shape}.")
    return A.transpose(input, (1, 0)) if input.ndim == 2 else input


def take(input, index):
    """The elements of the flattened input at `index` (in index's shape)."""
    return A.gather(input.reshape(-1), index, 0)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Runs of equal elements (or slices along dim) collapsed to one; optionally the run of each element
    and each run's length."""
    V.tensor("unique_consecutive", "input", input)
    return_inverse = V.flag("unique_consecutive", "return_inverse", return_inverse)
    return_counts = V.flag("unique_consecutive", "return_counts", return_counts)
    axis = None if dim is None else V.axis("unique_consecutive", dim, input.ndim, "dim", scalar_ok=False)
    result = Q.unique_consecutive(input, axis=axis, return_inverse=return_inverse, return_counts=return_counts)
    return result if len(result) > 1 else result[0]


def hardtanh(input, min_val=-1.0, max_val=1.0):
    return E.clamp(input, low=min_val, high=max_val)


def glu(x, axis=-1):
    """a * sigmoid(b) for the two halves a, b of x along `axis`."""
    axis = V.axis("glu", axis, V.tensor("glu", "x", x).ndim, scalar_ok=False)
    half = x.shape[axis] // 2
    if x.shape[axis] % 2:
        raise ValueError(f"For 'glu', the size of axis {axis} must be even, but got {x.shape[axis]}.")
    lead = (slice(None),) * axis
    return M.mul(S.getitem(x, index=lead + (slice(0, half),)), E.sigmoid(S.getitem(x, index=lead + (slice(half, None),))))


def threshold(input, thr, value):
    """input where input > thr, else value."""
    return A.where(M.greater(input, thr), input, A.full_like(input, value))


def soft_margin_loss(input, target, reduction="mean"):
    """log(1 + exp(-target * input)), reduced."""
    check_reduction(reduction, "soft_margin_loss")
    return _reduce(E.softplus(M.neg(M.mul(target, input))), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1; reduced."""
    check_reduction(reduction, "cosine_embedding_loss")
    eps = input1._data.dtype.type(1e-12)
    dot = M.sum(M.mul(input1, input2), -1)
    norms = M.sqrt(M.mul(M.add(M.sum(M.mul(input1, input1), -1), eps), M.add(M.sum(M.mul(input2, input2), -1), eps)))
    cosine = M.div(dot, norms)
    loss = A.where(M.equal(target, 1), M.sub(1.0, cosine), M.maximum(M.sub(cosine, margin), 0.0))
    return _reduce(loss, reduction)
