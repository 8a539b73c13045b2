"""Finite-difference checks of backward rules, first and second order, in float64."""
import numpy as np

import minispore as ms
from minispore.common.tensor import Tensor


def _flat_outputs(out):
    outs = out if isinstance(out, tuple) else (out,)
    return [o for o in outs if o._data.dtype.kind == "f"]


def _inner(outputs, cotangents):
    return sum(float(np.sum(o._data * v)) for o, v in zip(outputs, cotangents))


def check_vjp(fn, xs, rng, rtol=1e-5, atol=1e-6, eps=1e-6):
    """⟨grad(fn)(xs; v), u⟩ against the central difference of ⟨v, fn(xs + t·u)⟩ at t = 0."""
    tensors = [Tensor(x) for x in xs]
    outputs = _flat_outputs(fn(*tensors))
    cotangents = [rng.standard_normal(o.shape) for o in outputs]
    directions = [rng.standard_normal(np.shape(x)) for x in xs]

    def scalar(*inputs):
        outs = _flat_outputs(fn(*inputs))
        total = None
        for o, v in zip(outs, cotangents):
            term = (o * Tensor(v)).sum()
            total = term if total is None else total + term
        return total

    grads = ms.grad(scalar, tuple(range(len(xs))))(*tensors)
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
        total = None
        for o, v in zip(_flat_outputs(fn(*inputs)), cotangents):
            term = (o * v).sum()
            total = term if total is None else total + term
        return total

    def projected(*inputs):
        grads = ms.grad(first, positions)(*inputs)
        grads = grads if isinstance(grads, tuple) else (grads,)
        total = None
        for g, w in zip(grads, weights):
            term = (g * w).sum()
            total = term if total is None else total + term
        return total

    check_vjp(projected, xs, rng, rtol=rtol, atol=atol, eps=eps)
