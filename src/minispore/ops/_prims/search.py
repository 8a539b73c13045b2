"""Search, count and set primitives without a gradient: their outputs are positions, counts, masks or
distinct values read off their inputs' values (searchsorted, digitize, bincount, histogram, isin, unique,
nonzero per axis, the positions of repeat_interleave and of running extremes, the taps of linear
interpolation)."""
from minispore.ops._prims import defprim


def _searchsorted_kernel(xp, sequence, values, sorter, *, right, dtype):
    """Where `values` go in the last axis of `sequence` (row by row when it has several) to keep it sorted."""
    values = xp.asarray(values)  # Python data, read as NumPy reads it
    side = "right" if right else "left"
    if sorter is not None:
        sequence = xp.take_along_axis(sequence, sorter, -1)
    if sequence.ndim == 1:
        found = xp.searchsorted(sequence, values, side=side)
    else:
        rows = zip(sequence.reshape(-1, sequence.shape[-1]), values.reshape(-1, values.shape[-1]))
        found = xp.stack([xp.searchsorted(s, q, side=side) for s, q in rows]).reshape(values.shape)
    return xp.asarray(found).astype(dtype)


def _histogram_kernel(xp, a, weights, bins, *, limits, density, dtypes):
    counts, edges = xp.histogram(a, bins, limits, density=density, weights=weights)
    return counts.astype(dtypes[0]), edges.astype(dtypes[1])


def _unique_sorted_kernel(xp, x, *, axis, return_inverse, return_counts):
    """The sorted distinct values (slices along `axis`); optionally each element's position among them (in
    x's shape; one per slice along `axis`) and their counts."""
    found = xp.unique(x, return_inverse=return_inverse, return_counts=return_counts, axis=axis)
    if not (return_inverse or return_counts):
        return (found,)
    if return_inverse:
        found = list(found)
        found[1] = found[1].reshape(x.shape if axis is None else (-1,))
    return tuple(found)


def _nonzero_per_axis_kernel(xp, x, *, dtype):
    """NumPy's nonzero: for each axis, the positions of the non-zero elements along it."""
    return tuple(positions.astype(dtype) for positions in xp.nonzero(x))


def _unique_consecutive_kernel(xp, x, *, axis, return_inverse, return_counts):
    """Runs of equal elements (slices along `axis`) collapsed to one; optionally each element's run (Int64)
    and each run's length (Int64)."""
    if axis is None:
        flat = x.reshape(-1)
        starts = (xp.concatenate([xp.ones(1, dtype=bool), flat[1:] != flat[:-1]]) if flat.size else
                  xp.zeros(0, dtype=bool))
        output, inverse_shape = flat[starts], x.shape
    else:
        moved = xp.moveaxis(x, axis, 0)
        change = xp.any((moved[1:] != moved[:-1]).reshape(moved.shape[0] - 1, -1), axis=1)
        starts = xp.concatenate([xp.ones(1, dtype=bool), change])
        output, inverse_shape = xp.moveaxis(moved[starts], 0, axis), (x.shape[axis],)
    result = [output]
    if return_inverse:
        result.append((xp.cumsum(starts) - 1).reshape(inverse_shape).astype(xp.int64))
    if return_counts:
        ends = xp.concatenate([xp.flatnonzero(starts), xp.asarray([starts.shape[0]])])
        result.append(xp.diff(ends).astype(xp.int64))
    return tuple(result)


def _running_extreme_index_kernel(xp, x, *, axis, largest):
    """Int64 positions of the running maximum (largest) or minimum along `axis`: ties and NaN take the
    later position, as MindSpore's cummax / cummin do."""
    better = xp.greater_equal if largest else xp.less_equal
    data = xp.moveaxis(x, axis, -1)
    index = xp.zeros(data.shape, dtype=xp.int64)
    best = data[..., 0].copy()
    for i in range(1, data.shape[-1]):
        take = better(data[..., i], best) | (xp.isnan(data[..., i]) & ~xp.isnan(best))
        best = xp.where(take, data[..., i], best)
        index[..., i] = xp.where(take, i, index[..., i - 1])
    return xp.ascontiguousarray(xp.moveaxis(index, -1, axis))


def _repeat_index_kernel(xp, counts, *, size):
    """Int64 positions 0..size-1, each repeated as often as `counts` says (one count, or one per position)."""
    # As a list: CuPy's repeat takes counts only as Python data.
    return xp.repeat(xp.arange(size, dtype=xp.int64), counts.tolist())


def _interp_taps_kernel(xp, x, grid, *, dtype):
    """For linear interpolation at `x` on the sorted points `grid`: the lower and upper neighbours' positions
    (Int64), their weights (in `dtype`), and the masks of x below and above the grid."""
    positions, grid = x.astype(xp.float64), grid.astype(xp.float64)
    upper = xp.clip(xp.searchsorted(grid, positions, side="right"), 1, grid.shape[0] - 1)
    lower = upper - 1
    span = grid[upper] - grid[lower]
    weight = xp.clip(xp.where(span > 0, (positions - grid[lower]) / xp.where(span > 0, span, 1), 0), 0, 1)
    return (lower.astype(xp.int64), upper.astype(xp.int64), (1 - weight).astype(dtype), weight.astype(dtype),
            positions < grid[0], positions > grid[-1])


# `sorter` is None or the order that sorts `sequence`'s last axis; `values` may be Python data.
searchsorted = defprim("searchsorted", _searchsorted_kernel, None)
digitize = defprim("digitize", lambda xp, x, bins, *, right: xp.digitize(x, bins, right=right).astype(xp.int32), None)
# `weights` is None or one weight per element (counts are then Float64 sums of weights).
bincount = defprim("bincount", lambda xp, x, weights, *, minlength: xp.bincount(x, weights, minlength), None)
# (counts, edges) in `dtypes`; `bins` is a count or the edges; `limits` None (the data's range) or (low, high).
histogram = defprim("histogram", _histogram_kernel, None, n_out=2)
isin = defprim("isin", lambda xp, element, test, *, invert: xp.isin(element, test, invert=invert), None)
nonzero_per_axis = defprim("nonzero_per_axis", _nonzero_per_axis_kernel, None, n_out=0)
unique_sorted = defprim("unique_sorted", _unique_sorted_kernel, None, n_out=0)
unique_consecutive = defprim("unique_consecutive", _unique_consecutive_kernel, None, n_out=0)
repeat_index = defprim("repeat_index", _repeat_index_kernel, None)
running_extreme_index = defprim("running_extreme_index", _running_extreme_index_kernel, None)
interp_taps = defprim("interp_taps", _interp_taps_kernel, None, n_out=6)
