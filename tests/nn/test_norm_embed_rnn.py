"""BatchNorm, LayerNorm, GroupNorm, Embedding and the recurrent layers against MindSpore 2.10 goldens."""
import functools
import json
import pathlib

import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops, Tensor

GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "golden"


@functools.lru_cache(maxsize=None)
def golden(group):
    """(cases by name, arrays) of one golden group."""
    meta = json.loads((GOLDEN / f"{group}.json").read_text())
    with np.load(GOLDEN / f"{group}.npz") as data:
        arrays = {k: data[k] for k in data.files}
    return {c["case"]: c for c in meta["cases"]}, arrays, meta


def case_names(group, *layers):
    cases = golden(group)[0]
    return [name for name, c in cases.items() if c["layer"] in layers and "error" not in c]


def _kwargs(entry):
    kwargs = dict(entry["kwargs"])
    if "normalized_shape" in kwargs:
        kwargs["normalized_shape"] = tuple(kwargs["normalized_shape"])
    return kwargs


def _leaves(out, prefix=""):
    if isinstance(out, (tuple, list)):
        leaves = []
        for i, item in enumerate(out):
            leaves += _leaves(item, f"{prefix}{i}.")
        return leaves
    return [(prefix[:-1] if prefix else "0", out)]


def replay(group, name, build=None, rtol=1e-4, atol=1e-5):
    """Rebuild a golden case, set its weights, and check outputs, moving stats and gradients."""
    cases, arrays, _ = golden(group)
    entry = cases[name]
    net = build() if build else getattr(nn, entry["layer"])(**_kwargs(entry))
    net.set_train(entry["train"])
    params = dict(net.parameters_and_names())
    assert [p["path"] for p in entry["params"]] == list(params)
    assert [(p["name"], tuple(p["shape"]), p["requires_grad"]) for p in entry["params"]] == \
        [(p.name, p.shape, p.requires_grad) for p in params.values()]
    assert repr(net) == entry["repr"]
    for path, p in params.items():
        p.set_data(Tensor(arrays[f"{name}/param/{path}"].copy()))
    names = entry["inputs"]
    tensors = [Tensor(arrays[f"{name}/in/{n}"]) for n in names]

    def call(*xs):
        return eval(entry["call"], {"net": net, "None": None}, dict(zip(names, xs)))  # noqa: S307

    out = _leaves(call(*tensors))
    assert [n for n, _ in out] == [k.split("/")[-1] for k in arrays if k.startswith(f"{name}/out/")]
    for leaf, t in out:
        np.testing.assert_allclose(t.asnumpy(), arrays[f"{name}/out/{leaf}"], rtol=rtol, atol=atol,
                                   err_msg=f"{name} output {leaf}")
        assert str(t.dtype) == entry["out_dtypes"][leaf]
    for path in entry.get("state", ()):
        np.testing.assert_allclose(params[path].asnumpy(), arrays[f"{name}/state/{path}"], rtol=rtol, atol=atol,
                                   err_msg=f"{name} state {path}")
    douts = {leaf: Tensor(arrays[f"{name}/dout/{leaf}"]) for leaf, _ in out if f"{name}/dout/{leaf}" in arrays}

    def objective(*xs):
        total = None
        for leaf, t in _leaves(call(*xs)):
            if leaf in douts:
                term = (t * douts[leaf]).sum()
                total = term if total is None else total + term
        return total

    positions = tuple(names.index(n) for n in entry["grad_inputs"])
    weights = net.trainable_params()
    _, grads = ms.value_and_grad(objective, grad_position=positions or None, weights=weights)(*tensors)
    if positions:
        input_grads, weight_grads = grads
        input_grads = input_grads if len(positions) > 1 else (input_grads,)
    else:
        input_grads, weight_grads = (), grads
    paths = {id(p): path for path, p in params.items()}
    found = dict(zip(entry["grad_inputs"], input_grads))
    found.update((paths[id(p)], g) for p, g in zip(weights, weight_grads))
    expected = {k.split("/", 2)[2]: v for k, v in arrays.items() if k.startswith(f"{name}/grad/")}
    assert sorted(found) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(found[key].asnumpy(), value, rtol=rtol, atol=atol, err_msg=f"{name} grad {key}")
    return net


@pytest.mark.parametrize("name", case_names("nn_layers", "BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm",
                                            "Embedding"))
def test_norm_and_embedding_golden(name):
    replay("nn_layers", name)


@pytest.mark.parametrize("name", case_names("nn_recurrent", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"))
def test_recurrent_golden(name):
    replay("nn_recurrent", name)


def _structure(build):
    for entry in golden("nn_structure")[2]["default_reprs"]:
        if entry["build"] == build:
            return entry
    raise KeyError(build)


STRUCTURE_BUILDS = [
    "nn.BatchNorm1d(4)", "nn.BatchNorm2d(4)", "nn.BatchNorm2d(4, momentum=0.1)", "nn.BatchNorm2d(4, affine=False)",
    "nn.LayerNorm((4,))", "nn.GroupNorm(2, 4)", "nn.Embedding(10, 4)", "nn.Embedding(10, 4, padding_idx=0)",
    "nn.RNN(3, 5)", "nn.RNN(3, 5, num_layers=2, bidirectional=True)", "nn.LSTM(3, 5)",
    "nn.LSTM(3, 5, num_layers=2, bidirectional=True, has_bias=False)", "nn.GRU(3, 5)",
    "nn.GRU(3, 5, num_layers=2, bidirectional=True)", "nn.RNNCell(3, 5)", "nn.LSTMCell(3, 5)", "nn.GRUCell(3, 5)",
]


@pytest.mark.parametrize("build", STRUCTURE_BUILDS)
def test_default_repr_and_parameter_table(build):
    entry = _structure(build)
    net = eval(build, {"nn": nn})  # noqa: S307
    assert repr(net) == entry["repr"]
    table = [{"path": path, "name": p.name, "shape": list(p.shape), "dtype": str(p.dtype),
              "requires_grad": p.requires_grad} for path, p in net.parameters_and_names()]
    assert table == entry["params"]


def test_signatures_match_mindspore():
    import inspect
    signatures = golden("nn_structure")[2]["signatures"]
    for name in ("BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm", "Embedding"):
        params = list(inspect.signature(getattr(nn, name).__init__).parameters.values())[1:]
        text = str(inspect.Signature(params)).replace("Float32", "mindspore.float32")
        assert text == signatures[name]["signature"], name
    for name in ("RNN", "LSTM", "GRU"):
        params = list(inspect.signature(getattr(nn, name).__init__).parameters)[1:]
        assert params[:8] == ["input_size", "hidden_size", "num_layers", "has_bias", "batch_first", "dropout",
                              "bidirectional", "dtype"]


# --- BatchNorm -----------------------------------------------------------------------------------

def test_batchnorm_spec_probe_train_step():
    x = Tensor(np.array([[[[1, 3]], [[2, 2]]], [[[5, 7]], [[6, 10]]]], np.float32))
    bn = nn.BatchNorm2d(2)
    assert bn.training is False
    bn.set_train()
    bn(x)
    np.testing.assert_allclose(bn.moving_mean.asnumpy(), [0.4, 0.5], rtol=1e-6)
    np.testing.assert_allclose(bn.moving_variance.asnumpy(), [1.5666666, 2.3666668], rtol=1e-6)
    slow = nn.BatchNorm2d(2, momentum=0.1).set_train()
    slow(x)
    np.testing.assert_allclose(slow.moving_mean.asnumpy(), [3.6, 4.5], rtol=1e-6)


def test_batchnorm_eval_uses_moving_stats_and_leaves_them():
    x = Tensor(np.random.RandomState(0).standard_normal((4, 3)).astype(np.float32))
    bn = nn.BatchNorm1d(3)
    out = bn(x)
    np.testing.assert_allclose(out.asnumpy(), x.asnumpy() / np.sqrt(1 + 1e-5), rtol=1e-6)
    np.testing.assert_array_equal(bn.moving_mean.asnumpy(), np.zeros(3, np.float32))
    assert [p.name for p in bn.trainable_params()] == ["gamma", "beta"]


def test_batchnorm_use_batch_statistics_false_in_training():
    x = Tensor(np.random.RandomState(1).standard_normal((4, 3)).astype(np.float32))
    bn = nn.BatchNorm1d(3, use_batch_statistics=False).set_train()
    np.testing.assert_allclose(bn(x).asnumpy(), x.asnumpy() / np.sqrt(1 + 1e-5), rtol=1e-6)
    np.testing.assert_array_equal(bn.moving_variance.asnumpy(), np.ones(3, np.float32))


def test_batchnorm_nested_names():
    seq = nn.SequentialCell([nn.Dense(3, 4), nn.BatchNorm1d(4)])
    assert [p.name for p in seq.get_parameters()] == ["0.weight", "0.bias", "1.moving_mean", "1.moving_variance",
                                                      "1.gamma", "1.beta"]


def test_batchnorm_errors_name_cell_and_shapes():
    with pytest.raises(ValueError, match=r"BatchNorm1d.*num_features=3.*\(4, 2\)"):
        nn.BatchNorm1d(3)(Tensor(np.ones((4, 2), np.float32)))
    with pytest.raises(ValueError, match=r"For 'BatchNorm2d', the in_shape must have 4 dims, but got 3"):
        nn.BatchNorm2d(2)(Tensor(np.ones((4, 2, 2), np.float32)))
    with pytest.raises(ValueError, match=r"'momentum' must be a number in range \[0, 1\], but got 1.5"):
        nn.BatchNorm2d(2, momentum=1.5)
    with pytest.raises(ValueError, match="'num_features' must be at least 1, but got 0"):
        nn.BatchNorm2d(0)


def test_ops_batch_norm_momentum_is_weight_of_batch():
    rm, rv = ms.Parameter(Tensor(np.zeros(2, np.float32)), "rm"), ms.Parameter(Tensor(np.ones(2, np.float32)), "rv")
    x = Tensor(np.arange(8, dtype=np.float32).reshape(4, 2))
    out = ops.batch_norm(x, rm, rv, Tensor(np.ones(2, np.float32)), Tensor(np.zeros(2, np.float32)), training=True,
                         momentum=0.1)
    np.testing.assert_allclose(rm.asnumpy(), [0.3, 0.4], rtol=1e-6)
    np.testing.assert_allclose(rv.asnumpy(), [1.5666666, 1.5666666], rtol=1e-6)
    np.testing.assert_allclose(out.asnumpy()[:, 0], [-1.3416395, -0.44721317, 0.44721317, 1.3416395], rtol=1e-5)


# --- LayerNorm / GroupNorm ------------------------------------------------------------------------

def test_layernorm_spec_value_and_epsilon():
    ln = nn.LayerNorm((3,))
    assert ln.epsilon == 1e-7
    np.testing.assert_allclose(ln(Tensor(np.array([[1, 2, 6]], np.float32))).asnumpy(),
                               [[-0.92582, -0.46291, 1.38873]], rtol=1e-5)


def test_layernorm_errors():
    with pytest.raises(TypeError, match=r"'normalized_shape' must be tuple\[int\] or list\[int\], but got 4"):
        nn.LayerNorm(4)
    with pytest.raises(ValueError, match=r"gamma or beta shape must match input shape, but got input shape: \(2, 4\)"):
        nn.LayerNorm((5,))(Tensor(np.ones((2, 4), np.float32)))
    error = golden("nn_layers")[0]["layernorm_last2"]["error"]
    with pytest.raises(RuntimeError) as info:
        nn.LayerNorm((3, 4), begin_norm_axis=-2, begin_params_axis=-2)(Tensor(np.ones((2, 3, 4), np.float32)))
    assert str(info.value) == error["message"]


def test_groupnorm_errors():
    with pytest.raises(ValueError, match="'num_channels' must be divided by 'num_groups', but got 'num_channels': 4"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError, match=r"GroupNorm.*num_channels=4.*\(2, 6, 3, 3\)"):
        nn.GroupNorm(2, 4)(Tensor(np.ones((2, 6, 3, 3), np.float32)))


def test_functional_layer_and_group_norm_match_numpy():
    x = np.random.RandomState(2).standard_normal((2, 4, 3)).astype(np.float32)
    expected = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(ops.layer_norm(Tensor(x), (3,)).asnumpy(), expected, rtol=1e-5, atol=1e-6)
    g = x.reshape(2, 2, 6)
    grouped = ((g - g.mean(-1, keepdims=True)) / np.sqrt(g.var(-1, keepdims=True) + 1e-5)).reshape(x.shape)
    np.testing.assert_allclose(ops.group_norm(Tensor(x), 2).asnumpy(), grouped, rtol=1e-5, atol=1e-6)


# --- Embedding ------------------------------------------------------------------------------------

def test_embedding_default_init_statistics_and_padding_row():
    ms.set_seed(1)
    table = nn.Embedding(1000, 100).embedding_table.asnumpy()
    assert abs(table.mean()) < 5e-4 and abs(table.std() - 0.01) < 2e-4
    np.testing.assert_array_equal(nn.Embedding(10, 4, padding_idx=3).embedding_table.asnumpy()[3], 0)


def test_embedding_errors():
    emb = nn.Embedding(5, 3)
    with pytest.raises(ValueError, match=r"should be in the range \[0, 5\), but got 7"):
        emb(Tensor(np.array([1, 7], np.int32)))
    with pytest.raises(TypeError, match="Embedding"):
        emb(Tensor(np.array([1.0, 2.0], np.float32)))
    with pytest.raises(ValueError, match=r"'padding_idx' must be in range of \[0, 5\), but got 5 with type 'int'"):
        nn.Embedding(5, 3, padding_idx=5)


def test_embedding_one_hot_out_of_range_gives_zero_row():
    emb = nn.Embedding(5, 3, use_one_hot=True)
    out = emb(Tensor(np.array([1, 7], np.int32))).asnumpy()
    np.testing.assert_array_equal(out[1], 0)
    np.testing.assert_allclose(out[0], emb.embedding_table.asnumpy()[1])


def test_ops_embedding_padding_idx_gets_no_gradient():
    table = Tensor(np.arange(12, dtype=np.float32).reshape(4, 3))
    ids = Tensor(np.array([0, 2, 0], np.int32))
    out = ops.embedding(ids, table, padding_idx=0)
    np.testing.assert_array_equal(out.asnumpy(), table.asnumpy()[[0, 2, 0]])
    grad = ms.grad(lambda t: ops.embedding(ids, t, padding_idx=0).sum())(table).asnumpy()
    np.testing.assert_array_equal(grad, [[0, 0, 0], [0, 0, 0], [1, 1, 1], [0, 0, 0]])


# --- Recurrent ------------------------------------------------------------------------------------

def test_recurrent_default_init_is_uniform_over_inverse_sqrt_hidden():
    ms.set_seed(0)
    for net in (nn.RNN(10, 400), nn.GRUCell(10, 400), nn.LSTM(10, 400, bidirectional=True)):
        for _, p in net.parameters_and_names():
            values = p.asnumpy()
            assert np.abs(values).max() <= 0.05 and values.max() > 0.0495 and abs(values.std() - 0.05 / 3 ** 0.5) < 2e-3


def test_rnn_seq_length_zeroes_padding_and_keeps_last_state():
    ms.set_seed(3)
    net = nn.GRU(3, 5, bidirectional=True)
    x = np.random.RandomState(4).standard_normal((4, 2, 3)).astype(np.float32)
    out, h = net(Tensor(x), None, Tensor(np.array([4, 2], np.int32)))
    short_out, short_h = net(Tensor(x[:2, 1:2]))
    np.testing.assert_array_equal(out.asnumpy()[2:, 1], 0)
    np.testing.assert_allclose(out.asnumpy()[:2, 1:2], short_out.asnumpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h.asnumpy()[:, 1:2], short_h.asnumpy(), rtol=1e-5, atol=1e-6)


def test_rnn_dropout_only_between_layers_in_training():
    ms.set_seed(5)
    net = nn.LSTM(3, 4, num_layers=2, dropout=0.5)
    x = Tensor(np.ones((3, 2, 3), np.float32))
    eval_a, eval_b = net(x)[0].asnumpy(), net(x)[0].asnumpy()
    np.testing.assert_array_equal(eval_a, eval_b)
    net.set_train()
    assert not np.allclose(net(x)[0].asnumpy(), eval_a)


def test_recurrent_errors():
    with pytest.raises(ValueError, match=r"'LSTM'.*input_size=3.*\(4, 2, 4\)"):
        nn.LSTM(3, 5)(Tensor(np.ones((4, 2, 4), np.float32)))
    with pytest.raises(ValueError, match=r"'GRU'.*\(2, 2, 5\)"):
        nn.GRU(3, 5)(Tensor(np.ones((4, 2, 3), np.float32)), Tensor(np.ones((2, 2, 5), np.float32)))
    with pytest.raises(ValueError, match=r"'RNNCell'.*input_size=3.*\(2, 4\)"):
        nn.RNNCell(3, 5)(Tensor(np.ones((2, 4), np.float32)), Tensor(np.ones((2, 5), np.float32)))
    with pytest.raises(ValueError, match=r"'nonlinearity' must be in \['tanh', 'relu'\], but got sigmoid"):
        nn.RNN(3, 5, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match=r"'dropout' must be a number in range \[0, 1\)"):
        nn.RNN(3, 5, dropout=1.0)
