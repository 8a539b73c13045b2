"""Random draws come from the backend's generators that set_seed seeds, with MindSpore's op-seed rules
(common/seed.py), and never from NumPy's global generator."""
import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn, ops

DRAWS = {
    "rand": lambda seed: ops.rand(2, 3, seed=seed),
    "randn": lambda seed: ops.randn((4,), seed=seed),
    "randint": lambda seed: ops.randint(0, 100, (5,), seed=seed),
    "uniform": lambda seed: ops.uniform((3,), Tensor(-1.0), Tensor(1.0), seed=seed),
    "normal": lambda seed: ops.normal((3,), Tensor(0.0), Tensor(2.0), seed=seed),
    "standard_normal": lambda seed: ops.standard_normal((3,), seed=seed),
    "dropout": lambda seed: ops.dropout(ops.ones((16,)), 0.5, seed=seed),
}


def _twice(draw, seed):
    return draw(seed).asnumpy(), draw(seed).asnumpy()


@pytest.mark.parametrize("name", sorted(DRAWS))
@pytest.mark.parametrize("seed", [None, 7])
def test_set_seed_repeats_the_sequence_and_calls_differ(name, seed):
    draw = DRAWS[name]
    ms.set_seed(11)
    first = _twice(draw, seed)
    ms.set_seed(11)
    np.random.rand(3)  # a user's NumPy draws change nothing of ours
    again = _twice(draw, seed)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], first[1]), "two calls drew the same values"
    ms.set_seed(12)
    assert not np.array_equal(draw(seed).asnumpy(), first[0]), "another global seed drew the same values"


def test_op_seed_streams_do_not_depend_on_other_draws():
    # As in MindSpore, an op with its own seed draws from (global seed, op seed, calls so far): other
    # random ops in between do not shift it.
    ms.set_seed(5)
    alone = ops.rand(4, seed=3).asnumpy()
    ms.set_seed(5)
    ops.randn(10)
    ops.rand(2, seed=9)
    np.testing.assert_array_equal(ops.rand(4, seed=3).asnumpy(), alone)


def test_dtypes_and_shapes():
    ms.set_seed(0)
    assert ops.rand(2, 3).dtype == ms.float32 and ops.rand(2, 3).shape == (2, 3)
    assert ops.rand((2, 3), dtype=ms.float64).dtype == ms.float64
    assert ops.randint(0, 5, (4,)).dtype == ms.int64 and ops.randint(0, 5, (4,), dtype=ms.int32).dtype == ms.int32
    values = ops.randint(3, 5, (200,)).asnumpy()
    assert set(values.tolist()) == {3, 4}
    assert ops.standard_normal((2, 2)).dtype == ms.float32


def test_bad_op_seed_names_the_op():
    with pytest.raises(ValueError, match="For 'rand', the 'seed' must be a non-negative int, but got -1"):
        ops.rand(2, seed=-1)
    with pytest.raises(ValueError, match="For 'uniform', the 'seed' must be a non-negative int, but got 1.5"):
        ops.uniform((2,), Tensor(0.0), Tensor(1.0), seed=1.5)


def test_randperm_is_fixed_by_seed_and_offset():
    first = ops.randperm(8, seed=3).asnumpy()
    np.testing.assert_array_equal(ops.randperm(8, seed=3).asnumpy(), first)
    assert sorted(first.tolist()) == list(range(8))
    assert not np.array_equal(ops.randperm(8, seed=3, offset=1).asnumpy(), first)
    np.testing.assert_array_equal(ops.randperm(8).asnumpy(), ops.randperm(8, seed=0, offset=0).asnumpy())
    ms.set_seed(1)
    drawn = ops.randperm(8, seed=-1).asnumpy()
    ms.set_seed(1)
    np.testing.assert_array_equal(ops.randperm(8, seed=-1).asnumpy(), drawn)
    with pytest.raises(TypeError, match="For 'randperm', the 'seed' must be an int"):
        ops.randperm(8, seed=1.0)


def test_dropout_primitive_seeds_its_own_generator():
    x = ops.ones((64,))
    a, b = ops.Dropout(0.5, 3, 4), ops.Dropout(0.5, 3, 4)
    first_a, first_b = a(x)[1].asnumpy(), b(x)[1].asnumpy()
    np.testing.assert_array_equal(first_a, first_b)
    assert not np.array_equal(a(x)[1].asnumpy(), first_a)
    out, mask = ops.Dropout(0.5)(x)
    np.testing.assert_array_equal(out.asnumpy(), mask.asnumpy() * 2)
    with pytest.raises(TypeError, match="For 'Dropout', the type of 'Seed0' should be 'int'"):
        ops.Dropout(0.5, 1.5)


def test_dropout_layers_repeat_under_set_seed():
    inputs = [ops.ones((4, 8, 3)), ops.ones((4, 8, 3)), ops.ones((4, 8, 3, 2))]
    layers = [nn.Dropout(p=0.5), nn.Dropout1d(0.5), nn.Dropout2d(0.5)]
    masks = []
    for _ in range(2):
        ms.set_seed(21)
        np.random.seed(99)
        masks.append([layer.set_train(True)(x).asnumpy() for layer, x in zip(layers, inputs)])
    for first, again in zip(*masks):
        np.testing.assert_array_equal(first, again)
        assert 0 < (first == 0).mean() < 1
