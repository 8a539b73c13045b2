"""Property tests (hypothesis): broadcasting arithmetic matches NumPy, and its gradients sum back
to each input's shape, for any pair of broadcast-compatible shapes."""
import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import minispore as ms
from minispore import Tensor

SHAPES = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4)
OPS = {
    "add": (lambda a, b: a + b, lambda a, b, g: (g, g)),
    "sub": (lambda a, b: a - b, lambda a, b, g: (g, -g)),
    "mul": (lambda a, b: a * b, lambda a, b, g: (g * b, g * a)),
    "div": (lambda a, b: a / b, lambda a, b, g: (g / b, -g * a / b ** 2)),
}


def _sum_to(array, shape):
    lead = array.ndim - len(shape)
    array = array.sum(axis=tuple(range(lead))) if lead else array
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and array.shape[i] != 1)
    return array.sum(axis=axes, keepdims=True).reshape(shape) if axes else array.reshape(shape)


@settings(max_examples=60, deadline=None)
@given(shapes=SHAPES, name=st.sampled_from(sorted(OPS)), seed=st.integers(0, 2**16))
def test_broadcast_forward_and_gradient(shapes, name, seed):
    forward, gradient = OPS[name]
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.5, 2.0, shapes.input_shapes[0]).astype(np.float32)
    b = rng.uniform(0.5, 2.0, shapes.input_shapes[1]).astype(np.float32)
    out = forward(Tensor(a), Tensor(b))
    expected = forward(a, b)
    assert out.shape == np.shape(expected) and out.dtype == ms.float32
    np.testing.assert_allclose(out.asnumpy(), expected, rtol=1e-6)
    cotangent = rng.standard_normal(np.shape(expected)).astype(np.float32)
    ga, gb = ms.grad(lambda x, y: (forward(x, y) * Tensor(cotangent)).sum(), (0, 1))(Tensor(a), Tensor(b))
    want_a, want_b = gradient(a, b, cotangent)
    np.testing.assert_allclose(ga.asnumpy(), _sum_to(np.asarray(want_a), a.shape), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gb.asnumpy(), _sum_to(np.asarray(want_b), b.shape), rtol=1e-5, atol=1e-6)
