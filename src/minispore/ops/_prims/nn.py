"""Neural-network primitives kept whole for numerical stability or speed."""
from minispore._autodiff.tape import needs_grad
from minispore.ops._prims import defprim
from minispore.ops._prims.elementwise import sigmoid, softplus
from minispore.ops._prims.linalg import matmul
from minispore.ops._prims.reduce import log_softmax, softmax, sum as reduce_sum
from minispore.ops._prims.shape import expand_dims, reshape, transpose


def _bce_logits_terms(xp, x, y, pos_weight):
    # -[pw·y·log σ(x) + (1-y)·log(1-σ(x))] = (pw·y + 1 - y)·softplus(x) - pw·y·x, one logaddexp.
    pos = y if pos_weight is None else pos_weight * y
    return (pos - y + 1) * xp.logaddexp(x.dtype.type(0), x) - pos * x


def _reduce(xp, loss, reduction):
    if reduction == "mean":
        return xp.sum(loss) / loss.dtype.type(max(loss.size, 1))
    if reduction == "sum":
        return xp.sum(loss)
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
    pos = y if pos_weight is None else pos_weight * y
    dx = w * ((pos - y + 1) * sigmoid(x) - pos) if needs_grad(x) else None
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


def _dense_kernel(xp, x, w, b):
    out = xp.matmul(x, w.T)
    if b is not None:
        out += b  # the product is a fresh array: add the bias in place
    return out


def _dense_rule(x, w, b, out, dout):
    rows = reshape(dout, shape=(-1, dout.shape[-1])) if dout.ndim != 2 else dout
    inputs = reshape(x, shape=(-1, x.shape[-1])) if x.ndim != 2 else x
    dx = matmul(dout, w) if needs_grad(x) else None
    dw = matmul(transpose(rows, perm=(1, 0)), inputs) if needs_grad(w) else None
    db = reduce_sum(rows, axis=(0,), keepdims=False) if b is not None and needs_grad(b) else None
    return dx, dw, db


# One node for x @ w.T + b: a Dense layer is the most common op in a learner's network.
dense = defprim("dense", _dense_kernel, _dense_rule)


def _softmax_cross_entropy_kernel(xp, x, target, *, axis):
    shifted = x - x.max(axis=axis, keepdims=True)
    log_probs = shifted - xp.log(xp.add.reduce(xp.exp(shifted), axis=axis, keepdims=True))
    return -xp.add.reduce(target * log_probs, axis=axis)


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
