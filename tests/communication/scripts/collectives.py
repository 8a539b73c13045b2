"""Values of every collective on N ranks (rank r holds arange + 10 r), group management, comm_func forms.
Prints "collectives ok" when every assertion held."""
import os

import numpy as np

import mindspore as ms
from mindspore import Tensor, ops
from mindspore.communication import (GlobalComm, comm_func, create_group, destroy_group, get_group_rank_from_world_rank,
                                     get_group_size, get_local_rank, get_local_rank_size, get_process_group_ranks,
                                     get_rank, get_world_rank_from_group_rank, init, release)

init()
r, n = get_rank(), get_group_size()
assert GlobalComm.INITED and GlobalComm.BACKEND == "mccl" and GlobalComm.WORLD_COMM_GROUP == "mccl_world_group"
assert os.environ["RANK_ID"] == str(r)
assert get_local_rank_size() == int(os.environ.get("EXPECT_LOCAL_SIZE", n)) and 0 <= get_local_rank() < n
base = np.arange(6, dtype=np.float32).reshape(2, 3)
mine = base + 10 * r
x = Tensor(mine)
everyone = [base + 10 * q for q in range(n)]


def same(tensor, expected):
    np.testing.assert_allclose(tensor.asnumpy(), expected, rtol=1e-6)


same(ops.AllReduce()(x), sum(everyone))
same(ops.AllReduce(ops.ReduceOp.MAX)(x), np.max(everyone, axis=0))
same(ops.AllReduce(ops.ReduceOp.MIN)(x), np.min(everyone, axis=0))
same(ops.AllReduce(ops.ReduceOp.PROD)(x + 1), np.prod([e + 1 for e in everyone], axis=0))
same(ops.AllReduce("avg")(x), np.mean(everyone, axis=0))
assert ops.AllReduce()(Tensor(mine.astype(np.int32))).dtype == ms.int32
assert ops.AllReduce()(Tensor(mine.astype(np.float16))).dtype == ms.float16
same(ops.AllGather()(x), np.concatenate(everyone))
stacked = Tensor(np.concatenate([mine] * n))
same(ops.ReduceScatter()(stacked), sum(everyone))
same(ops.Broadcast(n - 1)((x,))[0], everyone[-1])
reduced = ops.Reduce(0)(x)
same(reduced, sum(everyone) if r == 0 else np.zeros_like(mine))
blocks = Tensor(np.arange(n * 2, dtype=np.float32).reshape(n, 2) + 100 * r)
same(ops.AlltoAll(n, 0, 1)(blocks), np.concatenate([np.arange(n * 2, dtype=np.float32).reshape(n, 2)[r:r + 1] + 100 * q
                                                    for q in range(n)], axis=1))
out, handle = comm_func.all_reduce(x)
assert handle is None
same(out, sum(everyone))
out, handle = comm_func.all_reduce(x, async_op=True)
handle.wait()
same(comm_func.all_gather_into_tensor(x)[0], np.concatenate(everyone))
same(comm_func.reduce_scatter_tensor(stacked)[0], sum(everyone))
same(comm_func.broadcast(x, src=0), everyone[0])
same(comm_func.scatter_tensor(Tensor(np.arange(2 * n, dtype=np.float32) + r), src=0), np.arange(2 * r, 2 * r + 2))
same(comm_func.gather_into_tensor(x, dst=0), np.concatenate(everyone) if r == 0 else np.zeros((2 * n, 3)))
comm_func.barrier()
ops.Barrier()()
if n >= 2:
    if r == 0:
        comm_func.send(x, dst=1, tag=7)
    elif r == 1:
        same(comm_func.recv(Tensor(np.zeros((2, 3), np.float32)), src=0, tag=7), everyone[0])
    create_group("pair", [1, 0]) if r in (0, 1) else None
    if r in (0, 1):
        assert get_process_group_ranks("pair") == [0, 1] and get_group_size("pair") == 2
        assert get_rank("pair") == r and get_world_rank_from_group_rank("pair", 1) == 1
        assert get_group_rank_from_world_rank(0, "pair") == 0
        same(ops.AllReduce(group="pair")(x), everyone[0] + everyone[1])
        destroy_group("pair")
try:
    destroy_group("mccl_world_group")
    raise AssertionError("destroying the world group must fail")
except ValueError as error:
    assert "world_group" in str(error)
release()
assert not GlobalComm.INITED
print("collectives ok", flush=True)
