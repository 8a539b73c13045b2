"""The C++ random draws MindSpore's data engine makes, reproduced bit for bit.

MindSpore's samplers and shuffles use `std::mt19937`, `std::mt19937_64` and
`std::default_random_engine` (`minstd_rand0`) with libstdc++'s (GCC 9) `uniform_int_distribution`,
`std::shuffle`, `discrete_distribution` and `exponential_distribution`. Reproducing them makes a
seeded pipeline here yield the rows in the order MindSpore 2.10 yields them.
"""
import math

import numpy as np

__all__ = ["MT19937", "MT19937_64", "MinstdRand0", "uniform_int", "shuffle", "generate_canonical",
           "discrete_sampler", "exponential"]

_MASK64 = (1 << 64) - 1
_DEFAULT_SEED = 5489  # std::mt19937::default_seed


class MT19937:
    """std::mt19937 seeded with one 32-bit value (NumPy's legacy seeding is the same init_genrand)."""

    min, max = 0, 2**32 - 1

    def __init__(self, seed=_DEFAULT_SEED):
        self._bits = np.random.RandomState(int(seed) & 0xFFFFFFFF)._bit_generator
        self._buffer, self._next = [], 0

    def __call__(self):
        if self._next == len(self._buffer):
            self._buffer, self._next = self._bits.random_raw(256).tolist(), 0
        value = self._buffer[self._next]
        self._next += 1
        return value


class MT19937_64:
    """std::mt19937_64, used by MindSpore's buffer shuffle (`Dataset.shuffle`)."""

    min, max = 0, _MASK64

    def __init__(self, seed):
        state = [int(seed) & _MASK64]
        for i in range(1, 312):
            previous = state[-1]
            state.append((6364136223846793005 * (previous ^ (previous >> 62)) + i) & _MASK64)
        self._state, self._index = state, 312

    def _twist(self):
        state = self._state
        for i in range(312):
            x = (state[i] & 0xFFFFFFFF80000000) | (state[(i + 1) % 312] & 0x7FFFFFFF)
            shifted = x >> 1
            if x & 1:
                shifted ^= 0xB5026F5AA96619E9
            state[i] = state[(i + 156) % 312] ^ shifted
        self._index = 0

    def __call__(self):
        if self._index == 312:
            self._twist()
        y = self._state[self._index]
        self._index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        return (y ^ (y >> 43)) & _MASK64


class MinstdRand0:
    """std::default_random_engine of libstdc++: x <- 16807 x mod (2^31 - 1)."""

    min, max = 1, 2**31 - 2
    _MODULUS = 2**31 - 1

    def __init__(self, seed):
        state = int(seed) % self._MODULUS
        self._state = 1 if state == 0 else state

    def __call__(self):
        self._state = self._state * 16807 % self._MODULUS
        return self._state


def uniform_int(engine, low, high):
    """std::uniform_int_distribution(low, high)(engine), libstdc++'s downscaling by division."""
    engine_range = engine.max - engine.min
    span = high - low
    if engine_range > span:
        buckets = span + 1
        scaling = engine_range // buckets
        past = buckets * scaling
        value = engine() - engine.min
        while value >= past:
            value = engine() - engine.min
        return low + value // scaling
    if engine_range == span:
        return low + engine() - engine.min
    # upscaling: the range is wider than one draw, combine draws
    step = engine_range + 1
    while True:
        upper = step * uniform_int(engine, 0, span // step)
        value = upper + (engine() - engine.min)
        if span >= value >= upper:
            return low + value


def shuffle(values, engine):
    """std::shuffle(values.begin(), values.end(), engine) in place (GCC 9: two swaps per draw when small)."""
    count = len(values)
    if count < 2:
        return values
    engine_range = engine.max - engine.min
    if engine_range // count >= count:
        i = 1
        if count % 2 == 0:
            j = uniform_int(engine, 0, 1)
            values[1], values[j] = values[j], values[1]
            i = 2
        while i != count:
            swap_range = i + 1
            drawn = uniform_int(engine, 0, swap_range * (swap_range + 1) - 1)
            first, second = divmod(drawn, swap_range + 1)
            values[i], values[first] = values[first], values[i]
            values[i + 1], values[second] = values[second], values[i + 1]
            i += 2
        return values
    for i in range(1, count):
        j = uniform_int(engine, 0, i)
        values[i], values[j] = values[j], values[i]
    return values


def generate_canonical(engine):
    """std::generate_canonical<double, 53>(engine): two 32-bit draws as one double in [0, 1)."""
    low = engine() - engine.min
    high = engine() - engine.min
    value = (low + high * 4294967296.0) / 18446744073709551616.0
    return math.nextafter(1.0, 0.0) if value >= 1.0 else value


def discrete_sampler(weights):
    """std::discrete_distribution(weights): a function engine -> index."""
    weights = np.asarray(weights, np.float64)
    total = math.fsum(weights.tolist())
    cumulative = np.cumsum(weights / total)
    cumulative[-1] = 1.0

    def draw(engine):
        return int(np.searchsorted(cumulative, generate_canonical(engine), side="left"))
    return draw


def exponential(engine, rate=1.0):
    """std::exponential_distribution(rate)(engine)."""
    return -math.log(1.0 - generate_canonical(engine)) / rate
