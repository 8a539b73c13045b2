"""Detection and resampling ops: boxes (iou, bounding_box_encode/decode, check_valid, nms_with_mask) and
bilinear sampling of images (crop_and_resize, roi_align, resize_nearest_neighbor).

Box corners follow MindSpore's pixel convention: a box [x1, y1, x2, y2] is (x2 - x1 + 1) wide. The sampling
ops gather the four neighbours of each sample point with host-computed positions and weights, so they
are differentiable in the image (the box coordinates are data, as MindSpore's CPU kernels treat them).
"""
import math

import numpy as np

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims import elementwise as E, reduce as R, shape as S

__all__ = ["iou", "bounding_box_encode", "bounding_box_decode", "check_valid", "crop_and_resize"]


def _host(t, op, name):
    if not isinstance(t, Tensor):
        raise TypeError(f"For '{op}', the '{name}' must be a Tensor, but got {type(t).__name__}.")
    return t.asnumpy()


def _boxes(t, op, name, width=4):
    if t.ndim != 2 or t.shape[1] != width:
        raise ValueError(f"For '{op}', the '{name}' must have shape (N, {width}), but got {t.shape}.")
    return t


def _on_device(array):
    """A host index array as an array of the backend the Tensors live on."""
    return Tensor(array)._data


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
    return Tensor(np.asarray(values, dtype=np.float32).reshape(1, 4), dtype)


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
    metas = _host(img_metas, "CheckValid", "img_metas").astype(np.float64)
    if metas.shape != (3,):
        raise ValueError(f"For 'CheckValid', the 'img_metas' must have shape (3,), but got {metas.shape}.")
    height, width = metas[0] * metas[2], metas[1] * metas[2]
    x1, y1, x2, y2 = _split(bboxes)
    inside = [E.greater_equal(x1, 0), E.greater_equal(y1, 0), E.less_equal(x2, width - 1),
              E.less_equal(y2, height - 1)]
    valid = inside[0]
    for condition in inside[1:]:
        valid = E.logical_and(valid, condition)
    return valid


def nms_with_mask(bboxes, iou_threshold=0.5):
    """Non-maximum suppression of (N, 5) boxes [x1, y1, x2, y2, score]: the boxes sorted by score, their
    original indices (Int32) and a Bool mask of the kept ones."""
    _boxes(bboxes, "NMSWithMask", "bboxes", width=5)
    data = bboxes.asnumpy()
    order = np.argsort(-data[:, 4], kind="stable")
    boxes = data[order]
    area = (boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1)
    keep = np.ones(len(boxes), bool)
    for i in range(len(boxes)):
        if not keep[i]:
            continue
        width = np.maximum(np.minimum(boxes[i, 2], boxes[i + 1:, 2]) - np.maximum(boxes[i, 0], boxes[i + 1:, 0]) + 1, 0)
        height = np.maximum(np.minimum(boxes[i, 3], boxes[i + 1:, 3]) - np.maximum(boxes[i, 1], boxes[i + 1:, 1]) + 1, 0)
        overlap = width * height
        keep[i + 1:] &= overlap / (area[i] + area[i + 1:] - overlap) <= iou_threshold
    return (S.getitem(bboxes, index=_on_device(order)), Tensor(order.astype(np.int32)), Tensor(keep))


def _bilinear(image, ys, xs, valid, extrapolation, lead, height_axis):
    """Sample `image` at float positions (ys, xs) (broadcast together) by bilinear interpolation; the axes
    before `height_axis` are picked by `lead` (a tuple of index arrays), positions outside become
    `extrapolation` where `valid` is False."""
    height, width = image.shape[height_axis], image.shape[height_axis + 1]
    y0 = np.clip(np.floor(ys), 0, height - 1).astype(np.int64)
    x0 = np.clip(np.floor(xs), 0, width - 1).astype(np.int64)
    y1, x1 = np.minimum(y0 + 1, height - 1), np.minimum(x0 + 1, width - 1)
    wy = np.clip(ys - y0, 0, 1)
    wx = np.clip(xs - x0, 0, 1)
    dtype = image._data.dtype
    trailing = (1,) * (image.ndim - height_axis - 2)  # weights broadcast over the axes after (H, W)
    total = None
    for yy, xx, weight in ((y0, x0, (1 - wy) * (1 - wx)), (y0, x1, (1 - wy) * wx), (y1, x0, wy * (1 - wx)),
                           (y1, x1, wy * wx)):
        picked = S.getitem(image, index=tuple(_on_device(i) for i in lead + (yy, xx)))
        term = E.mul(picked, Tensor((weight * valid).astype(dtype).reshape(weight.shape + trailing)))
        total = term if total is None else E.add(total, term)
    if extrapolation:
        total = E.add(total, Tensor(((~valid) * extrapolation).astype(dtype).reshape(valid.shape + trailing)))
    return total


def crop_and_resize(image, boxes, box_indices, crop_size, method="bilinear", extrapolation_value=0.0):
    """Crops of an NHWC `image` at normalised `boxes` (y1, x1, y2, x2), resized to crop_size (h, w):
    (num_boxes, h, w, C) Float32."""
    op = "CropAndResize"
    if method not in ("bilinear", "nearest", "bilinear_v2"):
        raise ValueError(f"For '{op}', the 'method' must be 'bilinear', 'nearest' or 'bilinear_v2', but got "
                         f"{method!r}.")
    if image.ndim != 4:
        raise ValueError(f"For '{op}', the 'image' must be 4-d (N, H, W, C), but got shape {image.shape}.")
    box = _host(_boxes(boxes, op, "boxes"), op, "boxes").astype(np.float64)
    index = _host(box_indices, op, "box_indices").astype(np.int64)
    if index.shape != (len(box),) or (index.size and (index.min() < 0 or index.max() >= image.shape[0])):
        raise ValueError(f"For '{op}', the 'box_indices' must hold one image index in [0, {image.shape[0]}) per box, "
                         f"but got {index.tolist()}.")
    crop_h, crop_w = (int(n) for n in crop_size)
    height, width = image.shape[1], image.shape[2]
    image = E.cast(image, dtype=mstype.float32._np) if image._data.dtype != np.float32 else image

    def positions(start, stop, size, count):
        if count > 1:
            return start[:, None] * (size - 1) + np.arange(count) * ((stop - start) * (size - 1) / (count - 1))[:, None]
        return (0.5 * (start + stop) * (size - 1))[:, None]

    ys = positions(box[:, 0], box[:, 2], height, crop_h)[:, :, None]  # (B, h, 1)
    xs = positions(box[:, 1], box[:, 3], width, crop_w)[:, None, :]   # (B, 1, w)
    valid = (ys >= 0) & (ys <= height - 1) & (xs >= 0) & (xs <= width - 1)
    if method == "nearest":
        ys, xs = np.round(ys), np.round(xs)
    ys, xs = np.broadcast_arrays(ys, xs)
    lead = (index[:, None, None],)
    valid = np.broadcast_to(valid, ys.shape)
    return _bilinear(image, ys, xs, valid, extrapolation_value, lead, 1)  # (B, h, w, C)


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
    region = _host(_boxes(rois, op, "rois", width=5), op, "rois").astype(np.float64)
    height, width = features.shape[2], features.shape[3]
    batch = np.rint(region[:, 0] + 7e-5).astype(np.int64)
    if batch.size and (batch.min() < 0 or batch.max() >= features.shape[0]):
        raise ValueError(f"For '{op}', every region's image index must be in [0, {features.shape[0] - 1}], but got "
                         f"{region[:, 0].tolist()}.")
    start_w, start_h = region[:, 1] * spatial_scale, region[:, 2] * spatial_scale
    roi_w = (region[:, 3] + roi_end_mode) * spatial_scale - start_w
    roi_h = (region[:, 4] + roi_end_mode) * spatial_scale - start_h
    if roi_end_mode == 0:
        roi_w, roi_h = np.maximum(roi_w, 1.0), np.maximum(roi_h, 1.0)
    bin_h, bin_w = roi_h / pooled_height, roi_w / pooled_width
    if sample_num > 0:
        grid_h = grid_w = np.full(len(region), sample_num)
    else:
        grid_h = np.maximum(np.floor(roi_h / pooled_height), 1).astype(int)
        grid_w = np.maximum(np.floor(roi_w / pooled_width), 1).astype(int)
    samples_h, samples_w = int(grid_h.max(initial=1)), int(grid_w.max(initial=1))
    # positions (R, PH, SH) and (R, PW, SW); samples past a region's own grid get weight 0
    ph, sh = np.arange(pooled_height)[None, :, None], np.arange(samples_h)[None, None, :]
    pw, sw = np.arange(pooled_width)[None, :, None], np.arange(samples_w)[None, None, :]
    ys = start_h[:, None, None] + ph * bin_h[:, None, None] + (sh + 0.5) * (bin_h / grid_h)[:, None, None]
    xs = start_w[:, None, None] + pw * bin_w[:, None, None] + (sw + 0.5) * (bin_w / grid_w)[:, None, None]
    used_h, used_w = sh < grid_h[:, None, None], sw < grid_w[:, None, None]
    ys, xs = ys[:, :, :, None, None], xs[:, None, None, :, :]  # (R, PH, SH, PW, SW)
    inside = (ys >= -1) & (ys <= height) & (xs >= -1) & (xs <= width)
    empty = (np.abs(region[:, 1]) < 1e-3) & (np.abs(region[:, 3]) < 1e-3)
    weight = inside & used_h[:, :, :, None, None] & used_w[:, None, None, :, :] & ~empty[:, None, None, None, None]
    ys, xs = np.clip(ys, 0, None), np.clip(xs, 0, None)
    ys, xs = np.broadcast_arrays(ys, xs)
    weight = np.broadcast_to(weight, ys.shape)
    moved = S.transpose(features, perm=(0, 2, 3, 1))  # NHWC: samples gather whole channel vectors
    lead = (batch[:, None, None, None, None],)
    sampled = _bilinear(moved, ys, xs, weight, 0.0, lead, 1)  # (R, PH, SH, PW, SW, C)
    count = (grid_h * grid_w).astype(features._data.dtype)[:, None, None, None]
    pooled = E.div(R.sum(sampled, axis=(2, 4), keepdims=False), Tensor(count))  # (R, PH, PW, C)
    return S.transpose(pooled, perm=(0, 3, 1, 2))


def resize_nearest_neighbor(input_x, size, align_corners=False, half_pixel_centers=False):
    """NCHW nearest-neighbour resize to `size` (h, w), with TensorFlow's corner conventions."""
    if input_x.ndim != 4:
        raise ValueError(f"For 'ResizeNearestNeighbor', the input must be 4-d (N, C, H, W), but got shape "
                         f"{input_x.shape}.")
    out_h, out_w = (int(n) for n in size)

    def source(in_size, out_size):
        if align_corners and out_size > 1:
            scale = (in_size - 1) / (out_size - 1)
        else:
            scale = in_size / out_size
        positions = np.arange(out_size, dtype=np.float64)
        if half_pixel_centers:
            found = np.floor((positions + 0.5) * scale)
        elif align_corners:
            found = np.round(positions * scale)
        else:
            found = np.floor(positions * scale)
        return np.minimum(found, in_size - 1).astype(np.int64)

    rows, cols = source(input_x.shape[2], out_h), source(input_x.shape[3], out_w)
    return S.getitem(input_x, index=(slice(None), slice(None), _on_device(rows[:, None]), _on_device(cols[None, :])))
