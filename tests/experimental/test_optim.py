"""`mindspore.experimental.optim` beyond the fixtures: where minispore goes past MindSpore 2.10 (Adam's amsgrad,
MultiStepLR and CosineAnnealingWarmRestarts jumps to an epoch, groups added later), gradient checks, training a
net, and MindSpore's own lr_scheduler expectations (tests/st/optimizer_ex/test_lr_scheduler.py)."""
import math

import numpy as np
import pytest

import minispore as ms
from minispore import Parameter, Tensor, nn, ops
from minispore.experimental import optim
from minispore.experimental.optim import lr_scheduler


def _params():
    rng = np.random.RandomState(1)
    return (Parameter(Tensor(rng.randn(3, 2).astype(np.float32)), name="w"),
            Parameter(Tensor(rng.randn(3).astype(np.float32)), name="b"))


def _grads(steps, seed=2):
    rng = np.random.RandomState(seed)
    return [(rng.randn(3, 2).astype(np.float32), rng.randn(3).astype(np.float32)) for _ in range(steps)]


def test_module_paths():
    import importlib
    for path in ("minispore.experimental", "minispore.experimental.optim", "minispore.experimental.optim.lr_scheduler",
                 "minispore.experimental.optim.adamw", "minispore.experimental.optim.optimizer"):
        importlib.import_module(path)
    assert ms.experimental.optim.Adam is optim.Adam
    assert set(optim.__all__) == {"Optimizer", "AdamW", "SGD", "Adam", "Adadelta", "Adagrad", "ASGD", "Adamax",
                                  "RMSprop", "Rprop", "RAdam", "NAdam"}
    assert issubclass(optim.SGD, optim.Optimizer) and issubclass(optim.Optimizer, nn.Cell)


def test_adam_amsgrad_uses_the_running_maximum():
    """MindSpore 2.10 accepts amsgrad and ignores it (docs/differences.md); here v̂ = max(v̂, v) is used."""
    w, b = _params()
    w0, b0 = w.asnumpy().copy(), b.asnumpy().copy()
    opt = optim.Adam([w, b], lr=0.1, amsgrad=True)
    grads = _grads(5)
    grads[3] = tuple(g * 0.01 for g in grads[3])  # a small gradient: v falls, v̂ keeps the maximum
    expected = [w0, b0]
    m = [np.zeros_like(x) for x in expected]
    v = [np.zeros_like(x) for x in expected]
    v_max = [np.zeros_like(x) for x in expected]
    b1, b2, eps = np.float32(0.9), np.float32(0.999), np.float32(1e-8)
    for t, step in enumerate(grads, 1):
        opt(tuple(Tensor(g) for g in step))
        new_lr = np.float32(0.1) * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        for i, g in enumerate(step):
            m[i] = m[i] + (g - m[i]) * (1 - b1)
            v[i] = v[i] + (g * g - v[i]) * (1 - b2)
            v_max[i] = np.maximum(v_max[i], v[i])
            expected[i] = expected[i] - new_lr * m[i] / (np.sqrt(v_max[i]) + eps)
    np.testing.assert_allclose(w.asnumpy(), expected[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b.asnumpy(), expected[1], rtol=1e-5, atol=1e-6)
    assert np.all(opt.max_exp_avg_sq[0].asnumpy() >= opt.exp_avg_sq[0].asnumpy())
    assert not np.allclose(opt.max_exp_avg_sq[0].asnumpy(), opt.exp_avg_sq[0].asnumpy())


def test_gradients_are_checked():
    w, b = _params()
    opt = optim.SGD([w, b], lr=0.1)
    with pytest.raises(ValueError, match="one per parameter"):
        opt((Tensor(np.zeros((3, 2), np.float32)),))
    with pytest.raises(TypeError, match="tuple"):
        opt(Tensor(np.zeros((3, 2), np.float32)))
    with pytest.raises(ValueError, match="shape"):
        opt((Tensor(np.zeros((2, 3), np.float32)), Tensor(np.zeros(3, np.float32))))


def test_group_added_later_gets_its_state_and_rate():
    w, b = _params()
    opt = optim.Adam([w], lr=0.1)
    opt.add_param_group({"params": [b], "lr": 0.5})
    assert [p.name for p in opt.parameters] == ["w", "b"]
    assert [p.name for p in opt.exp_avg] == ["exp_avg.w", "exp_avg.b"]
    assert opt.lrs[1].name == "learning_rate_group_1" and float(opt.lrs[1]) == 0.5
    before = b.asnumpy().copy()
    assert opt((Tensor(np.ones((3, 2), np.float32)), Tensor(np.ones(3, np.float32)))) is True
    # A first Adam step moves each weight by about lr against the gradient's sign.
    np.testing.assert_allclose(b.asnumpy(), before - 0.5, rtol=1e-4)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [w]})


def test_get_last_lr_returns_copies():
    w, b = _params()
    opt = optim.Adam([w, b], lr=0.1)
    sched = lr_scheduler.ExponentialLR(opt, gamma=0.5)
    first = sched.get_last_lr()
    sched.step()
    assert float(first[0]) == pytest.approx(0.1) and float(sched.get_last_lr()[0]) == pytest.approx(0.05)
    assert float(opt.param_groups[0]["lr"]) == pytest.approx(0.05)
    assert float(opt.param_groups[0]["initial_lr"]) == pytest.approx(0.1)


def test_multistep_jump_to_an_epoch():
    """MindSpore 2.10's MultiStepLR.step(epoch) reads a missing `step_size` (AttributeError); here gamma to the
    number of milestones passed, as PyTorch."""
    w, b = _params()
    opt = optim.Adam([w, b], lr=1.0)
    sched = lr_scheduler.MultiStepLR(opt, milestones=[2, 2, 5], gamma=0.5)
    got = []
    for epoch in (0, 1, 2, 4, 5, 9):
        sched.step(epoch)
        got.append(float(sched.get_last_lr()[0]))
    assert got == pytest.approx([1.0, 1.0, 0.25, 0.25, 0.125, 0.125])


def test_cosine_warm_restarts_jump_with_t_mult():
    """MindSpore 2.10 fails on step(epoch) past T_0 with T_mult > 1 (a two-argument Log); here PyTorch's rule."""
    w, b = _params()
    opt = optim.SGD([w, b], lr=0.1)
    sched = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=0.0)
    # Periods 2, 4, 8: epoch 7 is 1 epoch into the third period (which starts at 6), of length 8.
    sched.step(7)
    assert float(sched.get_last_lr()[0]) == pytest.approx(0.05 * (1 + math.cos(math.pi * 1 / 8)), rel=1e-6)
    assert float(sched.T_i) == 8 and float(sched.T_cur) == 1


def _ms_net():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Dense(16 * 5 * 5, 120)
            self.fc2 = nn.Dense(120, 84)
            self.fc3 = nn.Dense(84, 10)
            self.relu = nn.ReLU()

        def construct(self, x):
            return self.fc3(self.relu(self.fc2(self.relu(self.fc1(x)))))
    return Net()


# MindSpore's tests/st/optimizer_ex/test_lr_scheduler.py: scheduler, steps, expected first-group rates.
MS_SCHEDULERS = [
    (lambda o: lr_scheduler.StepLR(o, step_size=2, gamma=0.1), 0.05, [0.05, 0.005, 0.005, 0.0005, 0.0005]),
    (lambda o: lr_scheduler.LinearLR(o, start_factor=0.5, total_iters=4), 0.05,
     [0.03125, 0.0375, 0.04375, 0.05, 0.05, 0.05]),
    (lambda o: lr_scheduler.ExponentialLR(o, gamma=0.5), 0.01, [0.005, 0.0025, 0.00125, 0.000625, 0.0003125]),
    (lambda o: lr_scheduler.PolynomialLR(o), 0.01, [0.008, 0.006, 0.004, 0.002, 0, 0]),
    (lambda o: lr_scheduler.MultiplicativeLR(o, lr_lambda=lambda epoch: 0.9), 0.1,
     [0.09, 0.081, 0.0729, 0.06561, 0.059049, 0.0531441]),
    (lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 4], gamma=0.1), 0.1, [0.1, 0.01, 0.01, 0.001, 0.001]),
    (lambda o: lr_scheduler.ConstantLR(o, factor=0.5, total_iters=4), 0.1, [0.05, 0.05, 0.05, 0.1, 0.1]),
]


@pytest.mark.parametrize("mode", [ms.GRAPH_MODE, ms.PYNATIVE_MODE])
@pytest.mark.parametrize("build, lr, expected", MS_SCHEDULERS)
def test_mindspore_lr_scheduler_expectations(build, lr, expected, mode):
    ms.set_context(mode=mode, jit_syntax_level=ms.STRICT)
    try:
        optimizer = optim.Adam(_ms_net().trainable_params(), lr)
        scheduler = build(optimizer)

        class SchedNet(nn.Cell):
            def construct(self):
                scheduler.step()
                return scheduler.get_last_lr()

        sched_net = SchedNet()
        for value in expected:
            assert np.allclose(sched_net()[0].asnumpy(), value)
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE, jit_syntax_level=ms.LAX)


def test_mindspore_sequential_and_plateau_expectations():
    optimizer = optim.Adam(_ms_net().trainable_params(), 0.1)
    s1 = lr_scheduler.ConstantLR(optimizer, factor=0.1, total_iters=2)
    s2 = lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    scheduler = lr_scheduler.SequentialLR(optimizer, schedulers=[s1, s2], milestones=[2])
    for value in [0.01, 0.1, 0.09, 0.081, 0.0729, 0.06561]:
        scheduler.step()
        assert np.allclose(scheduler.get_last_lr()[0].asnumpy(), value)
    optimizer = optim.Adam(_ms_net().trainable_params(), 0.1)
    scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, "min", patience=0)
    for metric, value in zip([1, 1.5, 1.8, 0.4, 0.5], [0.1, 0.01, 0.001, 0.001, 0.0001]):
        scheduler.step(metric)
        assert np.allclose(scheduler.get_last_lr()[0].asnumpy(), value)


@pytest.mark.parametrize("build", [
    lambda p: optim.Adam(p, lr=0.05), lambda p: optim.AdamW(p, lr=0.05), lambda p: optim.SGD(p, lr=0.1, momentum=0.9),
    lambda p: optim.Adadelta(p, lr=5.0), lambda p: optim.Adagrad(p, lr=0.2), lambda p: optim.ASGD(p, lr=0.1),
    lambda p: optim.Adamax(p, lr=0.05), lambda p: optim.RMSprop(p, lr=0.01), lambda p: optim.Rprop(p, lr=0.01),
    lambda p: optim.RAdam(p, lr=0.05), lambda p: optim.NAdam(p, lr=0.05)])
def test_training_reduces_the_loss(build):
    rng = np.random.RandomState(0)
    inputs = rng.randn(32, 4).astype(np.float32)
    x, y = Tensor(inputs), Tensor(inputs @ rng.randn(4, 1).astype(np.float32))
    net = nn.Dense(4, 1)
    opt = build(net.trainable_params())
    loss_fn = nn.MSELoss()
    grad_fn = ms.value_and_grad(lambda a, b: loss_fn(net(a), b), None, opt.parameters)
    losses = []
    for _ in range(30):
        loss, grads = grad_fn(x, y)
        opt(grads)
        losses.append(float(loss))
    assert losses[-1] < 0.5 * losses[0]


def test_maximize_ascends():
    w = Parameter(Tensor(np.array([1.0], np.float32)), name="w")
    opt = optim.SGD([w], lr=0.1, maximize=True)
    opt((Tensor(np.array([2.0], np.float32)),))
    assert w.asnumpy() == pytest.approx([1.2])


def test_lr_as_a_parameter_written_in_place():
    w, b = _params()
    opt = optim.SGD([w, b], lr=0.1)
    ops_assign_target = opt.lrs[0]
    assert opt.param_groups[0]["lr"] is ops_assign_target
    ops_assign_target.set_data(Tensor(0.0, ms.float32))
    before = w.asnumpy().copy()
    opt((Tensor(np.ones((3, 2), np.float32)), Tensor(np.ones(3, np.float32))))
    np.testing.assert_array_equal(w.asnumpy(), before)
    assert "learning_rate_group_0" not in [p.name for p in opt.get_parameters()]
    assert ops.isfinite(opt.lrs[0]).all()
