"""One SGD step of LeNet-5 written by hand in NumPy: im2col + matmul convolutions, mask max-pools; the floor.

Activations are kept channels-last (N, H, W, C) so that im2col is one reshape-copy of a sliding-window
view and every convolution is a single matmul; only the flatten uses MindSpore's (C, H, W) order.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

K = 5
LR = np.float32(1e-2)


def _im2col(x):
    """(N, H, W, C) -> (N*OH*OW, K*K*C) patches in (kh, kw, C) order: C innermost makes the copy fast."""
    n, h, w, c = x.shape
    windows = sliding_window_view(x, (K, K), axis=(1, 2)).transpose(0, 1, 2, 4, 5, 3)
    return np.ascontiguousarray(windows).reshape(n * (h - K + 1) * (w - K + 1), K * K * c)


def _col2im(dcols, shape):
    """Sum (N*OH*OW, K*K*C) patch gradients, in (kh, kw, C) order, back onto an (N, H, W, C) input."""
    n, h, w, c = shape
    oh, ow = h - K + 1, w - K + 1
    patches = dcols.reshape(n, oh, ow, K, K, c)
    dx = np.zeros(shape, np.float32)
    for i in range(K):
        for j in range(K):
            dx[:, i:i + oh, j:j + ow] += patches[:, :, :, i, j]
    return dx


def _relu_max_pool(c):
    """ReLU then 2x2 stride-2 max-pool of (N, H, W, C); the mask marks each window's first max where it is positive."""
    n, h, w, ch = c.shape
    windows = c.reshape(n, h // 2, 2, w // 2, 2, ch)
    pooled = np.maximum(windows[:, :, 0, :, 0], windows[:, :, 0, :, 1])
    np.maximum(pooled, windows[:, :, 1, :, 0], out=pooled)
    np.maximum(pooled, windows[:, :, 1, :, 1], out=pooled)
    np.maximum(pooled, 0, out=pooled)
    # Exact float32 ties do occur (about one model in 200): only the first max in scan order takes the gradient.
    mask = np.empty(windows.shape, bool)
    taken = pooled <= 0
    for i in range(2):
        for j in range(2):
            hit = windows[:, :, i, :, j] == pooled
            hit &= ~taken
            mask[:, :, i, :, j] = hit
            taken |= hit
    return pooled, mask


def _unpool(mask, dpooled):
    """Gradient of _relu_max_pool: route each pooled gradient to its window's max, as (N*H*W, C) rows."""
    n, ph, _, pw, _, ch = mask.shape
    return (mask * dpooled[:, :, None, :, None]).reshape(n * ph * 2 * pw * 2, ch)


def _as_matrix(kernel):
    """OIHW kernel -> (O, K*K*I) in the (kh, kw, C) patch order."""
    return kernel.transpose(0, 2, 3, 1).reshape(kernel.shape[0], -1)


def _as_kernel(grad, shape):
    """(O, K*K*I) gradient in patch order -> OIHW."""
    o, i, kh, kw = shape
    return grad.reshape(o, kh, kw, i).transpose(0, 3, 1, 2)


def loss_and_grads(params, x, labels):
    """Mean softmax cross-entropy of LeNet-5 and its gradients; params are (conv1, conv2, w3, b3, w4, b4, w5, b5)."""
    k1, k2, w3, b3, w4, b4, w5, b5 = params
    n = x.shape[0]
    xh = x.transpose(0, 2, 3, 1)
    cols1 = _im2col(xh)
    w1_matrix, w2_matrix = _as_matrix(k1), _as_matrix(k2)
    c1 = (cols1 @ w1_matrix.T).reshape(n, 28, 28, k1.shape[0])
    p1, m1 = _relu_max_pool(c1)
    cols2 = _im2col(p1)
    c2 = (cols2 @ w2_matrix.T).reshape(n, 10, 10, k2.shape[0])
    p2, m2 = _relu_max_pool(c2)
    f = p2.transpose(0, 3, 1, 2).reshape(n, -1)
    h3 = f @ w3.T
    h3 += b3
    np.maximum(h3, 0, out=h3)
    h4 = h3 @ w4.T
    h4 += b4
    np.maximum(h4, 0, out=h4)
    z = h4 @ w5.T
    z += b5
    z -= z.max(axis=1, keepdims=True)
    rows = np.arange(n)
    probs = np.exp(z)
    total = probs.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(total[:, 0]) - z[rows, labels])
    # d loss / d z = (softmax - onehot) / n, built in the probs buffer.
    probs /= total
    probs[rows, labels] -= 1
    probs /= np.float32(n)
    dz = probs
    dh4 = dz @ w5
    dh4 *= h4 > 0
    dh3 = dh4 @ w4
    dh3 *= h3 > 0
    df = dh3 @ w3
    dc2 = _unpool(m2, df.reshape(p2.shape[0], p2.shape[3], p2.shape[1], p2.shape[2]).transpose(0, 2, 3, 1))
    gk2 = _as_kernel(dc2.T @ cols2, k2.shape)
    dp1 = _col2im(dc2 @ w2_matrix, p1.shape)
    dc1 = _unpool(m1, dp1)
    gk1 = _as_kernel(dc1.T @ cols1, k1.shape)
    return loss, (gk1, gk2, dh3.T @ f, dh3.sum(axis=0), dh4.T @ h3, dh4.sum(axis=0), dz.T @ h4, dz.sum(axis=0))


def make(batch=32):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 1, 32, 32), dtype=np.float32)
    y = rng.integers(0, 10, batch).astype(np.int32)

    def uniform(shape, fan_in):
        bound = 1 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape).astype(np.float32)
    params = [uniform((6, 1, K, K), 25), uniform((16, 6, K, K), 150)]
    for fan_in, fan_out in ((400, 120), (120, 84), (84, 10)):
        params += [uniform((fan_out, fan_in), fan_in), uniform(fan_out, fan_in)]

    def step():
        loss, grads = loss_and_grads(params, x, y)
        for param, grad in zip(params, grads):
            grad *= LR
            param -= grad
        return loss
    return step
