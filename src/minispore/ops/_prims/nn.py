"""Neural-network primitives kept whole for numerical stability or speed."""
from minispore.ops._prims.dispatch import needs_grad
from minispore._backend import backend_of
from minispore.common.tensor import Tensor
from minispore.ops._prims import defprim, wrap_output
from minispore.ops._prims.elementwise import sigmoid, softplus
from minispore.ops._prims.linalg import matmul, matmul_kernel
from minispore.ops._prims.reduce import _log_softmax_kernel, _softmax_kernel, log_softmax, softmax, sum as reduce_sum
from minispore.ops._prims.shape import broadcast_to, expand_dims, reshape, transpose


def _bce_logits_terms(xp, x, y, pos_weight):
    # -[pw·y·log σ(x) + (1-y)·log(1-σ(x))] = (pw·y + 1 - y)·softplus(x) - pw·y·x, one logaddexp;
    # without pos_weight that is softplus(x) - y·x.
    softplus_x = xp.logaddexp(x.dtype.type(0), x)
    if pos_weight is None:
        return softplus_x - y * x
    pos = pos_weight * y
    return (pos - y + 1) * softplus_x - pos * x


def _reduce(xp, loss, reduction):
    # add.reduce is what xp.sum calls (the same pairwise sum), without its Python-level dispatch.
    if reduction == "mean":
        return xp.add.reduce(loss, axis=None) / loss.dtype.type(max(loss.size, 1))
    if reduction == "sum":
        return xp.add.reduce(loss, axis=None)
    return loss


def _bce_kernel(xp, x, y, weight, pos_weight, *, reduction):
    loss = _bce_logits_terms(xp, x, y, pos_weight)
    if weight is not None:
        loss = loss * weight
    return _reduce(xp, loss.astype(x.dtype, copy=False), reduction)


def _bce_rule(x, y, weight, pos_weight, out, dout, *, reduction):
    if reduction == "mean":
        dout = dout / float(max(x.size, 1))
    # A reduced dout is 0-d: the products below broadcast it, no broadcast_to is needed.
    w = dout if weight is None else dout * weight
    dx = None
    if needs_grad(x):
        if pos_weight is None:
            dx = w * (sigmoid(x) - y)
        else:
            pos = pos_weight * y
            dx = w * ((pos - y + 1) * sigmoid(x) - pos)
    dy = None
    if needs_grad(y):
        # d/dy of -[pw*y*logsig(x) + (1-y)*logsig(-x)] = pw*softplus(-x) - softplus(x)
        pw_term = softplus(-x) if pos_weight is None else pos_weight * softplus(-x)
        dy = w * (pw_term - softplus(x))
    dweight = None
    if weight is not None and needs_grad(weight):
        dweight = dout * _loss_terms(x, y, pos_weight)
    dpos = None
    if pos_weight is not None and needs_grad(pos_weight):
        dpos = w * y * softplus(-x)
    return dx, dy, dweight, dpos


def _loss_terms(x, y, pos_weight):
    pos = y if pos_weight is None else pos_weight * y
    return pos * softplus(-x) + (1 - y) * softplus(x)


binary_cross_entropy_with_logits = defprim("binary_cross_entropy_with_logits", _bce_kernel, _bce_rule)


# A batch of rows is multiplied as w @ x.T and handed on transposed (feature-major): the same values
# (the same BLAS products, operands swapped), but OpenBLAS threads this layout better. The MLP's
# 64x784 @ 784x512 takes 0.21 instead of 0.27 ms on two threads and 0.38 instead of 0.46 on one.
def _dense_kernel(xp, x, w, b):
    out = matmul_kernel(xp, w, x.T).T if x.ndim == 2 else matmul_kernel(xp, x, w.T)
    if b is not None:
        out += b  # the product is a fresh array: add the bias in place
    return out


def _dense_rule(x, w, b, out, dout):
    need = (needs_grad(x), needs_grad(w), b is not None and needs_grad(b))
    if not (need[0] or need[1] or need[2]):
        return None, None, None
    grads = iter(dense_grad(x, w, dout, need=need))
    return (next(grads) if need[0] else None, next(grads) if need[1] else None, next(grads) if need[2] else None)


def _rows(t):
    """A Tensor or array as a 2-d matrix of rows over its last axis."""
    if t.ndim == 2:
        return t
    return reshape(t, shape=(-1, t.shape[-1])) if isinstance(t, Tensor) else t.reshape(-1, t.shape[-1])


def _dense_grad_kernel(xp, x, w, dout, *, need):
    rows = _rows(dout)
    grads = []
    if need[0]:
        # Feature-major like the forward output, so that the ReLU gradient between two layers meets
        # operands of one layout.
        grads.append(matmul_kernel(xp, w.T, dout.T).T if dout.ndim == 2 else matmul_kernel(xp, dout, w))
    if need[1]:
        grads.append(matmul_kernel(xp, rows.T, _rows(x)))
    if need[2]:
        grads.append(xp.add.reduce(rows, axis=0))
    return grads


def _dense_grad_rule(x, w, dout, grads, cotangents, *, need):
    # dx = dout @ w, dw = dout^T x and db = sum(dout) are each linear in dout and in one of x, w.
    given = iter(cotangents)
    g_dx, g_dw, g_db = (next(given) if wanted else None for wanted in need)
    rows, inputs = _rows(dout), _rows(x)
    g_rows = None if g_dx is None else _rows(g_dx)
    dx = dw = ddout = None
    if g_dw is not None and needs_grad(x):
        dx = matmul(rows, g_dw)
        dx = reshape(dx, shape=x.shape) if dx.shape != x.shape else dx
    if g_rows is not None and needs_grad(w):
        dw = matmul(transpose(rows, perm=(1, 0)), g_rows)
    if needs_grad(dout):
        terms = []
        if g_rows is not None:
            terms.append(matmul(g_rows, transpose(w, perm=(1, 0))))
        if g_dw is not None:
            terms.append(matmul(inputs, transpose(g_dw, perm=(1, 0))))
        if terms or g_db is not None:
            ddout = terms[0] if terms else None
            for term in terms[1:]:
                ddout = ddout + term
            if g_db is not None:
                ddout = broadcast_to(g_db, shape=rows.shape) if ddout is None else ddout + g_db
            ddout = reshape(ddout, shape=dout.shape) if ddout.shape != dout.shape else ddout
    return dx, dw, ddout


# One node for x @ w.T + b: a Dense layer is the most common op in a learner's network.
dense = defprim("dense", _dense_kernel, _dense_rule)
# The gradients of a dense node wrt (x, w, b), only those flagged in `need`, from one call.
dense_grad = defprim("dense_grad", _dense_grad_kernel, _dense_grad_rule, n_out=0)


def _softmax_cross_entropy_kernel(xp, x, target, *, axis):
    return -xp.add.reduce(target * _log_softmax_kernel(xp, x, axis=axis), axis=axis)


def _softmax_cross_entropy_rule(x, target, out, dout, *, axis):
    dout = expand_dims(dout, axis=axis)
    dx = None
    if needs_grad(x):
        # d/dx of -sum(t * log_softmax(x)) = softmax(x) * sum(t) - t (sum(t) is 1 for a one-hot row)
        dx = (softmax(x, axis=axis) * reduce_sum(target, axis=(axis,), keepdims=True) - target) * dout
    dtarget = -log_softmax(x, axis=axis) * dout if needs_grad(target) else None
    return dx, dtarget


# Per-sample cross-entropy of logits against class weights `target` (one-hot rows or
# probabilities), in one node: the loss of nearly every classifier, kept whole for speed and
# for the stable log-softmax inside.
softmax_cross_entropy = defprim("softmax_cross_entropy", _softmax_cross_entropy_kernel,
                                _softmax_cross_entropy_rule)


def _counted(xp, labels, ignore_index):
    """Labels with the ignored ones set to 0, and the bool mask of counted ones (None: all count).

    Callers that know no label equals ignore_index pass None: the common case skips the mask.
    """
    if ignore_index is None:
        return labels, None
    valid = labels != ignore_index
    return xp.where(valid, labels, 0), valid


def _is_label(xp, labels, x, axis):
    """Bool array shaped like x: True at each position's label along the class axis."""
    classes = x.shape[axis]
    class_ids = xp.arange(classes).reshape((classes,) + (1,) * (x.ndim - axis - 1))
    return xp.expand_dims(labels % classes, axis) == class_ids


def _at_labels(xp, x, labels, axis):
    """x at the label of each position along the class axis (labels in [-C, C))."""
    if x.ndim == 2:
        return x[xp.arange(x.shape[0]), labels]
    if x.ndim == 1:
        return x[labels]
    return xp.take_along_axis(x, xp.expand_dims(labels, axis), axis).squeeze(axis)


def _sparse_softmax_cross_entropy_kernel(xp, x, labels, *, ignore_index, reduction):
    axis = 1 if x.ndim > 1 else 0
    shifted = x - xp.maximum.reduce(x, axis=axis, keepdims=True)
    labels, valid = _counted(xp, labels, ignore_index)
    loss = xp.log(xp.add.reduce(xp.exp(shifted), axis=axis))
    loss -= _at_labels(xp, shifted, labels, axis)
    if valid is not None:
        loss *= valid
    if reduction == "none":
        return loss
    total = xp.add.reduce(loss, axis=None)
    if reduction == "sum":
        return total
    # No counted label gives 0/0 = nan, as MindSpore's mean over an empty selection does.
    return total / x.dtype.type(labels.size if valid is None else int(xp.count_nonzero(valid)))


def _sparse_softmax_cross_entropy_rule(x, labels, out, dout, *, ignore_index, reduction):
    if not needs_grad(x):
        return None, None
    return sparse_softmax_cross_entropy_grad(x, labels, dout, ignore_index=ignore_index, reduction=reduction), None


# Cross-entropy of logits (N, C, d...) at integer class indices (N, d...) in [-C, C), reduced, in one
# node and without a one-hot array: the loss step of nearly every classifier.
sparse_softmax_cross_entropy = defprim("sparse_softmax_cross_entropy", _sparse_softmax_cross_entropy_kernel,
                                       _sparse_softmax_cross_entropy_rule)


def _sparse_softmax_cross_entropy_grad_kernel(xp, x, labels, dout, *, ignore_index, reduction):
    axis = 1 if x.ndim > 1 else 0
    probs = _softmax_kernel(xp, x, axis=axis)
    labels, valid = _counted(xp, labels, ignore_index)
    if x.ndim == 2:
        probs[xp.arange(x.shape[0]), labels] -= 1
    elif x.ndim == 1:
        probs[labels] -= 1
    else:
        probs -= _is_label(xp, labels, x, axis)
    weight = xp.expand_dims(dout, axis) if reduction == "none" else dout
    if reduction == "mean":
        weight = weight / dout.dtype.type(labels.size if valid is None else int(xp.count_nonzero(valid)))
    if valid is not None:
        weight = weight * xp.expand_dims(valid, axis)
    probs *= weight
    return probs


def _sparse_softmax_cross_entropy_grad_rule(x, labels, dout, out, dgrad, *, ignore_index, reduction):
    # The gradient is (softmax(x) - onehot) * w with w = dout spread, averaged and masked; its own
    # derivatives use softmax's Jacobian s * (u - sum(s * u)).
    axis = 1 if x.ndim > 1 else 0
    xp = backend_of(x._data).xp
    index, valid = _counted(xp, labels._data, ignore_index)
    keep = xp.ones(labels.shape, x._data.dtype) if valid is None else valid.astype(x._data.dtype)
    keep = xp.expand_dims(keep, axis)
    onehot = wrap_output(_is_label(xp, index, x._data, axis) * keep, xp)
    keep = wrap_output(keep, xp)
    count = float(index.size if valid is None else xp.count_nonzero(valid))
    probs = softmax(x, axis=axis)
    dx = ddout = None
    if needs_grad(x):
        spread = expand_dims(dout, axis=axis) if reduction == "none" else dout
        u = dgrad * (spread / count if reduction == "mean" else spread) * keep
        dx = probs * (u - reduce_sum(probs * u, axis=(axis,), keepdims=True))
    if needs_grad(dout):
        r = (probs * keep - onehot) * dgrad
        if reduction == "none":
            ddout = reduce_sum(r, axis=(axis,), keepdims=False)
        else:
            ddout = reduce_sum(r, axis=None, keepdims=False)
            if reduction == "mean":
                ddout = ddout / count
    return dx, None, ddout


sparse_softmax_cross_entropy_grad = defprim("sparse_softmax_cross_entropy_grad",
                                            _sparse_softmax_cross_entropy_grad_kernel,
                                            _sparse_softmax_cross_entropy_grad_rule)
