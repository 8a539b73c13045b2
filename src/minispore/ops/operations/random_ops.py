"""Random Primitive classes: UniformReal, StandardNormal, RandomChoiceWithMask (seed 0 and seed2 0 draw from
the global generator that `set_seed` seeds; other seeds from a generator of their own)."""
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops.function import random_func as RF
from minispore.ops.primitive import Primitive

__all__ = ["UniformReal", "StandardNormal", "RandomChoiceWithMask"]


def _shape(shape, op):
    if isinstance(shape, Tensor):
        shape = tuple(shape.tolist())
    if not isinstance(shape, (tuple, list)) or not all(isinstance(n, int) and n >= 0 for n in shape):
        raise TypeError(f"For '{op}', the 'shape' must be a tuple of non-negative ints, but got {shape!r}.")
    return tuple(shape)


class _Seeded(Primitive):
    def __init__(self, seed=0, seed2=0):
        super().__init__()
        for name, value in (("seed", seed), ("seed2", seed2)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"For '{type(self).__name__}', the '{name}' must be a non-negative int, but got "
                                 f"{value!r}.")
        self.seed, self.seed2 = seed, seed2
        self.add_prim_attr("seed", seed).add_prim_attr("seed2", seed2)
        self._own = RF.generator(seed * 2 ** 32 + seed2) if seed or seed2 else None

    def _generator(self):
        """This op's own generator for a seed, else the global one (looked up now: set_seed replaces it)."""
        return self._own if self._own is not None else RF.generator(None)


class UniformReal(_Seeded):
    """Float32 samples of U[0, 1) of the given shape."""

    def __call__(self, shape):
        return Tensor(self._generator().random(_shape(shape, "UniformReal")), mstype.float32)


class StandardNormal(_Seeded):
    """Float32 samples of N(0, 1) of the given shape."""

    def __call__(self, shape):
        return Tensor(self._generator().standard_normal(_shape(shape, "StandardNormal")), mstype.float32)


class RandomChoiceWithMask(_Seeded):
    """Up to `count` random positions of True in a Bool Tensor: (indices (count, rank) Int32, mask (count,))."""

    def __init__(self, count=256, seed=0, seed2=0):
        super().__init__(seed, seed2)
        self.count = count
        self.add_prim_attr("count", count)

    def __call__(self, input_x):
        return RF.random_choice_with_mask(input_x, self.count, self._generator())
