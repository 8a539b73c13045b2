"""Sampling plans of the detection and resampling ops, without a gradient: non-maximum suppression's
order and mask, and the taps of bilinear sampling (crop_and_resize, roi_align, grid_sample).

A plan is read off data that carries no gradient (boxes, regions, grids, as MindSpore's CPU kernels
treat them). A tap plan is `(lead, rows0, cols0, weights0, ..., rows3, cols3, weights3, *extra)`: the
sampled image is the sum over the taps of image[lead, rows, cols] * weights, gathered by the ops layer
so that it is differentiable in the image. Weights are already zero where a sample is invalid and
shaped to broadcast over the channels after (H, W).
"""
from minispore.ops._prims import defprim


def _nms_kernel(xp, boxes, *, iou_threshold):
    """(order by descending score (Int32), Bool mask of the kept boxes in that order) of (N, 5) boxes
    [x1, y1, x2, y2, score]; a box is (x2 - x1 + 1) wide, as in MindSpore's kernel."""
    order = xp.argsort(-boxes[:, 4], kind="stable")
    ranked = boxes[order]
    area = (ranked[:, 2] - ranked[:, 0] + 1) * (ranked[:, 3] - ranked[:, 1] + 1)
    keep = xp.ones(ranked.shape[0], dtype=bool)
    for i in range(ranked.shape[0]):
        if not keep[i]:
            continue
        rest = ranked[i + 1:]
        width = xp.maximum(xp.minimum(ranked[i, 2], rest[:, 2]) - xp.maximum(ranked[i, 0], rest[:, 0]) + 1, 0)
        height = xp.maximum(xp.minimum(ranked[i, 3], rest[:, 3]) - xp.maximum(ranked[i, 1], rest[:, 1]) + 1, 0)
        overlap = width * height
        keep[i + 1:] &= overlap / (area[i] + area[i + 1:] - overlap) <= iou_threshold
    return order.astype(xp.int32), keep


def _bilinear_taps(xp, ys, xs, valid, height, width, dtype):
    """The four taps (rows, cols, weights) of bilinear sampling at float positions (ys, xs) of an image of
    height x width; weights are 0 where `valid` is False, in `dtype`, with one trailing axis for channels."""
    y0 = xp.clip(xp.floor(ys), 0, height - 1).astype(xp.int64)
    x0 = xp.clip(xp.floor(xs), 0, width - 1).astype(xp.int64)
    y1, x1 = xp.minimum(y0 + 1, height - 1), xp.minimum(x0 + 1, width - 1)
    wy, wx = xp.clip(ys - y0, 0, 1), xp.clip(xs - x0, 0, 1)
    taps = ()
    for rows, cols, weight in ((y0, x0, (1 - wy) * (1 - wx)), (y0, x1, (1 - wy) * wx), (y1, x0, wy * (1 - wx)),
                               (y1, x1, wy * wx)):
        taps += (rows, cols, (weight * valid).astype(dtype).reshape(weight.shape + (1,)))
    return taps


def _crop_and_resize_kernel(xp, boxes, box_indices, *, size, crop_size, method, extrapolation, dtype):
    """The taps of crops at normalised boxes (y1, x1, y2, x2) of NHWC images of `size` (H, W), resized to
    crop_size (h, w); then, where extrapolation is not 0, the value outside the image ((B, h, w, 1))."""
    height, width = size
    crop_h, crop_w = crop_size
    box = boxes.astype(xp.float64)

    def positions(start, stop, extent, count):
        if count > 1:
            step = (stop - start) * (extent - 1) / (count - 1)
            return start[:, None] * (extent - 1) + xp.arange(count) * step[:, None]
        return (0.5 * (start + stop) * (extent - 1))[:, None]

    ys = positions(box[:, 0], box[:, 2], height, crop_h)[:, :, None]  # (B, h, 1)
    xs = positions(box[:, 1], box[:, 3], width, crop_w)[:, None, :]   # (B, 1, w)
    valid = (ys >= 0) & (ys <= height - 1) & (xs >= 0) & (xs <= width - 1)
    if method == "nearest":
        ys, xs = xp.round(ys), xp.round(xs)
    ys, xs = xp.broadcast_arrays(ys, xs)
    valid = xp.broadcast_to(valid, ys.shape)
    lead = box_indices.astype(xp.int64)[:, None, None]
    taps = (lead,) + _bilinear_taps(xp, ys, xs, valid, height, width, dtype)
    if extrapolation:
        taps += ((~valid * extrapolation).astype(dtype).reshape(valid.shape + (1,)),)
    return taps


def _roi_align_kernel(xp, rois, *, size, pooled, spatial_scale, sample_num, roi_end_mode, dtype):
    """The taps of every bilinear sample (R, PH, SH, PW, SW) in the bins of regions [batch, x1, y1, x2, y2] of
    NHWC features of `size` (H, W), then each region's number of samples a bin ((R, 1, 1, 1), in `dtype`)."""
    height, width = size
    pooled_height, pooled_width = pooled
    region = rois.astype(xp.float64)
    batch = xp.rint(region[:, 0] + 7e-5).astype(xp.int64)
    start_w, start_h = region[:, 1] * spatial_scale, region[:, 2] * spatial_scale
    roi_w = (region[:, 3] + roi_end_mode) * spatial_scale - start_w
    roi_h = (region[:, 4] + roi_end_mode) * spatial_scale - start_h
    if roi_end_mode == 0:
        roi_w, roi_h = xp.maximum(roi_w, 1.0), xp.maximum(roi_h, 1.0)
    bin_h, bin_w = roi_h / pooled_height, roi_w / pooled_width
    if sample_num > 0:
        grid_h = grid_w = xp.full(region.shape[0], sample_num, dtype=xp.int64)
    else:
        grid_h = xp.maximum(xp.floor(roi_h / pooled_height), 1).astype(xp.int64)
        grid_w = xp.maximum(xp.floor(roi_w / pooled_width), 1).astype(xp.int64)
    samples_h = max(int(grid_h.max()), 1) if grid_h.size else 1
    samples_w = max(int(grid_w.max()), 1) if grid_w.size else 1
    # positions (R, PH, SH) and (R, PW, SW); samples past a region's own grid get weight 0
    ph, sh = xp.arange(pooled_height)[None, :, None], xp.arange(samples_h)[None, None, :]
    pw, sw = xp.arange(pooled_width)[None, :, None], xp.arange(samples_w)[None, None, :]
    ys = start_h[:, None, None] + ph * bin_h[:, None, None] + (sh + 0.5) * (bin_h / grid_h)[:, None, None]
    xs = start_w[:, None, None] + pw * bin_w[:, None, None] + (sw + 0.5) * (bin_w / grid_w)[:, None, None]
    used_h, used_w = sh < grid_h[:, None, None], sw < grid_w[:, None, None]
    ys, xs = ys[:, :, :, None, None], xs[:, None, None, :, :]  # (R, PH, SH, PW, SW)
    inside = (ys >= -1) & (ys <= height) & (xs >= -1) & (xs <= width)
    empty = (xp.abs(region[:, 1]) < 1e-3) & (xp.abs(region[:, 3]) < 1e-3)
    valid = inside & used_h[:, :, :, None, None] & used_w[:, None, None, :, :] & ~empty[:, None, None, None, None]
    ys, xs = xp.broadcast_arrays(xp.maximum(ys, 0), xp.maximum(xs, 0))
    valid = xp.broadcast_to(valid, ys.shape)
    lead = batch[:, None, None, None, None]
    count = (grid_h * grid_w).astype(dtype)[:, None, None, None]
    return (lead,) + _bilinear_taps(xp, ys, xs, valid, height, width, dtype) + (count,)


def _grid_sample_kernel(xp, grid, *, size, mode, padding_mode, align_corners, dtype):
    """The taps (one for 'nearest', four for 'bilinear') of sampling NHWC images of `size` (H, W) at the
    normalised (x, y) positions of an (N, Ho, Wo, 2) grid; outside positions get weight 0 ('zeros'), the
    border ('border') or their reflection ('reflection')."""
    h, w = size
    coords = grid.astype(xp.float64)

    def unnormalise(v, extent):
        return (v + 1) / 2 * (extent - 1) if align_corners else ((v + 1) * extent - 1) / 2

    def reflect(v, extent):
        low, span = (0.0, extent - 1.0) if align_corners else (-0.5, float(extent))
        if span <= 0:
            return xp.zeros_like(v)
        v = xp.abs(v - low) % (2 * span)
        return xp.where(v > span, 2 * span - v, v) + low

    xs, ys = unnormalise(coords[..., 0], w), unnormalise(coords[..., 1], h)
    if padding_mode == "reflection":
        xs, ys = xp.clip(reflect(xs, w), 0, w - 1), xp.clip(reflect(ys, h), 0, h - 1)
    elif padding_mode == "border":
        xs, ys = xp.clip(xs, 0, w - 1), xp.clip(ys, 0, h - 1)
    if mode == "nearest":
        corners = [(xp.rint(ys), xp.rint(xs), xp.ones_like(xs))]
    else:
        x0, y0 = xp.floor(xs), xp.floor(ys)
        fx, fy = xs - x0, ys - y0
        corners = [(y0, x0, (1 - fy) * (1 - fx)), (y0, x0 + 1, (1 - fy) * fx), (y0 + 1, x0, fy * (1 - fx)),
                   (y0 + 1, x0 + 1, fy * fx)]
    taps = (xp.arange(grid.shape[0])[:, None, None],)
    for rows, cols, weight in corners:
        inside = (rows >= 0) & (rows <= h - 1) & (cols >= 0) & (cols <= w - 1)
        taps += (xp.clip(rows, 0, h - 1).astype(xp.int64), xp.clip(cols, 0, w - 1).astype(xp.int64),
                 (weight * inside).astype(dtype)[..., None])
    return taps


nms_with_mask = defprim("nms_with_mask", _nms_kernel, None, n_out=2)
crop_and_resize_taps = defprim("crop_and_resize_taps", _crop_and_resize_kernel, None, n_out=0)
roi_align_taps = defprim("roi_align_taps", _roi_align_kernel, None, n_out=0)
grid_sample_taps = defprim("grid_sample_taps", _grid_sample_kernel, None, n_out=0)
