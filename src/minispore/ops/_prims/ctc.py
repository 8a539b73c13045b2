"""CTC loss as a primitive: the forward (alpha) recursion gives each sample's negative log-likelihood, and
its backward rule is the alpha-beta gradient, computed by a second primitive from the same recursions.

A primitive because the recursion runs over time and label positions: as a composite it would record
T x S small nodes. The gradient primitive has no rule of its own (first-order derivatives only).
Log-probabilities are (T, N, C); targets are (N, S) padded or 1-d concatenated.

The gradient is the true derivative with respect to the log-probabilities: minus the posterior occupancy
of each class. MindSpore (like PyTorch) returns exp(log_probs) minus it, which presumes a log_softmax
upstream; through a log_softmax both give the same gradient of the logits.
"""
from minispore.ops._prims import defprim
from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims.shape import expand_dims


def _extended(xp, targets, target_lengths, blank, batch):
    """Labels with blanks interleaved (N, 2*S+1), their lengths, and where a skip over a blank is allowed."""
    lengths = target_lengths.astype(xp.int64)
    width = int(lengths.max(initial=0))
    if targets.ndim == 1:
        padded = xp.full((batch, width), blank, dtype=xp.int64)
        offsets = xp.concatenate([xp.zeros(1, dtype=xp.int64), xp.cumsum(lengths)[:-1]])
        for n in range(batch):
            padded[n, :int(lengths[n])] = targets[int(offsets[n]):int(offsets[n]) + int(lengths[n])]
    else:
        padded = targets[:, :width].astype(xp.int64)
    extended = xp.full((batch, 2 * width + 1), blank, dtype=xp.int64)
    extended[:, 1::2] = padded
    skip = xp.zeros(extended.shape, dtype=bool)
    skip[:, 2:] = (extended[:, 2:] != blank) & (extended[:, 2:] != extended[:, :-2])
    return extended, 2 * lengths + 1, skip


def _logaddexp3(xp, a, b, c):
    return xp.logaddexp(xp.logaddexp(a, b), c)


def _recursions(xp, log_probs, targets, input_lengths, target_lengths, blank):
    """alpha and beta (T, N, L) in log space, each including the emission at its own step, and log p (N,)."""
    steps, batch, _ = log_probs.shape
    extended, ext_lengths, skip = _extended(xp, targets, target_lengths, blank, batch)
    width = extended.shape[1]
    dtype = log_probs.dtype
    neg_inf = dtype.type(-xp.inf)
    rows = xp.arange(batch)[:, None]
    emit = log_probs[:, rows, extended]  # (T, N, L)
    positions = xp.arange(width)[None, :]
    inside = positions < ext_lengths[:, None]
    alpha = xp.full((steps, batch, width), neg_inf, dtype=dtype)
    alpha[0, :, 0] = emit[0, :, 0]
    alpha[0, :, 1] = xp.where(ext_lengths > 1, emit[0, :, 1], neg_inf)
    for t in range(1, steps):
        previous = alpha[t - 1]
        shifted1 = xp.concatenate([xp.full((batch, 1), neg_inf, dtype), previous[:, :-1]], axis=1)
        shifted2 = xp.concatenate([xp.full((batch, 2), neg_inf, dtype), previous[:, :-2]], axis=1)
        merged = _logaddexp3(xp, previous, shifted1, xp.where(skip, shifted2, neg_inf)) + emit[t]
        active = (t < input_lengths)[:, None] & inside
        alpha[t] = xp.where(active, merged, neg_inf)
    beta = xp.full((steps, batch, width), neg_inf, dtype=dtype)
    last_t = input_lengths.astype(xp.int64) - 1
    ends = xp.stack([ext_lengths - 1, ext_lengths - 2], axis=1)
    for n in range(batch):
        t, end = int(last_t[n]), ends[n]
        if t < 0:
            continue
        beta[t, n, end[0]] = emit[t, n, end[0]]
        if end[1] >= 0:
            beta[t, n, end[1]] = emit[t, n, end[1]]
    skip_ahead = xp.concatenate([skip[:, 2:], xp.zeros((batch, 2), bool)], axis=1)  # may s jump to s+2
    for t in range(steps - 2, -1, -1):
        following = beta[t + 1]
        shifted1 = xp.concatenate([following[:, 1:], xp.full((batch, 1), neg_inf, dtype)], axis=1)
        shifted2 = xp.concatenate([following[:, 2:], xp.full((batch, 2), neg_inf, dtype)], axis=1)
        merged = _logaddexp3(xp, following, shifted1, xp.where(skip_ahead, shifted2, neg_inf)) + emit[t]
        active = (t < last_t)[:, None] & inside
        beta[t] = xp.where(active, merged, beta[t])
    final = xp.take_along_axis(alpha[xp.maximum(last_t, 0), xp.arange(batch)], ends.clip(min=0), axis=1)
    final = xp.where(ends >= 0, final, neg_inf)
    log_likelihood = xp.logaddexp(final[:, 0], final[:, 1])
    return alpha, beta, log_likelihood, extended


def _ctc_loss_kernel(xp, log_probs, targets, input_lengths, target_lengths, *, blank, zero_infinity):
    _, _, log_likelihood, _ = _recursions(xp, log_probs, targets, input_lengths, target_lengths, blank)
    loss = -log_likelihood
    if zero_infinity:
        loss = xp.where(xp.isinf(loss), loss.dtype.type(0), loss)
    return loss


def _ctc_log_alpha_kernel(xp, log_probs, targets, input_lengths, target_lengths, *, blank):
    alpha = _recursions(xp, log_probs, targets, input_lengths, target_lengths, blank)[0]
    return xp.ascontiguousarray(alpha.transpose(1, 0, 2))


def _ctc_loss_grad_kernel(xp, log_probs, targets, input_lengths, target_lengths, *, blank, zero_infinity):
    """d(loss_n)/d(log_probs[t, n, c]): minus the posterior probability that step t emits class c."""
    alpha, beta, log_likelihood, extended = _recursions(xp, log_probs, targets, input_lengths, target_lengths, blank)
    steps, batch, _ = log_probs.shape
    rows = xp.arange(batch)[:, None]
    emit = log_probs[:, rows, extended]
    # per label position; lanes no path reaches (alpha or beta -inf) are zeroed before the arithmetic
    reached = xp.isfinite(alpha) & xp.isfinite(beta) & xp.isfinite(log_likelihood)[None, :, None]
    zero = alpha.dtype.type(0)
    exponent = (xp.where(reached, alpha, zero) + xp.where(reached, beta, zero) - xp.where(reached, emit, zero)
                - xp.where(xp.isfinite(log_likelihood), log_likelihood, zero)[None, :, None])
    posterior = xp.where(reached, xp.exp(exponent), zero)
    occupancy = xp.zeros(log_probs.shape, dtype=log_probs.dtype)
    for n in range(batch):
        xp.add.at(occupancy[:, n, :], (slice(None), extended[n]), posterior[:, n, :])
    grad = -occupancy
    impossible = xp.isinf(log_likelihood)[None, :, None]
    return xp.where(impossible, grad.dtype.type(0) if zero_infinity else grad.dtype.type(xp.nan), grad)


# alpha, the forward variables (N, T, 2S+1), as MindSpore's ops.ctc_loss returns them (no gradient).
ctc_log_alpha = defprim("ctc_log_alpha", _ctc_log_alpha_kernel, None)
ctc_loss_grad = defprim("ctc_loss_grad", _ctc_loss_grad_kernel, None)


def _ctc_loss_rule(log_probs, targets, input_lengths, target_lengths, out, dout, *, blank, zero_infinity):
    if not needs_grad(log_probs):
        return None, None, None, None
    grad = ctc_loss_grad(log_probs, targets, input_lengths, target_lengths, blank=blank, zero_infinity=zero_infinity)
    return grad * expand_dims(expand_dims(dout, axis=0), axis=2), None, None, None


ctc_loss = defprim("ctc_loss", _ctc_loss_kernel, _ctc_loss_rule)
