"""Generated calls of Tensor methods: MindSpore's overloads of max/min (values, or (values, indices)),
argmax/argmin, reshape/view, squeeze, flatten, repeat, tile, gather, chunk, topk, norm, prod, all/any,
clip, astype, masked_fill and the in-place methods, with axes and arguments in and out of range.
"""
import numpy as np

import minispore as ms
from tests.fuzz import strategies as S
from tests.fuzz.harness import ANY, MUST_RAISE, Case
from tests.fuzz.oracles import spread


def _extreme(data, axis, keepdims, name, initial=None, where=None):
    """MindSpore's values and indices of max/min along `axis`: initial clips, where selects (with initial)."""
    select = np.maximum if name == "max" else np.minimum
    arg = np.argmax if name == "max" else np.argmin
    a = data
    if initial is not None:
        a = select(a, np.asarray(initial).astype(a.dtype))
    if where is not None:
        a = np.where(where, a, np.asarray(initial).astype(a.dtype))
    index = arg(a, axis=axis)
    values = np.take_along_axis(a, np.expand_dims(index, axis), axis)
    if not keepdims:
        values = np.squeeze(values, axis)
    else:
        index = np.expand_dims(index, axis)
    return values.astype(data.dtype), index.astype(np.int64)


def max_min_method(draw):
    """x.max(...) / x.min(...) in each of MindSpore's call forms (tests/golden/fuzz_decisions.json, tensor_max_*)."""
    name = draw(S.st.sampled_from(("max", "min")))
    t, data = S.tensor(draw, ("float32", "float64", "int32"), min_dims=1, max_dims=3, allow_empty=False)
    axis, valid = S.axis(draw, data.ndim)
    keep = draw(S.st.booleans())
    form = draw(S.st.integers(0, 8))
    initial = draw(S.st.sampled_from((0.5, -1.0, 10.0)))
    mask = S.array(draw, "bool", data.shape)
    forms = {
        0: ("()", (), {}, "all"), 1: ("(dim)", (axis,), {}, "pair"), 2: ("(dim, keepdim)", (axis, keep), {}, "pair"),
        3: ("(dim=, keepdim=)", (), {"dim": axis, "keepdim": keep}, "pair"),
        4: ("(axis=, keepdims=)", (), {"axis": axis, "keepdims": keep}, "values"),
        5: ("(axis=, return_indices=True)", (), {"axis": axis, "keepdims": keep, "return_indices": True}, "pair"),
        6: ("(dim, initial=)", (axis,), {"initial": initial}, "values"),
        7: ("(axis=, where=, initial=)", (), {"axis": axis, "keepdims": keep, "where": ms.Tensor(mask),
                                                "initial": initial}, "values"),
        8: ("(axis=tuple)", (), {"axis": (axis,) if valid else (axis, axis)}, "values"),
    }
    text, args, kwargs, returns = forms[form]
    label = f"x{data.shape}.{name}{text} args={args} kwargs={ {k: v for k, v in kwargs.items() if k != 'where'} }"
    call = lambda: getattr(t, name)(*args, **kwargs)  # noqa: E731
    if returns != "all" and not valid:
        return Case(name, label, call, (name, "amax", "amin", "argmax", "argmin"), expect=MUST_RAISE)
    axis_n = axis % data.ndim if valid else 0
    keepdims = kwargs.get("keepdim", kwargs.get("keepdims", keep if form == 2 else False))

    def reference():
        if returns == "all":
            return np.asarray(data.max() if name == "max" else data.min())
        values, index = _extreme(data, axis_n, keepdims, name, kwargs.get("initial"),
                                 mask if "where" in kwargs else None)
        return (values, index) if returns == "pair" else values
    return Case(name, label, call, (name, "amax", "amin"), expect=reference)


_ALIASES = {"view": ("reshape",), "repeat": ("repeat_elements",), "tile": (), "clip": ("clamp",),
            "fill_": ("fill", "assign"), "add_": ("add", "assign"), "mul_": ("mul", "assign"),
            "copy_": ("assign",), "zero_": ("assign",), "norm": ("sum",), "astype": ("cast", "dtype")}


def _simple(name, build):
    """A method spec from build(draw, t, data) -> (label args, call, valid, reference or None)."""
    def generate(draw):
        t, data = S.tensor(draw, ("float32", "float64", "int32", "int64", "bool"), max_dims=3)
        text, call, valid, reference = build(draw, t, data)
        label = f"x{data.shape} {data.dtype}{text}"
        method = text.lstrip(".").split("(")[0]
        names = (method, name) + _ALIASES.get(method, ())
        if not valid:
            return Case(method, label, call, names, expect=MUST_RAISE)
        return Case(method, label, call, names, expect=ANY if reference is None else reference)
    return generate


def _argmax(draw, t, data):
    name = draw(S.st.sampled_from(("argmax", "argmin")))
    axis, valid = S.axis(draw, data.ndim) if draw(S.st.booleans()) else (None, True)
    keep = draw(S.st.booleans())
    dtype = np.int64 if name == "argmax" else np.int32
    if (data.size == 0 and (axis is None or not valid or data.shape[axis] == 0)) or \
            (data.dtype == bool and name == "argmin"):
        return f"{name}({axis}, {keep})", lambda: getattr(t, name)(axis, keep), False, None
    fn = getattr(np, name)

    def reference():
        if data.ndim == 0:
            return np.asarray(0, dtype)
        if not data.size:  # an empty result
            return np.sum(data, axis=axis, keepdims=keep).astype(dtype)
        out = fn(data, axis=axis)
        return np.asarray(np.expand_dims(out, axis) if keep and axis is not None else out).astype(dtype)
    return f".{name}({axis}, {keep})", lambda: getattr(t, name)(axis, keep), valid, reference


def _reshape(draw, t, data):
    shape = tuple(draw(S.st.integers(-1, 4)) for _ in range(draw(S.st.integers(1, 3))))
    method = draw(S.st.sampled_from(("reshape", "view")))
    star = draw(S.st.booleans())
    call = (lambda: getattr(t, method)(*shape)) if star else (lambda: getattr(t, method)(shape))
    known = int(np.prod([n for n in shape if n != -1]))
    unknown = shape.count(-1)
    # An empty input with a 0 in the shape: -1 stands for 0, as in MindSpore (NumPy refuses it).
    spread_nothing = unknown == 1 and known == 0 and data.size == 0
    valid = unknown <= 1 and (known == data.size if not unknown else
                              spread_nothing or known > 0 and data.size % known == 0)
    target = tuple(0 if n == -1 else n for n in shape) if spread_nothing else shape
    return f".{method}({shape})", call, valid, (lambda: data.reshape(target)) if valid else None


def _repeat_tile(draw, t, data):
    if draw(S.st.booleans()):
        reps = tuple(draw(S.st.integers(-1, 3)) for _ in range(draw(S.st.integers(1, 3))))
        return f".tile({reps})", lambda: t.tile(reps), all(r >= 0 for r in reps), lambda: np.tile(data, reps)
    repeats = draw(S.st.integers(-1, 3))
    axis, valid = S.axis(draw, data.ndim) if draw(S.st.booleans()) else (None, True)
    valid = valid and repeats > 0 and (axis is None or data.ndim > 0)
    return (f".repeat({repeats}, {axis})", lambda: t.repeat(repeats, axis), valid,
            lambda: np.repeat(data, repeats, axis))


def _prod_norm(draw, t, data):
    name = draw(S.st.sampled_from(("prod", "all", "any", "std", "var", "norm")))
    axis, valid = S.axis(draw, data.ndim) if draw(S.st.booleans()) else (None, True)
    call = (lambda: t.norm(dim=axis)) if name == "norm" else (lambda: getattr(t, name)(axis))
    if name in ("std", "var") and data.dtype.kind == "b":
        return f".{name}({axis})", call, False, None
    if name == "norm" and data.dtype == bool:
        return f".{name}({axis})", call, False, None
    axes = None if axis is None else (axis % data.ndim if data.ndim else ())

    def reference():
        with np.errstate(all="ignore"):
            if name == "prod":
                return np.asarray(np.prod(data.astype(np.int64 if data.dtype.kind in "biu" else data.dtype),
                                          axis=axes))
            if name in ("all", "any"):
                return np.asarray(getattr(np, name)(data, axis=axes))
            if name == "norm":
                out_dtype = data.dtype if data.dtype.kind == "f" else np.float32
                return np.asarray(np.sqrt(np.sum(np.square(data.astype(np.float64)), axis=axes))).astype(out_dtype)
            out_dtype = data.dtype if data.dtype.kind == "f" else np.float32  # integers in float32
            return spread(data, axes, False, out_dtype, root=name == "std")
    return f".{name}({axis})", call, valid, reference


def _clip(draw, t, data):
    low, high = draw(S.st.sampled_from((None, -1, 0.5))), draw(S.st.sampled_from((None, 2, 1.5)))
    call = lambda: t.clip(low, high)  # noqa: E731
    if low is None and high is None:
        return f".clip({low}, {high})", call, False, None
    return f".clip({low}, {high})", call, True, None


def _astype(draw, t, data):
    target = draw(S.st.sampled_from((ms.float32, ms.int32, ms.float16, ms.bool_, "float64", "int8", "nonsense",
                                     3, None)))
    call = lambda: t.astype(target)  # noqa: E731
    valid = not (target == "nonsense" or target == 3 or target is None)
    if not valid:
        return f".astype({target!r})", call, False, None
    np_target = {ms.float32: np.float32, ms.int32: np.int32, ms.float16: np.float16, ms.bool_: np.bool_}.get(
        target, target)
    with np.errstate(all="ignore"):
        expected = data.astype(np_target) if data.dtype.kind != "f" or np.dtype(np_target).kind not in "iu" or \
            np.isfinite(data).all() else None
    return f".astype({target!r})", call, True, None if expected is None else (lambda: expected)


def _masked_fill_inplace(draw, t, data):
    name = draw(S.st.sampled_from(("masked_fill", "fill_", "zero_", "add_", "mul_", "copy_")))
    if name == "masked_fill":
        mask = S.array(draw, "bool", data.shape)
        value = draw(S.st.sampled_from((0.0, 2, -1.5)))
        return f".masked_fill(mask, {value})", lambda: t.masked_fill(ms.Tensor(mask), value), True, None
    if name == "fill_":
        value = draw(S.st.sampled_from((0.0, 2, "a", None)))
        return f".fill_({value!r})", lambda: t.fill_(value), value not in ("a", None), None
    if name == "zero_":
        return ".zero_()", lambda: t.zero_(), True, lambda: np.zeros_like(data)
    other = S.array(draw, data.dtype, S.shape(draw, max_dims=3))
    call = lambda: getattr(t, name)(ms.Tensor(other))  # noqa: E731
    try:
        # The result must fit back into x: NumPy-style broadcasting of the result to x's shape.
        np.broadcast_to(np.empty(np.broadcast_shapes(data.shape, other.shape)), data.shape)
        valid = True
    except ValueError:
        valid = False
    return f".{name}(y{other.shape})", call, valid, None


def _gather_chunk(draw, t, data):
    if data.ndim == 0:
        return ".chunk(2)", lambda: t.chunk(2), False, None
    axis, valid = S.axis(draw, data.ndim)
    if draw(S.st.booleans()):
        chunks = S.count(draw, 4)
        return (f".chunk({chunks}, {axis})", lambda: t.chunk(chunks, axis),
                valid and 0 < chunks < 2 ** 31, None)
    size = data.shape[axis] if valid else 1
    indices = S.array(draw, "int32", (draw(S.st.integers(0, 3)),), low=-1, high=size + 1)
    # MindSpore 2.10's gather takes negative indices from the end: [-size, size)
    in_range = not indices.size or (indices.min() >= -size and indices.max() < size)
    return (f".gather(indices{indices.tolist()}, {axis})", lambda: t.gather(ms.Tensor(indices), axis),
            valid and in_range, (lambda: np.take(data, indices, axis)) if valid and in_range else None)


def _flatten_squeeze(draw, t, data):
    if draw(S.st.booleans()):
        start = draw(S.st.integers(-data.ndim - 1, data.ndim))
        call = lambda: t.flatten(start_dim=start)  # noqa: E731
        if data.ndim == 0:
            return f".flatten(start_dim={start})", call, start in (0, -1), None
        valid = -data.ndim <= start < data.ndim
        s = start % data.ndim if valid else 0
        return (f".flatten(start_dim={start})", call, valid,
                lambda: data.reshape(data.shape[:s] + (int(np.prod(data.shape[s:])),)))
    axis, valid = S.axis(draw, data.ndim) if draw(S.st.booleans()) else (None, True)
    drop = tuple(i for i in (range(data.ndim) if axis is None else [axis % max(data.ndim, 1)] if data.ndim else [])
                 if data.shape[i] == 1)
    return f".squeeze({axis})", lambda: t.squeeze(axis), valid, lambda: np.squeeze(data, drop) if drop else data


SPECS = {
    "method:max_min": max_min_method, "method:argmax": _simple("argmax", _argmax),
    "method:reshape": _simple("reshape", _reshape), "method:repeat_tile": _simple("repeat", _repeat_tile),
    "method:prod_norm": _simple("prod", _prod_norm), "method:clip": _simple("clip", _clip),
    "method:astype": _simple("astype", _astype), "method:inplace": _simple("fill", _masked_fill_inplace),
    "method:gather_chunk": _simple("gather", _gather_chunk), "method:flatten_squeeze": _simple("flatten",
                                                                                             _flatten_squeeze),
}
