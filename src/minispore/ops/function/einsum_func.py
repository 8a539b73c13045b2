"""`ops.einsum`: Einstein summation with NumPy's equation syntax (ellipsis and implicit output included)."""
from minispore.common.tensor import Tensor
from minispore.ops._prims import einsum as _einsum

__all__ = ["einsum"]

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _explicit(equation, operands):
    """The equation without spaces, ellipses or an implicit output: 'ij,jk->ik' style."""
    equation = equation.replace(" ", "")
    lhs, arrow, out = equation.partition("->")
    subs = lhs.split(",")
    if len(subs) != len(operands):
        raise ValueError(f"For 'einsum', the equation {equation!r} names {len(subs)} operand(s), but "
                         f"{len(operands)} were given.")
    for s in subs + [out]:
        if any(c not in _LETTERS and c != "." for c in s):
            raise ValueError(f"For 'einsum', the equation {equation!r} holds a character that is not a letter.")
    free = [c for c in _LETTERS if c not in equation]
    widest = max((x.ndim - len(s.replace("...", "")) for s, x in zip(subs, operands) if "..." in s), default=0)
    if widest > len(free):
        raise ValueError(f"For 'einsum', too many dimensions under '...' in {equation!r}.")
    ellipsis = "".join(free[:widest])
    expanded = []
    for s, x in zip(subs, operands):
        if "..." in s:
            count = x.ndim - len(s.replace("...", ""))
            s = s.replace("...", ellipsis[widest - count:])
        if len(s) != x.ndim:
            raise ValueError(f"For 'einsum', the subscripts {s!r} do not match an operand of shape {x.shape}.")
        expanded.append(s)
    if arrow:
        out = out.replace("...", ellipsis)
    else:
        counts = {}
        for c in "".join(expanded):
            counts[c] = counts.get(c, 0) + 1
        out = ellipsis + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ellipsis))
    return ",".join(expanded) + "->" + out


def einsum(equation, *operands):
    """Sum of products of the operands over the subscripts the equation leaves out of the output."""
    if len(operands) == 1 and isinstance(operands[0], (tuple, list)):
        operands = tuple(operands[0])
    if not isinstance(equation, str):
        raise TypeError(f"For 'einsum', the 'equation' must be a str, but got {type(equation).__name__}.")
    if not operands or not all(isinstance(x, Tensor) for x in operands):
        raise TypeError("For 'einsum', the operands must be one or more Tensors.")
    dtypes = {x.dtype for x in operands}
    if len(dtypes) > 1:
        raise TypeError(f"For 'einsum', the operands must have one dtype, but got {sorted(map(str, dtypes))}.")
    return _einsum.einsum(*operands, equation=_explicit(equation, operands))
