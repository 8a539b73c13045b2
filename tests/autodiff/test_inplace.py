"""In-place writes under a gradient scope: recorded correctly, or refused with an error naming the op."""
import numpy as np
import pytest

import minispore as ms
from minispore import Parameter, Tensor, ops


def _grad(fn, *args):
    return ms.grad(fn, tuple(range(len(args))) if len(args) > 1 else 0)(*args)


def test_overwriting_a_tracked_input_keeps_the_value_the_graph_saw():
    def f(x):
        y = x * x
        x.fill_(0.)
        return y.sum()

    assert _grad(f, Tensor([1., 2.])).asnumpy().tolist() == [2, 4]


@pytest.mark.parametrize("write, expected", [
    # y = 2x, then y op= 3, loss = sum(y * y): d/dx = 2 * y_final * dy_final/dx
    (lambda y: y.add_(3.), lambda x: 2 * (2 * x + 3) * 2),
    (lambda y: y.sub_(3.), lambda x: 2 * (2 * x - 3) * 2),
    (lambda y: y.mul_(3.), lambda x: 2 * (6 * x) * 6),
    (lambda y: y.div_(4.), lambda x: 2 * (x / 2) * 0.5),
    (lambda y: y.add_(Tensor([1., 1.]), alpha=2), lambda x: 2 * (2 * x + 2) * 2),
])
def test_in_place_arithmetic_on_a_tracked_value_is_differentiated(write, expected):
    def f(x):
        y = x * 2
        write(y)
        return (y * y).sum()

    x = np.array([1., -2.], np.float32)
    assert np.allclose(_grad(f, Tensor(x)).asnumpy(), expected(x))


@pytest.mark.parametrize("write", [lambda y: y.fill_(5.), lambda y: y.zero_(),
                                   lambda y: y.copy_(Tensor([7., 8.]))])
def test_a_tracked_value_overwritten_whole_gets_no_gradient(write):
    def f(x):
        y = x * 2
        write(y)
        return (y * x).sum()  # only the direct use of x is differentiated

    got = _grad(f, Tensor([1., 3.])).asnumpy()
    y_after = {"fill_": [5., 5.], "zero_": [0., 0.], "copy_": [7., 8.]}
    assert any(np.allclose(got, v) for v in y_after.values())


def test_copy_into_a_tracked_value_passes_the_gradient_to_the_source():
    def f(x, s):
        y = x * 1.
        y.copy_(s * 3)
        return (y * y).sum()

    gx, gs = _grad(f, Tensor([1., 2.]), Tensor([4., 5.]))
    assert gx.asnumpy().tolist() == [0, 0]
    assert gs.asnumpy().tolist() == [2 * 12 * 3, 2 * 15 * 3]


def test_setitem_on_a_tracked_value():
    def f(x, v):
        y = x * 2
        y[1] = v * 10
        return (y * y).sum()

    gx, gv = _grad(f, Tensor([1., 2., 3.]), Tensor(0.5))
    assert gx.asnumpy().tolist() == [8, 0, 24]
    assert float(gv.asnumpy()) == 2 * 5 * 10


def test_setitem_records_one_node_per_write_and_leaves_earlier_nodes_alone():
    from minispore._autodiff.tape import Tape
    x = Tensor(np.zeros(6, np.float32))
    tape = Tape()
    tape.track(x)
    with tape:
        y = x * 1.
        first = tape.nodes[0]
        for i in range(6):
            y[i] = y[i] + i
    assert tape.nodes[0] is first
    # one getitem, one add and one write per assignment
    assert len(tape.nodes) == 1 + 6 * 3


def test_a_constant_overwritten_after_use_is_refused_with_the_op_named():
    def f(x):
        c = Tensor([3., 4.])
        y = x * c
        c.fill_(0.)
        return y.sum()

    with pytest.raises(RuntimeError, match=r"The gradient of 'mul' needs its input 1, the Float32 Tensor of "
                                           r"shape \(2,\), which was written in place after it was used"):
        _grad(f, Tensor([1., 2.]))


def test_a_constant_overwritten_where_no_rule_reads_it_is_fine():
    def f(x):
        c = Tensor([3., 4.])
        y = x + c  # add's rule does not read its inputs
        c.fill_(0.)
        return y.sum()

    assert _grad(f, Tensor([1., 2.])).asnumpy().tolist() == [1, 1]


def test_set_data_on_a_weight_after_use():
    w = Parameter(Tensor([2., 3.]), name="w")

    def f(x):
        y = x * w
        w.set_data(Tensor([10., 10.]))
        return (y + x * w).sum()

    g = ms.grad(f, 0)(Tensor([1., 1.]))
    assert g.asnumpy().tolist() == [12, 13]


def test_a_weight_updated_in_place_before_vjp_runs_is_refused():
    w = Parameter(Tensor([2., 3.]), name="w")
    out, vjp_fn = ms.vjp(lambda x: x * w, Tensor([1., 1.]))
    w.add_(1.)
    with pytest.raises(RuntimeError, match=r"'mul' needs its input 1, the Float32 Tensor 'w'"):
        vjp_fn(ops.ones_like(out))


def test_in_place_ops_bump_the_version():
    x = Tensor([1., 2.])
    versions = []
    for write in (lambda: x.add_(1.), lambda: x.fill_(0.), lambda: x.__setitem__(0, 3.),
                  lambda: x.assign_value(Tensor([4., 5.]))):
        write()
        versions.append(x._version)
    assert versions == sorted(versions) and len(set(versions)) == 4
    assert x.asnumpy().tolist() == [4, 5]


def test_in_place_write_of_a_wrong_shape_changes_nothing():
    x = Tensor([1., 2., 3.])
    with pytest.raises(ValueError, match="assign"):
        x.copy_(Tensor([1., 2.]))
    assert x.asnumpy().tolist() == [1, 2, 3] and not hasattr(x, "_version")
