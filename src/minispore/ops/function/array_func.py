"""Shape, indexing and creation ops with MindSpore's signatures."""
import itertools
import math
import numbers

from minispore._backend import backend_of, default_backend
from minispore.common import _validate as V, dtype as mstype
from minispore.common.seed import random_generator
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, shape as S
from minispore.ops._prims.inplace import assign_at
from minispore.ops._prims.autocast import autocasting
from minispore.ops.function.math_func import cast

__all__ = [
    "reshape", "transpose", "permute", "swapaxes", "expand_dims", "unsqueeze", "squeeze", "flatten",
    "broadcast_to", "tile", "concat", "cat", "stack", "split", "chunk", "gather", "gather_elements",
    "one_hot", "sort", "topk", "where", "masked_fill", "select", "flip", "repeat_elements",
    "tensor_getitem", "tensor_setitem", "ones", "zeros", "ones_like", "zeros_like", "full", "full_like",
    "fill", "arange", "linspace", "eye", "rand", "randn", "randint", "rand_like", "randn_like",
    "uniform", "normal", "standard_normal", "randint_like", "shape", "rank", "size", "numel", "narrow",
    "index_select", "meshgrid", "tril", "triu", "unbind",
]

_MAX_INT32 = 2 ** 31 - 1


def _shape_arg(shape, op):
    return V.shape(op, "shape", shape)


def _resolved_shape(shape, size, op):
    shape = list(V.shape(op, "shape", shape, minus_one=True))
    if -1 in shape:
        known = math.prod([n for n in shape if n != -1])
        if known == 0 and size == 0:  # nothing to spread: -1 stands for 0, as in MindSpore
            return tuple(0 if n == -1 else n for n in shape)
        if known == 0 or size % known:
            raise ValueError(f"For '{op}', cannot reshape a tensor of {size} elements into {tuple(shape)}.")
        shape[shape.index(-1)] = size // known
    if math.prod(shape) != size:
        raise ValueError(f"For '{op}', cannot reshape a tensor of {size} elements into {tuple(shape)}.")
    return tuple(shape)


def reshape(input, shape):
    V.tensor("reshape", "input", input)
    shape = _resolved_shape(shape, input.size, "reshape")
    if shape == input.shape:
        return input
    return S.reshape(input, shape=shape)


def transpose(input, dims):
    V.tensor("transpose", "input", input)
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"For 'transpose', the 'dims' must be a tuple or list of ints, but got {V.describe(dims)}.")
    if len(dims) != input.ndim:
        raise ValueError(f"For 'transpose', the 'dims' must have one entry per dimension of the input "
                         f"({input.ndim}), but got {tuple(dims)} for shape {input.shape}.")
    perm = tuple(V.axis("transpose", p, input.ndim, "dims") for p in dims) if input.ndim else ()
    if sorted(perm) != list(range(input.ndim)):
        raise ValueError(f"For 'transpose', dims {tuple(dims)} is not a permutation of the "
                         f"{input.ndim} axes of a tensor of shape {input.shape}.")
    return S.transpose(input, perm=perm)


def permute(input, axis):
    return transpose(input, axis)


def swapaxes(input, axis0, axis1):
    V.tensor("swapaxes", "input", input)
    axis0 = V.axis("swapaxes", axis0, input.ndim, "axis0", scalar_ok=False)
    axis1 = V.axis("swapaxes", axis1, input.ndim, "axis1", scalar_ok=False)
    perm = list(range(input.ndim))
    perm[axis0], perm[axis1] = perm[axis1], perm[axis0]
    return transpose(input, perm)


def expand_dims(input_x, axis):
    V.tensor("expand_dims", "input_x", input_x)
    axis = V.axis("expand_dims", axis, input_x.ndim, extra=1, scalar_ok=False)
    return S.expand_dims(input_x, axis=axis)


def unsqueeze(input, dim):
    """input with a new axis of size 1 at `dim`."""
    return expand_dims(input, dim)


def squeeze(input, axis=None):
    """Drop dimensions of size 1 (only those among `axis`; others named there are left, as in MindSpore)."""
    V.tensor("squeeze", "input", input)
    if axis is None or isinstance(axis, (tuple, list)) and not axis:  # MindSpore: None means (), every axis
        axes = tuple(i for i, n in enumerate(input.shape) if n == 1)
    else:
        axes = tuple(a for a in V.axes("squeeze", axis, input.ndim) or () if input.shape[a] == 1)
    return S.squeeze(input, axis=axes) if axes else input


def flatten(input, order="C", *, start_dim=1, end_dim=-1):
    """Merge dims start_dim..end_dim (default: keep the batch dim)."""
    V.tensor("flatten", "input", input)
    if order not in ("C", "F"):
        raise ValueError(f"For 'flatten', the 'order' must be 'C' or 'F', but got {order!r}.")
    old_shape = input._data.shape
    ndim = len(old_shape)
    if ndim == 0:  # MindSpore flattens a 0-d Tensor to (1,) whatever the dims
        return reshape(input, (1,))
    start = V.axis("flatten", start_dim, ndim, "start_dim")
    end = V.axis("flatten", end_dim, ndim, "end_dim")
    if start > end:
        raise ValueError(f"For 'flatten', 'start_dim' ({start_dim}) must not come after 'end_dim' ({end_dim}) for an "
                         f"input of shape {old_shape}.")
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
    """`input` broadcast to `shape`; -1 keeps the input's size of that (existing) dimension."""
    V.tensor("broadcast_to", "input", input)
    if isinstance(shape, Tensor):
        shape = shape.tolist()
    if isinstance(shape, int):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not all(isinstance(n, int) and not isinstance(n, bool) for n in shape):
        raise TypeError(f"For 'broadcast_to', the 'shape' must be a tuple of ints, but got {V.describe(shape)}.")
    lead = len(shape) - input.ndim
    if lead < 0:
        raise ValueError(f"For 'broadcast_to', the 'shape' {tuple(shape)} has fewer dimensions than the input "
                         f"{input.shape}.")
    if any(n == -1 for n in shape[:lead]) or any(n < -1 for n in shape):
        raise ValueError(f"For 'broadcast_to', -1 may only stand for an existing dimension of the input {input.shape} "
                         f"and other sizes must be non-negative, but got {tuple(shape)}.")
    shape = tuple(input.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
    for have, want in zip(input.shape, shape[lead:]):
        if have != want and have != 1:
            raise ValueError(f"For 'broadcast_to', cannot broadcast a tensor of shape {input.shape} to {shape}: each "
                             "dimension must be equal to the target or 1.")
    if shape == input.shape:
        return input
    return S.broadcast_to(input, shape=shape)


def tile(input, dims):
    V.tensor("tile", "input", input)
    reps = V.shape("tile", "dims", dims)
    return S.tile(input, reps=reps)


def _same_dtype(tensors, op):
    tensors = V.tensors(op, "tensors", tensors)
    first = tensors[0].dtype
    for t in tensors[1:]:
        if t.dtype != first and not autocasting():
            raise TypeError(f"For '{op}', all tensors must have the same dtype, but got {first} and {t.dtype}.")
    return tensors


def concat(tensors, axis=0):
    tensors = _same_dtype(tensors, "concat")
    first = tensors[0]
    axis = V.axis("concat", axis, first.ndim, scalar_ok=False)
    for position, t in enumerate(tensors[1:], 1):
        if t.ndim != first.ndim or t.shape[:axis] + t.shape[axis + 1:] != first.shape[:axis] + first.shape[axis + 1:]:
            raise ValueError(f"For 'concat', every tensor must have the shape of tensor 0 {first.shape} except along "
                             f"axis {axis}, but tensor {position} has shape {t.shape}.")
    return S.concat(*tensors, axis=axis)


cat = concat


def stack(tensors, axis=0):
    tensors = _same_dtype(tensors, "stack")
    axis = V.axis("stack", axis, tensors[0].ndim, extra=1, scalar_ok=False)
    for position, t in enumerate(tensors[1:], 1):
        if t.shape != tensors[0].shape:
            raise ValueError(f"For 'stack', every tensor must have the shape of tensor 0 {tensors[0].shape}, but "
                             f"tensor {position} has shape {t.shape}.")
    return S.stack(*tensors, axis=axis)


def split(tensor, split_size_or_sections, axis=0):
    """Split into chunks of a size, or into the given section sizes."""
    V.tensor("split", "tensor", tensor)
    axis = V.axis("split", axis, tensor.ndim, scalar_ok=False)
    length = tensor.shape[axis]
    if isinstance(split_size_or_sections, (tuple, list)):
        sizes = [V.integer("split", "split_size_or_sections", n, 0) for n in split_size_or_sections]
        if sum(sizes) != length:
            raise ValueError(f"For 'split', the sections {sizes} must add up to the axis length {length}.")
        bounds = list(itertools.accumulate(sizes))[:-1]
    else:
        size = V.integer("split", "split_size_or_sections", split_size_or_sections, 1, _MAX_INT32)
        bounds = list(range(size, length, size))
    return S.split(tensor, axis=axis, sections=[int(b) for b in bounds])


def chunk(input, chunks, axis=0):
    """`chunks` pieces of (nearly) equal size along `axis`: ceil(length / chunks) each, the last smaller."""
    V.tensor("chunk", "input", input)
    chunks = V.integer("chunk", "chunks", chunks, 1, _MAX_INT32)
    axis = V.axis("chunk", axis, input.ndim, scalar_ok=False)
    length = input.shape[axis]
    return split(input, max(-(-length // chunks), 1), axis)


def unbind(input, dim=0):
    V.tensor("unbind", "input", input)
    dim = V.axis("unbind", dim, input.ndim, "dim", scalar_ok=False)
    return tuple(tensor_getitem(input, (slice(None),) * dim + (i,)) for i in range(input.shape[dim]))


def _indices(op, name, value):
    indices = value if isinstance(value, Tensor) else Tensor(value) if isinstance(value, (list, tuple, int)) \
        else V.tensor(op, name, value)
    if indices._data.dtype.kind not in "iu":
        raise TypeError(f"For '{op}', the '{name}' must be an integer Tensor, but got {indices.dtype}.")
    return indices


def _check_index_range(op, name, indices, size):
    if indices.size and (indices._data.min() < 0 or indices._data.max() >= size):
        raise ValueError(f"For '{op}', the '{name}' should be in the range [0, {size}), but got values from "
                         f"{indices._data.min()} to {indices._data.max()}.")


def gather(input_params, input_indices, axis, batch_dims=0):
    """Slices of input_params at input_indices along `axis`; with batch_dims=b the first b dims of params
    and indices are batch dims gathered pairwise (out[b..., i..., rest] = params[b..., indices[b..., i...], rest])."""
    V.tensor("gather", "input_params", input_params)
    indices = _indices("gather", "input_indices", input_indices)
    axis = V.axis("gather", axis, input_params.ndim, scalar_ok=False)
    if V.integer("gather", "batch_dims", batch_dims, -indices.ndim, indices.ndim):
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
    index = _indices("gather_elements", "index", index)
    return S.gather_elements(input, index, axis=V.along("gather_elements", input, dim, index, dim_name="dim"))


def one_hot(indices, depth, on_value=1, off_value=0, axis=-1):
    """One-hot along `axis`; the dtype follows on_value (Python int: Int64, float: Float32).

    Indices outside [0, depth) give a row of off_value, as in MindSpore."""
    indices = _indices("one_hot", "indices", indices)
    depth = V.integer("one_hot", "depth", depth, 0)
    if not isinstance(axis, int) or isinstance(axis, bool) or not -1 <= axis <= indices.ndim:
        raise ValueError(f"For 'one_hot', the 'axis' must be in range [-1, {indices.ndim}], but got {axis!r}.")
    for name, value in (("on_value", on_value), ("off_value", off_value)):
        if not isinstance(value, (Tensor, numbers.Number)) or isinstance(value, Tensor) and value.size != 1:
            raise TypeError(f"For 'one_hot', the '{name}' must be a number or a one-element Tensor, but got "
                            f"{V.describe(value)}.")
    on = on_value._data if isinstance(on_value, Tensor) else Tensor(on_value)._data
    off = off_value._data if isinstance(off_value, Tensor) else Tensor(off_value)._data.astype(on.dtype)
    return S.one_hot(indices, on, off, depth=depth, axis=axis)


def sort(input_x, axis=-1, descending=False):
    """(values, Int32 indices) sorted along `axis`; equal values keep their order."""
    V.tensor("sort", "input_x", input_x)
    axis = V.axis("sort", axis, input_x.ndim, scalar_ok=False)
    return S.sort(input_x, axis=axis, descending=V.flag("sort", "descending", descending))


def topk(input, k, dim=None, largest=True, sorted=True):
    """(values, Int32 indices) of the k largest (or smallest) entries along `dim` (default: the last);
    with sorted=False they come in the order they have in the input."""
    V.tensor("topk", "input", input)
    largest, sorted = V.flag("topk", "largest", largest), V.flag("topk", "sorted", sorted)
    axis = V.axis("topk", -1 if dim is None else dim, input.ndim, "dim", scalar_ok=False)
    length = input.shape[axis]
    k = V.integer("topk", "k", k)
    if not 0 < k <= length:
        raise ValueError(f"For 'topk', the 'k' must be in (0, {length}] (the length of dimension {axis}), but got {k}.")
    values, indices = S.topk(input, k=k, axis=axis, largest=largest)
    if not sorted:
        order = S.sort(E.cast(indices, dtype=_FLOAT64), axis=axis, descending=False)[1]
        values = S.gather_elements(values, order, axis=axis)
        indices = S.gather_elements(indices, order, axis=axis)
    return values, indices


def flip(input, dims):
    V.tensor("flip", "input", input)
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"For 'flip', the 'dims' must be a tuple or list of ints, but got {V.describe(dims)}.")
    if input.ndim == 0:
        raise ValueError("For 'flip', the input must have at least 1 dimension, but got a 0-d Tensor.")
    axes = V.axes("flip", list(dims), input.ndim, "dims")
    return S.flip(input, axis=axes) if axes else input


def repeat_elements(x, rep, axis=0):
    """Each element repeated `rep` times along `axis` (np.repeat)."""
    V.tensor("repeat_elements", "x", x)
    rep = V.integer("repeat_elements", "rep", rep, 1, _MAX_INT32)
    axis = V.axis("repeat_elements", axis, x.ndim, scalar_ok=False)
    expanded = S.expand_dims(x, axis=axis + 1)
    reps = [1] * expanded.ndim
    reps[axis + 1] = rep
    tiled = tile(expanded, reps)
    shape = list(x.shape)
    shape[axis] *= rep
    return reshape(tiled, shape)


def where(condition, input, other):
    from minispore.ops.function.math_func import _operands
    V.tensor("where", "condition", condition)
    if condition._data.dtype.kind != "b":
        raise TypeError(f"For 'where', the 'condition' must be a bool Tensor, but got {condition.dtype}.")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        input = Tensor(input)  # two Python scalars: MindSpore's defaults (1.0 -> Float32, 1 -> Int64)
    x, y = _operands(input, other, "where")
    if not isinstance(x, Tensor):
        x = Tensor(x, y.dtype if isinstance(y, Tensor) else None)
    return E.where(condition, x, y)


select = where


def masked_fill(input_x, mask, value):
    V.tensor("masked_fill", "input_x", input_x)
    V.tensor("masked_fill", "mask", mask)
    if mask._data.dtype.kind != "b":
        raise TypeError(f"For 'masked_fill', the 'mask' must be a bool Tensor, but got {mask.dtype}.")
    if isinstance(value, Tensor):
        value = cast(value, input_x.dtype)
    elif isinstance(value, numbers.Number):
        value = Tensor(value, input_x.dtype)  # the value takes the input's dtype, as in MindSpore
    else:
        raise TypeError(f"For 'masked_fill', the 'value' must be a number or a Tensor, but got {V.describe(value)}.")
    return E.where(mask, value, input_x)


def _triangle(op, input, diagonal):
    V.tensor(op, "input", input)
    if input.ndim < 2:
        raise ValueError(f"For '{op}', the input must have at least 2 dimensions, but got shape {input.shape}.")
    diagonal = V.integer(op, "diagonal", diagonal)
    xp = backend_of(input._data).xp
    mask = getattr(xp, op)(xp.ones(input.shape[-2:], dtype=bool), diagonal)
    return E.where(wrap(mask), input, input._data.dtype.type(0))


def tril(input, diagonal=0):
    return _triangle("tril", input, diagonal)


def triu(input, diagonal=0):
    return _triangle("triu", input, diagonal)


def narrow(input, axis, start, length):
    """The `length` elements from `start` along `axis` (the window must lie inside the axis)."""
    V.tensor("narrow", "input", input)
    axis = V.axis("narrow", axis, input.ndim, scalar_ok=False)
    size = input.shape[axis]
    start = V.integer("narrow", "start", start)
    length = V.integer("narrow", "length", length)
    if not 0 <= start < size:
        raise ValueError(f"For 'narrow', the 'start' must be in range [0, {size}), but got {start}.")
    if not 1 <= length <= size - start:
        raise ValueError(f"For 'narrow', the 'length' must be in range [1, {size - start}], but got {length}.")
    return tensor_getitem(input, (slice(None),) * axis + (slice(start, start + length),))


def _index(index, backend):
    """A static index for the getitem primitive: Tensors, lists and host arrays become arrays of `backend`; a
    list of integral floats becomes an int64 array (MindSpore accepts x[[0.0, 1.0]])."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, list):
        xp = backend.xp
        try:
            values = xp.asarray([i._data if isinstance(i, Tensor) else i for i in index])
        except ValueError:
            raise IndexError(f"For 'getitem', a list index must be rectangular (one array of ints or bools), but "
                             f"got {index!r}.") from None
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
    V.tensor("getitem", "input", x)
    if type(index) is not int and type(index) is not slice:
        index = _index(index, backend_of(x._data))
    try:
        return S.getitem(x, index=index)
    except IndexError as error:
        message = f"{error}".replace("For 'getitem', ", "")
        if "boolean index did not match" in message:
            raise ValueError(f"For 'getitem', the shape of a boolean index must match the indexed dims: "
                             f"{message}") from None
        if "out of bounds" in message:  # MindSpore's own words: "index 5 is out of bounds for dimension ..."
            raise IndexError(message) from None
        raise IndexError(f"For 'getitem', {message}") from None


def tensor_setitem(x, index, value):
    """`x[index] = value`, in place (recorded as a write under a gradient scope)."""
    V.tensor("setitem", "input", x)
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


def _dtype(dtype, default, op="Tensor"):
    """The array dtype of a dtype argument, or `default` (an array dtype) when it is None."""
    return V.dtype(op, "dtype", dtype) if dtype is not None else default


def _fill_value(op, value):
    if isinstance(value, Tensor):
        if value.size != 1:
            raise ValueError(f"For '{op}', a Tensor fill value must have one element, but got shape {value.shape}.")
        return value._data.reshape(())
    if not isinstance(value, numbers.Number):
        raise TypeError(f"For '{op}', the fill value must be a number or a one-element Tensor, but got "
                        f"{V.describe(value)}.")
    return value


@V.allocates
def ones(shape, dtype=None):
    """Ones of `shape` (int, tuple, list or Tensor); Float32 by default."""
    if dtype is not None and not isinstance(dtype, _DTYPE_ARGS):
        raise TypeError(f"For 'Ones', the input 'dtype' should be mindspore dtype, but got {dtype}.")
    return wrap(default_backend().xp.ones(_shape_arg(shape, "ones"), _dtype(dtype, _FLOAT32, "ones")))


@V.allocates
def zeros(size, dtype=None):
    if dtype is not None and not isinstance(dtype, _DTYPE_ARGS):
        raise TypeError(f"For 'Zeros', the input 'dtype' should be mindspore dtype, but got {dtype}.")
    return wrap(default_backend().xp.zeros(V.shape("zeros", "size", size), _dtype(dtype, _FLOAT32, "zeros")))


@V.allocates
def ones_like(input, *, dtype=None):
    V.tensor("ones_like", "input", input)
    return wrap(backend_of(input._data).xp.ones(input.shape, _dtype(dtype, input._data.dtype, "ones_like")))


@V.allocates
def zeros_like(input, *, dtype=None):
    V.tensor("zeros_like", "input", input)
    return wrap(backend_of(input._data).xp.zeros(input.shape, _dtype(dtype, input._data.dtype, "zeros_like")))


@V.allocates
def full(size, fill_value, *, dtype=None):
    """Filled with `fill_value`; the dtype follows the value (a float gives Float32)."""
    value = _fill_value("full", fill_value)
    if dtype is None:
        # A bool fill gives Int64 in MindSpore; a float fill keeps its Float32 (see differences.md).
        dtype = fill_value.dtype if isinstance(fill_value, Tensor) else \
            mstype.int64 if isinstance(fill_value, bool) else Tensor(fill_value).dtype
    np_dtype = _dtype(dtype, None, "full")
    backend = backend_of(fill_value._data) if isinstance(fill_value, Tensor) else default_backend()
    try:
        return wrap(backend.xp.full(V.shape("full", "size", size), value, np_dtype))
    except OverflowError:
        raise ValueError(f"For 'full', the fill value {value} does not fit the dtype {mstype.to_dtype(np_dtype)}.") \
            from None


def full_like(input, fill_value, *, dtype=None):
    V.tensor("full_like", "input", input)
    return full(input.shape, fill_value, dtype=dtype if dtype is not None else input.dtype)


def fill(type, shape, value):
    return full(V.shape("fill", "shape", shape), value, dtype=V.dtype("fill", "type", type))


def _real(op, name, value):
    if isinstance(value, Tensor):
        if value.size != 1:
            raise ValueError(f"For '{op}', the '{name}' must be a number or a one-element Tensor, but got shape "
                             f"{value.shape}.")
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"For '{op}', the '{name}' must be a number, but got {V.describe(value)}.")
    return value


@V.allocates
def arange(start=0, end=None, step=1, *, dtype=None):
    """Int64 for integer arguments, Float32 otherwise."""
    if end is None:
        start, end = 0, start
    start, end, step = (_real("arange", name, v) for name, v in (("start", start), ("end", end), ("step", step)))
    if not all(math.isfinite(v) for v in (start, end, step)):
        raise ValueError(f"For 'arange', 'start', 'end' and 'step' must be finite, but got {start}, {end}, {step}.")
    if step == 0:
        raise ValueError("For 'arange', the 'step' cannot be 0.")
    if (end - start) * step < 0:
        raise ValueError(f"For 'arange', the 'step' {step} goes away from 'end' {end} starting at {start}.")
    if math.ceil((end - start) / step) >= 2 ** 63:
        raise ValueError(f"For 'arange', the range [{start}, {end}) in steps of {step} has more elements than a "
                         "Tensor can hold.")
    default = _INT64 if all(isinstance(v, numbers.Integral) for v in (start, end, step)) else _FLOAT32
    return wrap(default_backend().xp.arange(start, end, step).astype(_dtype(dtype, default, "arange")))


@V.allocates
def linspace(start, end, steps):
    start, end = _real("linspace", "start", start), _real("linspace", "end", end)
    steps = V.integer("linspace", "steps", steps, 1)
    return wrap(default_backend().xp.linspace(start, end, steps, dtype=_FLOAT32))


@V.allocates
def eye(n, m=None, dtype=None):
    n = V.integer("eye", "n", n, 0)
    m = n if m is None else V.integer("eye", "m", m, 0)
    return wrap(default_backend().xp.eye(n, m, dtype=_dtype(dtype, _FLOAT32, "eye")))


def _size(size, op):
    if len(size) == 1 and isinstance(size[0], (tuple, list, Tensor)):
        size = size[0]
    return V.shape(op, "size", tuple(size) if isinstance(size, list) else size)


@V.allocates
def rand(*size, dtype=None, seed=None):
    """U[0, 1) of `size`; Float32 unless `dtype`. `seed` as MindSpore's op seeds (common/seed.py)."""
    shape, np_dtype = _size(size, "rand"), _dtype(dtype, _FLOAT32, "rand")
    return wrap(random_generator(seed, "rand").random(shape).astype(np_dtype))


@V.allocates
def randn(*size, dtype=None, seed=None):
    shape, np_dtype = _size(size, "randn"), _dtype(dtype, _FLOAT32, "randn")
    return wrap(random_generator(seed, "randn").standard_normal(shape).astype(np_dtype))


@V.allocates
def standard_normal(shape, seed=None):
    values = random_generator(seed, "standard_normal").standard_normal(_shape_arg(shape, "standard_normal"))
    return wrap(values.astype(_FLOAT32))


@V.allocates
def randint(low, high, size, seed=None, *, dtype=None):
    low, high = V.integer("randint", "low", low), V.integer("randint", "high", high)
    if low >= high:
        raise ValueError(f"For 'randint', the 'low' must be less than 'high', but got {low} and {high}.")
    shape, np_dtype = V.shape("randint", "size", size), _dtype(dtype, _INT64, "randint")
    info = default_backend().xp.iinfo(np_dtype) if np_dtype.kind in "iu" else None
    if info is None or not (info.min <= low and high - 1 <= info.max):
        raise ValueError(f"For 'randint', [{low}, {high}) must fit the integer dtype {mstype.to_dtype(np_dtype)}.")
    return wrap(random_generator(seed, "randint").integers(low, high, shape, dtype=_INT64).astype(np_dtype))


def randint_like(input, low, high, seed=None, *, dtype=None):
    """Integers in [low, high) shaped like input, in input's (integer) dtype unless `dtype` is given."""
    V.tensor("randint_like", "input", input)
    dtype = dtype if dtype is not None else input.dtype
    if V.dtype("randint_like", "dtype", dtype).kind not in "iu":
        raise ValueError(f"For 'randint_like', the 'dtype' must be an int type, but got {dtype}.")
    return randint(low, high, input.shape, seed=seed, dtype=dtype)


def rand_like(input, seed=None, *, dtype=None):
    """Uniform [0, 1) samples shaped like input, in input's (float) dtype unless `dtype` is given."""
    V.tensor("rand_like", "input", input)
    dtype = dtype if dtype is not None else input.dtype
    if V.dtype("rand_like", "dtype", dtype).kind != "f":
        raise ValueError(f"For 'rand_like', the 'dtype' must be a float type, but got {dtype}.")
    return rand(input.shape, dtype=dtype, seed=seed)


def randn_like(input, seed=None, *, dtype=None):
    """Standard normal samples shaped like input; Float32 unless `dtype` is given (whatever input's dtype)."""
    V.tensor("randn_like", "input", input)
    return randn(input.shape, dtype=dtype if dtype is not None else mstype.float32, seed=seed)


@V.allocates
def uniform(shape, minval, maxval, seed=None, dtype=mstype.float32):
    low, high = _real("uniform", "minval", minval), _real("uniform", "maxval", maxval)
    if not low <= high:
        raise ValueError(f"For 'uniform', the 'minval' must not exceed 'maxval', but got {low} and {high}.")
    shape, np_dtype = _shape_arg(shape, "uniform"), _dtype(dtype, _FLOAT32, "uniform")
    return wrap(random_generator(seed, "uniform").uniform(low, high, shape).astype(np_dtype))


@V.allocates
def normal(shape, mean, stddev, seed=None):
    mu = mean._data if isinstance(mean, Tensor) else _real("normal", "mean", mean)
    sigma = stddev._data if isinstance(stddev, Tensor) else _real("normal", "stddev", stddev)
    if (sigma < 0).any() if isinstance(stddev, Tensor) else sigma < 0:
        raise ValueError("For 'normal', the 'stddev' must not be negative.")
    shape = _shape_arg(shape, "normal")
    if broadcast_shape(getattr(mu, "shape", ()), getattr(sigma, "shape", ()), shape) != shape:
        raise ValueError(f"For 'normal', the 'mean' {getattr(mu, 'shape', ())} and 'stddev' "
                         f"{getattr(sigma, 'shape', ())} must broadcast to the shape {shape}.")
    return wrap(random_generator(seed, "normal").normal(mu, sigma, shape).astype(_FLOAT32))


def meshgrid(*inputs, indexing="xy"):
    """Coordinate grids of 1-D Tensors of one dtype: 'xy' (Cartesian, first two axes swapped) or 'ij' (matrix)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"For 'meshgrid', 'indexing' must be 'xy' or 'ij', but got {indexing!r}.")
    V.tensors("meshgrid", "inputs", inputs)
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
    return V.tensor("shape", "input_x", input_x).shape


def rank(input_x):
    return V.tensor("rank", "input_x", input_x).ndim


def size(input_x):
    return V.tensor("size", "input_x", input_x).size


def numel(input):
    """The number of elements."""
    return V.tensor("numel", "input", input).size
