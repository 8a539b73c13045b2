"""`mindspore.nn.grad`: the Jvp and Vjp Cells (deprecated in MindSpore in favour of `ops.jvp`/`ops.vjp`)."""
from minispore.nn.grad.cell_grad import Jvp, Vjp

__all__ = ["Jvp", "Vjp"]
