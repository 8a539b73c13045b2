"""Matrix ops: the outer product `ger`, `matrix_band_part` and `matrix_solve`, with MindSpore's checks."""
import numbers

from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, linalg as L, reduce as R, shape as S
from minispore.ops.function import math_func as M

__all__ = ["ger", "matrix_band_part", "matrix_solve", "norm"]

_FLOAT = ("float16", "float32", "float64")


def _check_tensor(value, op, name):
    if not isinstance(value, Tensor):
        raise TypeError(f"For '{op}', the '{name}' must be a Tensor, but got {type(value).__name__}.")


def ger(input, vec2):
    """The outer product of two 1-D float Tensors of one dtype: out[i, j] = input[i] * vec2[j]."""
    for name, value in (("input", input), ("vec2", vec2)):
        _check_tensor(value, "ger", name)
        if value._data.dtype.name not in _FLOAT:
            raise TypeError(f"For 'ger', the '{name}' must be a Float16, Float32 or Float64 Tensor, but got "
                            f"{value.dtype}.")
        if value.ndim != 1:
            raise ValueError(f"For 'ger', the '{name}' must be 1-D, but got a Tensor of rank {value.ndim}.")
    if input.dtype != vec2.dtype:
        raise TypeError(f"For 'ger', 'input' and 'vec2' must have the same dtype, but got {input.dtype} and "
                        f"{vec2.dtype}.")
    # A matrix product of one-term sums (exactly input[i]·vec2[j]), so mixed precision treats it as MindSpore's.
    return L.matmul(S.reshape(input, shape=(input.shape[0], 1)), S.reshape(vec2, shape=(1, vec2.shape[0])))


def _band(value, name):
    if isinstance(value, Tensor):
        if value.ndim != 0 or value._data.dtype.kind not in "iu":
            raise TypeError(f"For 'matrix_band_part', '{name}' must be an int or a 0-d integer Tensor, but got "
                            f"a Tensor of shape {value.shape} and dtype {value.dtype}.")
        return int(value.item())
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"For 'matrix_band_part', '{name}' must be an int or a 0-d integer Tensor, but got "
                        f"{type(value).__name__}.")
    return int(value)


def matrix_band_part(x, lower, upper):
    """Keep each matrix's band of `lower` sub- and `upper` super-diagonals (negative: the whole triangle),
    zeroing the rest: x[..., i, j] kept where (lower < 0 or i - j <= lower) and (upper < 0 or j - i <= upper)."""
    _check_tensor(x, "matrix_band_part", "x")
    if x.ndim < 2:
        raise ValueError(f"For 'matrix_band_part', the x shape size must be greater than or equal to 2, but got "
                         f"{x.ndim}.")
    lower, upper = _band(lower, "lower"), _band(upper, "upper")
    xp = backend_of(x._data).xp
    rows, cols = x.shape[-2:]
    offset = xp.arange(cols).reshape(1, cols) - xp.arange(rows).reshape(rows, 1)  # j - i
    keep = xp.ones((rows, cols), dtype=bool)
    if lower >= 0:
        keep &= -offset <= lower
    if upper >= 0:
        keep &= offset <= upper
    return E.where(wrap(keep), x, wrap(xp.zeros((), x._data.dtype)))


def matrix_solve(matrix, rhs, adjoint=False):
    """X with matrix·X = rhs (matrix (..., M, M), rhs (..., M, K)); `adjoint` solves with matrix's
    conjugate transpose instead."""
    for name, value in (("matrix", matrix), ("rhs", rhs)):
        _check_tensor(value, "matrix_solve", name)
        if value._data.dtype.kind not in "fc":
            raise TypeError(f"For 'matrix_solve', the '{name}' must be a Float16, Float32, Float64, Complex64 or "
                            f"Complex128 Tensor, but got {value.dtype}.")
    if matrix.dtype != rhs.dtype:
        raise TypeError(f"For 'matrix_solve', 'matrix' and 'rhs' must have the same dtype, but got {matrix.dtype} "
                        f"and {rhs.dtype}.")
    if not isinstance(adjoint, bool):
        raise TypeError(f"For 'matrix_solve', 'adjoint' must be a bool, but got {type(adjoint).__name__}.")
    if matrix.ndim < 2 or matrix.ndim != rhs.ndim:
        raise ValueError(f"For 'matrix_solve', 'matrix' (..., M, M) and 'rhs' (..., M, K) must have the same rank "
                         f"of at least 2, but got shapes {matrix.shape} and {rhs.shape}.")
    if matrix.shape[-1] != matrix.shape[-2] or matrix.shape[-1] != rhs.shape[-2] or \
            matrix.shape[:-2] != rhs.shape[:-2]:
        raise ValueError(f"For 'matrix_solve', 'matrix' must be square (..., M, M) and 'rhs' (..., M, K) with the "
                         f"same M and batch dims, but got shapes {matrix.shape} and {rhs.shape}.")
    if adjoint:
        matrix = L._adjoint(matrix)
    try:
        return L.solve(matrix, rhs)
    except ValueError as error:
        if "ingular" in str(error):
            raise ValueError("For 'MatrixSolve', the input 'matrix' is not invertible.") from None
        raise


_INF = float("inf")
_MATRIX_ORDS = (2, -2, 1, -1, _INF, -_INF, "fro", "nuc", None)


def _norm_dims(dim, ndim):
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, int) else tuple(dim) if isinstance(dim, (tuple, list)) else None
    if dims is None or not all(isinstance(d, int) and not isinstance(d, bool) for d in dims):
        raise TypeError(f"For 'norm', the 'dim' must be None, an int or a tuple of ints, but got {V.describe(dim)}.")
    if ndim == 0 and len(dims) == 1 and dims[0] in (0, -1):  # a 0-d input's one axis (MindSpore 2.10 takes it)
        return ()
    if not 1 <= len(dims) <= 2 or any(not -ndim <= d < ndim for d in dims) or len({d % ndim for d in dims}) < len(dims):
        raise ValueError(f"For norm, the dimensions is out of range: 'dim' {dim} for an input of rank {ndim}.")
    return tuple(d % ndim for d in dims)


def _vector_norm(x, ord, axes, keepdim):
    axes = tuple(axes)
    magnitude = M.abs(x)
    if ord == _INF:
        return R.amax(magnitude, axis=axes, keepdims=keepdim)
    if ord == -_INF:
        return R.amin(magnitude, axis=axes, keepdims=keepdim)
    if ord == 0:
        return R.sum(M.cast(M.not_equal(x, 0), x.dtype), axis=axes, keepdims=keepdim)
    if ord == 1:
        return R.sum(magnitude, axis=axes, keepdims=keepdim)
    if ord in (None, 2):
        return M.sqrt(R.sum(M.mul(x, x), axis=axes, keepdims=keepdim))
    return M.pow(R.sum(M.pow(magnitude, ord), axis=axes, keepdims=keepdim), 1.0 / ord)


def _matrix_norm(x, ord, axes, keepdim):
    rows, cols = axes
    if ord in (None, "fro"):
        return M.sqrt(R.sum(M.mul(x, x), axis=axes, keepdims=keepdim))
    if ord in (1, -1, _INF, -_INF):
        # 1: the largest column sum of |x|; inf: the largest row sum (-1, -inf: the smallest).
        summed_axis, picked_axis = (rows, cols) if ord in (1, -1) else (cols, rows)
        sums = R.sum(M.abs(x), axis=(summed_axis,), keepdims=True)
        pick = R.amax if ord > 0 else R.amin
        out = pick(sums, axis=(picked_axis,), keepdims=True)
        return out if keepdim else S.squeeze(out, axis=tuple(sorted(axes)))
    # 2, -2, 'nuc': from the singular values of the matrices moved to the last two axes.
    rest = tuple(i for i in range(x.ndim) if i not in axes)
    moved = S.transpose(x, perm=rest + (rows, cols))
    values = L.svdvals(moved)
    last = values.ndim - 1
    if ord == "nuc":
        out = R.sum(values, axis=(last,), keepdims=False)
    else:
        out = S.getitem(values, index=(Ellipsis, 0 if ord == 2 else -1))
    if keepdim:
        for axis in sorted(axes):
            out = S.expand_dims(out, axis=axis)
    return out


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """The vector or matrix norm of A: a matrix norm over the two axes of `dim` (or of a 2-D A when dim is
    None and ord is given), else a vector norm over `dim` (or over all of A)."""
    _check_tensor(A, "norm", "A")
    if not (ord is None or isinstance(ord, str) or isinstance(ord, numbers.Real) and not isinstance(ord, bool)):
        raise TypeError(f"For 'norm', the 'ord' must be None, a number or a string, but got {V.describe(ord)}.")
    keepdim = V.flag("norm", "keepdim", keepdim)
    if isinstance(dim, list):  # MindSpore 2.10 refuses a list here too
        raise TypeError(f"For 'norm', the 'dim' must be None, an int or a tuple of ints, but got {V.describe(dim)}.")
    if A._data.dtype.kind == "b":
        raise TypeError(f"For 'norm', the 'A' must be a Tensor of numbers, but got {A.dtype}.")
    if dtype is not None:
        V.dtype("norm", "dtype", dtype)
        A = M.cast(A, dtype)
    elif A._data.dtype.kind not in "fc":
        A = M.cast(A, mstype.float32)
    axes = _norm_dims(dim, A.ndim)
    matrix = (axes is not None and len(axes) == 2) or (axes is None and ord is not None and A.ndim == 2)
    if axes is None and ord is not None and A.ndim > 2:
        raise ValueError(f"For norm, 'dim' must be given for an input of rank {A.ndim} when 'ord' is {ord!r}.")
    if matrix:
        if ord not in _MATRIX_ORDS:
            raise ValueError("For norm, the ord mode must be in [2, -2, 1, -1, float('inf'), -float('inf'), 'fro', "
                             f"'nuc', None] for matrices, but got {ord}.")
        return _matrix_norm(A, ord, axes if axes is not None else (0, 1), bool(keepdim))
    if isinstance(ord, str):
        raise TypeError(f"For norm, ord mode can not be str for vectors, but got {ord}.")
    return _vector_norm(A, ord, axes if axes is not None else tuple(range(A.ndim)), bool(keepdim))
