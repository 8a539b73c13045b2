"""vmap: every primitive's batching rule against a loop over examples, MindSpore's in_axes/out_axes,
vmap of gradients, and the per-example fallback for Python that reads batched values."""
import warnings

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn, ops
from minispore.ops._prims import PRIMS
from tests.ops.samples import SAMPLES, Const
from tests.ops.test_prims_grad import _on_backend

BATCH = 3
CASES = [(name, i, sample) for name, samples in sorted(SAMPLES.items()) for i, sample in enumerate(samples)
         if not PRIMS[name].inplace]


def _examples(sample, rng):
    """BATCH examples of the sample's differentiable inputs, stacked on a new axis 0."""
    low, high = sample.domain
    batched, fixed = [], []
    for spec in sample.inputs:
        if isinstance(spec, tuple):
            batched.append(rng.uniform(low, high, (BATCH,) + spec))
            fixed.append(None)
        else:
            batched.append(None)
            fixed.append(Tensor(spec.value) if isinstance(spec, Const) else spec)
    return batched, fixed


def _as_list(out):
    return list(out) if isinstance(out, tuple) else [out]


@pytest.mark.parametrize("name,index,sample", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
@pytest.mark.parametrize("where", ["front", "back", "first-only"])
def test_batching_rule_equals_a_loop_over_examples(name, index, sample, where):
    rng = np.random.default_rng(index)
    if sample.setup is not None:
        sample.setup()
    prim_op = PRIMS[name].op
    attrs = {key: _on_backend(value) for key, value in sample.attrs.items()}
    if sample.call is not None:
        def op(*xs, **given):
            return sample.call(prim_op, xs, given)
    else:
        op = prim_op
    batched, fixed = _examples(sample, rng)
    if not any(a is not None for a in batched):
        pytest.skip("no differentiable input to batch")
    first = next(i for i, a in enumerate(batched) if a is not None)
    in_axes, args = [], []
    for position, (array, value) in enumerate(zip(batched, fixed)):
        if array is None or (where == "first-only" and position != first):
            in_axes.append(None)
            args.append(value if array is None else Tensor(array[0]))
        elif where == "back":
            in_axes.append(-1)
            args.append(Tensor(np.moveaxis(array, 0, -1).copy()))
        else:
            in_axes.append(0)
            args.append(Tensor(array))
    expected = []
    for b in range(BATCH):
        example = []
        for arg, axis in zip(args, in_axes):
            if axis is None:
                example.append(arg)
            else:
                example.append(Tensor(np.moveaxis(arg.asnumpy(), axis, 0)[b]))
        expected.append(_as_list(op(*example, **attrs)))
    got = _as_list(ms.vmap(lambda *xs: op(*xs, **attrs), in_axes=tuple(in_axes))(*args))
    assert len(got) == len(expected[0])
    for k, tensor in enumerate(got):
        want = np.stack([e[k].asnumpy() for e in expected])
        assert tensor.shape == want.shape
        np.testing.assert_allclose(tensor.asnumpy(), want, rtol=1e-12, atol=1e-12)


def test_rules_cover_the_common_primitives():
    needed = ["add", "mul", "matmul", "dense", "dense_grad", "sum", "mean", "reshape", "transpose", "relu",
              "relu_grad", "sigmoid", "binary_cross_entropy_with_logits", "softmax", "log_softmax", "conv2d",
              "getitem", "concat", "stack", "cast", "where", "assign"]
    assert [n for n in needed if PRIMS[n].batch is None] == []


def _seed_model():
    rng = np.random.default_rng(0)
    w = ms.Parameter(Tensor(rng.standard_normal((5, 3)), ms.float32), name="w")
    b = ms.Parameter(Tensor(rng.standard_normal(3), ms.float32), name="b")

    class Network(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w, self.b = w, b

        def construct(self, x):
            return ops.matmul(x, self.w) + self.b

    model, loss_fn = Network(), nn.BCEWithLogitsLoss()
    grad_fn = ms.value_and_grad(lambda x, y: loss_fn(model(x), y), None, weights=model.trainable_params())
    return grad_fn, rng


def test_vmap_of_the_seed_gradient_equals_a_loop_bit_for_bit():
    grad_fn, rng = _seed_model()
    xs = Tensor(rng.standard_normal((64, 5)).astype(np.float32))
    ys = Tensor(rng.uniform(0, 1, (64, 3)).astype(np.float32))
    loss, (gw, gb) = ms.vmap(grad_fn)(xs, ys)
    assert loss.shape == (64,) and gw.shape == (64, 5, 3) and gb.shape == (64, 3)
    for i in range(64):
        want_loss, (want_w, want_b) = grad_fn(xs[i], ys[i])
        assert loss.asnumpy()[i] == want_loss.asnumpy()
        np.testing.assert_array_equal(gw.asnumpy()[i], want_w.asnumpy())
        np.testing.assert_array_equal(gb.asnumpy()[i], want_b.asnumpy())


def test_grad_of_vmap_and_vmap_of_grad_of_a_function_of_inputs():
    x = Tensor(np.linspace(-1, 1, 12).reshape(4, 3), ms.float64)

    def f(v):
        return (ops.sin(v) * v).sum()

    per_example = ms.vmap(ms.grad(f))(x)
    np.testing.assert_allclose(per_example.asnumpy(), np.cos(x.asnumpy()) * x.asnumpy() + np.sin(x.asnumpy()))
    total = ms.grad(lambda v: ms.vmap(f)(v).sum())(x)
    np.testing.assert_allclose(total.asnumpy(), per_example.asnumpy())


def test_in_axes_and_out_axes_as_mindspore_takes_them():
    x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    ones = Tensor(np.ones(3, np.float32))

    def f(a, b):
        return a * b, a.sum()

    prod, total = ms.vmap(f, in_axes=(0, None))(x, ones)
    np.testing.assert_array_equal(prod.asnumpy(), x.asnumpy())
    np.testing.assert_array_equal(total.asnumpy(), [3.0, 12.0])
    prod, total = ms.vmap(f, in_axes=(1, None), out_axes=(1, 0))(x, Tensor(np.ones(2, np.float32)))
    np.testing.assert_array_equal(prod.asnumpy(), x.asnumpy())
    np.testing.assert_array_equal(total.asnumpy(), [3.0, 5.0, 7.0])
    # nested in_axes for a tuple argument; out_axes -1; an unbatched output broadcast (MindSpore's rule)
    summed = ms.vmap(lambda t: t[0] + t[1], in_axes=((0, 1),))((x, Tensor(x.asnumpy().T.copy())))
    np.testing.assert_array_equal(summed.asnumpy(), 2 * x.asnumpy())
    moved = ms.vmap(lambda a: a * 2, out_axes=-1)(x)
    np.testing.assert_array_equal(moved.asnumpy(), 2 * x.asnumpy().T)
    same, const = ms.vmap(lambda a: (a, 3.0))(x)
    np.testing.assert_array_equal(const.asnumpy(), [3.0, 3.0])
    a, b = ms.vmap(lambda a, b: (a, b), in_axes=(0, None), out_axes=(0, None))(x, ones)
    assert b.shape == (3,)
    a, b = ms.vmap(lambda a, b: (a, b), in_axes=[0, None], out_axes=[0, 0])(x, ones)
    np.testing.assert_array_equal(b.asnumpy(), np.ones((2, 3)))
    assert ms.vmap(lambda a, k: a * k, in_axes=(0, None))(x, 3).shape == (2, 3)
    assert ms.vmap(ms.vmap(lambda a: a.sum()))(Tensor(np.ones((2, 3, 4), np.float32))).shape == (2, 3)


@pytest.mark.parametrize("call,message", [
    (lambda x: ms.vmap(lambda a, b: a * b, in_axes=(0, 0))(x, Tensor(np.ones((3, 3), np.float32))),
     "The 'axis_size' of each argument in the scope of 'vmap' should be equal, but got 2 and 3."),
    (lambda x: ms.vmap(lambda a, b: a, in_axes=2)(x, x),
     "The axis: 2 in 'in_axes' is out of bounds for array of dimension [-2,2)."),
    (lambda x: ms.vmap(lambda a, b: a, in_axes=(0,))(x, x),
     "When vmap`s 'in_axes' is a tuple or list, and its size must be equal to the number of arguments of 'fn': "
     "2, but got size: 1."),
    (lambda x: ms.vmap(lambda a: a, in_axes=None)(x),
     "The 'in_axes' of 'vmap' cannot be a single None while 'fn' is not a 'CellList'."),
    (lambda x: ms.vmap(lambda a: a, out_axes=None)(x),
     "The 'out_axes' of 'vmap' cannot be a single None while 'fn' is not a 'CellList'."),
    (lambda x: ms.vmap(lambda a: (a, a), out_axes=(None, 0))(x),
     "It is invalid that source is not None and dst is None."),
    (lambda x: ms.vmap(lambda a: a, out_axes=2)(x),
     "The axis: 2 in 'out_axes' is out of bounds for array of dimension [-2,2)."),
    (lambda x: ms.vmap(lambda a: (a, a), out_axes=(0, 0, 0))(x),
     "The size of vmap's 'out_axes' should be equal to the number of results of 'fn': 2, but got size: 3."),
    (lambda x: ms.vmap(lambda a: a, in_axes=0.5)(x),
     "The axis in vmap`s 'in_axes' can only be of type Int or None"),
])
def test_mindspore_errors(call, message):
    with pytest.raises(RuntimeError) as info:
        call(Tensor(np.arange(6, dtype=np.float32).reshape(2, 3)))
    assert message in str(info.value)


def test_python_that_reads_a_batched_value_runs_per_example_with_one_notice():
    calls = []

    def branchy(a):
        calls.append(1)
        if a.sum() > 3:
            return a
        return -a

    x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    mapped = ms.vmap(branchy)
    with pytest.warns(RuntimeWarning, match="runs once per example"):
        out = mapped(x)
    np.testing.assert_array_equal(out.asnumpy(), [[0, -1, -2], [3, 4, 5]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(mapped(x).asnumpy(), [[0, -1, -2], [3, 4, 5]])


def test_a_primitive_without_a_rule_runs_per_example():
    x = Tensor(np.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]], np.float32))
    values = ms.vmap(lambda a: ops.sort(a, descending=True)[0])(x)
    np.testing.assert_array_equal(values.asnumpy(), [[3, 2, 1], [5, 4, 0]])
    assert PRIMS["sort"].batch is None


def test_in_place_writes_into_a_batched_tensor():
    def f(a):
        b = a * 1
        b.add_(1)
        return b

    x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    np.testing.assert_array_equal(ms.vmap(f, in_axes=1, out_axes=1)(x).asnumpy(), x.asnumpy() + 1)
    with pytest.raises(ValueError, match="cannot be written in place"):
        ms.vmap(lambda a, c: c.add_(a), in_axes=(0, None))(x, Tensor(np.zeros(3, np.float32)))


def test_indexed_writes_into_a_batched_tensor():
    x = np.arange(12, dtype=np.float32).reshape(3, 4)

    def f(a):
        b = a * 1
        b[1] = 0
        b[2:] = a[0]
        return b

    expected = np.stack([f(Tensor(row)).asnumpy() for row in x])
    np.testing.assert_array_equal(ms.vmap(f)(Tensor(x)).asnumpy(), expected)
    np.testing.assert_array_equal(ms.vmap(f, in_axes=1, out_axes=1)(Tensor(x.T.copy())).asnumpy(), expected.T)
