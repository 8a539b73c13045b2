"""Collective communication Primitive classes (`ops.AllReduce()`, `ops.AllGather()`, ...), thin over the
primitives in `ops/_prims/comm.py`. Constructing one needs no `init()`; calling one does."""
from minispore._backend import default_backend
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.communication.management import GlobalComm, _get_group, get_group_size, get_rank
from minispore.ops._prims import comm as C
from minispore.ops.primitive import Primitive, prim_attr_register

__all__ = ["ReduceOp", "AllReduce", "AllGather", "ReduceScatter", "Broadcast", "AlltoAll", "Send", "Receive",
           "Barrier", "Reduce"]


class ReduceOp:
    """The reductions of AllReduce / ReduceScatter / Reduce: SUM, MAX, MIN, PROD and AVG."""

    SUM = "sum"
    MAX = "max"
    MIN = "min"
    PROD = "prod"
    AVG = "avg"


_RECEIVE_TYPES = [mstype.float16, mstype.float32, mstype.float64, mstype.bfloat16, mstype.int8, mstype.int16,
                  mstype.int32, mstype.int64, mstype.uint8, mstype.uint16, mstype.uint32, mstype.uint64]


def _check_type(prim, name, value, types, type_name):
    if isinstance(value, bool) or not isinstance(value, types):
        raise TypeError(f"For '{prim}', the type of '{name}' should be '{type_name}', "
                        f"but got type '{type(value).__name__}'.")


def _check_op_and_group(prim, op, group):
    if not isinstance(op, str):
        raise TypeError(f"For '{prim}', the 'op' must be str, but got {type(op).__name__}.")
    if not isinstance(group, str):
        raise TypeError(f"For '{prim}', the 'group' must be str, but got {type(group).__name__}.")


def _tensor(prim, x):
    if not isinstance(x, Tensor):
        raise TypeError(f"For '{prim}', the input must be a Tensor, but got {type(x).__name__}.")
    return x


class AllReduce(Primitive):
    """Reduce a tensor over every process of the group; every process gets the result."""

    @prim_attr_register
    def __init__(self, op=ReduceOp.SUM, group=GlobalComm.WORLD_COMM_GROUP):
        _check_op_and_group(self.name, op, group)
        self.op, self.group = op, _get_group(group)
        for name, value in (("group", self.group), ("fusion", 0), ("index", 0), ("no_eliminate", True)):
            self.add_prim_attr(name, value)

    def __call__(self, input_x):
        return C.all_reduce(_tensor(self.name, input_x), op=self.op, group=_get_group(self.group))


class AllGather(Primitive):
    """Concatenate every process's tensor along axis 0 (rank order)."""

    @prim_attr_register
    def __init__(self, group=GlobalComm.WORLD_COMM_GROUP):
        _check_type(self.name, "group", _get_group(group), str, "str")
        self.group = _get_group(group)
        self.rank, self.rank_size = get_rank(self.group), get_group_size(self.group)
        for name, value in (("group", self.group), ("rank_size", self.rank_size), ("fusion", 0),
                            ("mean_flag", False), ("no_eliminate", True)):
            self.add_prim_attr(name, value)

    def __call__(self, input_x):
        return C.all_gather(_tensor(self.name, input_x), group=_get_group(self.group))


class ReduceScatter(Primitive):
    """Reduce over the group, then give process i the i-th of group-size equal blocks along axis 0."""

    @prim_attr_register
    def __init__(self, op=ReduceOp.SUM, group=GlobalComm.WORLD_COMM_GROUP):
        _check_op_and_group(self.name, op, _get_group(group))
        self.op, self.group = op, _get_group(group)
        self.rank_size = get_group_size(self.group)
        for name, value in (("rank_size", self.rank_size), ("group", self.group), ("fusion", 0),
                            ("no_eliminate", True)):
            self.add_prim_attr(name, value)

    def __call__(self, input_x):
        return C.reduce_scatter(_tensor(self.name, input_x), op=self.op, group=_get_group(self.group))


class Broadcast(Primitive):
    """Every process gets the tensors of process `root_rank`; input and output are tuples of Tensors."""

    @prim_attr_register
    def __init__(self, root_rank, group=GlobalComm.WORLD_COMM_GROUP):
        _check_type(self.name, "root_rank", root_rank, int, "int")
        _check_type(self.name, "group", _get_group(group), str, "str")
        self.root_rank, self.group = root_rank, _get_group(group)
        self.add_prim_attr("group", self.group)
        self.add_prim_attr("no_eliminate", True)

    def __call__(self, input_x):
        if not isinstance(input_x, (tuple, list)):
            raise TypeError(f"For '{self.name}', the input must be a tuple of Tensors, "
                            f"but got {type(input_x).__name__}.")
        return tuple(C.broadcast(_tensor(self.name, x), root=self.root_rank, group=_get_group(self.group))
                     for x in input_x)


class Reduce(Primitive):
    """Reduce over the group onto process `dest_rank` (the other processes get zeros)."""

    @prim_attr_register
    def __init__(self, dest_rank, op=ReduceOp.SUM, group=GlobalComm.WORLD_COMM_GROUP):
        _check_type(self.name, "dest_rank", dest_rank, int, "int")
        _check_op_and_group(self.name, op, _get_group(group))
        self.dest_rank, self.op, self.group = dest_rank, op, _get_group(group)
        self.add_prim_attr("group", self.group)

    def __call__(self, x):
        return C.reduce(_tensor(self.name, x), op=self.op, root=self.dest_rank, group=_get_group(self.group))


class AlltoAll(Primitive):
    """Split along split_dim into split_count blocks, send block i to process i, concat along concat_dim."""

    @prim_attr_register
    def __init__(self, split_count, split_dim, concat_dim, group=GlobalComm.WORLD_COMM_GROUP):
        _check_type(self.name, "group", _get_group(group), str, "str")
        for name, value in (("split_count", split_count), ("split_dim", split_dim), ("concat_dim", concat_dim)):
            _check_type(self.name, name, value, int, "int")
        self.split_count, self.split_dim, self.concat_dim = split_count, split_dim, concat_dim
        self.group = _get_group(group)
        self.add_prim_attr("group", self.group)
        self.add_prim_attr("no_eliminate", True)
        self.rank_size = get_group_size(self.group)
        self.add_prim_attr("rank_size", self.rank_size)

    def __call__(self, input_x):
        return C.all_to_all(_tensor(self.name, input_x), split_count=self.split_count, split_dim=self.split_dim,
                            concat_dim=self.concat_dim, group=_get_group(self.group))


class Send(Primitive):
    """Send a tensor to process `dest_rank` (Receive it there with the same sr_tag); returns zeros.

    The gradient of the input is what the receiving process sends back in its backward pass.
    """

    @prim_attr_register
    def __init__(self, sr_tag, dest_rank, group=GlobalComm.WORLD_COMM_GROUP, group_back=GlobalComm.WORLD_COMM_GROUP):
        _check_type(self.name, "sr_tag", sr_tag, int, "int")
        _check_type(self.name, "dest_rank", dest_rank, int, "int")
        if sr_tag < 0 or sr_tag > 32767:
            raise ValueError(f"For '{self.name}', 'sr_tag' must be in [0, 32767], but got {sr_tag}.")
        self.rank, self.sr_tag, self.group = dest_rank, sr_tag, _get_group(group)
        self.add_prim_attr("no_eliminate", True)

    def __call__(self, input_x):
        return C.send(_tensor(self.name, input_x), sr_tag=self.sr_tag, dest_rank=self.rank,
                      group=_get_group(self.group))


class Receive(Primitive):
    """The tensor process `src_rank` sent with `sr_tag`, of the given shape and dtype.

    The optional input only links the result into a gradient computation (MindSpore's virtual input);
    inside `grad`, one is made and tracked when none is given, so the backward pass sends the gradient back.
    """

    @prim_attr_register
    def __init__(self, sr_tag, src_rank, shape, dtype, group=GlobalComm.WORLD_COMM_GROUP,
                 group_back=GlobalComm.WORLD_COMM_GROUP):
        _check_type(self.name, "sr_tag", sr_tag, int, "int")
        _check_type(self.name, "src_rank", src_rank, int, "int")
        if dtype not in _RECEIVE_TYPES:
            raise TypeError(f"For '{self.name}', the type of 'dtype' must be in "
                            f"[{', '.join('mindspore.' + str(t).lower() for t in _RECEIVE_TYPES)}], but got {dtype}.")
        if not isinstance(shape, (list, tuple)) or any(isinstance(n, bool) or not isinstance(n, int) or n < 0
                                                       for n in shape):
            raise TypeError(f"For '{self.name}', 'shape' must be a list of non-negative ints, but got {shape!r}.")
        self.rank, self.tag, self.shape, self.dtype = src_rank, sr_tag, tuple(shape), dtype
        self.group = _get_group(group)
        self.add_prim_attr("no_eliminate", True)

    def __call__(self, input_x=None):
        from minispore.ops._prims.dispatch import thread_state
        if input_x is None:
            input_x = wrap(default_backend().xp.zeros((), mstype.dtype_to_nptype(self.dtype)))
            for tape in thread_state().tapes:
                tape.track(input_x)
        return C.receive(_tensor(self.name, input_x), sr_tag=self.tag, src_rank=self.rank, shape=self.shape,
                         dtype=mstype.dtype_to_nptype(self.dtype), group=_get_group(self.group))


class Barrier(Primitive):
    """Wait until every process of the group has called it."""

    @prim_attr_register
    def __init__(self, group=GlobalComm.WORLD_COMM_GROUP):
        self.group = group
        self.add_prim_attr("side_effect_mem", True)

    def __call__(self):
        from minispore.communication.comm_func import barrier
        barrier(self.group)
