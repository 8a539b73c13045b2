"""`set_seed` / `get_seed`: one seed for initialisers, random ops, dropout and shuffling."""
import numpy as np

from minispore._backend import seed_all

__all__ = ["set_seed", "get_seed"]

_seed = None


def set_seed(seed):
    """Seed every random draw minispore makes (and NumPy's global RNG, as MindSpore does)."""
    global _seed
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"For 'global_seed', the 'seed' must be int, but got {seed!r} with type "
                        f"'{type(seed).__name__}'.")
    if seed < 0:
        raise ValueError(f"For 'global_seed', the 'seed' must be int and must >= 0, but got '{seed}' "
                         "with type 'int'.")
    if seed > 2**32 - 1:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    _seed = seed
    np.random.seed(seed)
    seed_all(seed)


def get_seed():
    """The seed given to `set_seed`, or None."""
    return _seed
