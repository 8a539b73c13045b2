"""Matrix primitives: inverse, triangular solve and QR, each with its backward rule in matrix products.

Primitives because each is one LAPACK call on the arrays (numpy.linalg); their rules (the standard
matrix-calculus results) are written with matmul, these primitives and transposes, so they are
differentiable again where the formulas are.
"""
from minispore._backend import backend_of
from minispore.ops._prims import defprim, wrap_output
from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims.elementwise import mul
from minispore.ops._prims.linalg import matmul
from minispore.ops._prims.shape import transpose


def _mt(x):
    """x with its last two axes swapped."""
    return transpose(x, perm=tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2))


# d(A^-1) = -A^-1 dA A^-1, so dA = -A^-T dout A^-T.
inv = defprim("inv", lambda xp, a: xp.linalg.inv(a),
              lambda a, out, dout: (-matmul(_mt(out), matmul(dout, _mt(out))),))


def _solve_triangular_kernel(xp, a, b, *, upper, transpose_a, unit_diagonal):
    """X with op(A) X = B, op(A) = A or A^T, A triangular (its other triangle ignored)."""
    tri = xp.triu(a) if upper else xp.tril(a)
    if unit_diagonal:
        n = a.shape[-1]
        tri = tri - tri * xp.eye(n, dtype=a.dtype) + xp.eye(n, dtype=a.dtype)
    if transpose_a:
        tri = xp.swapaxes(tri, -1, -2)
    return xp.linalg.solve(tri, b)


def _solve_triangular_rule(a, b, out, dout, *, upper, transpose_a, unit_diagonal):
    # X = op(A)^-1 B: dB = op(A)^-T dout; d op(A) = -dB X^T, then keep A's triangle (and not a unit diagonal).
    db = solve_triangular(a, dout, upper=upper, transpose_a=not transpose_a, unit_diagonal=unit_diagonal)
    da = None
    if needs_grad(a):
        grad = -matmul(db, _mt(out))
        if transpose_a:
            grad = _mt(grad)
        mask = _triangle_mask(a, upper, unit_diagonal)
        da = mul(grad, mask)
    return da, (db if needs_grad(b) else None)


def _triangle_mask(a, upper, unit_diagonal):
    xp = backend_of(a._data).xp
    n = a.shape[-1]
    ones = xp.ones((n, n), dtype=a._data.dtype)
    mask = xp.triu(ones, 1 if unit_diagonal else 0) if upper else xp.tril(ones, -1 if unit_diagonal else 0)
    return wrap_output(mask, xp)


solve_triangular = defprim("solve_triangular", _solve_triangular_kernel, _solve_triangular_rule)


def _qr_kernel(xp, a, *, mode):
    return tuple(xp.linalg.qr(a, mode=mode))


def _copyltu(m):
    """The lower triangle of m mirrored onto the upper one."""
    xp = backend_of(m._data).xp
    n = m.shape[-1]
    lower = wrap_output(xp.tril(xp.ones((n, n), dtype=m._data.dtype)), xp)
    strict = wrap_output(xp.tril(xp.ones((n, n), dtype=m._data.dtype), -1), xp)
    return mul(m, lower) + _mt(mul(m, strict))


def _qr_rule(a, out, dout, *, mode):
    # For A = QR with m >= n (reduced): M = R dR^T - dQ^T Q, dA = (dQ + Q copyltu(M)) R^-T.
    q, r = out
    dq, dr = dout
    m = matmul(r, _mt(dr)) - matmul(_mt(dq), q)
    b = dq + matmul(q, _copyltu(m))
    return (_mt(solve_triangular(r, _mt(b), upper=True, transpose_a=False, unit_diagonal=False)),)


qr = defprim("qr", _qr_kernel, _qr_rule, n_out=2)
