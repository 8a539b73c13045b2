"""The thread policy: small products on one BLAS thread, large ones on the free cores, overrides honoured."""
import os
import subprocess
import sys

import numpy as np
import pytest

import minispore
from minispore._backend import blas, threads

try:
    from threadpoolctl import ThreadpoolController
except ImportError:
    ThreadpoolController = None

needs_threadpoolctl = pytest.mark.skipif(ThreadpoolController is None,
                                         reason="BLAS control needs threadpoolctl (the 'threads' extra)")


@pytest.fixture
def policy(monkeypatch):
    """The process's policy, its settings restored afterwards."""
    current = threads._policy()
    monkeypatch.setattr(current, "limit", current.limit)
    monkeypatch.setattr(current, "free", current.free)
    monkeypatch.setattr(current, "usable", current.usable)
    monkeypatch.setattr(current, "sampled_at", current.sampled_at)
    yield current
    current.blas_threads = None  # re-set on the next product


def _numpy_blas_threads():
    return [lib.num_threads for lib in threads._policy().blas]


@pytest.mark.parametrize("a, b, expected", [
    ((3, 4), (4, 5), 60),
    ((4,), (4, 5), 20),
    ((3, 4), (4,), 12),
    ((2, 3, 4), (4, 5), 120),
    ((2, 1, 3, 4), (7, 4, 5), 2 * 7 * 60),
    ((), (4,), 0),
])
def test_multiply_adds_count_broadcast_batches(a, b, expected):
    assert threads._multiply_adds(a, b) == expected


@needs_threadpoolctl
def test_small_work_runs_on_one_thread_and_large_on_the_free_cores(policy):
    policy.usable = policy.free = 4
    policy.sampled_at = float("inf")  # no resampling in this test
    assert threads.threads_for(threads.SMALL_PASS - 1) == 1
    assert threads.threads_for(threads.SMALL_PASS) == 4
    assert threads.threads_for(100, small=10) == 4


@needs_threadpoolctl
def test_runtime_num_threads_overrides_the_policy_and_0_restores_it(policy):
    policy.usable = policy.free = 2
    policy.sampled_at = float("inf")
    default = minispore.get_context("runtime_num_threads")
    assert default == min(os.cpu_count(), 30)  # MindSpore's default: the hardware threads, at most 30
    try:
        minispore.set_context(runtime_num_threads=3)
        assert minispore.get_context("runtime_num_threads") == 3
        assert threads.threads_for(1 << 30) == 3
        assert threads.threads_for(1) == 1  # small work stays on one thread
        minispore.set_context(runtime_num_threads=True)  # an int to MindSpore
        assert threads.threads_for(1 << 30) == 1
        minispore.set_context(runtime_num_threads=0)
        assert minispore.get_context("runtime_num_threads") == 0
        assert threads.threads_for(1 << 30) == 2
    finally:
        minispore.set_context(runtime_num_threads=default)
        policy.limit = None


@pytest.mark.parametrize("value, error", [(-1, ValueError), (1.5, TypeError), ("2", TypeError), (None, TypeError)])
def test_runtime_num_threads_must_be_an_int_of_0_or_more(value, error, policy):
    before = minispore.get_context("runtime_num_threads")
    with pytest.raises(error, match="runtime_num_threads"):
        minispore.set_context(runtime_num_threads=value)
    assert policy.limit is None
    assert minispore.get_context("runtime_num_threads") == before


def test_load_from_other_processes_takes_cores_away(policy, monkeypatch):
    """Free cores = usable - (machine busy time - own CPU time) / elapsed, sampled from /proc/stat."""
    policy.usable = 2
    clock = {"busy": 0, "own": 0.0}
    monkeypatch.setattr(threads, "_machine_busy_ticks", lambda: clock["busy"])
    monkeypatch.setattr(threads, "_own_cpu_seconds", lambda: clock["own"])
    monkeypatch.setattr(threads, "_TICKS_PER_SECOND", 100)
    policy._sample(0.0)
    # One second: this process used 1 core, another process used a whole core.
    clock["busy"], clock["own"] = 200, 1.0
    policy._sample(1.0)
    assert policy.free == 1
    # The next second the other process used a fifth of a core.
    clock["busy"], clock["own"] = 200 + 120, 2.0
    policy._sample(2.0)
    assert policy.free == 2


def test_thread_variables_cap_the_usable_cores():
    code = "from minispore._backend import threads; print(threads._policy().usable)"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


@needs_threadpoolctl
def test_matmul_sets_the_blas_threads_by_product_size(policy):
    policy.usable = policy.free = 2
    policy.sampled_at = float("inf")
    a = np.ones((256, 256), np.float32)
    np.testing.assert_array_equal(threads.matmul(np, a, a), a @ a)
    assert set(_numpy_blas_threads()) == {2}
    small = np.ones((8, 8), np.float32)
    threads.matmul(np, small, small)
    assert set(_numpy_blas_threads()) == {1}


@needs_threadpoolctl
def test_the_dense_and_matmul_primitives_follow_the_policy(policy):
    policy.usable = policy.free = 2
    policy.sampled_at = float("inf")
    x = minispore.Tensor(np.ones((256, 256), np.float32))
    minispore.ops.matmul(x, x)
    assert set(_numpy_blas_threads()) == {2}
    minispore.nn.Dense(256, 4)(x)  # 256 x 256 x 4 multiply-adds: small
    assert set(_numpy_blas_threads()) == {1}


def test_run_parallel_returns_every_result_in_order():
    assert threads.run_parallel([lambda i=i: i * i for i in range(5)]) == [0, 1, 4, 9, 16]
    assert threads.run_parallel([lambda: "alone"]) == ["alone"]


def test_run_parallel_runs_as_many_tasks_at_once_as_it_is_given():
    import threading
    barrier = threading.Barrier(4, timeout=10)  # passes only when all four run at the same time
    assert threads.run_parallel([lambda i=i: barrier.wait() * 0 + i for i in range(4)]) == [0, 1, 2, 3]


@needs_threadpoolctl
def test_scipys_blas_is_held_to_one_thread_when_its_axpy_is_used():
    pytest.importorskip("scipy")
    code = ("import numpy, threadpoolctl; from minispore._backend import blas; assert blas.blas_axpy();"
            "print(sorted(os.path.basename(lib.filepath) + ' ' + str(lib.num_threads) for lib in "
            "threadpoolctl.ThreadpoolController().select(user_api='blas').lib_controllers if 'scipy.libs' in "
            "lib.filepath))")
    out = subprocess.run([sys.executable, "-c", "import os;" + code], capture_output=True, text=True, check=True)
    listed = out.stdout.strip()
    assert listed != "[]" and listed.count(" 1'") == listed.count("'") // 2, listed


def test_without_bounding_scipys_pool_its_axpy_is_not_used(monkeypatch):
    monkeypatch.setattr(blas, "_AXPY", blas._NOT_LOADED)
    monkeypatch.setattr(blas, "bound_other_blas", lambda: False)
    assert blas.blas_axpy() is None


def test_describe_reports_the_policy():
    info = threads.describe()
    assert set(info) == {"threadpoolctl", "usable_cores", "free_cores", "runtime_num_threads", "blas"}
    assert 1 <= info["free_cores"] <= info["usable_cores"]
    if ThreadpoolController is not None:
        assert info["threadpoolctl"] and info["blas"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_starts_its_own_pool():
    threads.run_parallel([lambda: 1, lambda: 2])  # the parent's pool exists now
    code = ("import os, sys; from minispore._backend import threads; threads.run_parallel([lambda: 1, lambda: 2]);"
            "pid = os.fork()\n"
            "if pid == 0:\n"
            "    os._exit(0 if threads.run_parallel([lambda: 3, lambda: 4]) == [3, 4] else 1)\n"
            "print(os.waitpid(pid, 0)[1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "0"


def test_without_blas_control_kernels_stay_on_one_thread(policy, monkeypatch):
    monkeypatch.setattr(policy, "controlled", False)
    policy.usable = policy.free = 2
    policy.sampled_at = float("inf")
    assert threads.threads_for(1 << 30) == 1


@needs_threadpoolctl
def test_after_a_threaded_product_kernels_keep_off_the_spinning_blas_workers(policy, monkeypatch):
    """OpenBLAS's workers spin after a threaded call: minispore's pool waits out that time on one thread."""
    policy.usable = policy.free = 2
    policy.sampled_at = float("inf")
    monkeypatch.setattr(policy, "blas_spins_until", 0.0)
    clock = {"now": 100.0}
    monkeypatch.setattr(threads.time, "monotonic", lambda: clock["now"])
    assert threads.threads_for(1 << 30) == 2
    a = np.ones((256, 256), np.float32)
    threads.matmul(np, a, a)  # threaded: its workers spin from now on
    assert threads.threads_for(1 << 30) == 1
    clock["now"] += policy.blas_spin
    assert threads.threads_for(1 << 30) == 2


@needs_threadpoolctl
def test_products_inside_pool_tasks_stay_on_one_blas_thread(policy):
    policy.usable = policy.free = 2
    policy.sampled_at = float("inf")
    a = np.arange(256 * 256, dtype=np.float32).reshape(256, 256) / 1e4

    def task():
        product = threads.matmul(np, a, a)
        return product, _numpy_blas_threads()
    (first, seen_first), (second, seen_second) = threads.run_parallel([task, task])
    assert set(seen_first) == set(seen_second) == {1}
    np.testing.assert_allclose(first, a @ a, rtol=1e-6)
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("api, env, seconds", [
    ("openblas", {}, threads.BLAS_SPIN_SECONDS),
    ("openblas", {"OPENBLAS_THREAD_TIMEOUT": "4"}, 1.5 * 16 / 2.5e9),
    ("openblas", {"OPENBLAS_THREAD_TIMEOUT": "31"}, 1.5 * 2 ** 30 / 2.5e9),
    ("mkl", {}, 0.3),
    ("mkl", {"KMP_BLOCKTIME": "0"}, 0.0),
    ("blis", {}, threads.BLAS_SPIN_SECONDS),
])
def test_the_spin_time_follows_the_blas_and_its_settings(api, env, seconds, monkeypatch):
    for name in ("OPENBLAS_THREAD_TIMEOUT", "GOTO_THREAD_TIMEOUT", "KMP_BLOCKTIME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert threads._spin_seconds(api) == pytest.approx(seconds)


@needs_threadpoolctl
def test_large_activations_and_momentum_updates_split_between_threads_with_the_same_values(policy, monkeypatch):
    from minispore.ops._prims import elementwise, optim
    policy.usable = policy.free = 2
    policy.sampled_at = float("inf")
    monkeypatch.setattr(policy, "blas_spins_until", 0.0)
    splits = []
    real = threads.run_parallel
    monkeypatch.setattr(threads, "run_parallel", lambda tasks: splits.append(len(tasks)) or real(tasks))
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, threads.SMALL_PASS // 3 + 7)).astype(np.float32)  # odd size: uneven parts
    x[0, :5] = [np.nan, -0.0, 0.0, np.inf, -np.inf]
    dout = rng.standard_normal(x.shape).astype(np.float32)
    np.testing.assert_array_equal(elementwise._relu_kernel(np, x), np.maximum(x, np.float32(0)))
    np.testing.assert_array_equal(elementwise._relu_grad_kernel(np, dout, x), dout * (x > 0))
    y, expected = x.copy(), x * np.float32(0.9) + dout
    optim._scale_add_kernel(np, y, dout, np.float32(0.9), 1)
    np.testing.assert_array_equal(y, expected)
    assert splits == [2, 2, 2]
    small = x[:1, :100].copy()
    np.testing.assert_array_equal(elementwise._relu_kernel(np, small), np.maximum(small, 0))
    strided = x[:, ::2]  # not contiguous: one pass as before
    np.testing.assert_array_equal(elementwise._relu_kernel(np, strided), np.maximum(strided, 0))
    assert splits == [2, 2, 2]
    # Feature-major arrays (a Dense layer's batch) split in memory order and keep their layout; a pair of
    # different layouts runs whole.
    x_f, dout_f = np.asfortranarray(x), np.asfortranarray(dout)
    relu_f = elementwise._relu_kernel(np, x_f)
    np.testing.assert_array_equal(relu_f, np.maximum(x, np.float32(0)))
    assert relu_f.flags.f_contiguous
    np.testing.assert_array_equal(elementwise._relu_grad_kernel(np, dout_f, x_f), dout * (x > 0))
    assert splits == [2, 2, 2, 2, 2]
    np.testing.assert_array_equal(elementwise._relu_grad_kernel(np, dout, x_f), dout * (x > 0))
    assert splits == [2, 2, 2, 2, 2]
    assert not threads.split_map(lambda o, a, b: np.add(a, b, out=o), np.empty_like(x), x_f, dout)
