"""Gradients of the composite API ops of issue 12 (they record their primitives' rules), by finite differences
in float64; and the primitives' first-order rules through the public ops."""
import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, mint, ops
from minispore.tools.gradcheck import check_vjp

RNG = np.random.default_rng(12)
BOXES = np.array([[0.1, 0.2, 0.8, 0.9], [-0.2, 0.0, 0.5, 1.3]])
ROIS = np.array([[0, 0.2, 0.3, 3.2, 3.1], [1, 1.0, 0.5, 3.5, 3.9]])
GRID = RNG.uniform(-1.1, 1.1, (2, 3, 4, 2))

CASES = {
    "crop_and_resize": ((2, 5, 5, 3), lambda x: ops.CropAndResize()(x, Tensor(BOXES), Tensor([1, 0], ms.int32),
                                                                    (3, 4))),
    "roi_align": ((2, 3, 5, 5), lambda x: ops.ROIAlign(2, 3, 1.0, 2)(x, Tensor(ROIS))),
    "grid_sample": ((2, 3, 5, 5), lambda x: ops.grid_sample(x, Tensor(GRID), "bilinear", "zeros", False)),
    "unfold_fold": ((2, 3, 5, 5), lambda x: ops.fold(ops.unfold(x, 2, 1, 1, 2), (5, 5), 2, 1, 1, 2)),
    "avg_pool3d": ((1, 2, 4, 5, 4), lambda x: ops.avg_pool3d(x, 2, 1, 1, False, False)),
    "adaptive_avg_pool3d": ((1, 2, 4, 5, 4), lambda x: ops.adaptive_avg_pool3d(x, (2, 3, 2))),
    "pixel_shuffle": ((1, 8, 2, 3), lambda x: ops.pixel_shuffle(x, 2)),
    "cummax": ((3, 5), lambda x: ops.cummax(x, 1)[0]),
    "median": ((3, 5), lambda x: ops.median(x, 1)[0]),
    "gather_nd": ((3, 4), lambda x: ops.gather_nd(x, Tensor([[0, 1], [2, 3], [0, 1]]))),
    "scatter": ((3, 4), lambda x: ops.scatter(x, 1, Tensor([[0, 2], [1, 3], [3, 0]]), x[:, :2] * 2)),
    "logaddexp": ((3, 4), lambda x: ops.logaddexp(x, x * 0.5)),
    "cdist": ((3, 4), lambda x: ops.cdist(x, x[::-1] + 0.3)),
    "cross": ((2, 3), lambda x: ops.cross(x, x[::-1] * 2, 1)),
    "l2_normalize": ((3, 4), lambda x: ops.L2Normalize(axis=1)(x)),
    "iou": ((3, 4), lambda x: ops.iou(ops.abs(x) + Tensor([[0.0, 0.0, 4.0, 4.0]]), Tensor([[0.0, 0.0, 3.0, 3.0]]))),
    "bounding_box_decode": ((3, 4), lambda x: ops.BoundingBoxDecode((50, 50))(Tensor(
        np.array([[1, 1, 9, 9], [2, 3, 8, 7], [0, 0, 5, 5.0]])), x * 0.1)),
    "nn_pad_reflect": ((3, 4), lambda x: ms.nn.Pad(((1, 1), (2, 1)), "REFLECT")(x)),
    "mint_max_dim": ((3, 4), lambda x: mint.max(x, 1)[0]),
    "mint_index_add": ((3, 4), lambda x: mint.index_add(x, 1, Tensor([0, 3, 0]), x[:, :3], alpha=2)),
    "numpy_interp": ((4,), lambda x: ms.numpy.interp(Tensor(np.array([0.5, 1.5, 2.2])),
                                                     Tensor(np.array([0.0, 1.0, 2.0, 3.0])), x)),
    "numpy_convolve": ((5,), lambda x: ms.numpy.convolve(x, x[:3])),
    "einsum_ellipsis": ((2, 3, 4), lambda x: ops.einsum("...ij,...jk->...ik", x, x.swapaxes(-1, -2))),
    "ctc_through_log_softmax": ((6, 2, 5), lambda x: ops.ctc_loss(ops.log_softmax(x, -1), Tensor([[1, 2], [3, 3]]),
                                                                  Tensor([6, 6]), Tensor([2, 2]), 0, "sum")[0]),
    "inverse": ((3, 3), lambda x: ops.inverse(x + Tensor(np.eye(3) * 3))),
    "qr": ((4, 3), lambda x: ops.qr(x)[0]),
    "erfinv": ((3, 4), lambda x: ops.erfinv(ops.tanh(x) * 0.9)),
    "triangular_solve": ((3, 3), lambda x: mint.triangular_solve(x[:, :2], x + Tensor(np.eye(3) * 3))[0]),
}


# CropAndResize computes in float32 (MindSpore's output dtype): it is linear in the image, so a wide step
# measures its slope exactly while keeping float32 rounding out of the difference.
STEP = {"crop_and_resize": 1e-1}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    shape, fn = CASES[name]
    check_vjp(fn, [RNG.uniform(-1.5, 1.5, shape)], np.random.default_rng(3), rtol=1e-4, atol=1e-5,
              eps=STEP.get(name, 1e-6))


def test_ctc_gradient_reaches_logits_as_mindspore_s():
    """Through log_softmax the logits' gradient is softmax - occupancy, whichever convention CTC's own rule uses:
    here the rows of the log-probabilities' gradient sum to -1 per step (true derivative), not 0."""
    logits = Tensor(RNG.standard_normal((5, 1, 4)))
    targets, lengths, target_lengths = Tensor([[1, 2]]), Tensor([5]), Tensor([2])
    log_probs = ops.log_softmax(logits, -1)
    g = ms.grad(lambda lp: ops.ctc_loss(lp, targets, lengths, target_lengths, reduction="sum")[0])(log_probs)
    np.testing.assert_allclose(g.asnumpy().sum(-1), -1.0, rtol=1e-6)
    g_logits = ms.grad(lambda x: ops.ctc_loss(ops.log_softmax(x, -1), targets, lengths, target_lengths,
                                              reduction="sum")[0])(logits)
    np.testing.assert_allclose(g_logits.asnumpy().sum(-1), 0.0, atol=1e-6)
