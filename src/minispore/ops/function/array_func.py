"""Shape, indexing and creation ops with MindSpore's signatures."""
import itertools
import math
import numbers

from minispore._backend import backend_of, default_backend
from minispore.common import dtype as mstype
from minispore.common.seed import random_generator
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, shape as S
from minispore.ops._prims.inplace import assign_at
from minispore.ops._prims.autocast import autocasting
from minispore.ops.function.math_func import cast, normalize_axes

__all__ = [
    "reshape", "transpose", "permute", "swapaxes", "expand_dims", "unsqueeze", "squeeze", "flatten",
    "broadcast_to", "tile", "concat", "cat", "stack", "split", "chunk", "gather", "gather_elements",
    "one_hot", "sort", "topk", "where", "masked_fill", "select", "flip", "repeat_elements",
    "tensor_getitem", "tensor_setitem", "ones", "zeros", "ones_like", "zeros_like", "full", "full_like",
    "fill", "arange", "linspace", "eye", "rand", "randn", "randint", "rand_like", "randn_like",
    "uniform", "normal", "standard_normal", "randint_like", "shape", "rank", "size", "numel", "narrow",
    "index_select", "meshgrid", "tril", "triu", "unbind",
]


def _shape_arg(shape, op):
    if isinstance(shape, Tensor):
        shape = shape.tolist()
    if isinstance(shape, numbers.Integral):
        return (int(shape),)
    if isinstance(shape, (tuple, list)):
        return tuple(int(n) for n in shape)
    raise TypeError(f"For '{op}', the shape must be an int, a tuple or a list, but got {type(shape).__name__}.")


def _resolved_shape(shape, size, op):
    shape = list(_shape_arg(shape, op))
    if shape.count(-1) > 1:
        raise ValueError(f"For '{op}', only one dimension can be -1, but got {tuple(shape)}.")
    if -1 in shape:
        known = math.prod([n for n in shape if n != -1])
        if known == 0 or size % known:
            raise ValueError(f"For '{op}', cannot reshape a tensor of {size} elements into {tuple(shape)}.")
        shape[shape.index(-1)] = size // known
    if math.prod(shape) != size:
        raise ValueError(f"For '{op}', cannot reshape a tensor of {size} elements into {tuple(shape)}.")
    return tuple(shape)


def reshape(input, shape):
    shape = _resolved_shape(shape, input.size, "reshape")
    if shape == input.shape:
        return input
    return S.reshape(input, shape=shape)


def transpose(input, dims):
    perm = tuple(int(p) % input.ndim for p in dims) if input.ndim else ()
    if sorted(perm) != list(range(input.ndim)):
        raise ValueError(f"For 'transpose', dims {tuple(dims)} is not a permutation of the "
                         f"{input.ndim} axes of a tensor of shape {input.shape}.")
    return S.transpose(input, perm=perm)


def permute(input, axis):
    return transpose(input, axis)


def swapaxes(input, axis0, axis1):
    perm = list(range(input.ndim))
    perm[axis0], perm[axis1] = perm[axis1], perm[axis0]
    return transpose(input, perm)


def expand_dims(input_x, axis):
    axis = axis % (input_x.ndim + 1) if isinstance(axis, int) else axis
    return S.expand_dims(input_x, axis=axis)


def unsqueeze(input, dim):
    """input with a new axis of size 1 at `dim`."""
    return expand_dims(input, dim)


def squeeze(input, axis=None):
    if axis is None:
        axes = tuple(i for i, n in enumerate(input.shape) if n == 1)
    else:
        axes = normalize_axes(axis, input.ndim) or ()
        for a in axes:
            if input.shape[a] != 1:
                raise ValueError(f"For 'squeeze', axis {a} of shape {input.shape} is not of size 1.")
    return S.squeeze(input, axis=axes) if axes else input


def flatten(input, order="C", *, start_dim=1, end_dim=-1):
    """Merge dims start_dim..end_dim (default: keep the batch dim)."""
    old_shape = input._data.shape
    ndim = len(old_shape)
    if ndim == 0:
        return reshape(input, (1,))
    start, end = start_dim % ndim if -ndim <= start_dim < ndim else None, \
        end_dim % ndim if -ndim <= end_dim < ndim else None
    if start is None or end is None or start > end:
        raise ValueError(f"For 'flatten', 'start_dim' or 'end_dim' out of range: start_dim={start_dim}, "
                         f"end_dim={end_dim} for an input of shape {old_shape}.")
    shape = old_shape[:start] + (math.prod(old_shape[start:end + 1]),) + old_shape[end + 1:]
    return S.reshape(input, shape=shape) if shape != old_shape else input


def broadcast_shape(*shapes):
    """The shape that `shapes` broadcast to (NumPy's rules), or None when they do not broadcast."""
    ndim = max((len(shape) for shape in shapes), default=0)
    out = [1] * ndim
    for shape in shapes:
        for axis, n in enumerate(shape, ndim - len(shape)):
            if n != 1:
                if out[axis] not in (1, n):
                    return None
                out[axis] = n
    return tuple(out)


def broadcast_to(input, shape):
    shape = _shape_arg(shape, "broadcast_to")
    lead = len(shape) - input.ndim
    shape = tuple(input.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
    if shape == input.shape:
        return input
    return S.broadcast_to(input, shape=shape)


def tile(input, dims):
    return S.tile(input, reps=tuple(dims))


def _same_dtype(tensors, op):
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"For '{op}', the input sequence must not be empty.")
    first = tensors[0].dtype
    for t in tensors[1:]:
        if t.dtype != first and not autocasting():
            raise TypeError(f"For '{op}', all tensors must have the same dtype, but got {first} and {t.dtype}.")
    return tensors


def concat(tensors, axis=0):
    tensors = _same_dtype(tensors, "concat")
    return S.concat(*tensors, axis=axis % tensors[0].ndim)


cat = concat


def stack(tensors, axis=0):
    tensors = _same_dtype(tensors, "stack")
    return S.stack(*tensors, axis=axis % (tensors[0].ndim + 1))


def split(tensor, split_size_or_sections, axis=0):
    """Split into chunks of a size, or into the given section sizes."""
    axis = axis % tensor.ndim
    length = tensor.shape[axis]
    if isinstance(split_size_or_sections, int):
        bounds = list(range(split_size_or_sections, length, split_size_or_sections))
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != length:
            raise ValueError(f"For 'split', the sections {sizes} must add up to the axis length {length}.")
        bounds = list(itertools.accumulate(sizes))[:-1]
    return S.split(tensor, axis=axis, sections=[int(b) for b in bounds])


def chunk(input, chunks, axis=0):
    length = input.shape[axis]
    return split(input, -(-length // chunks), axis)


def unbind(input, dim=0):
    return tuple(tensor_getitem(input, (slice(None),) * (dim % input.ndim) + (i,))
                 for i in range(input.shape[dim]))


def gather(input_params, input_indices, axis, batch_dims=0):
    """Slices of input_params at input_indices along `axis`; with batch_dims=b the first b dims of params
    and indices are batch dims gathered pairwise (out[b..., i..., rest] = params[b..., indices[b..., i...], rest])."""
    indices = input_indices if isinstance(input_indices, Tensor) else Tensor(input_indices)
    if indices._data.dtype.kind not in "iu":
        raise TypeError(f"For 'gather', the indices must be an integer Tensor, but got {indices.dtype}.")
    axis = axis % input_params.ndim
    if batch_dims:
        _check_batch_dims(input_params, indices, axis, batch_dims)
    size = input_params.shape[axis]
    if indices.size and (indices._data.min() < -size or indices._data.max() >= size):
        raise ValueError(f"For 'gather', the 'input_indices' should be in the range [{-size}, {size}), but got "
                         f"values from {indices._data.min()} to {indices._data.max()}.")
    if batch_dims:
        return _batched_gather(input_params, indices, axis, batch_dims)
    return S.gather(input_params, indices, axis=axis)


def _check_batch_dims(params, indices, axis, batch_dims):
    batch_dims = batch_dims % indices.ndim if batch_dims < 0 else batch_dims
    if batch_dims > indices.ndim or axis < batch_dims:
        raise ValueError(f"For 'gather', 'batch_dims' ({batch_dims}) must be at most the rank of the indices "
                         f"({indices.ndim}) and the axis must be greater than or equal to {batch_dims}, but got "
                         f"{axis}.")
    if params.shape[:batch_dims] != indices.shape[:batch_dims]:
        raise ValueError(f"For 'gather', the first {batch_dims} dims of params {params.shape} and indices "
                         f"{indices.shape} must be equal (batch_dims={batch_dims}).")


def _batched_gather(params, indices, axis, batch_dims):
    """gather with leading batch dims: one advanced index of broadcast batch grids and the indices."""
    batch_dims = batch_dims % indices.ndim if batch_dims < 0 else batch_dims
    xp = backend_of(indices._data).xp
    # params[b..., middle..., indices[b..., i...], rest...]: batch grids shaped to broadcast with indices.
    grids = tuple(xp.arange(n).reshape((1,) * k + (n,) + (1,) * (indices.ndim - k - 1))
                  for k, n in enumerate(indices.shape[:batch_dims]))
    middle = params.ndim and axis - batch_dims
    if middle:
        # Dims between the batch dims and the axis stay whole: move them after the axis.
        perm = tuple(range(batch_dims)) + (axis,) + tuple(range(batch_dims, axis)) + tuple(range(axis + 1, params.ndim))
        moved = S.transpose(params, perm=perm)
        out = S.getitem(moved, index=grids + (indices._data,))
        lead = indices.ndim
        back = tuple(range(batch_dims)) + tuple(range(lead, lead + middle)) + tuple(range(batch_dims, lead)) + \
            tuple(range(lead + middle, out.ndim))
        return S.transpose(out, perm=back)
    return S.getitem(params, index=grids + (indices._data,))


def index_select(input, axis, index):
    return gather(input, index, axis)


def gather_elements(input, dim, index):
    return S.gather_elements(input, index, axis=dim % input.ndim)


def one_hot(indices, depth, on_value=1, off_value=0, axis=-1):
    """One-hot along `axis`; the dtype follows on_value (Python int: Int64, float: Float32)."""
    on = on_value._data if isinstance(on_value, Tensor) else Tensor(on_value)._data
    off = off_value._data if isinstance(off_value, Tensor) else Tensor(off_value)._data.astype(on.dtype)
    return S.one_hot(indices, on, off, depth=int(depth), axis=axis)


def sort(input_x, axis=-1, descending=False):
    """(values, Int32 indices) sorted along `axis`; equal values keep their order."""
    return S.sort(input_x, axis=axis % input_x.ndim, descending=descending)


def topk(input, k, dim=None, largest=True, sorted=True):
    """(values, Int32 indices) of the k largest (or smallest) entries along `dim` (default: the last);
    with sorted=False they come in the order they have in the input."""
    axis = (-1 if dim is None else dim) % input.ndim
    values, indices = S.topk(input, k=int(k), axis=axis, largest=largest)
    if not sorted:
        order = S.sort(E.cast(indices, dtype=_FLOAT64), axis=axis, descending=False)[1]
        values = S.gather_elements(values, order, axis=axis)
        indices = S.gather_elements(indices, order, axis=axis)
    return values, indices


def flip(input, dims):
    return S.flip(input, axis=normalize_axes(dims, input.ndim))


def repeat_elements(x, rep, axis=0):
    expanded = expand_dims(x, axis + 1)
    reps = [1] * expanded.ndim
    reps[axis + 1] = rep
    tiled = tile(expanded, reps)
    shape = list(x.shape)
    shape[axis] *= rep
    return reshape(tiled, shape)


def where(condition, input, other):
    from minispore.ops.function.math_func import _operands
    x, y = _operands(input, other)
    if not isinstance(x, Tensor):
        x = Tensor(x, y.dtype if isinstance(y, Tensor) else None)
    return E.where(condition, x, y)


select = where


def masked_fill(input_x, mask, value):
    if isinstance(value, Tensor):
        value = cast(value, input_x.dtype)
    return E.where(mask, value, input_x)


def tril(input, diagonal=0):
    xp = backend_of(input._data).xp
    mask = xp.tril(xp.ones(input.shape[-2:], dtype=bool), diagonal)
    return E.where(wrap(mask), input, 0)


def triu(input, diagonal=0):
    xp = backend_of(input._data).xp
    mask = xp.triu(xp.ones(input.shape[-2:], dtype=bool), diagonal)
    return E.where(wrap(mask), input, 0)


def narrow(input, axis, start, length):
    return tensor_getitem(input, (slice(None),) * (axis % input.ndim) + (slice(start, start + length),))


def _index(index, backend):
    """A static index for the getitem primitive: Tensors, lists and host arrays become arrays of `backend`; a
    list of integral floats becomes an int64 array (MindSpore accepts x[[0.0, 1.0]])."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, list):
        xp = backend.xp
        values = xp.asarray([i._data if isinstance(i, Tensor) else i for i in index])
        if values.dtype.kind == "f" and values.size and bool((values == xp.floor(values)).all()):
            return values.astype(_INT64)
        return values
    if isinstance(index, tuple):
        return tuple(_index(i, backend) for i in index)
    if isinstance(index, mstype.HostArray):
        return backend.asarray(index)  # host data moves to the device
    return index


def tensor_getitem(x, index):
    """`x[index]` for ints, slices, None, Ellipsis, bools, int/bool arrays, lists and Tensors."""
    if type(index) is not int and type(index) is not slice:
        index = _index(index, backend_of(x._data))
    try:
        return S.getitem(x, index=index)
    except IndexError as error:
        message = f"{error}".replace("For 'getitem', ", "")
        if "boolean index did not match" in message:
            raise ValueError(f"The shape of a boolean index must match the indexed dims: {message}") from None
        raise IndexError(message) from None


def tensor_setitem(x, index, value):
    """`x[index] = value`, in place (recorded as a write under a gradient scope)."""
    if value is None:
        raise TypeError("Tensor setitem only support numbers, Tensor, tuple, list as value, but got None")
    index = _index(index, backend_of(x._data))
    if isinstance(value, (tuple, list)):
        value = Tensor(value)
    if isinstance(value, Tensor) and value.dtype != x.dtype:
        value = cast(value, x.dtype)
    assign_at(x, value, index=index)


_FLOAT32 = mstype.np_dtype(mstype.float32)
_INT64 = mstype.np_dtype(mstype.int64)
_DTYPE_ARGS = (mstype.Type, type, mstype.HostDType, str)
_FLOAT64 = mstype.np_dtype(mstype.float64)


def _dtype(dtype, default):
    """The array dtype of a dtype argument, or `default` (an array dtype) when it is None."""
    return mstype.np_dtype(dtype) if dtype is not None else default


def ones(shape, dtype=None):
    """Ones of `shape` (int, tuple, list or Tensor); Float32 by default."""
    if dtype is not None and not isinstance(dtype, _DTYPE_ARGS):
        raise TypeError(f"For 'Ones', the input 'dtype' should be mindspore dtype, but got {dtype}.")
    return wrap(default_backend().xp.ones(_shape_arg(shape, "ones"), _dtype(dtype, _FLOAT32)))


def zeros(size, dtype=None):
    if dtype is not None and not isinstance(dtype, _DTYPE_ARGS):
        raise TypeError(f"For 'Zeros', the input 'dtype' should be mindspore dtype, but got {dtype}.")
    return wrap(default_backend().xp.zeros(_shape_arg(size, "zeros"), _dtype(dtype, _FLOAT32)))


def ones_like(input, *, dtype=None):
    return wrap(backend_of(input._data).xp.ones(input.shape, _dtype(dtype, input._data.dtype)))


def zeros_like(input, *, dtype=None):
    return wrap(backend_of(input._data).xp.zeros(input.shape, _dtype(dtype, input._data.dtype)))


def full(size, fill_value, *, dtype=None):
    """Filled with `fill_value`; the dtype follows the value (a float gives Float32)."""
    if dtype is None:
        # A bool fill gives Int64 in MindSpore; a float fill keeps its Float32 (see differences.md).
        dtype = fill_value.dtype if isinstance(fill_value, Tensor) else \
            mstype.int64 if isinstance(fill_value, bool) else Tensor(fill_value).dtype
    if isinstance(fill_value, Tensor):
        backend, value = backend_of(fill_value._data), fill_value._data
    else:
        backend, value = default_backend(), fill_value
    return wrap(backend.xp.full(_shape_arg(size, "full"), value, mstype.np_dtype(dtype)))


def full_like(input, fill_value, *, dtype=None):
    return full(input.shape, fill_value, dtype=dtype if dtype is not None else input.dtype)


def fill(type, shape, value):
    return full(shape, value, dtype=type)


def arange(start=0, end=None, step=1, *, dtype=None):
    """Int64 for integer arguments, Float32 otherwise."""
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    if values[1] is None:
        values = [0, values[0], values[2]]
    default = _INT64 if all(isinstance(v, numbers.Integral) for v in values) else _FLOAT32
    return wrap(default_backend().xp.arange(*values).astype(_dtype(dtype, default)))


def linspace(start, end, steps):
    start, end = (v.item() if isinstance(v, Tensor) else v for v in (start, end))
    return wrap(default_backend().xp.linspace(start, end, int(steps), dtype=_FLOAT32))


def eye(n, m=None, dtype=None):
    return wrap(default_backend().xp.eye(n, m, dtype=_dtype(dtype, _FLOAT32)))


def _size(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    return tuple(size)


def rand(*size, dtype=None, seed=None):
    """U[0, 1) of `size`; Float32 unless `dtype`. `seed` as MindSpore's op seeds (common/seed.py)."""
    values = random_generator(seed, "rand").random(_size(size))
    return wrap(values.astype(_dtype(dtype, _FLOAT32)))


def randn(*size, dtype=None, seed=None):
    values = random_generator(seed, "randn").standard_normal(_size(size))
    return wrap(values.astype(_dtype(dtype, _FLOAT32)))


def standard_normal(shape, seed=None):
    values = random_generator(seed, "standard_normal").standard_normal(_shape_arg(shape, "standard_normal"))
    return wrap(values.astype(_FLOAT32))


def randint(low, high, size, seed=None, *, dtype=None):
    values = random_generator(seed, "randint").integers(low, high, _size((size,)), dtype=_INT64)
    return wrap(values.astype(_dtype(dtype, _INT64)))


def randint_like(input, low, high, seed=None, *, dtype=None):
    """Integers in [low, high) shaped like input, in input's (integer) dtype unless `dtype` is given."""
    dtype = dtype if dtype is not None else input.dtype
    if mstype.np_dtype(dtype).kind not in "iu":
        raise ValueError(f"For 'randint_like', the 'dtype' must be an int type, but got {dtype}.")
    return randint(low, high, input.shape, seed=seed, dtype=dtype)


def rand_like(input, seed=None, *, dtype=None):
    """Uniform [0, 1) samples shaped like input, in input's (float) dtype unless `dtype` is given."""
    dtype = dtype if dtype is not None else input.dtype
    if mstype.np_dtype(dtype).kind != "f":
        raise ValueError(f"For 'rand_like', the 'dtype' must be a float type, but got {dtype}.")
    return rand(input.shape, dtype=dtype, seed=seed)


def randn_like(input, seed=None, *, dtype=None):
    """Standard normal samples shaped like input; Float32 unless `dtype` is given (whatever input's dtype)."""
    return randn(input.shape, dtype=dtype if dtype is not None else mstype.float32, seed=seed)


def uniform(shape, minval, maxval, seed=None, dtype=mstype.float32):
    low = minval.item() if isinstance(minval, Tensor) else minval
    high = maxval.item() if isinstance(maxval, Tensor) else maxval
    values = random_generator(seed, "uniform").uniform(low, high, _shape_arg(shape, "uniform"))
    return wrap(values.astype(_dtype(dtype, _FLOAT32)))


def normal(shape, mean, stddev, seed=None):
    mu = mean._data if isinstance(mean, Tensor) else mean
    sigma = stddev._data if isinstance(stddev, Tensor) else stddev
    values = random_generator(seed, "normal").normal(mu, sigma, _shape_arg(shape, "normal"))
    return wrap(values.astype(_FLOAT32))


def meshgrid(*inputs, indexing="xy"):
    """Coordinate grids of 1-D Tensors of one dtype: 'xy' (Cartesian, first two axes swapped) or 'ij' (matrix)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"For 'meshgrid', 'indexing' must be 'xy' or 'ij', but got {indexing!r}.")
    for position, t in enumerate(inputs):
        if not isinstance(t, Tensor) or t.ndim != 1:
            raise ValueError(f"For 'meshgrid', every input must be a 1-D Tensor, but input {position} is "
                             f"{t.shape if isinstance(t, Tensor) else type(t).__name__}.")
        if t.dtype != inputs[0].dtype:
            raise ValueError(f"For 'meshgrid', all tensors should have the same type, but got {inputs[0].dtype} and "
                             f"{t.dtype}.")
    sizes = [t.shape[0] for t in inputs]
    if indexing == "xy" and len(inputs) > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for position, t in enumerate(inputs):
        axis = {0: 1, 1: 0}.get(position, position) if indexing == "xy" and len(inputs) > 1 else position
        shape = [1] * len(inputs)
        shape[axis] = t.shape[0]
        grids.append(S.broadcast_to(S.reshape(t, shape=tuple(shape)), shape=tuple(sizes)))
    return tuple(grids)


def shape(input_x):
    return input_x.shape


def rank(input_x):
    return input_x.ndim


def size(input_x):
    return input_x.size


def numel(input):
    """The number of elements."""
    return input.size
