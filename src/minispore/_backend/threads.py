"""The thread policy: how many threads the BLAS and minispore's own kernels use, per op and per machine.

Measured on a 2-core VM (benchmarks/README.md): a BLAS thread pool pays only for large products on
idle cores. Products under SMALL_PRODUCT multiply-adds gain mostly under 10% from a second thread; on a
machine kept busy by another process a second thread makes an MLP step 3.5x slower, as the BLAS
waits on its descheduled worker. So a product runs on one thread when it is small or when other
processes keep the cores busy, and on every free core otherwise. Free cores are the usable ones
(CPU affinity, cgroup quota, OPENBLAS_NUM_THREADS and the like) less the load other processes put on
the machine, sampled from /proc/stat at most every SAMPLE_SECONDS.

Two pools share the cores: the BLAS's, for a product on its own (`matmul`), and minispore's
(`run_parallel`), for kernels that split their work — convolutions by samples, BatchNorm by
channels — each task's products on one BLAS thread. They must not run at once: after a threaded
product the BLAS's workers spin for a while (OpenBLAS: about 0.1 s) waiting for more, and tasks
started meanwhile get a third of the cores each (a ResNet-18 step: 494 against 360 ms with the spin
switched off). So within that time of a threaded product, `threads_for` gives one thread, and the
kernel's products take the BLAS's (spinning) threads instead.

The BLAS is controlled through threadpoolctl (the `threads` extra); without it the BLAS keeps its
own settings and minispore's kernels stay on one thread. `set_context(runtime_num_threads=N)` fixes
the count for large ops to N (small ones stay on one thread) and stops the load sampling.
"""
import os
import threading
import time

from numpy import ndarray as _NDARRAY

__all__ = ["SMALL_PRODUCT", "SMALL_PASS", "matmul", "threads_for", "run_parallel", "splittable", "split_map",
           "set_thread_limit", "bound_other_blas", "describe"]

# Products of fewer multiply-adds than this run on one BLAS thread (64x256x256 gains 6% from two).
SMALL_PRODUCT = 1 << 22
# Memory-bound work (array elements touched) under this stays on one thread: a task hand-off costs
# about 20 us, the time to stream some 256K float32 elements.
SMALL_PASS = 1 << 19
SAMPLE_SECONDS = 0.5
# How long the BLAS's workers spin after a threaded call, with a margin: OpenBLAS's thread timeout is
# 2**28 cycles (~0.1 s at 2.5 GHz; measured here as 0.10 s of a busy core per worker), settable as
# 2**N with OPENBLAS_THREAD_TIMEOUT=N; Intel OpenMP's (MKL) is KMP_BLOCKTIME, 200 ms by default.
BLAS_SPIN_SECONDS = 0.15


class _Policy:
    """The machine's usable cores, the load of other processes on it, and the BLAS controllers."""

    def __init__(self):
        self.limit = None  # set_context(runtime_num_threads=...)
        self.blas = []  # threadpoolctl controllers of NumPy's BLAS
        self.blas_threads = None  # what the BLAS is set to now (None: unknown)
        self.blas_spins_until = 0.0  # time.monotonic() until which the BLAS's workers spin
        self.blas_spin = BLAS_SPIN_SECONDS
        self.controlled = False
        cap = _env_cap()
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            ThreadpoolController = None
        if ThreadpoolController is not None:
            self.blas = _numpy_blas(ThreadpoolController().select(user_api="blas").lib_controllers)
            self.controlled = bool(self.blas)
            for lib in self.blas:
                # The pool size the BLAS chose at load time honours OPENBLAS_NUM_THREADS and the like.
                if lib.num_threads:
                    cap = min(cap, lib.num_threads) if cap else lib.num_threads
            self.blas_spin = max([_spin_seconds(lib.internal_api) for lib in self.blas], default=BLAS_SPIN_SECONDS)
        self.usable = max(1, min(_usable_cores(), cap or 1 << 30))
        self.free = self.usable
        self.sampled_at = None
        self.busy_ticks = self.own_seconds = 0.0
        self.pool, self.pool_size = None, 0
        self.lock = threading.Lock()

    def threads(self):
        """Threads a large op may use now."""
        if self.limit is not None:
            return self.limit
        now = time.monotonic()
        if self.sampled_at is None or now - self.sampled_at >= SAMPLE_SECONDS:
            self._sample(now)
        return self.free

    def _sample(self, now):
        """Free cores = usable cores less what other processes used since the last sample."""
        busy, own = _machine_busy_ticks(), _own_cpu_seconds()
        if busy is not None and self.sampled_at is not None:
            elapsed = now - self.sampled_at
            others = ((busy - self.busy_ticks) / _TICKS_PER_SECOND - (own - self.own_seconds)) / elapsed
            # Half a core of load from others already costs a second thread more than it gains.
            self.free = max(1, min(self.usable, int(self.usable - others + 0.5)))
        elif busy is not None:
            try:
                others = os.getloadavg()[0] - 1  # the first estimate: the load average, less this process
            except OSError:
                others = 0.0
            self.free = max(1, min(self.usable, int(self.usable - others + 0.5)))
        self.sampled_at, self.busy_ticks, self.own_seconds = now, busy or 0, own

    def set_blas(self, count):
        if count != self.blas_threads:
            for lib in self.blas:
                lib.set_num_threads(count)
            self.blas_threads = count


def _spin_seconds(internal_api):
    """How long a BLAS's idle workers spin (with a margin), from its settings in the environment."""
    if internal_api == "openblas":
        value = os.environ.get("OPENBLAS_THREAD_TIMEOUT", os.environ.get("GOTO_THREAD_TIMEOUT", ""))
        if value.strip().isdigit():
            return 1.5 * 2 ** min(max(int(value), 4), 30) / 2.5e9
    if internal_api == "mkl":
        value = os.environ.get("KMP_BLOCKTIME", "200").strip()
        return 1.5 * (int(value) if value.isdigit() else 200) / 1000
    return BLAS_SPIN_SECONDS


_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _numpy_blas(libraries):
    """The BLAS libraries NumPy uses: those shipped inside its wheel, else (a system BLAS) all loaded now."""
    import numpy

    site = os.path.dirname(os.path.dirname(os.path.abspath(numpy.__file__)))
    shipped = [lib for lib in libraries if os.path.abspath(lib.filepath).startswith(
        (os.path.join(site, "numpy.libs"), os.path.join(site, "numpy") + os.sep))]
    return shipped or list(libraries)


def _env_cap():
    """The smallest thread count set by OMP_NUM_THREADS, OPENBLAS_NUM_THREADS or MKL_NUM_THREADS, else None."""
    counts = []
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        value = os.environ.get(name, "").split(",")[0].strip()
        if value.isdigit() and int(value) > 0:
            counts.append(int(value))
    return min(counts) if counts else None


def _usable_cores():
    """Cores this process may run on: its CPU affinity, bounded by a cgroup v2 CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max") as file:
            quota, period = file.read().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cores


def _machine_busy_ticks():
    """Clock ticks all CPUs spent busy since boot (/proc/stat; steal counts as busy), or None."""
    try:
        with open("/proc/stat", "rb") as file:
            fields = file.readline().split()[1:]
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal ...: idle and iowait are the idle ones.
    ticks = [int(value) for value in fields[:8]]
    return sum(ticks) - ticks[3] - ticks[4]


def _own_cpu_seconds():
    times = os.times()
    return times.user + times.system


_POLICY = None


def _policy():
    global _POLICY
    if _POLICY is None:
        _POLICY = _Policy()
    return _POLICY


def _forget_after_fork():
    """A forked child has none of its parent's threads: start its pool and load samples afresh."""
    if _POLICY is not None:
        _POLICY.pool = None
        _POLICY.lock = threading.Lock()
        _POLICY.sampled_at = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def threads_for(work, small=SMALL_PASS):
    """Threads for an op doing `work` units (multiply-adds or elements): 1 under `small`, else the free cores.

    Always 1 without threadpoolctl: the BLAS could not be held to one thread beside the pool's.
    """
    policy = _POLICY or _policy()
    if work < small or not policy.controlled or time.monotonic() < policy.blas_spins_until:
        return 1
    return policy.threads()


def matmul(xp, a, b, out=None):
    """xp.matmul(a, b) with the BLAS on as many threads as a product of its size should use (into `out`,
    a planned buffer of jit's replay, when given)."""
    policy = _POLICY or _policy()
    if policy.controlled:
        # The common case, matrices and vectors, without the general count's loop.
        work = (a.size * (b.shape[-1] if b.ndim == 2 else 1) if a.ndim <= 2 and b.ndim <= 2
                else _multiply_adds(a.shape, b.shape))
        wanted = 1 if work < SMALL_PRODUCT else policy.threads()
        if wanted > 1 and getattr(_task, "running", False):
            wanted = 1  # a task of run_parallel: its products stay on one thread
        if wanted != policy.blas_threads:
            policy.set_blas(wanted)
        if wanted > 1:
            policy.blas_spins_until = time.monotonic() + policy.blas_spin
    return xp.matmul(a, b) if out is None else xp.matmul(a, b, out=out)


def _multiply_adds(a, b):
    """Multiply-adds of matmul on shapes a and b (batch dimensions broadcast)."""
    if not a or not b:
        return 0
    work = (a[-2] if len(a) > 1 else 1) * a[-1] * (b[-1] if len(b) > 1 else 1)
    batch_a, batch_b = a[:-2], b[:-2]
    for i in range(1, max(len(batch_a), len(batch_b)) + 1):
        work *= max(batch_a[-i] if i <= len(batch_a) else 1, batch_b[-i] if i <= len(batch_b) else 1)
    return work


def run_parallel(tasks):
    """Run the zero-argument callables `tasks` on the thread pool (the first on this thread); their results.

    For kernels that split large work (NumPy releases the GIL in its loops and BLAS calls); the
    BLAS is held to one thread meanwhile, so the pool and the BLAS do not oversubscribe the cores.
    """
    if len(tasks) == 1:
        return [tasks[0]()]
    policy = _POLICY or _policy()
    with policy.lock:
        # Workers for every task but the first; runtime_num_threads may ask for more than the cores.
        if policy.pool is None or policy.pool_size < len(tasks) - 1:
            from concurrent.futures import ThreadPoolExecutor
            if policy.pool is not None:
                policy.pool.shutdown(wait=False)
            policy.pool_size = max(policy.usable - 1, len(tasks) - 1, 1)
            policy.pool = ThreadPoolExecutor(max_workers=policy.pool_size, thread_name_prefix="minispore")
        pool = policy.pool
    policy.set_blas(1)
    futures = [pool.submit(_as_task, task) for task in tasks[1:]]
    first = _as_task(tasks[0])
    return [first] + [future.result() for future in futures]


def _layout(array):
    """"C" or "F" for a contiguous array (C where it is both), else None."""
    flags = array.flags
    return "C" if flags.c_contiguous else "F" if flags.f_contiguous else None


def splittable(first, *others):
    """Whether a pass over these arrays may go to split_map: large NumPy arrays of one shape, dtype and
    contiguous layout, all C- or all F-ordered (Dense hands batches on feature-major); a device's arrays
    run as they are."""
    if type(first) is not _NDARRAY or first.size < SMALL_PASS:
        return False
    layout = _layout(first)
    return layout is not None and all(
        type(a) is _NDARRAY and a.shape == first.shape and a.dtype == first.dtype and _layout(a) == layout
        for a in others)


def split_map(fn, out, *arrays):
    """fn(out_part, *array_parts) over flat parts, in memory order, of `out` and `arrays`, on the free
    cores; False, having done nothing, where that is one thread (small, busy, or the BLAS spinning) or
    the arrays are not `splittable` together (shape, dtype, layout).

    For memory-bound passes over large arrays: one core streams about 28 GB/s here, two about 45 (an
    add of 4M float32 elements: 1.78 against 1.06 ms).
    """
    count = threads_for(out.size)
    if count == 1 or not splittable(out, *arrays):
        return False
    order = _layout(out)
    flats = [a.reshape(-1, order=order) for a in (out,) + arrays]
    bounds = [out.size * i // count for i in range(count + 1)]
    run_parallel([lambda i=i: fn(*(flat[bounds[i]:bounds[i + 1]] for flat in flats)) for i in range(count)])
    return True


_task = threading.local()  # running: this thread runs one of run_parallel's tasks


def _as_task(task):
    outer = getattr(_task, "running", False)
    _task.running = True
    try:
        return task()
    finally:
        _task.running = outer


def set_thread_limit(count):
    """Use `count` threads for large ops from now on (None: the automatic policy)."""
    _policy().limit = count


def bound_other_blas():
    """Hold every BLAS library loaded after NumPy's (SciPy's, say) to one thread; whether that was possible.

    A second library's own thread pool would spin beside NumPy's and starve it.
    """
    policy = _policy()
    if not policy.controlled:
        return False
    from threadpoolctl import ThreadpoolController
    known = {lib.filepath for lib in policy.blas}
    for lib in ThreadpoolController().select(user_api="blas").lib_controllers:
        if lib.filepath not in known:
            lib.set_num_threads(1)
    return True


def describe():
    """The BLAS libraries, their thread counts and the policy's state, for benchmark reports."""
    policy = _policy()
    libraries = []
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        pass
    else:
        for lib in ThreadpoolController().select(user_api="blas").lib_controllers:
            libraries.append({"library": os.path.basename(lib.filepath), "internal_api": lib.internal_api,
                              "version": lib.version, "num_threads": lib.num_threads})
    return {"threadpoolctl": policy.controlled, "usable_cores": policy.usable, "free_cores": policy.threads(),
            "runtime_num_threads": policy.limit, "blas": libraries}
