"""Categorical sampling without a gradient. The uniform draws come in as inputs (the caller draws them from
the backend generator that `set_seed` seeds), so the kernel is a function of its inputs alone."""
from minispore.ops._prims import defprim


def _multinomial_kernel(xp, weights, uniforms, noise, *, num_samples):
    """Int32 categories (rows, num_samples) drawn from each row of non-negative `weights`: with replacement
    (noise None) by the inverse CDF at `uniforms`; without, by Gumbel top-k: the num_samples largest of
    log p + Gumbel noise made from the uniform `noise` are a draw without replacement."""
    weights = weights.astype(xp.float64).reshape(-1, weights.shape[-1])
    probabilities = weights / weights.sum(axis=1, keepdims=True)
    if noise is None:
        cdf = xp.cumsum(probabilities, axis=1)
        last = cdf.shape[1] - 1
        rows = [xp.minimum(xp.searchsorted(c, u, side="right"), last) for c, u in zip(cdf, uniforms)]
        found = xp.stack(rows) if rows else xp.zeros((0, num_samples), dtype=xp.int64)
    else:
        gumbel = -xp.log(-xp.log(noise.clip(1e-300, 1.0)))
        possible = probabilities > 0  # log(0) = -inf: never drawn
        keys = xp.where(possible, xp.log(xp.where(possible, probabilities, 1.0)) + gumbel, -xp.inf)
        found = xp.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    return found.astype(xp.int32)


# `noise` is None for draws with replacement.
multinomial = defprim("multinomial", _multinomial_kernel, None)
