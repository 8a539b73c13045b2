"""Batch normalisation with batch statistics (training mode): the forward and the backward pass each one kernel.

Why primitives: as a composite of means, subtractions and products, a BatchNorm layer and its
gradient took about 20 passes over the activations and a dozen temporaries (a third of a ResNet-18
step outside the convolutions); each kernel below takes five to seven passes and one temporary.
Large inputs are split by channel over the threads the thread policy gives (NumPy releases the
GIL in its loops), the statistics of each channel being independent.

Inputs are (N, C, *spatial); statistics are per channel, over every axis but 1, the variance biased.
"""
from minispore._backend import threads
from minispore.ops._prims import defprim
from minispore.ops._prims.linalg import LOW_PRECISION
from minispore.ops._prims.reduce import sum as reduce_sum
from minispore.ops._prims.shape import reshape


def _by_channel(xp, n_channels, size, work):
    """Run work(first, last) over channel ranges, in parallel for large inputs."""
    count = min(threads.threads_for(size), n_channels)
    if count <= 1:
        work(0, n_channels)
        return
    bounds = [n_channels * i // count for i in range(count + 1)]
    threads.run_parallel([lambda i=i: work(bounds[i], bounds[i + 1]) for i in range(count)])


def _rows(x):
    """(N, C, S) view of an (N, C, *spatial) array."""
    return x.reshape(x.shape[0], x.shape[1], -1)


def _channel_sum(xp, a):
    # einsum, not add.reduce over axes (0, 2): that loops over rows of S elements (16 at ResNet-18's
    # 4x4 stage: 0.13 against 0.02 ms).
    return xp.einsum("ncs->c", a)


def _channel_sum_of_products(xp, a, b):
    return xp.einsum("ncs,ncs->c", a, b)


def _widened(xp, arrays):
    """float16 and bfloat16 arrays as float32 (the statistics accumulate there), and their dtype or None."""
    dtype = arrays[0].dtype
    if dtype.itemsize != 2 or dtype.name not in LOW_PRECISION:
        return arrays, None
    return tuple(a.astype(xp.float32) for a in arrays), dtype


def _batch_norm_kernel(xp, x, gamma, beta, *, eps):
    (x, gamma, beta), dtype = _widened(xp, (x, gamma, beta))
    outputs = _batch_norm(xp, x, gamma, beta, eps)
    return outputs if dtype is None else tuple(a.astype(dtype) for a in outputs)


def _batch_norm(xp, x, gamma, beta, eps):
    n, c = x.shape[:2]
    count = x.size // c if c else 0
    rows = _rows(x)
    out = xp.empty_like(x)
    out_rows = _rows(out)
    mean = xp.empty(c, dtype=x.dtype)
    var = xp.empty(c, dtype=x.dtype)
    scale_type = x.dtype.type

    def work(first, last):
        part, centred = rows[:, first:last], out_rows[:, first:last]
        mean[first:last] = _channel_sum(xp, part) / scale_type(max(count, 1))
        xp.subtract(part, mean[first:last, None], out=centred)
        var[first:last] = _channel_sum_of_products(xp, centred, centred) / scale_type(max(count, 1))
        scale = gamma[first:last] / xp.sqrt(var[first:last] + scale_type(eps))
        centred *= scale[:, None].astype(x.dtype, copy=False)
        centred += beta[first:last, None].astype(x.dtype, copy=False)
    _by_channel(xp, c, x.size, work)
    return out, mean, var


def _batch_norm_rule(x, gamma, beta, out, dout, *, eps):
    _, mean, var = out
    dy, dmean, dvar = dout
    return batch_norm_grad(x, gamma, mean, var, dy, dmean, dvar, eps=eps)


# (x, gamma, beta) -> (gamma * (x - mean) / sqrt(var + eps) + beta, mean, var), all per channel.
batch_norm = defprim("batch_norm", _batch_norm_kernel, _batch_norm_rule, n_out=3)


def _batch_norm_grad_kernel(xp, x, gamma, mean, var, dy, dmean, dvar, *, eps):
    """dx, dgamma, dbeta of batch_norm, given the cotangents of all three of its outputs.

    With c = x - mean and s = 1/sqrt(var + eps), dx is affine in dy and c per channel:
    dx = gamma*s*dy + k2*c + k3, k2 = -gamma*s^3*sum(dy*c)/M + 2*dvar/M, k3 = -gamma*s*sum(dy)/M + dmean/M.
    """
    arrays, dtype = _widened(xp, (x, gamma, mean, var, dy, dmean, dvar))
    grads = _batch_norm_grad(xp, *arrays, eps)
    return grads if dtype is None else tuple(a.astype(dtype) for a in grads)


def _batch_norm_grad(xp, x, gamma, mean, var, dy, dmean, dvar, eps):
    c = x.shape[1]
    count = max(x.size // c if c else 0, 1)
    rows, dy_rows = _rows(x), _rows(dy)
    dx = xp.empty(x.shape, dtype=xp.result_type(x, dy))
    dx_rows = _rows(dx)
    dgamma = xp.empty(c, dtype=dx.dtype)
    dbeta = xp.empty(c, dtype=dx.dtype)
    scalar = dx.dtype.type

    def work(first, last):
        channels = slice(first, last)
        g, centred = dy_rows[:, channels], rows[:, channels] - mean[channels, None]
        s = 1 / xp.sqrt(var[channels] + scalar(eps))
        sum_dy = _channel_sum(xp, g)
        sum_dy_centred = _channel_sum_of_products(xp, g, centred)
        dgamma[channels], dbeta[channels] = s * sum_dy_centred, sum_dy
        k1 = gamma[channels] * s
        k2 = (-k1 * s * s * sum_dy_centred + 2 * dvar[channels]) / scalar(count)
        k3 = (-k1 * sum_dy + dmean[channels]) / scalar(count)
        out = dx_rows[:, channels]
        xp.multiply(g, k1[:, None].astype(dx.dtype, copy=False), out=out)
        centred *= k2[:, None].astype(dx.dtype, copy=False)
        out += centred
        out += k3[:, None].astype(dx.dtype, copy=False)
    _by_channel(xp, c, x.size, work)
    return dx, dgamma, dbeta


def _batch_norm_grad_rule(x, gamma, mean, var, dy, dmean, dvar, out, dout, *, eps):
    # The derivatives of the kernel's formula in every input, mean and var taken as inputs (their own
    # dependence on x is batch_norm's rule). With c = x - mean, s = 1/sqrt(var + eps), Sa = sum(a)
    # per channel, and cotangents (u, v, w) of (dx, dgamma, dbeta).
    u, v, w = dout
    ndim = x.ndim
    axes = (0,) + tuple(range(2, ndim))
    m = float(max(x.size // x.shape[1] if x.shape[1] else 0, 1))

    def channel(t):
        return reshape(t, shape=(1, t.shape[0]) + (1,) * (ndim - 2))

    def flat(t):
        return reshape(t, shape=(x.shape[1],))

    def total(t):
        return channel(reduce_sum(t, axis=axes, keepdims=False))

    gamma_, mean_, var_, dvar_, v_ = channel(gamma), channel(mean), channel(var), channel(dvar), channel(v)
    s = (var_ + eps) ** -0.5
    c = x - mean_
    su, suc, sg, sgc, sug = total(u), total(u * c), total(dy), total(dy * c), total(u * dy)
    d_dy = gamma_ * s * (u - su / m) - gamma_ * s ** 3 * suc * c / m + v_ * s * c + channel(w)
    d_c = -gamma_ * s ** 3 * (dy * suc + u * sgc) / m + 2 * dvar_ * u / m + v_ * s * dy
    d_s = gamma_ * (sug - sg * su / m) - 3 * gamma_ * s * s * sgc * suc / m + v_ * sgc
    d_gamma = s * (sug - sg * su / m) - s ** 3 * sgc * suc / m
    return (d_c, flat(d_gamma), -flat(total(d_c)), flat(d_s * s ** 3 * -0.5), d_dy, flat(su) / m,
            flat(suc) * (2 / m))


batch_norm_grad = defprim("batch_norm_grad", _batch_norm_grad_kernel, _batch_norm_grad_rule, n_out=3)
