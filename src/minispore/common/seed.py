"""`set_seed` / `get_seed`, and the generators that initialisers, random ops and dropout draw from.

Every draw comes from a backend's generator (`Backend.random`, or `Backend.generator(seed)` for an
op's own seed), never from NumPy's global one: a user's `np.random` calls do not change a model's
initial weights. `set_seed` seeds them all, and NumPy's global generator too, as MindSpore does.
"""
from minispore import _backend
from minispore._backend.host import seed_numpy_global

__all__ = ["set_seed", "get_seed", "random_generator"]

_seed = None
# (op name, op seed) -> the number of calls of that op with that seed since set_seed.
_op_draws = {}


def set_seed(seed):
    """Seed every random draw minispore makes (and NumPy's global generator, as MindSpore does)."""
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
    _op_draws.clear()
    seed_numpy_global(seed)
    _backend.seed_all(seed)


def get_seed():
    """The seed given to `set_seed`, or None."""
    return _seed


def random_generator(op_seed=None, op_name="", backend=None):
    """The generator a random op draws from, on `backend` (the default backend when None).

    Without an op seed (None or 0) it is the backend's generator, which `set_seed` seeds. With one,
    as in MindSpore, each call gets a generator seeded by the global seed, the op seed and the number
    of earlier calls of `op_name` with that seed since `set_seed`: repeated calls draw differently,
    and a program draws the same sequence every run.
    """
    backend = backend or _backend.default_backend()
    if op_seed is None:
        return backend.random
    if isinstance(op_seed, bool) or not isinstance(op_seed, int) or op_seed < 0:  # before `== 0`: a Tensor
        raise ValueError(f"For '{op_name}', the 'seed' must be a non-negative int, but got {op_seed!r}.")
    if op_seed == 0:
        return backend.random
    key = (op_name, op_seed)
    calls = _op_draws.get(key, 0)
    _op_draws[key] = calls + 1
    return backend.generator((0 if _seed is None else _seed + 1, op_seed, calls))
