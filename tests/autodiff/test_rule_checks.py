"""The reverse pass checks what rules return and names the primitive and the Cell when one is wrong."""
import numpy as np
import pytest

import minispore as ms
from minispore import nn, ops, Tensor
from minispore.ops._prims import PRIMS, defprim


@pytest.fixture
def prim():
    made = []

    def make(name, rule, kernel=lambda xp, x, y: x * y):
        made.append(name)
        return defprim(name, kernel, rule)

    yield make
    for name in made:
        del PRIMS[name]


def test_a_rule_returning_too_few_gradients_is_named(prim):
    op = prim("_short_rule", lambda x, y, out, dout: (dout * y,))
    with pytest.raises(ValueError, match=r"The backward rule of '_short_rule' returned 1 gradient\(s\) for 2 "
                                         r"input\(s\)"):
        ms.grad(lambda x, y: op(x, y).sum(), (0, 1))(Tensor([1., 2.]), Tensor([3., 4.]))


def test_a_transposed_gradient_of_the_same_size_is_refused_not_reshaped(prim):
    op = prim("_transposing_rule", lambda x, y, out, dout: (dout.T, None))
    x = Tensor(np.ones((2, 3), np.float32))
    with pytest.raises(ValueError, match=r"'_transposing_rule' returned a gradient of shape \(3, 2\) for input 0, "
                                         r"which has shape \(2, 3\)"):
        ms.grad(lambda x: op(x, 2.0).sum())(x)


def test_a_broadcast_gradient_is_summed_back(prim):
    op = prim("_broadcasting_rule", lambda x, y, out, dout: (dout * y, None), kernel=lambda xp, x, y: x * y)
    g = ms.grad(lambda x: op(x, Tensor(np.full((4, 3), 2.0, np.float32))).sum())(Tensor([1., 1., 1.]))
    assert g.asnumpy().tolist() == [8, 8, 8]


def test_a_rule_returning_a_non_tensor_is_named(prim):
    op = prim("_number_rule", lambda x, y, out, dout: (1.0, None))
    with pytest.raises(ValueError, match="'_number_rule' returned a float for input 0"):
        ms.grad(lambda x: op(x, 2.0).sum())(Tensor([1., 2.]))


def test_the_error_names_the_cell_that_recorded_the_node(prim):
    op = prim("_bad_in_cell", lambda x, y, out, dout: (dout.T, None))

    class Inner(nn.Cell):
        def construct(self, x):
            return op(x, 2.0)

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.body = nn.SequentialCell(nn.ReLU(), Inner())

        def construct(self, x):
            return self.body(x).sum()

    with pytest.raises(ValueError, match=r"\[recorded in Net\.body\.1 \(Inner\)\]$"):
        ms.grad(Net())(Tensor(np.ones((2, 3), np.float32)))


def test_a_user_bprop_returning_a_wrong_shape_names_the_cell():
    class Doubler(nn.Cell):
        def construct(self, x):
            return x * 2

        def bprop(self, x, out, dout):
            return (dout.reshape(-1, 1),)

    with pytest.raises(ValueError, match=r"The backward rule of 'Doubler' returned a gradient of shape \(4, 1\)"):
        ms.grad(lambda x: Doubler()(x).sum())(Tensor(np.ones((2, 2), np.float32)))


def test_show_graph_labels_each_node_with_its_own_primitive():
    from minispore.tools import show_graph
    x = Tensor(np.array([[1., 5.], [3., 2.]], np.float32))
    text = show_graph(lambda x: ops.amax(x, 0) - ops.amin(x, 0), x, file=open("/dev/null", "w"))
    lines = [line for line in text.splitlines() if line.startswith("  #")]
    assert lines[0].split()[1].startswith("amax(") and lines[1].split()[1].startswith("amin(")
