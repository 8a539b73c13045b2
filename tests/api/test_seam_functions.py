"""The wider API's functions that computed on host NumPy copies before the backend seam (ops' vision, math and
sampling functions, mindspore.numpy, mint): their values against NumPy, the primitives they now call at the
door, and what changed on purpose. CI also runs these on the checking backend."""
import numpy as np
import pytest

import minispore as ms
import minispore.numpy as mnp
from minispore import Tensor as T, mint, nn, ops
from minispore.ops._prims.dispatch import Interpreter, interpreting
from minispore.tools.gradcheck import check_vjp

RNG = np.random.default_rng(0)
F32 = RNG.standard_normal((3, 4)).astype(np.float32)
I32 = RNG.integers(-6, 9, (3, 4)).astype(np.int32)
IMG = RNG.standard_normal((2, 3, 5, 6))
BOXES = np.array([[0, 0, 10, 10, 0.9], [1, 1, 11, 11, 0.95], [20, 20, 30, 30, 0.5]], np.float32)


class _Seen(Interpreter):
    """Records the name of every primitive called while it is open."""

    observes_only = True

    def __init__(self):
        self.names = []

    def observe(self, prim, inputs, out, attrs):
        self.names.append(prim.name)


DOOR_CASES = {
    "nms_with_mask": lambda: ops.NMSWithMask(0.5)(T(BOXES)),
    "crop_and_resize_taps": lambda: ops.CropAndResize()(T(IMG.transpose(0, 2, 3, 1).astype(np.float32)),
                                                       T(np.array([[0, 0, 1, 1.0]], np.float32)),
                                                       T(np.array([1], np.int32)), (2, 2)),
    "roi_align_taps": lambda: ops.ROIAlign(2, 2, 1.0)(T(IMG), T(np.array([[0, 0, 0, 3, 3.0]]))),
    "grid_sample_taps": lambda: ops.grid_sample(T(IMG), T(RNG.uniform(-1, 1, (2, 3, 3, 2))), align_corners=True),
    "searchsorted": lambda: ops.searchsorted(T(np.arange(5.0)), T(np.array([2.5]))),
    "running_extreme_index": lambda: ops.cummax(T(F32), 0),
    "unique_consecutive": lambda: ops.unique_consecutive(T(I32)),
    "multinomial": lambda: ops.multinomial(T(np.array([1.0, 2.0], np.float32)), 3),
    "repeat_index": lambda: ops.repeat_interleave(T(F32), T(np.array([1, 0, 2])), 0),
    "gcd": lambda: mnp.gcd(T(I32), 4),
    "signbit": lambda: mnp.signbit(T(F32)),
    "histogram": lambda: mnp.histogram(T(F32)),
    "isin": lambda: mnp.isin(T(I32), [1, 2]),
    "interp_taps": lambda: mnp.interp(T(F32), [0.0, 1.0], [2.0, 3.0]),
    "bincount": lambda: mnp.bincount([1, 1, 3]),
    "digitize": lambda: mnp.digitize(T(F32), [0.0, 1.0]),
    "unique_sorted": lambda: mint.unique(T(I32)),
    "nonzero_per_axis": lambda: mnp.where(T(I32)),
}


@pytest.mark.parametrize("prim", sorted(DOOR_CASES))
def test_data_dependent_work_is_a_primitive_at_the_door(prim):
    seen = _Seen()
    with interpreting(seen):
        DOOR_CASES[prim]()
    assert prim in seen.names


def _equal(got, want, dtype=None):
    np.testing.assert_array_equal(got.asnumpy(), want)
    if dtype is not None:
        assert got.dtype == dtype


def test_mindspore_numpy_integer_and_sign_functions():
    other = np.array([4, 6, 0, -9], np.int32)
    _equal(mnp.gcd(T(I32), T(other)), np.gcd(I32, other), ms.int32)
    _equal(mnp.lcm(T(I32), T(other)), np.lcm(I32, other), ms.int32)
    signed = np.array([-0.0, 0.0, -1.5, np.nan, -np.nan, np.inf], np.float32)
    _equal(mnp.signbit(T(signed)), np.signbit(signed), ms.bool_)
    _equal(mnp.copysign(T(F32[0]), T(signed[:4])), np.copysign(F32[0], signed[:4]), ms.float32)


def test_mindspore_numpy_searching_and_counting():
    unsorted = np.array([3.0, 1.0, 2.0, 2.0], np.float32)
    order = np.argsort(unsorted)
    _equal(mnp.searchsorted(T(unsorted), T(np.array([2.0, 0.5, 9.0], np.float32)), "right", T(order)),
           np.searchsorted(unsorted, [2.0, 0.5, 9.0], "right", order), ms.int32)
    bins = np.array([-1.0, 0.0, 0.5], np.float32)
    for right in (False, True):
        _equal(mnp.digitize(T(F32), T(bins), right), np.digitize(F32, bins, right), ms.int32)
    data, weights = np.array([0, 3, 3, 1]), np.array([0.5, 1.0, 2.0, 0.25], np.float32)
    _equal(mnp.bincount(T(data), minlength=6), np.bincount(data, minlength=6), ms.int32)
    _equal(mnp.bincount(T(data), T(weights), length=3), np.bincount(data, weights)[:3], ms.float32)
    counts, edges = mnp.histogram(T(F32), 4, (-1.0, 1.0), T(np.abs(F32)), density=True)
    want_counts, want_edges = np.histogram(F32, 4, (-1.0, 1.0), weights=np.abs(F32), density=True)
    np.testing.assert_allclose(counts.asnumpy(), want_counts, rtol=1e-6)
    np.testing.assert_allclose(edges.asnumpy(), want_edges, rtol=1e-6)
    _equal(mnp.histogram(T(F32), [-2.0, 0.0, 2.0])[0], np.histogram(F32, [-2.0, 0.0, 2.0])[0], ms.int32)
    _equal(mnp.isin(T(I32), [1, 2, 3], invert=True), np.isin(I32, [1, 2, 3], invert=True), ms.bool_)
    values, inverse = mnp.unique(T(I32), True)
    want_values, want_inverse = np.unique(I32, return_inverse=True)
    _equal(values, want_values, ms.int32)
    _equal(inverse, want_inverse.reshape(I32.shape), ms.int32)


def test_mindspore_numpy_index_functions():
    _equal(mnp.argwhere(T(I32)), np.argwhere(I32), ms.int64)
    _equal(mnp.argwhere(T(np.int32(3))), np.argwhere(np.int32(3)), ms.int64)
    for got, want in zip(mnp.where(T(I32)), np.nonzero(I32)):
        _equal(got, want, ms.int32)
    index = np.array([[0, 5], [-1, 2]])
    for mode in ("clip", "wrap"):
        _equal(mnp.take(T(F32), T(index), 1, mode), np.take(F32, index, 1, mode=mode))
        _equal(mnp.choose(T(np.array([0, 2, 4, -1])), [F32[0], F32[1], F32[2]], mode),
               np.choose(np.array([0, 2, 4, -1]), [F32[0], F32[1], F32[2]], mode=mode))
    with pytest.raises(IndexError, match="take"):
        mnp.take(T(F32), T(index), 1, "raise")
    for mode in ("edge", "reflect", "symmetric"):
        for widths in (2, (1, 2), ((1, 2),), ((0, 1), (3, 2))):
            _equal(mnp.pad(T(F32), widths, mode), np.pad(F32, widths, mode))
    with pytest.raises(ValueError, match="pad_width"):
        mnp.pad(T(F32), ((1, 2), (3, 4), (5, 6)))
    _equal(mnp.repeat(T(F32), [1, 0, 3], 0), np.repeat(F32, [1, 0, 3], 0))
    _equal(mnp.roll(T(F32), (1, -1), (0, 1)), np.roll(F32, (1, -1), (0, 1)))
    _equal(mnp.diagonal(T(IMG), -1, 2, 3), np.diagonal(IMG, -1, 2, 3))
    with pytest.raises(ValueError, match="broadcast_arrays"):
        mnp.broadcast_arrays(T(F32), T(np.ones(3, np.float32)))


def test_mindspore_numpy_creation_functions():
    _equal(mnp.indices((2, 3)), np.indices((2, 3)), ms.int32)
    for got, want in zip(mnp.indices((2, 3), ms.float32, True), np.indices((2, 3), np.float32, sparse=True)):
        _equal(got, want, ms.float32)
    for got, want in zip(mnp.ix_([0, 2], [True, False, True]), np.ix_([0, 2], [True, False, True])):
        _equal(got, want)
    for name in ("bartlett", "blackman", "hamming", "hanning"):
        _equal(getattr(mnp, name)(7), getattr(np, name)(7).astype(np.float32), ms.float32)
    for got, want in zip(mnp.triu_indices(3, 1, 4) + mnp.diag_indices(3, 3),
                         np.triu_indices(3, 1, 4) + np.diag_indices(3, 3)):
        _equal(got, want, ms.int32)
    _equal(mnp.diag([1.0, 2.0], -1), np.diag(np.float32([1.0, 2.0]), -1), ms.float32)
    np.testing.assert_allclose(mnp.geomspace(1, 1000, 4).asnumpy(), np.geomspace(1, 1000, 4), rtol=1e-6)
    np.testing.assert_allclose(mnp.linspace(T(np.float32([0, 1])), 2.0, 3, axis=1).asnumpy(),
                               np.linspace([0.0, 1.0], 2.0, 3, axis=1), rtol=1e-6)


def test_mindspore_numpy_array_keeps_an_asked_dtype_exact():
    # As MindSpore 2.10: the dtype given applies to the data, not to its Float32 / Int32 default.
    assert mnp.array([0.1], ms.float64).asnumpy()[0] == 0.1
    assert mnp.array([3000000000], ms.int64).asnumpy()[0] == 3000000000
    assert mnp.array([0.1]).dtype == ms.float32 and mnp.array([7]).dtype == ms.int32


def test_mindspore_numpy_array_of_tensors_stacks_them_differentiably():
    mixed = mnp.array([T(np.array([1, 2], np.int32)), T(np.array([0.5, 1.5], np.float32))])
    assert mixed.dtype == ms.float32  # MindSpore's promotion (NumPy's would be float64)
    _equal(mixed, np.float32([[1, 2], [0.5, 1.5]]))
    grad = ms.grad(lambda a: mnp.array([a, a * 2.0]).sum())(T(np.float32([1.0, 2.0])))
    _equal(grad, np.float32([3.0, 3.0]))


def test_mindspore_numpy_interpolation_and_polynomials():
    x = np.array([-1, 0.5, 1.5, 2, 3.5, 9], np.float32)
    grid, values = np.array([0, 1, 1, 2, 3], np.float32), np.array([1, 4, 5, 2, 8], np.float32)
    np.testing.assert_allclose(mnp.interp(T(x), T(grid), T(values), -1.0, 99.0).asnumpy(),
                               np.interp(x, grid, values, -1.0, 99.0), rtol=1e-6)
    p = np.float32([1, 2, 3, 4])
    np.testing.assert_allclose(mnp.polyder(T(p), 2).asnumpy(), np.polyder(p, 2), rtol=1e-6)
    np.testing.assert_allclose(mnp.polyint(T(p), 2, [1.0, 2.0]).asnumpy(), np.polyint(p, 2, [1.0, 2.0]), rtol=1e-6)


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_mindspore_numpy_convolve_and_correlate_as_numpy(mode):
    # Either sequence the longer, kernels of odd and even length ('same' centres as NumPy does).
    for n in range(1, 6):
        for k in range(1, 6):
            a, v = RNG.standard_normal(n).astype(np.float32), RNG.standard_normal(k).astype(np.float32)
            np.testing.assert_allclose(mnp.convolve(T(a), T(v), mode).asnumpy(), np.convolve(a, v, mode),
                                       rtol=1e-5, atol=1e-6, err_msg=f"convolve n={n} k={k}")
            np.testing.assert_allclose(mnp.correlate(T(a), T(v), mode).asnumpy(), np.correlate(a, v, mode),
                                       rtol=1e-5, atol=1e-6, err_msg=f"correlate n={n} k={k}")


def test_ops_searching_counting_and_running_extremes():
    rows = np.array([[1, 3, 5, 7], [2, 2, 4, 6]], np.float32)
    query = np.array([[3, 8], [2, 0]], np.float32)
    for right in (False, True):
        want = np.stack([np.searchsorted(r, q, "right" if right else "left") for r, q in zip(rows, query)])
        _equal(ops.searchsorted(T(rows), T(query), right=right), want, ms.int64)
    _equal(ops.searchsorted(T(rows[0]), [3.0, 5.5], out_int32=True), np.searchsorted(rows[0], [3.0, 5.5]), ms.int32)
    _equal(ops.bincount(T(np.array([0, 3, 3, 1]))), np.bincount([0, 3, 3, 1]), ms.int64)
    _equal(ops.histc(T(F32), 5), np.histogram(F32, 5)[0].astype(np.float32), ms.float32)
    # MindSpore 2.10 counts integer inputs in Int32
    _equal(ops.histc(T(I32), 4, -2, 3), np.histogram(I32, 4, (-2, 3))[0].astype(np.int32), ms.int32)
    _equal(ops.repeat_interleave(T(F32), T(np.array([1, 0, 2, 3])), 1), np.repeat(F32, [1, 0, 2, 3], 1))
    runs = np.array([[1, 1, 2], [1, 1, 2], [0, 5, 5]], np.float32)
    values, inverse, counts = ops.unique_consecutive(T(runs), True, True, 0)
    _equal(values, runs[[0, 2]])
    _equal(inverse, [0, 0, 1], ms.int64)
    _equal(counts, [2, 1], ms.int64)
    data = np.array([[1, 3, 3, np.nan, 2], [2, 2, 5, 1, 5]], np.float32)
    values, index = ops.cummax(T(data), 1)
    want_index = np.array([[0, 1, 2, 3, 3], [0, 1, 2, 2, 4]])  # ties and NaN take the later position
    _equal(index, want_index, ms.int64)
    _equal(values, np.take_along_axis(data, want_index, 1))
    values, index = ops.median(T(np.float32([[3, 1, 2, 2], [0, 4, 4, 4]])), 1)
    _equal(values, np.float32([2, 4]))
    _equal(index, [2, 1], ms.int64)


def test_ops_sampling_follows_the_weights():
    ms.set_seed(7)
    weights = np.array([0.1, 0.0, 0.6, 0.3], np.float32)
    draws = ops.multinomial(T(weights), 20000).asnumpy()
    assert draws.dtype == np.int32 and 1 not in draws
    np.testing.assert_allclose(np.bincount(draws, minlength=4) / 20000, weights, atol=0.015)
    rows = ops.multinomial(T(np.tile(weights, (50, 1))), 3, replacement=False).asnumpy()
    assert all(len(set(row)) == 3 and 1 not in row for row in rows)
    mask_in = np.array([[True, False, True], [True, True, False]])
    index, mask = ops.RandomChoiceWithMask(6)(T(mask_in))
    assert index.dtype == ms.int32 and mask.asnumpy().tolist() == [True] * 4 + [False] * 2
    chosen = {tuple(i) for i in index.asnumpy()[:4]}
    assert chosen == {tuple(p) for p in np.argwhere(mask_in)}
    np.testing.assert_array_equal(index.asnumpy()[4:], 0)


def test_resampling_ops_stay_differentiable_in_the_image():
    rois = T(np.array([[0, 0.5, 0.5, 3.5, 4.0], [1, 1.0, 0.0, 5.0, 3.0]]))
    check_vjp(lambda x: ops.ROIAlign(2, 3, 0.8, 2)(x, rois), [IMG.copy()], RNG)
    grid = T(RNG.uniform(-1.2, 1.2, (2, 4, 3, 2)))
    check_vjp(lambda x: ops.grid_sample(x, grid, "bilinear", "border", True), [IMG.copy()], RNG)


def test_mint_functions():
    rows = np.array([[1, 2], [1, 2], [0, 5]])
    values, inverse, counts = mint.unique(T(rows), True, True, True, 0)
    want_values, want_inverse, want_counts = np.unique(rows, return_inverse=True, return_counts=True, axis=0)
    _equal(values, want_values)
    _equal(inverse, want_inverse.reshape(-1), ms.int64)
    _equal(counts, want_counts, ms.int64)
    values, index = mint.kthvalue(T(F32), 2, 1, True)
    _equal(values, np.sort(F32, 1)[:, 1:2])
    _equal(index, np.argsort(F32, 1, kind="stable")[:, 1:2], ms.int64)
    added = mint.index_add(T(F32), 1, T(np.array([0, 3, 0])), T(np.ones((3, 3), np.float32)), alpha=2)
    want = F32.copy()
    np.add.at(want, (slice(None), [0, 3, 0]), 2.0)
    np.testing.assert_allclose(added.asnumpy(), want, rtol=1e-6)
    empty = mint.empty(2, 3, dtype=ms.int16)
    assert empty.dtype == ms.int16 and empty.shape == (2, 3)
    assert mint.item(T(np.array([[2.5]], np.float32))) == 2.5
    with pytest.raises(ValueError, match="normal"):
        mint.normal(T(np.zeros(3, np.float32)), T(np.ones(2, np.float32)))


@pytest.mark.parametrize("mode,numpy_mode", [("reflect", "reflect"), ("replicate", "edge"), ("circular", "wrap")])
def test_mint_conv_padding_modes_pad_as_numpy(mode, numpy_mode):
    x = RNG.standard_normal((2, 3, 7)).astype(np.float32)
    ms.set_seed(3)
    padded = mint.nn.Conv1d(3, 2, 3, padding=2, padding_mode=mode)
    ms.set_seed(3)
    plain = mint.nn.Conv1d(3, 2, 3)
    expected = plain(T(np.pad(x, ((0, 0), (0, 0), (2, 2)), numpy_mode))).asnumpy()
    np.testing.assert_allclose(padded(T(x)).asnumpy(), expected, rtol=1e-6, atol=1e-6)
    _equal(mint.nn.ReplicationPad1d((1, 3))(T(x)), np.pad(x, ((0, 0), (0, 0), (1, 3)), "edge"))
    _equal(mint.nn.ZeroPad1d((2, 1))(T(x)), np.pad(x, ((0, 0), (0, 0), (2, 1))))
    _equal(mint.nn.functional.pad(T(x), (1, 1), mode),
           np.pad(x, ((0, 0), (0, 0), (1, 1)), numpy_mode))


def test_mint_batch_norm_without_momentum_averages_the_batches():
    norm = mint.nn.BatchNorm1d(2, momentum=None)
    norm.set_train()
    batches = [RNG.standard_normal((4, 2)).astype(np.float32) for _ in range(3)]
    for batch in batches:
        norm(T(batch))
    np.testing.assert_allclose(norm.running_mean.asnumpy(), np.mean([b.mean(0) for b in batches], 0), rtol=1e-5)


def test_data_reading_primitives_are_not_autocast():
    class Lookup(nn.Cell):
        def construct(self, sequence, value):
            return ops.searchsorted(sequence, value), sequence + 0.0

    sequence = T(np.array([1.0, 1.0 + 2.0 ** -12, 2.0], np.float32))  # 1 + 2**-12 is 1.0 in float16
    position, shifted = Lookup().to_float(ms.float16)(sequence, T(np.array([1.0 + 2.0 ** -13], np.float32)))
    assert shifted.dtype == ms.float16  # the Cell does cast its ops
    _equal(position, [1])  # found in float32, as before the seam (float16 would say 0)
