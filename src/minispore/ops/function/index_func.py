"""N-d gathers and scatters (`ops.gather_nd`, `ops.scatter_nd`, `ops.tensor_scatter_update`) and
MindSpore's strided slice, on the getitem / setitem primitives (whose rules are each other)."""
import builtins

from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E, shape as S
from minispore.ops._prims.inplace import assign_at

__all__ = ["gather_nd", "scatter_nd", "tensor_scatter_update", "tensor_scatter_add", "scatter_nd_update"]


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


def gather_nd(input_x, indices):
    """out[i...] = input_x[indices[i...]]: the last axis of `indices` indexes input_x's leading axes."""
    return S.getitem(input_x, index=nd_index(indices, input_x.shape, "GatherNd"))


def scatter_nd(indices, updates, shape):
    """Zeros of `shape` with `updates` added at `indices` (repeated indices accumulate)."""
    shape = tuple(int(n) for n in shape)
    if not shape or any(n <= 0 for n in shape):
        raise ValueError(f"For 'ScatterNd', the 'shape' must be a tuple of positive ints, but got {shape}.")
    index = nd_index(indices, shape, "ScatterNd")
    return S.scatter_add_zeros(updates, index=index, shape=shape)


def tensor_scatter_update(input_x, indices, updates):
    """A copy of input_x with the elements (or slices) at `indices` replaced by `updates`."""
    return S.setitem(input_x, updates, index=nd_index(indices, input_x.shape, "TensorScatterUpdate"))


def tensor_scatter_add(input_x, indices, updates):
    """A copy of input_x with `updates` added at `indices` (repeated indices accumulate)."""
    index = nd_index(indices, input_x.shape, "TensorScatterAdd")
    return E.add(input_x, S.scatter_add_zeros(updates, index=index, shape=input_x.shape))


def scatter_nd_update(input_x, indices, updates):
    """In place: input_x[indices] = updates; returns input_x."""
    return assign_at(input_x, updates, index=nd_index(indices, input_x.shape, "ScatterNdUpdate"))


def _mask_bits(mask, count):
    return [bool(mask >> i & 1) for i in range(count)]


def strided_slice_index(shape, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask,
                        shrink_axis_mask):
    """The index tuple of MindSpore's StridedSlice (TensorFlow's semantics of the five masks)."""
    begin, end, strides = tuple(begin), tuple(end), tuple(strides)
    if not len(begin) == len(end) == len(strides):
        raise ValueError(f"For 'StridedSlice', 'begin', 'end' and 'strides' must have the same length, but got "
                         f"{begin}, {end} and {strides}.")
    if any(s == 0 for s in strides):
        raise ValueError(f"For 'StridedSlice', the 'strides' must not contain 0, but got {strides}.")
    count = len(begin)
    begins, ends = _mask_bits(begin_mask, count), _mask_bits(end_mask, count)
    ellipses, new_axes = _mask_bits(ellipsis_mask, count), _mask_bits(new_axis_mask, count)
    shrinks = _mask_bits(shrink_axis_mask, count)
    index = []
    for i in range(count):
        if ellipses[i]:
            index.append(Ellipsis)
        elif new_axes[i]:
            index.append(None)
        elif shrinks[i]:
            index.append(begin[i])
        else:
            index.append(builtins.slice(None if begins[i] else begin[i], None if ends[i] else end[i], strides[i]))
    return tuple(index)
