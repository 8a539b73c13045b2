"""`Backend`: one array library as minispore sees it."""

__all__ = ["Backend", "BackendError"]


class BackendError(TypeError):
    """An array met a backend it does not belong to (a host array in device code, two devices mixed)."""


class Backend:
    """An array library: its module `xp`, its array type, host transfers and a seeded random generator.

    Args:
        name: 'numpy', 'cupy', 'checking'.
        device: the MindSpore device name its arrays live on ('CPU' or 'GPU').
        xp: the array module kernels receive.
        array_type: the type of its arrays.
        to_host: array -> NumPy array.
        from_host: (NumPy array or Python data, dtype or None) -> array.
        make_generator: seed -> a generator with NumPy's Generator methods `random`,
            `standard_normal`, `uniform`, `normal`, `integers` and `permutation`; the seed is None
            (fresh entropy), a non-negative int or a tuple of them.
        find_special: name -> the library's function of that name in `scipy.special` ('erf', ...)
            for its arrays; raises RuntimeError naming what to install where there is none.
    """

    __slots__ = ("name", "device", "xp", "array_type", "_to_host", "_from_host", "_make_generator",
                 "_find_special", "_special", "random")

    def __init__(self, name, device, xp, array_type, to_host, from_host, make_generator, find_special):
        self.name, self.device, self.xp, self.array_type = name, device, xp, array_type
        self._to_host, self._from_host, self._make_generator = to_host, from_host, make_generator
        self._find_special, self._special = find_special, {}
        self.random = make_generator(None)

    def asarray(self, data, dtype=None):
        """An array of this backend holding `data` (host data or an array of this backend)."""
        return self._from_host(data, dtype)

    def to_host(self, array):
        """A NumPy array with the data of one of this backend's arrays."""
        return self._to_host(array)

    def generator(self, seed):
        """A new generator of this backend seeded with `seed`, an int or a tuple of ints (ops' own seeds)."""
        return self._make_generator(seed)

    def special(self, name):
        """The special function `name` (as in `scipy.special`: 'erf', ...) on this backend's arrays."""
        found = self._special.get(name)
        if found is None:
            found = self._special[name] = self._find_special(name)
        return found

    def seed(self, seed):
        """Reseed this backend's global generator (None: fresh entropy)."""
        self.random = self._make_generator(seed)

    def __repr__(self):
        return f"Backend({self.name}, device={self.device})"
