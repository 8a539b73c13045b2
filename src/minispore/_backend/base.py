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
        make_generator: seed or None -> a generator with NumPy's Generator methods `random`,
            `standard_normal`, `uniform`, `normal`, `integers` and `permutation`.
    """

    __slots__ = ("name", "device", "xp", "array_type", "_to_host", "_from_host", "_make_generator", "random")

    def __init__(self, name, device, xp, array_type, to_host, from_host, make_generator):
        self.name, self.device, self.xp, self.array_type = name, device, xp, array_type
        self._to_host, self._from_host, self._make_generator = to_host, from_host, make_generator
        self.random = make_generator(None)

    def asarray(self, data, dtype=None):
        """An array of this backend holding `data` (host data or an array of this backend)."""
        return self._from_host(data, dtype)

    def to_host(self, array):
        """A NumPy array with the data of one of this backend's arrays."""
        return self._to_host(array)

    def generator(self, seed):
        """A new generator of this backend seeded with `seed` (for ops that take their own seed)."""
        return self._make_generator(seed)

    def seed(self, seed):
        """Reseed this backend's global generator (None: fresh entropy)."""
        self.random = self._make_generator(seed)

    def __repr__(self):
        return f"Backend({self.name}, device={self.device})"
