"""Reductions and scans. `axis` is a tuple of non-negative ints or None; `keepdims` a bool."""
from minispore.ops._prims import defprim
from minispore.ops._prims.elementwise import cast, equal, exp
from minispore.ops._prims.shape import broadcast_to, flip, reshape


def _kept_shape(shape, axis):
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


def _spread(dout, shape, axis, keepdims):
    """dout of a reduction, broadcast back over the reduced axes."""
    if not keepdims:
        dout = reshape(dout, shape=_kept_shape(shape, axis))
    return broadcast_to(dout, shape=shape)


def reduced_count(shape, axis):
    """How many elements a reduction over `axis` (a tuple, or None for all) combines into each result."""
    count = 1
    for i, n in enumerate(shape):
        if axis is None or i in axis:
            count *= n
    return count


def _sum_kernel(xp, x, *, axis, keepdims):
    # The ufunc's own reduce: xp.sum's Python wrapper costs more than small reductions themselves.
    return xp.add.reduce(x, axis=axis, keepdims=keepdims)


def _mean_kernel(xp, x, *, axis, keepdims):
    count = reduced_count(x.shape, axis)
    if x.dtype.kind in "iub":
        # MindSpore keeps an integer mean integer, truncated toward zero.
        total = xp.sum(x, axis=axis, keepdims=keepdims)
        quotient = total // max(count, 1)
        quotient += (total < 0) & (quotient * count != total)
        return quotient.astype(x.dtype)
    # sum / count: np.mean's wrapper costs more than the reduction on small arrays.
    total = xp.add.reduce(x, axis=axis, keepdims=keepdims)
    # A mean over nothing is NaN (0 * nan, which NumPy does without a warning).
    return total / x.dtype.type(count) if count else total * x.dtype.type(float("nan"))


sum = defprim("sum", _sum_kernel,
              lambda x, out, dout, *, axis, keepdims: (_spread(dout, x.shape, axis, keepdims),))
mean = defprim("mean", _mean_kernel,
               lambda x, out, dout, *, axis, keepdims: (
                   _spread(dout, x.shape, axis, keepdims) / reduced_count(x.shape, axis),))
prod = defprim("prod", lambda xp, x, *, axis, keepdims: xp.prod(x, axis=axis, keepdims=keepdims),
               lambda x, out, dout, *, axis, keepdims: (
                   _spread(dout * out, x.shape, axis, keepdims) / x,))


def _extremum_rule(x, out, dout, *, axis, keepdims):
    # Ties share the gradient evenly (MindSpore: max of [1, 3, 3] -> [0, 0.5, 0.5]).
    hit = cast(equal(x, _spread(out, x.shape, axis, keepdims)), dtype=dout._data.dtype)
    share = sum(hit, axis=axis, keepdims=True)
    return (_spread(dout, x.shape, axis, keepdims) * hit / share,)


def _extremum_kernel(reduce):
    def kernel(xp, x, *, axis, keepdims):
        if not x.size:  # an empty result (the ops refuse reductions of nothing that need a value)
            return xp.add.reduce(x, axis=axis, keepdims=keepdims)
        return reduce(x, axis=axis, keepdims=keepdims)
    return kernel


amax = defprim("amax", _extremum_kernel(lambda x, axis, keepdims: x.max(axis=axis, keepdims=keepdims)),
               _extremum_rule)
amin = defprim("amin", _extremum_kernel(lambda x, axis, keepdims: x.min(axis=axis, keepdims=keepdims)),
               _extremum_rule)


def _arg_kernel(reduce):
    def kernel(xp, x, *, axis, keepdims):
        if not x.size:  # an empty result (the ops refuse arg reductions over nothing)
            return xp.add.reduce(x, axis=axis, keepdims=keepdims and axis is not None).astype(xp.int64)
        index = reduce(x, axis=axis)
        if keepdims and axis is not None:
            index = xp.expand_dims(index, axis)
        return index.astype(xp.int64)
    return kernel


argmax = defprim("argmax", _arg_kernel(lambda x, axis: x.argmax(axis=axis)), None)
argmin = defprim("argmin", _arg_kernel(lambda x, axis: x.argmin(axis=axis)), None)
any = defprim("any", lambda xp, x, *, axis, keepdims: xp.any(x, axis=axis, keepdims=keepdims), None)
all = defprim("all", lambda xp, x, *, axis, keepdims: xp.all(x, axis=axis, keepdims=keepdims), None)

cumsum = defprim("cumsum", lambda xp, x, *, axis: xp.cumsum(x, axis=axis, dtype=x.dtype),
                 lambda x, out, dout, *, axis: (flip(cumsum(flip(dout, axis=(axis,)), axis=axis),
                                                     axis=(axis,)),))


def _logsumexp_kernel(xp, x, *, axis, keepdims):
    if not x.size:  # log(0) = -inf for every reduction over nothing
        return xp.log(xp.sum(xp.exp(x), axis=axis, keepdims=keepdims))
    peak = xp.max(x, axis=axis, keepdims=True)
    peak = xp.where(xp.isfinite(peak), peak, peak.dtype.type(0))  # NumPy 1.x: a Python 0 widens 0-d float32
    out = xp.log(xp.sum(xp.exp(x - peak), axis=axis, keepdims=True)) + peak
    return out if keepdims else xp.squeeze(out, axis=axis)


# logsumexp, softmax and log_softmax are primitives for numerical stability (max subtraction).
logsumexp = defprim("logsumexp", _logsumexp_kernel,
                    lambda x, out, dout, *, axis, keepdims: (
                        _spread(dout, x.shape, axis, keepdims)
                        * exp(x - _spread(out, x.shape, axis, keepdims)),))


# The ufuncs' own reduce: xp.max/xp.sum wrappers cost more than the reductions on a batch of logits.
def _softmax_kernel(xp, x, *, axis):
    if not x.size:  # no values along the axis (or elsewhere): nothing to normalise
        return x.copy()
    e = xp.exp(x - xp.maximum.reduce(x, axis=axis, keepdims=True))
    e /= xp.add.reduce(e, axis=axis, keepdims=True)
    return e


def _log_softmax_kernel(xp, x, *, axis):
    if not x.size:
        return x.copy()
    shifted = x - xp.maximum.reduce(x, axis=axis, keepdims=True)
    return shifted - xp.log(xp.add.reduce(xp.exp(shifted), axis=axis, keepdims=True))


softmax = defprim("softmax", _softmax_kernel,
                  lambda x, out, dout, *, axis: (
                      out * (dout - sum(dout * out, axis=(axis,), keepdims=True)),))
log_softmax = defprim("log_softmax", _log_softmax_kernel,
                      lambda x, out, dout, *, axis: (
                          dout - exp(out) * sum(dout, axis=(axis,), keepdims=True),))
