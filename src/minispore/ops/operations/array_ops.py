"""Shape, indexing and creation Primitive classes (`ops.Reshape()(x, shape)`, `ops.Concat(1)((a, b))`)."""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims import shape as S
from minispore.ops.function import array_func as A, index_func as I, math_func as M, misc_func as MF
from minispore.ops.primitive import Primitive

__all__ = ["Reshape", "Transpose", "ExpandDims", "Squeeze", "Concat", "Stack", "Split", "Tile", "Gather", "Cast",
           "Shape", "Rank", "Size", "OnesLike", "ZerosLike", "Ones", "Zeros", "Fill", "Select", "OneHot",
           "Identity", "GatherNd", "GatherD", "ScatterNd", "ScatterNdUpdate", "TensorScatterUpdate", "Slice",
           "StridedSlice", "Flatten", "BroadcastTo", "Sort", "TopK", "Unstack", "Pad", "Eye", "ScalarToTensor",
           "DType"]


class Reshape(Primitive):
    def __call__(self, input_x, input_shape):
        return A.reshape(input_x, input_shape)


class Transpose(Primitive):
    def __call__(self, input_x, input_perm):
        return A.transpose(input_x, input_perm)


class ExpandDims(Primitive):
    def __call__(self, input_x, axis):
        return A.expand_dims(input_x, axis)


class Squeeze(Primitive):
    """Remove size-1 dims: all of them, or those in `axis` (an int or a tuple)."""

    def __init__(self, axis=()):
        super().__init__()
        self.axis = (axis,) if isinstance(axis, int) else tuple(axis)
        self.add_prim_attr("axis", self.axis)

    def __call__(self, input_x):
        return A.squeeze(input_x, self.axis or None)


class Concat(Primitive):
    def __init__(self, axis=0):
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", axis)

    def __call__(self, input_x):
        return A.concat(input_x, self.axis)


class Stack(Primitive):
    def __init__(self, axis=0):
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", axis)

    def __call__(self, input_x):
        return A.stack(input_x, self.axis)


class Split(Primitive):
    """Split into `output_num` equal parts along `axis` (a tuple of Tensors)."""

    def __init__(self, axis=0, output_num=1):
        super().__init__()
        self.axis, self.output_num = axis, output_num
        self.add_prim_attr("axis", axis).add_prim_attr("output_num", output_num)

    def __call__(self, input_x):
        length = input_x.shape[self.axis]
        if length % self.output_num:
            raise ValueError(f"For 'Split', the size {length} of axis {self.axis} of input shape {input_x.shape} "
                             f"must be divisible by output_num {self.output_num}.")
        return tuple(A.split(input_x, length // self.output_num, self.axis))


class Tile(Primitive):
    def __call__(self, input, dims):
        return A.tile(input, dims)


class Gather(Primitive):
    """Take `input_indices` from `input_params` along `axis`."""

    def __init__(self, batch_dims=0):
        super().__init__()
        self.batch_dims = batch_dims
        self.add_prim_attr("batch_dims", batch_dims)

    def __call__(self, input_params, input_indices, axis):
        return A.gather(input_params, input_indices, axis, self.batch_dims)


class Cast(Primitive):
    def __call__(self, input_x, type_):
        return M.cast(input_x, type_)


class Shape(Primitive):
    """The shape as a tuple of ints."""

    def __call__(self, input_x):
        if not isinstance(input_x, Tensor):
            raise TypeError(f"For primitive[Shape], the input argument must be Tensor, but got {type(input_x)}.")
        return A.shape(input_x)


class Rank(Primitive):
    def __call__(self, input_x):
        return A.rank(input_x)


class Size(Primitive):
    def __call__(self, input_x):
        return A.size(input_x)


class OnesLike(Primitive):
    def __call__(self, input_x):
        return A.ones_like(input_x)


class ZerosLike(Primitive):
    def __call__(self, input_x):
        return A.zeros_like(input_x)


class Ones(Primitive):
    def __call__(self, size, type=None):
        return A.ones(size, type)


class Zeros(Primitive):
    def __call__(self, size, type=None):
        return A.zeros(size, type)


class Fill(Primitive):
    """A Tensor of `shape` filled with `value`, of dtype `type`."""

    def __call__(self, type, shape, value):
        return A.fill(type, shape, value)


class Select(Primitive):
    """x where cond is True, else y."""

    def __call__(self, cond, x, y):
        return A.where(cond, x, y)


class OneHot(Primitive):
    """One-hot vectors of `depth` along `axis`, with on_value/off_value (Tensors or numbers)."""

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", axis)

    def __call__(self, indices, depth, on_value, off_value):
        return A.one_hot(indices, depth, on_value, off_value, self.axis)


class Identity(Primitive):
    def __call__(self, x):
        return M.identity_copy(x)


class GatherNd(Primitive):
    """input_x gathered at the index tuples in the last axis of `indices`."""

    def __call__(self, input_x, indices):
        return I.gather_nd(input_x, indices)


class GatherD(Primitive):
    """x gathered along `dim` at `index` (of index's shape)."""

    def __call__(self, x, dim, index):
        return MF.gather_d(x, dim, index)


class ScatterNd(Primitive):
    """Zeros of `shape` with `updates` added at `indices`."""

    def __call__(self, indices, updates, shape):
        return I.scatter_nd(indices, updates, shape)


class ScatterNdUpdate(Primitive):
    """In place: input_x[indices] = updates (input_x a Parameter); returns input_x."""

    def __init__(self, use_locking=True):
        super().__init__()
        self.use_locking = use_locking
        self.add_prim_attr("use_locking", use_locking)

    def __call__(self, input_x, indices, updates):
        return I.scatter_nd_update(input_x, indices, updates)


class TensorScatterUpdate(Primitive):
    """A copy of input_x with `updates` at `indices`."""

    def __call__(self, input_x, indices, updates):
        return I.tensor_scatter_update(input_x, indices, updates)


class Slice(Primitive):
    """x[begin[i]:begin[i] + size[i]] on every axis (size -1: to the end)."""

    def __call__(self, x, begin, size):
        return MF.slice(x, begin, size)


class StridedSlice(Primitive):
    """x[begin:end:strides] per axis, with TensorFlow's begin/end/ellipsis/new-axis/shrink-axis bit masks."""

    def __init__(self, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0):
        super().__init__()
        self.masks = (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)
        for name, value in zip(("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"),
                               self.masks):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise TypeError(f"For 'StridedSlice', the '{name}' must be a non-negative int, but got {value!r}.")
            self.add_prim_attr(name, value)

    def __call__(self, x, begin, end, strides):
        return I.strided_slice(x, begin, end, strides, *self.masks)


class Flatten(Primitive):
    """(N, ...) to (N, product of the rest)."""

    def __call__(self, input_x):
        if input_x.ndim < 1:
            raise ValueError("For 'Flatten', the input must have at least 1 dimension, but got a 0-d Tensor.")
        return A.reshape(input_x, (input_x.shape[0], -1) if input_x.ndim > 1 else (input_x.shape[0], 1))


class BroadcastTo(Primitive):
    """x broadcast to `shape` (-1 keeps that dimension)."""

    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)
        self.add_prim_attr("shape", self.shape)

    def __call__(self, input_x):
        return A.broadcast_to(input_x, self.shape)


class Sort(Primitive):
    """(values, indices Int32) of x sorted along `axis`."""

    def __init__(self, axis=-1, descending=False):
        super().__init__()
        self.axis, self.descending = axis, descending
        self.add_prim_attr("axis", axis).add_prim_attr("descending", descending)

    def __call__(self, x):
        values, indices = A.sort(x, self.axis, self.descending)
        return values, M.cast(indices, mstype.int32)


class TopK(Primitive):
    """(values, indices Int32) of the k largest entries along the last axis."""

    def __init__(self, sorted=True):
        super().__init__()
        self.sorted = sorted
        self.add_prim_attr("sorted", sorted)

    def __call__(self, input_x, k):
        values, indices = A.topk(input_x, k, sorted=self.sorted)
        return values, M.cast(indices, mstype.int32)


class Unstack(Primitive):
    """The slices of x along `axis`, as a tuple (`num`, if given, must equal that axis' size)."""

    def __init__(self, axis=0, num=None):
        super().__init__()
        self.axis, self.num = axis, num
        self.add_prim_attr("axis", axis).add_prim_attr("num", num)

    def __call__(self, x):
        if self.num is not None and x.shape[self.axis] != self.num:
            raise ValueError(f"For 'Unstack', the 'num' {self.num} must equal the size {x.shape[self.axis]} of axis "
                             f"{self.axis}.")
        return MF.unstack(x, self.axis)


class Pad(Primitive):
    """Zero padding: `paddings` holds one (before, after) pair per dimension."""

    def __init__(self, paddings):
        super().__init__()
        if not isinstance(paddings, (tuple, list)) or not all(
                isinstance(p, (tuple, list)) and len(p) == 2 and all(isinstance(v, int) and v >= 0 for v in p)
                for p in paddings):
            raise ValueError(f"For 'Pad', the 'paddings' must be a tuple of (before, after) pairs of non-negative "
                             f"ints, but got {paddings!r}.")
        self.paddings = tuple(tuple(p) for p in paddings)
        self.add_prim_attr("paddings", self.paddings)

    def __call__(self, x):
        if len(self.paddings) != x.ndim:
            raise ValueError(f"For 'Pad', the 'paddings' must have {x.ndim} pairs (one per dimension), but got "
                             f"{len(self.paddings)}.")
        return S.pad(x, widths=self.paddings, value=0)


class Eye(Primitive):
    """An n x m identity matrix of dtype t."""

    def __call__(self, n, m, t):
        return A.eye(n, m, t)


class ScalarToTensor(Primitive):
    """A 0-d Tensor from a Python number (float32 unless `dtype` is given)."""

    def __call__(self, input_x, dtype=mstype.float32):
        return MF.scalar_to_tensor(input_x, dtype)


class DType(Primitive):
    """The dtype of a Tensor."""

    def __call__(self, input_x):
        return MF.dtype(input_x)


# MindSpore's own tests import these from `mindspore.ops.operations.array_ops`.
from minispore.ops.operations.bitwise_ops import LeftShift, RightShift  # noqa: E402,F401
from minispore.ops.operations.index_ops import *  # noqa: E402,F401,F403
