"""The two window-gather layouts of the convolution kernels give the same numbers as a direct sum."""
import numpy as np
import pytest

from minispore.ops._prims import conv as C

GEOMETRIES = [  # x shape, w shape, stride, padding (top, bottom, left, right), dilation, groups
    ((3, 4, 9, 11), (6, 4, 3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1),
    ((2, 4, 10, 9), (4, 2, 3, 2), (2, 1), (1, 2, 0, 1), (1, 2), 2),
    ((4, 3, 7, 20), (5, 3, 2, 4), (1, 3), (2, 0, 1, 1), (2, 1), 1),
]


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


def direct_weight_grad(x, dy, w_shape, stride, padding, dilation, groups):
    """d<dy, conv(x, w)>/dw by its definition: each weight meets the inputs its offset reads."""
    x = np.pad(x, ((0, 0), (0, 0), padding[:2], padding[2:]))
    o, cg, kh, kw = w_shape
    oh, ow = dy.shape[2:]
    grad = np.zeros(w_shape)
    for a in range(kh):
        for b in range(kw):
            rows = a * dilation[0] + stride[0] * np.arange(oh)
            cols = b * dilation[1] + stride[1] * np.arange(ow)
            window = x[:, :, rows][:, :, :, cols]
            for k in range(o):
                g = k // (o // groups)
                grad[k, :, a, b] = np.einsum("nij,ncij->c", dy[:, k], window[:, g * cg:(g + 1) * cg])
    return grad


@pytest.mark.parametrize("batch_last", [False, True])
@pytest.mark.parametrize("geometry", GEOMETRIES, ids=range(len(GEOMETRIES)))
def test_forward_and_weight_gradient_in_both_layouts(geometry, batch_last):
    x_shape, w_shape, stride, padding, dilation, groups = geometry
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    expected = direct_conv(x, w, stride, padding, dilation, groups)
    out = C._conv2d(np, x, w, stride, padding, dilation, groups, batch_last)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    dy = rng.standard_normal(expected.shape)
    grad = C._conv2d_weight_grad(np, x, dy, w_shape, stride, padding, dilation, groups, batch_last)
    np.testing.assert_allclose(grad, direct_weight_grad(x, dy, w_shape, stride, padding, dilation, groups),
                               rtol=1e-12, atol=1e-12)
