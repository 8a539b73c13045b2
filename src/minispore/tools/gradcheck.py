"""Gradient checking by finite differences, in float64: for functions, primitives and Cells.

A learning aid as much as a test tool: `check_cell_gradients(net, x)` tells whether the gradients
of a network (its inputs and every trainable Parameter) agree with the slope of the function.
"""
import numpy as np

from minispore._autodiff.api import grad, value_and_grad
from minispore.common._version import replace_data
from minispore.common.tensor import Tensor

__all__ = ["check_vjp", "check_second_order", "check_cell_gradients"]


def _flat_outputs(out):
    outs = out if isinstance(out, tuple) else (out,)
    return [o for o in outs if o._data.dtype.kind == "f"]


def _inner(outputs, cotangents):
    return sum(float(np.sum(o.asnumpy() * v)) for o, v in zip(outputs, cotangents))


def _pairing(tensors, others):
    """sum_i ⟨tensors[i], others[i]⟩ as a differentiable 0-d Tensor."""
    total = None
    for t, o in zip(tensors, others):
        term = (t * o).sum()
        total = term if total is None else total + term
    return total


def check_vjp(fn, xs, rng, rtol=1e-5, atol=1e-6, eps=1e-6):
    """⟨grad(fn)(xs; v), u⟩ against the central difference of ⟨v, fn(xs + t·u)⟩ at t = 0."""
    tensors = [Tensor(x) for x in xs]
    outputs = _flat_outputs(fn(*tensors))
    cotangents = [rng.standard_normal(o.shape) for o in outputs]
    directions = [rng.standard_normal(np.shape(x)) for x in xs]
    cotangent_tensors = [Tensor(v) for v in cotangents]

    def scalar(*inputs):
        return _pairing(_flat_outputs(fn(*inputs)), cotangent_tensors)

    grads = grad(scalar, tuple(range(len(xs))))(*tensors)
    grads = grads if isinstance(grads, tuple) else (grads,)
    analytic = sum(float(np.sum(g.asnumpy() * u)) for g, u in zip(grads, directions))
    plus = _inner(_flat_outputs(fn(*[Tensor(x + eps * u) for x, u in zip(xs, directions)])), cotangents)
    minus = _inner(_flat_outputs(fn(*[Tensor(x - eps * u) for x, u in zip(xs, directions)])), cotangents)
    numeric = (plus - minus) / (2 * eps)
    assert np.isclose(analytic, numeric, rtol=rtol, atol=atol), \
        f"first order: analytic {analytic!r} vs numeric {numeric!r}"
    return scalar


def check_second_order(fn, xs, rng, rtol=1e-4, atol=1e-5, eps=1e-5):
    """The same check on x -> ⟨grad(⟨v, fn⟩)(x), w⟩, whose gradient needs the rules' own gradients."""
    tensors = [Tensor(x) for x in xs]
    outputs = _flat_outputs(fn(*tensors))
    cotangents = [Tensor(rng.standard_normal(o.shape)) for o in outputs]
    weights = [Tensor(rng.standard_normal(np.shape(x))) for x in xs]
    positions = tuple(range(len(xs)))

    def first(*inputs):
        return _pairing(_flat_outputs(fn(*inputs)), cotangents)

    def projected(*inputs):
        grads = grad(first, positions)(*inputs)
        return _pairing(grads if isinstance(grads, tuple) else (grads,), weights)

    check_vjp(projected, xs, rng, rtol=rtol, atol=atol, eps=eps)


def check_cell_gradients(cell, *inputs, eps=1e-6, rtol=1e-5, atol=1e-6, seed=0):
    """Compare a Cell's analytic gradients (inputs and trainable Parameters) with finite differences.

    The Cell and the inputs run in float64 for the check (the Parameters are restored afterwards), on
    the backend the Parameters live on; the differences are taken on the host.
    The output is reduced as ⟨v, cell(*inputs)⟩ for a fixed random v. Returns {name: (analytic,
    numeric)} directional derivatives and raises AssertionError naming the first that disagrees.
    """
    rng = np.random.default_rng(seed)
    params = cell.trainable_params()
    saved = [p._data for p in params]
    try:
        for p in params:
            replace_data(p, p._data.astype(np.float64))
        xs = [Tensor(np.asarray(x.asnumpy() if isinstance(x, Tensor) else x, dtype=np.float64)) for x in inputs]
        v = rng.standard_normal(cell(*xs).shape)

        def scalar(*args):
            return (cell(*args) * Tensor(v)).sum()

        _, (input_grads, param_grads) = value_and_grad(scalar, tuple(range(len(xs))), params)(*xs)
        input_grads = input_grads if isinstance(input_grads, tuple) else (input_grads,)
        results = {}
        for i, (x, g) in enumerate(zip(xs, input_grads)):
            u = rng.standard_normal(x.shape)
            numeric = (float(scalar(*_nudged(xs, i, eps * u)).asnumpy())
                       - float(scalar(*_nudged(xs, i, -eps * u)).asnumpy())) / (2 * eps)
            results[f"input {i}"] = (float(np.sum(g.asnumpy() * u)), numeric)
        for p, g in zip(params, param_grads):
            u = rng.standard_normal(p.shape)
            original, delta = p._data, Tensor(eps * u)._data
            replace_data(p, original + delta)
            plus = float(scalar(*xs).asnumpy())
            replace_data(p, original - delta)
            minus = float(scalar(*xs).asnumpy())
            replace_data(p, original)
            results[p.name] = (float(np.sum(g.asnumpy() * u)), (plus - minus) / (2 * eps))
    finally:
        for p, data in zip(params, saved):
            replace_data(p, data)
    for name, (analytic, numeric) in results.items():
        assert np.isclose(analytic, numeric, rtol=rtol, atol=atol), \
            f"gradient of {name}: analytic {analytic!r} vs numeric {numeric!r}"
    return results


def _nudged(xs, index, delta):
    return [Tensor(x.asnumpy() + delta) if i == index else x for i, x in enumerate(xs)]
