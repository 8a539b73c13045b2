"""einsum as one primitive: the backward of an Einstein sum is an Einstein sum.

The equation attribute is explicit ('ij,jk->ik', no ellipsis: the functional op expands those). The
gradient of operand i contracts dout with the other operands onto operand i's subscripts; a subscript
that only operand i has (summed away alone) is broadcast back, and one repeated in operand i (a diagonal,
'ii->i') is put back on the diagonal by an identity factor.
"""
from minispore._backend import backend_of
from minispore.ops._prims import defprim, wrap_output
from minispore.ops._prims.dispatch import needs_grad
from minispore.ops._prims.shape import broadcast_to, expand_dims

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _einsum_kernel(xp, *operands, equation):
    return xp.einsum(equation, *operands)


def _identity(n, like):
    """An n x n identity Tensor on the backend and in the dtype of `like`."""
    xp = backend_of(like._data).xp
    return wrap_output(xp.eye(n, dtype=like._data.dtype), xp)


def _operand_grad(index, inputs, dout, equation):
    """The gradient of operand `index` as einsum calls on dout and the other operands."""
    lhs, out_subs = equation.split("->")
    subs = lhs.split(",")
    mine = subs[index]
    unique = "".join(dict.fromkeys(mine))
    others = [(s, x) for i, (s, x) in enumerate(zip(subs, inputs)) if i != index]
    available = set(out_subs) | {c for s, _ in others for c in s}
    kept = "".join(c for c in unique if c in available)
    grad = einsum(dout, *(x for _, x in others), equation=",".join([out_subs] + [s for s, _ in others]) + "->" + kept)
    x = inputs[index]
    sizes = {c: x.shape[mine.index(c)] for c in unique}
    # subscripts summed by operand `index` alone: broadcast the gradient along them
    for position, c in enumerate(unique):
        if c not in available:
            grad = expand_dims(grad, axis=position)
    shape = tuple(sizes[c] for c in unique)
    if grad.shape != shape:
        grad = broadcast_to(grad, shape=shape)
    if unique == mine:
        return grad
    # repeated subscripts: rename each repeat and multiply by an identity linking it to the first
    free = iter(c for c in _LETTERS if c not in equation)
    renamed, factors, factor_subs = [], [], []
    seen = set()
    for c in mine:
        if c in seen:
            fresh = next(free)
            renamed.append(fresh)
            factors.append(_identity(sizes[c], x))
            factor_subs.append(c + fresh)
        else:
            seen.add(c)
            renamed.append(c)
    return einsum(grad, *factors, equation=",".join([unique] + factor_subs) + "->" + "".join(renamed))


def _einsum_rule(*args, equation):
    inputs, dout = args[:-2], args[-1]
    return tuple(_operand_grad(i, inputs, dout, equation) if needs_grad(x) else None for i, x in enumerate(inputs))


einsum = defprim("einsum", _einsum_kernel, _einsum_rule)
