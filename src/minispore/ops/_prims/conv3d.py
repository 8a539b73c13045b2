"""3-d convolution primitives on NCDHW arrays: an im2col view and one batched matmul, like conv2d.

As in conv.py, the three primitives (the convolution, its input gradient, its weight gradient) are
each other's backward rules, so every order of derivative stays here. The input gradient is also the
forward of a transposed 3-d convolution.

Geometry attributes: stride (sd, sh, sw), padding (front, back, top, bottom, left, right), dilation
(dd, dh, dw), groups.
"""
import math

from minispore.ops._prims import defprim
from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims.linalg import matmul_kernel


def _out_size(size, kernel, stride, dilation):
    return (size - dilation * (kernel - 1) - 1) // stride + 1


def _out_shape(spatial, padding, kernel, stride, dilation):
    return tuple(_out_size(spatial[i] + padding[2 * i] + padding[2 * i + 1], kernel[i], stride[i], dilation[i])
                 for i in range(3))


def _im2col(xp, x, kernel, out, groups, stride, padding, dilation):
    """(G, C/G * KD*KH*KW, N * OD*OH*OW): every window of the padded input, copied for one GEMM a group."""
    pads = ((0, 0), (0, 0)) + tuple((padding[2 * i], padding[2 * i + 1]) for i in range(3))
    padded = xp.pad(x, pads) if any(padding) else x
    n, c = x.shape[:2]
    s = padded.strides
    shape = (c,) + tuple(kernel) + (n,) + tuple(out)
    strides = (s[1], dilation[0] * s[2], dilation[1] * s[3], dilation[2] * s[4], s[0],
               stride[0] * s[2], stride[1] * s[3], stride[2] * s[4])
    view = xp.lib.stride_tricks.as_strided(padded, shape, strides, writeable=False)
    return view.reshape(groups, (c // groups) * math.prod(kernel), n * math.prod(out))


def _conv3d_kernel(xp, x, w, *, stride, padding, dilation, groups):
    o, kernel = w.shape[0], w.shape[2:]
    out = _out_shape(x.shape[2:], padding, kernel, stride, dilation)
    cols = _im2col(xp, x, kernel, out, groups, stride, padding, dilation)
    y = matmul_kernel(xp, w.reshape(groups, o // groups, -1), cols)  # (G, O/G, N*M)
    return xp.ascontiguousarray(y.reshape((o, x.shape[0]) + out).transpose(1, 0, 2, 3, 4))


def _conv3d_input_grad_kernel(xp, dy, w, *, input_shape, stride, padding, dilation, groups):
    n, o = dy.shape[:2]
    out = dy.shape[2:]
    cg, kernel = w.shape[1], w.shape[2:]
    weights = w.reshape(groups, o // groups, -1).transpose(0, 2, 1)  # (G, C/G*K, O/G)
    rows = xp.ascontiguousarray(dy.transpose(1, 0, 2, 3, 4)).reshape(groups, o // groups, -1)
    cols = matmul_kernel(xp, weights, rows).reshape((groups * cg,) + tuple(kernel) + (n,) + tuple(out))
    spatial = input_shape[2:]
    full = xp.zeros((groups * cg, n) + tuple(spatial[i] + padding[2 * i] + padding[2 * i + 1] for i in range(3)),
                    dtype=cols.dtype)
    for a in range(kernel[0]):
        for b in range(kernel[1]):
            for c in range(kernel[2]):
                window = tuple(slice(k * dilation[i], k * dilation[i] + stride[i] * (out[i] - 1) + 1, stride[i])
                               for i, k in enumerate((a, b, c)))
                full[(slice(None), slice(None)) + window] += cols[:, a, b, c]
    crop = tuple(slice(padding[2 * i], padding[2 * i] + spatial[i]) for i in range(3))
    return xp.ascontiguousarray(full[(slice(None), slice(None)) + crop].transpose(1, 0, 2, 3, 4))


def _conv3d_weight_grad_kernel(xp, x, dy, *, weight_shape, stride, padding, dilation, groups):
    o = dy.shape[1]
    cols = _im2col(xp, x, weight_shape[2:], dy.shape[2:], groups, stride, padding, dilation)
    rows = dy.transpose(1, 0, 2, 3, 4).reshape(groups, o // groups, -1)
    return matmul_kernel(xp, rows, cols.transpose(0, 2, 1)).reshape(weight_shape)


def _conv3d_rule(x, w, out, dout, **geometry):
    return (conv3d_input_grad(dout, w, input_shape=x.shape, **geometry) if needs_grad(x) else None,
            conv3d_weight_grad(x, dout, weight_shape=w.shape, **geometry) if needs_grad(w) else None)


def _conv3d_input_grad_rule(dy, w, out, dout, *, input_shape, **geometry):
    return (conv3d(dout, w, **geometry) if needs_grad(dy) else None,
            conv3d_weight_grad(dout, dy, weight_shape=w.shape, **geometry) if needs_grad(w) else None)


def _conv3d_weight_grad_rule(x, dy, out, dout, *, weight_shape, **geometry):
    return (conv3d_input_grad(dy, dout, input_shape=x.shape, **geometry) if needs_grad(x) else None,
            conv3d(x, dout, **geometry) if needs_grad(dy) else None)


conv3d = defprim("conv3d", _conv3d_kernel, _conv3d_rule)
conv3d_input_grad = defprim("conv3d_input_grad", _conv3d_input_grad_kernel, _conv3d_input_grad_rule)
conv3d_weight_grad = defprim("conv3d_weight_grad", _conv3d_weight_grad_kernel, _conv3d_weight_grad_rule)
