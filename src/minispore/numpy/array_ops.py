"""`mindspore.numpy` shape and indexing functions over the ops (differentiable wherever the ops are)."""
import itertools

from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.numpy.array_creations import asarray
from minispore.ops._prims import elementwise as E, index as I, search as Q, shape as S
from minispore.ops.function import array_func as A, math_func as M

__all__ = ["reshape", "ravel", "transpose", "moveaxis", "rollaxis", "swapaxes", "expand_dims", "squeeze",
           "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_to", "broadcast_arrays", "concatenate", "append",
           "stack", "hstack", "vstack", "dstack", "column_stack", "split", "array_split", "hsplit", "vsplit",
           "dsplit", "tile", "repeat", "flip", "fliplr", "flipud", "rot90", "roll", "take", "take_along_axis",
           "where", "select", "choose", "diagonal", "trace", "size", "unique", "argwhere", "pad"]


def _axis(axis, ndim):
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for a Tensor of dimension {ndim}.")
    return axis % max(ndim, 1)


def reshape(x, new_shape):
    return A.reshape(asarray(x), new_shape)


def ravel(x):
    return A.reshape(asarray(x), (-1,))


def transpose(a, axes=None):
    a = asarray(a)
    return A.transpose(a, tuple(range(a.ndim - 1, -1, -1)) if axes is None else tuple(axes))


def moveaxis(a, source, destination):
    a = asarray(a)
    source = [source] if isinstance(source, int) else list(source)
    destination = [destination] if isinstance(destination, int) else list(destination)
    source = [_axis(s, a.ndim) for s in source]
    destination = [_axis(d, a.ndim) for d in destination]
    order = [n for n in range(a.ndim) if n not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return A.transpose(a, tuple(order))


def rollaxis(x, axis, start=0):
    x = asarray(x)
    axis = _axis(axis, x.ndim)
    start = start % (x.ndim + 1) if start < 0 else start
    if start > axis:
        start -= 1
    return moveaxis(x, axis, start)


def swapaxes(x, axis1, axis2):
    return A.swapaxes(asarray(x), axis1, axis2)


def expand_dims(a, axis):
    a = asarray(a)
    for ax in sorted([axis] if isinstance(axis, int) else list(axis)):
        a = A.expand_dims(a, ax)
    return a


def squeeze(a, axis=None):
    return A.squeeze(asarray(a), axis)


def _atleast(arys, ndim):
    """NumPy's rules: 1-d (n,) becomes (1, n) in 2-d and (1, n, 1) in 3-d; 2-d (m, n) becomes (m, n, 1)."""
    out = []
    for a in arys:
        a = asarray(a)
        if a.ndim < ndim:
            if ndim == 3 and a.ndim == 1:
                shape = (1, a.shape[0], 1)
            elif ndim == 3 and a.ndim == 2:
                shape = tuple(a.shape) + (1,)
            else:
                shape = (1,) * (ndim - a.ndim) + tuple(a.shape)
            a = A.reshape(a, shape)
        out.append(a)
    return out[0] if len(out) == 1 else out


def atleast_1d(*arys):
    return _atleast(arys, 1)


def atleast_2d(*arys):
    return _atleast(arys, 2)


def atleast_3d(*arys):
    return _atleast(arys, 3)


def broadcast_to(array, shape):
    return A.broadcast_to(asarray(array), tuple(shape))


def broadcast_shapes(*shapes, op="broadcast_arrays"):
    """The shape `shapes` broadcast to; a ValueError naming `op` where they do not broadcast."""
    shape = A.broadcast_shape(*shapes)
    if shape is None:
        raise ValueError(f"For '{op}', the shapes {', '.join(str(tuple(s)) for s in shapes)} cannot be broadcast "
                         "together.")
    return shape


def broadcast_arrays(*args):
    arrays = [asarray(a) for a in args]
    shape = broadcast_shapes(*[a.shape for a in arrays])
    return [A.broadcast_to(a, shape) for a in arrays]


def _same_dtype(arrays):
    arrays = [asarray(a) for a in arrays]
    target = arrays[0]._data.dtype
    for a in arrays[1:]:
        target = mstype.promote(target, a._data.dtype)
    return [a if a._data.dtype == target else M.cast(a, target) for a in arrays]


def concatenate(arrays, axis=0):
    if isinstance(arrays, Tensor):
        return arrays.reshape(-1) if axis is None else arrays
    arrays = _same_dtype(arrays)
    if axis is None:
        return A.concat([a.reshape(-1) for a in arrays], 0)
    return A.concat(arrays, axis)


def append(arr, values, axis=None):
    arr, values = asarray(arr), asarray(values)
    if axis is None:
        return concatenate([arr.reshape(-1), values.reshape(-1)], 0)
    return concatenate([arr, values], axis)


def stack(arrays, axis=0):
    if isinstance(arrays, Tensor):
        return arrays
    return A.stack(_same_dtype(arrays), axis)


def hstack(tup):
    arrays = [asarray(a) for a in tup]
    return concatenate(arrays, 0 if all(a.ndim == 1 for a in arrays) else 1)


def vstack(tup):
    return concatenate(atleast_2d(*tup) if len(tup) > 1 else [atleast_2d(*tup)], 0)


def dstack(tup):
    return concatenate(atleast_3d(*tup) if len(tup) > 1 else [atleast_3d(*tup)], 2)


def column_stack(tup):
    arrays = [asarray(a) for a in tup]
    return concatenate([a.reshape(-1, 1) if a.ndim == 1 else a for a in arrays], 1)


def _split_points(size, indices_or_sections, even):
    if isinstance(indices_or_sections, int):
        sections = indices_or_sections
        if even and size % sections:
            raise ValueError(f"For 'split', an axis of size {size} cannot be split into {sections} equal parts.")
        base, extra = divmod(size, sections)
        sizes = [base + (1 if i < extra else 0) for i in range(sections)]
        return list(itertools.accumulate(sizes))[:-1]
    return [int(i) for i in indices_or_sections]


def _split(x, indices_or_sections, axis, even):
    x = asarray(x)
    axis = _axis(axis, x.ndim)
    points = [0] + _split_points(x.shape[axis], indices_or_sections, even) + [x.shape[axis]]
    lead = (slice(None),) * axis
    return [S.getitem(x, index=lead + (slice(a, max(a, b)),)) for a, b in zip(points[:-1], points[1:])]


def split(x, indices_or_sections, axis=0):
    return _split(x, indices_or_sections, axis, True)


def array_split(x, indices_or_sections, axis=0):
    return _split(x, indices_or_sections, axis, False)


def hsplit(x, indices_or_sections):
    x = asarray(x)
    return _split(x, indices_or_sections, 0 if x.ndim == 1 else 1, True)


def vsplit(x, indices_or_sections):
    return _split(x, indices_or_sections, 0, True)


def dsplit(x, indices_or_sections):
    return _split(x, indices_or_sections, 2, True)


def tile(a, reps):
    a = asarray(a)
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    if len(reps) < a.ndim:
        reps = (1,) * (a.ndim - len(reps)) + reps
    return A.tile(a, reps)


def repeat(a, repeats, axis=None):
    a = asarray(a)
    if axis is None:
        a, axis = a.reshape(-1), 0
    axis = _axis(axis, a.ndim)
    counts = [repeats] * a.shape[axis] if isinstance(repeats, int) else list(repeats)
    if len(counts) != a.shape[axis]:
        raise ValueError(f"For 'repeat', 'repeats' must be an int or have {a.shape[axis]} entries, but got "
                         f"{len(counts)}.")
    xp = backend_of(a._data).xp
    return A.gather(a, wrap(xp.repeat(xp.arange(a.shape[axis], dtype=xp.int64), counts)), axis)


def flip(m, axis=None):
    m = asarray(m)
    axes = tuple(range(m.ndim)) if axis is None else axis if isinstance(axis, (tuple, list)) else (axis,)
    return A.flip(m, axes)  # ops.flip takes a tuple of dims; numpy.flip an int too


def fliplr(m):
    return flip(m, 1)


def flipud(m):
    return flip(m, 0)


def rot90(a, k=1, axes=(0, 1)):
    a = asarray(a)
    first, second = (_axis(ax, a.ndim) for ax in axes)
    k %= 4
    if k == 0:
        return a
    if k == 2:
        return flip(flip(a, first), second)
    order = list(range(a.ndim))
    order[first], order[second] = order[second], order[first]
    return A.transpose(flip(a, second), tuple(order)) if k == 1 else flip(A.transpose(a, tuple(order)), second)


def roll(a, shift, axis=None):
    a = asarray(a)
    if axis is None:
        return roll(a.reshape(-1), shift, 0).reshape(a.shape)
    shifts = [shift] if isinstance(shift, int) else list(shift)
    axes = [axis] if isinstance(axis, int) else list(axis)
    if len(shifts) == 1 and len(axes) > 1:
        shifts = shifts * len(axes)
    xp = backend_of(a._data).xp
    for s, ax in zip(shifts, axes):
        ax = _axis(ax, a.ndim)
        index = (xp.arange(a.shape[ax], dtype=xp.int64) - s) % a.shape[ax]
        a = A.gather(a, wrap(index), ax)
    return a


def _clipped_indices(indices, size, mode):
    """Int64 indices in [0, size): clipped ('clip'), wrapped around ('wrap'), or checked then wrapped
    ('raise')."""
    if mode not in ("clip", "wrap", "raise"):
        raise ValueError(f"For 'take', the 'mode' must be 'clip', 'wrap' or 'raise', but got {mode!r}.")
    data = M.cast(indices, mstype.int64)
    if mode == "clip":
        return E.clamp(data, low=0, high=size - 1)
    if mode == "raise" and data.size and (int(data.min()) < -size or int(data.max()) >= size):
        raise IndexError(f"For 'take', an index is outside [{-size}, {size}).")
    return E.remainder(data, size)


def take(a, indices, axis=None, mode="clip"):
    a, indices = asarray(a), asarray(indices)
    if axis is None:
        a, axis = a.reshape(-1), 0
    axis = _axis(axis, a.ndim)
    return A.gather(a, _clipped_indices(indices, a.shape[axis], mode), axis)


def take_along_axis(arr, indices, axis):
    arr, indices = asarray(arr), asarray(indices)
    if axis is None:
        arr, axis = arr.reshape(-1), 0
    axis = _axis(axis, arr.ndim)
    shape = broadcast_shapes(tuple(s for i, s in enumerate(arr.shape) if i != axis),
                             tuple(s for i, s in enumerate(indices.shape) if i != axis), op="take_along_axis")
    arr_shape, index_shape = list(shape), list(shape)
    arr_shape.insert(axis, arr.shape[axis])
    index_shape.insert(axis, indices.shape[axis])
    return A.gather_elements(A.broadcast_to(arr, tuple(arr_shape)), axis, A.broadcast_to(indices, tuple(index_shape)))


def where(condition, x=None, y=None):
    """x where condition else y; with condition only, the indices of its non-zero entries (a tuple)."""
    condition = asarray(condition)
    if x is None and y is None:
        return Q.nonzero_per_axis(condition, dtype=mstype.int32._np)
    if x is None or y is None:
        raise ValueError("For 'where', give both 'x' and 'y' or neither.")
    x, y = _same_dtype([x, y])
    return A.where(M.cast(condition, mstype.bool_), x, y)


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError("For 'select', 'condlist' and 'choicelist' must have the same length.")
    choices = _same_dtype(list(choicelist) + [default])
    out = choices[-1]
    for condition, choice in reversed(list(zip(condlist, choices[:-1]))):
        out = A.where(M.cast(asarray(condition), mstype.bool_), choice, out)
    return out


def choose(a, choices, mode="clip"):
    a = asarray(a)
    index = _clipped_indices(a, len(choices), mode)
    stacked = A.stack(_same_dtype(choices), 0)
    shape = broadcast_shapes(index.shape, tuple(stacked.shape[1:]), op="choose")
    stacked = A.broadcast_to(stacked, (len(choices),) + shape)
    return A.gather_elements(stacked, 0, A.expand_dims(A.broadcast_to(index, shape), 0))[0]


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The `offset` diagonal over axis1 and axis2, moved to the last axis."""
    a = asarray(a)
    a = moveaxis(a, (axis1, axis2), (-2, -1))
    rows, cols = a.shape[-2], a.shape[-1]
    length = max(0, min(rows + min(offset, 0), cols - max(offset, 0)))
    xp = backend_of(a._data).xp
    r, c = xp.arange(length) + max(-offset, 0), xp.arange(length) + max(offset, 0)
    return S.getitem(a, index=(Ellipsis, r, c))


def trace(a, offset=0, axis1=0, axis2=1, dtype=None):
    out = M.sum(diagonal(a, offset, axis1, axis2), -1)
    return out if dtype is None else M.cast(out, dtype)


def size(a, axis=None):
    a = asarray(a)
    return a.size if axis is None else a.shape[_axis(axis, a.ndim)]


def unique(x, return_inverse=False):
    """The sorted distinct values (and, with return_inverse, each element's position among them)."""
    x = asarray(x)
    if not return_inverse:
        return Q.unique_sorted(x, axis=None, return_inverse=False, return_counts=False)[0]
    values, inverse = Q.unique_sorted(x, axis=None, return_inverse=True, return_counts=False)
    return values, M.cast(inverse, mstype.int32)


def argwhere(a):
    """(count, ndim) Int64 indices of the non-zero elements."""
    a = asarray(a)
    if a.ndim == 0:  # NumPy: one (or no) row of no coordinates
        return S.getitem(I.nonzero(a.reshape(1)), index=(slice(None), slice(0, 0)))
    return I.nonzero(a)


def pad(arr, pad_width, mode="constant", stat_length=None, constant_values=0, end_values=0, reflect_type="even",
        **kwargs):
    """Pad with a constant ('constant') or by mirroring ('reflect', 'symmetric') or repeating the edge ('edge');
    a gather of the input, so differentiable."""
    arr = asarray(arr)
    widths = _pad_widths(pad_width, arr.ndim)
    if kwargs or stat_length is not None or reflect_type != "even" or end_values != 0:
        raise ValueError("For 'pad', minispore supports the modes 'constant', 'edge', 'reflect' and 'symmetric' "
                         "with their default options.")
    if mode == "constant":
        return S.pad(arr, widths=widths, value=constant_values)
    if mode not in ("edge", "reflect", "symmetric"):
        raise ValueError(f"For 'pad', the 'mode' must be 'constant', 'edge', 'reflect' or 'symmetric', but got "
                         f"{mode!r}.")
    xp = backend_of(arr._data).xp
    for axis, (before, after) in enumerate(widths):
        if before or after:
            index = xp.pad(xp.arange(arr.shape[axis], dtype=xp.int64), (before, after), mode=mode)
            arr = A.gather(arr, wrap(index), axis)
    return arr


def _pad_widths(pad_width, ndim):
    """NumPy's pad widths: an int, a (before, after) pair, or one pair per axis, as ndim (before, after) pairs."""
    flat = [int(n) for n in _flatten(pad_width.tolist() if hasattr(pad_width, "tolist") else pad_width)]
    if len(flat) == 1:
        flat = flat * 2
    if len(flat) % 2:
        raise ValueError(f"For 'pad', the 'pad_width' must be an int, a (before, after) pair, or one pair per "
                         f"axis, but got {pad_width!r}.")
    pairs = [tuple(flat[i:i + 2]) for i in range(0, len(flat), 2)]
    if len(pairs) not in (1, ndim):
        raise ValueError(f"For 'pad', the 'pad_width' must give one pair for all axes or one per axis ({ndim}), "
                         f"but got {len(pairs)} pairs.")
    return tuple(pairs * ndim if len(pairs) == 1 else pairs)


def _flatten(value):
    if isinstance(value, (list, tuple)):
        return [n for item in value for n in _flatten(item)]
    return [value]
