"""Indexing ops: N-d gathers and scatters (`ops.gather_nd`, `ops.scatter_nd`, `ops.tensor_scatter_update`),
MindSpore's strided slice, `tensor_scatter_elements`, `index_add`, `inplace_add`, `inplace_sub`,
`inplace_update` and `padding`, with MindSpore's arguments and checks.

Each is a composite of the indexing primitives (getitem, setitem, scatter_add_zeros, pad), whose rules
give the gradients. The index arrays are built with the input's own array module.
"""
import numbers

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E, shape as S
from minispore.ops._prims.inplace import assign, assign_at

__all__ = ["gather_nd", "scatter_nd", "tensor_scatter_update", "tensor_scatter_add", "scatter_nd_update",
           "strided_slice", "tensor_scatter_elements", "index_add", "inplace_add", "inplace_sub", "inplace_update",
           "padding"]


def _index_array(indices, op):
    if not isinstance(indices, Tensor):
        indices = Tensor(indices)
    data = indices._data
    if data.dtype.kind not in "iu":
        raise TypeError(f"For '{op}', the 'indices' must be an integer Tensor, but got {indices.dtype}.")
    if data.ndim < 1:
        raise ValueError(f"For '{op}', the 'indices' must have at least 1 dimension, but got a 0-d Tensor.")
    return data


def nd_index(indices, shape, op):
    """The last axis of `indices` as an index tuple into the leading axes of `shape`, bounds checked."""
    data = _index_array(indices, op)
    depth = data.shape[-1]
    if depth > len(shape):
        raise ValueError(f"For '{op}', the last dimension of 'indices' ({depth}) must not exceed the rank of the "
                         f"input ({len(shape)}).")
    for axis in range(depth):
        column = data[..., axis]
        if column.size and (int(column.min()) < -shape[axis] or int(column.max()) >= shape[axis]):
            raise IndexError(f"For '{op}', 'indices' holds {int(column.max())} or {int(column.min())} outside "
                             f"[0, {shape[axis]}) for axis {axis} of an input of shape {tuple(shape)}.")
    return tuple(data[..., axis] for axis in range(depth))


def _updates(op, updates, index, shape):
    """`updates` when its shape is the indices' leading shape + the addressed slices' shape."""
    expected = tuple(index[0].shape if index else ()) + tuple(shape[len(index):])
    if V.tensor(op, "updates", updates).shape != expected:
        raise ValueError(f"For '{op}', the 'updates' must have shape {expected} (indices.shape[:-1] + "
                         f"shape[indices.shape[-1]:]), but got {updates.shape}.")
    return updates


def gather_nd(input_x, indices):
    """out[i...] = input_x[indices[i...]]: the last axis of `indices` indexes input_x's leading axes."""
    return S.getitem(input_x, index=nd_index(indices, V.tensor("GatherNd", "input_x", input_x).shape, "GatherNd"))


def scatter_nd(indices, updates, shape):
    """Zeros of `shape` with `updates` added at `indices` (repeated indices accumulate)."""
    shape = V.shape("ScatterNd", "shape", shape)
    if not shape or any(n <= 0 for n in shape):
        raise ValueError(f"For 'ScatterNd', the 'shape' must be a tuple of positive ints, but got {shape}.")
    index = nd_index(indices, shape, "ScatterNd")
    return S.scatter_add_zeros(_updates("ScatterNd", updates, index, shape), index=index, shape=shape)


def tensor_scatter_update(input_x, indices, updates):
    """A copy of input_x with the elements (or slices) at `indices` replaced by `updates`."""
    index = nd_index(indices, V.tensor("TensorScatterUpdate", "input_x", input_x).shape, "TensorScatterUpdate")
    return S.setitem(input_x, _updates("TensorScatterUpdate", updates, index, input_x.shape), index=index)


def tensor_scatter_add(input_x, indices, updates):
    """A copy of input_x with `updates` added at `indices` (repeated indices accumulate)."""
    index = nd_index(indices, V.tensor("TensorScatterAdd", "input_x", input_x).shape, "TensorScatterAdd")
    return E.add(input_x, S.scatter_add_zeros(_updates("TensorScatterAdd", updates, index, input_x.shape), index=index,
                                              shape=input_x.shape))


def scatter_nd_update(input_x, indices, updates):
    """In place: input_x[indices] = updates; returns input_x."""
    index = nd_index(indices, V.tensor("ScatterNdUpdate", "input_x", input_x).shape, "ScatterNdUpdate")
    return assign_at(input_x, _updates("ScatterNdUpdate", updates, index, input_x.shape), index=index)


def _check_tensor(value, op, name):
    if not isinstance(value, Tensor):
        raise TypeError(f"For '{op}', the '{name}' must be a Tensor, but got {type(value).__name__}.")


def _int_sequence(value, op, name):
    if isinstance(value, Tensor):
        value = value.tolist()
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return (int(value),)
    if not isinstance(value, (tuple, list)) or not all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
        raise TypeError(f"For '{op}', '{name}' must be a tuple of ints or a 1-D integer Tensor, but got {value!r}.")
    return tuple(int(v) for v in value)


def _bits(mask, op, name):
    if isinstance(mask, bool) or not isinstance(mask, numbers.Integral) or mask < 0:
        raise TypeError(f"For '{op}', '{name}' must be a non-negative int, but got {mask!r}.")
    return [bool(int(mask) >> i & 1) for i in range(64)]


def _slice_index(shape, begin, end, strides, masks):
    """The NumPy index of a strided slice: one entry per spec (slice, int, None or Ellipsis), as TF defines it."""
    begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask = masks
    if sum(ellipsis_mask) > 1:
        raise ValueError("For 'StridedSlice', only one bit of 'ellipsis_mask' may be set.")
    index, dim = [], 0
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        if ellipsis_mask[i]:
            index.append(Ellipsis)
            dim = len(shape) - (len(begin) - i - 1 - sum(new_axis_mask[i + 1:len(begin)]))
            continue
        if new_axis_mask[i]:
            index.append(None)
            continue
        if dim >= len(shape):
            raise ValueError(f"For 'StridedSlice', 'begin' has more entries ({len(begin)}) than the input has "
                             f"dimensions ({len(shape)}).")
        if s == 0:
            raise ValueError("For 'StridedSlice', input 'strides' can not contain 0.")
        if shrink_mask[i]:
            position = b + shape[dim] if b < 0 else b
            if not 0 <= position < shape[dim]:
                raise IndexError(f"For 'StridedSlice', the index {b} to shrink dimension {dim} is out of range for "
                                 f"size {shape[dim]}.")
            index.append(position)
        else:
            index.append(slice(None if begin_mask[i] else b, None if end_mask[i] else e, s))
        dim += 1
    return tuple(index)


def strided_slice(input_x, begin, end, strides, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
                  shrink_axis_mask=0):
    """input_x[begin:end:strides] per dimension, with TF's begin/end/ellipsis/new-axis/shrink-axis masks
    (bit i of a mask applies to entry i of begin/end/strides); missing trailing dims are taken whole."""
    _check_tensor(input_x, "strided_slice", "input_x")
    begin, end, strides = (_int_sequence(v, "strided_slice", n) for v, n in
                           ((begin, "begin"), (end, "end"), (strides, "strides")))
    if not len(begin) == len(end) == len(strides):
        raise ValueError(f"For 'strided_slice', 'begin', 'end' and 'strides' must have the same length, but got "
                         f"{len(begin)}, {len(end)} and {len(strides)}.")
    masks = tuple(_bits(m, "strided_slice", n) for m, n in
                  ((begin_mask, "begin_mask"), (end_mask, "end_mask"), (ellipsis_mask, "ellipsis_mask"),
                   (new_axis_mask, "new_axis_mask"), (shrink_axis_mask, "shrink_axis_mask")))
    return S.getitem(input_x, index=_slice_index(input_x.shape, begin, end, strides, masks))


def _checked_indices(op, indices, size, name="indices"):
    """The integer index array of a Tensor, each value in [-size, size)."""
    _check_tensor(indices, op, name)
    data = indices._data
    if data.dtype.kind not in "iu":
        raise TypeError(f"For '{op}', the '{name}' must be an integer Tensor, but got {indices.dtype}.")
    if data.size and (int(data.min()) < -size or int(data.max()) >= size):
        bad = data[(data < -size) | (data >= size)].ravel()[0]
        raise IndexError(f"For '{op}', every value of '{name}' must be in [{-size}, {size}), but got {int(bad)}.")
    return data


def tensor_scatter_elements(input_x, indices, updates, axis=0, reduction="none"):
    """A copy of input_x with updates[i][j]... written (reduction='none') or added ('add') at the positions
    whose coordinate along `axis` is indices[i][j]... (indices and updates share one shape)."""
    op = "tensor_scatter_elements"
    _check_tensor(input_x, op, "input_x")
    _check_tensor(updates, op, "updates")
    if reduction not in ("none", "add"):
        raise ValueError(f"For '{op}', 'reduction' must be 'none' or 'add', but got {reduction!r}.")
    axis = V.axis(op, axis, input_x.ndim, scalar_ok=False)
    index = _checked_indices(op, indices, input_x.shape[axis])
    if indices.shape != updates.shape or indices.ndim != input_x.ndim or any(
            n > m for i, (n, m) in enumerate(zip(indices.shape, input_x.shape)) if i != axis):
        raise ValueError(f"For '{op}', 'indices' and 'updates' must have one shape, of the rank of 'input_x' and no "
                         f"larger than it off 'axis', but got {indices.shape}, {updates.shape} and {input_x.shape}.")
    if updates.dtype != input_x.dtype:
        raise TypeError(f"For '{op}', 'updates' must have the dtype of 'input_x' ({input_x.dtype}), but got "
                        f"{updates.dtype}.")
    xp = backend_of(index).xp
    grids = list(xp.indices(index.shape, sparse=True))
    grids[axis] = index % input_x.shape[axis]
    full = tuple(grids)
    if reduction == "add":
        return E.add(input_x, S.scatter_add_zeros(updates, index=full, shape=input_x.shape))
    return S.setitem(input_x, updates, index=full)


def _added_along(x, index, values, axis):
    """x + values scattered (and summed) at `index` along `axis`."""
    return E.add(x, S.scatter_add_zeros(values, index=(slice(None),) * axis + (index,), shape=x.shape))


def index_add(x, indices, y, axis, use_lock=True, check_index_bound=True):
    """x[..., indices[i], ...] += y[..., i, ...] along `axis`, written into x (which is returned), as
    MindSpore's IndexAdd does; repeated indices add up."""
    op = "index_add"
    _check_tensor(x, op, "x")
    _check_tensor(y, op, "y")
    axis = V.axis(op, axis, x.ndim, scalar_ok=False)
    _check_tensor(indices, op, "indices")
    if indices.dtype != mstype.int32:
        raise TypeError(f"For '{op}', the 'indices' must be an Int32 Tensor, but got {indices.dtype}.")
    if indices.ndim != 1:
        raise ValueError(f"For '{op}', 'indices' must be 1-D, but got shape {indices.shape}.")
    index = _checked_indices(op, indices, x.shape[axis])
    expected = x.shape[:axis] + (index.shape[0],) + x.shape[axis + 1:]
    if y.shape != expected:
        raise ValueError(f"For '{op}', 'y' must have shape {expected} (x's shape with {index.shape[0]} entries along "
                         f"axis {axis}), but got {y.shape}.")
    if y.dtype != x.dtype:
        raise TypeError(f"For '{op}', 'y' must have the dtype of 'x' ({x.dtype}), but got {y.dtype}.")
    return assign(x, _added_along(x, index, y, axis))


def _rows(op, x, v, indices):
    """The row index array of inplace_add/sub/update, with MindSpore's shape checks."""
    _check_tensor(x, op, "x")
    _check_tensor(v, op, "v")
    if x.ndim == 0:
        raise ValueError(f"For '{op}', the 'x' must have at least 1 dimension (rows), but got a 0-d Tensor.")
    if isinstance(indices, Tensor):
        rows = _checked_indices(op, indices, x.shape[0])
        if rows.ndim != 1:
            raise ValueError(f"For '{op}', 'indices' must be 1-D, but got shape {indices.shape}.")
    else:
        values = _int_sequence(indices, op, "indices")
        for row in values:
            if not 0 <= row < x.shape[0]:
                raise ValueError(f"For '{op}', the value of indices must be in [0,{x.shape[0]}), but got {row}.")
        rows = backend_of(x._data).xp.asarray(values, dtype="int64")
    if v.ndim != x.ndim:
        raise ValueError(f"For '{op}', the rank of x must be equal to rank of v which is {v.ndim}, but got {x.ndim}.")
    if v.shape[0] != rows.shape[0] or v.shape[1:] != x.shape[1:]:
        raise ValueError(f"For '{op}', 'v' must have shape {(rows.shape[0],) + x.shape[1:]} (one row per index), "
                         f"but got {v.shape}.")
    if v.dtype != x.dtype:
        raise TypeError(f"For '{op}', 'v' must have the dtype of 'x' ({x.dtype}), but got {v.dtype}.")
    return rows


def inplace_add(x, v, indices):
    """A copy of x with v's rows added to the rows `indices` (an int, a tuple of ints); repeats add up."""
    return _added_along(x, _rows("inplace_add", x, v, indices), v, 0)


def inplace_sub(x, v, indices):
    """A copy of x with v's rows subtracted from the rows `indices`; repeats subtract repeatedly."""
    return _added_along(x, _rows("inplace_sub", x, v, indices), E.neg(v), 0)


def inplace_update(x, v, indices):
    """A copy of x with the rows `indices` (an int, a tuple of ints or a 1-D Tensor) replaced by v's rows."""
    return S.setitem(x, v, index=(_rows("inplace_update", x, v, indices),))


def padding(x, pad_dim_size=8):
    """x (..., 1) widened to (..., pad_dim_size) by zeros after its one value per row."""
    _check_tensor(x, "padding", "x")
    if isinstance(pad_dim_size, bool) or not isinstance(pad_dim_size, numbers.Integral) or pad_dim_size <= 0:
        raise ValueError(f"For 'Padding', the 'pad_dim_size' must be int and must > 0, but got '{pad_dim_size}' "
                         f"with type '{type(pad_dim_size).__name__}'.")
    if x.ndim < 1 or x.shape[-1] != 1:
        raise ValueError(f"For 'Padding', the last dimension of 'x' must be 1, but got: "
                         f"{x.shape[-1] if x.ndim else 'a 0-d Tensor'}.")
    widths = ((0, 0),) * (x.ndim - 1) + ((0, int(pad_dim_size) - 1),)
    return S.pad(x, widths=widths, value=x._data.dtype.type(0))

