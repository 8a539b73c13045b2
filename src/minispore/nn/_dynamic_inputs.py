"""`Cell.set_inputs`: the declared (possibly dynamic) shapes and dtypes of a Cell's inputs.

MindSpore checks every call against them in GRAPH_MODE (a compiled graph serves any input matching the
declaration) and ignores them in PYNATIVE_MODE; so do we.
"""
from minispore.common.tensor import Tensor

__all__ = ["check_declared_inputs"]


def check_declared_inputs(declared, args):
    """Raise unless `args` match `declared` (Tensors, with -1 dims and (-2,) ranks free), as MindSpore does."""
    if len(declared) != len(args):
        raise ValueError(f"For set_inputs, the length of input must be equal to expected one, but got expected: "
                         f"{len(declared)} and input: {len(args)}!")
    for position, (want, got) in enumerate(zip(declared, args)):
        _check_one(want, got, f"input {position}")


def _check_one(want, got, where):
    if isinstance(want, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(want):
            raise TypeError(f"For set_inputs, {where} must be a {type(want).__name__} of {len(want)} items as "
                            f"declared, but got {type(got).__name__}.")
        for index, (w, g) in enumerate(zip(want, got)):
            _check_one(w, g, f"{where}[{index}]")
        return
    if not isinstance(want, Tensor):
        if isinstance(got, Tensor):
            raise TypeError(f"For set_inputs, {where} should be the constant {want!r} as declared, but got a Tensor.")
        return
    if not isinstance(got, Tensor):
        raise TypeError(f"For set_inputs, {where} should be a Tensor[{want.dtype}] as declared, but got "
                        f"{type(got).__name__}.")
    if got.dtype != want.dtype:
        raise TypeError(f"For set_inputs, the type of {where} should be Tensor[{want.dtype}], but got "
                        f"Tensor[{got.dtype}]!")
    if want.shape == (-2,):
        return
    if len(got.shape) != len(want.shape):
        raise ValueError(f"For set_inputs, the dims of {where} must be the same as expected, but got expected: "
                         f"{len(want.shape)}, and input: {len(got.shape)}!")
    for axis, (w, g) in enumerate(zip(want.shape, got.shape)):
        if w != -1 and w != g:
            raise ValueError(f"For set_inputs, the shape of {where} must be the same as expected, but got expected: "
                             f"{w}, and input: {g} (axis {axis})!")
