"""Robustness over every public callable: each `ops` function, Tensor method, layer and loss Cell, called
with arguments drawn from its signature (a fitting value most of the time; otherwise a Tensor of another
rank or dtype, an empty or 0-d Tensor, NaN, a huge or negative int, None, a list, a string).

There is no reference here: the property is only that a call returns or raises a minispore error
(naming an op, the argument, expected and got) — never an internal error or a hang.
"""
import functools
import inspect

import minispore as ms
from minispore import nn, ops
from minispore.ops.tensor_method import TENSOR_METHODS
from tests.fuzz import strategies as S
from tests.fuzz.harness import ANY, Case

# Transformations of functions (tested in tests/autodiff) and helpers that take functions.
_SKIP_OPS = {"grad", "value_and_grad", "vjp", "jvp", "jacfwd", "jacrev", "vmap", "GradOperation", "stop_gradient",
             "check_reduction"}
_SKIP_METHODS = {"register_hook", "__setitem__", "assign_value", "__iter__", "__len__"}
_SKIP_CELLS = {"Cell", "CellList", "CellDict", "SequentialCell", "LossBase", "Optimizer", "LearningRateSchedule",
               "TrainOneStepCell", "TrainOneStepWithLossScaleCell", "WithLossCell", "WithEvalCell",
               "DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell", "Identity", "AdamW"}

_TENSOR_NAMES = {"input", "x", "other", "input_x", "logits", "labels", "target", "weight", "bias", "y", "a", "b",
                 "end", "mask", "condition", "tensor", "indices", "input_indices", "index", "inputs", "mat1",
                 "mat2", "vec2", "A", "x1", "x2", "input_params", "query", "key", "value", "src", "running_mean",
                 "running_var", "pos_weight", "exponent", "min", "max", "on_value", "off_value", "hx"}
_AXIS_NAMES = {"axis", "dim", "dims", "start_dim", "end_dim", "axis0", "axis1", "batch_dims", "diagonal"}
_COUNT_NAMES = {"k", "depth", "chunks", "rep", "repeats", "n", "m", "steps", "num", "length", "start", "size",
                "kernel_size", "stride", "padding", "dilation", "groups", "output_size", "split_size_or_sections",
                "in_channels", "out_channels", "num_features", "vocab_size", "embedding_size", "hidden_size",
                "input_size", "num_layers", "num_heads", "embed_dim", "d_model", "nhead", "num_groups",
                "num_channels", "channel", "ddof", "reps", "shape", "sections", "normalized_shape"}


def _tensor_value(draw):
    t, _ = S.tensor(draw, S.ALL, max_dims=4)
    return t


def _value_for(draw, name):
    """A fitting value for a parameter called `name` (3 times in 4), else anything at all."""
    if draw(S.st.integers(0, 3)) == 0:
        choice = draw(S.st.integers(0, 4))
        if choice == 0:
            return _tensor_value(draw)
        if choice == 1:
            return draw(S.st.sampled_from((-(2 ** 31), -7, -1, 0, 1, 2, 5, 2 ** 31, 2 ** 40)))
        if choice == 2:
            return draw(S.st.sampled_from((float("nan"), float("inf"), -0.5, 0.5, 1e30)))
        return S.bad_value(draw)
    if name in _TENSOR_NAMES:
        return _tensor_value(draw)
    if name in _AXIS_NAMES:
        return draw(S.st.sampled_from((0, 1, -1, 2, -3, 5, (0, 1), None)))
    if name in _COUNT_NAMES:
        return draw(S.st.sampled_from((1, 2, 3, 0, -1, (2, 2), (1, 2, 1, 2))))
    if name in ("dtype", "type"):
        return draw(S.st.sampled_from((ms.float32, ms.int32, ms.float16, ms.bool_, "float32", None)))
    if name in ("keepdim", "keepdims", "keep_dims", "descending", "largest", "sorted", "training", "has_bias",
                "as_tuple", "return_indices", "ceil_mode", "count_include_pad", "batch_first", "bidirectional",
                "affine", "log_target", "equal_nan"):
        return draw(S.st.booleans())
    if name == "reduction":
        return draw(S.st.sampled_from(("mean", "sum", "none", "bad")))
    if name in ("p", "keep_prob", "alpha", "beta", "eps", "momentum", "label_smoothing", "delta", "rtol", "atol",
                "threshold", "lr", "learning_rate"):
        return draw(S.st.sampled_from((0.0, 0.5, 1.0, -0.5, 2.0)))
    if name in ("tensors", "input_x_list"):
        return [_tensor_value(draw) for _ in range(draw(S.st.integers(0, 3)))]
    if name == "pad_mode":
        return draw(S.st.sampled_from(("same", "valid", "pad", "bad")))
    return draw(S.st.sampled_from((0, 1, 2, -1, 0.5, None, True, _tensor_value(draw))))


def _arguments(draw, signature):
    args, kwargs = [], {}
    for name, param in signature.parameters.items():
        if name == "self":
            continue
        if param.kind is param.VAR_POSITIONAL:
            args.extend(draw(S.st.integers(-1, 3)) for _ in range(draw(S.st.integers(0, 3))))
            continue
        if param.kind is param.VAR_KEYWORD:
            continue
        optional = param.default is not param.empty
        if optional and draw(S.st.booleans()):
            continue
        value = _value_for(draw, name)
        if param.kind is param.KEYWORD_ONLY or (optional and kwargs):
            kwargs[name] = value
        else:
            args.append(value)
    return args, kwargs


def _describe(value):
    if isinstance(value, ms.Tensor):
        return f"T{value.shape}:{value.dtype}"
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], ms.Tensor):
        return type(value).__name__ + "(" + ", ".join(_describe(v) for v in value) + ")"
    return repr(value)[:40]


def _label(name, args, kwargs):
    parts = [_describe(a) for a in args] + [f"{k}={_describe(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def op_case(name):
    fn = getattr(ops, name)
    signature = inspect.signature(fn)

    def generate(draw):
        args, kwargs = _arguments(draw, signature)
        return Case(name, "ops." + _label(name, args, kwargs), lambda: fn(*args, **kwargs), (name, "For '"),
                    expect=ANY)
    return generate


def method_case(name):
    function = TENSOR_METHODS[name]
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        signature = None

    def generate(draw):
        t = _tensor_value(draw)
        args, kwargs = _arguments(draw, signature) if signature else ([], {})
        if signature is not None and args and list(signature.parameters)[0] in ("self", "input", "x", "input_x",
                                                                                 "tensor", "A", "logits"):
            args = args[1:]
        label = f"T{t.shape}:{t.dtype}." + _label(name, args, kwargs)
        return Case(name, label, lambda: getattr(t, name)(*args, **kwargs), (name.strip("_"), "For '"), expect=ANY)
    return generate


def cell_case(name):
    cls = getattr(nn, name)
    init = inspect.signature(cls.__init__)
    construct = inspect.signature(cls.construct)

    # A composite layer's error may name the layer inside it that refused the input (DenseBnAct: Dense).
    parts = tuple(other for other in _public_cells() if other != name and other in name)

    def generate(draw):
        args, kwargs = _arguments(draw, init)
        inputs, input_kwargs = _arguments(draw, construct)
        label = f"nn.{_label(name, args, kwargs)}({', '.join(_describe(a) for a in inputs)})"
        return Case(name, label, lambda: cls(*args, **kwargs)(*inputs, **input_kwargs), (name, "For '") + parts,
                    expect=ANY)
    return generate


@functools.lru_cache(maxsize=None)
def _public_cells():
    names = []
    for name in dir(nn):
        obj = getattr(nn, name)
        if inspect.isclass(obj) and issubclass(obj, nn.Cell) and name not in _SKIP_CELLS and \
                not issubclass(obj, (nn.Optimizer, nn.LearningRateSchedule)):
            names.append(name)
    return tuple(names)


OP_NAMES = sorted(set(ops.__all__) - _SKIP_OPS)
METHOD_NAMES = sorted(set(TENSOR_METHODS) - _SKIP_METHODS)
CELL_NAMES = sorted(_public_cells())

SPECS = {f"any-op:{name}": op_case(name) for name in OP_NAMES}
SPECS.update({f"any-method:{name}": method_case(name) for name in METHOD_NAMES})
SPECS.update({f"any-cell:{name}": cell_case(name) for name in CELL_NAMES})
