"""The cases of the API-names golden fixture: each is run with MindSpore 2.10 (gen_api_names.py) and with
minispore (tests/ops/test_api_names.py) and the results compared.

A case is `name: fn(ms)` where `ms` is the framework module (mindspore or minispore); it returns a Tensor,
a number, or a (nested) tuple/list of them. Inputs come from a fixed NumPy generator.
"""
import numpy as np

RS = np.random.RandomState(20260612)


def _f(*shape, low=-2.0, high=2.0):
    return RS.uniform(low, high, shape).astype(np.float32)


def _g(*shape, low=-2.0, high=2.0):
    """Inputs made when a case runs: from a generator of their own, so any subset of cases gives the same."""
    return np.random.RandomState(7 * sum(shape) + len(shape)).uniform(low, high, shape).astype(np.float32)


X23 = np.arange(6, dtype=np.float32).reshape(2, 3)
A34 = _f(3, 4)
B44 = _f(4, 4)
IMG = _f(2, 3, 5, 5)
VOL = _f(2, 4, 5, 6, 5)
W3D = _f(6, 2, 2, 3, 2)
BOXES = np.array([[0, 0, 4, 4], [1, 1, 5, 6], [2, 0, 3, 9]], np.float32)
GT = np.array([[0, 0, 3, 3], [1, 2, 6, 5]], np.float32)
LOG_PROBS = np.log(np.exp(_f(6, 2, 5)) / np.exp(_f(6, 2, 5)).sum(-1, keepdims=True) + 1e-3).astype(np.float32)
SQUARE = (_f(3, 3, low=0.5, high=1.5) + 3 * np.eye(3)).astype(np.float32)
GRID = _f(2, 3, 4, 2, low=-1.2, high=1.2)


def T(ms, value, dtype=None):
    return ms.Tensor(value, dtype) if dtype is not None else ms.Tensor(value)


CASES = {
    # --- ops functions and Primitive classes --------------------------------------------------------------
    "gather_nd": lambda ms: ms.ops.gather_nd(T(ms, A34), T(ms, np.array([[0, 1], [2, 3], [1, 0]], np.int32))),
    "gather_nd_rows": lambda ms: ms.ops.GatherNd()(T(ms, A34), T(ms, np.array([[2], [0]], np.int32))),
    "scatter_nd": lambda ms: ms.ops.scatter_nd(T(ms, np.array([[0], [2], [0]], np.int32)),
                                               T(ms, np.array([1.0, 2.0, 3.0], np.float32)), (4,)),
    "tensor_scatter_update": lambda ms: ms.ops.tensor_scatter_update(
        T(ms, A34), T(ms, np.array([[0, 1], [2, 2]], np.int32)), T(ms, np.array([9.0, 8.0], np.float32))),
    "slice": lambda ms: ms.ops.Slice()(T(ms, A34), (1, 0), (2, -1)),
    "strided_slice": lambda ms: ms.ops.StridedSlice()(T(ms, B44), (0, 1), (4, 4), (2, 2)),
    "strided_slice_masks": lambda ms: ms.ops.StridedSlice(begin_mask=1, end_mask=2, shrink_axis_mask=0)(
        T(ms, B44), (1, 1), (3, 2), (1, 1)),
    "flatten_prim": lambda ms: ms.ops.Flatten()(T(ms, IMG)),
    "broadcast_to_prim": lambda ms: ms.ops.BroadcastTo((2, 3, 4))(T(ms, A34[0])),
    "sort_prim": lambda ms: ms.ops.Sort(axis=1, descending=True)(T(ms, A34)),
    "topk_prim": lambda ms: ms.ops.TopK()(T(ms, A34), 2),
    "unstack": lambda ms: ms.ops.unstack(T(ms, A34), 1),
    "pad_prim": lambda ms: ms.ops.Pad(((1, 0), (0, 2)))(T(ms, X23)),
    "gather_d": lambda ms: ms.ops.gather_d(T(ms, A34), 1, T(ms, np.array([[0, 3], [1, 1], [2, 0]], np.int32))),
    "eye_prim": lambda ms: ms.ops.Eye()(3, 2, ms.int32),
    "scalar_to_tensor": lambda ms: ms.ops.scalar_to_tensor(3, ms.float16),
    "tuple_to_array": lambda ms: (ms.ops.tuple_to_array((1, 2)), ms.ops.tuple_to_array((1.5, 2.0))),
    "logical_prims": lambda ms: (ms.ops.LogicalAnd()(T(ms, X23) > 1, T(ms, X23) < 4),
                                 ms.ops.LogicalNot()(T(ms, X23) > 2)),
    "round_prim": lambda ms: ms.ops.Round()(T(ms, np.array([0.5, 1.5, -0.5, 2.4, -2.6], np.float32))),
    "layer_norm_prim": lambda ms: ms.ops.LayerNorm(1, 1)(T(ms, A34), T(ms, np.full(4, 1.5, np.float32)),
                                                         T(ms, np.full(4, 0.1, np.float32))),
    "l2_normalize": lambda ms: ms.ops.L2Normalize(axis=1, epsilon=1e-4)(T(ms, A34)),
    "smooth_l1_prim": lambda ms: ms.ops.SmoothL1Loss(beta=0.5)(T(ms, A34), T(ms, A34[::-1].copy())),
    "assign_add": lambda ms: (lambda p: (ms.ops.assign_add(p, T(ms, A34)), p))(
        ms.Parameter(T(ms, np.ones((3, 4), np.float32)), name="p")),
    "iou": lambda ms: ms.ops.IOU()(T(ms, BOXES), T(ms, GT)),
    "iof": lambda ms: ms.ops.IOU(mode="iof")(T(ms, BOXES), T(ms, GT)),
    "bbox_encode": lambda ms: ms.ops.BoundingBoxEncode(means=(0.1, 0.0, 0.0, 0.2), stds=(1.0, 2.0, 1.0, 0.5))(
        T(ms, BOXES), T(ms, np.array([[1, 1, 5, 6], [0, 0, 4, 4], [2, 2, 4, 8]], np.float32))),
    "bbox_decode": lambda ms: ms.ops.BoundingBoxDecode((8, 7), stds=(1.0, 1.0, 2.0, 2.0))(
        T(ms, BOXES), T(ms, np.array([[0.1, -0.2, 0.3, 0.1], [0.0, 0.5, -1.0, 0.2], [1.0, 1.0, 5.0, 5.0]],
                                    np.float32))),
    "check_valid": lambda ms: ms.ops.CheckValid()(T(ms, BOXES), T(ms, np.array([9, 6, 1], np.float32))),
    "nms": lambda ms: ms.ops.NMSWithMask(0.3)(T(ms, np.array([[0, 0, 4, 4, 0.5], [1, 1, 5, 5, 0.9],
                                                               [8, 8, 9, 9, 0.7], [0, 0, 4, 4.5, 0.8]],
                                                              np.float32))),
    "resize_nearest": lambda ms: ms.ops.ResizeNearestNeighbor((3, 7))(T(ms, IMG)),
    "resize_nearest_corners": lambda ms: ms.ops.ResizeNearestNeighbor((7, 3), align_corners=True)(T(ms, IMG)),
    "resize_nearest_half": lambda ms: ms.ops.ResizeNearestNeighbor((4, 8), half_pixel_centers=True)(T(ms, IMG)),
    "crop_and_resize": lambda ms: ms.ops.CropAndResize()(
        T(ms, np.transpose(IMG, (0, 2, 3, 1)).copy()), T(ms, np.array([[0.1, 0.2, 0.8, 0.9], [-0.2, 0.0, 0.5, 1.3]],
                                                                       np.float32)),
        T(ms, np.array([1, 0], np.int32)), (3, 4)),
    "crop_and_resize_nearest": lambda ms: ms.ops.CropAndResize("nearest", 0.5)(
        T(ms, np.transpose(IMG, (0, 2, 3, 1)).copy()), T(ms, np.array([[0.0, 0.0, 1.0, 1.0], [0.3, -0.5, 0.7, 0.6]],
                                                                       np.float32)),
        T(ms, np.array([0, 1], np.int32)), (4, 3)),
    "roi_align": lambda ms: ms.ops.ROIAlign(2, 3, 0.5, 2)(
        T(ms, IMG), T(ms, np.array([[0, 0.2, 0.3, 7.2, 6.1], [1, 2.0, 1.0, 9.0, 9.0]], np.float32))),
    "roi_align_adaptive": lambda ms: ms.ops.ROIAlign(3, 2, 1.0, 0, 0)(
        T(ms, IMG), T(ms, np.array([[1, 0.5, 0.5, 3.5, 4.0], [0, 1.0, 0.0, 5.0, 4.0]], np.float32))),
    "clip_by_global_norm": lambda ms: ms.ops.clip_by_global_norm((T(ms, A34), T(ms, X23)), 2.0),
    "margin_ranking_loss": lambda ms: ms.ops.margin_ranking_loss(T(ms, A34[0]), T(ms, A34[1]),
                                                                 T(ms, np.array([1, -1, 1, -1], np.float32)), 0.3),
    "ctc_loss": lambda ms: ms.ops.ctc_loss(T(ms, LOG_PROBS), T(ms, np.array([[1, 2, 2], [3, 1, 0]], np.int32)),
                                           T(ms, np.array([6, 5], np.int32)), T(ms, np.array([3, 2], np.int32)),
                                           reduction="none"),
    "ctc_loss_mean": lambda ms: ms.nn.CTCLoss(blank=4)(T(ms, LOG_PROBS), T(ms, np.array([[1, 2], [3, 3]], np.int32)),
                                                       T(ms, np.array([6, 6], np.int32)),
                                                       T(ms, np.array([2, 2], np.int32))),
    "conv3d": lambda ms: ms.ops.conv3d(T(ms, VOL), T(ms, W3D), stride=(2, 1, 2), pad_mode="pad",
                                       padding=(1, 0, 1), dilation=(1, 2, 1), groups=2),
    "conv3d_prim": lambda ms: ms.ops.Conv3D(6, (2, 3, 2), pad_mode="same", group=2)(T(ms, VOL), T(ms, W3D)),
    "conv3d_transpose_prim": lambda ms: ms.ops.Conv3DTranspose(4, 4, (2, 3, 2), stride=2, pad_mode="pad",
                                                               pad=(1, 0, 0, 1, 1, 1), output_padding=1)(
        T(ms, VOL), T(ms, _W3DT)),
    "conv2d_prim": lambda ms: ms.ops.Conv2D(4, 3, pad_mode="pad", pad=(1, 0, 2, 1), stride=2)(
        T(ms, IMG), T(ms, _W2D)),
    "conv2d_backprop_input": lambda ms: ms.ops.Conv2DBackpropInput(4, 3, pad_mode="same")(
        T(ms, _g(2, 4, 5, 5)), T(ms, _W2D), (2, 3, 5, 5)),
    "maxpool_prim": lambda ms: ms.ops.MaxPool(3, 2, "same")(T(ms, IMG)),
    "avgpool_prim": lambda ms: ms.ops.AvgPool(3, 2, "same")(T(ms, IMG)),
    "adaptive_avg_pool2d_prim": lambda ms: ms.ops.AdaptiveAvgPool2D((2, 3))(T(ms, IMG)),
    "cummax": lambda ms: ms.ops.cummax(T(ms, np.array([[1, 3, 3, 2], [0, -1, 5, 5]], np.float32)), 1),
    "cummin": lambda ms: ms.ops.cummin(T(ms, np.array([[1, 3, 0, 2], [0, -1, 5, -1]], np.float32)), 1),
    "logaddexp": lambda ms: ms.ops.logaddexp(T(ms, A34), T(ms, A34[::-1].copy())),
    "roll": lambda ms: ms.ops.roll(T(ms, A34), (1, -2), (0, 1)),
    "diff": lambda ms: ms.ops.diff(T(ms, A34), 2, 1),
    "cdist": lambda ms: ms.ops.cdist(T(ms, A34), T(ms, B44), 1.5),
    "trace": lambda ms: ms.ops.trace(T(ms, A34)),
    "addmv": lambda ms: ms.ops.addmv(T(ms, A34[:, 0].copy()), T(ms, A34), T(ms, B44[0]), beta=0.5, alpha=2.0),
    "baddbmm": lambda ms: ms.ops.baddbmm(T(ms, np.ones((2, 3, 3), np.float32)), T(ms, _g(2, 3, 4)), T(ms, _g(2, 4, 3)),
                                         0.5, 1.5),
    "cross": lambda ms: ms.ops.cross(T(ms, _g(2, 3)), T(ms, _g(2, 3)), 1),
    "median": lambda ms: ms.ops.median(T(ms, A34), 1),
    "repeat_interleave": lambda ms: ms.ops.repeat_interleave(T(ms, A34), 2, 1),
    "scatter": lambda ms: ms.ops.scatter(T(ms, np.zeros((3, 4), np.float32)), 1,
                                         T(ms, np.array([[0, 2], [1, 3], [3, 0]], np.int64)), T(ms, A34[:, :2].copy())),
    "searchsorted": lambda ms: ms.ops.searchsorted(T(ms, np.array([1.0, 2.0, 2.0, 5.0], np.float32)),
                                                   T(ms, np.array([0.5, 2.0, 6.0], np.float32)), right=True),
    "unique_consecutive": lambda ms: ms.ops.unique_consecutive(T(ms, np.array([1, 1, 2, 2, 3, 1, 1], np.int64)),
                                                               True, True),
    "hardtanh": lambda ms: ms.ops.hardtanh(T(ms, A34), -0.5, 1.0),
    "glu": lambda ms: ms.ops.glu(T(ms, A34), 1),
    "threshold": lambda ms: ms.ops.threshold(T(ms, A34), 0.2, -9.0),
    "soft_margin_loss": lambda ms: ms.ops.soft_margin_loss(T(ms, A34), T(ms, np.sign(A34[::-1]).copy())),
    "cosine_embedding_loss": lambda ms: ms.ops.cosine_embedding_loss(T(ms, A34), T(ms, A34[::-1].copy()),
                                                                     T(ms, np.array([1, -1, 1], np.float32)), 0.1),
    "pixel_shuffle": lambda ms: ms.ops.pixel_shuffle(T(ms, _g(1, 8, 2, 3)), 2),
    "unfold": lambda ms: ms.ops.unfold(T(ms, IMG), (2, 3), 1, 1, 2),
    "fold": lambda ms: ms.ops.fold(T(ms, _g(2, 3 * 4, 9)), T(ms, np.array([4, 4], np.int32)), 2, 1, 1, 2),
    "avg_pool3d": lambda ms: ms.ops.avg_pool3d(T(ms, VOL), 2, 2, 1, False, False),
    "avg_pool3d_ceil": lambda ms: ms.ops.avg_pool3d(T(ms, VOL), (2, 3, 2), (2, 2, 1), 0, True, True),
    "adaptive_avg_pool3d": lambda ms: ms.ops.adaptive_avg_pool3d(T(ms, VOL), (2, 3, 2)),
    "max_unpool2d": lambda ms: (lambda out: ms.ops.max_unpool2d(out[0], out[1], 2))(
        ms.ops.max_pool2d(T(ms, _g(2, 3, 4, 6)), 2, return_indices=True)),
    "grid_sample_bilinear": lambda ms: ms.ops.grid_sample(T(ms, IMG), T(ms, GRID), "bilinear", "zeros", False),
    "grid_sample_border": lambda ms: ms.ops.grid_sample(T(ms, IMG), T(ms, GRID), "bilinear", "border", True),
    "grid_sample_reflection": lambda ms: ms.ops.grid_sample(T(ms, IMG), T(ms, GRID), "nearest", "reflection", False),
    "inverse": lambda ms: ms.ops.inverse(T(ms, SQUARE)),
    "erfinv": lambda ms: ms.ops.erfinv(T(ms, np.array([-0.9, -0.3, 0.0, 0.5, 0.99], np.float32))),
    "atan2": lambda ms: ms.ops.atan2(T(ms, A34), T(ms, A34[::-1].copy())),
    "acosh_asinh_atanh": lambda ms: (ms.ops.acosh(T(ms, np.abs(A34) + 1)), ms.ops.asinh(T(ms, A34)),
                                     ms.ops.atanh(T(ms, A34 / 2.5))),
    "exp2_log2_log10": lambda ms: (ms.ops.exp2(T(ms, A34)), ms.ops.log2(T(ms, np.abs(A34) + 0.1)),
                                   ms.ops.log10(T(ms, np.abs(A34) + 0.1))),
    "sinc_frac_fmod": lambda ms: (ms.ops.sinc(T(ms, A34)), ms.ops.frac(T(ms, A34 * 2)),
                                  ms.ops.fmod(T(ms, A34 * 3), T(ms, np.full((3, 4), 1.3, np.float32)))),
    "nan_to_num": lambda ms: ms.ops.nan_to_num(T(ms, np.array([np.nan, np.inf, -np.inf, 1.5], np.float32)), 0.5, 9.0),
    "amax_initial_where": lambda ms: ms.ops.amax(T(ms, A34), 1, initial=0.5,
                                                 where=T(ms, np.array([[True, False, True, True]] * 3))),
    "einsum_like_matmul": lambda ms: ms.ops.matmul(T(ms, A34), T(ms, B44)),
    # --- nn layers --------------------------------------------------------------------------------------
    "nn_pad_reflect": lambda ms: ms.nn.Pad(((1, 1), (2, 1)), "REFLECT")(T(ms, A34)),
    "nn_pad_symmetric": lambda ms: ms.nn.Pad(((2, 1), (0, 3)), "SYMMETRIC")(T(ms, A34)),
    "nn_clip_by_norm": lambda ms: ms.nn.ClipByNorm()(T(ms, A34), T(ms, np.float32(1.2))),
    "nn_range": lambda ms: (ms.nn.Range(2, 11, 3)(), ms.nn.Range(0.5, 2.0, 0.25)(), ms.nn.Range(5)()),
    "nn_one_hot": lambda ms: ms.nn.OneHot(axis=0, depth=4, on_value=2.0, off_value=-1.0)(
        T(ms, np.array([0, 3, 1], np.int32))),
    "nn_matmul": lambda ms: ms.nn.MatMul(transpose_x1=True)(T(ms, _g(2, 4, 3)), T(ms, _g(2, 4, 5))),
    "nn_margin_ranking": lambda ms: ms.nn.MarginRankingLoss(0.2, "sum")(
        T(ms, A34[0]), T(ms, A34[2]), T(ms, np.array([1, 1, -1, -1], np.float32))),
    "nn_conv3d": lambda ms: ms.nn.Conv3d(4, 6, (2, 3, 2), stride=(1, 2, 1), pad_mode="pad", padding=(0, 1, 1, 0, 1, 1),
                                         group=2, weight_init=T(ms, W3D), has_bias=True, bias_init="ones")(T(ms, VOL)),
    "nn_conv3d_transpose": lambda ms: ms.nn.Conv3dTranspose(4, 4, (2, 3, 2), stride=2, pad_mode="same",
                                                            weight_init=T(ms, _W3DT))(T(ms, VOL)),
    "nn_batchnorm3d_train": lambda ms: (lambda bn: (bn(T(ms, VOL)), bn.bn2d.moving_mean, bn.bn2d.moving_variance))(
        ms.nn.BatchNorm3d(4).set_train()),
    "nn_sync_batchnorm_train": lambda ms: (lambda bn: (bn(T(ms, IMG)), bn.moving_mean))(
        ms.nn.SyncBatchNorm(3).set_train()),
    # --- mint ---------------------------------------------------------------------------------------------
    "mint_max_dim": lambda ms: ms.mint.max(T(ms, A34), 1, True),
    "mint_min_all": lambda ms: ms.mint.min(T(ms, A34)),
    "mint_sum_mean": lambda ms: (ms.mint.sum(T(ms, A34), (0, 1), True), ms.mint.mean(T(ms, A34), 0)),
    "mint_std_var": lambda ms: (ms.mint.std(T(ms, A34), 1, correction=0), ms.mint.var(T(ms, A34), 0, keepdim=True)),
    "mint_add_alpha": lambda ms: ms.mint.add(T(ms, A34), T(ms, A34[::-1].copy()), alpha=2.5),
    "mint_gather": lambda ms: ms.mint.gather(T(ms, A34), 1, T(ms, np.array([[0, 3], [1, 1], [2, 0]], np.int64))),
    "mint_topk_sort": lambda ms: (ms.mint.topk(T(ms, A34), 2, dim=0), ms.mint.sort(T(ms, A34), dim=1)),
    "mint_argsort": lambda ms: ms.mint.argsort(T(ms, A34), dim=1, descending=True),
    "mint_linear": lambda ms: ms.mint.nn.functional.linear(T(ms, A34), T(ms, B44[:2].copy()), T(ms, B44[2, :2].copy())),
    "mint_normalize": lambda ms: ms.mint.nn.functional.normalize(T(ms, A34), 2.0, 0),
    "mint_one_hot": lambda ms: ms.mint.nn.functional.one_hot(T(ms, np.array([0, 2, 1], np.int64)), 4),
    "mint_softmax": lambda ms: ms.mint.softmax(T(ms, A34), 0),
    "mint_logsumexp": lambda ms: ms.mint.logsumexp(T(ms, A34), 1),
    "mint_cumsum": lambda ms: ms.mint.cumsum(T(ms, A34), 1),
    "mint_where": lambda ms: ms.mint.where(T(ms, A34) > 0, T(ms, A34), T(ms, np.zeros((3, 4), np.float32))),
    "mint_index_add": lambda ms: ms.mint.index_add(T(ms, np.zeros((3, 4), np.float32)), 1,
                                                   T(ms, np.array([0, 3, 0], np.int32)), T(ms, A34[:, :3].copy()),
                                                   alpha=2),
    "mint_linalg": lambda ms: (ms.mint.linalg.vector_norm(T(ms, A34), 3), ms.mint.linalg.matrix_norm(T(ms, A34), 1),
                               ms.mint.linalg.inv(T(ms, SQUARE))),
    "mint_batchnorm_train": lambda ms: (lambda bn: (bn(T(ms, IMG)), bn.running_mean, bn.running_var))(
        ms.mint.nn.BatchNorm2d(3).set_train()),
    # --- mindspore.numpy ----------------------------------------------------------------------------------
    "np_tile_where_sum": lambda ms: (ms.numpy.tile(T(ms, X23), (2, 1)), ms.numpy.where(T(ms, X23) > 2, T(ms, X23), 0),
                                     ms.numpy.sum(T(ms, X23), axis=1)),
    "np_roll_concat_mean_triu": lambda ms: (ms.numpy.roll(T(ms, A34), 2), ms.numpy.concatenate((T(ms, X23),) * 2, 1),
                                            ms.numpy.mean(T(ms, A34), 0), ms.numpy.triu(T(ms, B44), 1)),
    "np_creation": lambda ms: (ms.numpy.arange(5), ms.numpy.array([1, 2]), ms.numpy.linspace(0, 1, 5),
                               ms.numpy.full((2, 2), 3), ms.numpy.eye(3, k=1)),
    "np_convolve_kron": lambda ms: (ms.numpy.convolve(T(ms, A34[0]), T(ms, A34[1, :3].copy())),
                                    ms.numpy.kron(T(ms, X23), T(ms, np.eye(2, dtype=np.float32)))),
    "np_interp_diff_polyval": lambda ms: (
        ms.numpy.interp(T(ms, np.array([0.5, 1.5, 3.5], np.float32)), T(ms, np.array([0.0, 1.0, 2.0, 3.0], np.float32)),
                        T(ms, np.array([1.0, 3.0, 2.0, 0.0], np.float32))),
        ms.numpy.diff(T(ms, A34), axis=0), ms.numpy.polyval(T(ms, np.array([1.0, -2.0, 0.5], np.float32)), T(ms, A34))),
    "np_cov_corrcoef": lambda ms: (ms.numpy.cov(T(ms, A34)), ms.numpy.corrcoef(T(ms, A34))),
    "np_cross_average": lambda ms: (ms.numpy.cross(T(ms, _g(2, 3)), T(ms, _g(2, 3))),
                                    ms.numpy.average(T(ms, A34), 1, T(ms, np.array([1.0, 2.0, 0.0, 1.0], np.float32)))),
    "np_pad_reflect": lambda ms: ms.numpy.pad(T(ms, X23), ((1, 1), (2, 0)), mode="reflect"),
    "np_logic": lambda ms: (ms.numpy.isclose(T(ms, A34), T(ms, A34 + 1e-6)), ms.numpy.logaddexp(T(ms, A34), T(ms, B44[:3]))),
}

_W3DT = _f(4, 4, 2, 3, 2)
_W2D = _f(4, 3, 3, 3)
