"""A Tensor reads as MindSpore's do — C-ordered strides and arrays — whatever layout an op left its data
in (a view, or Dense's feature-major product); a Dense output's array shares its memory. MindSpore 2.10's
answers to the same questions are the golden section tensor.json "layout" (test_tensor_golden.py)."""
import numpy as np

import minispore as ms
from minispore import Tensor, nn, ops


def _dense_output():
    dense = nn.Dense(4, 3)
    return dense(Tensor(np.arange(20, dtype=np.float32).reshape(5, 4)))


def test_a_dense_batch_output_reads_c_ordered_and_shares_its_memory():
    out = _dense_output()
    assert out.strides == (12, 4)
    array = out.asnumpy()
    assert array.flags.c_contiguous
    assert np.frombuffer(array, dtype=np.float32).reshape(5, 3).tolist() == array.tolist()
    array[0, 0] = 42.0
    assert np.shares_memory(out.asnumpy(), array)
    assert float(out[0, 0]) == 42.0


def test_a_transposed_tensor_is_its_own_c_ordered_tensor():
    x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    y = x.T
    assert y.strides == (8, 4) and y.shape == (3, 2)
    array = y.asnumpy()
    assert array.flags.c_contiguous and array.tolist() == [[0, 3], [1, 4], [2, 5]]
    array[0, 1] = -1.0  # never into x (what y then reads differs from MindSpore: docs/differences.md)
    assert x.asnumpy()[1, 0] == 3.0


def test_a_broadcast_result_reads_as_a_writable_array():
    x = ops.broadcast_to(Tensor(np.array([1.0, 2.0], np.float32)), (3, 2))
    array = x.asnumpy()
    assert array.flags.c_contiguous and array.flags.writeable
    array[0, 0] = 7.0
    assert x.asnumpy()[1, 0] == 1.0  # not a broadcast view: one element written, not a column


def test_strides_follow_the_shape_and_dtype():
    assert Tensor(np.zeros((2, 3), np.float32)).strides == (12, 4)
    assert Tensor(np.zeros((2, 3, 4), np.float64)).strides == (96, 32, 8)
    assert Tensor(np.float32(1.0)).strides == ()
    assert Tensor(np.zeros((0, 3), np.int32)).strides == (12, 4)
    assert ms.Tensor(np.zeros((4,), np.float16)).strides == (2,)
