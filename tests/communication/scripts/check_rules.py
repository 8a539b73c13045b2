"""Every collective's backward rule across processes, against finite differences of the global loss.

Each rank r holds its own input x_r and weights w_r; the global loss is F = sum_r <w_r, f(x)_r>, the
convention of data parallelism. The gradient each rank computes for x_r must equal dF/dx_r, which the
ranks measure together by central differences (only the perturbed rank moves its input).
Prints "rules ok" after every check passed.
"""
import numpy as np

import mindspore as ms
from mindspore import Tensor, ops
from mindspore.communication import comm_func, get_group_size, get_rank, init

init()
RANK, SIZE = get_rank(), get_group_size()


def check(name, shape, f, low=-1.0, high=1.0):
    rng = np.random.default_rng(1000 * RANK + len(name))
    x0 = rng.uniform(low, high, shape)
    w = Tensor(rng.normal(size=f(Tensor(x0)).shape))

    def local_loss(x):
        return (f(x) * w).sum()

    analytic = ms.grad(local_loss)(Tensor(x0)).asnumpy()
    numeric = np.zeros_like(x0)
    eps = 1e-6
    for q in range(SIZE):
        for i in range(x0.size):
            values = []
            for sign in (1.0, -1.0):
                x = x0.copy()
                if RANK == q:
                    x.flat[i] += sign * eps
                values.append(float(ops.AllReduce()(local_loss(Tensor(x))).asnumpy()))
            if RANK == q:
                numeric.flat[i] = (values[0] - values[1]) / (2 * eps)
    error = float(np.abs(analytic - numeric).max())
    assert error < 1e-6, f"{name} on rank {RANK}: analytic {analytic} vs numeric {numeric}"
    print(f"rule ok: {name} (max error {error:.1e})", flush=True)


for op in ("sum", "max", "min", "prod", "avg"):
    check(f"AllReduce({op})", (2, 3), ops.AllReduce(op), low=0.5, high=1.5)
    check(f"ReduceScatter({op})", (2 * SIZE, 2), ops.ReduceScatter(op), low=0.5, high=1.5)
check("AllGather", (2, 3), ops.AllGather())
check("Broadcast(root=1)", (2, 3), lambda x: ops.Broadcast(1)((x,))[0])
check("Reduce(dest=0)", (2, 3), ops.Reduce(0))
check("AlltoAll", (SIZE, 3), ops.AlltoAll(SIZE, 0, 1))
check("comm_func.all_gather_into_tensor", (2, 2), lambda x: comm_func.all_gather_into_tensor(x)[0])
check("comm_func.broadcast", (3,), lambda x: comm_func.broadcast(x, src=0))


def pipeline(x):
    """Rank 0 sends x to rank 1, which uses what it received; Send's own output is zeros."""
    if RANK == 0:
        return ops.Send(3, 1)(x)
    return ops.Receive(3, 0, list(x.shape), ms.float64)() * x


check("Send/Receive", (2, 3), pipeline)
print("rules ok", flush=True)
