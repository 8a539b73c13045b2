"""`mindspore.mint.linalg`: inv, norm, vector_norm, matrix_norm, qr."""
from minispore.ops.function import array_func as AF, math_extra_func as MX, math_func as M

__all__ = ["inv", "norm", "vector_norm", "matrix_norm", "qr"]


def inv(input):
    """The inverse of square matrices."""
    return MX.inverse(input)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The ord-norm of x's elements over `dim` (all of them when None) taken as vectors."""
    x = x if dtype is None else M.cast(x, dtype)
    absolute = M.abs(x)
    if ord == float("inf"):
        return M.amax(absolute, dim, keepdim)
    if ord == float("-inf"):
        return M.amin(absolute, dim, keepdim)
    if ord == 0:
        return M.sum(M.cast(M.not_equal(x, 0), x.dtype), dim, keepdim)
    if ord == 2:
        return M.sqrt(M.sum(M.mul(x, x), dim, keepdim))
    return M.pow(M.sum(M.pow(absolute, ord), dim, keepdim), 1.0 / ord)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """'fro', 1, -1, inf, -inf norms of the matrices in the two axes `dim`."""
    A = A if dtype is None else M.cast(A, dtype)
    rows, cols = (d % A.ndim for d in dim)
    if ord == "fro":
        return M.sqrt(M.sum(M.mul(A, A), (rows, cols), keepdim))
    absolute = M.abs(A)
    if ord in (1, -1):
        sums = M.sum(absolute, rows, True)
        out = M.amax(sums, cols, True) if ord == 1 else M.amin(sums, cols, True)
    elif ord in (float("inf"), float("-inf")):
        sums = M.sum(absolute, cols, True)
        out = M.amax(sums, rows, True) if ord > 0 else M.amin(sums, rows, True)
    else:
        raise ValueError(f"For 'matrix_norm', the 'ord' must be 'fro', 1, -1, inf or -inf, but got {ord!r}.")
    return out if keepdim else AF.squeeze(out, (rows, cols))


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """The vector 2-norm (ord None over a vector or all elements) or a matrix norm (two dims)."""
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if isinstance(ord, str) or (dim is not None and not isinstance(dim, int) and len(dim) == 2) or (
            dim is None and A.ndim == 2):
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def qr(A, mode="reduced"):
    """(Q, R) with A = QR; mode 'reduced' or 'complete'."""
    return MX.qr(A, mode)
