"""A captured graph as an ONNX model (opset 18), built with the `onnx` package.

The model holds one graph: the network's Tensor arguments as inputs, its Parameters as initializers
named as in the network (`fc.weight`), constants as initializers too, and one or more ONNX nodes per
captured primitive (the mapping is in _emit.py). Shapes and dtypes of inputs and outputs are those of
the captured run; the model is checked with `onnx.checker` before it is written.
"""
import numpy as np

from minispore._backend.host import host_value
from minispore._graph.capture import CONSTANT, PARAMETER, Value

__all__ = ["OPSET", "IR_VERSION", "OnnxBuilder", "build_onnx", "onnx_module"]

OPSET = 18  # ONNX 1.13 (onnxruntime 1.14 and later): bitwise operators, reductions with axes as inputs
IR_VERSION = 8  # the IR version that goes with opset 18


def onnx_module():
    """The onnx package, or a clear error naming the extra that installs it."""
    try:
        import onnx
    except ImportError as error:
        raise ImportError("Exporting to ONNX needs the onnx package: pip install minispore[onnx]") from error
    return onnx


def host_dtype(dtype):
    """The NumPy dtype of a minispore dtype or of an array's dtype."""
    np_type = getattr(dtype, "_np", None)
    return np.dtype(np_type if np_type is not None else dtype)


class OnnxBuilder:
    """Collects nodes and initializers; names values `<op>_<n>`."""

    def __init__(self, onnx, export_params):
        self.onnx, self.helper = onnx, onnx.helper
        self.nodes, self.initializers, self.parameter_inputs = [], [], []
        self.names = {}  # id(Value) -> ONNX value name
        self.export_params = export_params
        self._count = 0
        self._constants = {}

    def _new(self, stem):
        self._count += 1
        return f"{stem}_{self._count}"

    def tensor_type(self, dtype):
        return self.helper.np_dtype_to_tensor_dtype(host_dtype(dtype))

    def constant(self, array):
        """The name of an initializer holding `array` (one per distinct value)."""
        array = host_value(array)
        key = (array.dtype.str, array.shape, array.tobytes())
        name = self._constants.get(key)
        if name is None:
            name = self._constants[key] = self._new("const")
            self.initializers.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def ints(self, values):
        return self.constant(np.asarray(values, np.int64))

    def ref(self, value):
        """The name holding a captured Value; a Parameter or constant is added on first use."""
        name = self.names.get(id(value))
        if name is None:
            if value.kind == PARAMETER:
                name = value.tensor.name
                if self.export_params:
                    self.initializers.append(self.onnx.numpy_helper.from_array(value.tensor.asnumpy(), name))
                else:
                    self.parameter_inputs.append((name, value))
            elif value.kind == CONSTANT:
                name = self.constant(value.tensor.asnumpy())
            else:  # an output folded into its consumer (max pooling's positions)
                raise NotImplementedError(f"using the output of '{value.node.name}' on its own")
            self.names[id(value)] = name
        return name

    def node(self, op_type, inputs, outputs=1, **attrs):
        """Add one ONNX node; returns its output name (or a list of them when `outputs` > 1)."""
        names = [self._new(op_type.lower()) for _ in range(outputs)]
        self.nodes.append(self.helper.make_node(op_type, list(inputs), names, name=names[0], **attrs))
        return names[0] if outputs == 1 else names

    def operand(self, x, dtype):
        """`x` (a Value or a literal) as a value of `dtype`, cast if needed."""
        dtype = host_dtype(dtype)
        if not isinstance(x, Value):
            return self.constant(host_value(x).astype(dtype))
        name = self.ref(x)
        return name if host_dtype(x.dtype) == dtype else self.cast(name, dtype)

    def cast(self, name, dtype):
        return self.node("Cast", [name], to=self.tensor_type(dtype))


def _value_info(helper, builder, name, value, dims=None):
    return helper.make_tensor_value_info(name, builder.tensor_type(value.dtype), list(dims or value.shape))


def build_onnx(graph, graph_name, input_names, output_names, emit, export_params=True,
               keep_initializers_as_inputs=False):
    """The onnx ModelProto of a captured graph; `emit(builder, node) -> [output names]`."""
    onnx = onnx_module()
    helper = onnx.helper
    builder = OnnxBuilder(onnx, export_params)
    inputs = []
    for value, name in zip(graph.inputs, input_names):
        if value is not None:
            builder.names[id(value)] = name
            inputs.append(_value_info(helper, builder, name, value))
    for node in graph.nodes:
        for number, name in enumerate(emit(builder, node)):
            builder.names[id(node.outs[number])] = name
    outputs = []
    for value, name in zip(graph.output_values(), output_names):
        source = builder.ref(value)
        builder.nodes.append(helper.make_node("Identity", [source], [name], name=f"output_{name}"))
        outputs.append(_value_info(helper, builder, name, value))
    inputs += [_value_info(helper, builder, name, value) for name, value in builder.parameter_inputs]
    if keep_initializers_as_inputs:
        inputs += [helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in builder.initializers]
    model = helper.make_model(helper.make_graph(builder.nodes, graph_name, inputs, outputs, builder.initializers),
                              producer_name="minispore", opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model
