"""Detection and resampling ops: boxes (iou, bounding_box_encode/decode, check_valid, nms_with_mask) and
bilinear sampling of images (crop_and_resize, roi_align, resize_nearest_neighbor).

Box corners follow MindSpore's pixel convention: a box [x1, y1, x2, y2] is (x2 - x1 + 1) wide. The sampling
ops gather the four neighbours of each sample point at positions and weights that a primitive without
gradient reads off the boxes (`ops/_prims/vision.py`), so they are differentiable in the image (the box
coordinates are data, as MindSpore's CPU kernels treat them).
"""
import math

from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E, reduce as R, shape as S, vision as VP

__all__ = ["iou", "bounding_box_encode", "bounding_box_decode", "check_valid", "crop_and_resize"]


def _tensor(t, op, name):
    if not isinstance(t, Tensor):
        raise TypeError(f"For '{op}', the '{name}' must be a Tensor, but got {type(t).__name__}.")
    return t


def _boxes(t, op, name, width=4):
    if t.ndim != 2 or t.shape[1] != width:
        raise ValueError(f"For '{op}', the '{name}' must have shape (N, {width}), but got {t.shape}.")
    return t


def sample_taps(image, plan, taps=4):
    """The sum over the `taps` taps of a plan (see ops/_prims/vision.py) of image[lead, rows, cols] * weights,
    and the plan's entries after its taps."""
    lead = plan[0]._data
    total = None
    for k in range(1, 3 * taps + 1, 3):
        picked = S.getitem(image, index=(lead, plan[k]._data, plan[k + 1]._data))
        term = E.mul(picked, plan[k + 2])
        total = term if total is None else E.add(total, term)
    return total, plan[3 * taps + 1:]


def _split(boxes):
    return tuple(S.getitem(boxes, index=(slice(None), i)) for i in range(4))


def iou(anchor_boxes, gt_boxes, mode="iou"):
    """(M, N) overlaps of gt_boxes (M, 4) with anchor_boxes (N, 4): intersection over union ('iou') or over
    the ground-truth box's area ('iof')."""
    if mode not in ("iou", "iof"):
        raise KeyError(f"For 'IOU', the 'mode' must be 'iou' or 'iof', but got {mode!r}.")
    _boxes(anchor_boxes, "IOU", "anchor_boxes")
    _boxes(gt_boxes, "IOU", "gt_boxes")
    ax1, ay1, ax2, ay2 = (S.expand_dims(c, axis=0) for c in _split(anchor_boxes))
    gx1, gy1, gx2, gy2 = (S.expand_dims(c, axis=1) for c in _split(gt_boxes))
    one = anchor_boxes._data.dtype.type(1)
    zero = anchor_boxes._data.dtype.type(0)
    width = E.maximum(E.add(E.sub(E.minimum(ax2, gx2), E.maximum(ax1, gx1)), one), zero)
    height = E.maximum(E.add(E.sub(E.minimum(ay2, gy2), E.maximum(ay1, gy1)), one), zero)
    overlap = E.mul(width, height)
    gt_area = E.mul(E.add(E.sub(gx2, gx1), one), E.add(E.sub(gy2, gy1), one))
    if mode == "iof":
        return E.div(overlap, gt_area)
    anchor_area = E.mul(E.add(E.sub(ax2, ax1), one), E.add(E.sub(ay2, ay1), one))
    return E.div(overlap, E.sub(E.add(anchor_area, gt_area), overlap))


def _centres(boxes):
    x1, y1, x2, y2 = _split(boxes)
    one = boxes._data.dtype.type(1)
    half = boxes._data.dtype.type(0.5)
    return (E.mul(E.add(x1, x2), half), E.mul(E.add(y1, y2), half),
            E.add(E.sub(x2, x1), one), E.add(E.sub(y2, y1), one))


def _stats(values, dtype):
    return Tensor(Tensor([list(values)], mstype.float32), dtype)


def bounding_box_encode(anchor_box, groundtruth_box, means=(0.0, 0.0, 0.0, 0.0), stds=(1.0, 1.0, 1.0, 1.0)):
    """Deltas (dx, dy, dw, dh) taking each anchor box to its ground-truth box, normalised by means and stds."""
    _boxes(anchor_box, "BoundingBoxEncode", "anchor_box")
    _boxes(groundtruth_box, "BoundingBoxEncode", "groundtruth_box")
    px, py, pw, ph = _centres(anchor_box)
    gx, gy, gw, gh = _centres(groundtruth_box)
    deltas = S.stack(E.div(E.sub(gx, px), pw), E.div(E.sub(gy, py), ph), E.log(E.div(gw, pw)),
                     E.log(E.div(gh, ph)), axis=1)
    dtype = anchor_box.dtype
    return E.div(E.sub(deltas, _stats(means, dtype)), _stats(stds, dtype))


def bounding_box_decode(anchor_box, deltas, max_shape, means=(0.0, 0.0, 0.0, 0.0), stds=(1.0, 1.0, 1.0, 1.0),
                        wh_ratio_clip=0.016):
    """Boxes from anchors and deltas (the inverse of bounding_box_encode), clipped to [0, w] x [0, h] of
    max_shape (h, w), as MindSpore's kernel clips."""
    _boxes(anchor_box, "BoundingBoxDecode", "anchor_box")
    _boxes(deltas, "BoundingBoxDecode", "deltas")
    dtype = anchor_box.dtype
    d = E.add(E.mul(deltas, _stats(stds, dtype)), _stats(means, dtype))
    dx, dy, dw, dh = _split(d)
    limit = abs(math.log(wh_ratio_clip))
    dw, dh = E.clamp(dw, low=-limit, high=limit), E.clamp(dh, low=-limit, high=limit)
    px, py, pw, ph = _centres(anchor_box)
    gw, gh = E.mul(pw, E.exp(dw)), E.mul(ph, E.exp(dh))
    gx, gy = E.add(px, E.mul(pw, dx)), E.add(py, E.mul(ph, dy))
    half = anchor_box._data.dtype.type(0.5)
    one = anchor_box._data.dtype.type(1)
    half_w, half_h = E.mul(E.sub(gw, one), half), E.mul(E.sub(gh, one), half)
    height, width = max_shape[0], max_shape[1]
    return S.stack(E.clamp(E.sub(gx, half_w), low=0, high=width), E.clamp(E.sub(gy, half_h), low=0, high=height),
                   E.clamp(E.add(gx, half_w), low=0, high=width), E.clamp(E.add(gy, half_h), low=0, high=height),
                   axis=1)


def check_valid(bboxes, img_metas):
    """Bool (N,): whether each box lies inside the image described by img_metas (height, width, ratio)."""
    _boxes(bboxes, "CheckValid", "bboxes")
    _tensor(img_metas, "CheckValid", "img_metas")
    if img_metas.shape != (3,):
        raise ValueError(f"For 'CheckValid', the 'img_metas' must have shape (3,), but got {img_metas.shape}.")
    rows, cols, ratio = (float(v) for v in img_metas.tolist())
    # The last valid pixel as a Float64 scalar: compared with the boxes as NumPy compares a float64 scalar.
    last_y, last_x = Tensor(rows * ratio - 1, mstype.float64), Tensor(cols * ratio - 1, mstype.float64)
    x1, y1, x2, y2 = _split(bboxes)
    inside = [E.greater_equal(x1, 0), E.greater_equal(y1, 0), E.less_equal(x2, last_x), E.less_equal(y2, last_y)]
    valid = inside[0]
    for condition in inside[1:]:
        valid = E.logical_and(valid, condition)
    return valid


def nms_with_mask(bboxes, iou_threshold=0.5):
    """Non-maximum suppression of (N, 5) boxes [x1, y1, x2, y2, score]: the boxes sorted by score, their
    original indices (Int32) and a Bool mask of the kept ones."""
    _boxes(bboxes, "NMSWithMask", "bboxes", width=5)
    order, keep = VP.nms_with_mask(bboxes, iou_threshold=iou_threshold)
    return S.getitem(bboxes, index=order._data), order, keep


def crop_and_resize(image, boxes, box_indices, crop_size, method="bilinear", extrapolation_value=0.0):
    """Crops of an NHWC `image` at normalised `boxes` (y1, x1, y2, x2), resized to crop_size (h, w):
    (num_boxes, h, w, C) Float32."""
    op = "CropAndResize"
    if method not in ("bilinear", "nearest", "bilinear_v2"):
        raise ValueError(f"For '{op}', the 'method' must be 'bilinear', 'nearest' or 'bilinear_v2', but got "
                         f"{method!r}.")
    if image.ndim != 4:
        raise ValueError(f"For '{op}', the 'image' must be 4-d (N, H, W, C), but got shape {image.shape}.")
    _boxes(_tensor(boxes, op, "boxes"), op, "boxes")
    index = _tensor(box_indices, op, "box_indices")._data
    if index.shape != (boxes.shape[0],) or (index.size and (int(index.min()) < 0 or
                                                           int(index.max()) >= image.shape[0])):
        raise ValueError(f"For '{op}', the 'box_indices' must hold one image index in [0, {image.shape[0]}) per box, "
                         f"but got {[int(i) for i in index.tolist()]}.")
    crop_h, crop_w = (int(n) for n in crop_size)
    float32 = mstype.float32._np
    image = E.cast(image, dtype=float32) if image._data.dtype != float32 else image
    taps = VP.crop_and_resize_taps(boxes, box_indices, size=image.shape[1:3], crop_size=(crop_h, crop_w),
                                   method=method, extrapolation=extrapolation_value, dtype=float32)
    total, outside = sample_taps(image, taps)  # (B, h, w, C)
    return E.add(total, outside[0]) if outside else total


def roi_align(features, rois, pooled_height, pooled_width, spatial_scale, sample_num=2, roi_end_mode=1):
    """Average of bilinear samples in each of pooled_height x pooled_width bins of every region
    [batch, x1, y1, x2, y2] of NCHW `features`: (R, C, pooled_height, pooled_width).

    As MindSpore's kernel: roi_end_mode 1 shifts the end by one pixel; 0 (legacy) makes regions at least
    1 x 1; sample_num 0 takes floor(region / pooled) samples a bin (at least one here: MindSpore divides by
    zero and returns NaN); a region with x1 = x2 = 0 gives zeros.
    """
    op = "ROIAlign"
    if features.ndim != 4:
        raise ValueError(f"For '{op}', the 'features' must be 4-d (N, C, H, W), but got shape {features.shape}.")
    _boxes(_tensor(rois, op, "rois"), op, "rois", width=5)
    xp = backend_of(rois._data).xp
    first = rois._data[:, 0].astype(xp.float64)
    batch = xp.rint(first + 7e-5)
    if batch.size and (int(batch.min()) < 0 or int(batch.max()) >= features.shape[0]):
        raise ValueError(f"For '{op}', every region's image index must be in [0, {features.shape[0] - 1}], but got "
                         f"{first.tolist()}.")
    moved = S.transpose(features, perm=(0, 2, 3, 1))  # NHWC: samples gather whole channel vectors
    taps = VP.roi_align_taps(rois, size=features.shape[2:], pooled=(pooled_height, pooled_width),
                             spatial_scale=spatial_scale, sample_num=sample_num, roi_end_mode=roi_end_mode,
                             dtype=features._data.dtype)
    sampled, (count,) = sample_taps(moved, taps)  # (R, PH, SH, PW, SW, C)
    pooled = E.div(R.sum(sampled, axis=(2, 4), keepdims=False), count)  # (R, PH, PW, C)
    return S.transpose(pooled, perm=(0, 3, 1, 2))


def resize_nearest_neighbor(input_x, size, align_corners=False, half_pixel_centers=False):
    """NCHW nearest-neighbour resize to `size` (h, w), with TensorFlow's corner conventions."""
    if input_x.ndim != 4:
        raise ValueError(f"For 'ResizeNearestNeighbor', the input must be 4-d (N, C, H, W), but got shape "
                         f"{input_x.shape}.")
    out_h, out_w = (int(n) for n in size)
    xp = backend_of(input_x._data).xp

    def source(in_size, out_size):
        if align_corners and out_size > 1:
            scale = (in_size - 1) / (out_size - 1)
        else:
            scale = in_size / out_size
        positions = xp.arange(out_size, dtype=xp.float64)
        if half_pixel_centers:
            found = xp.floor((positions + 0.5) * scale)
        elif align_corners:
            found = xp.round(positions * scale)
        else:
            found = xp.floor(positions * scale)
        return xp.minimum(found, in_size - 1).astype(xp.int64)

    rows, cols = source(input_x.shape[2], out_h), source(input_x.shape[3], out_w)
    return S.getitem(input_x, index=(slice(None), slice(None), rows[:, None], cols[None, :]))
