"""What the signature check compares, and how a signature becomes JSON (shared by dump and check).

Run by both sides: `dump_mindspore.py` in the reference venv (MindSpore 2.10) and `check.py` with
minispore. Neither imports the other framework.
"""
import inspect
import math

# Modules whose public callables are compared (their `__all__`, else their public attributes).
MODULES = [
    "", "ops", "ops.functional", "ops.composite", "ops.operations", "nn", "nn.utils", "train",
    "train.callback", "train.metrics", "train.serialization", "train.loss_scale_manager", "train.summary",
    "amp", "numpy", "common", "common.initializer", "context", "profiler", "mint", "mint.nn",
    "mint.nn.functional", "mint.optim", "mint.linalg", "mint.special", "dataset", "dataset.vision",
    "dataset.transforms", "communication", "log",
]

# Classes whose public methods are compared as well.
CLASSES = ["Tensor", "Parameter", "nn.Cell", "train.Model", "nn.Optimizer", "dataset.GeneratorDataset", "dataset.Dataset",
           "train.callback.Callback", "train.metrics.Metric", "amp.DynamicLossScaler",
           "amp.StaticLossScaler", "profiler.Profiler", "train.summary.SummaryRecord"]

def encode_default(value, dtype_types=()):
    """A default value as JSON: plain data as itself, dtypes by name, anything else by its type's name."""
    if value is inspect.Parameter.empty:
        return {"required": True}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, (tuple, list)):
        return {type(value).__name__: [encode_default(v, dtype_types) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode_default(v, dtype_types) for k, v in value.items()}}
    if dtype_types and isinstance(value, dtype_types):
        return {"dtype": str(value).lower()}
    return {"object": type(value).__name__}


def render_default(value):
    """The canonical text of an encoded default: Python-like, dtypes as `dtype:float32`."""
    if isinstance(value, dict):
        (key, inner), = value.items()
        if key in ("tuple", "list"):
            items = ", ".join(render_default(v) for v in inner)
            return f"({items}{',' if len(inner) == 1 else ''})" if key == "tuple" else f"[{items}]"
        if key == "dict":
            return "{" + ", ".join(f"{k!r}: {render_default(v)}" for k, v in inner.items()) + "}"
        if key == "dtype":
            return f"dtype:{inner}"
        if key == "float":
            return inner
        return f"<{inner}>"
    return repr(value)


def encode_signature(obj, dtype_types=(), method=False):
    """A callable's signature (a class: its constructor's) as canonical text, or None if unknown. For a
    method (taken from its class), the first parameter (the instance, whatever its name) is left out.
    An Enum class has none of its own: what inspect shows is Python's Enum machinery, which changed in 3.12."""
    import enum
    if inspect.isclass(obj) and issubclass(obj, enum.Enum):
        return None
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    params = list(signature.parameters.values())
    if params and (method or params[0].name == "self") and not inspect.isclass(obj) and params[0].kind in (
            inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
        params = params[1:]
    parts, keyword_only = [], False
    for p in params:
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            parts.append("*" + p.name)
            keyword_only = True
            continue
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            parts.append("**" + p.name)
            continue
        if p.kind is inspect.Parameter.KEYWORD_ONLY and not keyword_only:
            parts.append("*")
            keyword_only = True
        text = p.name
        if p.default is not inspect.Parameter.empty:
            text += "=" + render_default(encode_default(p.default, dtype_types))
        parts.append(text)
        if p.kind is inspect.Parameter.POSITIONAL_ONLY and (
                params.index(p) + 1 == len(params) or params[params.index(p) + 1].kind is not p.kind):
            parts.append("/")
    return "(" + ", ".join(parts) + ")"


def public_names(module):
    """The module's public names: `__all__` if it has one, else its non-underscore attributes."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return sorted(set(names))


def resolve(root, dotted):
    """root.a.b for dotted 'a.b' ('' is root itself); importing submodules as needed."""
    import importlib
    obj = root
    parts = [p for p in dotted.split(".") if p]
    for i, part in enumerate(parts):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            obj = importlib.import_module(root.__name__ + "." + ".".join(parts[:i + 1]))
    return obj


def collect(root, dtype_types):
    """{qualified name: signature or None} for the MODULES' public callables and the CLASSES' methods."""
    import types
    table = {}
    for dotted in MODULES:
        try:
            module = resolve(root, dotted)
        except (ImportError, AttributeError):
            continue
        for name in public_names(module):
            obj = getattr(module, name, None)
            if obj is None or isinstance(obj, types.ModuleType) or not callable(obj):
                continue
            if dtype_types and isinstance(obj, dtype_types):
                continue
            table[(dotted + "." if dotted else "") + name] = encode_signature(obj, dtype_types)
    for dotted in CLASSES:
        try:
            cls = resolve(root, dotted)
        except (ImportError, AttributeError):
            continue
        if not inspect.isclass(cls):
            continue
        for name in dir(cls):
            if name.startswith("_") and name not in ("__init__", "__call__"):
                continue
            attr = inspect.getattr_static(cls, name, None)
            bound = not isinstance(attr, (staticmethod, classmethod))
            if not bound:
                attr = getattr(cls, name)
            elif isinstance(attr, property) or not callable(attr):
                continue
            table[f"{dotted}.{name}"] = encode_signature(attr, dtype_types, method=bound)
    return table
