"""Matrix and reciprocal Primitive classes: `P.MatrixSolve(adjoint)`, `P.Inv()` (`P.Ger` is in math_ops)."""
from minispore.ops.function import linalg_func as L, math_func as M
from minispore.ops.primitive import Primitive

__all__ = ["MatrixSolve", "Inv"]


class MatrixSolve(Primitive):
    """X with matrix·X = rhs (or matrix's conjugate transpose, with adjoint=True)."""

    def __init__(self, adjoint=False):
        super().__init__()
        if not isinstance(adjoint, bool):
            raise TypeError(f"For 'MatrixSolve', 'adjoint' must be a bool, but got {type(adjoint).__name__}.")
        self.adjoint = adjoint
        self.add_prim_attr("adjoint", adjoint)

    def __call__(self, matrix, rhs):
        return L.matrix_solve(matrix, rhs, self.adjoint)


class Inv(Primitive):
    """1 / x in x's dtype."""

    def __call__(self, x):
        return M.inv(x)
