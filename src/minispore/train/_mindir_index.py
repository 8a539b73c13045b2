"""Tensor indexing as MindSpore primitives: StridedSlice, ReverseV2, Reshape and Gather.

The slice of every axis (train/_index_plan.py) becomes one StridedSlice with positive strides, the
axes sliced with a negative step are then reversed (ReverseV2), a Reshape drops integer-indexed axes
and adds None's, and an integer array index becomes a Gather (then a Transpose where NumPy puts its
axes in front). Negative steps are not written into the
StridedSlice because MindSpore 2.10 gets them wrong when another axis has a step above 1
(`x[::-1, ::2]` keeps the rows in order there).
"""
from minispore.train._index_plan import plan_index
from minispore.train._mindir_writer import Spec

__all__ = ["emit_getitem", "strided_slice"]


def strided_slice(b, name, begin, end, strides, spec):
    """MindSpore's StridedSlice(x, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask,
    shrink_axis_mask) with every axis kept and no masks."""
    inputs = [name, b.constant(tuple(begin)), b.constant(tuple(end)), b.constant(tuple(strides)), b.constant(0),
              b.constant(0), b.constant(0), b.constant(0), b.constant(0)]
    return b.node("StridedSlice", inputs, spec)


def emit_getitem(b, node):
    x = node.ins[0]
    plan = plan_index(node.attrs["index"], tuple(x.shape))
    begin, end, strides, reversed_axes = [], [], [], []
    for axis, (start, stop, step, count) in enumerate(zip(plan.starts, plan.stops, plan.steps, plan.sliced)):
        if step < 0:  # the same elements upwards, reversed below
            reversed_axes.append(axis)
            start, stop, step = (start + (count - 1) * step, start + 1, -step) if count else (0, 0, 1)
        begin.append(start)
        end.append(stop)
        strides.append(step)
    name = b.ref(x)
    sliced = Spec(plan.sliced, x.dtype)
    if plan.sliced_axes:
        name = strided_slice(b, name, begin, end, strides, sliced)
    if reversed_axes:
        name = b.node("ReverseV2", [name, b.constant(tuple(reversed_axes))], sliced)
    if plan.basic != plan.sliced:
        name = b.node("Reshape", [name, b.constant(tuple(plan.basic))], Spec(plan.basic, x.dtype))
    if plan.gather_axis is not None:
        inputs = [name, b.tensor_constant(plan.indices), b.constant(plan.gather_axis), b.constant(0)]
        out = Spec.of(node.outs[0])
        if plan.front is None:
            return [b.node("Gather", inputs, out)]
        inverse = sorted(range(len(plan.front)), key=lambda a: plan.front[a])
        gathered = Spec([out.shape[a] for a in inverse], out.dtype)
        name = b.node("Transpose", [b.node("Gather", inputs, gathered), b.constant(plan.front)], out)
    return [name]
