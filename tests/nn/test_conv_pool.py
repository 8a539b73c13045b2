"""Convolution and pooling layers against MindSpore 2.10 golden fixtures, plus init, reprs and errors."""
import json
import math
import os
import re

import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops, Tensor

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden")
with open(os.path.join(GOLDEN, "nn_layers.json")) as _f:
    _META = json.load(_f)
ARRAYS = np.load(os.path.join(GOLDEN, "nn_layers.npz"))
LAYERS = ("Conv1d", "Conv2d", "Conv2dTranspose", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d",
          "AdaptiveAvgPool2d", "AdaptiveMaxPool2d")
CASES = [c for c in _META["cases"] if c["layer"] in LAYERS and "error" not in c]


def _kwargs(case):
    """JSON lists back to the tuples MindSpore was given."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in case["kwargs"].items()}


def _arrays(case, role):
    prefix = f"{case['case']}/{role}/"
    return {k[len(prefix):]: ARRAYS[k] for k in ARRAYS.files if k.startswith(prefix)}


def _build(case):
    net = getattr(nn, case["layer"])(**_kwargs(case))
    params = dict(net.parameters_and_names())
    for path, value in _arrays(case, "param").items():
        params[path].set_data(Tensor(value))
    return net


def _leaves(out):
    return list(out) if isinstance(out, tuple) else [out]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_forward_matches_mindspore(case):
    net = _build(case)
    x = Tensor(_arrays(case, "in")["x"])
    outs = _leaves(net(x))
    expected = _arrays(case, "out")
    assert len(outs) == len(expected)
    for i, out in enumerate(outs):
        want = expected[str(i)]
        assert out.shape == want.shape and out.asnumpy().dtype == want.dtype
        np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5, atol=1e-5)
        zeros = (want == 0) & (out.asnumpy() == 0)  # and their signs (a window of -0.0 averages to +0.0)
        np.testing.assert_array_equal(np.signbit(out.asnumpy()[zeros]), np.signbit(want[zeros]))
    assert re.sub(r"0x[0-9a-fA-F]+", "0x...", repr(net)) == case["repr"]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_gradients_match_mindspore(case):
    net = _build(case)
    x = Tensor(_arrays(case, "in")["x"])
    douts = {k: Tensor(v) for k, v in _arrays(case, "dout").items()}

    def objective(inp):
        total = None
        for i, out in enumerate(_leaves(net(inp))):
            if str(i) in douts:
                term = (out * douts[str(i)]).sum()
                total = term if total is None else total + term
        return total

    weights = net.trainable_params()
    _, (dx, dws) = ms.value_and_grad(objective, grad_position=0, weights=weights)(x)
    expected = _arrays(case, "grad")
    np.testing.assert_allclose(dx.asnumpy(), expected["x"], rtol=1e-5, atol=1e-5)
    assert dx.asnumpy().dtype == np.float32
    paths = {id(p): path for path, p in net.parameters_and_names()}
    assert len(dws) == len(expected) - 1
    for p, g in zip(weights, dws):
        np.testing.assert_allclose(g.asnumpy(), expected[paths[id(p)]], rtol=1e-5, atol=1e-5)


def test_default_init_is_uniform_one_over_sqrt_fan_in():
    ms.set_seed(0)
    net = nn.Conv2d(16, 32, 3, has_bias=True)
    w, b = net.weight.asnumpy(), net.bias.asnumpy()
    bound = 1 / math.sqrt(16 * 9)
    assert w.shape == (32, 16, 3, 3) and w.dtype == np.float32
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.98 * bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.03 * bound
    assert abs(w.mean()) < 0.02 * bound
    assert np.abs(b).max() <= bound and b.shape == (32,)
    assert nn.Conv2d(3, 8, 3).bias is None


def test_default_init_of_grouped_and_transposed_weights():
    conv = nn.Conv2d(4, 6, 3, group=2)
    assert conv.weight.shape == (6, 2, 3, 3) and np.abs(conv.weight.asnumpy()).max() <= 1 / math.sqrt(18)
    convt = nn.Conv2dTranspose(4, 6, 3, has_bias=True)
    assert convt.weight.shape == (4, 6, 3, 3)
    assert np.abs(convt.bias.asnumpy()).max() <= 1 / math.sqrt(54)
    assert nn.Conv1d(2, 3, 5).weight.shape == (3, 2, 1, 5)


def test_reprs():
    assert re.sub(r"0x[0-9a-f]+", "0x...", repr(nn.Conv2d(3, 8, 3))) == (
        "Conv2d(input_channels=3, output_channels=8, kernel_size=(3, 3), stride=(1, 1), pad_mode=same, "
        "padding=0, dilation=(1, 1), group=1, has_bias=False, weight_init=<mindspore.common.initializer."
        "HeUniform object at 0x...>, bias_init=None, format=NCHW)")
    assert repr(nn.Conv2d(3, 8, 3, weight_init="normal", has_bias=True, bias_init="zeros")) == (
        "Conv2d(input_channels=3, output_channels=8, kernel_size=(3, 3), stride=(1, 1), pad_mode=same, "
        "padding=0, dilation=(1, 1), group=1, has_bias=True, weight_init=normal, bias_init=zeros, format=NCHW)")
    assert repr(nn.MaxPool2d(2)) == "MaxPool2d(kernel_size=2, stride=1, pad_mode=VALID)"
    assert repr(nn.MaxPool2d((2, 3), (1, 2))) == "MaxPool2d(kernel_size=(2, 3), stride=(1, 2), pad_mode=VALID)"
    assert repr(nn.AvgPool2d(2, 2, pad_mode="pad", padding=1)) == "AvgPool2d(kernel_size=2, stride=2, pad_mode=PAD)"
    assert repr(nn.AdaptiveAvgPool2d(2)) == "AdaptiveAvgPool2d()"
    assert repr(nn.AdaptiveMaxPool1d(3)) == "AdaptiveMaxPool1d()"


def test_pool_defaults_and_shapes():
    x = Tensor(np.arange(64, dtype=np.float32).reshape(1, 1, 8, 8))
    assert nn.MaxPool2d(2)(x).shape == (1, 1, 7, 7)
    assert nn.MaxPool2d(2, 2)(x).shape == (1, 1, 4, 4)
    assert nn.MaxPool2d(3, 2)(x).shape == (1, 1, 3, 3)
    assert nn.MaxPool2d(3, 2, pad_mode="same")(x).shape == (1, 1, 4, 4)
    y = nn.AvgPool2d(2, 2)(Tensor(np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)))
    np.testing.assert_array_equal(y.asnumpy()[0, 0], [[2.5, 4.5], [10.5, 12.5]])


def test_conv_same_even_kernel_pads_bottom_right():
    x = Tensor(np.arange(9, dtype=np.float32).reshape(1, 1, 3, 3))
    out = nn.Conv2d(1, 1, 2, weight_init="ones")(x)
    np.testing.assert_array_equal(out.asnumpy()[0, 0], [[8, 12, 7], [20, 24, 13], [13, 15, 8]])


def test_conv_transpose_output_sizes_follow_mindspore():
    ones = Tensor(np.ones((1, 1, 3, 3), np.float32))
    valid = nn.Conv2dTranspose(1, 1, 1, stride=2, pad_mode="valid", weight_init="ones")(ones).asnumpy()[0, 0]
    assert valid.shape == (6, 6) and valid[::2, ::2].sum() == 9 and valid.sum() == 9
    same = nn.Conv2dTranspose(1, 1, 3, stride=2, weight_init="ones")(ones).asnumpy()[0, 0]
    np.testing.assert_array_equal(same[0], [1, 1, 2, 1, 2, 1])


def test_maxpool_indices_are_flat_positions():
    x = Tensor(np.arange(64 * 3, dtype=np.float32).reshape(1, 3, 8, 8))
    out, index = nn.MaxPool2d(3, 2, pad_mode="pad", padding=1, return_indices=True)(x)
    assert index.dtype == ms.int64 and out.shape == (1, 3, 4, 4)
    np.testing.assert_array_equal(index.asnumpy()[0, 0], [[9, 11, 13, 15], [25, 27, 29, 31],
                                                         [41, 43, 45, 47], [57, 59, 61, 63]])
    assert nn.MaxPool2d(3, 2, pad_mode="pad", padding=1, ceil_mode=True)(x).shape == (1, 3, 5, 5)
    np.testing.assert_array_equal(
        nn.AvgPool2d(3, 2, pad_mode="pad", padding=1, divisor_override=2)(x).asnumpy()[0, 0, 0], [9, 18, 24, 30])


def test_adaptive_1d_pools():
    x = Tensor(np.arange(18, dtype=np.float32).reshape(1, 2, 9))
    np.testing.assert_array_equal(nn.AdaptiveMaxPool1d(3)(x).asnumpy(), [[[2, 5, 8], [11, 14, 17]]])
    np.testing.assert_array_equal(nn.AdaptiveAvgPool1d(3)(x).asnumpy(), [[[1, 4, 7], [10, 13, 16]]])
    with pytest.raises(ValueError, match="divisible by output size 3, but got 7"):
        nn.AdaptiveAvgPool1d(3)(Tensor(np.ones((1, 2, 7), np.float32)))


def test_functional_ops():
    x = Tensor(np.random.RandomState(0).standard_normal((2, 3, 8, 8)).astype(np.float32))
    w = Tensor(np.random.RandomState(1).standard_normal((4, 3, 3, 3)).astype(np.float32))
    assert ops.conv2d(x, w).shape == (2, 4, 6, 6)
    assert ops.conv2d(x, w, pad_mode="same", stride=2).shape == (2, 4, 4, 4)
    assert ops.conv2d(x, w, pad_mode="pad", padding=(1, 2)).shape == (2, 4, 8, 10)
    assert ops.max_pool2d(x, 2).shape == (2, 3, 4, 4)
    assert ops.avg_pool2d(x, 3, 2, 1).shape == (2, 3, 4, 4)
    assert ops.adaptive_avg_pool2d(x, (2, None)).shape == (2, 3, 2, 8)
    assert ops.conv1d(x[:, :, 0], w[:, :, 0]).shape == (2, 4, 6)
    up = ops.conv_transpose2d(ops.conv2d(x, w), Tensor(w.asnumpy()), stride=1)
    assert up.shape == (2, 3, 8, 8)
    with pytest.raises(ValueError, match="'pad' must be zero when 'pad_mode' is not 'pad'"):
        ops.conv2d(x, w, padding=1)


def test_conv_construction_errors():
    with pytest.raises(ValueError, match=r"the 'pad_mode' must be str and must be in .* but got 'SAME'"):
        nn.Conv2d(3, 8, 3, pad_mode="SAME")
    with pytest.raises(ValueError, match="For 'Conv2D', the 'pad' must be zero when 'pad_mode' is not 'pad', "
                                         "but got 'pad': 1 and 'pad_mode': same."):
        nn.Conv2d(3, 8, 3, padding=1)
    with pytest.raises(ValueError, match="'group' should be divisible by 'in_channels' and 'out_channels'"):
        nn.Conv2d(3, 8, 3, group=2)
    with pytest.raises(ValueError, match="can not be set to non-default value when pad_mode is not 'pad'"):
        nn.MaxPool2d(2, padding=1)


def test_conv_input_errors_name_layer_and_shapes():
    net = nn.Conv2d(3, 8, 3)
    with pytest.raises(ValueError, match=re.escape("Conv2d(in_channels=3) expects input of shape (N, 3, H, W), "
                                                   "but got (1, 4, 8, 8)")):
        net(Tensor(np.ones((1, 4, 8, 8), np.float32)))
    with pytest.raises(ValueError, match=re.escape("but got (3, 8, 8)")):
        net(Tensor(np.ones((3, 8, 8), np.float32)))
    seq = nn.SequentialCell([nn.Conv2d(1, 6, 5), nn.ReLU()])
    with pytest.raises(ValueError, match=r"expects input of shape \(N, 1, H, W\), but got \(2, 3, 8, 8\)"):
        seq(Tensor(np.ones((2, 3, 8, 8), np.float32)))
    with pytest.raises(ValueError, match="MaxPool2d expects input of shape"):
        nn.MaxPool2d(2)(Tensor(np.ones((8, 8), np.float32)))


def test_float32_stays_float32_through_lenet_step():
    ms.set_seed(1)
    net = nn.SequentialCell([nn.Conv2d(1, 6, 5, pad_mode="valid"), nn.ReLU(), nn.MaxPool2d(2, 2),
                             nn.Conv2d(6, 16, 5, pad_mode="valid"), nn.ReLU(), nn.MaxPool2d(2, 2)])
    x = Tensor(np.random.RandomState(0).standard_normal((4, 1, 32, 32)).astype(np.float32))
    loss, grads = ms.value_and_grad(lambda v: net(v).sum(), None, net.trainable_params())(x)
    assert net(x).shape == (4, 16, 5, 5)
    assert all(g.asnumpy().dtype == np.float32 for g in grads)
