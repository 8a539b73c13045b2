"""The primitive table: every op's forward kernel and backward rule, declared once (see dispatch.py)."""
from minispore.ops._prims.dispatch import PRIMS, Primitive, defprim, needs_grad, wrap_output

__all__ = ["PRIMS", "Primitive", "defprim", "needs_grad", "wrap_output"]
