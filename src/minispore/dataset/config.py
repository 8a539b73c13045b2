"""`mindspore.dataset.config`: the pipeline seed and the (accepted, unused) parallelism settings."""
import numpy as np

from minispore.common import seed as _global_seed

__all__ = ["set_seed", "get_seed", "set_num_parallel_workers", "get_num_parallel_workers",
           "set_prefetch_size", "get_prefetch_size"]

_seed = None
_random = None
_random_seed = object()  # the seed _random was made from; a sentinel until the first draw
_settings = {"num_parallel_workers": 8, "prefetch_size": 16}


def set_seed(seed):
    """Seed shuffling and the random transforms of every pipeline built from now on."""
    global _seed
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= 2**32 - 1:
        raise ValueError(f"For 'dataset.config.set_seed', 'seed' must be an int in [0, 2**32 - 1], "
                         f"but got {seed!r}.")
    _seed = seed
    _reseed_random(seed)


def get_seed():
    """The dataset seed: dataset.config.set_seed's, else minispore.set_seed's, else None."""
    return _seed if _seed is not None else _global_seed.get_seed()


def seed_sequence(*salt):
    """A fresh seed for one shuffle pass: fixed by the seed and `salt`; random when no seed is set."""
    seed = get_seed()
    if seed is None:
        return np.random.SeedSequence()
    return np.random.SeedSequence([seed, *salt])


def random_generator():
    """The generator that random transforms draw from (reseeded by either set_seed)."""
    seed = get_seed()
    if seed != _random_seed or seed is None and _random is None:
        _reseed_random(seed)
    return _random


def _reseed_random(seed):
    global _random, _random_seed
    _random, _random_seed = np.random.default_rng(seed), seed


# Work runs in the calling thread, one row at a time, so these only record the value.
def set_num_parallel_workers(num):
    """Recorded for compatibility; minispore's pipeline runs in the calling thread."""
    _settings["num_parallel_workers"] = int(num)


def get_num_parallel_workers():
    """The value given to set_num_parallel_workers (default 8, as MindSpore)."""
    return _settings["num_parallel_workers"]


def set_prefetch_size(size):
    """Recorded for compatibility; rows are produced on demand."""
    _settings["prefetch_size"] = int(size)


def get_prefetch_size():
    """The value given to set_prefetch_size (default 16)."""
    return _settings["prefetch_size"]
