"""Sampling ops: `ops.multinomial` and `random_choice_with_mask` (ops.RandomChoiceWithMask), drawn from the
backend's generator (seeded by `set_seed`) or from a generator of their own `seed`."""
import numpy as np

from minispore._backend import default_backend, to_numpy
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor

__all__ = ["multinomial"]


def generator(seed):
    """The generator an op with an optional seed draws from: its own for a seed, else the global one."""
    backend = default_backend()
    return backend.random if seed is None or seed == 0 else backend.generator(seed)


def multinomial(input, num_samples, replacement=True, seed=None):
    """Indices (Int32) of `num_samples` draws from each row of non-negative weights `input` (1-d or 2-d)."""
    if not isinstance(input, Tensor) or input.ndim not in (1, 2):
        raise ValueError("For 'multinomial', the 'input' must be a 1-d or 2-d Tensor of weights, but got "
                         f"{getattr(input, 'shape', type(input).__name__)}.")
    if isinstance(num_samples, bool) or not isinstance(num_samples, int) or num_samples <= 0:
        raise ValueError(f"For 'multinomial', the 'num_samples' must be a positive int, but got {num_samples!r}.")
    weights = input.asnumpy().astype("float64").reshape(-1, input.shape[-1])
    if (weights < 0).any() or not (weights.sum(axis=1) > 0).all():
        raise ValueError("For 'multinomial', every row of 'input' must hold non-negative weights with a positive sum.")
    if not replacement and num_samples > input.shape[-1]:
        raise ValueError(f"For 'multinomial', without replacement 'num_samples' ({num_samples}) must not exceed "
                         f"the number of categories ({input.shape[-1]}).")
    probabilities = weights / weights.sum(axis=1, keepdims=True)
    rng = generator(seed)
    uniforms = to_numpy(rng.random((len(weights), num_samples)))
    if replacement:  # inverse CDF
        cdf = np.cumsum(probabilities, axis=1)
        rows = [np.minimum(np.searchsorted(c, u, side="right"), len(c) - 1) for c, u in zip(cdf, uniforms)]
    else:  # Gumbel top-k: the k largest of log p + Gumbel noise are a draw without replacement
        noise = -np.log(-np.log(to_numpy(rng.random(probabilities.shape)).clip(1e-300, 1.0)))
        with np.errstate(divide="ignore"):
            keys = np.log(probabilities) + noise
        rows = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    out = Tensor(np.asarray(rows), mstype.int32)
    return out.reshape(num_samples) if input.ndim == 1 else out


def random_choice_with_mask(input_x, count, rng):
    """Up to `count` random positions of True in a Bool Tensor, drawn with generator `rng`: (indices
    (count, rank) Int32, mask (count,)), padded with zeros and False."""
    if not isinstance(input_x, Tensor) or input_x.dtype != mstype.bool_ or input_x.ndim < 1:
        raise TypeError("For 'RandomChoiceWithMask', the input must be a Bool Tensor of rank >= 1, but got "
                        f"{getattr(input_x, 'dtype', type(input_x).__name__)}.")
    if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
        raise ValueError(f"For 'RandomChoiceWithMask', the 'count' must be a positive int, but got {count!r}.")
    positions = np.argwhere(input_x.asnumpy())
    chosen = to_numpy(rng.permutation(len(positions)))[:count]
    index = np.zeros((count, input_x.ndim), np.int32)
    mask = np.zeros(count, bool)
    index[:len(chosen)] = positions[chosen]
    mask[:len(chosen)] = True
    return Tensor(index), Tensor(mask)
