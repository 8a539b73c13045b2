"""Matrix products."""
from minispore.ops._prims.dispatch import needs_grad
from minispore._backend import threads
from minispore.ops._prims import defprim
from minispore.ops._prims.shape import expand_dims, reshape, squeeze, transpose


# Dtypes whose products accumulate in float32 (the convolutions use this too).
LOW_PRECISION = ("float16", "bfloat16")


def matmul_kernel(xp, a, b):
    """a @ b on arrays. float16 and bfloat16 products accumulate in float32 and are rounded once to
    the input dtype: bit-identical to MindSpore's CPU kernels, and ~100x faster than NumPy's float16
    loops. Matching dtypes are the caller's contract."""
    dtype = a.dtype
    if dtype.itemsize == 2 and dtype.name in LOW_PRECISION:
        return threads.matmul(xp, a.astype(xp.float32), b.astype(xp.float32)).astype(dtype)
    return threads.matmul(xp, a, b)


def _swap_last(x):
    perm = tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2)
    return transpose(x, perm=perm)


def _matmul_rule(x, y, out, dout):
    if x.ndim == 2 and y.ndim == 2:
        return (matmul(dout, transpose(y, perm=(1, 0))) if needs_grad(x) else None,
                matmul(transpose(x, perm=(1, 0)), dout) if needs_grad(y) else None)
    if x.ndim == 1 and y.ndim == 2:
        return (matmul(dout, transpose(y, perm=(1, 0))) if needs_grad(x) else None,
                matmul(reshape(x, shape=(x.shape[0], 1)), reshape(dout, shape=(1, dout.shape[0])))
                if needs_grad(y) else None)
    # 1-D operands are promoted to matrices, as in the forward product, then squeezed back.
    x2 = expand_dims(x, axis=0) if x.ndim == 1 else x
    y2 = expand_dims(y, axis=1) if y.ndim == 1 else y
    d2 = dout
    if x.ndim == 1:
        d2 = expand_dims(d2, axis=d2.ndim - 1 if y.ndim > 1 else 0)
    if y.ndim == 1:
        d2 = expand_dims(d2, axis=d2.ndim)
    dx = matmul(d2, _swap_last(y2))
    dy = matmul(_swap_last(x2), d2)
    if x.ndim == 1:
        dx = squeeze(dx, axis=dx.ndim - 2)
    if y.ndim == 1:
        dy = squeeze(dy, axis=dy.ndim - 1)
    return dx, dy


matmul = defprim("matmul", matmul_kernel, _matmul_rule)


def _solve_kernel(xp, a, b):
    if a.dtype.itemsize == 2:  # LAPACK has no float16: solve in float32, as MindSpore's kernel does
        return xp.linalg.solve(a.astype(xp.float32), b.astype(xp.float32)).astype(a.dtype)
    return xp.linalg.solve(a, b)


def _solve_rule(a, b, out, dout):
    # X = A⁻¹B: dB = A⁻ᵀ·dX and dA = −dB·Xᵀ (conjugate transposes for complex matrices).
    db = solve(_adjoint(a), dout)
    return (-matmul(db, _adjoint(out)) if needs_grad(a) else None), db


def _adjoint(x):
    swapped = _swap_last(x)
    return conj(swapped) if x._data.dtype.kind == "c" else swapped


# The solution X of A·X = B for square A (..., M, M) and B (..., M, K): one LAPACK call per matrix.
solve = defprim("solve", _solve_kernel, _solve_rule)
conj = defprim("conj", lambda xp, x: xp.conj(x), lambda x, out, dout: (conj(dout),))


def _svdvals_rule(x, out, dout):
    # dσᵢ = uᵢᵀ·dA·vᵢ, so dA = U·diag(dσ)·Vᴴ. U and V come from a fresh decomposition and are constants
    # here: exact first derivatives; second derivatives would also need dU and dV.
    u, _, vh = svd(x, full_matrices=False)
    return (matmul(u * expand_dims(dout, axis=dout.ndim - 1), vh),)


# Singular values (..., min(M, N)), in descending order: the matrix 2-norm, -2 and nuclear norms.
svdvals = defprim("svdvals", lambda xp, x: xp.linalg.svd(x, compute_uv=False), _svdvals_rule)
svd = defprim("svd", lambda xp, x, *, full_matrices: xp.linalg.svd(x, full_matrices=full_matrices), None, n_out=3)
