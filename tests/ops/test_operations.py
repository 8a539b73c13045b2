"""ops Primitive classes (`ops.ReduceSum(keep_dims=True)(x, 1)`) with values observed in MindSpore 2.10."""
import numpy as np
import pytest

import minispore as ms
from minispore import ops, Tensor

X = np.array([[1., 5., 3.], [4., 2., 6.]], np.float32)


def t(a):
    return Tensor(np.asarray(a))


def close(tensor, expected, dtype=None):
    np.testing.assert_allclose(tensor.asnumpy(), expected, rtol=1e-6, atol=1e-7)
    if dtype is not None:
        assert tensor.dtype == dtype


def test_reprs_and_attrs():
    assert repr(ops.ReLU()) == "Prim[ReLU]"
    assert repr(ops.MatMul(transpose_b=True)) == "Prim[MatMul]<transpose_a=False, transpose_b=True>"
    assert ops.ReduceSum(keep_dims=True).name == "ReduceSum"
    assert ops.ReduceSum(keep_dims=True).attrs["keep_dims"] is True
    assert repr(ops.Primitive("MyOp")) == "Prim[MyOp]"
    assert issubclass(ops.ReLU, ops.Primitive) and issubclass(ops.PrimitiveWithInfer, ops.Primitive)


def test_reductions():
    x = t(X)
    close(ops.ReduceSum()(x), 21.0)
    close(ops.ReduceSum(keep_dims=True)(x, 1), [[9.0], [12.0]])
    close(ops.ReduceMean()(x, (0, 1)), 3.5)
    close(ops.ReduceMax()(x, 0), [4, 5, 6])
    close(ops.ReduceMin(True)(x, -1), [[1], [2]])
    with pytest.raises(ValueError, match=r"ReduceSum.*\[-2,2\).*5"):
        ops.ReduceSum()(x, 5)
    with pytest.raises(TypeError):
        ops.ReduceSum(keep_dims=1)


def test_arg_reductions():
    x = t(X)
    index, value = ops.ArgMaxWithValue()(x)
    close(index, [1, 0, 1], ms.int64)
    close(value, [4, 5, 6], ms.float32)
    index, value = ops.ArgMaxWithValue(axis=1, keep_dims=True)(x)
    close(index, [[1], [2]])
    close(value, [[5], [6]])
    index, value = ops.ArgMinWithValue()(x)
    close(index, [0, 1, 0])
    close(value, [1, 2, 3])
    close(ops.Argmax()(x), [1, 2], ms.int32)
    close(ops.Argmax(axis=0, output_type=ms.int64)(x), [1, 0, 1], ms.int64)


def test_arithmetic_and_comparisons():
    x = t(X)
    close(ops.Add()(x, 1), X + 1, ms.float32)
    close(ops.Sub()(x, x), np.zeros((2, 3)))
    close(ops.Mul()(x, 2.0), X * 2)
    close(ops.Div()(x, 2.0), X / 2)
    close(ops.Pow()(x, 2.0), [[1, 25, 9], [16, 4, 36]])
    close(ops.Square()(x), X * X)
    close(ops.Sqrt()(x), np.sqrt(X))
    close(ops.Exp()(x), np.exp(X), ms.float32)
    close(ops.Log()(x), np.log(X))
    close(ops.Abs()(t([-1.0, 2.0])), [1, 2])
    close(ops.Neg()(x), -X)
    close(ops.Maximum()(x, 3.0), np.maximum(X, 3))
    close(ops.Minimum()(x, 3.0), np.minimum(X, 3))
    close(ops.Equal()(x, 5.0), X == 5, ms.bool_)
    close(ops.Less()(x, 3.0), X < 3)
    close(ops.Greater()(x, 3.0), X > 3)
    close(ops.AddN()((x, x, x)), 3 * X)


def test_matmul_family():
    x = t(X)
    close(ops.MatMul(transpose_b=True)(x, x), [[35, 32], [32, 56]])
    close(ops.MatMul(transpose_a=True)(x, x), X.T @ X)
    out = ops.BatchMatMul(transpose_a=True)(t(np.ones((2, 3, 2), np.float32)), t(np.ones((2, 3, 4), np.float32)))
    close(out, np.full((2, 2, 4), 3.0))
    with pytest.raises(ValueError, match="MatMul"):
        ops.MatMul()(t(np.ones((2, 2, 2), np.float32)), x)


def test_shape_ops():
    x = t(X)
    assert ops.Shape()(x) == (2, 3)
    close(ops.Reshape()(x, (3, 2)), [[1, 5], [3, 4], [2, 6]])
    close(ops.Transpose()(x, (1, 0)), X.T)
    assert ops.ExpandDims()(x, 0).shape == (1, 2, 3)
    ones = t(np.ones((1, 2, 1), np.float32))
    assert ops.Squeeze()(ones).shape == (2,)
    assert ops.Squeeze(2)(ones).shape == (1, 2)
    close(ops.Concat(1)((x, x)), np.concatenate([X, X], 1))
    close(ops.Stack(1)([x, x]), np.stack([X, X], 1))
    parts = ops.Split(1, 3)(x)
    assert isinstance(parts, tuple) and len(parts) == 3
    close(parts[1], [[5], [2]])
    close(ops.Tile()(x, (1, 2)), np.tile(X, (1, 2)))
    close(ops.Gather()(x, t(np.array([2, 0], np.int32)), 1), [[3, 1], [6, 4]])
    close(ops.Cast()(x, ms.int32), X.astype(np.int32), ms.int32)
    close(ops.OnesLike()(x), np.ones((2, 3)))
    close(ops.ZerosLike()(x), np.zeros((2, 3)))
    close(ops.Fill()(ms.float32, (2, 2), 3), np.full((2, 2), 3.0), ms.float32)
    close(ops.Select()(ops.Greater()(x, 3.0), x, ops.Neg()(x)), [[-1, 5, -3], [4, -2, 6]])
    close(ops.OneHot()(t(np.array([0, 2], np.int32)), 3, Tensor(1.0), Tensor(0.0)), [[1, 0, 0], [0, 0, 1]],
          ms.float32)
    with pytest.raises(TypeError, match="Shape"):
        ops.Shape()(X)


def test_activations():
    x = t(X)
    close(ops.Softmax()(x), [[0.015876222, 0.86681336, 0.11731037], [0.11731038, 0.015876226, 0.8668135]])
    close(ops.Softmax(axis=(0,))(x), [[0.047425874, 0.95257413, 0.047425874], [0.95257413, 0.047425874, 0.95257413]])
    close(ops.LogSoftmax()(x), np.log(ops.Softmax()(x).asnumpy()))
    close(ops.ReLU()(t([-1.0, 2.0])), [0, 2])
    close(ops.Sigmoid()(t([0.0])), [0.5])
    close(ops.Tanh()(t([0.5])), [np.tanh(0.5)])


def test_cross_entropies():
    x = t(X)
    close(ops.SigmoidCrossEntropyWithLogits()(x, t(np.ones((2, 3), np.float32))),
          [[0.31326169, 0.0067153485, 0.048587352], [0.01814993, 0.126928, 0.0024756852]])
    loss, backprop = ops.SoftmaxCrossEntropyWithLogits()(x, t(np.eye(3, dtype=np.float32)[[1, 2]]))
    close(loss, [0.1429317, 0.1429316])
    close(backprop, [[0.015876239, -0.1331867, 0.11731042], [0.11731043, 0.015876241, -0.13318664]])
    labels = t(np.array([1, 2], np.int32))
    close(ops.SparseSoftmaxCrossEntropyWithLogits()(x, labels), 0.14293152)
    close(ops.SparseSoftmaxCrossEntropyWithLogits(is_grad=True)(x, labels),
          [[0.0079381112, -0.06659332, 0.058655184], [0.058655191, 0.0079381131, -0.06659326]])


def test_bias_add_and_dropout():
    x = t(X)
    close(ops.BiasAdd()(x, t(np.array([1., 2., 3.], np.float32))), [[2, 7, 6], [5, 4, 9]])
    image = t(np.zeros((1, 2, 2, 2), np.float32))
    close(ops.BiasAdd()(image, t(np.array([1., 2.], np.float32)))[0, :, 0, 0], [1, 2])
    with pytest.raises(ValueError, match="BiasAdd"):
        ops.BiasAdd()(x, t(np.ones(2, np.float32)))
    ms.set_seed(0)
    out, mask = ops.Dropout(keep_prob=0.5)(t(np.ones((200, 50), np.float32)))
    assert set(np.unique(out.asnumpy())) <= {0.0, 2.0}
    np.testing.assert_array_equal(out.asnumpy(), mask.asnumpy() * 2)
    assert abs(mask.asnumpy().mean() - 0.5) < 0.02
    assert repr(ops.Dropout(keep_prob=0.8)).startswith("Prim[Dropout]<keep_prob=0.8, Seed0=0, Seed1=0")


def test_hook_backward_receives_a_tuple_and_can_replace_the_gradient():
    seen = []

    def hook(grads):
        seen.append([g.asnumpy().tolist() for g in grads])
        return (grads[0] * 10,)

    hb = ops.HookBackward(hook)
    grad = ms.grad(lambda a: (hb(a * 2) * 3).sum())(t(np.array([1., 2.], np.float32)))
    assert seen == [[[3.0, 3.0]]]
    close(grad, [60, 60])
    keep = ops.HookBackward(lambda grads: None)
    close(ms.grad(lambda a: (keep(a) * 3).sum())(t(np.array([1., 2.], np.float32))), [3, 3])


def test_primitives_are_differentiable():
    grad = ms.grad(lambda a: ops.ReduceSum()(ops.Mul()(a, a)))(t(np.array([1., 2.], np.float32)))
    close(grad, [2, 4])


def test_user_subclass_of_primitive():
    class Double(ops.PrimitiveWithInfer):
        @ops.prim_attr_register
        def __init__(self, scale=2.0):
            pass

        def __call__(self, x):
            return ops.Mul()(x, self.attrs["scale"])

    double = Double()
    assert repr(double) == "Prim[Double]<scale=2.0>"
    close(double(t([1.0, 3.0])), [2, 6])
    with pytest.raises(NotImplementedError, match="MyOp"):
        ops.Primitive("MyOp")(t([1.0]))


def test_functional_and_composite_modules():
    from minispore.ops import composite as C, functional as F
    assert F.relu is ops.relu and F.tensor_add is ops.add
    assert C.GradOperation is ops.GradOperation
    assert ops.functional is F and ops.composite is C
    from minispore.ops import operations as P
    assert P.ReduceSum is ops.ReduceSum
