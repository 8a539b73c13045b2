"""jit and GRAPH_MODE: a function traces twice, then replays a compiled graph whose results are
bit-identical to eager execution; guards, fallbacks with one notice, state, buffers and threads."""
import io
import threading
import warnings

import numpy as np
import pytest

import minispore as ms
from minispore import Parameter, Tensor, nn, ops
from minispore.tools import show_jit_graph


@pytest.fixture(autouse=True)
def _pynative():
    yield
    ms.set_context(mode=ms.PYNATIVE_MODE)


def _tensor(*shape, seed=0, dtype=np.float32):
    return Tensor(np.random.default_rng(seed).standard_normal(shape).astype(dtype))


def _same(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.asnumpy().tobytes() == b.asnumpy().tobytes()


def test_traces_twice_then_replays_bit_identical_results():
    runs = []

    def f(x, y):
        runs.append(1)
        z = ops.exp(x) * y + x.sum()
        return ops.relu(z), (z * 2).mean(axis=1)

    x, y = _tensor(64, 300, seed=1), _tensor(64, 300, seed=2)
    eager = f(x, y)
    jitted = ms.jit(f)
    runs.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for _ in range(5):
            out = jitted(x, y)
            assert _same(out[0], eager[0]) and _same(out[1], eager[1])
    assert len(runs) == 2  # the trace and its check; every later call replays
    assert len(jitted.__jit__.schedules()) == 1


def test_a_new_signature_traces_again():
    runs = []

    @ms.jit
    def f(x, scale, mode="add"):
        runs.append(1)
        return x * scale + 1 if mode == "add" else x * scale - 1

    for _ in range(3):
        np.testing.assert_array_equal(f(Tensor(np.ones(3, np.float32)), 2.0).asnumpy(), [3, 3, 3])
    assert len(runs) == 2
    np.testing.assert_array_equal(f(Tensor(np.ones((2, 2), np.float32)), 2.0).asnumpy(), np.full((2, 2), 3))
    np.testing.assert_array_equal(f(Tensor(np.ones(3, np.float64)), 2.0).asnumpy(), [3, 3, 3])
    np.testing.assert_array_equal(f(Tensor(np.ones(3, np.float32)), 3.0).asnumpy(), [4, 4, 4])
    np.testing.assert_array_equal(f(Tensor(np.ones(3, np.float32)), 3.0, mode="sub").asnumpy(), [2, 2, 2])
    assert len(runs) == 6


def _mlp():
    ms.set_seed(5)
    return nn.SequentialCell(nn.Dense(20, 16), nn.ReLU(), nn.Dense(16, 4))


def _batches(count, batch=8):
    rng = np.random.default_rng(3)
    return [(Tensor(rng.standard_normal((batch, 20)).astype(np.float32)),
             Tensor(rng.integers(0, 4, batch).astype(np.int32))) for _ in range(count)]


def _step_with_inplace_updates(net):
    loss_fn = nn.CrossEntropyLoss()
    params = net.trainable_params()
    grad_fn = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, params)

    def step(x, y):
        loss, grads = grad_fn(x, y)
        for p, g in zip(params, grads):
            p.sub_(g * 0.1)
        return loss
    return step


def test_a_dense_product_replays_the_eager_kernels_product_bit_for_bit():
    # Dense multiplies a batch as w @ x.T (feature-major); in float64 at this size the BLAS rounds that
    # and x @ w.T differently, so the replay must run the same product, into a buffer laid out so.
    x, w, b = _tensor(64, 33, seed=1, dtype=np.float64), _tensor(300, 33, seed=2, dtype=np.float64), \
        _tensor(300, seed=3, dtype=np.float64)

    def f(x, w, b):
        return ops.relu(ops.dense(x, w, b)) * 2

    eager = f(x, w, b)
    jitted = ms.jit(f)
    for _ in range(3):
        assert _same(jitted(x, w, b), eager)


def test_a_training_step_with_in_place_updates_replays_bit_identically():
    eager_net, jit_net = _mlp(), _mlp()
    eager_step, jit_step = _step_with_inplace_updates(eager_net), ms.jit(_step_with_inplace_updates(jit_net))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for x, y in _batches(6):
            assert _same(eager_step(x, y), jit_step(x, y))
    for a, b in zip(eager_net.trainable_params(), jit_net.trainable_params()):
        assert _same(a, b)
    graph = show_jit_graph(jit_step, file=io.StringIO())
    assert "assign" in graph and "dense_grad" in graph


class _RawSGD(nn.Cell):
    """An optimizer written on raw arrays, outside minispore's ops (as older code may be)."""

    def __init__(self, params, lr):
        super().__init__()
        self.params, self.lr = list(params), np.float32(lr)

    def construct(self, grads):
        for param, grad in zip(self.params, grads):
            param._data -= self.lr * grad._data  # noqa: SLF001 - outside the door on purpose
        return True


def test_an_optimizer_that_writes_outside_ops_runs_eagerly_inside_the_graph():
    nets = _mlp(), _mlp()
    steps = []
    for net in nets:
        loss_fn = nn.CrossEntropyLoss()
        optimizer = _RawSGD(net.trainable_params(), 0.1)
        grad_fn = ms.value_and_grad(lambda x, y, net=net, loss_fn=loss_fn: loss_fn(net(x), y), None,
                                    net.trainable_params())

        def step(x, y, grad_fn=grad_fn, optimizer=optimizer):
            loss, grads = grad_fn(x, y)
            optimizer(grads)
            return loss
        steps.append(step)
    eager, jitted = steps[0], ms.jit(steps[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for x, y in _batches(6):
            assert _same(eager(x, y), jitted(x, y))
    for a, b in zip(nets[0].trainable_params(), nets[1].trainable_params()):
        assert _same(a, b)
    assert "_RawSGD (eager)" in show_jit_graph(jitted, file=io.StringIO())


def test_graph_mode_train_one_step_cell_and_model_train_equal_pynative():
    results = {}
    for mode in (ms.PYNATIVE_MODE, ms.GRAPH_MODE):
        ms.set_context(mode=mode)
        net = _mlp()
        train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.CrossEntropyLoss()), nn.SGD(net.trainable_params(), 0.1))
        losses = [train(x, y).asnumpy() for x, y in _batches(5)]
        results[mode] = losses, [p.asnumpy().copy() for p in net.trainable_params()]
    for a, b in zip(results[ms.PYNATIVE_MODE][0], results[ms.GRAPH_MODE][0]):
        assert a.tobytes() == b.tobytes()
    for a, b in zip(results[ms.PYNATIVE_MODE][1], results[ms.GRAPH_MODE][1]):
        assert a.tobytes() == b.tobytes()


def test_graph_mode_model_train_lowers_the_loss():
    from minispore.dataset import NumpySlicesDataset
    from minispore.train import Model
    ms.set_context(mode=ms.GRAPH_MODE)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 20)).astype(np.float32)
    y = (x[:, :4].argmax(axis=1)).astype(np.int32)
    net = _mlp()
    loss_fn = nn.CrossEntropyLoss()
    model = Model(net, loss_fn, nn.SGD(net.trainable_params(), 0.2))
    before = loss_fn(net(Tensor(x)), Tensor(y)).asnumpy()
    model.train(5, NumpySlicesDataset({"data": x, "label": y}, shuffle=False).batch(16))
    after = loss_fn(net(Tensor(x)), Tensor(y)).asnumpy()
    assert after < before * 0.8


def test_values_read_into_python_become_guards_with_a_path_each():
    runs = []

    @ms.jit
    def f(x):
        runs.append(1)
        if x.sum() > 0:
            return x * 2
        return x - 1

    positive, negative = Tensor(np.ones(3, np.float32)), Tensor(-np.ones(3, np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for _ in range(4):
            np.testing.assert_array_equal(f(positive).asnumpy(), [2, 2, 2])
            np.testing.assert_array_equal(f(negative).asnumpy(), [-2, -2, -2])
    assert len(runs) == 4  # each path traced and checked once
    assert len(f.__jit__.schedules()) == 2
    assert "guard" in show_jit_graph(f, file=io.StringIO())


def test_a_value_read_that_changes_every_call_runs_eagerly_with_one_notice():
    seen = []

    @ms.jit
    def f(x):
        seen.append(float(x.sum()))
        return x * 2

    with pytest.warns(RuntimeWarning, match="Tensor values it reads into Python"):
        for i in range(12):
            np.testing.assert_array_equal(f(Tensor(np.full(2, i, np.float32))).asnumpy(), [2 * i, 2 * i])
    assert seen == [2.0 * i for i in range(12)]  # Python ran every call
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        f(Tensor(np.full(2, 99, np.float32)))


def test_a_read_after_writing_state_cannot_be_checked_first_so_it_runs_eagerly():
    w = Parameter(Tensor(np.ones(2, np.float32)), name="w")

    @ms.jit
    def f(x):
        w.add_(x)
        return w * 1 if w.sum() > 0 else w * 0

    with pytest.warns(RuntimeWarning, match="after writing a Parameter"):
        for _ in range(3):
            f(Tensor(np.ones(2, np.float32)))
    np.testing.assert_array_equal(w.asnumpy(), [4, 4])


def test_writes_that_bypass_the_ops_are_caught_and_the_function_runs_eagerly():
    w = Parameter(Tensor(np.zeros(2, np.float32)), name="w")

    @ms.jit
    def raw_write(x):
        w._data += x._data  # noqa: SLF001 - a write outside the door, as code that bypasses ops would do
        return x * 2

    with pytest.warns(RuntimeWarning, match="without passing through an op"):
        for _ in range(4):
            raw_write(Tensor(np.ones(2, np.float32)))
    np.testing.assert_array_equal(w.asnumpy(), [4, 4])

    v = Parameter(Tensor(np.zeros(2, np.float32)), name="v")

    @ms.jit
    def rebind(x):
        v._data = (v + x)._data  # noqa: SLF001 - a rebinding outside the door
        return x

    with pytest.warns(RuntimeWarning, match="rebound"):
        for _ in range(4):
            rebind(Tensor(np.ones(2, np.float32)))
    np.testing.assert_array_equal(v.asnumpy(), [4, 4])


def test_values_made_outside_ops_that_change_between_calls_keep_the_function_eager():
    @ms.jit
    def noisy(x):
        return x + Tensor(np.random.default_rng().standard_normal(3).astype(np.float32))

    x = Tensor(np.zeros(3, np.float32))
    with pytest.warns(RuntimeWarning, match="changed between calls"):
        results = [noisy(x).asnumpy() for _ in range(4)]
    assert len({r.tobytes() for r in results}) == 4

    @ms.jit
    def fresh_model(x):
        return nn.Dense(3, 2)(x)

    with pytest.warns(RuntimeWarning, match="different Parameter"):
        for _ in range(3):
            fresh_model(Tensor(np.ones((1, 3), np.float32)))


def test_state_is_read_on_every_replay_and_a_new_shape_traces_again():
    w = Parameter(Tensor(np.ones(3, np.float32)), name="w")

    @ms.jit
    def f(x):
        return x * w

    x = Tensor(np.full(3, 2.0, np.float32))
    for _ in range(3):
        f(x)
    w.set_data(Tensor(np.full(3, 5.0, np.float32)))
    np.testing.assert_array_equal(f(x).asnumpy(), [10, 10, 10])
    w.set_data(Tensor(np.full(1, 7.0, np.float32)))
    np.testing.assert_array_equal(f(x).asnumpy(), [14, 14, 14])


def test_train_and_eval_modes_are_separate_graphs():
    ms.set_context(mode=ms.GRAPH_MODE)
    net = nn.SequentialCell(nn.Dense(4, 3), nn.BatchNorm1d(3))
    x = _tensor(8, 4)
    net.set_train(True)
    train_outs = [net(x) for _ in range(3)]
    moving = net[1].moving_mean.asnumpy().copy()
    assert np.abs(moving).sum() > 0  # the running statistics were updated on every call, replays included
    net.set_train(False)
    ms.set_context(mode=ms.PYNATIVE_MODE)
    eval_eager = net(x)
    ms.set_context(mode=ms.GRAPH_MODE)
    for _ in range(3):
        assert _same(net(x), eval_eager)
    assert not _same(train_outs[-1], eval_eager)


def test_running_statistics_replay_as_eager_updates_them():
    means = []
    for jit in (False, True):
        ms.set_seed(1)
        bn = nn.BatchNorm2d(3)
        bn.set_train()
        call = ms.jit(lambda x: bn(x)) if jit else (lambda x: bn(x))
        for seed in range(4):
            call(_tensor(2, 3, 4, 4, seed=seed))
        means.append((bn.moving_mean.asnumpy().copy(), bn.moving_variance.asnumpy().copy()))
    assert means[0][0].tobytes() == means[1][0].tobytes() and means[0][1].tobytes() == means[1][1].tobytes()


def test_what_comes_back_is_the_callers_own_object_or_a_fresh_array():
    w = Parameter(Tensor(np.ones(2, np.float32)), name="w")

    @ms.jit
    def f(x):
        return x, w, ops.ones(2, ms.float32), x * 2

    x = Tensor(np.ones(2, np.float32))
    results = [f(x) for _ in range(4)]
    for same_x, same_w, ones, doubled in results:
        assert same_x is x and same_w is w
    results[2][2].add_(5)  # a returned constant belongs to the caller: changing it changes no later result
    assert not np.shares_memory(results[2][3].asnumpy(), results[3][3].asnumpy())
    np.testing.assert_array_equal(f(x)[2].asnumpy(), [1, 1])
    np.testing.assert_array_equal(results[2][3].asnumpy(), [2, 2])


def test_passes_fold_constants_share_subexpressions_and_drop_dead_code():
    @ms.jit
    def f(x):
        scale = ops.ones(3, ms.float32) * 3  # constants only: folded
        a = x * scale
        b = x * scale  # the same as a: shared
        unused = ops.exp(x)  # noqa: F841 - dead: removed
        return a + b

    x = _tensor(3)
    for _ in range(3):
        np.testing.assert_allclose(f(x).asnumpy(), 6 * x.asnumpy(), rtol=1e-6)
    schedule = f.__jit__.schedules()[0]
    assert (schedule.folded, schedule.shared, schedule.removed) == (1, 1, 1)
    assert sum(1 for s in schedule.steps if s.kind == "node") == 2


def test_buffers_are_reused_without_touching_returned_results():
    @ms.jit
    def f(x):
        h = ops.relu(ops.matmul(x, x))
        h = ops.relu(ops.matmul(h, x) + 1)
        return ops.matmul(h, x) * 2

    x = _tensor(64, 64)
    eager = f.__wrapped__(x)
    results = [f(x) for _ in range(4)]
    schedule = f.__jit__.schedules()[0]
    planned = sum(1 for s in schedule.steps if s.kind == "node" and s.buffer is not None)
    assert planned >= 3 and len(schedule.planned) < planned  # fewer buffers than the outputs written into them
    for result in results:
        assert _same(result, eager)
    assert len({id(r.asnumpy()) for r in results}) == 4


def test_jit_inside_and_outside_other_transformations():
    @ms.jit
    def f(x):
        return (ops.sin(x) * x).sum()

    x = Tensor(np.linspace(-1, 1, 5), ms.float64)
    expected = np.cos(x.asnumpy()) * x.asnumpy() + np.sin(x.asnumpy())
    np.testing.assert_allclose(ms.grad(f)(x).asnumpy(), expected)  # the gradient scope sees every op
    jit_grad = ms.jit(ms.grad(lambda v: (ops.sin(v) * v).sum()))
    for _ in range(3):
        np.testing.assert_allclose(jit_grad(x).asnumpy(), expected)
    outer = ms.jit(lambda v: f(v) * 2)  # a jitted function inside another is inlined into its trace
    for _ in range(3):
        np.testing.assert_allclose(outer(x).asnumpy(), 2 * (np.sin(x.asnumpy()) * x.asnumpy()).sum())
    batched = ms.jit(ms.vmap(lambda v: (v * v).sum()))
    for _ in range(3):
        np.testing.assert_allclose(batched(Tensor(np.ones((4, 3)))).asnumpy(), [3, 3, 3, 3])


def test_threads_replay_the_same_function_correctly():
    @ms.jit
    def f(x):
        return ops.matmul(x, x) + 1

    inputs = [_tensor(32, 32, seed=s) for s in range(4)]
    expected = [f.__wrapped__(x).asnumpy() for x in inputs]
    for x in inputs:
        f(x), f(x)
    errors = []

    def work(k):
        for i in range(200):
            j = (i + k) % 4
            if f(inputs[j]).asnumpy().tobytes() != expected[j].tobytes():
                errors.append(j)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_jit_arguments_are_checked_as_mindspore_checks_them():
    f = lambda x: x  # noqa: E731
    with pytest.raises(ValueError, match=r"For 'jit', the 'capture_mode' must be str and must be in "
                                         r"'\['ast', 'bytecode', 'trace'\]', but got 'foo'."):
        ms.jit(f, capture_mode="foo")
    with pytest.raises(ValueError, match=r"the 'jit_level' must be str and must be in '\['O0', 'O1'\]', but got 'O2'"):
        ms.jit(f, jit_level="O2")
    with pytest.raises(ValueError, match=r"the 'dynamic' must be in range of \[0, 1\], but got 2"):
        ms.jit(f, dynamic=2)
    with pytest.raises(TypeError, match="the 'dynamic' must be 'int',  but got 'bool'"):
        ms.jit(f, dynamic=True)
    with pytest.raises(TypeError, match="the 'fullgraph' must be a bool, but got int"):
        ms.jit(f, fullgraph=1)
    with pytest.raises(ValueError, match="exc_mode"):
        ms.jit(f, exc_mode="x")
    for mode in ("ast", "bytecode", "trace"):
        assert ms.jit(capture_mode=mode, jit_level="O1", backend="ms_backend")(f)(3) == 3
    with pytest.warns(UserWarning, match="The func should be function, method or cell instance/class"):
        assert ms.jit(3) == 3
    assert (ms.STRICT, ms.COMPATIBLE, ms.LAX) == (0, 1, 2)


def test_fullgraph_turns_a_fallback_into_an_error():
    @ms.jit(fullgraph=True)
    def f(x):
        return x + Tensor(np.random.default_rng().standard_normal(2).astype(np.float32))

    f(Tensor(np.zeros(2, np.float32)))
    with pytest.raises(RuntimeError, match="cannot be captured whole"):
        f(Tensor(np.zeros(2, np.float32)))


def test_jit_on_a_cell_class_an_instance_and_construct():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.dense = nn.Dense(3, 2)

        @ms.jit
        def construct(self, x):
            return self.dense(x)

    net, x = Net(), _tensor(4, 3)
    expected = net.dense(x)
    for _ in range(3):
        assert _same(net(x), expected)
    assert "dense" in show_jit_graph(net, file=io.StringIO())

    class Plain(nn.Cell):
        def construct(self, x):
            return x * 2

    bound = ms.jit(Plain())
    np.testing.assert_array_equal(bound(Tensor(np.ones(2, np.float32))).asnumpy(), [2, 2])
    jitted_class = ms.jit(Plain)
    assert jitted_class is Plain and hasattr(Plain.construct, "__jit__")


def test_jit_config_and_syntax_level():
    net = nn.Dense(2, 2)
    assert net.jit_config_dict == {}
    net.set_jit_config(ms.JitConfig(jit_level="O1"))
    assert net.jit_config_dict == {"jit_level": "O1", "exc_mode": "auto", "jit_syntax_level": "", "debug_level":
                                   "RELEASE", "infer_boost": "off", "backend": "ms_backend"}
    with pytest.warns(UserWarning, match="jit config can only be set once"):
        net.set_jit_config(ms.JitConfig())
    with pytest.raises(ValueError, match=r"For 'jit_level' must be one of \['O0', 'O1', 'O2'\]"):
        ms.JitConfig(jit_level="O3")
    assert ms.get_context("jit_syntax_level") == ms.LAX
    ms.set_context(jit_syntax_level=ms.STRICT)
    assert ms.get_context("jit_syntax_level") == 0
    ms.set_context(jit_syntax_level=ms.LAX)
    with pytest.raises(TypeError, match="The parameter 'jit_syntax_level' must be <class 'int'>"):
        ms.set_context(jit_syntax_level="STRICT")
    with pytest.raises(ValueError, match="the value should be context.STRICT or context.LAX, but got 3"):
        ms.set_context(jit_syntax_level=3)


def test_show_jit_graph_prints_ops_shapes_and_buffers():
    @ms.jit
    def f(x, y):
        h = ops.relu(ops.matmul(x, y))
        return ops.relu(ops.matmul(h, y)) + 1

    x, y = _tensor(64, 64), _tensor(64, 64, seed=1)
    assert "no compiled graph yet" in show_jit_graph(f, file=io.StringIO())
    f(x, y), f(x, y)
    text = show_jit_graph(f, file=io.StringIO())
    assert "jit graph 1 of 'test_show_jit_graph_prints_ops_shapes_and_buffers.<locals>.f'" in text
    assert "input     %0: (64, 64) float32 = argument 0" in text
    assert "matmul(%0, %1)" in text and "-> buffer b0" in text and "reused after" in text
    with pytest.raises(TypeError, match="show_jit_graph: expected a function made by mindspore.jit"):
        show_jit_graph(lambda: None)


def test_cells_with_hooks_and_cells_that_write_outside_ops_run_their_python_every_call():
    seen = []
    net = nn.Dense(3, 2)
    net.register_forward_hook(lambda cell, inputs, output: seen.append(output.shape))

    class Counter(nn.Cell):
        """Writes its count outside the ops, and returns a Tensor the caller goes on computing with."""

        def __init__(self):
            super().__init__()
            self.count = Parameter(Tensor(np.zeros(1, np.float32)), name="count", requires_grad=False)

        def construct(self, x):
            self.count._data += 1  # noqa: SLF001 - outside the door on purpose
            return x * self.count

    counter = Counter()

    @ms.jit
    def f(x):
        return counter(net(x)) + 1

    x = _tensor(4, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        results = [f(x) for _ in range(5)]
    assert len(seen) >= 5  # the hook ran on every call (once more in the call that found the outside write)
    np.testing.assert_array_equal(counter.count.asnumpy(), [5])
    base = net(x).asnumpy()
    for number, result in enumerate(results, 1):
        np.testing.assert_allclose(result.asnumpy(), base * number + 1, rtol=1e-6)
    assert "Counter (eager)" in show_jit_graph(f, file=io.StringIO())

    grad_of_hooked = ms.jit(ms.value_and_grad(lambda v: net(v).sum(), None, net.trainable_params()))
    with pytest.warns(RuntimeWarning, match="has hooks"):
        for _ in range(3):
            grad_of_hooked(x)


def test_a_small_tensor_read_from_its_array_is_checked_on_every_replay():
    rate = Parameter(Tensor(np.array(0.5, np.float32)), name="rate", requires_grad=False)

    @ms.jit
    def f(x):
        return x * float(rate._data)  # noqa: SLF001 - read from the array, as internal code may do

    x = Tensor(np.ones(2, np.float32))
    for _ in range(3):
        np.testing.assert_array_equal(f(x).asnumpy(), [0.5, 0.5])
    rate.set_data(Tensor(np.array(2.0, np.float32)))
    np.testing.assert_array_equal(f(x).asnumpy(), [2, 2])
    rate.fill_(3.0)
    for _ in range(3):
        np.testing.assert_array_equal(f(x).asnumpy(), [3, 3])


_GLOBAL_SCALE = Tensor(np.array([2.0], np.float32))


def _scaled(x):
    return x * _GLOBAL_SCALE


def test_rebinding_a_name_or_replacing_a_sub_cell_is_seen_by_the_next_call():
    global _GLOBAL_SCALE
    f = ms.jit(_scaled)
    x = Tensor(np.ones(2, np.float32))
    for _ in range(3):
        np.testing.assert_array_equal(f(x).asnumpy(), [2, 2])
    saved = _GLOBAL_SCALE
    try:
        _GLOBAL_SCALE = Tensor(np.array([5.0], np.float32))
        np.testing.assert_array_equal(f(x).asnumpy(), [5, 5])
    finally:
        _GLOBAL_SCALE = saved

    ms.set_context(mode=ms.GRAPH_MODE)
    net = nn.SequentialCell(nn.Dense(2, 2), nn.ReLU())
    for _ in range(3):
        net(x.reshape(1, 2))
    net[0] = nn.Dense(2, 2, weight_init="ones", bias_init="zeros")
    np.testing.assert_array_equal(net(x.reshape(1, 2)).asnumpy(), [[2, 2]])


_GLOBAL_RATE = 0.5


def _rated(x):
    return x * _GLOBAL_RATE


def test_a_python_global_changed_once_gives_a_second_compiled_path():
    global _GLOBAL_RATE
    f = ms.jit(_rated)
    x = Tensor(np.ones(2, np.float32))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            for rate in (0.5, 0.5, 0.5, 3.0, 3.0, 3.0, 0.5):
                _GLOBAL_RATE = rate
                np.testing.assert_array_equal(f(x).asnumpy(), [rate, rate])
    finally:
        _GLOBAL_RATE = 0.5
    assert len(f.__jit__.schedules()) == 2


def test_a_value_written_in_place_is_read_after_the_write():
    moment = Parameter(Tensor(np.zeros(3, np.float32)), name="moment", requires_grad=False)
    weight = Parameter(Tensor(np.ones(3, np.float32)), name="weight", requires_grad=False)

    def step(g):
        moment.mul_(0.9)
        moment.add_(g)
        weight.sub_(moment * 0.1)  # reads the moment's newest version
        return weight * 1

    g = Tensor(np.full(3, 1.0, np.float32))
    expected = []
    m, w = np.zeros(3, np.float32), np.ones(3, np.float32)
    for _ in range(5):
        m = m * np.float32(0.9) + 1
        w = w - m * np.float32(0.1)
        expected.append(w.copy())
    jitted = ms.jit(step)
    for want in expected:
        np.testing.assert_allclose(jitted(g).asnumpy(), want, rtol=1e-6)


@pytest.mark.parametrize("make_optimizer", [
    lambda p: nn.SGD(p, 0.1), lambda p: nn.SGD(p, 0.1, momentum=0.9, nesterov=True),
    lambda p: nn.SGD(p, 0.1, weight_decay=0.01), lambda p: nn.Momentum(p, 0.1, 0.9),
    lambda p: nn.Adam(p, 0.01), lambda p: nn.AdamWeightDecay(p, 0.01, weight_decay=0.1),
    lambda p: nn.RMSProp(p, 0.01), lambda p: nn.Adagrad(p, 0.1), lambda p: nn.Lamb(p, 0.01),
    lambda p: nn.SGD(p, nn.PolynomialDecayLR(0.1, 0.01, 4, 1.0)),
    lambda p: nn.SGD([{"params": p[:2], "lr": 0.05}, {"params": p[2:]}], 0.1),
], ids=["sgd", "sgd-nesterov", "sgd-decay", "momentum", "adam", "adamw", "rmsprop", "adagrad", "lamb",
        "sgd-schedule", "sgd-groups"])
def test_every_optimizer_trains_under_jit_as_eagerly(make_optimizer):
    trained = []
    for jit in (False, True):
        net = _mlp()
        optimizer = make_optimizer(net.trainable_params())
        loss_fn = nn.CrossEntropyLoss()
        grad_fn = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, optimizer.parameters)

        def step(x, y):
            loss, grads = grad_fn(x, y)
            optimizer(grads)
            return loss

        step = ms.jit(step) if jit else step
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an optimizer may run eagerly, and say so
            losses = [step(x, y).asnumpy() for x, y in _batches(6)]
        trained.append((losses, [p.asnumpy().copy() for p in optimizer.parameters]))
    for a, b in zip(trained[0][0], trained[1][0]):
        assert a.tobytes() == b.tobytes()
    for a, b in zip(trained[0][1], trained[1][1]):
        assert a.tobytes() == b.tobytes()


def test_weight_updates_fuse_into_one_gemm_exactly_at_o0_and_always_at_o1():
    pytest.importorskip("scipy")
    from minispore._backend import default_backend
    if default_backend().name != "numpy":
        pytest.skip("the fused update calls SciPy's BLAS on NumPy arrays")
    results = {}
    for level in (None, "O0", "O1"):
        ms.set_seed(7)
        net = nn.SequentialCell(nn.Dense(64, 96), nn.ReLU(), nn.Dense(96, 8))
        optimizer = nn.SGD(net.trainable_params(), 0.05)
        loss_fn = nn.CrossEntropyLoss()
        grad_fn = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, optimizer.parameters)

        def step(x, y):
            loss, grads = grad_fn(x, y)
            optimizer(grads)
            return loss

        run = step if level is None else ms.jit(step, jit_level=level)
        rng = np.random.default_rng(0)
        for _ in range(5):
            run(Tensor(rng.standard_normal((32, 64)).astype(np.float32)),
                Tensor(rng.integers(0, 8, 32).astype(np.int32)))
        results[level] = [p.asnumpy().copy() for p in net.trainable_params()]
        if level == "O1":
            assert run.__jit__.schedules()[0].fused == 2  # both Dense weights: one GEMM each
    for eager, exact in zip(results[None], results["O0"]):
        assert eager.tobytes() == exact.tobytes()  # O0 fuses only where that changes no bit
    for eager, fused in zip(results[None], results["O1"]):
        np.testing.assert_allclose(fused, eager, rtol=1e-5, atol=1e-6)
