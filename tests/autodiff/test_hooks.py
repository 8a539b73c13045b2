"""Tensor hooks and Cell backward hooks: what they see, what they replace, and that nothing leaks."""
import gc

import numpy as np
import pytest

import minispore as ms
from minispore import nn, Tensor
from minispore._autodiff import backward as backward_module


def test_a_tensor_hook_sees_and_replaces_the_gradient():
    seen = []

    def f(x):
        y = x * 3
        y.register_hook(lambda g: seen.append(g.asnumpy().tolist()) or g * 10)
        return (y * y).sum()

    g = ms.grad(f)(Tensor([1., 2.]))
    assert seen == [[6, 12]]
    assert g.asnumpy().tolist() == [180, 360]


def test_a_removed_hook_is_not_called():
    calls = []
    x = Tensor([1., 2.])
    handle = x.register_hook(lambda g: calls.append(1))
    ms.grad(lambda x: (x * x).sum())(x)
    handle.remove()
    handle.remove()  # removing twice is harmless
    ms.grad(lambda x: (x * x).sum())(x)
    assert calls == [1]


def test_a_hook_must_be_callable():
    with pytest.raises(TypeError, match="Expected a callable hook function, but got int"):
        Tensor([1.]).register_hook(3)


def test_hooks_die_with_their_tensors():
    gc.collect()
    before = len(backward_module._HOOKS)

    def f(x):
        y = x * 2
        y.register_hook(lambda g: g)
        return y.sum()

    grad_fn = ms.grad(f)
    for _ in range(200):
        grad_fn(Tensor([1., 2.]))
    gc.collect()
    assert len(backward_module._HOOKS) == before


def test_cell_backward_hooks_leave_nothing_behind():
    dense = nn.Dense(2, 1)
    dense.register_backward_hook(lambda cell, gin, gout: None)
    gc.collect()
    before = len(backward_module._HOOKS)
    for _ in range(100):
        ms.grad(lambda x: dense(x).sum())(Tensor(np.ones((3, 2), np.float32)))
    gc.collect()
    assert len(backward_module._HOOKS) == before


def test_a_cell_backward_hook_replaces_the_input_gradient():
    dense = nn.Dense(2, 1, weight_init="ones", bias_init="zeros")
    seen = []

    def hook(cell, grad_input, grad_output):
        seen.append((cell, [g.shape for g in grad_input], [g.shape for g in grad_output]))
        return tuple(g * 5 for g in grad_input)

    dense.register_backward_hook(hook)
    g = ms.grad(lambda x: dense(x).sum())(Tensor(np.ones((3, 2), np.float32)))
    assert seen == [(dense, [(3, 2)], [(3, 1)])]
    assert g.asnumpy().tolist() == [[5, 5]] * 3


def test_a_cell_backward_hook_returning_the_wrong_count_is_refused():
    dense = nn.Dense(2, 1)
    dense.register_backward_hook(lambda cell, gin, gout: (gin[0], gin[0]))
    with pytest.raises(ValueError, match="backward hook of Dense returned 2 gradient"):
        ms.grad(lambda x: dense(x).sum())(Tensor(np.ones((3, 2), np.float32)))
