"""Padding, Upsample/interpolate, channel dropout and the Transformer decoder against MindSpore 2.10 goldens."""
import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops, Tensor
from tests.nn.test_norm_embed_rnn import golden, replay

GROUP = "nn_extra"
CASES = golden(GROUP)[0]
BUILDS = {
    "decoder_2layers_norm": lambda: nn.TransformerDecoder(
        nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0), 2, norm=nn.LayerNorm((8,))),
}


def _build(entry):
    """The case's layer from its JSON kwargs (JSON lists back to the tuples MindSpore was given)."""
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in entry["kwargs"].items()}
    return getattr(nn, entry["layer"])(**kwargs)


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if "error" not in c])
def test_nn_extra_golden(name):
    entry = CASES[name]
    replay(GROUP, name, build=BUILDS.get(name, lambda: _build(entry)))


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if "error" in c])
def test_nn_extra_refusals(name):
    entry = CASES[name]
    net = _build(entry)
    x = Tensor(np.zeros(entry["inputs"]["x"], np.float32))
    with pytest.raises((ValueError, TypeError)) as info:
        net(x)
    assert type(info.value).__name__ == entry["error"]["type"]
    if entry["layer"] == "Upsample":  # the Cell names itself in a note, not in the message
        assert str(info.value) == entry["error"]["message"]
        assert info.value.__notes__ == ["[in Upsample]"]


def test_transformer_layer_tables():
    net = nn.Transformer(8, 2, 1, 2, 16, 0.0)
    names = [name for name, _ in net.parameters_and_names()]
    assert names == [p["path"] for p in CASES["transformer"]["params"]]
    assert len(names) == 12 + 2 + 2 * 18 + 2
    # every matrix is re-initialised Xavier-uniform: |w| <= sqrt(6 / (fan_in + fan_out))
    weight = net.decoder.layers[1].dense1.weight.asnumpy()
    assert np.abs(weight).max() <= np.sqrt(6 / (8 + 16)) + 1e-6


def test_decoder_copies_start_identical():
    dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, dim_feedforward=16), 3)
    first, third = dec.layers[0].dense1.weight.asnumpy(), dec.layers[2].dense1.weight.asnumpy()
    np.testing.assert_array_equal(first, third)
    assert dec.layers[0].dense1.weight.name != dec.layers[2].dense1.weight.name


def test_dropout2d_training_zeroes_whole_channels_with_scale():
    ms.set_seed(7)
    drop = nn.Dropout2d(p=0.25)
    drop.set_train()
    x = Tensor(np.ones((64, 32, 3, 5), np.float32))
    out = drop(x).asnumpy()
    per_channel = out.reshape(64, 32, -1)
    assert np.all(per_channel.min(axis=-1) == per_channel.max(axis=-1))  # a channel is kept or dropped whole
    values = np.unique(per_channel[..., 0])
    np.testing.assert_allclose(values, [0.0, 1 / 0.75], rtol=1e-6)
    dropped = np.mean(per_channel[..., 0] == 0)
    assert abs(dropped - 0.25) < 4 * np.sqrt(0.25 * 0.75 / (64 * 32))
    assert abs(out.mean() - 1.0) < 0.05


def test_dropout2d_gradient_follows_mask_and_eval_is_identity():
    drop = nn.Dropout2d(p=0.5)
    drop.set_train()
    x = Tensor(np.random.RandomState(0).standard_normal((4, 6, 2, 2)).astype(np.float32))
    grads = ms.grad(lambda t: drop(t).sum())(x).asnumpy()
    assert set(np.unique(grads)) <= {0.0, 2.0}
    drop.set_train(False)
    assert drop(x) is x


def test_dropout1d_training_channels_and_rank_checks():
    ms.set_seed(3)
    drop = nn.Dropout1d(p=0.5)
    drop.set_train()
    out = drop(Tensor(np.ones((40, 50, 6), np.float32))).asnumpy()
    assert np.all(out.min(axis=-1) == out.max(axis=-1))
    assert set(np.unique(out)) == {0.0, 2.0}
    assert drop(Tensor(np.ones((5, 6), np.float32))).shape == (5, 6)
    with pytest.raises(ValueError, match="2D or 3D"):
        drop(Tensor(np.ones((2, 3, 4, 5), np.float32)))
    with pytest.raises(ValueError, match="equal to 4"):
        nn.Dropout2d(0.5).set_train()(Tensor(np.ones((2, 3, 4), np.float32)))


def test_dropout_argument_checks():
    with pytest.raises(TypeError, match="should be 'float', but got type 'int'"):
        nn.Dropout2d(1)
    with pytest.raises(ValueError, match=r"range \[0, 1\]"):
        nn.Dropout1d(1.5)


def test_padding_argument_checks():
    with pytest.raises(ValueError, match="multiple of 2"):
        nn.ConstantPad2d((1, 2, 3), 0.0)
    with pytest.raises(ValueError, match="must equal to 2"):
        nn.ConstantPad1d((1, 2, 3, 4), 0.0)
    with pytest.raises(TypeError, match=r"must be in \[int, tuple\]"):
        nn.ConstantPad1d([1, 2], 0.0)
    with pytest.raises(TypeError, match="'value' must be in"):
        nn.ConstantPad1d(1, "a")
    with pytest.raises(ValueError, match="must be >= 0"):
        nn.ReflectionPad2d(-1)
    with pytest.raises(TypeError, match="integer or tuple"):
        nn.ReflectionPad2d([1])


def test_interpolate_function_and_argument_checks():
    x = Tensor(np.arange(24, dtype=np.float32).reshape(1, 2, 3, 4))
    np.testing.assert_array_equal(ops.interpolate(x, size=(3, 4), mode="bilinear").asnumpy(), x.asnumpy())
    assert ops.upsample(x, size=[6, 8]).shape == (1, 2, 6, 8)
    with pytest.raises(ValueError, match="cannot be set simultaneously"):
        ops.interpolate(x, size=(2, 2), scale_factor=2.0)
    with pytest.raises(ValueError, match="cannot be both empty"):
        ops.interpolate(x)
    with pytest.raises(ValueError, match="'mode' must be in"):
        ops.interpolate(x, size=(2, 2), mode="foo")
    with pytest.raises(ValueError, match="linear only support"):
        ops.interpolate(x, size=(2, 2), mode="linear")
    with pytest.raises(ValueError, match="same spatial dimensions"):
        ops.interpolate(x, size=(2,))
    with pytest.raises(ValueError, match=r"'size\[1\]' must be int and must > 0"):
        ops.interpolate(x, size=(5, 0))
    with pytest.raises(TypeError, match="'align_corners' must be a bool"):
        ops.interpolate(x, size=(2, 2), mode="bilinear", align_corners=1)
    with pytest.raises(ValueError, match="recompute_scale_factor"):
        ops.interpolate(x, size=(2, 2), recompute_scale_factor=True)
