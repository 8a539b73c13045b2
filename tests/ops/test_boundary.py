"""The ops namespace's Tensor-argument checks (ops/function/_boundary.py): same signature, same defaults,
same results, and a TypeError naming the op for a non-Tensor where MindSpore documents a Tensor."""
import inspect

import numpy as np
import pytest

from minispore import ops, Tensor
from minispore.ops.function import _boundary
from minispore.ops.function import array_func, math_func


def _plain(a, b=1, /, c=None, *rest, d, e=None, **more):
    return a, b, c, rest, d, e, more


def test_a_wrapper_keeps_every_kind_of_parameter_and_its_defaults(monkeypatch):
    monkeypatch.setitem(_boundary.TENSOR_PARAMS, "_plain", {"a": "tensor", "c": "tensor", "rest": "tensor",
                                                           "e": "tensor"})
    wrapped = _boundary.checked("_plain", _plain)
    assert wrapped is not _plain and wrapped.__wrapped__ is _plain
    assert inspect.signature(wrapped) == inspect.signature(_plain)
    t = Tensor(1.0)
    assert wrapped(t, d=3) == (t, 1, None, (), 3, None, {})
    assert wrapped(t, 2, t, t, d=3, e=t, f=4) == (t, 2, t, (t,), 3, t, {"f": 4})
    with pytest.raises(TypeError, match=r"For '_plain', the 'a' must be a Tensor, but got int"):
        wrapped(1, d=3)
    with pytest.raises(TypeError, match="For '_plain', every element of 'rest' must be a Tensor"):
        wrapped(t, 2, None, 5, d=3)
    assert wrapped(t, 2, None, d=3)[2] is None  # a default of None takes None


def test_defaults_are_the_functions_own_objects():
    assert ops.sort.__defaults__ == array_func.sort.__defaults__
    assert ops.sort.__wrapped__ is array_func.sort


@pytest.mark.parametrize("call, op", [
    (lambda: ops.exp([1.0]), "exp"), (lambda: ops.sort(np.ones(3)), "sort"),
    (lambda: ops.zeros_like([1, 2]), "zeros_like"),
    (lambda: ops.einsum("i,i->", Tensor(np.ones(2, np.float32)), [1.0, 2.0]), "einsum"),
])
def test_non_tensors_are_refused_naming_the_op(call, op):
    with pytest.raises(TypeError, match=f"For '{op}'"):
        call()


def test_results_are_the_functions_results():
    x = Tensor(np.array([[3.0, 1.0], [0.5, 2.0]], np.float32))
    np.testing.assert_array_equal(ops.exp(x).asnumpy(), math_func.exp(x).asnumpy())
    np.testing.assert_array_equal(ops.sort(x, axis=0, descending=True)[0].asnumpy(),
                                  array_func.sort(x, 0, True)[0].asnumpy())
