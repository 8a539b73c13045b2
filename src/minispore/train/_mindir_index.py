"""Tensor indexing (`x[1:, None, idx]`) as MindSpore primitives: StridedSlice, Reshape and Gather.

Basic indices (integers, slices, None, Ellipsis) become one StridedSlice with positive strides that
keeps every axis, a ReverseV2 of the axes sliced with a negative step, then a Reshape to the indexed
shape (dropping integer-indexed axes, adding None's). One integer array among them becomes a Gather on
that result, which puts the array's axes where NumPy puts them. Boolean masks give a shape that
depends on the data and are refused, as are several arrays.

Negative steps are not written into the StridedSlice because MindSpore 2.10 gets them wrong when
another axis has a step above 1 (`x[::-1, ::2]` keeps the rows in order there).
"""
import numpy as np

from minispore.train._mindir_writer import Spec

__all__ = ["emit_getitem", "strided_slice"]


def strided_slice(b, name, begin, end, strides, spec):
    """MindSpore's StridedSlice(x, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask,
    shrink_axis_mask) with every axis kept and no masks."""
    inputs = [name, b.constant(tuple(begin)), b.constant(tuple(end)), b.constant(tuple(strides)), b.constant(0),
              b.constant(0), b.constant(0), b.constant(0), b.constant(0)]
    return b.node("StridedSlice", inputs, spec)


def _is_array(item):
    return hasattr(item, "shape") and hasattr(item, "dtype")


def _expand(index, ndim):
    """The index as a list over all axes, the Ellipsis spelled out as full slices."""
    items = list(index) if isinstance(index, tuple) else [index]
    items = [np.asarray(item) if isinstance(item, list) or _is_array(item) else item for item in items]
    if any(_is_array(item) and item.dtype == np.bool_ for item in items):
        raise NotImplementedError("indexing with a boolean mask (the result's shape depends on the data)")
    fill = [slice(None)] * (ndim - sum(1 for item in items if item is not None and item is not Ellipsis))
    ellipsis = [position for position, item in enumerate(items) if item is Ellipsis]
    if ellipsis:
        items[ellipsis[0]:ellipsis[0] + 1] = fill
    else:
        items += fill
    return items


def _check_advanced(items):
    arrays = [p for p, item in enumerate(items) if _is_array(item)]
    if len(arrays) > 1:
        raise NotImplementedError("indexing with more than one integer array")
    if arrays:
        # NumPy moves the result's axes to the front when the array and integers are not side by side.
        advanced = [p for p, item in enumerate(items) if _is_array(item) or isinstance(item, (int, np.integer))]
        if advanced != list(range(advanced[0], advanced[-1] + 1)):
            raise NotImplementedError("an integer array index apart from the integer indices")
    return arrays


def emit_getitem(b, node):
    x = node.ins[0]
    shape = tuple(x.shape)
    items = _expand(node.attrs["index"], len(shape))
    arrays = _check_advanced(items)
    begin, end, strides, reversed_axes = [], [], [], []
    sliced = []  # each axis of x after slicing
    basic = []   # the shape after the basic index: integer axes dropped, None axes added
    gather_axis = None
    axis = 0
    for item in items:
        if item is None:
            basic.append(1)
            continue
        size = shape[axis]
        if _is_array(item):
            gather_axis = len(basic)
            item = slice(None)
        if isinstance(item, slice):
            start, stop, step = item.indices(size)
            count = len(range(start, stop, step))
            if step < 0:  # the same elements upwards, reversed below
                reversed_axes.append(axis)
                start, stop, step = (start + (count - 1) * step, start + 1, -step) if count else (0, 0, 1)
            basic.append(count)
        else:
            start, step, count = int(item) % size, 1, 1
            stop = start + 1
        begin.append(start)
        end.append(stop)
        strides.append(step)
        sliced.append(count)
        axis += 1
    name = b.ref(x)
    if (begin, end, strides) != ([0] * len(shape), list(shape), [1] * len(shape)):
        name = strided_slice(b, name, begin, end, strides, Spec(sliced, x.dtype))
    if reversed_axes:
        name = b.node("ReverseV2", [name, b.constant(tuple(reversed_axes))], Spec(sliced, x.dtype))
    if basic != sliced:
        name = b.node("Reshape", [name, b.constant(tuple(basic))], Spec(basic, x.dtype))
    if gather_axis is not None:
        size = shape[sum(1 for item in items[:arrays[0]] if item is not None)]
        indices = items[arrays[0]].astype(np.int64)
        indices = np.where(indices < 0, indices + size, indices)
        inputs = [name, b.tensor_constant(indices), b.constant(gather_axis), b.constant(0)]
        name = b.node("Gather", inputs, Spec.of(node.outs[0]))
    return [name]
