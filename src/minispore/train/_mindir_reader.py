"""`mindspore.load`: a MindIR file (MindSpore's or minispore's) as a FuncGraph for `nn.GraphCell`.

The file is parsed with the MindIR schema (protobuf, never unpickled), checked (a MindIR model with
a graph and an output; every node's primitive known and its inputs defined before it; Parameter
data of the declared size) and turned into a FuncGraph. Parameter data comes from the file, or from
the `<name>_variables/data_<n>` files MindSpore writes beside large models.
"""
import os

import numpy as np

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore._graph.func_graph import MONAD, STRUCTURAL, FuncGraph, GraphNode
from minispore._graph.mindspore_nn_ops import REFUSED
from minispore._graph.mindspore_ops import OPS
from minispore.train._mind_ir_schema import mind_ir

__all__ = ["load", "read_model"]

# TensorProto.DataType -> NumPy dtype name (16: bfloat16 needs ml_dtypes; 17 is FLOAT64 beside DOUBLE)
_NUMPY_TYPE = {1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 9: "bool",
               10: "float16", 11: "float64", 12: "uint32", 13: "uint64", 14: "complex64", 15: "complex128",
               16: "bfloat16", 17: "float64"}
_SHAPE_ATTRS = ("shape", "input_names", "output_names")


def _fail(path, why):
    return RuntimeError(f"Load MindIR failed: '{path}' {why}.")


def _numpy_type(data_type, path, what):
    name = _NUMPY_TYPE.get(data_type)
    if name is None:
        raise _fail(path, f"has {what} of an unknown data type ({data_type})")
    if name == "bfloat16":
        return np.dtype(mstype.bfloat16._np)
    return np.dtype(name)


def _array(tensor, path, what, raw=None):
    """The data of a TensorProto as a NumPy array (a copy: the protobuf buffer is not kept)."""
    dtype = _numpy_type(tensor.data_type, path, what)
    shape = tuple(int(n) for n in tensor.dims)
    data = tensor.raw_data if raw is None else raw
    if tensor.compression_type:
        raise _fail(path, f"has {what} stored compressed (compression type {tensor.compression_type}), which "
                          "minispore does not read")
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        raise _fail(path, f"is damaged: {what} should hold {expected} bytes for shape {shape} of {dtype.name}, "
                          f"but holds {len(data)}")
    return np.frombuffer(data, dtype=dtype.newbyteorder("<")).astype(dtype).reshape(shape)


def _external(tensor, path, what):
    """Bytes of a Parameter kept beside the model (MindSpore's split save of large models)."""
    external = tensor.external_data
    location = os.path.normpath(os.path.join(os.path.dirname(path), external.location))
    if not os.path.isfile(location):
        raise _fail(path, f"keeps {what} in '{location}', which does not exist")
    with open(location, "rb") as stream:
        stream.seek(external.offset)
        data = stream.read(external.length)
    if len(data) != external.length:
        raise _fail(path, f"keeps {what} in '{location}', which is shorter than the model says")
    return data


def _literal(attribute, path, element=False):
    """The Python value of an AttributeProto (a constant or a primitive attribute)."""
    types = mind_ir().AttributeProto
    kind = attribute.type
    if kind in (types.TUPLE, types.LIST):
        items = [_literal(item, path, element=True) for item in attribute.values]
        return tuple(items) if kind == types.TUPLE else items
    if kind == types.BOOL:
        return bool(attribute.ints[0] if element and attribute.ints else attribute.i)
    if kind in (types.INT8, types.INT16, types.INT32, types.INT64, types.UINT8, types.UINT16, types.UINT32,
                types.UINT64):
        return int(attribute.ints[0] if element and attribute.ints else attribute.i)
    if kind == types.FLOAT:
        return float(attribute.floats[0] if element and attribute.floats else attribute.f)
    if kind == types.DOUBLE:
        return float(attribute.doubles[0] if element and attribute.doubles else attribute.d)
    if kind == types.STRING:
        return (attribute.strings[0] if element and attribute.strings else attribute.s).decode()
    if kind == types.NONE:
        return None
    if kind in (types.UMONAD, types.IOMONAD):
        return MONAD
    if kind == types.TENSORS and len(attribute.tensors) == 1:
        return Tensor(_array(attribute.tensors[0], path, f"the constant '{attribute.name}'"))
    if kind == types.TENSOR:
        return Tensor(_array(attribute.t, path, f"the constant '{attribute.name}'"))
    raise _fail(path, f"holds a constant of a kind minispore does not read ({types.AttributeType.Name(kind)})")


def read_model(data, path):
    """Parse bytes as a MindIR ModelProto; a file that is not one is refused."""
    from google.protobuf.message import DecodeError

    model = mind_ir().ModelProto()
    try:
        model.ParseFromString(data)
    except (DecodeError, ValueError, UnicodeDecodeError) as error:
        raise _fail(path, f"is not a MindIR file or is damaged ({error})") from None
    graph = model.graph
    if not data or not model.ir_version or not model.HasField("graph") or not graph.output:
        raise _fail(path, "is not a MindIR file (no model version, graph or output in it)")
    return model


def _primitives(model, path):
    table = {}
    for prim in model.primitives:
        attrs = {a.name: _literal(a, path) for a in prim.attribute if a.name not in _SHAPE_ATTRS}
        table[prim.name] = (prim.op_type, attrs)
    return table


def _op_of(node, primitives, path):
    """The node's primitive name and attributes (from the primitive table or, in older files, the node)."""
    if node.op_type.startswith("REF::"):
        key = node.op_type[len("REF::"):]
        if key not in primitives:
            raise _fail(path, f"is damaged: node '{node.name}' refers to primitive '{key}', which it does not hold")
        return primitives[key]
    attrs = {a.name: _literal(a, path) for a in node.attribute if a.name not in _SHAPE_ATTRS}
    return node.op_type.split(":")[0], attrs


def build_graph(model, path):
    """The FuncGraph of a parsed model."""
    graph = model.graph
    defined = set()
    inputs = []
    for info in graph.input:
        if not info.tensor:
            raise _fail(path, f"has an input '{info.name}' that is not a Tensor, which minispore does not take")
        tensor = info.tensor[0]
        dtype = mstype.to_dtype(_numpy_type(tensor.data_type, path, f"input '{info.name}'").name)
        inputs.append((info.name, tuple(int(n) for n in tensor.dims), dtype))
        defined.add(info.name)
    parameters, slots = {}, {}
    for tensor in graph.parameter:
        name = tensor.ref_key or tensor.name.split(":", 1)[-1]
        what = f"Parameter '{name}'"
        raw = _external(tensor, path, what) if tensor.HasField("external_data") else None
        parameters[name] = Tensor(_array(tensor, path, what, raw))
        slots[tensor.name] = name
        defined.add(tensor.name)
    if graph.map_parameter:
        raise _fail(path, "holds MapParameters, which minispore does not read")
    primitives = _primitives(model, path)
    functions = {function.name for function in model.functions}
    constants, nodes = {}, []
    for node in graph.node:
        name = node.output[0] if node.output else node.name
        if node.op_type == "Constant":
            constants[name] = _literal(node.attribute[0], path)
            defined.add(name)
            continue
        if node.op_type in functions:
            raise ValueError(f"For 'load', the graph in '{path}' calls the sub-graph '{node.op_type}' (control "
                             "flow), which minispore does not run; export a network without Tensor-dependent "
                             "control flow.")
        op_type, attrs = _op_of(node, primitives, path)
        if op_type in REFUSED:
            raise ValueError(f"For 'load', the MindIR file '{path}' holds '{op_type}' (node '{node.name}'), which "
                             f"minispore does not run: {REFUSED[op_type]}.")
        if op_type not in STRUCTURAL and op_type not in OPS:
            raise ValueError(f"For 'load', the MindIR file '{path}' uses the MindSpore primitive '{op_type}' "
                             f"(node '{node.name}'), which minispore cannot run. The primitives it runs are: "
                             f"{', '.join(sorted(set(OPS) | set(STRUCTURAL)))}.")
        for source in node.input:
            if source not in defined:
                raise _fail(path, f"is damaged: node '{node.name}' reads '{source}' before it is defined")
        nodes.append(GraphNode(name, op_type, list(node.input), attrs))
        defined.add(name)
    output = graph.output[0].name
    if output not in defined:
        raise _fail(path, f"is damaged: its output '{output}' is not defined")
    return FuncGraph(graph.name, inputs, parameters, slots, constants, nodes, output, path)


def load(file_name, **kwargs):
    """Load a MindIR file; run the returned FuncGraph with `nn.GraphCell(graph)`."""
    if "obf_func" in kwargs:
        raise NotImplementedError("Dynamic model structure obfuscation is no longer supported.")
    if not isinstance(file_name, str):
        raise ValueError(f"For 'load', the argument 'file_name' must be string, but got {type(file_name)}.")
    if not file_name.endswith(".mindir"):
        raise ValueError("For 'load', the argument 'file_name'(MindIR file) should end with '.mindir', please input "
                         "the correct 'file_name'.")
    if not os.path.exists(file_name):
        raise ValueError("For 'load', the argument 'file_name'(MindIR file) does not exist, please check whether the "
                         "'file_name' is correct.")
    if "dec_key" in kwargs or "dec_mode" in kwargs:
        raise ValueError("For 'load', minispore does not support encrypted MindIR files; 'dec_key' and 'dec_mode' "
                         "must not be given.")
    unknown = sorted(set(kwargs) - {"dec_key", "dec_mode"})
    if unknown:
        raise TypeError(f"For 'load', unexpected keyword arguments: {', '.join(unknown)}.")
    path = os.path.realpath(file_name)
    with open(path, "rb") as stream:
        data = stream.read()
    return build_graph(read_model(data, path), path)
