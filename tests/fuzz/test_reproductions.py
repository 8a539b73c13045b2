"""The reproductions listed in issue 13 (bad input and faults), each as a test."""
import time

import numpy as np
import pytest

from minispore import nn, ops, Tensor


@pytest.fixture
def x():
    return Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))


# --- out-of-range axes raise, naming the op and the range --------------------------------------------------
@pytest.mark.parametrize("call, op", [
    (lambda x: ops.sort(x, 5), "sort"), (lambda x: ops.cumsum(x, -3), "cumsum"),
    (lambda x: ops.concat([x, x], 5), "concat"), (lambda x: ops.expand_dims(x, 5), "expand_dims"),
    (lambda x: ops.flip(x, (6,)), "flip"), (lambda x: x.transpose(7, 0), "transpose"),
    (lambda x: ops.sum(x, (5,)), "sum"),
])
def test_out_of_range_axes_raise(x, call, op):
    with pytest.raises(ValueError, match=rf"For '{op}', the '\w+' must be in range \[-\d, \d\), but got -?\d"):
        call(x)


def test_concat_on_axis_five_no_longer_gives_a_2x6_tensor(x):
    with pytest.raises(ValueError, match=r"range \[-2, 2\)"):
        ops.concat([x, x], 5)
    assert ops.concat([x, x], -1).shape == (2, 6)


# --- invalid counts raise --------------------------------------------------------------------------------
@pytest.mark.parametrize("call, op", [
    (lambda x: ops.topk(x, -1), "topk"),
    (lambda x: ops.one_hot(Tensor(np.array([0, 1], np.int32)), -3, Tensor(1.0), Tensor(0.0)), "one_hot"),
    (lambda x: ops.split(x, -1), "split"), (lambda x: ops.chunk(x, -1), "chunk"),
    (lambda x: ops.narrow(x, 0, 7, 2), "narrow"), (lambda x: ops.pad(x, (1,)), "pad"),
    (lambda x: nn.AdaptiveAvgPool2d((-2, 3)), "AdaptiveAvgPool2d"),
])
def test_invalid_counts_raise(x, call, op):
    with pytest.raises(ValueError, match=op):
        call(x)


# --- pooling windows larger than the input raise at once --------------------------------------------------
@pytest.mark.parametrize("kernel", [1000, 2 ** 31])
def test_max_pool_with_a_huge_kernel_raises_at_once(kernel):
    x = Tensor(np.ones((1, 2, 4, 4), np.float32))
    start = time.perf_counter()
    with pytest.raises(ValueError, match="max_pool2d"):
        ops.max_pool2d(x, kernel)
    assert time.perf_counter() - start < 1.0


def test_repeat_elements_on_the_last_axis():
    x = Tensor(np.array([[1, 2, 3], [4, 5, 6]]))
    np.testing.assert_array_equal(ops.repeat_elements(x, 2, -1).asnumpy(), [[1, 1, 2, 2, 3, 3], [4, 4, 5, 5, 6, 6]])


# --- initial= and where= are honoured ----------------------------------------------------------------------
def test_sum_initial_is_added(x):
    assert x.sum(initial=100.0).item() == 115.0
    np.testing.assert_array_equal(x.sum(1, initial=100.0).asnumpy(), [103.0, 112.0])


def test_max_min_initial_and_where(x):
    mask = Tensor(np.array([[True, False, True], [False, False, False]]))
    values, indices = ops.max(x, 1, where=mask, initial=-1.0)
    np.testing.assert_array_equal(values.asnumpy(), [2.0, -1.0])
    np.testing.assert_array_equal(indices.asnumpy(), [2, 0])
    values, _ = ops.min(x, 1, where=mask, initial=10.0)
    np.testing.assert_array_equal(values.asnumpy(), [0.0, 10.0])
    np.testing.assert_array_equal(x.max(1, initial=4.0).asnumpy(), [4.0, 5.0])
    assert x.max(initial=100.0).item() == 100.0
    with pytest.raises(ValueError, match="'initial' value must be provided for 'where'"):
        ops.max(x, 1, where=mask)


# --- max/min return (values, indices) where MindSpore does ------------------------------------------------
def test_max_returns_values_and_indices_as_mindspore(x):
    values, index = ops.max(x)
    assert values.item() == 5.0 and index.item() == 0 and str(index.dtype) == "Int64"
    values, indices = x.max(1)
    np.testing.assert_array_equal(indices.asnumpy(), [2, 2])
    values, indices = x.max(axis=1, return_indices=True)
    np.testing.assert_array_equal(values.asnumpy(), [2.0, 5.0])
    values, indices = x.max(dim=1, keepdim=True)
    assert values.shape == (2, 1) and indices.shape == (2, 1)
    assert isinstance(x.max(axis=1), Tensor) and isinstance(x.max(), Tensor)
    values, indices = x.min(0)
    np.testing.assert_array_equal(indices.asnumpy(), [0, 0, 0])


# --- dtype rules of losses and erf/gelu --------------------------------------------------------------------
def test_integer_losses_are_computed_in_float32():
    out = ops.mse_loss(Tensor(np.array([1, 2, 3], np.int32)), Tensor(np.array([3, 5, 6], np.int32)))
    assert str(out.dtype) == "Float32" and out.item() == pytest.approx(22 / 3)
    out = ops.nll_loss(Tensor(np.ones((2, 3), np.uint8)), Tensor(np.array([0, 2], np.int32)))
    assert str(out.dtype) == "Float32" and out.item() == -1.0


@pytest.mark.parametrize("op", [ops.erf, ops.gelu])
def test_erf_and_gelu_keep_float16(op):
    out = op(Tensor(np.array([0.5, -1.0], np.float16)))
    assert str(out.dtype) == "Float16"


def test_gelu_of_integers_is_a_type_error():
    with pytest.raises(TypeError, match="For 'gelu', the input dtype must be float16, float32 or float64"):
        ops.gelu(Tensor(np.array([1, 0], np.int32)))


# --- where with complex, diag with NaN, mean over nothing --------------------------------------------------
def test_where_keeps_imaginary_parts():
    out = ops.where(Tensor(np.array([True, False])), Tensor(np.array([1.0, 2.0], np.float32)),
                    Tensor(np.array([1 + 2j, 3 + 4j], np.complex64)))
    assert str(out.dtype) == "Complex64"
    np.testing.assert_array_equal(out.asnumpy(), [1 + 0j, 3 + 4j])


def test_diag_does_not_spread_nan():
    out = ops.diag(Tensor(np.array([np.nan, 1.0], np.float32))).asnumpy()
    np.testing.assert_array_equal(out, [[np.nan, 0.0], [0.0, 1.0]])


def test_mean_over_nothing_is_nan():
    empty = Tensor(np.zeros((0, 3), np.float32))
    assert np.isnan(ops.mean(empty, 0).asnumpy()).all() and np.isnan(ops.mean(empty).asnumpy())


# --- the error wrapper, lists, ZeroDivisionErrors ----------------------------------------------------------
def test_sign_of_bool_is_a_type_error_naming_sign():
    with pytest.raises(TypeError, match="For 'sign'") as caught:
        ops.sign(Tensor([True, False]))
    assert type(caught.value) is TypeError


def test_kernel_errors_of_numpy_subclasses_come_back_as_builtin_errors():
    from minispore.ops._prims import PRIMS, defprim

    def kernel(xp, x):
        return xp.sign(x.astype(xp.bool_))  # NumPy's _UFuncNoLoopError, whose constructor takes two arguments

    no_loop = defprim("_fuzz_no_loop", kernel, None)
    axis_error = defprim("_fuzz_axis_error", lambda xp, x: xp.sum(x, axis=5), None)  # AxisError: ValueError, IndexError
    # 2**70 overflows with every NumPy (1.26 wraps 2**40 into int8 with a warning, 2.x raises)
    overflow = defprim("_fuzz_overflow", lambda xp, x: xp.asarray(2 ** 70, dtype=x.dtype), None)
    try:
        for op, kind in ((no_loop, TypeError), (axis_error, ValueError), (overflow, ValueError)):
            with pytest.raises(kind, match=f"For '{op.__name__}'") as caught:
                op(Tensor(np.array([1], np.int8)))
            assert type(caught.value) is kind
    finally:
        for name in ("_fuzz_no_loop", "_fuzz_axis_error", "_fuzz_overflow"):
            del PRIMS[name]


@pytest.mark.parametrize("call, op", [(lambda: ops.exp([[1.0, 2.0]]), "exp"), (lambda: ops.abs([[1.0, -2.0]]), "abs")])
def test_list_inputs_to_ops_are_type_errors(call, op):
    with pytest.raises(TypeError, match=rf"For '{op}', the 'input' must be a Tensor, but got list"):
        call()


@pytest.mark.parametrize("call, op", [
    (lambda: ops.arange(0, 5, 0), "arange"),
    (lambda: ops.avg_pool2d(Tensor(np.ones((1, 1, 4, 4), np.float32)), 2, 0), "avg_pool2d"),
    (lambda: Tensor(1.0).sort(), "sort"),
])
def test_former_zero_division_errors_are_value_errors(call, op):
    with pytest.raises(ValueError, match=op):
        call()


# --- devices -----------------------------------------------------------------------------------------------
def _gpu_available():
    try:
        from minispore._backend import get_backend
        get_backend("cupy")
        return True
    except RuntimeError:
        return False


@pytest.mark.skipif(_gpu_available(), reason="this machine has CuPy and a GPU")
def test_tensor_on_gpu_without_one_raises_saying_what_is_missing():
    with pytest.raises(RuntimeError, match="Device 'GPU'"):
        Tensor([1.0, 2.0], device="GPU")


def test_unknown_devices_are_refused():
    with pytest.raises(ValueError, match="device must be 'CPU' or 'GPU'"):
        Tensor([1.0, 2.0], device="TPU")
    with pytest.raises(TypeError, match="device must be a str"):
        Tensor([1.0, 2.0], device=1)
    assert Tensor([1.0, 2.0], device="CPU").shape == (2,)


# --- found by the fuzz suite after the rebase on main (issue 9, 11, 12, 14, 15, 16 merged) -------------------
@pytest.mark.parametrize("index, kind, pattern", [
    (Tensor(np.float32(0.5)), IndexError, r"For 'getitem', .*integer \(or boolean\)"),
    (-0.5, IndexError, "For 'getitem', only integers"),
    (Tensor(np.ones((3, 3), bool)), ValueError, "For 'getitem', the shape of a boolean index"),
])
def test_getitem_errors_name_getitem(x, index, kind, pattern):
    with pytest.raises(kind, match=pattern):
        x[index]
    with pytest.raises(IndexError, match="^index 5 is out of bounds"):  # MindSpore's own words
        x[5]


def test_index_add_checks_its_arguments_before_using_them(x):
    with pytest.raises(TypeError, match="For 'index_add', the 'axis' must be an int"):
        ops.index_add(x, Tensor(np.array([0], np.int32)), x[:1], (0, 1))
    with pytest.raises(ValueError, match="For 'index_add', 'indices' must be 1-D"):
        ops.index_add(x, Tensor(np.zeros((1, 3, 3), np.int32)), x, 0)
    with pytest.raises(TypeError, match="For 'Tensor.index_add', the argument 'index' is missing"):
        x.index_add(0)
    out = Tensor(np.zeros((2, 3), np.float32)).index_add(0, Tensor(np.array([1, 1], np.int32)), x)
    np.testing.assert_array_equal(out.asnumpy(), [[0, 0, 0], [3, 5, 7]])


@pytest.mark.parametrize("op", [ops.inplace_add, ops.inplace_sub, ops.inplace_update])
def test_inplace_row_ops_refuse_a_0d_x(op):
    with pytest.raises(ValueError, match=f"For '{op.__name__}', the 'x' must have at least 1 dimension"):
        op(Tensor(1.0), Tensor(1.0), Tensor(np.array([0], np.int32)))


def test_like_ops_name_a_bad_dtype(x):
    with pytest.raises(TypeError, match="For 'rand_like', the 'dtype' must be a mindspore dtype"):
        ops.rand_like(x, dtype=Tensor(1.0))
    with pytest.raises(TypeError, match="For 'randint_like', the 'dtype' must be a mindspore dtype"):
        ops.randint_like(x, 0, 3, dtype=Tensor(1.0))


def test_pad_of_nothing_returns_the_input():
    x = Tensor(np.float32(2.0))
    assert float(ops.pad(x, ()).asnumpy()) == 2.0
    with pytest.raises(TypeError, match="For 'pad', the 'value' must be a number"):
        ops.pad(x, (), value="0")


def test_relu_of_bool_stays_bool():
    out = ops.relu(Tensor(np.array([True, False])))
    assert out.dtype == Tensor(True).dtype
    np.testing.assert_array_equal(out.asnumpy(), [True, False])


def test_norm_checks_ord_and_refuses_bool():
    x = Tensor(np.ones((3, 2, 1), np.int32))
    with pytest.raises(TypeError, match="For 'norm', the 'ord' must be None, a number or a string"):
        x.norm(Tensor(np.ones((3, 1, 2), np.float16)))
    with pytest.raises(TypeError, match="For 'norm', the 'A' must be a Tensor of numbers"):
        Tensor(np.ones(4, bool)).norm()
    np.testing.assert_allclose(x.norm().asnumpy(), np.sqrt(6.0), rtol=1e-6)


def test_dropout_training_must_be_a_flag():
    x = Tensor(np.ones((4, 2), np.float16))
    with pytest.raises(TypeError, match="For 'dropout', the 'training' must be a bool"):
        ops.dropout(x, 0.0, Tensor(np.ones((4, 4))), 1)


@pytest.mark.parametrize("cell", [nn.FastGelu(), nn.ReplicationPad1d((2, 2)), nn.ReplicationPad2d(1)])
@pytest.mark.parametrize("value", [[1.0, 2.0], None, 5])
def test_layers_refuse_non_tensor_inputs_by_name(cell, value):
    with pytest.raises(TypeError, match="must be a Tensor"):
        cell(value)


def test_histc_counts_integers_in_int32_as_mindspore():
    out = ops.histc(Tensor(np.array([1, 2, 3], np.int32)), 3, 0.0, 3.0)
    assert out.dtype == Tensor(np.int32(1)).dtype
    np.testing.assert_array_equal(out.asnumpy(), [0, 1, 2])


def test_searchsorted_takes_a_list_of_values():
    out = ops.searchsorted(Tensor(np.array([1.0, 2.0, 3.0], np.float32)), [2.5, 0.0])
    np.testing.assert_array_equal(out.asnumpy(), [2, 0])


def test_ops_check_documented_tensor_arguments_but_take_none_defaults():
    with pytest.raises(TypeError, match="For 'einsum', every element of 'operands' must be a Tensor"):
        ops.einsum("i,i->", Tensor(np.ones(2, np.float32)), [1.0, 2.0])
    logits = Tensor(np.zeros((2, 3), np.float32))
    labels = Tensor(np.array([0, 2], np.int32))
    np.testing.assert_allclose(ops.cross_entropy(logits, labels, None).asnumpy(), np.log(3.0), rtol=1e-6)


def test_cdist_checks_its_inputs():
    a = Tensor(np.zeros((2, 3), np.float32))
    with pytest.raises(TypeError, match="For 'cdist', the 'x1' must be a float Tensor of rank 2 or more"):
        ops.cdist(Tensor(np.zeros(3, np.float32)), a)
    with pytest.raises(ValueError, match="For 'cdist'"):
        ops.cdist(a, Tensor(np.zeros((2, 4), np.float32)))
    np.testing.assert_allclose(ops.cdist(a, Tensor(np.ones((1, 3), np.float32))).asnumpy(), [[np.sqrt(3)]] * 2,
                               rtol=1e-6)


def test_diff_with_a_huge_n_returns_at_once():
    x = Tensor(np.ones((3, 3), np.float16))
    start = time.perf_counter()
    assert ops.diff(x, 2 ** 40).shape == (3, 0)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("call, op, name", [
    (lambda: ops.dropout3d(Tensor(np.ones((1, 1, 1, 1, 1), np.float32)), (1, 2)), "dropout3d", "p"),
    (lambda: ops.adaptive_max_pool2d(Tensor(np.ones((3, 3, 2), np.float32)), 2, Tensor(np.ones((2, 2)))),
     "adaptive_max_pool2d", "return_indices"),
    (lambda: ops.max_pool2d(Tensor(np.ones((1, 1, 2, 2), np.float32)), 1, ceil_mode=Tensor(np.ones(2))),
     "max_pool2d", "ceil_mode"),
    (lambda: ops.tensor_scatter_elements(Tensor(np.ones(3, np.float32)), Tensor(np.array([0])),
                                         Tensor(np.ones(1, np.float32)), {"a": 1}), "tensor_scatter_elements",
     "axis"),
])
def test_flags_and_numbers_are_checked_by_name(call, op, name):
    with pytest.raises(TypeError, match=f"For '{op}', the '{name}' must be"):
        call()


@pytest.mark.parametrize("op", [ops.relu6, ops.hardsigmoid, ops.hardswish, ops.rsqrt, lambda t: ops.logsumexp(t, ())])
def test_0d_float32_stays_float32_on_numpy_1(op):
    # NumPy 1.x widens a 0-d float32 combined with a Python number to float64 (value-based casting).
    out = op(Tensor(np.float32(0.25)))
    assert out.dtype == Tensor(np.float32(0)).dtype


@pytest.mark.parametrize("op", [ops.argmax, ops.argmin])
def test_arg_of_an_empty_axis_raises_with_every_numpy(op):
    with pytest.raises(ValueError, match=f"For '{op.__name__}', the input of shape \\(0, 2, 0\\) has no elements"):
        op(Tensor(np.zeros((0, 2, 0), np.float32)), 0)


def test_clamp_keeps_a_0d_integer_dtype():
    out = ops.hardsigmoid(Tensor(np.int8(2)))
    assert out.dtype == Tensor(np.int8(0)).dtype and int(out.asnumpy()) == 0


def test_norm_of_a_0d_tensor_over_its_axis_as_mindspore():
    x = Tensor(np.float32(-3.0))
    for dim in (0, -1):
        out = ops.norm(x, dim=dim)
        assert out.shape == () and float(out.asnumpy()) == 3.0


def test_norm_refuses_a_list_dim_as_mindspore():
    with pytest.raises(TypeError, match="For 'norm', the 'dim' must be None, an int or a tuple of ints"):
        ops.norm(Tensor(np.ones((4, 2, 2), np.float32)), dim=[-3])


def test_matmul_layer_names_a_non_tensor_input():
    with pytest.raises(TypeError, match="For 'MatMul', the 'x1' must be a Tensor"):
        nn.MatMul(True)(5, Tensor(np.ones((4, 2), np.float32)))


@pytest.mark.parametrize("cell", [nn.ReplicationPad1d(2 ** 40), nn.ReplicationPad2d(2 ** 40)])
def test_huge_replication_padding_is_a_named_memory_error(cell):
    with pytest.raises(MemoryError, match="For 'pad'"):
        cell(Tensor(np.ones((2, 1, 4), np.float32)))


def test_fold_tensor_dot_and_instance_norm_check_their_arguments():
    with pytest.raises(TypeError, match="For 'fold', the 'output_size' must be a 1-D integer Tensor"):
        ops.fold(Tensor(np.ones((3, 2, 2), np.float16)), Tensor(np.float16(1.0)), 2)
    with pytest.raises(TypeError, match="For 'tensor_dot', the 'axes' must be an int or a pair"):
        ops.tensor_dot(Tensor(np.ones((4, 4), np.float32)), Tensor(np.ones((4, 4), np.float32)), [1.0, 2.0])
    with pytest.raises(TypeError, match="For 'InstanceNorm3d', the 'dtype' must be a mindspore dtype"):
        nn.InstanceNorm3d(2, dtype=Tensor(1.0))


def test_reshape_of_an_empty_tensor_spreads_nothing_as_mindspore():
    assert Tensor(np.zeros(0, np.int64)).view((1, -1, 0)).shape == (1, 0, 0)


def test_multinomial_replacement_must_be_a_flag():
    with pytest.raises(TypeError, match="For 'multinomial', the 'replacement' must be a bool"):
        ops.multinomial(Tensor(np.ones((1, 1), np.float16)), 1, Tensor(np.ones((4, 1), np.uint8)), 2 ** 40)


# --- found by the fuzz suite on the checking backend -------------------------------------------------------
def test_pad_crop_may_reach_into_the_padding():
    out = ops.pad(Tensor(np.ones((1, 1, 1), np.float32)), (0, 1, 2, -2, 1, 0))
    assert out.shape == (2, 1, 2)  # dim 1: 2 zeros before the one element, then the last 2 cropped
    np.testing.assert_array_equal(out.asnumpy()[:, 0, :], [[0, 0], [0, 0]])
    x = Tensor(np.arange(6, dtype=np.float32).reshape(1, 2, 3))
    np.testing.assert_array_equal(ops.pad(x, (1, -2)).asnumpy(), [[[0, 0], [0, 3]]])
    np.testing.assert_array_equal(ops.pad(x, (-1, 1)).asnumpy(), [[[1, 2, 0], [4, 5, 0]]])


@pytest.mark.parametrize("dtype", [np.bool_, np.int32])
def test_dropout_refuses_non_float_input_as_mindspore(dtype):
    with pytest.raises(TypeError, match="For 'dropout', the 'input' must be a float Tensor"):
        ops.dropout(Tensor(np.ones(4, dtype)), 0.5)


def test_bool_remainder_is_false_of_the_broadcast_shape():
    out = ops.remainder(Tensor(np.array([True, False])), Tensor(np.array(True)))
    assert out.shape == (2,) and not out.asnumpy().any()


def test_rnn_with_more_layers_than_memory_raises_at_once():
    start = time.perf_counter()
    with pytest.raises(MemoryError, match="For 'GRU', 2147483648 layers of weights would take"):
        nn.GRU(3, 3, 2 ** 31, True)
    assert time.perf_counter() - start < 1.0


def test_interpolate_past_memory_is_a_named_memory_error():
    with pytest.raises(MemoryError, match="For 'interpolate'"):
        ops.upsample(Tensor(np.ones((4, 1, 3), np.float32)), 2 ** 40)


def test_dropout_of_a_0d_tensor():
    out = ops.dropout(Tensor(np.float32(2.0)), p=0.5, seed=1)
    assert out.shape == () and float(out.asnumpy()) in (0.0, 4.0)


def test_max_over_an_empty_axis_raises_with_every_backend():
    with pytest.raises(ValueError, match="For 'max', the input of shape \\(0, 0\\) has no elements"):
        ops.max(Tensor(np.zeros((0, 0), np.int32)), 0)


def test_group_norm_names_a_bad_dtype():
    with pytest.raises(TypeError, match="For 'GroupNorm', the 'dtype' must be a mindspore dtype"):
        nn.GroupNorm(1, 1, dtype=[1.0, 2.0])
