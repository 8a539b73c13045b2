"""MultiheadAttention and the Transformer encoder against MindSpore 2.10 goldens."""
import inspect

import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops, Tensor
from tests.nn.test_norm_embed_rnn import case_names, golden, replay


@pytest.mark.parametrize("name", case_names("nn_recurrent", "MultiheadAttention", "TransformerEncoderLayer"))
def test_attention_golden(name):
    replay("nn_recurrent", name)


def test_encoder_with_final_norm_golden():
    net = replay("nn_recurrent", "encoder_2layers_norm", build=lambda: nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0), 2, norm=nn.LayerNorm((8,))))
    assert [path for path, _ in net.cells_and_names()][:3] == ["", "layers", "layers.0"]


STRUCTURE_BUILDS = [
    "nn.MultiheadAttention(8, 2)", "nn.MultiheadAttention(8, 2, kdim=5, vdim=6)",
    "nn.MultiheadAttention(8, 2, add_bias_kv=True, has_bias=False)", "nn.TransformerEncoderLayer(8, 2)",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), 2)",
]


@pytest.mark.parametrize("build", STRUCTURE_BUILDS)
def test_default_repr_and_parameter_table(build):
    entry = next(e for e in golden("nn_structure")[2]["default_reprs"] if e["build"] == build)
    net = eval(build, {"nn": nn})  # noqa: S307
    assert repr(net) == entry["repr"]
    table = [{"path": path, "name": p.name, "shape": list(p.shape), "dtype": str(p.dtype),
              "requires_grad": p.requires_grad} for path, p in net.parameters_and_names()]
    assert table == entry["params"]


@pytest.mark.parametrize("name", ["MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder"])
def test_signatures_match_mindspore(name):
    expected = golden("nn_structure")[2]["signatures"][name]["signature"]
    params = list(inspect.signature(getattr(nn, name).__init__).parameters.values())[1:]
    names_defaults = [(p.name, p.default) for p in params]
    expected_params = [part.split(":")[0].split("=")[0].strip() for part in expected.strip("()").split(", ")
                       if not part.strip().startswith(("mindspore.nn", "<built-in"))]
    assert [n for n, _ in names_defaults] == [n for n in expected_params if n and n[0].isalpha() and "]" not in n]
    defaults = dict(names_defaults)
    if name == "TransformerEncoderLayer":
        assert (defaults["dim_feedforward"], defaults["dropout"], defaults["activation"], defaults["layer_norm_eps"],
                defaults["batch_first"], defaults["norm_first"]) == (2048, 0.1, "relu", 1e-5, False, False)


def test_encoder_layers_start_identical():
    ms.set_seed(0)
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), 3)
    first, third = encoder.layers[0], encoder.layers[2]
    for (_, a), (_, b) in zip(first.parameters_and_names(), third.parameters_and_names()):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
        assert a is not b


def test_multihead_attention_default_init_statistics():
    ms.set_seed(0)
    net = nn.MultiheadAttention(256, 4, add_bias_kv=True)
    params = dict(net.parameters_and_names())
    w = params["in_proj_weight"].asnumpy()
    bound = (6 / (256 + 768)) ** 0.5
    assert np.abs(w).max() <= bound and w.max() > 0.99 * bound
    np.testing.assert_array_equal(params["in_proj_bias"].asnumpy(), 0)
    assert abs(params["bias_k"].asnumpy().std() - 0.0625) < 0.01
    out_w = params["out_proj.weight"].asnumpy()
    assert np.abs(out_w).max() <= 1 / 16 and np.abs(params["out_proj.bias"].asnumpy()).max() > 0


def test_unbatched_attention_matches_batched():
    ms.set_seed(1)
    net = nn.MultiheadAttention(8, 2)
    rng = np.random.RandomState(0)
    q, k = rng.standard_normal((3, 8)).astype(np.float32), rng.standard_normal((4, 8)).astype(np.float32)
    out, weights = net(Tensor(q), Tensor(k), Tensor(k))
    batched_out, batched_weights = net(Tensor(q[:, None]), Tensor(k[:, None]), Tensor(k[:, None]))
    np.testing.assert_allclose(out.asnumpy(), batched_out.asnumpy()[:, 0], rtol=1e-6)
    np.testing.assert_allclose(weights.asnumpy(), batched_weights.asnumpy()[0], rtol=1e-6)
    assert weights.shape == (3, 4)


def test_attention_dropout_only_in_training():
    ms.set_seed(2)
    net = nn.MultiheadAttention(8, 2, dropout=0.5)
    x = Tensor(np.random.RandomState(1).standard_normal((3, 2, 8)).astype(np.float32))
    weights = net(x, x, x, average_attn_weights=False)[1].asnumpy()
    np.testing.assert_allclose(weights.sum(-1), 1, rtol=1e-5)
    net.set_train()
    dropped = net(x, x, x, average_attn_weights=False)[1].asnumpy()
    assert (dropped == 0).any() and set(np.unique(np.round(dropped / np.where(weights, weights, 1), 4))) <= {0.0, 2.0}


def test_attention_errors():
    with pytest.raises(ValueError, match="'embed_dim' must be divisible by 'num_heads'"):
        nn.MultiheadAttention(8, 3)
    x = Tensor(np.ones((3, 2, 6), np.float32))
    with pytest.raises(ValueError, match=r"MultiheadAttention.*embed_dim=8.*\(3, 2, 6\)"):
        nn.MultiheadAttention(8, 2)(x, x, x)
    q = Tensor(np.ones((3, 2, 8), np.float32))
    with pytest.raises(ValueError, match=r"attn_mask.*\(3, 3\).*\(2, 2\)"):
        nn.MultiheadAttention(8, 2)(q, q, q, attn_mask=Tensor(np.zeros((2, 2), np.float32)))
    with pytest.raises(ValueError, match="only bool and floating types of key_padding_mask"):
        nn.MultiheadAttention(8, 2)(q, q, q, key_padding_mask=Tensor(np.zeros((2, 3), np.int32)))
    with pytest.raises(ValueError, match="The activation must be relu/gelu, but get foo"):
        nn.TransformerEncoderLayer(8, 2, activation="foo")


def test_encoder_layer_accepts_activation_cells_and_ops():
    ms.set_seed(3)
    src = Tensor(np.random.RandomState(2).standard_normal((4, 2, 8)).astype(np.float32))
    by_name = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation="gelu")
    by_op = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation=ops.gelu)
    for (_, a), (_, b) in zip(by_name.parameters_and_names(), by_op.parameters_and_names()):
        b.set_data(Tensor(a.asnumpy().copy()))
    np.testing.assert_allclose(by_name(src).asnumpy(), by_op(src).asnumpy(), rtol=1e-6)
    assert "(activation): ReLU()" in repr(nn.TransformerEncoderLayer(8, 2, activation=nn.ReLU()))
