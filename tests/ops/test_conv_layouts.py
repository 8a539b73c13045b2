"""The convolution kernels in every lowering (per-sample or batch-last products, one or many chunks, one or
two threads, the flipped-kernel input gradient or col2im) give the numbers of a direct float64 sum."""
import numpy as np
import pytest

from minispore._backend import threads
from minispore.ops._prims import conv as C

GEOMETRIES = [  # x shape, w shape, stride, padding (top, bottom, left, right), dilation, groups
    ((3, 4, 9, 11), (6, 4, 3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1),
    ((2, 4, 10, 9), (4, 2, 3, 2), (2, 1), (1, 2, 0, 1), (1, 2), 2),
    ((4, 3, 7, 20), (5, 3, 2, 4), (1, 3), (2, 0, 1, 1), (2, 1), 1),
    ((5, 4, 8, 8), (6, 4, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 1),  # ResNet's 3x3 'same'
    ((3, 6, 6, 5), (6, 1, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 6),  # depthwise
    ((2, 3, 6, 5), (6, 1, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 3),  # depthwise, channel multiplier 2
    ((2, 4, 7, 7), (4, 1, 3, 3), (1, 1), (2, 2, 2, 2), (2, 2), 4),  # depthwise, dilated
    ((4, 8, 5, 7), (4, 8, 1, 1), (1, 1), (0, 0, 0, 0), (1, 1), 1),  # pointwise: no column copy
    ((4, 8, 8, 6), (6, 4, 1, 1), (2, 2), (0, 0, 0, 0), (1, 1), 2),  # ResNet's strided shortcut
    ((2, 3, 6, 6), (2, 3, 2, 2), (1, 1), (2, 1, 0, 3), (1, 1), 1),  # padding beyond the kernel's reach
    ((1, 2, 5, 5), (3, 2, 3, 3), (3, 3), (2, 2, 2, 2), (1, 1), 1),  # windows entirely in the padding
    ((3, 5, 12, 7), (3, 5, 3, 3), (1, 2), (2, 1, 1, 0), (2, 1), 1),  # tall: several row blocks, uneven padding
]

LOWERINGS = {  # name: (PER_SAMPLE_COLUMNS and SCATTER_BATCH_LAST, CHUNK_BYTES, GEMM_COLUMNS, threads, BLOCK_BYTES,
    # SHIFTED_INNER)
    "batch last, one chunk": (1 << 30, 1 << 30, 1 << 30, 1, 1 << 30, 1 << 30),
    "per sample, one chunk": (0, 1 << 30, 1 << 30, 1, 1 << 30, 1 << 30),
    "batch last, chunk per sample": (1 << 30, 1, 1, 1, 1 << 30, 1 << 30),
    "per sample, chunk per sample": (0, 1, 1, 1, 1 << 30, 1 << 30),
    "batch last, two threads": (1 << 30, 1, 1, 2, 1 << 30, 1 << 30),
    "per sample, two threads": (0, 1, 1, 2, 1 << 30, 1 << 30),
    "per sample, a block per output row": (0, 1 << 30, 1 << 30, 1, 1, 1 << 30),
    "per sample, blocks of a few output rows": (0, 1, 1, 2, 4752, 1 << 30),  # a shorter last block in some
    "per sample, blocks of a few samples": (0, 1 << 30, 1 << 30, 1, 18144, 1 << 30),
    "shifted rows, one chunk": (0, 1 << 30, 1 << 30, 1, 1 << 30, 0),
    "shifted rows, a block per output row": (0, 1 << 30, 1 << 30, 1, 1, 0),
    "shifted rows, blocks of a few output rows, two threads": (0, 1, 1, 2, 2500, 0),  # a shorter last block
    "shifted rows, blocks of a few samples": (0, 1 << 30, 1 << 30, 1, 9000, 0),
}


@pytest.fixture(params=[(name, flipped) for name in LOWERINGS for flipped in (True, False)],
                ids=lambda param: f"{param[0]}, {'flipped' if param[1] else 'col2im'}")
def lowering(request, monkeypatch):
    name, flipped = request.param
    per_sample, chunk_bytes, gemm_columns, count, block_bytes, shifted_inner = LOWERINGS[name]
    monkeypatch.setattr(C, "PER_SAMPLE_COLUMNS", per_sample)
    monkeypatch.setattr(C, "SCATTER_BATCH_LAST", per_sample)
    monkeypatch.setattr(C, "FLIPPED_CHANNELS", 1 if flipped else 1 << 30)
    monkeypatch.setattr(C, "FLIPPED_GROUP_OUTPUTS", 1 << 30 if flipped else 0)
    monkeypatch.setattr(C, "FLIPPED_POSITIONS_PER_CHANNEL", 0)
    monkeypatch.setattr(C, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(C, "CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(C, "GEMM_COLUMNS", gemm_columns)
    monkeypatch.setattr(C, "SHIFTED_INNER", shifted_inner)
    monkeypatch.setattr(threads, "SMALL_PRODUCT", 0)
    policy = threads._policy()
    monkeypatch.setattr(policy, "limit", count)
    return request.param


def direct_conv(x, w, stride, padding, dilation, groups):
    """Float64 convolution by its definition, one output element at a time."""
    x = np.pad(x, ((0, 0), (0, 0), padding[:2], padding[2:]))
    n, c, h, width = x.shape
    o, cg, kh, kw = w.shape
    oh = (h - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (width - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, o, oh, ow))
    for k in range(o):
        g = k // (o // groups)
        for i in range(oh):
            for j in range(ow):
                rows = i * stride[0] + dilation[0] * np.arange(kh)
                cols = j * stride[1] + dilation[1] * np.arange(kw)
                patch = x[:, g * cg:(g + 1) * cg][:, :, rows][:, :, :, cols]
                out[:, k, i, j] = (patch * w[k]).sum(axis=(1, 2, 3))
    return out


def _windows(x_padded, a, b, out_hw, stride, dilation):
    rows = a * dilation[0] + stride[0] * np.arange(out_hw[0])
    cols = b * dilation[1] + stride[1] * np.arange(out_hw[1])
    return rows, cols


def direct_weight_grad(x, dy, w_shape, stride, padding, dilation, groups):
    """d<dy, conv(x, w)>/dw by its definition: each weight meets the inputs its offset reads."""
    x = np.pad(x, ((0, 0), (0, 0), padding[:2], padding[2:]))
    o, cg, kh, kw = w_shape
    grad = np.zeros(w_shape)
    for a in range(kh):
        for b in range(kw):
            rows, cols = _windows(x, a, b, dy.shape[2:], stride, dilation)
            window = x[:, :, rows][:, :, :, cols]
            for k in range(o):
                g = k // (o // groups)
                grad[k, :, a, b] = np.einsum("nij,ncij->c", dy[:, k], window[:, g * cg:(g + 1) * cg])
    return grad


def direct_input_grad(dy, w, x_shape, stride, padding, dilation, groups):
    """d<dy, conv(x, w)>/dx by its definition: every output spreads dy times the weight over its window."""
    top, bottom, left, right = padding
    n, c, h, width = x_shape
    grad = np.zeros((n, c, h + top + bottom, width + left + right))
    o, cg, kh, kw = w.shape
    for a in range(kh):
        for b in range(kw):
            rows, cols = _windows(grad, a, b, dy.shape[2:], stride, dilation)
            for k in range(o):
                g = k // (o // groups)
                spread = dy[:, k, :, :, None] * w[k, :, a, b][None, None, None, :]  # (n, oh, ow, cg)
                grad[:, g * cg:(g + 1) * cg][:, :, rows[:, None], cols[None, :]] += spread.transpose(0, 3, 1, 2)
    return grad[:, :, top:top + h, left:left + width]


def _operands(geometry, dtype, seed=1):
    x_shape, w_shape, stride, padding, dilation, groups = geometry
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    expected = direct_conv(x, w, stride, padding, dilation, groups)
    dy = rng.standard_normal(expected.shape)
    return x.astype(dtype), w.astype(dtype), dy.astype(dtype), expected


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=range(len(GEOMETRIES)))
def test_three_kernels_match_direct_float64_sums(geometry, lowering):
    x_shape, w_shape, stride, padding, dilation, groups = geometry
    x, w, dy, expected = _operands(geometry, np.float64)
    attrs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    np.testing.assert_allclose(C._conv2d_kernel(np, x, w, **attrs), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(C._conv2d_weight_grad_kernel(np, x, dy, weight_shape=w_shape, **attrs),
                               direct_weight_grad(x, dy, w_shape, stride, padding, dilation, groups),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(C._conv2d_input_grad_kernel(np, dy, w, input_shape=x_shape, **attrs),
                               direct_input_grad(dy, w, x_shape, stride, padding, dilation, groups),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("geometry", GEOMETRIES[:4], ids=range(4))
def test_float32_stays_float32_and_close_to_float64(geometry, lowering):
    x_shape, w_shape, stride, padding, dilation, groups = geometry
    x, w, dy, expected = _operands(geometry, np.float32)
    attrs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    out = C._conv2d_kernel(np, x, w, **attrs)
    dw = C._conv2d_weight_grad_kernel(np, x, dy, weight_shape=w_shape, **attrs)
    dx = C._conv2d_input_grad_kernel(np, dy, w, input_shape=x_shape, **attrs)
    assert out.dtype == dw.dtype == dx.dtype == np.float32
    assert out.flags.c_contiguous and dx.flags.c_contiguous
    x64, w64, dy64 = (a.astype(np.float64) for a in (x, w, dy))
    np.testing.assert_allclose(out, direct_conv(x64, w64, stride, padding, dilation, groups), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(dw, direct_weight_grad(x64, dy64, w_shape, stride, padding, dilation, groups),
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(dx, direct_input_grad(dy64, w64, x_shape, stride, padding, dilation, groups),
                               rtol=1e-4, atol=1e-4)


def test_the_input_gradient_of_a_stride_1_convolution_is_a_flipped_convolution(monkeypatch):
    monkeypatch.setattr(C, "FLIPPED_CHANNELS", 1)
    # 'same' 3x3: padding 1 on each side becomes 2 - 1 = 1; a 1x1 kernel keeps none.
    assert C._flipped_padding((8, 8), (8, 8), (6, 4, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1)) == (1, 1, 1, 1)
    assert C._flipped_padding((5, 7), (5, 7), (4, 8, 1, 1), (1, 1), (0, 0, 0, 0), (1, 1)) == (0, 0, 0, 0)
    assert C._flipped_padding((9, 9), (4, 4), (2, 2, 3, 3), (2, 2), (1, 1, 1, 1), (1, 1)) is None  # strided
    assert C._flipped_padding((6, 6), (7, 9), (2, 3, 2, 2), (1, 1), (2, 1, 0, 3), (1, 1)) is None  # padding > reach
    monkeypatch.setattr(C, "FLIPPED_CHANNELS", 5)
    assert C._flipped_padding((5, 7), (5, 7), (8, 4, 1, 1), (1, 1), (0, 0, 0, 0), (1, 1)) is None  # few channels
    # Few input channels per group, but few outputs per group too: depthwise (4 groups of 1 -> 1), and
    # a channel multiplier of 2; 2 groups of 4 outputs from 2 channels each are at the limit, of 8 past it.
    monkeypatch.setattr(C, "FLIPPED_GROUP_OUTPUTS", 4)
    assert C._flipped_padding((5, 7), (5, 7), (4, 1, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 4) == (1, 1, 1, 1)
    assert C._flipped_padding((5, 7), (5, 7), (8, 1, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 4) == (1, 1, 1, 1)
    assert C._flipped_padding((5, 7), (5, 7), (8, 2, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 2) == (1, 1, 1, 1)
    assert C._flipped_padding((5, 7), (5, 7), (16, 2, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 2) is None


def test_empty_batches_give_empty_results():
    x, w = np.zeros((0, 3, 5, 5), np.float32), np.ones((4, 3, 3, 3), np.float32)
    attrs = dict(stride=(1, 1), padding=(1, 1, 1, 1), dilation=(1, 1), groups=1)
    assert C._conv2d_kernel(np, x, w, **attrs).shape == (0, 4, 5, 5)
    grad = C._conv2d_weight_grad_kernel(np, x, np.zeros((0, 4, 5, 5), np.float32), weight_shape=w.shape, **attrs)
    np.testing.assert_array_equal(grad, np.zeros(w.shape))


def test_float16_products_accumulate_in_float32():
    x_shape, w_shape, stride, padding, dilation, groups = GEOMETRIES[3]
    x, w, dy, expected = _operands(GEOMETRIES[3], np.float16)
    attrs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    out = C._conv2d_kernel(np, x, w, **attrs)
    dx = C._conv2d_input_grad_kernel(np, dy, w, input_shape=x_shape, **attrs)
    dw = C._conv2d_weight_grad_kernel(np, x, dy, weight_shape=w_shape, **attrs)
    assert out.dtype == dx.dtype == dw.dtype == np.float16
    x64, w64, dy64 = (a.astype(np.float64) for a in (x, w, dy))
    # One rounding to float16 at the end: within half an ulp of the float64 result of the rounded inputs.
    for got, exact in ((out, direct_conv(x64, w64, stride, padding, dilation, groups)),
                       (dx, direct_input_grad(dy64, w64, x_shape, stride, padding, dilation, groups)),
                       (dw, direct_weight_grad(x64, dy64, w_shape, stride, padding, dilation, groups))):
        np.testing.assert_allclose(got.astype(np.float64), exact, rtol=2 ** -11, atol=1e-3)
