"""The public gradient checker: it passes for real networks and catches a wrong rule."""
import numpy as np
import pytest

from minispore import nn, ops, Tensor
from minispore.nn import Cell
from minispore.tools.gradcheck import check_cell_gradients


def test_checks_a_small_network_inputs_and_parameters():
    net = nn.SequentialCell(nn.Dense(4, 5), nn.Tanh(), nn.Dense(5, 3))
    before = [p.asnumpy().copy() for p in net.trainable_params()]
    results = check_cell_gradients(net, Tensor(np.random.rand(2, 4).astype(np.float32)))
    assert set(results) == {"input 0", "0.weight", "0.bias", "2.weight", "2.bias"}
    assert all(p.dtype == np.float32 and np.array_equal(p, b) for p, b in
               zip((q.asnumpy() for q in net.trainable_params()), before))


def test_checks_a_convolution():
    net = nn.SequentialCell(nn.Conv2d(2, 3, 3, pad_mode="pad", padding=1, has_bias=True), nn.ReLU(),
                            nn.AvgPool2d(2, 2))
    check_cell_gradients(net, Tensor(np.random.rand(1, 2, 6, 6).astype(np.float32)))


def test_finds_a_wrong_custom_bprop():
    class WrongSquare(Cell):
        def construct(self, x):
            return x * x

        def bprop(self, x, out, dout):
            return (dout * x,)  # the true gradient is 2 * x * dout

    with pytest.raises(AssertionError, match="gradient of input 0"):
        check_cell_gradients(WrongSquare(), Tensor(np.array([0.5, 1.5, -2.0], np.float32)))


def test_show_graph_lists_the_recorded_ops_and_gradients():
    from minispore import Parameter
    from minispore.tools import show_graph
    x = ops.ones(5)
    w = Parameter(Tensor(np.ones((5, 3), np.float32)), name="w")
    b = Parameter(Tensor(np.zeros(3, np.float32)), name="b")
    text = show_graph(lambda x, w, b: (ops.matmul(x, w) + b).sum(), x, w, b, grad_position=(1, 2))
    assert text.splitlines() == [
        "forward: 3 operation(s) recorded",
        "  #1 matmul(const(5,), arg1 (w)) -> (3,)",
        "  #2 add(#1, arg2 (b)) -> (3,)",
        "  #3 sum(#2) -> ()",
        "backward: rules run from #3 back to #1, seeded with ones",
        "  d(output)/d(arg1 (w)): shape (5, 3), dtype Float32",
        "  d(output)/d(arg2 (b)): shape (3,), dtype Float32",
    ]
