"""Shape, indexing and data-movement primitives. Attributes are static (shapes, axes, indices)."""
from minispore._backend import backend_of
from minispore.ops._prims import defprim


def _inverse_perm(perm):
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return tuple(inverse)


# Array methods, not xp.reshape/xp.transpose: those wrappers cost more than the views they make.
reshape = defprim("reshape", lambda xp, x, *, shape: x.reshape(shape),
                  lambda x, out, dout, *, shape: (reshape(dout, shape=x.shape),))
transpose = defprim("transpose", lambda xp, x, *, perm: x.transpose(perm),
                    lambda x, out, dout, *, perm: (transpose(dout, perm=_inverse_perm(perm)),))
# reshape is cheaper than xp.expand_dims, which normalises its axis argument on every call.
expand_dims = defprim("expand_dims", lambda xp, x, *, axis: xp.expand_dims(x, axis) if axis < 0 else x.reshape(x.shape[:axis] + (1,) + x.shape[axis:]),
                      lambda x, out, dout, *, axis: (reshape(dout, shape=x.shape),))
squeeze = defprim("squeeze", lambda xp, x, *, axis: x.squeeze(axis),
                  lambda x, out, dout, *, axis: (reshape(dout, shape=x.shape),))
# The backward pass sums a gradient back to its input's shape, so broadcast_to's rule is dout.
broadcast_to = defprim("broadcast_to", lambda xp, x, *, shape: xp.broadcast_to(x, shape),
                       lambda x, out, dout, *, shape: (dout,))
flip = defprim("flip", lambda xp, x, *, axis: xp.flip(x, axis),
               lambda x, out, dout, *, axis: (flip(dout, axis=axis),))


def _tile_rule(x, out, dout, *, reps):
    # Split every tiled axis into (reps, size) and sum the copies.
    reps = (1,) * (dout.ndim - len(reps)) + tuple(reps)
    shape = (1,) * (dout.ndim - x.ndim) + x.shape
    split = []
    for r, n in zip(reps, shape):
        split += [r, n]
    summed = sum_axes(reshape(dout, shape=tuple(split)), tuple(range(0, 2 * len(shape), 2)))
    return (reshape(summed, shape=x.shape),)


tile = defprim("tile", lambda xp, x, *, reps: xp.tile(x, reps), _tile_rule)


def _concat_rule(*args, axis):
    xs, dout = args[:-2], args[-1]
    bounds, start = [], 0
    for x in xs:
        bounds.append((start, start + x.shape[axis]))
        start += x.shape[axis]
    lead = (slice(None),) * axis
    return tuple(getitem(dout, index=lead + (slice(a, b),)) for a, b in bounds)


# Both rules use their inputs' shapes only: a gradient tape need not keep the arrays.
_concat_rule.reads_no_values = True
concat = defprim("concat", lambda xp, *xs, axis: xp.concatenate(xs, axis=axis), _concat_rule)


def _stack_rule(*args, axis):
    xs, dout = args[:-2], args[-1]
    lead = (slice(None),) * axis
    return tuple(getitem(dout, index=lead + (i,)) for i in range(len(xs)))


_stack_rule.reads_no_values = True
stack = defprim("stack", lambda xp, *xs, axis: xp.stack(xs, axis=axis), _stack_rule)


def _split_kernel(xp, x, *, axis, sections):
    return xp.split(x, sections, axis=axis)


def _split_rule(x, out, dout, *, axis, sections):
    return (concat(*dout, axis=axis),)


split = defprim("split", _split_kernel, _split_rule, n_out=0)


def _getitem_kernel(xp, x, *, index):
    return x[index]


getitem = defprim("getitem", _getitem_kernel,
                  lambda x, out, dout, *, index: (scatter_add_zeros(dout, index=index, shape=x.shape),))


def _scatter_add_zeros_kernel(xp, values, *, index, shape):
    # np.add.at accumulates repeated indices, which x[index] = values would drop.
    out = xp.zeros(shape, dtype=values.dtype)
    xp.add.at(out, index, values)
    return out


scatter_add_zeros = defprim("scatter_add_zeros", _scatter_add_zeros_kernel,
                            lambda values, out, dout, *, index, shape: (getitem(dout, index=index),))


def _setitem_kernel(xp, x, value, *, index):
    out = x.copy()
    out[index] = value
    return out


def _setitem_rule(x, value, out, dout, *, index):
    kept = setitem(dout, 0, index=index)
    dvalue = getitem(dout, index=index) if hasattr(value, "_data") else None
    return kept, dvalue


setitem = defprim("setitem", _setitem_kernel, _setitem_rule)


def _gather_kernel(xp, x, indices, *, axis):
    return xp.take(x, indices, axis=axis)


def _gather_rule(x, indices, out, dout, *, axis):
    lead = (slice(None),) * axis
    index = lead + (indices._data,)
    return scatter_add_zeros(dout, index=index, shape=x.shape), None


gather = defprim("gather", _gather_kernel, _gather_rule)


def _elements_index(xp, index, axis):
    """The index that picks `index[...]` along `axis` and every position along the other axes."""
    ndim = index.ndim
    grids = [xp.arange(n).reshape((1,) * i + (n,) + (1,) * (ndim - i - 1)) for i, n in enumerate(index.shape)]
    grids[axis] = index
    return tuple(grids)


def _gather_elements_kernel(xp, x, index, *, axis):
    return x[_elements_index(xp, index, axis)]


def _gather_elements_rule(x, index, out, dout, *, axis):
    full = _elements_index(backend_of(index._data).xp, index._data, axis)
    return scatter_add_zeros(dout, index=full, shape=x.shape), None


gather_elements = defprim("gather_elements", _gather_elements_kernel, _gather_elements_rule)


def _pad_kernel(xp, x, *, widths, value):
    return xp.pad(x, widths, constant_values=value)


def _pad_rule(x, out, dout, *, widths, value):
    index = tuple(slice(before, before + n) for (before, _), n in zip(widths, x.shape))
    return (getitem(dout, index=index),)


pad = defprim("pad", _pad_kernel, _pad_rule)


def _sort_kernel(xp, x, *, axis, descending):
    order = xp.argsort(-x if descending else x, axis=axis, kind="stable")
    return xp.take_along_axis(x, order, axis=axis), order.astype(xp.int32)  # Int32 indices, as MindSpore's


def _take_rule(x, out, dout, *, axis, **attrs):
    values_grad, indices = dout[0], out[1]
    full = _elements_index(backend_of(indices._data).xp, indices._data, axis)
    return (scatter_add_zeros(values_grad, index=full, shape=x.shape),)


sort = defprim("sort", _sort_kernel, _take_rule, n_out=2)


def _topk_kernel(xp, x, *, k, axis, largest):
    order = xp.argsort(-x if largest else x, axis=axis, kind="stable")
    order = xp.take(order, xp.arange(k), axis=axis)
    return xp.take_along_axis(x, order, axis=axis), order.astype(xp.int32)


topk = defprim("topk", _topk_kernel, _take_rule, n_out=2)
one_hot = defprim("one_hot", lambda xp, i, on, off, *, depth, axis: xp.where(
    xp.moveaxis(xp.arange(depth) == i[..., None], -1, axis), on, off), None)


def sum_axes(x, axes):
    """Sum over `axes` (used by rules; the reduce family imports this module)."""
    from minispore.ops._prims.reduce import sum
    return sum(x, axis=axes, keepdims=False)
