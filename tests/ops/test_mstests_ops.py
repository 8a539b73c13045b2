"""The ops MindSpore's own test suite exercises (issue 14), against MindSpore 2.10 (tests/golden/mstests.*):
values, dtypes, shapes, gradients and error types; and, where MindSpore 2.10 is wrong, the mathematics
(each such case is listed in docs/differences.md)."""
import builtins
import json
import os

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn, ops
from minispore.ops import functional as F, operations as P
from minispore.tools.gradcheck import check_vjp

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")
with open(os.path.join(GOLDEN, "mstests.json")) as f:
    CASES = json.load(f)["cases"]
ARRAYS = np.load(os.path.join(GOLDEN, "mstests.npz"))


def _inputs(case):
    return {name: Tensor(ARRAYS[f"{case['case']}/in/{name}"]) for name in case["inputs"]}


def _call(case, env):
    return eval(case["call"], {"ops": ops, "ms": ms, "P": P, "F": F, "nn": nn, "np": np}, env)


def _outputs(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_forward_matches_mindspore(case):
    env = _inputs(case)
    if "error" in case:
        with pytest.raises(getattr(builtins, case["error"])):
            _call(case, env)
        return
    result = _call(case, env)
    if "value" in case:
        assert result == case["value"]
        return
    outs = _outputs(result)
    assert isinstance(result, (tuple, list)) == (case["container"] == "tuple")
    assert [str(o.dtype) for o in outs] == case["dtypes"]
    assert [list(o.shape) for o in outs] == case["shapes"]
    for i, o in enumerate(outs):
        expected = ARRAYS[f"{case['case']}/out/{i}"]
        tolerance = 1e-3 if expected.dtype == np.float16 else 1e-5
        np.testing.assert_allclose(o.asnumpy(), expected, rtol=tolerance, atol=tolerance, equal_nan=True)


GRAD_CASES = [c for c in CASES if c["grad"]]


@pytest.mark.parametrize("case", GRAD_CASES, ids=[c["case"] for c in GRAD_CASES])
def test_gradients_match_mindspore(case):
    names = sorted(case["inputs"])
    dout = Tensor(ARRAYS[f"{case['case']}/dout/0"])
    positions = tuple(names.index(n) for n in case["grad"])

    def loss(*xs):
        fresh = _inputs(case)  # ops that write into an input get a fresh one
        fresh.update({n: x for n, x in zip(names, xs) if n in case["grad"]})
        return (_outputs(_call(case, fresh))[0] * dout).sum()

    env = _inputs(case)
    grads = ms.grad(loss, grad_position=positions)(*[env[n] for n in names])
    grads = grads if isinstance(grads, tuple) else (grads,)
    for name, g in zip(case["grad"], grads):
        expected = ARRAYS[f"{case['case']}/grad/{name}"]
        assert g.dtype == env[name].dtype
        np.testing.assert_allclose(g.asnumpy(), expected, rtol=1e-4, atol=1e-5)


def _finite_differences(fn, *arrays):
    """check_vjp on float64 copies: the backward rules against central differences."""
    check_vjp(fn, [np.asarray(a, np.float64) for a in arrays], np.random.default_rng(0))


def test_strided_slice_gradient_with_negative_strides():
    # MindSpore 2.10 fails computing this gradient (RuntimeError "The int value(-1) is less than 0").
    x = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
    _finite_differences(lambda t: ops.strided_slice(t, (1, -1, 3), (0, -4, 0), (-1, -1, -2)), x)
    grad = ms.grad(lambda t: ops.strided_slice(t, (1, -1, 3), (0, -4, 0), (-1, -1, -2)).sum())(Tensor(x))
    expected = np.zeros((2, 3, 4))
    expected[1, :, 3] = expected[1, :, 1] = 1
    np.testing.assert_array_equal(grad.asnumpy(), expected)


def test_strided_slice_ellipsis_and_new_axis_follow_numpy():
    # MindSpore's documented (TF) semantics; its 2.10 CPU kernel returns other values here (differences.md).
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    out = ops.strided_slice(Tensor(x), (0, 1), (1, 3), (1, 1), ellipsis_mask=1)
    np.testing.assert_array_equal(out.asnumpy(), x[..., 1:3])
    out = ops.strided_slice(Tensor(x), (0, 0, 0), (1, 1, 1), (1, 1, 1), new_axis_mask=2)
    np.testing.assert_array_equal(out.asnumpy(), x[0:1, None, 0:1])
    out = ops.strided_slice(Tensor(x), (1, 0, 0, 2), (2, 1, 1, 4), (1, 1, 1, 1), new_axis_mask=2, shrink_axis_mask=1)
    np.testing.assert_array_equal(out.asnumpy(), x[1, None, 0:1, 2:4])


def test_kl_div_gradients_are_the_derivatives_of_the_loss():
    # MindSpore 2.10 returns -target for the logits' gradient even where the loss is 0 (target <= 0),
    # and no gradient for the target.
    logits = np.log(np.array([[0.3, 0.7], [0.5, 0.5]]))
    target = np.array([[-1.0, 1.0], [0.6, -1.0]])
    for reduction in ("none", "mean", "sum", "batchmean"):
        _finite_differences(lambda x, t: P.KLDivLoss(reduction)(x, t), logits, target)
    grad_x, grad_t = ms.grad(lambda x, t: P.KLDivLoss("sum")(x, t), (0, 1))(Tensor(logits), Tensor(target))
    np.testing.assert_allclose(grad_x.asnumpy(), [[0.0, -1.0], [-0.6, 0.0]])
    np.testing.assert_allclose(grad_t.asnumpy(), np.where(target > 0, np.log(np.abs(target)) + 1 - logits, 0))


def test_inplace_add_sub_update_give_their_gradients():
    # MindSpore 2.10 returns zero gradients for both x and v.
    x, v = np.arange(12.0).reshape(4, 3), np.ones((3, 3))
    _finite_differences(lambda a, b: ops.inplace_add(a, b, (0, 2, 0)), x, v)
    _finite_differences(lambda a, b: ops.inplace_sub(a, b, (3, 1, 1)), x, v)
    _finite_differences(lambda a, b: P.InplaceUpdate((3, 1))(a, b), x, v[:2])
    grad_v = ms.grad(lambda a, b: (ops.inplace_add(a, b, (0, 2, 0)) * Tensor(x)).sum(), 1)(Tensor(x), Tensor(v))
    np.testing.assert_array_equal(grad_v.asnumpy(), x[[0, 2, 0]])


def test_tensor_scatter_elements_refuses_out_of_range_indices():
    # MindSpore 2.10 returns the input unchanged.
    x = Tensor(np.ones((3, 3), np.float32))
    with pytest.raises(IndexError, match="must be in \\[-3, 3\\), but got 5"):
        ops.tensor_scatter_elements(x, Tensor(np.array([[5, 0, 1]], np.int32)), Tensor(np.ones((1, 3), np.float32)))


def test_index_add_writes_into_its_input_and_differentiates():
    x = Tensor(np.zeros((2, 3), np.float32))
    out = P.IndexAdd(1)(x, Tensor(np.array([0, 2, 0], np.int32)), Tensor(np.ones((2, 3), np.float32)))
    assert out is x
    np.testing.assert_array_equal(x.asnumpy(), [[2.0, 0.0, 1.0], [2.0, 0.0, 1.0]])
    _finite_differences(lambda a, b: ops.index_add(a * 1.0, Tensor(np.array([1, 1], np.int32)), b, 0),
                        np.ones((3, 2)), np.arange(4.0).reshape(2, 2))


def test_strided_slice_mask_and_negative_index_gradients():
    # MindSpore 2.10's gradients do not match its forward values here: with begin_mask the gradient lands
    # at the masked begin; a negative gather index gets none.
    x = np.arange(24.0).reshape(2, 3, 4)
    _finite_differences(lambda t: ops.strided_slice(t, (1, 0, 0), (2, 1, 3), (1, 1, 1), begin_mask=1, end_mask=2,
                                                    shrink_axis_mask=4), x)
    _finite_differences(lambda t: ops.gather(t, Tensor(np.array([-1, 0], np.int32)), 1), x)


def test_maximum_and_minimum_propagate_nan_from_either_side():
    # MindSpore's documentation: a NaN operand is returned; its 2.10 CPU kernels return y where only x is NaN.
    x = Tensor(np.array([np.nan, 1.0], np.float32))
    y = Tensor(np.array([4.0, np.nan], np.float32))
    assert np.isnan(ops.maximum(x, y).asnumpy()).all() and np.isnan(ops.minimum(x, y).asnumpy()).all()


def test_topk_unsorted_keeps_the_input_order_of_the_chosen_elements():
    # MindSpore keeps the input order when k is the length; for smaller k its order is that of its heap.
    values, indices = ops.topk(Tensor(np.array([3.0, 1.0, 2.0, 5.0, 4.0, 0.0], np.float32)), 3, sorted=False)
    assert indices.asnumpy().tolist() == [0, 3, 4] and values.asnumpy().tolist() == [3.0, 5.0, 4.0]
    assert indices.dtype == ms.int32


def test_new_primitives_have_their_gradients():
    rng = np.random.default_rng(1)
    _finite_differences(lambda t: ops.matrix_band_part(t, 1, 0), rng.normal(size=(3, 4)))
    _finite_differences(lambda a, b: ops.ger(a, b), rng.normal(size=3), rng.normal(size=2))
    _finite_differences(lambda a, b: ops.matrix_solve(a, b, True), np.eye(3) * 3 + rng.uniform(size=(3, 3)),
                        rng.normal(size=(3, 2)))
    _finite_differences(lambda t: ops.norm(t, "nuc"), rng.normal(size=(3, 4)))
    _finite_differences(lambda t: ops.norm(t, -2, dim=(0, 2)), rng.normal(size=(3, 2, 4)))
    _finite_differences(lambda t: ops.fast_gelu(t), rng.normal(size=(5,)))
    _finite_differences(lambda a, b: ops.meshgrid(a, b, indexing="ij")[1], rng.normal(size=2), rng.normal(size=3))
    _finite_differences(lambda t: ops.gather(t, Tensor(np.array([[0, 2], [1, 1]])), 1, batch_dims=1),
                        rng.normal(size=(2, 3, 4)))
    other = Tensor(rng.normal(size=(2, 4, 3)))
    _finite_differences(lambda t: ops.dot(t, other), rng.normal(size=(3, 4)))
    _finite_differences(lambda t: P.ResizeLinear1D("half_pixel")(t, (7,)), rng.normal(size=(1, 2, 5)))


def test_dot_is_numpy_dot():
    rng = np.random.default_rng(2)
    for a, b in (((2, 3), (3, 4)), ((2, 3), (4, 3, 5)), ((2, 3, 4), (5, 4, 2))):
        x, y = rng.normal(size=a).astype(np.float32), rng.normal(size=b).astype(np.float32)
        np.testing.assert_allclose(ops.dot(Tensor(x), Tensor(y)).asnumpy(), np.dot(x, y), rtol=1e-5, atol=1e-6)


def test_norm_agrees_with_numpy_linalg():
    rng = np.random.default_rng(3)
    m = rng.normal(size=(4, 3)).astype(np.float32)
    for order in (None, "fro", "nuc", np.inf, -np.inf, 1, -1, 2, -2):
        np.testing.assert_allclose(ops.norm(Tensor(m), order).asnumpy(), np.linalg.norm(m, order), rtol=1e-5)
    v = np.array([0.0, 1.5, -2.0], np.float32)
    for order in (None, np.inf, -np.inf, 0, 1, 2, 3, -1):
        np.testing.assert_allclose(ops.norm(Tensor(v), order).asnumpy(), np.linalg.norm(v, order), rtol=1e-5)
    with pytest.raises(ValueError, match="'dim' must be given"):
        ops.norm(Tensor(np.ones((2, 2, 2), np.float32)), 2)


def test_channel_dropout_zeroes_whole_channels():
    x = Tensor(np.ones((8, 16, 3, 3), np.float32))
    out, mask = P.Dropout2D(0.5)(x)
    assert mask.dtype == ms.bool_ and mask.shape == x.shape
    per_channel = out.asnumpy().reshape(8, 16, 9)
    assert set(np.unique(per_channel)) <= {0.0, 2.0}
    assert (per_channel.min(axis=2) == per_channel.max(axis=2)).all()
    assert 0 < (per_channel[..., 0] == 0).sum() < 128
    np.testing.assert_array_equal(mask.asnumpy(), out.asnumpy() != 0)
    out3, mask3 = P.Dropout3D(keep_prob=1.0)(Tensor(np.ones((2, 3, 2, 2, 2), np.float32)))
    assert out3.asnumpy().min() == 1.0 and mask3.asnumpy().all()
    zeros, none_kept = P.Dropout2D(0.0)(x)
    assert not zeros.asnumpy().any() and not none_kept.asnumpy().any()
    assert ops.dropout2d(x, training=False) is x
    with pytest.raises(ValueError, match="keep_prob"):
        P.Dropout2D(1.5)
    with pytest.raises(ValueError, match="rank of input must be equal to 4"):
        P.Dropout2D()(Tensor(np.ones((2, 3, 4), np.float32)))


def test_bitwise_not_method_and_shift_dtypes():
    x = Tensor(np.array([1, -2, 0], np.int16))
    assert x.bitwise_not().asnumpy().tolist() == [-2, 1, -1]
    assert x.bitwise_right_shift(Tensor(np.array([1, 1, 1], np.int16))).dtype == ms.int16


def test_pad_modes_agree_with_numpy_pad():
    x = np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4)
    for mode, numpy_mode in (("reflect", "reflect"), ("replicate", "edge"), ("circular", "wrap")):
        out = ops.pad(Tensor(x), (2, 1, 1, 2), mode=mode)
        np.testing.assert_array_equal(out.asnumpy(), np.pad(x, ((0, 0), (0, 0), (1, 2), (2, 1)), mode=numpy_mode))
        _finite_differences(lambda t, m=mode: ops.pad(t, (2, 1, 1, 2), mode=m), x)
    with pytest.raises(ValueError, match="wrap around more than once"):
        ops.pad(Tensor(x), (5, 0), mode="circular")
    with pytest.raises(ValueError, match="'mode' must be one of"):
        ops.pad(Tensor(x), (1, 1), mode="edge")
    with pytest.raises(ValueError, match="cannot crop"):
        ops.pad(Tensor(x), (-1, 1), mode="replicate")


def test_interpolate_modes_have_gradients():
    rng = np.random.default_rng(4)
    image, volume = rng.normal(size=(1, 2, 4, 5)), rng.normal(size=(1, 1, 3, 4, 5))
    for mode, x, kwargs in (("bicubic", image, dict(size=(6, 7))), ("bicubic", image, dict(size=(3, 8), align_corners=True)),
                            ("area", image, dict(size=(3, 2))), ("nearest-exact", image, dict(size=(7, 3))),
                            ("trilinear", volume, dict(scale_factor=(1.7, 1.3, 0.6))),
                            ("nearest", volume, dict(scale_factor=(2.0, 1.5, 0.5)))):
        _finite_differences(lambda t: ops.interpolate(t, mode=mode, **kwargs), x)


def test_interpolate_area_is_adaptive_average_pooling():
    x = np.arange(2 * 5 * 7, dtype=np.float32).reshape(1, 2, 5, 7)
    out = ops.interpolate(Tensor(x), size=(2, 3), mode="area").asnumpy()
    rows, cols = [(0, 3), (2, 5)], [(0, 3), (2, 5), (4, 7)]
    expected = [[[x[0, c, r0:r1, k0:k1].mean() for k0, k1 in cols] for r0, r1 in rows] for c in range(2)]
    np.testing.assert_allclose(out[0], expected, rtol=1e-6)


def test_getitem_forms_of_mindspores_own_tests():
    x = np.arange(24).reshape(2, 3, 4)
    t = Tensor(x)
    for index, expected in (((Tensor([0, 1]), Tensor([0, 1])), [[0, 1, 2, 3], [16, 17, 18, 19]]),
                            (([0.0, 1.0], [0.0, 1.0]), [[0, 1, 2, 3], [16, 17, 18, 19]]),
                            (([0, 1], slice(0, 2), [0, 1]), [[0, 4], [13, 17]]),
                            ((Tensor([0, 1]), ..., Tensor([0, 1])), [[0, 4, 8], [13, 17, 21]]),
                            ((slice(Tensor(0), Tensor(2)), 1), [[4, 5, 6, 7], [16, 17, 18, 19]]),
                            (([Tensor(0), 1], Tensor(0), [0, Tensor(1)]), [0, 13]),
                            ((Tensor(np.array([True, False, True])),), None)):
        if expected is None:
            with pytest.raises(ValueError, match="boolean index"):
                t[index]
            continue
        np.testing.assert_array_equal(t[index].asnumpy(), expected)
    # a 0-d bool Tensor among index arrays is NumPy's (and MindSpore's Ascend test's) True, not the int 1
    np.testing.assert_array_equal(t[Tensor([0, 1]), Tensor(True), Tensor([0, 1])].asnumpy(),
                                  x[[0, 1], True, [0, 1]])


def test_tensor_ger_and_index_add_methods():
    """Tensor.ger and Tensor.index_add (both spellings), as MindSpore's test_ger_op/test_index_add_op call them;
    index_add writes into the Tensor, as MindSpore's does."""
    x = Tensor(np.array([1.0, 2.0], np.float32))
    np.testing.assert_array_equal(x.ger(Tensor(np.array([3.0, 4.0, 5.0], np.float32))).asnumpy(),
                                  [[3, 4, 5], [6, 8, 10]])
    t = Tensor(np.ones((3, 2), np.float32))
    out = t.index_add(1, Tensor(np.array([1], np.int32)), Tensor(np.ones((3, 1), np.float32)), alpha=2)
    np.testing.assert_array_equal(out.asnumpy(), [[1, 3]] * 3)
    np.testing.assert_array_equal(t.asnumpy(), [[1, 3]] * 3)
    p = ms.Parameter(Tensor(np.zeros((3, 2), np.float32)), name="p")
    p.index_add(Tensor(np.array([0, 2, 0], np.int32)), Tensor(np.ones((3, 2), np.float32)), 0)
    np.testing.assert_array_equal(p.asnumpy(), [[2, 2], [0, 0], [1, 1]])
    with pytest.raises(TypeError):
        t.index_add(0, Tensor(np.array([1], np.int64)), Tensor(np.ones((1, 2), np.float32)))
    with pytest.raises(TypeError):
        t.index_add(0, Tensor(np.array([1], np.int32)), Tensor(np.ones((1, 2), np.float32)), alpha="2")


@pytest.mark.parametrize("mode, kwargs", [
    ("linear", dict(size=6, align_corners=True)), ("bilinear", dict(size=(4, 7))),
    ("bilinear", dict(scale_factor=(1.5, 1.7), recompute_scale_factor=True)),
    ("bicubic", dict(size=(5, 7), align_corners=False)), ("area", dict(size=(2, 3))),
    ("trilinear", dict(size=(3, 4, 5)))])
def test_float16_interpolation_rounds_once(mode, kwargs):
    """MindSpore's CPU kernels compute a float16 input in float32 and round the result once (checked against
    MindSpore 2.10: equal bits for each of these modes); ResizeLinear1D likewise (its own test's values)."""
    rank = {"linear": 3, "trilinear": 5}.get(mode, 4)
    a = np.random.RandomState(0).randn(*(1, 1, 2, 3, 5)[:rank]).astype(np.float16)
    out = ops.interpolate(Tensor(a), mode=mode, **kwargs)
    expected = ops.interpolate(Tensor(a.astype(np.float32)), mode=mode, **kwargs).asnumpy().astype(np.float16)
    assert out.dtype == ms.float16
    np.testing.assert_array_equal(out.asnumpy(), expected)
    if mode == "linear":
        x = Tensor(np.array([[[1, 2, 3], [4, 5, 6]]], np.float16))
        got = P.ResizeLinear1D("align_corners")(x, Tensor(np.array([6], np.int64)))
        np.testing.assert_array_equal(got.asnumpy(), np.array([[[1, 1.4, 1.8, 2.2, 2.6, 3],
                                                                 [4, 4.4, 4.8, 5.2, 5.6, 6]]], np.float16))
