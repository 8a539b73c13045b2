"""`FuncGraph`: a graph loaded from a MindIR file, and the loop that runs it.

A FuncGraph is what `mindspore.load` returns: the graph's inputs (names, shapes, dtypes), its
Parameters' initial values by name, constants, and nodes of MindSpore primitives in a runnable order.
`nn.GraphCell` owns the Parameters and calls `run`. Each node computes with minispore ops
(mindspore_ops.py); MindSpore's side-effect bookkeeping (`Load`, `UpdateState`, `Depend` and the U
monad) keeps values in order in MindSpore and passes them through here.
"""
from minispore.common.tensor import Tensor
from minispore._graph.mindspore_ops import OPS

__all__ = ["FuncGraph", "GraphNode", "MONAD", "STRUCTURAL"]


class _Monad:
    """MindSpore's U (or IO) monad: a token that orders side effects; it carries no data."""

    __slots__ = ()

    def __repr__(self):
        return "U"


MONAD = _Monad()


def _load(args, attrs):
    return args[0]


def _update_state(args, attrs):
    return args[0]


def _depend(args, attrs):
    return args[0]


def _make_tuple(args, attrs):
    return tuple(args)


def _tuple_get_item(args, attrs):
    return args[0][int(args[1])]


STRUCTURAL = {"Load": _load, "UpdateState": _update_state, "Depend": _depend, "MakeTuple": _make_tuple,
              "MakeList": lambda args, attrs: list(args), "TupleGetItem": _tuple_get_item,
              "ListGetItem": _tuple_get_item}


def _named(error, message):
    """`error`'s type with `message` (a ValueError where that type takes other arguments)."""
    try:
        return type(error)(message)
    except TypeError:
        return ValueError(message)


class GraphNode:
    """One node: `name = op_type(*inputs)` with the primitive's attributes."""

    __slots__ = ("name", "op_type", "inputs", "attrs", "run")

    def __init__(self, name, op_type, inputs, attrs):
        self.name, self.op_type, self.inputs, self.attrs = name, op_type, inputs, attrs
        self.run = STRUCTURAL.get(op_type) or OPS[op_type]

    def __repr__(self):
        return f"{self.name} = {self.op_type}({', '.join(self.inputs)})"


class FuncGraph:
    """A compiled graph loaded from MindIR; run it with `nn.GraphCell(graph)`.

    `inputs`: [(name, shape, dtype)]; `parameters`: {name: initial Tensor}, named as in the network
    that was exported (`fc.weight`); `parameter_slots`: {graph-internal name: parameter name}.
    """

    def __init__(self, name, inputs, parameters, parameter_slots, constants, nodes, output, file_name=""):
        self.name, self.inputs, self.parameters = name, inputs, parameters
        self.parameter_slots, self.constants, self.nodes, self.output = parameter_slots, constants, nodes, output
        self.file_name = file_name

    def __repr__(self):
        return f"FuncGraph({self.name!r}, inputs={len(self.inputs)}, parameters={len(self.parameters)}, " \
               f"nodes={len(self.nodes)})"

    def check_inputs(self, args):
        """MindSpore's rule: as many Tensors as the graph has inputs, of the dtypes it was exported with."""
        if len(args) != len(self.inputs):
            described = ", ".join(f"{name}: {dtype}{list(shape)}" for name, shape, dtype in self.inputs)
            raise RuntimeError(f"For 'GraphCell', the graph '{self.name}' loaded from MindIR takes "
                               f"{len(self.inputs)} inputs ({described}), but got {len(args)}.")
        for position, (arg, (name, shape, dtype)) in enumerate(zip(args, self.inputs)):
            if not isinstance(arg, Tensor):
                raise TypeError(f"For 'GraphCell', input {position} ('{name}') must be a Tensor of {dtype}, "
                                f"but got {type(arg).__name__}.")
            if arg.dtype != dtype:
                raise TypeError(f"For 'GraphCell', input {position} ('{name}') must be a Tensor of {dtype} as "
                                f"exported, but got {arg.dtype}.")
            if arg.ndim != len(shape):
                raise ValueError(f"For 'GraphCell', input {position} ('{name}') must have {len(shape)} dimensions "
                                 f"as exported (shape {tuple(shape)}), but got shape {arg.shape}.")

    def run(self, args, parameters):
        """The graph's output for input Tensors `args`, reading Parameters by name from `parameters`."""
        self.check_inputs(args)
        values = dict(self.constants)
        values.update((name, arg) for (name, _, _), arg in zip(self.inputs, args))
        values.update((slot, parameters[name]) for slot, name in self.parameter_slots.items())
        for node in self.nodes:
            arguments = [values[name] for name in node.inputs]
            try:
                values[node.name] = node.run(arguments, node.attrs)
            except NotImplementedError as error:
                raise ValueError(f"For 'GraphCell', minispore cannot run node '{node.name}' ({node.op_type}) of "
                                 f"the graph '{self.name}': {error} is not supported.") from None
            except (TypeError, ValueError, IndexError) as error:
                raise _named(error, f"For 'GraphCell', node '{node.name}' ({node.op_type}) of the graph "
                                    f"'{self.name}' failed: {error}") from error
        return values[self.output]
