"""Scans beyond cumsum: the cumulative product (`ops.cumprod`)."""
from minispore._backend import backend_of
from minispore.common.tensor import wrap
from minispore.ops._prims import defprim
from minispore.ops._prims.elementwise import where
from minispore.ops._prims.reduce import cumsum, sum as reduce_sum
from minispore.ops._prims.shape import broadcast_to, expand_dims, flip, transpose


def _cumprod_rule(x, out, dout, *, axis):
    if not (x._data == 0).any():
        # d out[j] / d x[k] = out[j] / x[k] for j >= k: exact when no factor is zero.
        reverse_cumsum = flip(cumsum(flip(dout * out, axis=(axis,)), axis=axis), axis=(axis,))
        return (reverse_cumsum / x,)
    return (_cumprod_grad_with_zeros(x, dout, axis),)


def _cumprod_grad_with_zeros(x, dout, axis):
    """grad[k] = sum_{j>=k} dout[j] * prod_{i<=j, i!=k} x[i], without dividing by x (O(n^2))."""
    ndim, n = x.ndim, x.shape[axis]
    perm = tuple(i for i in range(ndim) if i != axis) + (axis,)
    inverse = tuple(perm.index(i) for i in range(ndim))
    xt, dt = transpose(x, perm=perm), transpose(dout, perm=perm)
    xp = backend_of(x._data).xp
    # rows[..., k, i] = x[..., i] with x[..., k] replaced by 1; its cumprod over i skips factor k.
    rows = where(wrap(xp.eye(n, dtype=bool)), 1,
                 broadcast_to(expand_dims(xt, axis=ndim - 1), shape=xt.shape[:-1] + (n, n)))
    partial = cumprod(rows, axis=ndim)
    terms = where(wrap(xp.triu(xp.ones((n, n), dtype=bool))), partial * expand_dims(dt, axis=ndim - 1), 0)
    return transpose(reduce_sum(terms, axis=(ndim,), keepdims=False), perm=inverse)


cumprod = defprim("cumprod", lambda xp, x, *, axis: xp.cumprod(x, axis=axis, dtype=x.dtype), _cumprod_rule)
