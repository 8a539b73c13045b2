"""The optimizer base class owns the parameter loop and the state; updates are in-place primitives
that pass the dispatch door (a trace sees them) and bump the parameters' versions."""
import numpy as np
import pytest

from minispore import Parameter, Tensor, nn
from minispore.ops._prims.dispatch import Interpreter, interpreting
from minispore.ops._prims.optim import scale_add, assign_sub


class _Recorder(Interpreter):
    """Passes every call on and remembers the primitives' names (what a jit tracer would see)."""

    def __init__(self):
        self.names = []

    def process(self, prim, inputs, attrs):
        self.names.append(prim.name)
        return prim.op(*inputs, **attrs)


class SignMomentum(nn.Optimizer):
    """A user's optimizer: it declares its state and writes only the update."""

    def __init__(self, params, learning_rate=0.1, beta=0.5):
        super().__init__(learning_rate, params)
        self.beta = np.float32(beta)
        self.add_state("velocity", "velocity", "zeros")

    def apply_single(self, gradient, parameter, state, lr):
        velocity = state["velocity"]
        scale_add(velocity, gradient, self.beta, np.float32(1) - self.beta)
        assign_sub(parameter, velocity.sign() * lr)


def test_a_subclass_writes_only_its_update():
    w = Parameter(Tensor(np.array([1.0, -1.0, 0.5], np.float32)), name="w")
    opt = SignMomentum([w])
    assert [p.name for p in opt.velocity] == ["velocity.w"]
    assert [name for name, _ in opt.parameters_and_names()] == ["global_step", "learning_rate", "w", "velocity.w"]
    g = Tensor(np.array([0.2, -0.4, 0.0], np.float32))
    assert opt((g,)) == (True,)
    np.testing.assert_allclose(opt.velocity[0].asnumpy(), [0.1, -0.2, 0.0])
    np.testing.assert_allclose(w.asnumpy(), [0.9, -0.9, 0.5], rtol=1e-6)
    assert opt.global_step.asnumpy().tolist() == [1]


def test_an_optimizer_without_an_update_says_so():
    opt = nn.Optimizer(0.1, [Parameter(Tensor(np.ones(2, np.float32)), name="w")])
    with pytest.raises(NotImplementedError, match="For 'Optimizer', the method 'apply_single' is not defined"):
        opt((Tensor(np.ones(2, np.float32)),))


@pytest.mark.parametrize("make, expected", [
    (lambda ps: nn.SGD(ps, 0.1), {"apply_gradient_descent"}),
    (lambda ps: nn.SGD(ps, 0.1, momentum=0.9), {"apply_gradient_descent", "assign"}),
    (lambda ps: nn.Momentum(ps, 0.1, 0.9), {"apply_gradient_descent", "scale_add"}),
    (lambda ps: nn.Adam(ps, use_amsgrad=True), {"scale_add", "assign_max", "assign_mul", "adam_descent"}),
    (lambda ps: nn.AdamWeightDecay(ps, weight_decay=0.1), {"scale_add", "assign_sub"}),
    (lambda ps: nn.AdamW(ps), {"scale_add", "assign_mul", "assign_sub"}),
    (lambda ps: nn.RMSProp(ps, centered=True), {"scale_add", "assign_sub"}),
    (lambda ps: nn.Adagrad(ps), {"scale_add", "assign_sub"}),
    (lambda ps: nn.Lamb(ps, 0.1), {"scale_add", "assign_sub"}),
], ids=["sgd", "sgd_momentum", "momentum", "adam", "adam_weight_decay", "adamw", "rmsprop", "adagrad", "lamb"])
def test_updates_pass_the_door_and_bump_versions(make, expected):
    w = Parameter(Tensor(np.array([1.0, -2.0], np.float32)), name="w")
    opt = make([w])
    data, version = w._data, getattr(w, "_version", 0)
    recorder = _Recorder()
    with interpreting(recorder):
        opt((Tensor(np.array([0.5, 0.25], np.float32)),))
    assert expected <= set(recorder.names), recorder.names
    assert w._data is data and w._version > version
    assert not np.array_equal(w.asnumpy(), [1.0, -2.0])
