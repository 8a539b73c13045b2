"""Initializers and Dense's default initialisation against MindSpore 2.10 statistics (tests/golden/init.json).

Samples are random, so each check allows for sampling error: the mean within 6 standard errors,
the std within 3 % (more for small samples), and bounded distributions' min/max within 1 % of the bound (never beyond it).
"""
import json
import math
import pathlib

import numpy as np
import pytest

import minispore as ms
from minispore import nn
from minispore.common import initializer as init

GOLDEN = json.loads((pathlib.Path(__file__).resolve().parents[1] / "golden" / "init.json").read_text())

BUILD = {
    "Normal()": lambda: init.Normal(),
    "Normal(sigma=0.5, mean=1.0)": lambda: init.Normal(sigma=0.5, mean=1.0),
    "Uniform()": lambda: init.Uniform(),
    "Uniform(scale=2.0)": lambda: init.Uniform(scale=2.0),
    "TruncatedNormal()": lambda: init.TruncatedNormal(),
    "TruncatedNormal(sigma=1.0)": lambda: init.TruncatedNormal(sigma=1.0),
    "TruncatedNormal(sigma=1.0, mean=0.5, a=-1.0, b=1.0)":
        lambda: init.TruncatedNormal(sigma=1.0, mean=0.5, a=-1.0, b=1.0),
    "XavierUniform()": lambda: init.XavierUniform(),
    "XavierUniform(gain=2)": lambda: init.XavierUniform(gain=2),
    "XavierNormal()": lambda: init.XavierNormal(),
    "HeUniform()": lambda: init.HeUniform(),
    "HeUniform(negative_slope=sqrt(5))": lambda: init.HeUniform(negative_slope=math.sqrt(5)),
    "HeUniform(mode='fan_out')": lambda: init.HeUniform(mode="fan_out"),
    "HeUniform(nonlinearity='relu')": lambda: init.HeUniform(nonlinearity="relu"),
    "HeNormal()": lambda: init.HeNormal(),
    "HeNormal(mode='fan_out')": lambda: init.HeNormal(mode="fan_out"),
    "HeUniform() conv": lambda: init.HeUniform(),
    "HeUniform(negative_slope=sqrt(5)) conv": lambda: init.HeUniform(negative_slope=math.sqrt(5)),
    "XavierUniform() conv": lambda: init.XavierUniform(),
    "Zero()": lambda: init.Zero(),
    "One()": lambda: init.One(),
    "Constant(3)": lambda: init.Constant(3),
    "Orthogonal()": lambda: init.Orthogonal(),
    "Identity()": lambda: init.Identity(),
    "Dirac() conv": lambda: init.Dirac(),
    "'normal'": lambda: "normal",
    "'uniform'": lambda: "uniform",
    "'truncatedNormal'": lambda: "truncatedNormal",
    "'xavier_uniform'": lambda: "xavier_uniform",
    "'xavier_normal'": lambda: "xavier_normal",
    "'he_uniform'": lambda: "he_uniform",
    "'he_normal'": lambda: "he_normal",
    "'zeros'": lambda: "zeros",
    "'ones'": lambda: "ones",
    "'orthogonal'": lambda: "orthogonal",
    "'identity'": lambda: "identity",
    "2.5": lambda: 2.5,
}
# Distributions with hard bounds: their sample min/max sit at the bound.
BOUNDED = ("Uniform", "uniform", "XavierUniform", "xavier_uniform", "HeUniform", "he_uniform", "TruncatedNormal(sigma=1.0",
           "Zero", "One", "Constant", "Identity", "identity", "Dirac", "zeros", "ones", "2.5")


def check_stats(values, expected, label, bounded):
    values = np.asarray(values, dtype=np.float64)
    assert list(values.shape) == expected["shape"], label
    sem = max(expected["std"], 1e-12) / math.sqrt(values.size)
    assert abs(values.mean() - expected["mean"]) <= 6 * sem + 1e-7, (label, values.mean(), expected["mean"])
    # the sample std's relative error is about 1/sqrt(2n): allow 4 of those, at least 3 %
    assert values.std() == pytest.approx(expected["std"], rel=max(0.03, 4 / math.sqrt(2 * values.size)),
                                         abs=1e-7), label
    if bounded:
        span = max(abs(expected["min"]), abs(expected["max"]), 1e-12)
        assert values.min() == pytest.approx(expected["min"], abs=0.01 * span), label
        assert values.max() == pytest.approx(expected["max"], abs=0.01 * span), label
    else:  # a normal's extremes are random; they stay within a few sigma of the mean
        assert abs(values.max() - values.mean()) < 6 * expected["std"] + 1e-7, label


def test_every_golden_initializer_has_a_recipe():
    assert set(GOLDEN["initializers"]) == set(BUILD)


@pytest.mark.parametrize("label", sorted(BUILD))
def test_initializer_statistics_match_mindspore(label):
    expected = GOLDEN["initializers"][label]
    ms.set_seed(1)
    tensor = init.initializer(BUILD[label](), tuple(expected["shape"]), ms.float32)
    values = tensor.asnumpy()
    assert values.dtype == np.float32
    check_stats(values, expected, label, label.startswith(BOUNDED) or label.strip("'").startswith(BOUNDED))


@pytest.mark.parametrize("layer", sorted(GOLDEN["layers"]))
def test_dense_default_initialisation_matches_mindspore(layer):
    ms.set_seed(2)
    fan_in, fan_out = (int(v) for v in layer[len("Dense("):-1].split(","))
    cell = nn.Dense(fan_in, fan_out)
    for path, param in cell.parameters_and_names():
        check_stats(param.asnumpy(), GOLDEN["layers"][layer][path], f"{layer}.{path}", bounded=False)
        bound = 1 / math.sqrt(fan_in)
        assert np.abs(param.asnumpy()).max() <= bound + 1e-7


@pytest.mark.parametrize("label", sorted(GOLDEN["errors"]))
def test_initializer_errors(label):
    expected = GOLDEN["errors"][label]
    calls = {"'constant'": lambda: init.initializer("constant", (4, 3)),
             "Dirac() on 2-d": lambda: init.initializer(init.Dirac(), (4, 3)).asnumpy(),
             "'nonexistent'": lambda: init.initializer("nonexistent", (4, 3))}
    with pytest.raises(ValueError) as info:
        calls[label]()
    if label != "Dirac() on 2-d":
        assert str(info.value) == expected["message"]


def test_same_seed_same_values():
    """spec §4: identical seeds give identical initial weights."""
    ms.set_seed(0)
    first = init.initializer(init.Normal(0.01), (4,)).asnumpy()
    ms.set_seed(0)
    np.testing.assert_array_equal(first, init.initializer(init.Normal(0.01), (4,)).asnumpy())
    ms.set_seed(1)
    assert not np.array_equal(first, init.initializer(init.Normal(0.01), (4,)).asnumpy())


def test_user_numpy_draws_do_not_change_initial_weights():
    # MindSpore's initialisers draw from NumPy's global generator; minispore's from the backend's
    # (docs/differences.md): a user's np.random calls between set_seed and building a net change nothing.
    ms.set_seed(123)
    dense = nn.Dense(3, 2)
    expected = dense.weight.asnumpy(), dense.bias.asnumpy()
    ms.set_seed(123)
    np.random.rand(10)
    np.random.seed(7)
    np.random.normal(size=(3, 2))
    dense = nn.Dense(3, 2)
    np.testing.assert_array_equal(dense.weight.asnumpy(), expected[0])
    np.testing.assert_array_equal(dense.bias.asnumpy(), expected[1])
    # set_seed still seeds NumPy's global generator, as MindSpore's does (spec §4).
    ms.set_seed(0)
    np.testing.assert_allclose(np.random.rand(2), [0.5488135, 0.71518937], rtol=1e-7)


def test_tensor_init_is_returned_and_number_fills():
    t = ms.Tensor(np.arange(3, dtype=np.float32))
    assert init.initializer(t, (3,)) is t
    np.testing.assert_array_equal(init.initializer(2.5, (2,)).asnumpy(), [2.5, 2.5])
