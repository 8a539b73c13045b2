"""`mindspore.communication.comm_func`: the functional collectives, over the primitives of
`ops/_prims/comm.py` (so each is differentiable).

Every operation here completes before it returns; with `async_op=True` the handle returned is already
complete and its `wait()` returns at once.
"""
from minispore.common.tensor import Tensor
from minispore.communication import _engine
from minispore.communication.management import GlobalComm, _get_group
from minispore.ops._prims import comm as C

__all__ = ["all_reduce", "all_gather_into_tensor", "reduce_scatter_tensor", "reduce", "broadcast", "barrier",
           "send", "recv", "isend", "irecv", "gather_into_tensor", "scatter_tensor", "CommHandle"]

_REDUCTIONS = ("sum", "prod", "min", "max")


class CommHandle:
    """The handle of an operation started with `async_op=True`; minispore's operations finish at once."""

    def wait(self):
        """Return when the operation is complete (it already is)."""

    def __repr__(self):
        return "CommHandle(handle=None)"


def _check_tensor(api, tensor):
    if not isinstance(tensor, Tensor):
        raise TypeError(f"For {api}, the input tensor must be tensor")


def _check_op(api, op):
    if not isinstance(op, str):
        raise TypeError(f"For {api}, the input op type must be str")
    if op not in _REDUCTIONS:
        raise TypeError(f"For {api}, the input op value must be one of sum, prod, min, max")


def _rank(api, world_rank, name):
    """A world rank argument (dst, src): an int; the primitive checks that the group holds it."""
    if isinstance(world_rank, bool) or not isinstance(world_rank, int):
        raise TypeError(f"For {api}, the {name} must be int")
    return world_rank


def _with_handle(output, async_op):
    return (output, CommHandle() if async_op else None)


def all_reduce(tensor, op="sum", group=GlobalComm.WORLD_COMM_GROUP, async_op=False):
    """Reduce `tensor` over the group; returns (result, handle) (handle None unless async_op)."""
    _check_tensor("all_reduce", tensor)
    _check_op("all_reduce", op)
    return _with_handle(C.all_reduce(tensor, op=op, group=_get_group(group)), async_op)


def all_gather_into_tensor(tensor, group=GlobalComm.WORLD_COMM_GROUP, async_op=False):
    """Every rank's tensor concatenated along axis 0; returns (result, handle)."""
    _check_tensor("all_gather_into_tensor", tensor)
    return _with_handle(C.all_gather(tensor, group=_get_group(group)), async_op)


def reduce_scatter_tensor(tensor, op="sum", group=GlobalComm.WORLD_COMM_GROUP, async_op=False):
    """Reduce over the group, then this rank's block of axis 0; returns (result, handle)."""
    _check_tensor("reduce_scatter_tensor", tensor)
    _check_op("reduce_scatter_tensor", op)
    return _with_handle(C.reduce_scatter(tensor, op=op, group=_get_group(group)), async_op)


def reduce(tensor, dst, op="sum", group=GlobalComm.WORLD_COMM_GROUP):
    """The reduction over the group on rank `dst` (global rank); zeros on the other ranks."""
    _check_tensor("reduce", tensor)
    _check_op("reduce", op)
    return C.reduce(tensor, op=op, root=_rank("reduce", dst, "dst"), group=_get_group(group))


def broadcast(tensor, src=0, group=GlobalComm.WORLD_COMM_GROUP):
    """Rank `src`'s tensor (global rank), on every rank of the group."""
    _check_tensor("broadcast", tensor)
    return C.broadcast(tensor, root=_rank("broadcast", src, "src"), group=_get_group(group))


def barrier(group=GlobalComm.WORLD_COMM_GROUP):
    """Return once every rank of the group has called barrier."""
    if not isinstance(group, str):
        raise TypeError(f"group must be type of string, but got {type(group)}")
    grp = _engine.group(_get_group(group), "Barrier")
    grp.agree("Barrier", _engine.NOTHING)
    if grp.size > 1:
        grp.run("Barrier", grp.comm.Ibarrier)


def send(tensor, dst=0, group=GlobalComm.WORLD_COMM_GROUP, tag=0):
    """Send `tensor` to rank `dst` (global rank); `recv` it there with the same tag."""
    _check_tensor("send", tensor)
    C.send(tensor, sr_tag=tag, dest_rank=_rank("send", dst, "dst"), group=_get_group(group))


def recv(tensor, src=0, group=GlobalComm.WORLD_COMM_GROUP, tag=0):
    """The tensor rank `src` sent with `tag`; `tensor` gives its shape and dtype (its values are not used)."""
    _check_tensor("recv", tensor)
    return C.receive(tensor, sr_tag=tag, src_rank=_rank("recv", src, "src"), shape=tensor.shape,
                     dtype=tensor._data.dtype, group=_get_group(group))


def isend(tensor, dst=0, group=GlobalComm.WORLD_COMM_GROUP, tag=0):
    """`send`, returning a handle."""
    send(tensor, dst, group, tag)
    return CommHandle()


def irecv(tensor, src=0, group=GlobalComm.WORLD_COMM_GROUP, tag=0):
    """`recv`, returning (tensor, handle)."""
    return recv(tensor, src, group, tag), CommHandle()


def gather_into_tensor(tensor, dst=0, group=GlobalComm.WORLD_COMM_GROUP):
    """Every rank's tensor concatenated along axis 0 on rank `dst`; zeros of that shape elsewhere."""
    _check_tensor("gather_into_tensor", tensor)
    gathered = C.all_gather(tensor, group=_get_group(group))
    grp = _engine.group(_get_group(group), "gather_into_tensor")
    if grp.ranks[grp.rank] == _rank("gather_into_tensor", dst, "dst"):
        return gathered
    return gathered * 0


def scatter_tensor(tensor, src=0, group=GlobalComm.WORLD_COMM_GROUP):
    """Rank `src`'s tensor split along axis 0 into group-size blocks; this rank gets its block."""
    _check_tensor("scatter_tensor", tensor)
    grp = _engine.group(_get_group(group), "scatter_tensor")
    whole = C.broadcast(tensor, root=_rank("scatter_tensor", src, "src"), group=_get_group(group))
    if whole.shape[0] % grp.size:
        raise ValueError(f"For scatter_tensor, axis 0 of shape {whole.shape} must divide into {grp.size} blocks.")
    block = whole.shape[0] // grp.size
    return whole[grp.rank * block:(grp.rank + 1) * block]
