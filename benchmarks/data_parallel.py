"""Data-parallel throughput of the MLP step and the time of an all-reduce of a 25M-parameter gradient.

    python benchmarks/data_parallel.py            # runs itself under msrun on 1 and 2 workers, prints a table
    python benchmarks/data_parallel.py --steps 40 --threads 1

Each worker runs mlp_b256's step (value_and_grad + optimizer, batch 256 per worker) with a
DistributedGradReducer over the world, so 2 workers train on 512 samples per step; throughput is global
samples per second (median step time). The all-reduce rows time ops.AllReduce on one 25M float32 tensor
(100 MB) and DistributedGradReducer on 25M parameters in 10 tensors, over 2 workers.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _worker(steps, out):
    import importlib.util

    import numpy as np

    import mindspore as ms
    from mindspore import Tensor, nn, ops
    from mindspore.communication import get_group_size, get_rank, init

    init()
    rank, size = get_rank(), get_group_size()
    spec = importlib.util.spec_from_file_location("mlp", os.path.join(HERE, "cases", "mlp_b64", "minispore.py"))
    mlp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mlp)
    rng = np.random.default_rng(rank)
    x = Tensor(rng.standard_normal((256, 1, 28, 28), dtype=np.float32))
    y = Tensor(rng.integers(0, 10, 256).astype(np.int32))
    model = mlp.Network()
    optimizer = nn.SGD(model.trainable_params(), 1e-2)
    loss_fn = nn.CrossEntropyLoss()
    grad_fn = ms.value_and_grad(lambda d, t: loss_fn(model(d), t), None, optimizer.parameters)
    reducer = nn.DistributedGradReducer(optimizer.parameters, mean=True)
    barrier = ops.Barrier()

    def step():
        loss, grads = grad_fn(x, y)
        optimizer(reducer(grads))
        return loss

    times = []
    for i in range(steps + 3):
        barrier()
        start = time.perf_counter()
        step()
        barrier()
        if i >= 3:
            times.append(time.perf_counter() - start)
    lines = [f"step {size} {statistics.median(times)}"]
    if size > 1:
        big = Tensor(np.ones(25_000_000, np.float32))
        params = [ms.Parameter(Tensor(np.zeros(2_500_000, np.float32)), name=f"w{i}") for i in range(10)]
        grads = tuple(Tensor(np.ones(2_500_000, np.float32)) for _ in range(10))
        reducer25 = nn.DistributedGradReducer(params, mean=True)
        for name, work in (("allreduce", lambda: ops.AllReduce()(big)), ("reducer", lambda: reducer25(grads))):
            samples = []
            for _ in range(5):
                barrier()
                start = time.perf_counter()
                work()
                samples.append(time.perf_counter() - start)
            lines.append(f"{name} {size} {statistics.median(samples[1:])}")
    if rank == 0:
        with open(out, "w") as handle:
            handle.write("\n".join(lines) + "\n")


def _launch(workers, steps, threads):
    out = tempfile.mktemp(suffix=".txt")
    env = dict(os.environ)
    if threads:
        env.update(OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    with tempfile.TemporaryDirectory() as logs:
        subprocess.run([sys.executable, "-m", "minispore", "msrun", f"--worker_num={workers}",
                        f"--local_worker_num={workers}", f"--master_port={18500 + workers}", f"--log_dir={logs}",
                        "--join=True", "--tail_worker_log=99", os.path.abspath(__file__), "worker", str(steps), out],
                       check=True, env=env, stdout=subprocess.DEVNULL)
    with open(out) as handle:
        rows = [line.split() for line in handle]
    os.remove(out)
    return {(kind, int(size)): float(seconds) for kind, size, seconds in rows}


def main():
    if sys.argv[1:2] == ["worker"]:
        _worker(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads per worker (0: the library's default)")
    args = parser.parse_args()
    results = {}
    for workers in (1, 2):
        results.update(_launch(workers, args.steps, args.threads))
    print(f"MLP b256 step, {args.threads or 'default'} BLAS thread(s) per worker, median of {args.steps} steps:")
    for workers in (1, 2):
        seconds = results[("step", workers)]
        print(f"  {workers} worker(s): {seconds * 1e3:7.1f} ms/step, {256 * workers / seconds:8.0f} samples/s")
    print(f"all-reduce of 25M float32 (100 MB) over 2 workers: ops.AllReduce {results[('allreduce', 2)] * 1e3:.0f} ms, "
          f"DistributedGradReducer (10 tensors, mean) {results[('reducer', 2)] * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
