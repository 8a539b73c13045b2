"""A learning aid: show what a gradient call records — the operations, in order, and what flows back."""
from minispore._autodiff.backward import backward
from minispore._autodiff.tape import Tape
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.ops.function.array_func import ones_like

__all__ = ["show_graph"]


def show_graph(fn, *args, grad_position=0, weights=None, file=None):
    """Run fn(*args) under a gradient tape, print each recorded operation and the gradients it yields.

    Args:
        grad_position: int or tuple of the argument positions to differentiate (as in `grad`).
        weights: Parameters to differentiate (a list, or e.g. `net.trainable_params()`).

    Returns the printed text.
    """
    positions = (grad_position,) if isinstance(grad_position, int) else tuple(grad_position or ())
    weights = list(weights or ())
    labels = {}
    tape = Tape()
    for p in positions:
        if isinstance(args[p], Tensor):
            tape.track(args[p])
            name = f" ({args[p].name})" if isinstance(args[p], Parameter) else ""
            labels[id(args[p])] = f"arg{p}{name}"
    for w in weights:
        tape.track(w)
        labels[id(w)] = w.name if isinstance(w, Parameter) else "weight"
    with tape:
        out = fn(*args)
    lines = [f"forward: {len(tape.nodes)} operation(s) recorded"]
    # A node names its inputs and outputs by their keys (a large Tensor's hollow twin), see _autodiff/tape.py.
    for number, (prim, _, _, _, _, keys, result) in enumerate(tape.nodes, 1):
        shown = ", ".join(_describe(x, labels) for x in keys)
        outputs = result if isinstance(result, tuple) else (result,)
        for o in outputs:
            labels[id(o)] = f"#{number}"
        lines.append(f"  #{number} {prim.name}({shown}) -> " + ", ".join(str(o.shape) for o in outputs))
    targets = [o for o in (out if isinstance(out, tuple) else (out,)) if isinstance(o, Tensor)]
    grads = backward(tape, targets, [ones_like(t) for t in targets])
    lines.append(f"backward: rules run from #{len(tape.nodes)} back to #1, seeded with ones")
    for x_id, label in labels.items():
        if not label.startswith("#") and x_id in grads:
            g = grads[x_id]
            lines.append(f"  d(output)/d({label}): shape {g.shape}, dtype {g.dtype}")
    text = "\n".join(lines)
    print(text, file=file)
    return text


def _describe(x, labels):
    if not isinstance(x, Tensor):
        return repr(x)
    return labels.get(id(x), f"const{x.shape}")
