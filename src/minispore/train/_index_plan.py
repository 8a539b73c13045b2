"""Tensor indexing (`x[1:, None, idx]`) reduced to what graph formats can write: a slice per axis, a
reshape and at most one gather.

Basic indices (integers, slices, None, Ellipsis) become, for every axis of `x`, the elements taken
(start, stop, step as `slice.indices` gives them) and the shape afterwards with integer-indexed axes
dropped and None's added. One integer array among them becomes a gather on that result, at the place
NumPy puts the array's axes (in front when the array and the integer indices are not side by side).
Boolean masks give a shape that depends on the data and are refused, as are several arrays.
"""
import numpy as np

from minispore._backend.host import host_value

__all__ = ["plan_index", "IndexPlan"]


class IndexPlan:
    """`starts`, `stops`, `steps`: per axis of x; `sliced`: the shape after slicing (every axis kept);
    `basic`: after dropping integer axes and adding None's; `gather_axis`/`indices`: the array index
    (or None); `sliced_axes`: the axes the slice changes; `front`: the permutation that moves the
    gathered axes to the front afterwards (NumPy's rule for separated advanced indices), or None."""

    __slots__ = ("starts", "stops", "steps", "sliced", "basic", "gather_axis", "indices", "sliced_axes", "front")


def _is_array(item):
    return hasattr(item, "shape") and hasattr(item, "dtype")


def _expand(index, ndim):
    """The index as a list over all axes, the Ellipsis spelled out as full slices."""
    items = list(index) if isinstance(index, tuple) else [index]
    items = [host_value(item) if isinstance(item, list) or _is_array(item) else item for item in items]
    if any(_is_array(item) and item.dtype == np.bool_ for item in items):
        raise NotImplementedError("indexing with a boolean mask (the result's shape depends on the data)")
    fill = [slice(None)] * (ndim - sum(1 for item in items if item is not None and item is not Ellipsis))
    ellipsis = [position for position, item in enumerate(items) if item is Ellipsis]
    if ellipsis:
        items[ellipsis[0]:ellipsis[0] + 1] = fill
    else:
        items += fill
    return items


def _separated(items):
    """Whether an array index and the integer indices are apart (NumPy then puts the result's axes first)."""
    arrays = [p for p, item in enumerate(items) if _is_array(item)]
    if len(arrays) > 1:
        raise NotImplementedError("indexing with more than one integer array")
    if not arrays:
        return False
    advanced = [p for p, item in enumerate(items) if _is_array(item) or isinstance(item, (int, np.integer))]
    return advanced != list(range(advanced[0], advanced[-1] + 1))


def plan_index(index, shape):
    """The IndexPlan of `x[index]` for an `x` of `shape`."""
    items = _expand(index, len(shape))
    separated = _separated(items)
    plan = IndexPlan()
    plan.starts, plan.stops, plan.steps, plan.sliced, plan.basic = [], [], [], [], []
    plan.gather_axis = plan.indices = None
    axis = 0
    for item in items:
        if item is None:
            plan.basic.append(1)
            continue
        size = shape[axis]
        if _is_array(item):
            plan.gather_axis = len(plan.basic)
            indices = item.astype(np.int64)
            plan.indices = np.where(indices < 0, indices + size, indices)
            item = slice(None)
        if isinstance(item, slice):
            start, stop, step = item.indices(size)
            count = len(range(start, stop, step))
            plan.basic.append(count)
        else:
            start, step, count = int(item) % size, 1, 1
            stop = start + 1
        plan.starts.append(start)
        plan.stops.append(stop)
        plan.steps.append(step)
        plan.sliced.append(count)
        axis += 1
    plan.sliced_axes = [a for a in range(len(shape))
                        if (plan.starts[a], plan.stops[a], plan.steps[a]) != (0, shape[a], 1)]
    plan.front = None
    if separated and plan.gather_axis:
        gathered = list(range(plan.gather_axis, plan.gather_axis + plan.indices.ndim))
        rank = len(plan.basic) - 1 + plan.indices.ndim
        plan.front = tuple(gathered + [a for a in range(rank) if a not in gathered])
    return plan
