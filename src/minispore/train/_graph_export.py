"""`mindspore.export`: a network's forward pass as a MINDIR or ONNX file.

The network runs once on the given inputs in inference mode while the capture (minispore._graph)
records its primitives; the capture is replayed on other inputs and compared with the network run on
them, then written as MindSpore's MindIR (_mindir_writer.py, _mindir_emit*.py) or as an ONNX model
(minispore/onnx/). Files are written atomically, read-only, as MindSpore leaves them.
"""
import inspect
import os
import re

import numpy as np

from minispore._graph.capture import capture, replay
from minispore.common.tensor import Tensor

__all__ = ["export", "capture_network", "check_file_name"]

_SUPPORTED = ["AIR", "ONNX", "MINDIR"]
_FILE_NAME = re.compile(r"^[0-9a-zA-Z@\_\-\.\:\/\\]+$")  # MindSpore's check_file_name_by_regular


def check_file_name(file_name):
    """MindSpore's file name rule: a str of letters, digits and @_-.:/\\, not ending in a separator."""
    if not isinstance(file_name, str):
        raise TypeError(f"The '{file_name}' must be string, but got {type(file_name)}.")
    if file_name.endswith(("\\", "/")):
        raise ValueError(f"The '{file_name}' cannot be a directory path.")
    if _FILE_NAME.match(file_name) is None:
        raise ValueError(f"The '{file_name}' is illegal, it must be match regular '{_FILE_NAME.pattern}'.")


def _input_names(fn, count):
    """The names of `fn`'s positional parameters (a Cell's `construct`), as MindSpore names graph inputs."""
    names = []
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    for parameter in parameters:
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            names.append(parameter.name)
        elif parameter.kind == parameter.VAR_POSITIONAL:
            names += [f"{parameter.name}{i}" for i in range(count - len(names))]
    names += [f"input{i}" for i in range(len(names), count)]
    return names[:count]


def graph_name(net):
    """A name for the graph in MindSpore's style: module, class (or function) and `construct`."""
    from minispore.nn.cell import Cell

    owner = type(net) if isinstance(net, Cell) else net
    stem = f"{owner.__module__}_{owner.__qualname__}" + ("_construct" if isinstance(net, Cell) else "")
    return re.sub(r"[^0-9A-Za-z_]", "_", stem)


def capture_network(net, inputs, api):
    """Run `net(*inputs)` once in inference mode and capture it; returns (graph, input names)."""
    from minispore.nn.cell import Cell

    for position, value in enumerate(inputs):
        if not isinstance(value, (Tensor, bool, int, float)):
            raise TypeError(f"For '{api}', the inputs must be Tensors (or Python numbers, folded in as constants), "
                            f"but input {position} is {type(value).__name__}.")
    is_cell = isinstance(net, Cell)
    if not is_cell and not callable(net):
        raise TypeError(f"For '{api}', the argument 'net' must be a Cell or a function, but got {type(net).__name__}.")
    training = net.training if is_cell else False
    if is_cell:
        net.set_train(False)
    try:
        graph = capture(net, tuple(inputs), api)
        _check_capture(net, graph, inputs, api)
    finally:
        if is_cell:
            net.set_train(training)
    fn = net.construct if is_cell else net
    if is_cell:
        owned = {id(p) for p in net.get_parameters()}
        for value in graph.parameters:
            if id(value.tensor) not in owned:
                raise ValueError(f"There's a mindspore.Parameter that wasn't created in nn.Cell, and mindspore.{api}() "
                                 f"does not support exporting such Parameters. The parameter name is: "
                                 f"{value.tensor.name}.")
    seen = {}
    for value in graph.parameters:
        other = seen.setdefault(value.tensor.name, value.tensor)
        if other is not value.tensor:
            raise ValueError(f"For '{api}', two different Parameters of the network are both named "
                             f"'{value.tensor.name}'; give them distinct names.")
    return graph, _input_names(fn, len(inputs))


def _other_inputs(inputs):
    """Inputs of the same shapes and dtypes with other values: floats scaled by up to 10% (signs kept),
    integers and Bools shuffled (valid indices stay valid)."""
    rng = np.random.default_rng(20250613)
    others = []
    for value in inputs:
        if not isinstance(value, Tensor) or value.size == 0:
            others.append(value)
            continue
        array = value.asnumpy()
        if array.dtype.kind in "fc":
            changed = array * (1 + 0.1 * rng.uniform(-1, 1, array.shape)).astype(array.dtype)
        else:
            changed = rng.permutation(array.reshape(-1)).reshape(array.shape)
        others.append(Tensor(changed))
    return others


def _flat(structure):
    return [structure] if isinstance(structure, Tensor) else [t for item in structure for t in _flat(item)]


def _check_capture(net, graph, inputs, api):
    """Replay the capture on other inputs and compare with the network run on them: a capture that does
    not compute what the network computes (Python reading Tensor values, NumPy on `asnumpy()`, branches
    on data) is refused rather than written."""
    others = _other_inputs(inputs)
    expected, replayed = _flat(net(*others)), _flat(replay(graph, others))
    for number, (want, got) in enumerate(zip(expected, replayed)):
        want, got = want.asnumpy(), got.asnumpy()
        if want.shape != got.shape or not np.allclose(got, want, rtol=1e-5, atol=1e-6, equal_nan=True):
            raise ValueError(
                f"For '{api}', output {number} of the network depends on its inputs through work that minispore's "
                "operations do not see (Python reading Tensor values, NumPy on asnumpy(), control flow on data, "
                "random numbers), so the exported graph would not compute it. Compute it with minispore ops, "
                "or export the part of the network before that work.")


def _refuse_encryption(kwargs):
    if "enc_key" in kwargs or "enc_mode" in kwargs:
        raise ValueError("For 'export', minispore does not support encrypted model files; "
                         "'enc_key' and 'enc_mode' must not be given.")


def export(net, *inputs, file_name, file_format, **kwargs):
    """Export a network's forward pass to a MINDIR or ONNX file (`.mindir`/`.onnx` added to `file_name`).

    A MINDIR whose Parameters pass 1 GB is written as MindSpore writes it then: `<name>_graph.mindir`
    with the data in `<name>_variables/data_0`.

    kwargs: `custom_func` (MINDIR: called with the ModelProto before it is written), `incremental`
    (MINDIR: accepted for MapParameters, which minispore has none of).
    """
    if "obf_func" in kwargs:
        raise NotImplementedError("Dynamic model structure obfuscation is no longer supported.")
    if file_format not in _SUPPORTED:
        raise ValueError(f"For 'export', 'file_format' must be one of {_SUPPORTED}, but got {file_format}.")
    if file_format == "AIR":
        raise ValueError("For 'export', the AIR format is for Ascend devices and is not supported by minispore; "
                         "use 'MINDIR' or 'ONNX'.")
    check_file_name(file_name)
    _refuse_encryption(kwargs)
    if "dataset" in kwargs:
        raise ValueError("For 'export', minispore does not serialize a dataset's preprocessing into MindIR "
                         "('dataset').")
    allowed = {"custom_func", "incremental"} if file_format == "MINDIR" else set()
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise TypeError(f"For 'export' with file_format='{file_format}', unexpected keyword arguments: "
                        f"{', '.join(unknown)}.")
    custom_func = kwargs.get("custom_func")
    if custom_func is not None and not callable(custom_func):
        raise TypeError(f"For 'export', 'custom_func' must be callable, but got {type(custom_func).__name__}.")
    if not isinstance(kwargs.get("incremental", False), bool):
        raise TypeError("For 'export', 'incremental' must be a bool.")
    path = os.path.realpath(file_name)
    if file_format == "MINDIR":
        from minispore.train._mindir_emit import emitter_for
        from minispore.train._mindir_writer import build_model, write_mindir

        graph, names = capture_network(net, inputs, "export")
        model = build_model(graph, graph_name(net), names, emitter_for(graph))
        if custom_func is not None:
            custom_func(model)
        write_mindir(model, path if path.endswith(".mindir") else path + ".mindir")
    else:
        from minispore.onnx import export as onnx_export

        onnx_export(net, *inputs, file_name=file_name)  # what MindSpore 2.10's export does for ONNX
