"""A captured graph as a MindIR file, written as MindSpore 2.10 writes one.

The layout follows what `mindspore.export(..., file_format="MINDIR")` produces: one GraphProto whose
nodes reference a table of PrimitiveProtos (`REF::MatMul:4`), scalar and tuple arguments as `Constant`
nodes, each Parameter read through a `Load` with the U monad and the output made to `Depend` on an
`UpdateState` of those loads, the Parameters' raw data inside the file, and a `shape` attribute (the
abstract: shape and type) on every node. Which MindSpore primitives a minispore primitive becomes is
in _mindir_export_ops.py.
"""
import os
import shutil

import numpy as np

from minispore._backend.host import host_value
from minispore._graph.capture import CONSTANT, PARAMETER, Value
from minispore.train._files import write_atomically
from minispore.train._mind_ir_schema import mind_ir

__all__ = ["build_model", "write_mindir", "Builder", "DATA_TYPE", "TYPE_ID", "Spec", "dtype_name", "spec_of", "dtype_of"]

PRODUCER = "minispore"
MINDSPORE_VERSION = "2.10.0"  # the MindSpore release whose MindIR layout is written
IR_VERSION = "1.1"
MIND_IR_VERSION = 3

# NumPy dtype name -> TensorProto.DataType (float64 is written as DOUBLE, as MindSpore does)
DATA_TYPE = {"float32": 1, "uint8": 2, "int8": 3, "uint16": 4, "int16": 5, "int32": 6, "int64": 7, "bool": 9,
             "float16": 10, "float64": 11, "uint32": 12, "uint64": 13, "complex64": 14, "complex128": 15,
             "bfloat16": 16}
# NumPy dtype name -> MindSpore's TypeId (a dtype argument such as Cast's, or Argmax's output_type)
TYPE_ID = {"bool": 30, "int8": 32, "int16": 33, "int32": 34, "int64": 35, "uint8": 37, "uint16": 38,
           "uint32": 39, "uint64": 40, "float16": 42, "float32": 43, "float64": 44, "bfloat16": 45}

FUNCTION, CLASSIC = 2, 1  # PrimitiveProto.PrimType: inputs carry the arguments / attributes do
# Above this many bytes of Parameters MindSpore keeps them beside the model (<name>_variables/data_0):
# protobuf messages cannot pass 2 GB. MindSpore counts each Parameter as sys.getsizeof of its bytes.
SPLIT_BYTES = 1024 ** 3
_BYTES_OBJECT = 33  # what sys.getsizeof adds to a bytes object's length (CPython, 64-bit)
_HEADER = 64  # the data file's first 64 bytes: byte 0 says little-endian, the rest is reserved
_ALIGN = 64


def dtype_name(dtype):
    """The NumPy name of a minispore dtype, a NumPy dtype or an array's dtype."""
    np_type = getattr(dtype, "_np", None)
    return np.dtype(np_type if np_type is not None else dtype).name


class Spec:
    """The abstract of one Tensor value: shape and dtype name."""

    __slots__ = ("shape", "dtype")

    def __init__(self, shape, dtype):
        self.shape, self.dtype = tuple(int(n) for n in shape), dtype_name(dtype)

    @classmethod
    def of(cls, value):
        return cls(value.shape, value.dtype)


def spec_of(node, number=0):
    """The Spec of a captured node's output."""
    return Spec.of(node.outs[number])


def dtype_of(x):
    """The dtype name of a node input: a Value or a Python/NumPy literal."""
    return dtype_name(x.dtype) if isinstance(x, Value) else host_value(x).dtype.name


def _tensor_type(message, spec):
    message.dims.extend(spec.shape)
    if spec.dtype not in DATA_TYPE:
        raise TypeError(f"For 'export', a Tensor of type {spec.dtype} cannot be written to MindIR.")
    message.data_type = DATA_TYPE[spec.dtype]


def raw_bytes(array):
    """Little-endian C-order bytes of a host array (bfloat16 as its 16 bits)."""
    array = np.ascontiguousarray(array)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    return array.tobytes()


def _abstract(attribute, spec):
    """`attribute` describes `spec`: a Spec (TENSORS), a list of specs (TUPLE) or "U" (the U monad)."""
    types = mind_ir().AttributeProto
    if isinstance(spec, Spec):
        attribute.type = types.TENSORS
        _tensor_type(attribute.tensors.add(), spec)
    elif spec == "U":
        attribute.type = types.UMONAD
    else:
        attribute.type = types.TUPLE
        for item in spec:
            _abstract(attribute.values.add(), item)
        attribute.seq_info.is_dyn_len = False


def set_literal(attribute, value, element=False):
    """Write a Python value into an AttributeProto (as MindSpore writes constants and primitive attributes).

    Inside a tuple (`element`), scalars go in the repeated fields (`ints`, `floats`, `strings`).
    """
    types = mind_ir().AttributeProto
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        attribute.type = types.BOOL if isinstance(value, (bool, np.bool_)) else types.INT64
        if element:
            attribute.ints.append(int(value))
        else:
            attribute.i = int(value)
    elif isinstance(value, (float, np.floating)):
        attribute.type = types.FLOAT
        if element:
            attribute.floats.append(float(value))
        else:
            attribute.f = float(value)
    elif isinstance(value, str):
        attribute.type = types.STRING
        if element:
            attribute.strings.append(value.encode())
        else:
            attribute.s = value.encode()
    elif value is None:
        attribute.type = types.NONE
    elif isinstance(value, (tuple, list)):
        attribute.type = types.TUPLE if isinstance(value, tuple) else types.LIST
        for item in value:
            set_literal(attribute.values.add(), item, element=True)
    else:
        raise TypeError(f"For 'export', the constant {value!r} ({type(value).__name__}) cannot be written to MindIR.")


class Builder:
    """Adds nodes, constants and primitives to one GraphProto; names follow MindSpore's scheme."""

    def __init__(self, model, graph_name):
        self.model, self.graph = model, model.graph
        self.graph.name = graph_name
        self.prefix = graph_name + ":"
        self._count = 0
        self._constants = {}
        self._primitives = {}
        self.monad = None
        self.loads = []
        self.names = {}  # id(Value) -> the name of the node that holds it

    def ref(self, value):
        """The name holding a captured Value (a Parameter is loaded, a constant written, on first use)."""
        name = self.names.get(id(value))
        if name is None:
            if value.kind == PARAMETER:
                name = self.load(value.tensor.name, Spec.of(value))
            elif value.kind == CONSTANT:
                name = self.tensor_constant(value.tensor.asnumpy())
            else:  # an output the exporter folds into its consumer (max pooling's positions)
                raise NotImplementedError(f"using the output of '{value.node.name}' on its own")
            self.names[id(value)] = name
        return name

    def _new_name(self, stem):
        self._count += 1
        return f"{self.prefix}{stem}_{self._count}"

    def constant(self, value):
        """The name of a Constant node holding a Python value (one node per distinct value)."""
        key = (type(value).__name__, repr(value))
        name = self._constants.get(key)
        if name is None:
            self._count += 1
            name = self._constants[key] = f"ValueNode_{self._count}"
            node = self.graph.node.add(name=name, op_type="Constant")
            node.output.append(name)
            set_literal(node.attribute.add(name="value"), value)
        return name

    def tensor_constant(self, array):
        """The name of a Constant node holding a Tensor value."""
        array = host_value(array)
        self._count += 1
        name = f"ValueNode_{self._count}"
        node = self.graph.node.add(name=name, op_type="Constant")
        node.output.append(name)
        attribute = node.attribute.add(name="value", type=mind_ir().AttributeProto.TENSORS)
        tensor = attribute.tensors.add(name="value0", raw_data=raw_bytes(array))
        _tensor_type(tensor, Spec(array.shape, array.dtype))
        return name

    def _primitive(self, op_type, prim_type, attrs):
        key = (op_type, prim_type, repr(sorted(attrs.items())) if attrs else "")
        name = self._primitives.get(key)
        if name is None:
            self._count += 1
            name = self._primitives[key] = f"{op_type}:{self._count}"
            prim = self.model.primitives.add(name=name, op_type=op_type, instance_name="", prim_type=prim_type)
            for attr_name, value in (attrs or {}).items():
                set_literal(prim.attribute.add(name=attr_name), value)
        return name

    def node(self, op_type, inputs, spec, attrs=None, prim_type=FUNCTION):
        """Add `op_type(*inputs)` producing a value described by `spec`; returns the node's name.

        `attrs` are primitive attributes (for the classic primitives that take them: Conv2D, MaxPool).
        """
        name = self._new_name("CNode")
        node = self.graph.node.add(name=name, op_type="REF::" + self._primitive(op_type, prim_type, attrs))
        node.input.extend(inputs)
        node.output.append(name)
        _abstract(node.attribute.add(name="shape"), spec)
        return name

    def operand(self, x, dtype):
        """The name of `x` (a Value or a Python/NumPy literal) as a Tensor of `dtype`, cast if needed."""
        if not isinstance(x, Value):
            return self.tensor_constant(host_value(x).astype(dtype))
        name = self.ref(x)
        if dtype_name(x.dtype) != dtype:
            name = self.node("Cast", [name, self.constant(TYPE_ID[dtype])], Spec(x.shape, dtype))
        return name

    def pad(self, name, widths, value, dtype, spec):
        """PadV3 in constant mode; `widths` per axis (before, after), written last axis first as MindSpore does."""
        paddings = []
        for before, after in reversed(list(widths)):
            paddings += [int(before), int(after)]
        inputs = [name, self.constant(tuple(paddings)), self.tensor_constant(host_value(value).astype(dtype))]
        return self.node("PadV3", inputs, spec, {"mode": "constant", "paddings_contiguous": True}, CLASSIC)

    def u_monad(self):
        if self.monad is None:
            self.monad = self.constant_monad()
        return self.monad

    def constant_monad(self):
        self._count += 1
        name = f"ValueNode_{self._count}"
        node = self.graph.node.add(name=name, op_type="Constant")
        node.output.append(name)
        node.attribute.add(name="value", type=mind_ir().AttributeProto.UMONAD)
        return name

    def load(self, parameter_name, spec):
        """Read a Parameter through MindSpore's `Load(param, U)`."""
        name = self.node("Load", [self.prefix + parameter_name, self.u_monad()], spec, prim_type=CLASSIC)
        self.loads.append((name, spec))
        return name

    def make_tuple(self, names, specs):
        return self.node("MakeTuple", names, list(specs), prim_type=CLASSIC)

    def tuple_get_item(self, name, index, spec):
        return self.node("TupleGetItem", [name, self.constant(index)], spec, prim_type=CLASSIC)

    def finish(self, output, spec):
        """Order the Parameter loads before the output (UpdateState, Depend), as MindSpore does."""
        if not self.loads:
            return output
        if len(self.loads) == 1:
            state_input = self.loads[0][0]
        else:
            state_input = self.make_tuple([n for n, _ in self.loads], [s for _, s in self.loads])
        state = self.node("UpdateState", [self.u_monad(), state_input], "U", prim_type=CLASSIC)
        depend = self.node("Depend", [output, state], spec, prim_type=CLASSIC)
        prim = self.model.primitives[-1]
        if prim.op_type == "Depend" and not prim.attribute:
            set_literal(prim.attribute.add(name="side_effect_propagate"), 1)
        return depend


def build_model(graph, graph_name, input_names, emit):
    """The ModelProto of a captured graph. `emit(builder, node) -> [output names]` writes one node."""
    model = mind_ir().ModelProto(ir_version=IR_VERSION, producer_name=PRODUCER, model_version=MINDSPORE_VERSION,
                                 little_endian=True, mind_ir_version=MIND_IR_VERSION)
    builder = Builder(model, graph_name)
    names = builder.names
    for value, name in zip(graph.inputs, input_names):
        if value is not None:
            names[id(value)] = builder.prefix + name
            info = model.graph.input.add(name=builder.prefix + name)
            _tensor_type(info.tensor.add(), Spec.of(value))
    for value in graph.parameters:
        tensor = value.tensor
        proto = model.graph.parameter.add(name=builder.prefix + tensor.name, ref_key=tensor.name,
                                          raw_data=raw_bytes(tensor.asnumpy()))
        _tensor_type(proto, Spec.of(value))
        proto.compression_type = 0
    for node in graph.nodes:
        for number, name in enumerate(emit(builder, node)):
            names[id(node.outs[number])] = name
    output, spec = _output(builder, graph.outputs)
    output = builder.finish(output, spec)
    info = model.graph.output.add(name=output)
    if isinstance(spec, Spec):
        _tensor_type(info.tensor.add(), spec)
    else:
        info.denotation = "Tuple"
        _abstract(info.attr_info, spec)
    return model


def _output(builder, structure):
    if not isinstance(structure, tuple):
        return builder.ref(structure), Spec.of(structure)
    parts = [_output(builder, item) for item in structure]
    specs = [spec for _, spec in parts]
    return builder.make_tuple([name for name, _ in parts], specs), specs


def write_mindir(model, path):
    """Write `model` to `path` (`.mindir`), or, when its Parameters pass SPLIT_BYTES, as MindSpore does
    then: `<name>_graph.mindir` plus `<name>_variables/data_0` with the data, 64-byte aligned."""
    parameters = model.graph.parameter
    if sum(len(p.raw_data) + _BYTES_OBJECT for p in parameters) <= SPLIT_BYTES:
        write_atomically(path, model.SerializeToString())
        return path
    folder, prefix = os.path.dirname(path), os.path.basename(path)[:-len(".mindir")]
    location = os.path.join(prefix + "_variables", "data_0")
    data = bytearray(b"\x01" + bytes(_HEADER - 1))
    for proto in sorted(parameters, key=lambda p: p.name.split(":", 1)[-1]):  # MindSpore's order: by name
        raw = proto.raw_data
        proto.external_data.location, proto.external_data.offset = location, len(data)
        proto.external_data.length = len(raw)
        data += raw + bytes(-len(raw) % _ALIGN)
        proto.ClearField("raw_data")
    variables = os.path.join(folder, prefix + "_variables")
    if os.path.isdir(variables):
        shutil.rmtree(variables)
    write_atomically(os.path.join(folder, location), bytes(data))
    graph_path = os.path.join(folder, prefix + "_graph.mindir")
    write_atomically(graph_path, model.SerializeToString())
    return graph_path
