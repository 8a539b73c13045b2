"""Sampling ops: `ops.multinomial` and `random_choice_with_mask` (ops.RandomChoiceWithMask), drawn from the
backend's generator (seeded by `set_seed`) or from a generator of their own `seed`."""
from minispore._backend import backend_of, default_backend
from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims import elementwise as E, index as I, sampling as P, shape as S

__all__ = ["multinomial"]


def generator(seed, op="random"):
    """The generator an op with an optional seed draws from: its own for a seed, else the global one."""
    backend = default_backend()
    seed = None if seed is None else V.integer(op, "seed", seed, minimum=0)
    return backend.random if seed is None or seed == 0 else backend.generator(seed)


def multinomial(input, num_samples, replacement=True, seed=None):
    """Indices (Int32) of `num_samples` draws from each row of non-negative weights `input` (1-d or 2-d)."""
    if not isinstance(input, Tensor) or input.ndim not in (1, 2):
        raise ValueError("For 'multinomial', the 'input' must be a 1-d or 2-d Tensor of weights, but got "
                         f"{getattr(input, 'shape', type(input).__name__)}.")
    if isinstance(num_samples, bool) or not isinstance(num_samples, int) or num_samples <= 0:
        raise ValueError(f"For 'multinomial', the 'num_samples' must be a positive int, but got {num_samples!r}.")
    replacement = V.flag("multinomial", "replacement", replacement)
    weights = input._data.reshape(-1, input.shape[-1])  # non-negative: a row sums to > 0 iff one weight is > 0
    if bool((weights < 0).any()) or not bool((weights.sum(axis=1) > 0).all()):
        raise ValueError("For 'multinomial', every row of 'input' must hold non-negative weights with a positive sum.")
    if not replacement and num_samples > input.shape[-1]:
        raise ValueError(f"For 'multinomial', without replacement 'num_samples' ({num_samples}) must not exceed "
                         f"the number of categories ({input.shape[-1]}).")
    rng = generator(seed, "multinomial")
    uniforms = wrap(rng.random((weights.shape[0], num_samples)))
    noise = None if replacement else wrap(rng.random(weights.shape))
    out = P.multinomial(input, uniforms, noise, num_samples=num_samples)
    return out.reshape(num_samples) if input.ndim == 1 else out


def random_choice_with_mask(input_x, count, rng):
    """Up to `count` random positions of True in a Bool Tensor, drawn with generator `rng`: (indices
    (count, rank) Int32, mask (count,)), padded with zeros and False."""
    if not isinstance(input_x, Tensor) or input_x.dtype != mstype.bool_ or input_x.ndim < 1:
        raise TypeError("For 'RandomChoiceWithMask', the input must be a Bool Tensor of rank >= 1, but got "
                        f"{getattr(input_x, 'dtype', type(input_x).__name__)}.")
    if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
        raise ValueError(f"For 'RandomChoiceWithMask', the 'count' must be a positive int, but got {count!r}.")
    positions = I.nonzero(input_x)  # (n, rank)
    chosen = rng.permutation(positions.shape[0])[:count]
    found = chosen.shape[0]
    index = S.pad(S.getitem(positions, index=chosen), widths=((0, count - found), (0, 0)), value=0)
    mask = wrap(backend_of(chosen).xp.arange(count) < found)
    return E.cast(index, dtype=mstype.int32._np), mask
