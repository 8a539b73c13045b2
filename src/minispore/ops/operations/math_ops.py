"""Arithmetic, comparison, reduction and matrix Primitive classes (`ops.Add()(x, y)`, `ops.ReduceSum(True)(x, 1)`)."""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops.function import linalg_func as L, math_func as M
from minispore.ops.primitive import Primitive

__all__ = ["Add", "Sub", "Mul", "Div", "RealDiv", "Pow", "Maximum", "Minimum", "Equal", "NotEqual", "Less",
           "LessEqual", "Greater", "GreaterEqual", "Exp", "Log", "Sqrt", "Rsqrt", "Square", "Abs", "Neg", "Sin",
           "Cos", "Erf", "Floor", "Reciprocal", "AddN", "MatMul", "BatchMatMul", "ReduceSum", "ReduceMean",
           "ReduceMax", "ReduceMin", "ReduceProd", "Argmax", "Argmin", "ArgMaxWithValue", "ArgMinWithValue", "Ger",
           "LogicalAnd", "LogicalOr", "LogicalNot", "Round", "FloatStatus"]


class _Elementwise(Primitive):
    """A Primitive without attributes applying one functional op to its Tensor arguments."""

    _fn = None

    def __call__(self, *args):
        return type(self)._fn(*args)


def _elementwise(name, fn, doc):
    return type(name, (_Elementwise,), {"_fn": staticmethod(fn), "__doc__": doc, "__module__": __name__})


Add = _elementwise("Add", M.add, "x + y with broadcasting and type promotion.")
Sub = _elementwise("Sub", M.sub, "x - y.")
Mul = _elementwise("Mul", M.mul, "x * y.")
Div = _elementwise("Div", M.div, "x / y (true division).")
RealDiv = _elementwise("RealDiv", M.div, "x / y (true division).")
Pow = _elementwise("Pow", M.pow, "x ** y.")
Maximum = _elementwise("Maximum", M.maximum, "Element-wise maximum.")
Minimum = _elementwise("Minimum", M.minimum, "Element-wise minimum.")
Equal = _elementwise("Equal", M.equal, "x == y (Bool).")
NotEqual = _elementwise("NotEqual", M.not_equal, "x != y (Bool).")
Less = _elementwise("Less", M.less, "x < y (Bool).")
LessEqual = _elementwise("LessEqual", M.less_equal, "x <= y (Bool).")
Greater = _elementwise("Greater", M.greater, "x > y (Bool).")
GreaterEqual = _elementwise("GreaterEqual", M.greater_equal, "x >= y (Bool).")
Exp = _elementwise("Exp", M.exp, "e ** x.")
Log = _elementwise("Log", M.log, "Natural logarithm.")
Sqrt = _elementwise("Sqrt", M.sqrt, "Square root.")
Rsqrt = _elementwise("Rsqrt", M.rsqrt, "1 / sqrt(x).")
Square = _elementwise("Square", M.square, "x * x.")
Abs = _elementwise("Abs", M.abs, "|x|.")
Neg = _elementwise("Neg", M.neg, "-x.")
Sin = _elementwise("Sin", M.sin, "sin(x).")
Cos = _elementwise("Cos", M.cos, "cos(x).")
Erf = _elementwise("Erf", M.erf, "The error function.")
Floor = _elementwise("Floor", M.floor, "Round down.")
Reciprocal = _elementwise("Reciprocal", M.reciprocal, "1 / x.")
LogicalAnd = _elementwise("LogicalAnd", M.logical_and, "x and y, element-wise (Bool).")
LogicalOr = _elementwise("LogicalOr", M.logical_or, "x or y, element-wise (Bool).")
LogicalNot = _elementwise("LogicalNot", M.logical_not, "not x, element-wise (Bool).")
Round = _elementwise("Round", M.round, "Round half to even.")


class AddN(Primitive):
    """Sum of a tuple or list of Tensors of one shape."""

    def __call__(self, inputs):
        total = inputs[0]
        for tensor in inputs[1:]:
            total = M.add(total, tensor)
        return total


class MatMul(Primitive):
    """2-d matrix product, optionally transposing either operand."""

    def __init__(self, transpose_a=False, transpose_b=False):
        super().__init__()
        self.transpose_a, self.transpose_b = transpose_a, transpose_b
        self.add_prim_attr("transpose_a", transpose_a).add_prim_attr("transpose_b", transpose_b)

    def __call__(self, x, y):
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError(f"For 'MatMul', both inputs must be 2-d, but got shapes {x.shape} and {y.shape}; "
                             "use ops.BatchMatMul for batches.")
        return M.matmul(x.T if self.transpose_a else x, y.T if self.transpose_b else y)


class BatchMatMul(Primitive):
    """Batched matrix product over the last two dims, optionally transposing them."""

    def __init__(self, transpose_a=False, transpose_b=False):
        super().__init__()
        self.transpose_a, self.transpose_b = transpose_a, transpose_b
        self.add_prim_attr("transpose_a", transpose_a).add_prim_attr("transpose_b", transpose_b)

    def __call__(self, x, y):
        if self.transpose_a:
            x = x.swapaxes(-1, -2)
        if self.transpose_b:
            y = y.swapaxes(-1, -2)
        return M.matmul(x, y)


class _Reduce(Primitive):
    """Reduce over `axis` (an int, a tuple, or () for every axis); keep_dims keeps them as size 1."""

    _fn = None

    def __init__(self, keep_dims=False):
        super().__init__()
        if not isinstance(keep_dims, bool):
            raise TypeError(f"For '{self.name}', 'keep_dims' must be a bool, but got {type(keep_dims).__name__}.")
        self.keep_dims = keep_dims
        self.add_prim_attr("keep_dims", keep_dims)

    def __call__(self, x, axis=()):
        axis = None if axis == () or axis == [] else axis
        for a in (axis,) if isinstance(axis, int) else (axis or ()):
            if not -max(x.ndim, 1) <= a < max(x.ndim, 1):
                raise ValueError(f"For '{self.name}', the axis value must be in [{-x.ndim},{x.ndim}), but got {a}.")
        return type(self)._fn(x, axis, self.keep_dims)


def _reduction(name, fn, doc):
    return type(name, (_Reduce,), {"_fn": staticmethod(fn), "__doc__": doc, "__module__": __name__})


class ReduceSum(_Reduce):
    """Sum over axis; with skip_mode, an empty axis leaves the input unchanged (instead of summing all)."""

    _fn = staticmethod(M.sum)

    def __init__(self, keep_dims=False, skip_mode=False):
        super().__init__(keep_dims)
        if not isinstance(skip_mode, bool):
            raise TypeError(f"For 'ReduceSum', 'skip_mode' must be a bool, but got {type(skip_mode).__name__}.")
        self.skip_mode = skip_mode
        self.add_prim_attr("skip_mode", skip_mode)

    def __call__(self, x, axis=()):
        if self.skip_mode and (axis == () or axis == []):
            return x
        return super().__call__(x, axis)
ReduceMean = _reduction("ReduceMean", M.mean, "Mean over axis.")
ReduceMax = _reduction("ReduceMax", M.amax, "Maximum over axis.")
ReduceMin = _reduction("ReduceMin", M.amin, "Minimum over axis.")
ReduceProd = _reduction("ReduceProd", M.prod, "Product over axis.")


class Argmax(Primitive):
    """Index of the maximum along `axis`, as `output_type` (Int32 by default)."""

    _fn = staticmethod(M.argmax)

    def __init__(self, axis=-1, output_type=mstype.int32):
        super().__init__()
        self.axis, self.output_type = axis, output_type
        self.add_prim_attr("axis", axis).add_prim_attr("output_type", self.output_type)

    def __call__(self, x):
        return M.cast(type(self)._fn(x, self.axis, False), self.output_type)


class Argmin(Argmax):
    """Index of the minimum along `axis`, as `output_type` (Int32 by default)."""

    _fn = staticmethod(M.argmin)


class ArgMaxWithValue(Primitive):
    """`(indices, values)` of the maximum along `axis`; indices are Int64."""

    _fn = staticmethod(M.max)

    def __init__(self, axis=0, keep_dims=False):
        super().__init__()
        self.axis, self.keep_dims = axis, keep_dims
        self.add_prim_attr("axis", axis).add_prim_attr("keep_dims", keep_dims)

    def __call__(self, x):
        values, indices = type(self)._fn(x, self.axis, self.keep_dims)
        return indices, values


class ArgMinWithValue(ArgMaxWithValue):
    """`(indices, values)` of the minimum along `axis`; indices are Int64."""

    _fn = staticmethod(M.min)


class Ger(Primitive):
    """The outer product of two 1-D float Tensors of one dtype (ops.ger: a matrix product, so mixed precision
    treats it as one)."""

    def __call__(self, x1, x2):
        return L.ger(x1, x2)


class FloatStatus(Primitive):
    """(1,)-shaped: 0 when every element of x is finite, 1 when one is NaN or infinite (x's dtype)."""

    def __call__(self, x):
        if not isinstance(x, Tensor) or x._data.dtype.kind != "f":
            raise TypeError(f"For 'FloatStatus', the input must be a float Tensor, but got "
                            f"{getattr(x, 'dtype', type(x).__name__)}.")
        overflow = M.logical_not(M.all(M.isfinite(x)))
        return M.cast(overflow.reshape(1), x.dtype)


# MindSpore's own tests import these from `mindspore.ops.operations.math_ops`.
from minispore.ops.operations.bitwise_ops import BitwiseAnd, BitwiseOr, BitwiseXor, Invert  # noqa: E402,F401
from minispore.ops.operations.linalg_ops import Inv, MatrixSolve  # noqa: E402,F401
