"""Generated calls of the shape, indexing and selection ops: axes, counts and shapes in and out of range.

The validity rules are MindSpore 2.10's (tests/golden/fuzz_decisions.json, `axis_*` and `count_*`):
an axis outside [-ndim, ndim) (expand_dims, stack: [-ndim-1, ndim]), a repeated axis, a count <= 0
(topk, chunk, split, repeat_elements), a narrow window outside the axis, an odd or too long pad
must raise; everything else equals NumPy's answer.
"""
import numpy as np

import minispore as ms
from minispore import ops
from tests.fuzz import strategies as S
from tests.fuzz.harness import ANY, MUST_RAISE, Case


def _in(value, low, high):
    return isinstance(value, int) and low <= value < high


def _float_tensor(draw, **kwargs):
    return S.tensor(draw, ("float32", "int32", "float64", "bool"), **kwargs)


def reshape_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    shape = tuple(draw(S.st.integers(-2, 6)) for _ in range(draw(S.st.integers(0, 3))))
    label = f"ops.reshape(Tensor(shape={data.shape}), {shape})"
    call = lambda: ops.reshape(t, shape)  # noqa: E731
    known = int(np.prod([n for n in shape if n != -1]))
    unknown = shape.count(-1)
    valid = (all(n >= -1 for n in shape) and unknown <= 1 and
             (known == data.size if unknown == 0 else (known > 0 and data.size % known == 0) or
              (known == 0 and data.size == 0)))
    if not valid:
        return Case("reshape", label, call, expect=MUST_RAISE)
    if unknown and known == 0:
        return Case("reshape", label, call, expect=ANY)
    return Case("reshape", label, call, expect=lambda: data.reshape(shape))


def transpose_case(draw):
    t, data = _float_tensor(draw, max_dims=4)
    ndim = data.ndim
    method = draw(S.st.booleans())
    perm = [draw(S.st.integers(-ndim - 2, ndim + 1)) for _ in range(draw(S.st.integers(max(ndim - 1, 0), ndim + 1)))]
    if draw(S.st.booleans()):
        perm = list(np.random.default_rng(len(perm)).permutation(ndim))
        perm = [int(p) - ndim if draw(S.st.booleans()) else int(p) for p in perm]
    label = f"{'x.transpose(*' if method else 'ops.transpose(x, '}{tuple(perm)})  x: {data.shape}"
    call = (lambda: t.transpose(*perm)) if method else (lambda: ops.transpose(t, tuple(perm)))
    valid = (len(perm) == ndim and all(-ndim <= p < ndim for p in perm) and
             sorted(p % ndim for p in perm) == list(range(ndim))) if ndim else perm == []
    if method and not perm:
        valid = True  # x.transpose() reverses the axes
        return Case("transpose", label, call, expect=lambda: data.transpose())
    if not valid:
        return Case("transpose", label, call, expect=MUST_RAISE)
    return Case("transpose", label, call, expect=lambda: data.transpose([p % ndim for p in perm]))


def swapaxes_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    a, valid_a = S.axis(draw, data.ndim)
    b, valid_b = S.axis(draw, data.ndim)
    call = lambda: ops.swapaxes(t, a, b)  # noqa: E731
    label = f"ops.swapaxes(x{data.shape}, {a}, {b})"
    if not (valid_a and valid_b) or data.ndim == 0:
        return Case("swapaxes", label, call, expect=MUST_RAISE)
    return Case("swapaxes", label, call, expect=lambda: np.swapaxes(data, a, b))


def expand_dims_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    axis = draw(S.st.integers(-data.ndim - 3, data.ndim + 2))
    method = draw(S.st.sampled_from(("ops", "expand_dims", "unsqueeze")))
    call = {"ops": lambda: ops.expand_dims(t, axis), "expand_dims": lambda: t.expand_dims(axis),
            "unsqueeze": lambda: t.unsqueeze(axis)}[method]
    label = f"{method}(x{data.shape}, {axis})"
    if not -data.ndim - 1 <= axis <= data.ndim:
        return Case("expand_dims", label, call, ("expand_dims", "unsqueeze"), expect=MUST_RAISE)
    return Case("expand_dims", label, call, expect=lambda: np.expand_dims(data, axis))


def squeeze_case(draw):
    shape = tuple(draw(S.st.sampled_from((1, 1, 2, 3))) for _ in range(draw(S.st.integers(0, 4))))
    t, data = _float_tensor(draw, shape_=shape)
    axes, valid = S.axes(draw, data.ndim)
    label = f"ops.squeeze(x{shape}, {axes!r})"
    call = lambda: ops.squeeze(t, axes)  # noqa: E731
    if isinstance(axes, list):
        return Case("squeeze", label, call, expect=ANY)
    if not valid:
        return Case("squeeze", label, call, expect=MUST_RAISE)
    norm = S.normal_axes(axes, data.ndim)
    # MindSpore squeezes only the named axes of size 1 and leaves the others (axis_squeeze_not_one).
    drop = tuple(i for i in (range(data.ndim) if norm is None else norm) if data.shape[i] == 1)
    return Case("squeeze", label, call, expect=lambda: np.squeeze(data, drop) if drop else data)


def flatten_case(draw):
    t, data = _float_tensor(draw, max_dims=4)
    start = draw(S.st.integers(-data.ndim - 2, data.ndim + 1))
    end = draw(S.st.sampled_from((-1, start, data.ndim - 1, data.ndim + 1, -data.ndim - 1)))
    label = f"ops.flatten(x{data.shape}, start_dim={start}, end_dim={end})"
    call = lambda: ops.flatten(t, start_dim=start, end_dim=end)  # noqa: E731
    if data.ndim == 0:
        return Case("flatten", label, call, expect=ANY)
    if not (_in(start, -data.ndim, data.ndim) and _in(end, -data.ndim, data.ndim)) or start % data.ndim > end % data.ndim:
        return Case("flatten", label, call, expect=MUST_RAISE)
    s, e = start % data.ndim, end % data.ndim
    shape = data.shape[:s] + (int(np.prod(data.shape[s:e + 1])),) + data.shape[e + 1:]
    return Case("flatten", label, call, expect=lambda: data.reshape(shape))


def broadcast_to_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    extra = tuple(draw(S.st.integers(-1, 3)) for _ in range(draw(S.st.integers(0, 2))))
    tail = tuple(draw(S.st.sampled_from((n, -1, 1, 3, -2))) for n in data.shape)
    shape = extra + tail
    label = f"ops.broadcast_to(x{data.shape}, {shape})"
    call = lambda: ops.broadcast_to(t, shape)  # noqa: E731
    target = extra + tuple(n if want == -1 else want for n, want in zip(data.shape, tail))
    valid = all(n >= 0 for n in extra) and all(w >= 0 for w in target)
    if valid:
        try:
            np.broadcast_to(data, target)
        except ValueError:
            valid = False
    if not valid:
        return Case("broadcast_to", label, call, expect=MUST_RAISE)
    return Case("broadcast_to", label, call, expect=lambda: np.broadcast_to(data, target).copy())


def tile_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    reps = tuple(draw(S.st.integers(-1, 3)) for _ in range(draw(S.st.integers(0, data.ndim + 1))))
    label = f"ops.tile(x{data.shape}, {reps})"
    call = lambda: ops.tile(t, reps)  # noqa: E731
    if any(r < 0 for r in reps):
        return Case("tile", label, call, expect=MUST_RAISE)
    return Case("tile", label, call, expect=lambda: np.tile(data, reps))


def concat_stack_case(draw):
    name = draw(S.st.sampled_from(("concat", "stack")))
    t, data = _float_tensor(draw, max_dims=3)
    others = []
    for _ in range(draw(S.st.integers(0, 2))):
        shape = list(data.shape)
        if shape and draw(S.st.integers(0, 2)) == 0:
            shape[draw(S.st.integers(0, len(shape) - 1))] = draw(S.st.integers(0, 3))
        others.append(S.array(draw, data.dtype, tuple(shape)))
    arrays = [data] + others
    bound = data.ndim + (1 if name == "stack" else 0)
    axis = draw(S.st.integers(-bound - 2, bound + 1))
    label = f"ops.{name}([{', '.join(str(a.shape) for a in arrays)}], {axis})"
    tensors = [ms.Tensor(a) for a in arrays]
    call = lambda: getattr(ops, name)(tensors, axis)  # noqa: E731
    if not -bound <= axis < max(bound, 1) or (name == "concat" and data.ndim == 0):
        return Case(name, label, call, expect=MUST_RAISE)
    try:
        reference = (np.concatenate if name == "concat" else np.stack)(arrays, axis)
    except ValueError:
        return Case(name, label, call, expect=MUST_RAISE)
    return Case(name, label, call, expect=lambda: reference)


def split_case(draw):
    t, data = _float_tensor(draw, min_dims=1, max_dims=3)
    axis, valid = S.axis(draw, data.ndim)
    if draw(S.st.booleans()):
        split = S.count(draw, 4)
        valid = valid and 0 < split < 2 ** 31
    else:
        length = data.shape[axis] if valid else 3
        split = [draw(S.st.integers(-1, 3)) for _ in range(draw(S.st.integers(1, 3)))]
        if draw(S.st.booleans()) and length >= 0:
            split[-1] = length - sum(split[:-1])
        valid = valid and all(s >= 0 for s in split) and sum(split) == length
    method = draw(S.st.booleans())
    label = f"{'x.split' if method else 'ops.split'}(x{data.shape}, {split}, {axis})"
    call = (lambda: t.split(split, axis)) if method else (lambda: ops.split(t, split, axis))
    if not valid:
        return Case("split", label, call, expect=MUST_RAISE)
    length = data.shape[axis]
    if isinstance(split, int):
        bounds = list(range(split, length, split))
    else:
        bounds = list(np.cumsum(split)[:-1])
    return Case("split", label, call, expect=lambda: tuple(np.split(data, bounds, axis)))


def chunk_case(draw):
    t, data = _float_tensor(draw, min_dims=1, max_dims=3)
    axis, valid = S.axis(draw, data.ndim)
    chunks = S.count(draw, 5)
    label = f"ops.chunk(x{data.shape}, {chunks}, {axis})"
    call = lambda: ops.chunk(t, chunks, axis)  # noqa: E731
    if not valid or chunks <= 0 or chunks >= 2 ** 31:
        return Case("chunk", label, call, expect=MUST_RAISE)
    length = data.shape[axis]
    size = -(-length // chunks) if length else 0

    def reference():
        # An empty axis gives one (empty) chunk (MindSpore: zero_chunk).
        return tuple(np.split(data, list(range(size, length, size)), axis)) if length else (data,)
    return Case("chunk", label, call, expect=reference)


def topk_sort_case(draw):
    name = draw(S.st.sampled_from(("sort", "topk", "argsort")))
    t, data = S.tensor(draw, ("float32", "int32", "float64"), max_dims=3, special=False)
    axis, valid = S.axis(draw, data.ndim)
    if data.ndim == 0:
        valid = False
    descending = draw(S.st.booleans())
    if name == "topk":
        k = S.count(draw, 4)
        call = lambda: ops.topk(t, k, axis, largest=descending)  # noqa: E731
        label = f"ops.topk(x{data.shape}, {k}, {axis}, largest={descending})"
        length = data.shape[axis] if valid else 0
        if not valid or not 0 < k <= length:
            return Case(name, label, call, expect=MUST_RAISE)
    elif name == "sort":
        call = lambda: ops.sort(t, axis, descending)  # noqa: E731
        label = f"ops.sort(x{data.shape}, {axis}, {descending})"
    else:
        call = lambda: ops.argsort(t, axis, descending)  # noqa: E731
        label = f"ops.argsort(x{data.shape}, {axis}, {descending})"
    if not valid:
        return Case(name, label, call, expect=MUST_RAISE)

    def reference():
        order = np.argsort(-data if descending else data, axis=axis, kind="stable")
        if name == "topk":
            order = np.take(order, range(k), axis=axis)
            return np.take_along_axis(data, order, axis), order.astype(np.int32)
        if name == "argsort":
            return order.astype(np.int32)
        return np.take_along_axis(data, order, axis), order.astype(np.int32)
    # Ties may be ordered either way by a stable sort of -x; compare the values only for descending sorts.
    if descending and name != "topk":
        return Case(name, label, call, expect=ANY)
    if name == "topk":
        return Case(name, label, call, expect=lambda: reference()[0], check=lambda r, ref: _same_values(r[0], ref))
    return Case(name, label, call, expect=reference, check=_same_ignoring_index_dtype)


def _same_values(result, reference):
    np.testing.assert_array_equal(result.asnumpy(), reference)


def _same_ignoring_index_dtype(result, reference):
    if isinstance(reference, tuple):
        _same_values(result[0], reference[0])
        np.testing.assert_array_equal(result[1].asnumpy(), reference[1])
    else:
        np.testing.assert_array_equal(result.asnumpy(), reference)


def flip_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    dims, valid = S.axes(draw, data.ndim)
    label = f"ops.flip(x{data.shape}, {dims!r})"
    call = lambda: ops.flip(t, dims)  # noqa: E731
    if dims is None or isinstance(dims, int) or data.ndim == 0 or not valid:
        return Case("flip", label, call, expect=MUST_RAISE)
    return Case("flip", label, call, expect=lambda: np.flip(data, tuple(dims)).copy() if dims else data.copy())


def repeat_elements_case(draw):
    t, data = _float_tensor(draw, min_dims=1, max_dims=3)
    axis, valid = S.axis(draw, data.ndim)
    rep = S.count(draw, 3)
    label = f"ops.repeat_elements(x{data.shape}, {rep}, {axis})"
    call = lambda: ops.repeat_elements(t, rep, axis)  # noqa: E731
    if not valid or not 0 < rep < 2 ** 31:
        return Case("repeat_elements", label, call, expect=MUST_RAISE)
    if rep * data.size > 10 ** 6:
        return Case("repeat_elements", label, call, expect=ANY)
    return Case("repeat_elements", label, call, expect=lambda: np.repeat(data, rep, axis))


def narrow_case(draw):
    t, data = _float_tensor(draw, min_dims=1, max_dims=3)
    axis, valid = S.axis(draw, data.ndim)
    length_of_axis = data.shape[axis] if valid else 2
    start = draw(S.st.integers(-2, length_of_axis + 2))
    length = draw(S.st.integers(-1, length_of_axis + 1))
    label = f"ops.narrow(x{data.shape}, {axis}, {start}, {length})"
    call = lambda: ops.narrow(t, axis, start, length)  # noqa: E731
    if not valid or not 0 <= start < length_of_axis or not 1 <= length <= length_of_axis - start:
        return Case("narrow", label, call, expect=MUST_RAISE)
    index = (slice(None),) * (axis % data.ndim) + (slice(start, start + length),)
    return Case("narrow", label, call, expect=lambda: data[index])


def pad_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    padding = tuple(draw(S.st.integers(-3, 2)) for _ in range(draw(S.st.integers(0, 2 * data.ndim + 2))))
    label = f"ops.pad(x{data.shape}, {padding})"
    call = lambda: ops.pad(t, padding)  # noqa: E731
    if len(padding) % 2 or len(padding) // 2 > data.ndim:
        return Case("pad", label, call, expect=MUST_RAISE)
    widths = [(0, 0)] * data.ndim
    for i in range(len(padding) // 2):
        widths[data.ndim - 1 - i] = (padding[2 * i], padding[2 * i + 1])
    if any(n + a + b < 0 for n, (a, b) in zip(data.shape, widths)):
        return Case("pad", label, call, expect=MUST_RAISE)

    def reference():
        if not widths:
            return data.copy()
        grown = np.pad(data, [(max(a, 0), max(b, 0)) for a, b in widths])
        index = tuple(slice(-min(a, 0), grown.shape[i] + min(b, 0)) for i, (a, b) in enumerate(widths))
        return grown[index]
    return Case("pad", label, call, expect=reference)


def gather_case(draw):
    t, data = _float_tensor(draw, min_dims=1, max_dims=3)
    axis, valid = S.axis(draw, data.ndim)
    size = data.shape[axis] if valid else 3
    indices = S.array(draw, draw(S.st.sampled_from(("int32", "int64"))), S.shape(draw, max_dims=2), low=-1,
                      high=size)
    name = draw(S.st.sampled_from(("gather", "index_select")))
    label = f"ops.{name}(x{data.shape}, indices{indices.shape} in [{indices.min() if indices.size else ''}..], {axis})"
    ti = ms.Tensor(indices)
    call = (lambda: ops.gather(t, ti, axis)) if name == "gather" else (lambda: ops.index_select(t, axis, ti))
    if name == "index_select" and indices.ndim != 1:
        return Case(name, label, call, ("index_select", "gather"), expect=ANY)
    # MindSpore 2.10's gather takes negative indices from the end: [-size, size)
    if not valid or (indices.size and (indices.min() < -size or indices.max() >= size)):
        return Case(name, label, call, ("index_select", "gather"), expect=MUST_RAISE)
    return Case(name, label, call, ("index_select", "gather"), expect=lambda: np.take(data, indices, axis))


def one_hot_case(draw):
    indices = S.array(draw, draw(S.st.sampled_from(("int32", "int64"))), S.shape(draw, max_dims=2), low=-1, high=4)
    depth = draw(S.st.integers(-2, 4))
    axis = draw(S.st.integers(-3, indices.ndim + 1))
    label = f"ops.one_hot(indices{indices.shape}, {depth}, axis={axis})"
    ti = ms.Tensor(indices)
    on, off = ms.Tensor(1.0), ms.Tensor(0.0)
    call = lambda: ops.one_hot(ti, depth, on, off, axis)  # noqa: E731
    if depth < 0 or not -1 <= axis <= indices.ndim:
        return Case("one_hot", label, call, expect=MUST_RAISE)

    def reference():
        # MindSpore: labels outside [0, depth) give a row of off_value (count_one_hot_label_out).
        hot = (np.arange(depth) == indices[..., None]).astype(np.float32)
        return np.moveaxis(hot, -1, axis)
    return Case("one_hot", label, call, expect=reference)


def unbind_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    axis, valid = S.axis(draw, data.ndim)
    label = f"ops.unbind(x{data.shape}, {axis})"
    call = lambda: ops.unbind(t, axis)  # noqa: E731
    if not valid or data.ndim == 0:
        return Case("unbind", label, call, expect=MUST_RAISE)
    return Case("unbind", label, call, expect=lambda: tuple(np.moveaxis(data, axis, 0)))


def tril_triu_case(draw):
    name = draw(S.st.sampled_from(("tril", "triu")))
    t, data = _float_tensor(draw, max_dims=4)
    diagonal = draw(S.st.integers(-3, 3))
    label = f"ops.{name}(x{data.shape}, {diagonal})"
    call = lambda: getattr(ops, name)(t, diagonal)  # noqa: E731
    if data.ndim < 2:
        return Case(name, label, call, expect=MUST_RAISE)
    return Case(name, label, call, expect=lambda: getattr(np, name)(data, diagonal))


def diag_case(draw):
    t, data = S.tensor(draw, S.FLOATS + ("int32",), max_dims=2)
    label = f"ops.diag(x{data.shape} {data.dtype})"
    call = lambda: ops.diag(t)  # noqa: E731
    if data.ndim == 0:
        return Case("diag", label, call, expect=MUST_RAISE)

    def reference():
        flat = data.reshape(-1)
        out = np.zeros((flat.size, flat.size), data.dtype)
        out[np.arange(flat.size), np.arange(flat.size)] = flat
        return out.reshape(data.shape + data.shape)
    return Case("diag", label, call, expect=reference)


def masked_fill_case(draw):
    t, data = _float_tensor(draw, max_dims=3)
    mask = S.array(draw, "bool", data.shape[draw(S.st.integers(0, data.ndim)):])
    value = draw(S.st.sampled_from((0.5, -1.0, 2)))
    label = f"ops.masked_fill(x{data.shape}, mask{mask.shape}, {value})"
    call = lambda: ops.masked_fill(t, ms.Tensor(mask), value)  # noqa: E731
    if data.dtype == bool:
        return Case("masked_fill", label, call, expect=ANY)
    return Case("masked_fill", label, call, expect=lambda: np.where(mask, np.asarray(value).astype(data.dtype), data))


def getitem_case(draw):
    t, data = _float_tensor(draw, min_dims=1, max_dims=3)
    index = []
    for n in data.shape[:draw(S.st.integers(1, data.ndim))]:
        kind = draw(S.st.integers(0, 3))
        if kind == 0:
            index.append(draw(S.st.integers(-n - 2, n + 1)))
        elif kind == 1:
            index.append(slice(draw(S.st.integers(-4, 4)), draw(S.st.integers(-4, 4))))
        elif kind == 2:
            index.append(None)
        else:
            index.append(Ellipsis if Ellipsis not in index else slice(None))
    index = tuple(index)
    label = f"x{data.shape}[{index}]"
    call = lambda: t[index]  # noqa: E731
    try:
        reference = data[index]
    except IndexError:
        return Case("getitem", label, call, ("index", "getitem", "out of bounds"), expect=MUST_RAISE)
    return Case("getitem", label, call, ("index", "getitem"), expect=lambda: np.asarray(reference))


def creation_case(draw):
    name = draw(S.st.sampled_from(("ones", "zeros", "full", "eye", "arange", "linspace", "randperm")))
    if name in ("ones", "zeros", "full"):
        shape = tuple(draw(S.st.integers(-1, 3)) for _ in range(draw(S.st.integers(0, 3))))
        call = (lambda: ops.full(shape, 1.5)) if name == "full" else (lambda: getattr(ops, name)(shape))
        label = f"ops.{name}({shape})"
        if any(n < 0 for n in shape):
            return Case(name, label, call, expect=MUST_RAISE)
        return Case(name, label, call, expect=lambda: np.full(shape, {"ones": 1, "zeros": 0, "full": 1.5}[name],
                                                                np.float32))
    if name == "eye":
        n = draw(S.st.integers(-1, 4))
        if n < 0:
            return Case(name, f"ops.eye({n})", lambda: ops.eye(n), expect=MUST_RAISE)
        return Case(name, f"ops.eye({n})", lambda: ops.eye(n), expect=lambda: np.eye(n, dtype=np.float32))
    if name == "linspace":
        steps = draw(S.st.integers(-1, 4))
        label = f"ops.linspace(0, 1, {steps})"
        if steps <= 0:
            return Case(name, label, lambda: ops.linspace(0, 1, steps), expect=MUST_RAISE)
        return Case(name, label, lambda: ops.linspace(0, 1, steps),
                    expect=lambda: np.linspace(0, 1, steps, dtype=np.float32))
    if name == "randperm":
        n = draw(S.st.integers(-1, 4))
        call = lambda: ops.randperm(n)  # noqa: E731
        if n <= 0:
            return Case(name, f"ops.randperm({n})", call, expect=MUST_RAISE)
        return Case(name, f"ops.randperm({n})", call, expect=lambda: np.arange(n),
                    check=lambda r, ref: np.testing.assert_array_equal(np.sort(r.asnumpy()), ref))
    start, end = draw(S.st.integers(-3, 3)), draw(S.st.sampled_from((-2, 0, 4, 2.5, float("nan"), float("inf"))))
    step = draw(S.st.sampled_from((1, -1, 0, 0.5, 2)))
    label = f"ops.arange({start}, {end}, {step})"
    call = lambda: ops.arange(start, end, step)  # noqa: E731
    if step == 0 or not np.isfinite(end) or (end - start) * step < 0:
        return Case(name, label, call, expect=MUST_RAISE)
    dtype = np.int64 if all(isinstance(v, int) for v in (start, end, step)) else np.float32
    return Case(name, label, call, expect=lambda: np.arange(start, end, step).astype(dtype))


SPECS = {
    "shape:reshape": reshape_case, "shape:transpose": transpose_case, "shape:swapaxes": swapaxes_case,
    "shape:expand_dims": expand_dims_case, "shape:squeeze": squeeze_case, "shape:flatten": flatten_case,
    "shape:broadcast_to": broadcast_to_case, "shape:tile": tile_case, "shape:concat_stack": concat_stack_case,
    "shape:split": split_case, "shape:chunk": chunk_case, "shape:topk_sort": topk_sort_case, "shape:flip": flip_case,
    "shape:repeat_elements": repeat_elements_case, "shape:narrow": narrow_case, "shape:pad": pad_case,
    "index:gather": gather_case, "index:one_hot": one_hot_case, "shape:unbind": unbind_case,
    "shape:tril_triu": tril_triu_case, "shape:diag": diag_case, "index:masked_fill": masked_fill_case,
    "index:getitem": getitem_case, "create:any": creation_case,
}
