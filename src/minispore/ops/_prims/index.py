"""Index-producing primitives without a gradient: stable argsort, nonzero, unique, isclose."""
from minispore.ops._prims import defprim


def _argsort_kernel(xp, x, *, axis, descending):
    if not descending:
        return xp.argsort(x, axis=axis, kind="stable").astype(xp.int32)
    # Stable descending: sort the reversed array ascending, reverse the result, map indices back.
    reversed_order = xp.argsort(xp.flip(x, axis), axis=axis, kind="stable")
    return (x.shape[axis] - 1 - xp.flip(reversed_order, axis)).astype(xp.int32)


def _isclose_kernel(xp, x, y, *, rtol, atol, equal_nan):
    if x.dtype == bool:
        x, y = x.astype(xp.int8), y.astype(xp.int8)
    return xp.asarray(xp.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _nonzero_kernel(xp, x):
    return xp.stack(xp.nonzero(x), axis=1).astype(xp.int64)


def _unique_kernel(xp, x, *, index_dtype):
    """The distinct values in order of first appearance, and each element's position among them."""
    flat = x.reshape(-1)
    values, first, inverse = xp.unique(flat, return_index=True, return_inverse=True)
    order = xp.argsort(first, kind="stable")
    rank = xp.empty_like(order)
    rank[order] = xp.arange(order.size)
    return values[order], rank[inverse.reshape(-1)].reshape(x.shape).astype(index_dtype)


argsort = defprim("argsort", _argsort_kernel, None)
isclose = defprim("isclose", _isclose_kernel, None)
# (count, ndim) Int64 indices of the non-zero elements.
nonzero = defprim("nonzero", _nonzero_kernel, None)
unique = defprim("unique", _unique_kernel, None, n_out=2)
