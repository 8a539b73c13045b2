"""Math layers: MatMul (batched, with optional transposes) and Range."""
import math

from minispore.common import _validate as V, dtype as mstype
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.ops._prims import shape as S
from minispore.ops.function import array_func as A, math_func as M

__all__ = ["MatMul", "Range"]


def _swap_last(x):
    return S.transpose(x, perm=tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2))


class MatMul(Cell):
    """x1 @ x2 with broadcast batch dims; transpose_x1 / transpose_x2 swap the last two axes first."""

    def __init__(self, transpose_x1=False, transpose_x2=False):
        super().__init__()
        for name, value in (("transpose_x1", transpose_x1), ("transpose_x2", transpose_x2)):
            if not isinstance(value, bool):
                raise TypeError(f"For 'MatMul', the '{name}' must be a bool, but got {type(value).__name__}.")
        self.transpose_x1, self.transpose_x2 = transpose_x1, transpose_x2

    def construct(self, x1, x2):
        V.tensor("MatMul", "x1", x1)
        V.tensor("MatMul", "x2", x2)
        if self.transpose_x1 and x1.ndim > 1:
            x1 = _swap_last(x1)
        if self.transpose_x2 and x2.ndim > 1:
            x2 = _swap_last(x2)
        return M.matmul(x1, x2)


class Range(Cell):
    """arange(start, limit, delta) (range(0, start) when limit is None): Int32 for ints, Float32 otherwise."""

    def __init__(self, start, limit=None, delta=1):
        super().__init__()
        if limit is None:
            start, limit = 0, start
        values = (start, limit, delta)
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
            raise TypeError(f"For 'Range', 'start', 'limit' and 'delta' must be int or float, but got {values}.")
        if not all(math.isfinite(v) for v in values):
            raise ValueError(f"For 'Range', 'start', 'limit' and 'delta' must be finite, but got {values}.")
        if delta == 0:
            raise ValueError("For 'Range', the 'delta' must not be 0.")
        self.start, self.limit, self.delta = start, limit, delta
        dtype = mstype.int32 if all(isinstance(v, int) for v in values) else mstype.float32
        empty = (limit - start) * delta <= 0
        self.result = Tensor([], dtype) if empty else A.arange(start, limit, delta, dtype=dtype)

    def construct(self):
        return self.result
