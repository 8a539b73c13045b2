"""The extra functional ops against MindSpore 2.10 (tests/golden/extra_ops.*): values, dtypes, shapes,
gradients and the errors MindSpore raises; plus what the fixtures cannot show (cumprod at zeros)."""
import builtins
import json
import os

import numpy as np
import pytest

import minispore as ms
from minispore import ops, Tensor

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")
with open(os.path.join(GOLDEN, "extra_ops.json")) as f:
    CASES = json.load(f)["cases"]
ARRAYS = np.load(os.path.join(GOLDEN, "extra_ops.npz"))


def _inputs(case):
    return {name: Tensor(ARRAYS[f"{case['case']}/in/{name}"]) for name in case["inputs"]}


def _call(case, env):
    return eval(case["call"], {"ops": ops, "ms": ms}, env)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_forward_matches_mindspore(case):
    env = _inputs(case)
    if "error" in case:
        with pytest.raises(getattr(builtins, case["error"])):
            _call(case, env)
        return
    result = _call(case, env)
    outs = list(result) if isinstance(result, tuple) else [result]
    assert isinstance(result, tuple) == (case["container"] == "tuple")
    assert [str(o.dtype) for o in outs] == case["dtypes"]
    assert [list(o.shape) for o in outs] == case["shapes"]
    for i, o in enumerate(outs):
        expected = ARRAYS[f"{case['case']}/out/{i}"]
        if case["call"].startswith("ops.randperm"):
            continue  # MindSpore's generator is not reproduced; the sorted values are checked below
        np.testing.assert_allclose(o.asnumpy(), expected, rtol=1e-5, atol=1e-6, equal_nan=True)


GRAD_CASES = [c for c in CASES if c["grad"]]


@pytest.mark.parametrize("case", GRAD_CASES, ids=[c["case"] for c in GRAD_CASES])
def test_gradients_match_mindspore(case):
    env = _inputs(case)
    names = sorted(env)
    dout = Tensor(ARRAYS[f"{case['case']}/dout/0"])
    positions = tuple(names.index(n) for n in case["grad"])

    def loss(*xs):
        return (_call(case, dict(zip(names, xs))) * dout).sum()

    grads = ms.grad(loss, grad_position=positions)(*[env[n] for n in names])
    grads = grads if isinstance(grads, tuple) else (grads,)
    for name, g in zip(case["grad"], grads):
        expected = ARRAYS[f"{case['case']}/grad/{name}"]
        assert g.dtype == env[name].dtype
        np.testing.assert_allclose(g.asnumpy(), expected, rtol=1e-5, atol=1e-5)


def test_randperm_is_a_permutation_reproducible_by_seed():
    first, again = ops.randperm(6, seed=3), ops.randperm(6, seed=3)
    assert first.dtype == ms.int64 and sorted(first.asnumpy().tolist()) == list(range(6))
    np.testing.assert_array_equal(first.asnumpy(), again.asnumpy())
    assert ops.randperm(Tensor(4), dtype=ms.uint8).dtype == ms.uint8


def test_cumprod_gradient_with_zero_factors_is_exact():
    # MindSpore divides by x (NaN at a zero); the exact gradient of sum(cumprod(x)) is finite.
    x = Tensor(np.array([[2.0, 0.0, 3.0, 4.0], [0.0, 0.0, 1.5, 2.0]], np.float32))
    grad = ms.grad(lambda t: ops.cumprod(t, 1).sum())(x)
    np.testing.assert_allclose(grad.asnumpy(), [[1.0, 32.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    second = ms.grad(ms.grad(lambda t: (ops.cumprod(t, 0) ** 2).sum()))(Tensor(np.array([0.0, 2.0], np.float32)))
    # f = x0^2 + x0^2 x1^2 at (0, 2): Hessian row sums are (2 + 2 x1^2 + 4 x0 x1, 4 x0 x1 + 2 x0^2).
    np.testing.assert_allclose(second.asnumpy(), [10.0, 0.0])


def test_nonzero_as_tuple_and_unique_order():
    x = Tensor(np.array([[0, 3], [4, 0]], np.int32))
    rows, cols = ops.nonzero(x, as_tuple=True)
    assert rows.asnumpy().tolist() == [0, 1] and cols.asnumpy().tolist() == [1, 0]
    with pytest.raises(ValueError, match="nonzero"):
        ops.nonzero(Tensor(np.float32(1)))
    with pytest.raises(TypeError, match="masked_select"):
        ops.masked_select(x, Tensor(np.array([1, 0], np.int32)))
