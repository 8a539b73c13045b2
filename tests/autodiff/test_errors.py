"""Bad input to the core gets an error naming the op or API, the argument, expected and received."""
import numpy as np
import pytest

import minispore as ms
from minispore import ops, Parameter, Tensor


def test_matmul_inner_dimension_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"For 'matmul'.*\(2, 3\).*\(4, 5\)"):
        ops.matmul(Tensor(np.ones((2, 3), np.float32)), Tensor(np.ones((4, 5), np.float32)))


def test_broadcast_failure_names_the_op_and_shapes():
    with pytest.raises(ValueError, match=r"For 'add'.*\(2,3\) \(4,\)"):
        Tensor(np.ones((2, 3), np.float32)) + Tensor(np.ones(4, np.float32))


@pytest.mark.parametrize("position,error,pattern", [
    (-1, ValueError, "grad_position must be >= 0"),
    ((0, 0), ValueError, "duplicate positions"),
    (1.5, TypeError, "must be int or tuple, but got float"),
    ([0], TypeError, "must be int or tuple, but got list"),
])
def test_bad_grad_position_raises_at_creation(position, error, pattern):
    with pytest.raises(error, match=pattern):
        ms.grad(lambda x: x.sum(), position)


def test_grad_position_out_of_range_raises_at_call():
    grad_fn = ms.grad(lambda x: x.sum(), 3)
    with pytest.raises(RuntimeError, match="grad_position 3 is out of range.*1 input"):
        grad_fn(Tensor([1.0, 2.0]))


@pytest.mark.parametrize("weights,pattern", [
    ([1, 2], "one element is a int"),
    ("w", "but got str"),
    ({"w": 1}, "but got dict"),
])
def test_weights_that_are_not_parameters(weights, pattern):
    with pytest.raises(TypeError, match=pattern):
        ms.grad(lambda x: x.sum(), None, weights=weights)


def test_integer_input_gradient_is_refused_before_running_fn():
    calls = []

    def fn(x):
        calls.append(x)
        return (x * x).sum()

    with pytest.raises(TypeError, match="an Int64 Tensor; gradients are defined for floating-point inputs"):
        ms.grad(fn)(Tensor([1, 2]))
    assert calls == []


def test_integer_parameter_in_weights_is_refused():
    w = Parameter(Tensor(np.array([1, 2], np.int32)), name="w")
    with pytest.raises(TypeError, match="weight w is an Int32 Tensor"):
        ms.grad(lambda x: (x * w).sum(), None, weights=[w])(Tensor([1.0, 2.0]))


@pytest.mark.parametrize("result", [None, 3.0, "loss"])
def test_function_returning_no_tensor(result):
    with pytest.raises(TypeError, match="holds no Tensor to differentiate"):
        ms.grad(lambda x: result)(Tensor([1.0]))


def test_has_aux_needs_a_tuple():
    with pytest.raises(ValueError, match="When has_aux is True"):
        ms.grad(lambda x: x.sum(), has_aux=True)(Tensor([1.0]))
