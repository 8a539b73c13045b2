"""Other image kernels of MindSpore's C++ ops, reproduced on NumPy as OpenCV computes them.

Padding (cv::copyMakeBorder), rotation (cv::warpAffine in fixed point), RGB -> gray, the
colour adjustments built on it, and the hue shift (RGB <-> HSV, close to MindSpore's, see adjust_hue).
"""
import math

import numpy as np

__all__ = ["pad", "rotate", "rgb_to_gray", "adjust_brightness", "adjust_contrast", "adjust_saturation",
           "adjust_hue"]

_NUMPY_PAD = {"edge": "edge", "reflect": "reflect", "symmetric": "symmetric"}


def pad(image, left, top, right, bottom, mode, fill):
    """cv::copyMakeBorder: Border.CONSTANT fills with `fill` (one value or one per channel)."""
    widths = [(top, bottom), (left, right)] + [(0, 0)] * (image.ndim - 2)
    if mode != "constant":
        if mode in ("reflect", "symmetric") and (top or bottom) and image.shape[0] == 1 and mode == "reflect":
            return np.pad(image, widths, mode="edge")
        return np.pad(image, widths, mode=_NUMPY_PAD[mode])
    fill = tuple(fill) if isinstance(fill, (tuple, list)) else (fill,)
    out = np.empty((image.shape[0] + top + bottom, image.shape[1] + left + right) + image.shape[2:], image.dtype)
    if image.ndim == 3 and len(fill) == 3:
        out[...] = np.asarray(fill, np.float64).astype(image.dtype)[: image.shape[2]] if image.shape[2] == 3 else fill[0]
    else:
        out[...] = np.asarray(fill[0]).astype(image.dtype)
    out[top:top + image.shape[0], left:left + image.shape[1]] = image
    return out


def _rotation_matrix(center_x, center_y, degree):
    angle = degree * math.pi / 180
    alpha, beta = math.cos(angle), math.sin(angle)
    return [[alpha, beta, (1 - alpha) * center_x - beta * center_y],
            [-beta, alpha, beta * center_x + (1 - alpha) * center_y]]


def _invert_affine(matrix):
    (m00, m01, m02), (m10, m11, m12) = matrix
    det = m00 * m11 - m01 * m10
    det = 1.0 / det if det != 0 else 0.0
    a11, a22 = m11 * det, m00 * det
    a12, a21 = -m01 * det, -m10 * det
    return [[a11, a12, -a11 * m02 - a12 * m12], [a21, a22, -a21 * m02 - a22 * m12]]


def _bounding_box(center_x, center_y, width, height, degree):
    """cv::RotatedRect(center, size, degree).boundingRect2f() width and height (float32 arithmetic)."""
    angle = degree * math.pi / 180
    b = np.float32(np.float32(math.cos(angle)) * np.float32(0.5))
    a = np.float32(np.float32(math.sin(angle)) * np.float32(0.5))
    cx, cy, w, h = np.float32(center_x), np.float32(center_y), np.float32(width), np.float32(height)
    p0 = (cx - a * h - b * w, cy + b * h - a * w)
    p1 = (cx + a * h - b * w, cy - b * h - a * w)
    p2 = (np.float32(2) * cx - p0[0], np.float32(2) * cy - p0[1])
    p3 = (np.float32(2) * cx - p1[0], np.float32(2) * cy - p1[1])
    xs, ys = [p[0] for p in (p0, p1, p2, p3)], [p[1] for p in (p0, p1, p2, p3)]
    return np.float32(max(xs) - min(xs)), np.float32(max(ys) - min(ys))


def _bilinear_table():
    """OpenCV's 32x32 fixed-point bilinear weights (each row sums to 1 << 15)."""
    fractions = np.arange(32, dtype=np.float32) / np.float32(32)
    table = np.empty((32, 32, 4), np.int64)
    for iy, fy in enumerate(fractions):
        for ix, fx in enumerate(fractions):
            weights = [(1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx]
            fixed = [int(np.rint(np.float32(w) * np.float32(32768))) for w in weights]
            error = 32768 - sum(fixed)
            if error:  # OpenCV puts the rounding error on the largest weight
                largest = max(range(4), key=lambda k: fixed[k])
                fixed[largest] += error
            table[iy, ix] = fixed
    return table


_BILINEAR = None


def _warp_affine(image, matrix, out_h, out_w, nearest, fill):
    """cv::warpAffine (BORDER_CONSTANT) with OpenCV's 10-bit fixed-point coordinates."""
    global _BILINEAR
    inverse = _invert_affine(matrix)
    scale = 1 << 10
    xs, ys = np.arange(out_w, dtype=np.float64), np.arange(out_h, dtype=np.float64)
    adelta = np.rint(inverse[0][0] * xs * scale).astype(np.int64)
    bdelta = np.rint(inverse[1][0] * xs * scale).astype(np.int64)
    round_delta = scale // 2 if nearest else scale // 32 // 2
    x0 = np.rint((inverse[0][1] * ys + inverse[0][2]) * scale).astype(np.int64) + round_delta
    y0 = np.rint((inverse[1][1] * ys + inverse[1][2]) * scale).astype(np.int64) + round_delta
    channels = image.shape[2:]
    fill_pixel = np.asarray(fill, np.int64)[: channels[0]] if channels else np.int64(fill[0])
    in_h, in_w = image.shape[:2]
    if nearest:
        sx = (x0[:, None] + adelta[None, :]) >> 10
        sy = (y0[:, None] + bdelta[None, :]) >> 10
        inside = (sx >= 0) & (sx < in_w) & (sy >= 0) & (sy < in_h)
        out = np.empty((out_h, out_w) + channels, image.dtype)
        out[...] = fill_pixel.astype(image.dtype)
        out[inside] = image[sy[inside], sx[inside]]
        return out
    if _BILINEAR is None:
        _BILINEAR = _bilinear_table()
    fx = (x0[:, None] + adelta[None, :]) >> 5
    fy = (y0[:, None] + bdelta[None, :]) >> 5
    sx, sy = fx >> 5, fy >> 5
    weights = _BILINEAR[fy & 31, fx & 31]
    padded = np.empty((in_h + 2, in_w + 2) + channels, np.int64)
    padded[...] = fill_pixel
    padded[1:-1, 1:-1] = image
    px, py = np.clip(sx + 1, 0, in_w + 1), np.clip(sy + 1, 0, in_h + 1)
    px1, py1 = np.clip(sx + 2, 0, in_w + 1), np.clip(sy + 2, 0, in_h + 1)
    extra = (Ellipsis,) + (None,) * len(channels)
    total = (padded[py, px] * weights[..., 0][extra] + padded[py, px1] * weights[..., 1][extra]
             + padded[py1, px] * weights[..., 2][extra] + padded[py1, px1] * weights[..., 3][extra])
    outside = (sx < -1) | (sx >= in_w) | (sy < -1) | (sy >= in_h)
    out = np.clip((total + (1 << 14)) >> 15, 0, 255)
    out[outside] = fill_pixel
    return out.astype(image.dtype)


def rotate(image, degree, center, nearest, expand, fill):
    """MindSpore's Rotate: counter-clockwise by `degree` about `center` (default the image centre)."""
    in_h, in_w = image.shape[:2]
    if center is None:
        cx = float(np.float32((np.float32(in_w) - np.float32(1)) * np.float32(0.5)))
        cy = float(np.float32((np.float32(in_h) - np.float32(1)) * np.float32(0.5)))
    else:
        cx, cy = float(np.float32(center[0])), float(np.float32(center[1]))
    matrix = _rotation_matrix(cx, cy, float(np.float32(degree)))
    out_h, out_w = in_h, in_w
    if expand:
        box_w, box_h = _bounding_box(cx, cy, in_w, in_h, float(np.float32(degree)))
        matrix[0][2] += float(box_w) / 2.0 - in_w / 2.0
        matrix[1][2] += float(box_h) / 2.0 - in_h / 2.0
        out_w, out_h = int(np.rint(box_w)), int(np.rint(box_h))
    return _warp_affine(image, matrix, out_h, out_w, nearest, fill)


def rgb_to_gray(image):
    """cv::cvtColor(RGB2GRAY) for uint8: (R*4899 + G*9617 + B*1868 + 8192) >> 14."""
    rgb = image.astype(np.int64)
    return ((rgb[..., 0] * 4899 + rgb[..., 1] * 9617 + rgb[..., 2] * 1868 + 8192) >> 14).astype(np.uint8)


def _saturate_uint8(values):
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def adjust_brightness(image, factor):
    """image * factor, rounded and saturated (cv::Mat * scalar)."""
    if image.dtype != np.uint8:
        return (image.astype(np.float32) * np.float32(factor)).astype(image.dtype)
    return _saturate_uint8(image.astype(np.float32) * np.float32(factor))


def _blend(base, image, factor):
    """cv::addWeighted(base, 1 - factor, image, factor, 0) for uint8; the factor is a float32 (MindSpore's),
    1 - factor is taken in double then rounded to float32, as OpenCV does."""
    factor = np.float32(factor)
    one_minus = np.float32(1.0 - float(factor))
    # OpenCV's vector code: fma(base, 1 - factor, image * factor) in float32 — one rounding after
    # the multiply-add, which float64 arithmetic reproduces (the product of two float32 is exact there)
    inner = (image.astype(np.float32) * factor).astype(np.float64)
    fused = (base.astype(np.float64) * np.float64(one_minus) + inner).astype(np.float32)
    return _saturate_uint8(fused)


def adjust_contrast(image, factor):
    """Blend with the mean gray level of the image."""
    mean = float(rgb_to_gray(image).astype(np.float64).mean())
    base = np.full(image.shape, np.clip(np.rint(mean), 0, 255), np.uint8)
    return _blend(base, image, factor)


def adjust_saturation(image, factor):
    """Blend with the gray version of the image."""
    gray = rgb_to_gray(image)
    return _blend(np.repeat(gray[..., None], 3, axis=2), image, factor)


_HSV_BLOCK = 32  # pixels of a row MindSpore's OpenCV converts back per vector step (truncating); the rest round


def _rgb_to_hsv(image):
    """RGB -> (H in 256 steps of a turn, S, V), as MindSpore's OpenCV build gives them for uint8 images."""
    red, green, blue = (image[..., k].astype(np.float64) for k in range(3))
    value = np.maximum(np.maximum(red, green), blue)
    spread = value - np.minimum(np.minimum(red, green), blue)
    with np.errstate(divide="ignore", invalid="ignore"):
        degrees = np.where(value == red, (green - blue) / spread,
                           np.where(value == green, 2 + (blue - red) / spread, 4 + (red - green) / spread)) * 60
    degrees = np.where(spread == 0, 0, degrees)
    degrees = np.where(degrees < 0, degrees + 360, degrees)
    hue = np.floor(degrees * 256 / 360 + 0.5).astype(np.int64) % 256
    saturation = np.where(value == 0, 0, np.floor(spread * 255 / np.where(value == 0, 1, value) + 0.5))
    return hue, saturation, value


def _hsv_to_rgb(hue, saturation, value):
    """The way back (hue read as 255 steps of a turn, as that build does)."""
    sectors = hue * 360 / 255 / 60
    sector = np.floor(sectors).astype(np.int64) % 6
    fraction = sectors - np.floor(sectors)
    share = saturation / 255
    low = value * (1 - share)
    falling = value * (1 - share * fraction)
    rising = value * (1 - share * (1 - fraction))
    choices = [np.stack(c, -1) for c in ([value, rising, low], [falling, value, low], [low, value, rising],
                                         [low, falling, value], [rising, low, value], [value, low, falling])]
    rgb = np.select([(sector == k)[..., None] for k in range(6)], choices)
    rgb = np.where((saturation == 0)[..., None], np.stack([value] * 3, -1), rgb)
    out = np.floor(rgb + 0.5)
    vector_end = rgb.shape[1] // _HSV_BLOCK * _HSV_BLOCK
    out[:, :vector_end] = np.floor(rgb[:, :vector_end])
    return np.clip(out, 0, 255).astype(np.uint8)


def adjust_hue(image, factor):
    """Shift the hue by `factor` of a full turn in 8-bit HSV (MindSpore adds int(factor * 255), wrapping).

    MindSpore's OpenCV build converts RGB <-> HSV with a vendor routine; this reproduces it closely,
    not exactly: about 1% of the channel values differ, by up to 6 levels (tests/dataset/test_vision_golden.py).
    """
    hue, saturation, value = _rgb_to_hsv(image)
    shift = int(np.float32(factor) * np.float32(255)) & 0xFF
    return _hsv_to_rgb((hue + shift) % 256, saturation, value)
