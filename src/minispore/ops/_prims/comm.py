"""Collective communication primitives (AllReduce, AllGather, ...) and their backward rules, on MPI.

Kernels check with every member of the group that all call the same collective with the same shape
and dtype (see `communication/_engine.py`), then move the data with MPI. A rule is itself a collective,
so every rank of the group must run its backward pass, as it runs its forward pass.

Rules take the global loss to be the sum of the ranks' losses (data parallelism's convention):
AllReduce(sum) <-> AllReduce(sum), AllGather <-> ReduceScatter(sum), Broadcast <-> Reduce(sum) to the
root, AlltoAll <-> AlltoAll with split and concat axes swapped, Send <-> Receive.
"""
from minispore._backend import backend_of
from minispore._backend.numpy_backend import NUMPY
from minispore.common.tensor import wrap
from minispore.communication import _engine
from minispore.ops._prims import defprim
from minispore.ops._prims.elementwise import cast, equal

__all__ = ["all_reduce", "all_gather", "reduce_scatter", "broadcast", "reduce", "all_to_all", "send", "receive"]

# MPI reduces these natively; half precisions are reduced in float32.
_REDUCIBLE = {"float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "complex64", "complex128"}


def _check_op(kind, op):
    if op not in _engine.OPS:
        raise ValueError(f"{kind} supports the reductions {sorted(_engine.OPS)}, but got op={op!r}.")


def _contiguous(xp, x, dtype=None):
    """x as a C-contiguous array (of `dtype`), keeping 0-d arrays 0-d (unlike ascontiguousarray)."""
    return xp.asarray(x, dtype=dtype, order="C")


def _reducible(kind, xp, x):
    """x as a contiguous array MPI can reduce (half precisions widened to float32)."""
    if x.dtype == bool:
        raise TypeError(f"{kind} cannot reduce a bool tensor; cast it to an int or float dtype first.")
    return _contiguous(xp, x, None if x.dtype.name in _REDUCIBLE else xp.float32)


def _bytes(array):
    """The raw bytes of a contiguous array, for operations that only move data."""
    return array.reshape(-1).view("uint8")


def _all_reduce_kernel(xp, x, *, op, group):
    _check_op("AllReduce", op)
    grp = _engine.group(group, "AllReduce")
    work = _reducible("AllReduce", xp, x)
    grp.agree("AllReduce", work, _engine.OPS[op][0])
    out = xp.empty_like(work)
    if grp.size == 1:
        out[...] = work
    else:
        mpi_op = getattr(_engine.mpi(), _engine.OPS[op][1])
        grp.run("AllReduce", lambda: grp.comm.Iallreduce(work, out, op=mpi_op))
    return _finish(out, op, grp.size, x.dtype)


def _finish(out, op, size, dtype):
    """The average from the sum, in the input's dtype."""
    if op == "avg":
        out = out / size
    return out if out.dtype == dtype else out.astype(dtype)


def _matches(x, out):
    """1 where x attains the reduced value (max/min), else 0, in x's dtype."""
    return cast(equal(x, out), dtype=x._data.dtype)


def _all_reduce_rule(x, out, dout, *, op, group):
    if op in ("sum", "avg"):
        return (all_reduce(dout, op=op, group=group),)
    if op == "prod":
        return (all_reduce(dout * out, op="sum", group=group) / x,)
    return (all_reduce(dout, op="sum", group=group) * _matches(x, out),)


def _all_gather_kernel(xp, x, *, group):
    grp = _engine.group(group, "AllGather")
    if x.ndim == 0:
        raise ValueError("AllGather concatenates along axis 0 and needs a tensor of at least one dimension, "
                         "but got a scalar.")
    x = _contiguous(xp, x)
    grp.agree("AllGather", x)
    out = xp.empty((grp.size * x.shape[0],) + x.shape[1:], x.dtype)
    if grp.size == 1:
        out[...] = x
    else:
        grp.run("AllGather", lambda: grp.comm.Iallgather(_bytes(x), _bytes(out)))
    return out


def _all_gather_rule(x, out, dout, *, group):
    return (reduce_scatter(dout, op="sum", group=group),)


def _reduce_scatter_kernel(xp, x, *, op, group):
    _check_op("ReduceScatter", op)
    grp = _engine.group(group, "ReduceScatter")
    if x.ndim == 0 or x.shape[0] % grp.size:
        raise ValueError(f"ReduceScatter splits axis 0 into {grp.size} equal parts (the group size), but got a "
                         f"tensor of shape {x.shape}.")
    work = _reducible("ReduceScatter", xp, x)
    grp.agree("ReduceScatter", work, _engine.OPS[op][0])
    out = xp.empty((x.shape[0] // grp.size,) + x.shape[1:], work.dtype)
    if grp.size == 1:
        out[...] = work
    else:
        mpi_op = getattr(_engine.mpi(), _engine.OPS[op][1])
        grp.run("ReduceScatter", lambda: grp.comm.Ireduce_scatter_block(work, out, op=mpi_op))
    return _finish(out, op, grp.size, x.dtype)


def _reduce_scatter_rule(x, out, dout, *, op, group):
    if op == "sum":
        return (all_gather(dout, group=group),)
    if op == "avg":
        return (all_gather(dout, group=group) / _engine.group(group, "ReduceScatter").size,)
    if op == "prod":
        return (all_gather(dout * out, group=group) / x,)
    return (all_gather(dout, group=group) * _matches(x, all_gather(out, group=group)),)


def _group_rank(grp, kind, world_rank, name):
    if isinstance(world_rank, bool) or not isinstance(world_rank, int) or world_rank not in grp.ranks:
        raise ValueError(f"{kind}'s '{name}' must be a rank of group '{grp.name}' {grp.ranks}, but got {world_rank!r}.")
    return grp.ranks.index(world_rank)


def _broadcast_kernel(xp, x, *, root, group):
    grp = _engine.group(group, "Broadcast")
    root_in_group = _group_rank(grp, "Broadcast", root, "root_rank")
    out = xp.array(x, order="C")
    grp.agree("Broadcast", out, root)
    if grp.size > 1:
        grp.run("Broadcast", lambda: grp.comm.Ibcast(_bytes(out), root=root_in_group))
    return out


def _broadcast_rule(x, out, dout, *, root, group):
    # Only the root's input reaches the outputs: it gets every rank's gradient, the others none.
    return (reduce(dout, op="sum", root=root, group=group),)


def _reduce_kernel(xp, x, *, op, root, group):
    """The reduction on rank `root`; zeros elsewhere (the other ranks' outputs depend on nothing)."""
    _check_op("Reduce", op)
    grp = _engine.group(group, "Reduce")
    root_in_group = _group_rank(grp, "Reduce", root, "dest_rank")
    work = _reducible("Reduce", xp, x)
    grp.agree("Reduce", work, _engine.OPS[op][0] * _engine.REDUCE_ROOTS + root)
    out = xp.zeros_like(work)
    if grp.size == 1:
        out[...] = work
    else:
        mpi_op = getattr(_engine.mpi(), _engine.OPS[op][1])
        grp.run("Reduce", lambda: grp.comm.Ireduce(work, out, op=mpi_op, root=root_in_group))
    return _finish(out, op, grp.size, x.dtype)


def _reduce_rule(x, out, dout, *, op, root, group):
    if op != "sum":
        raise NotImplementedError(f"The gradient of Reduce is implemented for op='sum' only, but got op={op!r}.")
    return (broadcast(dout, root=root, group=group),)


def _all_to_all_kernel(xp, x, *, split_count, split_dim, concat_dim, group):
    grp = _engine.group(group, "AlltoAll")
    ndim = max(x.ndim, 1)
    if split_count != grp.size:
        raise ValueError(f"AlltoAll's split_count must equal the group size {grp.size}, but got {split_count}.")
    for name, axis in (("split_dim", split_dim), ("concat_dim", concat_dim)):
        if not -ndim <= axis < ndim:
            raise ValueError(f"AlltoAll's {name} must be in [{-ndim}, {ndim}), but got {axis}.")
    split_dim, concat_dim = split_dim % ndim, concat_dim % ndim
    if x.shape[split_dim] % split_count:
        raise ValueError(f"AlltoAll splits axis {split_dim} of shape {x.shape} into {split_count} equal blocks, "
                         f"but {x.shape[split_dim]} is not divisible by {split_count}.")
    grp.agree("AlltoAll", _contiguous(xp, x), split_count * 10000 + split_dim * 100 + concat_dim)
    blocks = xp.stack(xp.split(x, split_count, axis=split_dim))
    received = xp.empty_like(blocks)
    if grp.size == 1:
        received[...] = blocks
    else:
        grp.run("AlltoAll", lambda: grp.comm.Ialltoall(_bytes(blocks), _bytes(received)))
    return xp.concatenate(list(received), axis=concat_dim)


def _all_to_all_rule(x, out, dout, *, split_count, split_dim, concat_dim, group):
    return (all_to_all(dout, split_count=split_count, split_dim=concat_dim, concat_dim=split_dim, group=group),)


def _send_kernel(xp, x, *, sr_tag, dest_rank, group):
    """Post x to `dest_rank` without waiting; the output is zeros (x's value leaves this rank)."""
    grp = _engine.group(group, "Send")
    dest = _group_rank(grp, "Send", dest_rank, "dest_rank")
    data = xp.array(x, order="C")
    # MPI moves host memory: a device array is staged through the host (the same array on NumPy).
    grp.isend(backend_of(data).to_host(data), dest, sr_tag)
    return xp.zeros_like(data)


def _send_rule(x, out, dout, *, sr_tag, dest_rank, group):
    # The output is zeros whatever x is: x's gradient is the one its receiver sends back.
    anchor = wrap(backend_of(x._data).xp.zeros((), x._data.dtype))
    return (receive(anchor, sr_tag=sr_tag, src_rank=dest_rank, shape=x._data.shape, dtype=x._data.dtype,
                    group=group),)


def _receive_kernel(xp, anchor, *, sr_tag, src_rank, shape, dtype, group):
    """The tensor that rank `src_rank` sent with tag `sr_tag`; `anchor` only links it into autodiff."""
    grp = _engine.group(group, "Receive")
    source = _group_rank(grp, "Receive", src_rank, "src_rank")
    # Received into host memory, then moved to anchor's backend (no copy on NumPy).
    host = grp.receive(NUMPY.xp, source, sr_tag, tuple(shape), NUMPY.xp.dtype(dtype))
    return backend_of(anchor).asarray(host)


def _receive_rule(anchor, out, dout, *, sr_tag, src_rank, shape, dtype, group):
    send(dout, sr_tag=sr_tag, dest_rank=src_rank, group=group)
    # A zero gradient, not None, so that a Send feeding `anchor` still runs its rule.
    return (wrap(backend_of(anchor._data).xp.zeros(anchor._data.shape, anchor._data.dtype)),)


all_reduce = defprim("all_reduce", _all_reduce_kernel, _all_reduce_rule)
all_gather = defprim("all_gather", _all_gather_kernel, _all_gather_rule)
reduce_scatter = defprim("reduce_scatter", _reduce_scatter_kernel, _reduce_scatter_rule)
broadcast = defprim("broadcast", _broadcast_kernel, _broadcast_rule)
reduce = defprim("reduce", _reduce_kernel, _reduce_rule)
all_to_all = defprim("all_to_all", _all_to_all_kernel, _all_to_all_rule)
send = defprim("send", _send_kernel, _send_rule)
receive = defprim("receive", _receive_kernel, _receive_rule)
