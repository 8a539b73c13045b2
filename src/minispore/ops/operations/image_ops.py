"""Detection and image Primitive classes: boxes (IOU, BoundingBoxEncode/Decode, CheckValid, NMSWithMask) and
resampling (ResizeNearestNeighbor, CropAndResize, ROIAlign, ResizeLinear1D)."""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops.function import image_func as IMG, vision_func as V
from minispore.ops.primitive import Primitive

__all__ = ["IOU", "BoundingBoxEncode", "BoundingBoxDecode", "CheckValid", "NMSWithMask", "ResizeNearestNeighbor",
           "CropAndResize", "ROIAlign", "ResizeLinear1D"]


def _four(name, value, op):
    if not isinstance(value, (tuple, list)) or len(value) != 4:
        raise ValueError(f"For '{op}', the '{name}' must be a tuple of 4 floats, but got {value!r}.")
    return tuple(float(v) for v in value)


class IOU(Primitive):
    """(M, N) overlaps of gt_boxes (M, 4) with anchor_boxes (N, 4), mode 'iou' or 'iof'."""

    def __init__(self, mode="iou"):
        super().__init__()
        if mode not in ("iou", "iof"):
            raise KeyError(f"For 'IOU', the 'mode' must be 'iou' or 'iof', but got {mode!r}.")
        self.mode = mode
        self.add_prim_attr("mode", mode)

    def __call__(self, anchor_boxes, gt_boxes):
        return V.iou(anchor_boxes, gt_boxes, self.mode)


class BoundingBoxEncode(Primitive):
    """Deltas from anchor boxes to ground-truth boxes, normalised by means and stds."""

    def __init__(self, means=(0.0, 0.0, 0.0, 0.0), stds=(1.0, 1.0, 1.0, 1.0)):
        super().__init__()
        self.means, self.stds = _four("means", means, "BoundingBoxEncode"), _four("stds", stds, "BoundingBoxEncode")
        self.add_prim_attr("means", self.means).add_prim_attr("stds", self.stds)

    def __call__(self, anchor_box, groundtruth_box):
        return V.bounding_box_encode(anchor_box, groundtruth_box, self.means, self.stds)


class BoundingBoxDecode(Primitive):
    """Boxes from anchor boxes and deltas, clipped to max_shape (height, width)."""

    def __init__(self, max_shape, means=(0.0, 0.0, 0.0, 0.0), stds=(1.0, 1.0, 1.0, 1.0), wh_ratio_clip=0.016):
        super().__init__()
        if not isinstance(max_shape, (tuple, list)) or len(max_shape) != 2:
            raise ValueError(f"For 'BoundingBoxDecode', the 'max_shape' must be (height, width), but got "
                             f"{max_shape!r}.")
        self.max_shape = tuple(max_shape)
        self.means, self.stds = _four("means", means, "BoundingBoxDecode"), _four("stds", stds, "BoundingBoxDecode")
        self.wh_ratio_clip = wh_ratio_clip
        for name in ("max_shape", "means", "stds", "wh_ratio_clip"):
            self.add_prim_attr(name, getattr(self, name))

    def __call__(self, anchor_box, deltas):
        return V.bounding_box_decode(anchor_box, deltas, self.max_shape, self.means, self.stds, self.wh_ratio_clip)


class CheckValid(Primitive):
    """Bool (N,): whether each box lies inside the image (img_metas: height, width, ratio)."""

    def __call__(self, bboxes, img_metas):
        return V.check_valid(bboxes, img_metas)


class NMSWithMask(Primitive):
    """Non-maximum suppression of (N, 5) boxes with scores: (sorted boxes, their indices, kept mask)."""

    def __init__(self, iou_threshold=0.5):
        super().__init__()
        if not 0 <= iou_threshold <= 1:
            raise ValueError(f"For 'NMSWithMask', the 'iou_threshold' must be in [0, 1], but got {iou_threshold}.")
        self.iou_threshold = iou_threshold
        self.add_prim_attr("iou_threshold", iou_threshold)

    def __call__(self, bboxes):
        return V.nms_with_mask(bboxes, self.iou_threshold)


class ResizeNearestNeighbor(Primitive):
    """Nearest-neighbour resize of NCHW input_x to `size` (h, w)."""

    def __init__(self, size, align_corners=False, half_pixel_centers=False):
        super().__init__()
        if not isinstance(size, (tuple, list)) or len(size) != 2:
            raise ValueError(f"For 'ResizeNearestNeighbor', the 'size' must be (height, width), but got {size!r}.")
        if align_corners and half_pixel_centers:
            raise ValueError("For 'ResizeNearestNeighbor', 'align_corners' and 'half_pixel_centers' cannot both be "
                             "True.")
        self.size, self.align_corners, self.half_pixel_centers = tuple(size), align_corners, half_pixel_centers
        for name in ("size", "align_corners", "half_pixel_centers"):
            self.add_prim_attr(name, getattr(self, name))

    def __call__(self, input_x):
        return V.resize_nearest_neighbor(input_x, self.size, self.align_corners, self.half_pixel_centers)


class CropAndResize(Primitive):
    """Crops of an NHWC image at normalised boxes, resized to crop_size by 'bilinear' or 'nearest' sampling."""

    def __init__(self, method="bilinear", extrapolation_value=0.0):
        super().__init__()
        self.method, self.extrapolation_value = method, extrapolation_value
        self.add_prim_attr("method", method).add_prim_attr("extrapolation_value", extrapolation_value)

    def __call__(self, x, boxes, box_index, crop_size):
        return V.crop_and_resize(x, boxes, box_index, crop_size, self.method, self.extrapolation_value)


class ROIAlign(Primitive):
    """Bilinear average pooling of each region [batch, x1, y1, x2, y2] of NCHW features into
    pooled_height x pooled_width bins."""

    def __init__(self, pooled_height, pooled_width, spatial_scale, sample_num=2, roi_end_mode=1):
        super().__init__()
        if roi_end_mode not in (0, 1):
            raise ValueError(f"For 'ROIAlign', the 'roi_end_mode' must be 0 or 1, but got {roi_end_mode!r}.")
        self.pooled_height, self.pooled_width = int(pooled_height), int(pooled_width)
        self.spatial_scale, self.sample_num, self.roi_end_mode = float(spatial_scale), int(sample_num), roi_end_mode
        for name in ("pooled_height", "pooled_width", "spatial_scale", "sample_num", "roi_end_mode"):
            self.add_prim_attr(name, getattr(self, name))

    def __call__(self, features, rois):
        return V.roi_align(features, rois, self.pooled_height, self.pooled_width, self.spatial_scale,
                           self.sample_num, self.roi_end_mode)


class ResizeLinear1D(Primitive):
    """Resize the last dim of (N, C, W) to `size` by linear interpolation ('align_corners' or 'half_pixel')."""

    def __init__(self, coordinate_transformation_mode="align_corners"):
        super().__init__()
        if coordinate_transformation_mode not in ("align_corners", "half_pixel"):
            raise ValueError(f"For 'ResizeLinear1D', 'coordinate_transformation_mode' must be 'align_corners' or "
                             f"'half_pixel', but got {coordinate_transformation_mode!r}.")
        self.coordinate_transformation_mode = coordinate_transformation_mode
        self.add_prim_attr("coordinate_transformation_mode", coordinate_transformation_mode)

    def __call__(self, x, size):
        if not isinstance(x, Tensor) or x.ndim != 3:
            raise ValueError(f"For 'ResizeLinear1D', the image rank must be equal to 3 (N, C, W), but got "
                             f"{x.ndim if isinstance(x, Tensor) else type(x).__name__}.")
        if x._data.dtype.kind != "f":
            raise TypeError(f"For 'ResizeLinear1D', 'x' must be a float Tensor, but got {x.dtype}.")
        values = size.tolist() if isinstance(size, Tensor) else list(size) if isinstance(size, (tuple, list)) \
            else [size]
        if len(values) != 1 or isinstance(values[0], bool) or not isinstance(values[0], int) or values[0] <= 0:
            raise ValueError(f"For 'ResizeLinear1D', 'size' must hold one positive int, but got {values}.")
        half = x._data.dtype.name == "float16"  # computed in float32 and rounded once, as MindSpore's kernel
        out = IMG.linear_axis(x.astype(mstype.float32) if half else x, 2, values[0],
                              self.coordinate_transformation_mode == "align_corners")
        return out.astype(mstype.float16) if half else out
