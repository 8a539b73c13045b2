"""Image resizing as MindSpore's C++ ops do it (OpenCV's cv::resize), on NumPy arrays.

MindSpore resizes NumPy images with OpenCV. For uint8 images OpenCV works in fixed point
(11-bit coefficients) with its own rounding in the vertical pass; that arithmetic is reproduced
here so results equal MindSpore's bit for bit. Float images use the
same sampling in float32. PILCUBIC is MindSpore's copy of Pillow's bicubic, so Pillow does it.
"""
import functools
import math

import numpy as np

__all__ = ["resize"]

_COEF_BITS = 11
_COEF_SCALE = 1 << _COEF_BITS


def _round_short(values):
    return np.clip(np.rint(np.asarray(values, np.float32) * np.float32(_COEF_SCALE)), -32768, 32767).astype(np.int32)


@functools.lru_cache(maxsize=512)
def _linear_table(out_size, in_size, area_mode=False, clamp=True):
    """Per output index: source index, two weights (float32), and where the right border starts (xmax).

    OpenCV clamps the horizontal table at the borders (weight 0, index kept inside) but not the
    vertical one: there the index alone is clipped when reading rows (`clamp=False`).
    """
    scale = 1.0 / (out_size / in_size)
    positions = np.arange(out_size, dtype=np.float64)
    if area_mode:
        index = np.floor(positions * scale).astype(np.int64)
        fraction = ((positions + 1) - (index + 1) * (out_size / in_size)).astype(np.float32)
        fraction = np.where(fraction <= 0, np.float32(0), fraction - np.floor(fraction)).astype(np.float32)
    else:
        fraction = ((positions + 0.5) * scale - 0.5).astype(np.float32)
        index = np.floor(fraction).astype(np.int64)
        fraction = (fraction - index.astype(np.float32)).astype(np.float32)
    border = out_size
    if clamp:
        left = index < 0
        fraction[left], index[left] = 0, 0
        beyond = np.flatnonzero(index + 1 >= in_size)
        if beyond.size:
            border = int(beyond[0])
            right = index >= in_size - 1
            fraction[right], index[right] = 0, in_size - 1
    weights = np.stack([np.float32(1.0) - fraction, fraction], axis=1)
    for array in (index, weights):
        array.flags.writeable = False
    return index, weights, border


def _vertical_uint8(top, bottom, b0, b1):
    """OpenCV's vectorised VResizeLinear for uint8 (MindSpore's build uses it for every element):
    each product is taken on the value >> 4, keeps its high 16 bits, and the sum is rounded by 2 bits."""
    top >>= 4
    top *= b0
    top >>= 16
    bottom >>= 4
    bottom *= b1
    bottom >>= 16
    top += bottom
    top += 2
    top >>= 2
    return np.clip(top, 0, 255).astype(np.uint8)


def _resize_linear(image, height, width, area_mode=False):
    in_h, in_w = image.shape[:2]
    rows, beta, _ = _linear_table(height, in_h, area_mode, clamp=False)
    cols, alpha, col_border = _linear_table(width, in_w, area_mode)
    next_rows = np.clip(rows + 1, 0, in_h - 1)
    rows = np.clip(rows, 0, in_h - 1)
    next_cols = np.minimum(cols + 1, in_w - 1)
    channels = image.shape[2:]
    if image.dtype == np.uint8:
        depth = channels[0] if channels else 1
        lanes = np.arange(depth)
        first = (cols[:, None] * depth + lanes).ravel()
        second = (next_cols[:, None] * depth + lanes).ravel()
        a0, a1 = np.repeat(_round_short(alpha[:, 0]), depth), np.repeat(_round_short(alpha[:, 1]), depth)
        a0[col_border * depth:], a1[col_border * depth:] = _COEF_SCALE, 0  # OpenCV's right border: S * 2048
        b = _round_short(beta)
        # the horizontal pass on the rows the output reads only, as int32 (255 * 2048 * 2 fits)
        needed = np.unique(np.concatenate([rows, next_rows]))
        flat = image.reshape(in_h, -1)[needed]
        horizontal = np.take(flat, first, axis=1).astype(np.int32)
        horizontal *= a0
        right = np.take(flat, second, axis=1).astype(np.int32)
        right *= a1
        horizontal += right
        top = np.take(horizontal, np.searchsorted(needed, rows), axis=0)
        bottom = np.take(horizontal, np.searchsorted(needed, next_rows), axis=0)
        out = _vertical_uint8(top, bottom, b[:, 0:1], b[:, 1:2])
        return out.reshape((height, width) + channels)
    extra = (None,) * len(channels)
    source = image.astype(np.float32)
    horizontal = source[:, cols] * alpha[(slice(None), 0) + extra] + source[:, next_cols] * alpha[
        (slice(None), 1) + extra]
    horizontal[:, col_border:] = source[:, cols[col_border:]]
    extra_rows = (slice(None), None) + (None,) * len(channels)
    out = horizontal[rows] * beta[:, 0][extra_rows] + horizontal[next_rows] * beta[:, 1][extra_rows]
    return out.astype(image.dtype)


def _resize_nearest(image, height, width):
    in_h, in_w = image.shape[:2]
    row_step = 1.0 / (height / in_h)
    col_step = 1.0 / (width / in_w)
    rows = np.minimum(np.floor(np.arange(height) * row_step).astype(np.int64), in_h - 1)
    cols = np.minimum(np.floor(np.arange(width) * col_step).astype(np.int64), in_w - 1)
    return image[rows][:, cols]


def _cubic_weights(fraction):
    a = np.float32(-0.75)
    x = np.asarray(fraction, np.float32)
    one = np.float32(1.0)
    c0 = ((a * (x + one) - np.float32(5) * a) * (x + one) + np.float32(8) * a) * (x + one) - np.float32(4) * a
    c1 = ((a + np.float32(2)) * x - (a + np.float32(3))) * x * x + one
    c2 = ((a + np.float32(2)) * (one - x) - (a + np.float32(3))) * (one - x) * (one - x) + one
    c3 = one - c0 - c1 - c2
    return np.stack([c0, c1, c2, c3], axis=-1)


def _cubic_table(out_size, in_size):
    scale = 1.0 / (out_size / in_size)
    positions = ((np.arange(out_size) + 0.5) * scale - 0.5).astype(np.float32)
    start = np.floor(positions).astype(np.int64)
    weights = _cubic_weights(positions - start.astype(np.float32))
    taps = np.clip(start[:, None] - 1 + np.arange(4)[None, :], 0, in_size - 1)
    return taps, weights


def _resize_cubic(image, height, width):
    rows, beta = _cubic_table(height, image.shape[0])
    cols, alpha = _cubic_table(width, image.shape[1])
    channels = image.shape[2:]
    extra = (None,) * len(channels)
    if image.dtype == np.uint8:
        source = image.astype(np.int64)
        a, b = _round_short(alpha), _round_short(beta)
        horizontal = sum(source[:, cols[:, k]] * a[(slice(None), k) + extra] for k in range(4))
        out = sum(horizontal[rows[:, k]] * b[(slice(None), k, None) + extra] for k in range(4))
        return np.clip((out + (1 << 21)) >> 22, 0, 255).astype(np.uint8)
    source = image.astype(np.float32)
    horizontal = sum(source[:, cols[:, k]] * alpha[(slice(None), k) + extra] for k in range(4))
    out = sum(horizontal[rows[:, k]] * beta[(slice(None), k, None) + extra] for k in range(4))
    return out.astype(image.dtype)


def _area_weights(out_size, in_size):
    """OpenCV's area table: (output index, input index, weight) of each overlap."""
    scale = in_size / out_size
    entries = []
    for d in range(out_size):
        start, end = d * scale, (d + 1) * scale
        first, last = math.ceil(start), math.floor(end)
        last = min(last, in_size)
        cell = min(scale, in_size - start)
        if first - start > 1e-3:
            entries.append((d, first - 1, (first - start) / cell))
        for s in range(first, last):
            entries.append((d, s, 1.0 / cell))
        if end - last > 1e-3 and last < in_size:
            entries.append((d, last, min(min(end - last, 1.0), cell) / cell))
    return entries


def _area_matrix(out_size, in_size):
    matrix = np.zeros((out_size, in_size), np.float32)
    for d, s, w in _area_weights(out_size, in_size):
        matrix[d, s] += np.float32(w)
    return matrix


def _resize_area(image, height, width):
    in_h, in_w = image.shape[:2]
    if height > in_h or width > in_w:  # OpenCV enlarges with linear weights of an area flavour
        return _resize_linear(image, height, width, area_mode=True)
    row_factor, col_factor = in_h / height, in_w / width
    if row_factor.is_integer() and col_factor.is_integer():
        rf, cf = int(row_factor), int(col_factor)
        blocks = image[:height * rf, :width * cf].reshape((height, rf, width, cf) + image.shape[2:])
        total = blocks.astype(np.int64 if image.dtype == np.uint8 else np.float32).sum(axis=(1, 3))
        if image.dtype == np.uint8:
            if rf == 2 and cf == 2:
                return ((total + 2) >> 2).astype(np.uint8)
            return np.clip(np.rint(total.astype(np.float32) * np.float32(1.0 / (rf * cf))), 0, 255).astype(np.uint8)
        return (total * np.float32(1.0 / (rf * cf))).astype(image.dtype)
    rows, cols = _area_matrix(height, in_h), _area_matrix(width, in_w)
    out = np.einsum("yh,hw...->yw...", rows, image.astype(np.float32))
    out = np.einsum("xw,yw...->yx...", cols, out)
    if image.dtype == np.uint8:
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)
    return out.astype(image.dtype)


def _resize_pil_cubic(image, height, width):
    from minispore.dataset.vision.codec import pillow
    image_module = pillow()
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise RuntimeError(f"Resize: Interpolation mode PILCUBIC only supports image with 3 channels, but got: "
                           f"<{', '.join(str(d) for d in image.shape)}>")
    picture = image_module.fromarray(np.ascontiguousarray(image))
    return np.asarray(picture.resize((width, height), image_module.Resampling.BICUBIC))


def resize(image, height, width, interpolation):
    """`image` (H, W) or (H, W, C) resized to (height, width) with an Inter mode, as MindSpore's CPU op."""
    from minispore.dataset.vision.utils import Inter
    in_h, in_w = image.shape[:2]
    if height == 0 or width == 0:
        raise RuntimeError("Resize: the input value of 'resize' is invalid, width or height is zero.")
    if height > in_h * 1000 or width > in_w * 1000:
        raise RuntimeError(f"Resize: the resizing width or height is too big, it's 1000 times bigger than the "
                           f"original image, got output height: {height}, width: {width}, and original image "
                           f"size:{in_h}, {in_w}")
    if interpolation == Inter.PILCUBIC:
        return _resize_pil_cubic(image, height, width)
    if (height, width) == (in_h, in_w):
        return image.copy()
    if interpolation == Inter.NEAREST:
        return _resize_nearest(image, height, width)
    if interpolation == Inter.BICUBIC:
        return _resize_cubic(image, height, width)
    if interpolation == Inter.AREA:
        return _resize_area(image, height, width)
    if in_h == 2 * height and in_w == 2 * width:  # OpenCV: halving with LINEAR is its fast area path
        return _resize_area(image, height, width)
    return _resize_linear(image, height, width)
