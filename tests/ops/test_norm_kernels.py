"""The fused BatchNorm kernels against the formulas in float64, on one thread and split by channel over two."""
import numpy as np
import pytest

from minispore import nn, Tensor
from minispore._backend import threads
from minispore.ops._prims import norm as N

SHAPES = [(6, 3), (4, 3, 5), (4, 5, 3, 2)]


@pytest.fixture(params=[1, 2], ids=["one thread", "two threads"])
def thread_count(request, monkeypatch):
    monkeypatch.setattr(threads, "SMALL_PASS", 0)
    monkeypatch.setattr(threads._policy(), "limit", request.param)
    return request.param


def _axes(x):
    return (0,) + tuple(range(2, x.ndim))


def _channel(v, ndim):
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def reference_forward(x, gamma, beta, eps):
    mean = x.mean(axis=_axes(x))
    var = ((x - _channel(mean, x.ndim)) ** 2).mean(axis=_axes(x))
    normed = (x - _channel(mean, x.ndim)) / np.sqrt(_channel(var, x.ndim) + eps)
    return normed * _channel(gamma, x.ndim) + _channel(beta, x.ndim), mean, var


def reference_backward(x, gamma, dy, dmean, dvar, eps):
    """The total derivative of <dy, y> + <dmean, mean> + <dvar, var> in x, gamma, beta, by the chain rule."""
    m = x.size // x.shape[1]
    mean = x.mean(axis=_axes(x))
    c = x - _channel(mean, x.ndim)
    var = (c ** 2).mean(axis=_axes(x))
    s = 1 / np.sqrt(var + eps)
    xhat = c * _channel(s, x.ndim)
    dgamma = (dy * xhat).sum(axis=_axes(x))
    dbeta = dy.sum(axis=_axes(x))
    dxhat = dy * _channel(gamma, x.ndim)
    dvar_total = (dxhat * c).sum(axis=_axes(x)) * -0.5 * s ** 3 + dvar
    dmean_total = -(dxhat * _channel(s, x.ndim)).sum(axis=_axes(x)) + dmean
    dx = dxhat * _channel(s, x.ndim) + _channel(dvar_total, x.ndim) * 2 * c / m + _channel(dmean_total, x.ndim) / m
    return dx, dgamma, dbeta


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_forward_kernel_matches_the_formula(shape, thread_count):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape) * 3 + 5
    gamma, beta = rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    out, mean, var = N._batch_norm_kernel(np, x, gamma, beta, eps=1e-5)
    for got, expected in zip((out, mean, var), reference_forward(x, gamma, beta, 1e-5)):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    out32 = N._batch_norm_kernel(np, x.astype(np.float32), gamma.astype(np.float32), beta.astype(np.float32),
                                 eps=1e-5)
    assert all(a.dtype == np.float32 for a in out32)
    np.testing.assert_allclose(out32[0], out, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_backward_kernel_matches_the_chain_rule(shape, thread_count):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape) * 2 - 1
    gamma = rng.standard_normal(shape[1])
    dy = rng.standard_normal(shape)
    dmean, dvar = rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    _, mean, var = N._batch_norm_kernel(np, x, gamma, np.zeros(shape[1]), eps=1e-3)
    got = N._batch_norm_grad_kernel(np, x, gamma, mean, var, dy, dmean, dvar, eps=1e-3)
    for g, expected in zip(got, reference_backward(x, gamma, dy, dmean, dvar, 1e-3)):
        np.testing.assert_allclose(g, expected, rtol=1e-10, atol=1e-10)


def test_the_layer_trains_on_batch_statistics_and_updates_the_moving_ones():
    rng = np.random.default_rng(2)
    x = (rng.standard_normal((8, 3, 4, 4)) * 2 + 1).astype(np.float32)
    layer = nn.BatchNorm2d(3, momentum=0.9)
    layer.set_train()
    out = layer(Tensor(x)).asnumpy()
    expected, mean, var = reference_forward(x.astype(np.float64), np.ones(3), np.zeros(3), 1e-5)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.moving_mean.asnumpy(), 0.1 * mean, rtol=1e-5, atol=1e-6)
    unbiased = var * x[:, 0].size / (x[:, 0].size - 1)
    np.testing.assert_allclose(layer.moving_variance.asnumpy(), 0.9 + 0.1 * unbiased, rtol=1e-5)
    layer.set_train(False)
    evaluated = layer(Tensor(x)).asnumpy()
    scale = 1 / np.sqrt(layer.moving_variance.asnumpy().astype(np.float64) + 1e-5)
    expected_eval = (x - _channel(layer.moving_mean.asnumpy(), 4)) * _channel(scale, 4)
    np.testing.assert_allclose(evaluated, expected_eval, rtol=1e-5, atol=1e-5)


def test_the_layer_gradient_matches_finite_differences():
    from minispore.tools.gradcheck import check_cell_gradients
    layer = nn.BatchNorm2d(2)
    layer.set_train()
    x = np.random.default_rng(3).standard_normal((3, 2, 2, 3))
    check_cell_gradients(layer, Tensor(x))


def test_float16_statistics_accumulate_in_float32():
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((64, 2, 8, 8)) * 0.1 + 100).astype(np.float16)
    gamma, beta = np.ones(2, np.float16), np.zeros(2, np.float16)
    out, mean, var = N._batch_norm_kernel(np, x, gamma, beta, eps=1e-5)
    assert out.dtype == mean.dtype == var.dtype == np.float16
    expected, expected_mean, expected_var = reference_forward(x.astype(np.float64), np.ones(2), np.zeros(2), 1e-5)
    np.testing.assert_allclose(mean, expected_mean, rtol=1e-3)
    np.testing.assert_allclose(var, expected_var, rtol=1e-2)
    np.testing.assert_allclose(out, expected, atol=2e-2)
    dy = rng.standard_normal(x.shape).astype(np.float16)
    grads = N._batch_norm_grad_kernel(np, x, gamma, mean, var, dy, np.zeros(2, np.float16), np.zeros(2, np.float16),
                                      eps=1e-5)
    assert all(g.dtype == np.float16 for g in grads)
    expected_grads = reference_backward(x.astype(np.float64), np.ones(2), dy.astype(np.float64), np.zeros(2),
                                        np.zeros(2), 1e-5)
    np.testing.assert_allclose(grads[2], expected_grads[2], rtol=1e-2)  # dbeta = sum(dy)
    np.testing.assert_allclose(grads[0], expected_grads[0], rtol=5e-2, atol=5e-2)
