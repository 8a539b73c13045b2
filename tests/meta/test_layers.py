"""Imports point down: each module imports only from its own layer or the layers below (DESIGN.md)."""
import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parents[2] / "src"

# DESIGN.md's house, bottom to top; a module belongs to the longest prefix listed.
LAYERS = [
    ("minispore._backend", "minispore.communication._engine", "minispore.log"),
    ("minispore.common.dtype", "minispore.common._format", "minispore.common._version"),
    ("minispore.common",),
    ("minispore.ops._prims",),
    ("minispore._autodiff", "minispore._jit"),
    ("minispore.ops", "minispore.context", "minispore.common.jit", "minispore.common.api", "minispore.communication",
     "minispore.parallel", "minispore._graph"),
    ("minispore.nn", "minispore.experimental"),
    ("minispore.train", "minispore.amp", "minispore.onnx", "minispore.nn.metrics"),  # nn.metrics: MindSpore's alias of train's
    ("minispore.mindrecord",),
    ("minispore.dataset",),
    ("minispore", "minispore.tools", "minispore.numpy", "minispore.__main__", "minispore.parallel.cluster"),
]


def _layer(module):
    best, rank = -1, None
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), number
    return rank


def _modules():
    found = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name[:-len(".__init__")] if name.endswith(".__init__") else name] = path
    return found


MODULES = _modules()


def _targets(module, node):
    """The minispore modules an import statement loads (a submodule, not its package, for `from a import b`)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in MODULES]
    base = node.module or ""
    if node.level:
        parts = module.split(".")
        package = parts if MODULES[module].name == "__init__.py" else parts[:-1]
        base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
    names = [a.name for a in node.names]
    submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
    return submodules + ([base] if len(submodules) < len(names) and base in MODULES else [])


def _violations():
    bad = []
    for module, path in sorted(MODULES.items()):
        own = _layer(module)
        # Package faces (__init__) re-export what lies below them; they are checked as their layer too.
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, node):
                    if _layer(target) > own:
                        bad.append(f"{module} (layer {own}) imports {target} (layer {_layer(target)})")
    return bad


def test_every_module_has_a_layer():
    assert [m for m in MODULES if _layer(m) is None] == []


def test_imports_point_down():
    assert _violations() == []
