"""Capture: one forward run of a network, recorded primitive by primitive, as a graph for export.

An observing interpreter at the dispatch door sees every primitive call with its inputs, output and
attributes while the network runs eagerly. Afterwards each Tensor the calls read is classified by
identity: an argument of the call (a graph input), a Parameter, the output of an earlier call, or a
constant (a Tensor made outside the door: a mask, a table, `Tensor(...)` in `construct`). Only the
calls the outputs depend on are kept.

The capture is only as good as what passes through the door: a value computed in Python from a
Tensor's data (`float(t)`, `t.asnumpy()`, a branch on a Tensor's value) becomes a constant of this
one run. `replay` re-runs the recorded primitives on other inputs, so that the exporter can compare
them with a fresh run of the network and refuse a capture that does not compute what it ran.
"""
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.ops._prims.dispatch import Interpreter, interpreting

__all__ = ["capture", "replay", "Graph", "Value", "Node", "CaptureError", "max_pooling_of"]

INPUT, PARAMETER, CONSTANT, NODE = "input", "parameter", "constant", "node"


class CaptureError(ValueError):
    """The network did something a captured graph cannot hold (an in-place write, an odd output)."""


class Value:
    """One Tensor of the graph: where it comes from (`kind`), its shape and dtype, and the Tensor itself.

    `index` is the argument position of an input; `node` and `output` say which output of which Node
    made a node's value.
    """

    __slots__ = ("kind", "tensor", "index", "node", "output")

    def __init__(self, kind, tensor, index=None, node=None, output=0):
        self.kind, self.tensor, self.index, self.node, self.output = kind, tensor, index, node, output

    @property
    def shape(self):
        return self.tensor.shape

    @property
    def dtype(self):
        return self.tensor.dtype

    def __repr__(self):
        return f"Value({self.kind}, shape={self.shape}, dtype={self.dtype})"


class Node:
    """One primitive call: `outs = prim(*ins, **attrs)`; an input is a Value or a Python literal."""

    __slots__ = ("prim", "ins", "attrs", "outs")

    def __init__(self, prim, ins, attrs, outs):
        self.prim, self.ins, self.attrs, self.outs = prim, ins, attrs, outs

    @property
    def name(self):
        return self.prim.name

    def __repr__(self):
        return f"Node({self.prim.name}, {self.ins}, {self.attrs})"


class Graph:
    """A captured forward pass: inputs (Values by argument position; None where an argument is not a
    Tensor), Parameters in first-use order, nodes in run order, and the outputs (a Value or a nested
    tuple of them)."""

    __slots__ = ("inputs", "parameters", "nodes", "outputs", "uses")

    def __init__(self, inputs, parameters, nodes, outputs):
        self.inputs, self.parameters, self.nodes, self.outputs = inputs, parameters, nodes, outputs
        self.uses = {}  # id(Value) -> the nodes that read it
        for node in nodes:
            for x in node.ins:
                if isinstance(x, Value):
                    self.uses.setdefault(id(x), []).append(node)

    def output_values(self):
        """The output Values, flattened in order."""
        found = []
        _flatten(self.outputs, found)
        return found


def _flatten(structure, found):
    if isinstance(structure, Value):
        found.append(structure)
    else:
        for item in structure:
            _flatten(item, found)


class _Recorder(Interpreter):
    __slots__ = ("calls",)
    observes_only = True

    def __init__(self):
        self.calls = []

    def observe(self, prim, inputs, out, attrs):
        self.calls.append((prim, inputs, out, attrs))

    def process(self, prim, inputs, attrs):
        # Only in-place writes reach here: a graph of values cannot hold them.
        raise CaptureError(f"For 'export', the network writes into a Tensor in place ('{prim.name}') while "
                           "it runs; an exported graph cannot hold in-place writes. Compute a new Tensor instead.")


def capture(fn, args, api="export"):
    """Run `fn(*args)` once, recording its primitive calls; returns the Graph of what the outputs need."""
    recorder = _Recorder()
    with interpreting(recorder):
        result = fn(*args)
    values = {}  # id(Tensor) -> Value
    inputs = []
    for position, arg in enumerate(args):
        if isinstance(arg, Tensor):
            value = values.get(id(arg)) or Value(INPUT, arg, position)
            values[id(arg)] = value
            inputs.append(value)
        else:
            inputs.append(None)
    parameters = []
    nodes = []
    for prim, call_inputs, out, attrs in recorder.calls:
        ins = tuple(_value_of(x, values, parameters) for x in call_inputs)
        outs = out if type(out) is tuple else (out,)
        node = Node(prim, ins, attrs, [])
        for number, tensor in enumerate(outs):
            value = Value(NODE, tensor, node=node, output=number)
            node.outs.append(value)
            values[id(tensor)] = value
        nodes.append(node)
    outputs = _output_structure(result, values, parameters, api)
    return _prune(Graph(inputs, parameters, nodes, outputs))


def _value_of(x, values, parameters):
    if not isinstance(x, Tensor):
        return x
    value = values.get(id(x))
    if value is None:
        if isinstance(x, Parameter):
            value = Value(PARAMETER, x)
            parameters.append(value)
        else:
            value = Value(CONSTANT, x)
        values[id(x)] = value
    return value


def _output_structure(result, values, parameters, api):
    if isinstance(result, Tensor):
        return _value_of(result, values, parameters)
    if isinstance(result, (tuple, list)) and result:
        return tuple(_output_structure(item, values, parameters, api) for item in result)
    raise CaptureError(f"For '{api}', the network must return a Tensor or a non-empty tuple or list of Tensors, "
                       f"but it returned {type(result).__name__}.")


def _prune(graph):
    """Keep only the nodes the outputs depend on (a shape read, an unused branch: dropped)."""
    needed = set()
    stack = [v.node for v in graph.output_values() if v.kind == NODE]
    while stack:
        node = stack.pop()
        if id(node) in needed:
            continue
        needed.add(id(node))
        stack.extend(x.node for x in node.ins if isinstance(x, Value) and x.kind == NODE)
    nodes = [node for node in graph.nodes if id(node) in needed]
    read = {id(x) for node in nodes for x in node.ins if isinstance(x, Value)}
    read.update(id(v) for v in graph.output_values())
    parameters = [p for p in graph.parameters if id(p) in read]
    return Graph(graph.inputs, parameters, nodes, graph.outputs)


def replay(graph, args):
    """The graph's outputs for other arguments (Tensors where the captured run had Tensors)."""
    values = {id(value): arg for value, arg in zip(graph.inputs, args) if value is not None}

    def get(x):
        if not isinstance(x, Value):
            return x
        found = values.get(id(x))
        return x.tensor if found is None and x.kind in (PARAMETER, CONSTANT) else found

    for node in graph.nodes:
        out = node.prim.op(*[get(x) for x in node.ins], **node.attrs)
        for value, tensor in zip(node.outs, out if type(out) is tuple else (out,)):
            values[id(value)] = tensor
    return _rebuild(graph.outputs, get)


def _rebuild(structure, get):
    if isinstance(structure, Value):
        return get(structure)
    return tuple(_rebuild(item, get) for item in structure)


def max_pooling_of(node):
    """The max pooling whose positions a `pool_gather` node reads: (x, kernel, stride, padding, dilation),
    an adaptive pooling given as the fixed one it equals. Exporters write the pair as one max pooling;
    NotImplementedError where they cannot."""
    x, index = node.ins
    source = index.node if isinstance(index, Value) and index.kind == NODE else None
    if source is None or source.ins[0] is not x or source.name not in ("max_pool2d_argmax",
                                                                        "adaptive_max_pool2d_argmax"):
        raise NotImplementedError("pool_gather of positions that no max pooling of the same input made")
    if source.name == "adaptive_max_pool2d_argmax":
        out_size = source.outs[0].shape[2:]
        if any(n % o for n, o in zip(x.shape[2:], out_size)):
            raise NotImplementedError("adaptive max pooling whose output size does not divide the input's")
        kernel = tuple(n // o for n, o in zip(x.shape[2:], out_size))
        return x, kernel, kernel, (0, 0, 0, 0), (1, 1)
    attrs = source.attrs
    return x, tuple(attrs["kernel"]), tuple(attrs["stride"]), tuple(attrs["padding"]), tuple(attrs["dilation"])
