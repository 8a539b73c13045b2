"""A gradient tape keeps an array alive only while a backward rule reads it (hollow twins elsewhere)."""
import weakref

import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops, Tensor
from minispore._autodiff import tape as tape_module
from minispore.ops._prims import PRIMS
from minispore.ops._prims.dispatch import _rule_reads, needs_grad

# 64 x 128 float64 = 64 KiB: at the threshold, so intermediates of this shape get hollow twins.
SHAPE = (64, 128)


def _large(seed=0):
    return Tensor(np.random.default_rng(seed).uniform(-1, 1, SHAPE))


@pytest.fixture
def twins_made(monkeypatch):
    """Counts the hollow twins the tapes make during a test."""
    made = []
    real = tape_module.hollow

    def counting(t):
        made.append(t.shape)
        return real(t)

    monkeypatch.setattr(tape_module, "hollow", counting)
    return made


def test_an_intermediate_no_rule_reads_is_freed_during_the_forward_and_a_read_one_is_kept(twins_made):
    refs = {}

    def f(x):
        a = x + 1.0        # read by no rule: add reads neither input, nor does the next add
        b = a + 1.0        # read by the mul below
        # The tape holds Tensors, so a Tensor that dies takes its array with it (weakrefs to the Tensors
        # work on every backend; the checking backend's arrays take none).
        refs["a"], refs["b"] = weakref.ref(a), weakref.ref(b)
        c = b * b
        del a, b
        refs["a freed in forward"] = refs["a"]() is None
        refs["b kept in forward"] = refs["b"]() is not None
        return c.sum()

    x = _large()
    g = ms.grad(f)(x)
    assert refs["a freed in forward"] and refs["b kept in forward"]
    np.testing.assert_allclose(g.asnumpy(), 2 * (x.asnumpy() + 2), rtol=1e-12)
    assert refs["b"]() is None  # and the reverse pass let it go too
    assert twins_made


def test_small_intermediates_stay_their_own_keys(twins_made):
    g = ms.grad(lambda x: ((x + 1.0) * 3.0).sum())(Tensor(np.ones((4, 4))))
    assert g.asnumpy().tolist() == [[3.0] * 4] * 4
    assert not twins_made


def test_a_hook_on_a_hollowed_intermediate_fires_and_replaces_the_gradient(twins_made):
    seen = []

    def f(x):
        y = x + 1.0
        y.register_hook(lambda g: seen.append(g.asnumpy().copy()) or g * 2)
        return (y + 3.0).sum()  # add and sum read nothing: y is stood in for by its twin

    g = ms.grad(f)(_large())
    assert len(seen) == 1 and np.all(seen[0] == 1.0)
    assert np.all(g.asnumpy() == 2.0)
    assert twins_made


def test_a_removed_hook_on_a_hollowed_intermediate_does_not_fire():
    calls = []

    def f(x):
        y = x + 1.0
        handle = y.register_hook(lambda g: calls.append(1))
        handle.remove()
        return (y + 3.0).sum()

    assert np.all(ms.grad(f)(_large()).asnumpy() == 1.0)
    assert calls == []


def test_a_cell_backward_hook_sees_the_gradient_of_a_large_output():
    grads = []
    net = nn.ReLU()
    net.register_backward_hook(lambda cell, grad_input, grad_output: grads.append(grad_output[0].asnumpy()))
    x = _large()
    g = ms.grad(lambda x: (net(x) + 1.0).sum())(x)
    assert len(grads) == 1 and np.all(grads[0] == 1.0)
    np.testing.assert_array_equal(g.asnumpy(), (x.asnumpy() > 0).astype(np.float64))


def test_grad_of_grad_through_hollowed_nodes_matches_finite_differences(twins_made):
    def f(x):
        y = ops.reshape(x + 0.5, (128, 64))            # add and reshape read no values
        z = ops.concat((y, y * 2.0), axis=0)           # concat reads only shapes
        return (ops.exp(ops.transpose(z, (1, 0))) * 0.25).sum()

    def h(x):
        return (ms.grad(f)(x) * ms.grad(f)(x)).sum()   # needs second derivatives of f

    x = _large(1) * 0.5
    d2 = ms.grad(h)(x).asnumpy()
    v = np.random.default_rng(2).standard_normal(SHAPE)
    eps = 1e-5
    numeric = (h(x + Tensor(eps * v)).asnumpy() - h(x - Tensor(eps * v)).asnumpy()) / (2 * eps)
    np.testing.assert_allclose(np.sum(d2 * v), numeric, rtol=1e-6)
    assert twins_made


def _small_block_grads():
    ms.set_seed(3)
    conv = nn.Conv2d(6, 6, 3, pad_mode="same", weight_init="normal")
    norm = nn.BatchNorm2d(6)
    dense = nn.Dense(6, 3)
    params = conv.trainable_params() + norm.trainable_params() + dense.trainable_params()

    def loss(x):
        y = ops.relu(norm(conv(x)))
        left, right = ops.split(y, 3, axis=1)
        shuffled = ops.transpose(ops.reshape(ops.cat((right, left), axis=1), (2, 3, 2, 8, 8)), (0, 2, 1, 3, 4))
        pooled = ops.reshape(shuffled, (2, 6, 8, 8)).mean(axis=(2, 3)) + y.sum(axis=(2, 3)) * 0.01
        return ops.cross_entropy(dense(pooled), Tensor(np.array([0, 2], np.int32)))

    x = Tensor(np.random.default_rng(4).standard_normal((2, 6, 8, 8)).astype(np.float32))
    return ms.grad(loss, 0, params)(x)


def test_hollowing_every_intermediate_leaves_a_network_step_s_gradients_unchanged(monkeypatch, twins_made):
    kept = _small_block_grads()
    assert not twins_made
    monkeypatch.setattr(tape_module, "HOLLOW_BYTES", 0)
    hollowed = _small_block_grads()
    assert twins_made
    for a, b in zip(_flat(kept), _flat(hollowed)):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


def _flat(value):
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _flat(v)]
    return [value]


def test_rule_reads_skips_shape_only_and_needs_grad_uses_and_unpacked_outputs():
    def rule(x, y, out, dout):
        return (dout * 2 if needs_grad(x) else None, ops.reshape(dout, y.shape))

    def unpacking(x, out, dout):
        _, mean = out
        return dout * mean

    assert _rule_reads(rule) == (False, False, False)
    assert _rule_reads(unpacking) == (False, (False, True))
    assert _rule_reads(lambda x, out, dout: dout * x.sum()) == (True, False)
    assert _rule_reads(lambda *args: args[-1]) is None
    assert PRIMS["concat"].reads == () and PRIMS["stack"].reads == ()
    assert PRIMS["relu"].reads == (False, True)
    assert PRIMS["batch_norm"].reads[-1] == (False, True, True)
