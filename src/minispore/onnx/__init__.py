"""`mindspore.onnx`: export a network to ONNX (standard operators, opset 18) through the `onnx` package."""
import os

from minispore.onnx._writer import OPSET, build_onnx, onnx_module

__all__ = ["export", "OPSET"]


def _check_names(api, name, names, count, default):
    if names is None:
        names = []
    if not isinstance(names, list):
        raise ValueError(f"For '{api}', the argument '{name}' must be a list, but got {type(names).__name__}.")
    if any(not isinstance(n, str) or not n for n in names) or len(set(names)) != len(names):
        raise ValueError(f"For '{api}', the argument '{name}' must hold distinct non-empty str, but got {names}.")
    if len(names) > count:
        raise ValueError(f"For '{api}', '{name}' names {len(names)} values, but there are {count}.")
    return names + default[len(names):]


def export(net, *inputs, file_name, input_names=None, output_names=None, export_params=True,
           keep_initializers_as_inputs=False, dynamic_axes=None):
    """Export a Cell's forward pass (run once on `inputs`, in inference mode) to an ONNX file (`.onnx` added).

    Args:
        input_names / output_names (list): names for the graph's inputs and outputs, in order
            (default: the arguments of `construct`; `output_0`, `output_1`, ...).
        export_params (bool): False leaves the Parameters out, as extra graph inputs.
        keep_initializers_as_inputs (bool): also list the initializers as graph inputs.
        dynamic_axes (dict): not supported (shapes are those of `inputs`); must be None or empty.
    """
    from minispore.nn.cell import Cell
    from minispore.train._files import write_atomically
    from minispore.train._graph_export import capture_network, check_file_name, graph_name
    from minispore.onnx._emit import emitter_for

    check_file_name(file_name)
    if not isinstance(net, Cell):
        raise TypeError(f"For 'onnx.export', the argument 'net' must be a Cell, but got {type(net).__name__}.")
    for flag, value in (("export_params", export_params), ("keep_initializers_as_inputs", keep_initializers_as_inputs)):
        if not isinstance(value, bool):
            raise TypeError(f"For 'onnx.export', '{flag}' must be a bool, but got {type(value).__name__}.")
    if dynamic_axes is not None and not isinstance(dynamic_axes, dict):
        raise ValueError(f"For 'onnx.export', 'dynamic_axes' must be a dict, but got {type(dynamic_axes).__name__}.")
    if dynamic_axes:
        raise ValueError("For 'onnx.export', minispore exports the shapes of the given inputs; 'dynamic_axes' is not "
                         "supported (export again for another input shape).")
    onnx = onnx_module()
    graph, arg_names = capture_network(net, inputs, "onnx.export")
    tensor_names = [name for name, value in zip(arg_names, graph.inputs) if value is not None]
    tensor_names = _check_names("onnx.export", "input_names", input_names, len(tensor_names), tensor_names)
    names = iter(tensor_names)
    arg_names = [next(names) if value is not None else name for name, value in zip(arg_names, graph.inputs)]
    count = len(graph.output_values())
    out_names = _check_names("onnx.export", "output_names", output_names, count, [f"output_{i}" for i in range(count)])
    model = build_onnx(graph, graph_name(net), arg_names, out_names, emitter_for(graph), export_params, keep_initializers_as_inputs)
    path = os.path.abspath(file_name)
    write_atomically(path if path.endswith(".onnx") else path + ".onnx", onnx.ModelProto.SerializeToString(model))
