"""The backend seam stays proven: only the modules listed here import NumPy (DESIGN.md, "The backend seam").

Device-side code (Tensor, Parameter, initializers, ops, primitives and their kernels, layers, optimizers,
autodiff, amp, mint, mindspore.numpy) reaches arrays through `minispore._backend`: kernels use the `xp` they
receive, other code `backend_of(t._data).xp` or `default_backend()`, dtype facts `minispore.common.dtype`.
Host-side code may use NumPy and moves data with `Tensor(...)` / `asnumpy()` / `_backend.host.host_value`.
"""
import ast
import pathlib

SRC = pathlib.Path(__file__).resolve().parents[2] / "src"

# A module may import NumPy when it, or the package it is in, is listed (the longest prefix decides).
ALLOWED = {
    "minispore._backend": "the backend: NumPy is the default array library, and the checking backend wraps it",
    "minispore.common.dtype": "the dtype table: array dtypes are NumPy's on every backend (CuPy's too)",
    "minispore.common._format": "printing: Tensors print from a host copy in NumPy's number formats",
    "minispore.communication._engine": "MPI: buffers cross processes in host memory, as mpi4py takes them",
    "minispore.dataset": "datasets: host-side pipelines of NumPy arrays, as MindSpore's",
    "minispore.mindrecord": "the MindRecord file format",
    "minispore.onnx": "the ONNX file format (the onnx package builds from NumPy arrays)",
    "minispore.tools": "tools: the demo and the finite-difference gradient checker work on host copies",
    "minispore.train.callback": "callbacks read losses and metrics on the host",
    "minispore.train.metrics": "metrics accumulate on the host, as MindSpore's do",
    "minispore.train.summary": "summary files",
    "minispore.train.serialization": "checkpoint files: save_checkpoint / load_checkpoint",
    "minispore.train._checkpoint_format": "the .ckpt file format",
    "minispore.train._safetensors_format": "the .safetensors file format",
    "minispore.train._graph_export": "export: the replay check compares host copies of the outputs",
    "minispore.train._fusion": "export: fusions read constant values on the host",
    "minispore.train._index_plan": "export: indexing planned on host index arrays",
    "minispore.train._mindir_writer": "the MINDIR file format",
    "minispore.train._mindir_reader": "the MINDIR file format",
    "minispore.train._mindir_emit_math": "the MINDIR file format",
    "minispore.train._mindir_emit_nn": "the MINDIR file format",
}


def _modules():
    found = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name[:-len(".__init__")] if name.endswith(".__init__") else name] = path
    return found


MODULES = _modules()


def _is_numpy(name):
    return name == "numpy" or name.startswith("numpy.")


def _imports_numpy(tree):
    """The line numbers where a module imports NumPy (statements anywhere, and import_module / __import__)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(_is_numpy(alias.name) for alias in node.names):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and not node.level and _is_numpy(node.module or ""):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if function in ("import_module", "__import__") and _is_numpy(str(node.args[0].value)):
                lines.append(node.lineno)
    return lines


def _allowed(module):
    return any(module == prefix or module.startswith(prefix + ".") for prefix in ALLOWED)


def test_only_listed_modules_import_numpy():
    offenders = []
    for module, path in sorted(MODULES.items()):
        lines = _imports_numpy(ast.parse(path.read_text()))
        if lines and not _allowed(module):
            offenders.append(f"{module} (line {', '.join(map(str, lines))})")
    assert not offenders, (
        "device-side modules import numpy; they must reach arrays through minispore._backend "
        "(backend_of(t._data).xp, default_backend(), kernels' xp) and dtype facts through minispore.common.dtype, "
        f"or be host-side code listed in ALLOWED with its reason: {offenders}")


def test_every_allowed_entry_names_a_module_or_package():
    assert sorted(prefix for prefix in ALLOWED if prefix not in MODULES) == []


def test_the_check_sees_every_spelling_of_an_import():
    source = ("import numpy as np\nfrom numpy.lib import mixins\nimport os, numpy.random\n"
              "def f():\n    import numpy\n    return importlib.import_module('numpy')\n"
              "from . import numpy\nimport numpyro\n")
    assert _imports_numpy(ast.parse(source)) == [1, 2, 3, 5, 6]
