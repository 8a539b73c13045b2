"""Scattering and grid Primitive classes: `P.TensorScatterElements()`,
`P.IndexAdd()`, `P.InplaceAdd()`, `P.Padding()`, `P.Meshgrid()`, `P.Unique()`, `P.MatrixBandPart()`."""
import numbers

from minispore.common.tensor import Tensor
from minispore.ops.function import array_func as A, extra_func as X, index_func as I, linalg_func as L
from minispore.ops.primitive import Primitive

__all__ = ["TensorScatterElements", "IndexAdd", "InplaceAdd", "InplaceSub", "InplaceUpdate",
           "InplaceUpdateV2", "Padding", "Meshgrid", "Unique", "MatrixBandPart"]


class TensorScatterElements(Primitive):
    """Write (reduction='none') or add ('add') updates at indices along `axis` of a copy of input_x."""

    def __init__(self, axis=0, reduction="none"):
        super().__init__()
        if reduction not in ("none", "add"):
            raise ValueError(f"For 'TensorScatterElements', 'reduction' must be 'none' or 'add', but got "
                             f"{reduction!r}.")
        self.axis, self.reduction = axis, reduction
        self.add_prim_attr("axis", axis).add_prim_attr("reduction", reduction)

    def __call__(self, input_x, indices, updates):
        return I.tensor_scatter_elements(input_x, indices, updates, self.axis, self.reduction)


class IndexAdd(Primitive):
    """input_x[..., indices[i], ...] += input_y[..., i, ...] along `axis`, in place (input_x is returned)."""

    def __init__(self, axis, use_lock=True, check_index_bound=True):
        super().__init__()
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise TypeError(f"For 'IndexAdd', 'axis' must be an int, but got {type(axis).__name__}.")
        self.axis, self.use_lock, self.check_index_bound = axis, use_lock, check_index_bound
        self.add_prim_attr("axis", axis).add_prim_attr("use_lock", use_lock)
        self.add_prim_attr("check_index_bound", check_index_bound)

    def __call__(self, input_x, indices, input_y):
        return I.index_add(input_x, indices, input_y, self.axis, self.use_lock, self.check_index_bound)


class _RowsPrimitive(Primitive):
    """A Primitive configured with the row indices it writes (an int or a tuple of ints)."""

    def __init__(self, indices):
        super().__init__()
        if isinstance(indices, bool) or not isinstance(indices, (numbers.Integral, tuple, list)):
            raise TypeError(f"For '{self.name}', 'indices' must be an int or a tuple of ints, but got "
                            f"{type(indices).__name__}.")
        self.indices = indices
        self.add_prim_attr("indices", indices)


class InplaceAdd(_RowsPrimitive):
    """A copy of x with v's rows added to the rows `indices`."""

    def __call__(self, x, v):
        return I.inplace_add(x, v, self.indices)


class InplaceSub(_RowsPrimitive):
    """A copy of x with v's rows subtracted from the rows `indices`."""

    def __call__(self, x, v):
        return I.inplace_sub(x, v, self.indices)


class InplaceUpdate(_RowsPrimitive):
    """A copy of x with the rows `indices` replaced by v's rows."""

    def __call__(self, x, v):
        return I.inplace_update(x, v, self.indices)


class InplaceUpdateV2(Primitive):
    """A copy of x with the rows `indices` (given at call time) replaced by v's rows."""

    def __call__(self, x, indices, v):
        return I.inplace_update(x, v, indices)


class Padding(Primitive):
    """x (..., 1) widened to (..., pad_dim_size) with zeros."""

    def __init__(self, pad_dim_size=8):
        super().__init__()
        if isinstance(pad_dim_size, bool) or not isinstance(pad_dim_size, numbers.Integral) or pad_dim_size <= 0:
            raise ValueError(f"For 'Padding', the 'pad_dim_size' must be int and must > 0, but got "
                             f"'{pad_dim_size}' with type '{type(pad_dim_size).__name__}'.")
        self.pad_dim_size = pad_dim_size
        self.add_prim_attr("pad_dim_size", pad_dim_size)

    def __call__(self, x):
        return I.padding(x, self.pad_dim_size)


class Meshgrid(Primitive):
    """Coordinate grids of a tuple of 1-D Tensors ('xy' or 'ij' indexing)."""

    def __init__(self, indexing="xy"):
        super().__init__()
        if indexing not in ("xy", "ij"):
            raise ValueError(f"For 'Meshgrid', 'indexing' must be 'xy' or 'ij', but got {indexing!r}.")
        self.indexing = indexing
        self.add_prim_attr("indexing", indexing)

    def __call__(self, inputs):
        if not isinstance(inputs, (tuple, list)):
            raise TypeError(f"For 'Meshgrid', 'inputs' must be a tuple or list of Tensors, but got "
                            f"{type(inputs).__name__}.")
        return A.meshgrid(*inputs, indexing=self.indexing)


class Unique(Primitive):
    """(values in order of first appearance, each element's position among them) of a 1-D Tensor."""

    def __call__(self, input_x):
        if not isinstance(input_x, Tensor) or input_x.ndim != 1:
            raise ValueError(f"For 'Unique', the input must be a 1-D Tensor, but got "
                             f"{'rank ' + str(input_x.ndim) if isinstance(input_x, Tensor) else type(input_x).__name__}.")
        return X.unique(input_x)


class MatrixBandPart(Primitive):
    """Keep each matrix's band of `lower` sub- and `upper` super-diagonals."""

    def __call__(self, x, lower, upper):
        return L.matrix_band_part(x, lower, upper)
