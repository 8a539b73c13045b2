"""Shape, indexing and creation Primitive classes (`ops.Reshape()(x, shape)`, `ops.Concat(1)((a, b))`)."""
from minispore.common.tensor import Tensor
from minispore.ops.function import array_func as A, math_func as M
from minispore.ops.primitive import Primitive

__all__ = ["Reshape", "Transpose", "ExpandDims", "Squeeze", "Concat", "Stack", "Split", "Tile", "Gather", "Cast",
           "Shape", "Rank", "Size", "OnesLike", "ZerosLike", "Ones", "Zeros", "Fill", "Select", "OneHot",
           "Identity"]


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
