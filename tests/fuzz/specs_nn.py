"""Generated calls of layers, losses and the functional nn ops: constructor arguments in and out of range,
inputs of the wrong rank, channels, dtype or size.

Layers: a valid construction with a valid input must return a float Tensor of the shape MindSpore's
formulas give; a count <= 0 in the constructor, an input of the wrong rank or channel count, or a
window larger than the (padded) input must raise. Regression losses are compared with NumPy; integer
inputs are computed in float32 (MindSpore's ops.mse_loss does so; tests/golden/fuzz_decisions.json).
"""
import numpy as np

import minispore as ms
from minispore import nn, ops
from tests.fuzz import strategies as S
from tests.fuzz.harness import ANY, MUST_RAISE, Case


class Shaped:
    """A reference that fixes only the result's shape and dtype (values come from initialised weights)."""

    def __init__(self, shape, dtype=np.float32):
        self.shape, self.dtype = tuple(shape), np.dtype(dtype)


def check_shaped(result, reference):
    if isinstance(reference, tuple):
        assert isinstance(result, tuple) and len(result) == len(reference), f"expected {len(reference)} outputs"
        for r, ref in zip(result, reference):
            check_shaped(r, ref)
        return
    assert isinstance(result, ms.Tensor), f"expected a Tensor, got {type(result).__name__}"
    assert result.shape == reference.shape, f"shape {result.shape}, expected {reference.shape}"
    assert result.asnumpy().dtype == reference.dtype, f"dtype {result.dtype}, expected {reference.dtype}"


def _size_arg(draw, low=1, high=4):
    """A constructor count: valid most of the time; 0, negative, float or None otherwise. (value, valid)."""
    choice = draw(S.st.integers(0, 9))
    if choice == 0:
        return draw(S.st.sampled_from((0, -1, -3))), False
    if choice == 1:
        return draw(S.st.sampled_from((2.5, None, "3", True))), False
    return draw(S.st.integers(low, high)), True


def _input(draw, shape, dtypes=("float32",)):
    """An input of `shape`, or (sometimes) one of the wrong rank, channel layout or dtype. (Tensor, shape, ok)."""
    choice = draw(S.st.integers(0, 7))
    dtype = "float32"
    ok = True
    if choice == 0 and shape:
        shape = shape[1:]                   # a missing batch dimension
        ok = None                           # some layers accept unbatched inputs
    elif choice == 1 and len(shape) >= 3:
        shape = (shape[0],) + shape[2:] + (shape[1],)  # channels last
        ok = None
    elif choice == 2:
        dtype = draw(S.st.sampled_from(("int32", "float64", "float16", "bool")))
        ok = None
    data = S.array(draw, dtype, shape, special=False)
    return ms.Tensor(data), shape, ok


def _conv_out(size, kernel, stride, pad_mode, padding, dilation):
    span = dilation * (kernel - 1) + 1
    if pad_mode == "same":
        return -(-size // stride)
    if pad_mode == "valid":
        return (size - span) // stride + 1
    return (size + 2 * padding - span) // stride + 1


def conv2d_layer(draw):
    c_in, ok_in = _size_arg(draw)
    c_out, ok_out = _size_arg(draw)
    kernel, ok_k = _size_arg(draw, 1, 3)
    stride, ok_s = _size_arg(draw, 1, 2)
    dilation = draw(S.st.sampled_from((1, 1, 2, 0)))
    pad_mode = draw(S.st.sampled_from(("same", "valid", "pad", "full")))
    padding = draw(S.st.integers(-1, 2)) if pad_mode == "pad" else 0
    group = draw(S.st.sampled_from((1, 1, 2)))
    valid_ctor = (ok_in and ok_out and ok_k and ok_s and dilation > 0 and pad_mode != "full" and padding >= 0 and
                  c_in % group == 0 and c_out % group == 0)
    args = dict(kernel_size=kernel, stride=stride, pad_mode=pad_mode, padding=padding, dilation=dilation, group=group)
    label = f"nn.Conv2d({c_in}, {c_out}, {args})"
    if not valid_ctor:
        return Case("Conv2d", label, lambda: nn.Conv2d(c_in, c_out, **args), ("Conv2d", "conv2d"), expect=MUST_RAISE)
    size = draw(S.st.integers(1, 6))
    x, shape, ok = _input(draw, (2, c_in, size, size))
    label += f"(x{shape} {x.dtype})"

    def call():
        return nn.Conv2d(c_in, c_out, **args)(x)
    if ok is None:
        return Case("Conv2d", label, call, ("Conv2d", "conv2d"), expect=ANY)
    out = _conv_out(size, kernel, stride, pad_mode, padding, dilation)
    if out < 1:
        return Case("Conv2d", label, call, ("Conv2d", "conv2d"), expect=MUST_RAISE)
    return Case("Conv2d", label, call, ("Conv2d", "conv2d"), expect=lambda: Shaped((2, c_out, out, out)),
                check=check_shaped)


def dense_layer(draw):
    c_in, ok_in = _size_arg(draw)
    c_out, ok_out = _size_arg(draw)
    label = f"nn.Dense({c_in!r}, {c_out!r})"
    if not (ok_in and ok_out):
        return Case("Dense", label, lambda: nn.Dense(c_in, c_out), expect=MUST_RAISE)
    lead = S.shape(draw, 0, 2, 3, allow_empty=False)
    width = c_in if draw(S.st.integers(0, 4)) else draw(S.st.integers(1, 5))
    x, shape, ok = _input(draw, lead + (width,))
    label += f"(x{shape} {x.dtype})"
    call = lambda: nn.Dense(c_in, c_out)(x)  # noqa: E731
    if x.dtype != ms.float32:
        return Case("Dense", label, call, ("Dense", "dense", "matmul"), expect=MUST_RAISE if x.dtype in
                    (ms.int32, ms.bool_) else ANY)
    if not shape or shape[-1] != c_in:
        return Case("Dense", label, call, expect=MUST_RAISE)
    return Case("Dense", label, call, expect=lambda: Shaped(shape[:-1] + (c_out,)), check=check_shaped)


def pool2d_layer(draw):
    name = draw(S.st.sampled_from(("MaxPool2d", "AvgPool2d")))
    kernel, ok_k = _size_arg(draw, 1, 7)
    stride, ok_s = _size_arg(draw, 1, 3)
    pad_mode = draw(S.st.sampled_from(("valid", "same", "VALID", "bad")))
    label = f"nn.{name}({kernel!r}, {stride!r}, {pad_mode!r})"
    if not (ok_k and ok_s) or pad_mode == "bad":
        return Case(name, label, lambda: getattr(nn, name)(kernel, stride, pad_mode), expect=MUST_RAISE)
    size = draw(S.st.integers(1, 6))
    x, shape, ok = _input(draw, (2, 3, size, size))
    label += f"(x{shape} {x.dtype})"
    call = lambda: getattr(nn, name)(kernel, stride, pad_mode)(x)  # noqa: E731
    if ok is None or len(shape) != 4:
        return Case(name, label, call, (name, "pool"), expect=ANY)
    out = -(-size // stride) if pad_mode == "same" else (size - kernel) // stride + 1
    if out < 1:
        return Case(name, label, call, (name, "pool"), expect=MUST_RAISE)
    return Case(name, label, call, expect=lambda: Shaped((2, 3, out, out)), check=check_shaped)


def adaptive_pool_layer(draw):
    name = draw(S.st.sampled_from(("AdaptiveAvgPool2d", "AdaptiveMaxPool2d")))
    sizes = tuple(draw(S.st.sampled_from((1, 2, 3, None, 0, -2))) for _ in range(2))
    label = f"nn.{name}({sizes})"
    x, shape, ok = _input(draw, (2, 3, draw(S.st.integers(1, 5)), draw(S.st.integers(1, 5))))
    label += f"(x{shape} {x.dtype})"
    call = lambda: getattr(nn, name)(sizes)(x)  # noqa: E731
    if any(s is not None and s < 0 for s in sizes) or (name == "AdaptiveMaxPool2d" and 0 in sizes):
        return Case(name, label, call, (name, "adaptive"), expect=MUST_RAISE)
    if ok is None:
        return Case(name, label, call, (name, "adaptive"), expect=ANY)
    out = tuple(n if s is None else s for s, n in zip(sizes, shape[-2:]))
    return Case(name, label, call, (name, "adaptive"), expect=lambda: Shaped(shape[:-2] + out), check=check_shaped)


def batchnorm_layer(draw):
    name = draw(S.st.sampled_from(("BatchNorm1d", "BatchNorm2d")))
    channels, ok_c = _size_arg(draw)
    momentum = draw(S.st.sampled_from((0.9, 0.1, 1.5, -0.1)))
    label = f"nn.{name}({channels!r}, momentum={momentum})"
    if not ok_c or not 0 <= momentum <= 1:
        return Case(name, label, lambda: getattr(nn, name)(channels, momentum=momentum), expect=MUST_RAISE)
    shape = (draw(S.st.integers(1, 3)), channels) + ((3, 3) if name == "BatchNorm2d" else ())
    x, shape, ok = _input(draw, shape)
    training = draw(S.st.booleans())
    label += f"(x{shape} {x.dtype}) training={training}"

    def call():
        layer = getattr(nn, name)(channels, momentum=momentum)
        layer.set_train(training)
        return layer(x)
    if ok is None:
        return Case(name, label, call, (name, "batch_norm"), expect=ANY)
    return Case(name, label, call, (name, "batch_norm"), expect=lambda: Shaped(shape), check=check_shaped)


def norm_layers(draw):
    name = draw(S.st.sampled_from(("LayerNorm", "GroupNorm")))
    if name == "LayerNorm":
        width, ok = _size_arg(draw)
        label = f"nn.LayerNorm(({width!r},))"
        if not ok:
            return Case(name, label, lambda: nn.LayerNorm((width,)), expect=MUST_RAISE)
        x, shape, ok_x = _input(draw, (2, draw(S.st.sampled_from((width, width, width + 1)))))
        call = lambda: nn.LayerNorm((width,))(x)  # noqa: E731
        label += f"(x{shape} {x.dtype})"
        if ok_x is None:
            return Case(name, label, call, (name, "layer_norm"), expect=ANY)
        if not shape or shape[-1] != width:
            return Case(name, label, call, (name, "layer_norm"), expect=MUST_RAISE)
        return Case(name, label, call, (name, "layer_norm"), expect=lambda: Shaped(shape), check=check_shaped)
    groups, ok_g = _size_arg(draw, 1, 3)
    channels = draw(S.st.sampled_from((2, 3, 4, 6)))
    label = f"nn.GroupNorm({groups!r}, {channels})"
    if not ok_g or channels % groups:
        return Case(name, label, lambda: nn.GroupNorm(groups, channels), expect=MUST_RAISE)
    x, shape, ok_x = _input(draw, (2, channels, 3, 3))
    label += f"(x{shape} {x.dtype})"
    call = lambda: nn.GroupNorm(groups, channels)(x)  # noqa: E731
    if ok_x is None:
        return Case(name, label, call, (name, "group_norm"), expect=ANY)
    return Case(name, label, call, (name, "group_norm"), expect=lambda: Shaped(shape), check=check_shaped)


def embedding_layer(draw):
    vocab, ok_v = _size_arg(draw, 1, 5)
    dim, ok_d = _size_arg(draw, 1, 3)
    label = f"nn.Embedding({vocab!r}, {dim!r})"
    if not (ok_v and ok_d):
        return Case("Embedding", label, lambda: nn.Embedding(vocab, dim), expect=MUST_RAISE)
    dtype = draw(S.st.sampled_from(("int32", "int64", "int64", "float32")))
    ids = S.array(draw, dtype, S.shape(draw, 0, 2, 3), low=-1, high=vocab)
    label += f"(ids{ids.shape} {dtype})"
    call = lambda: nn.Embedding(vocab, dim)(ms.Tensor(ids))  # noqa: E731
    if dtype == "float32" or (ids.size and (ids.min() < 0 or ids.max() >= vocab)):
        return Case("Embedding", label, call, ("Embedding", "embedding"), expect=MUST_RAISE)
    return Case("Embedding", label, call, ("Embedding", "embedding"), expect=lambda: Shaped(ids.shape + (dim,)),
                check=check_shaped)


def recurrent_layer(draw):
    name = draw(S.st.sampled_from(("RNN", "LSTM", "GRU")))
    size, ok_i = _size_arg(draw, 1, 3)
    hidden, ok_h = _size_arg(draw, 1, 3)
    layers = draw(S.st.sampled_from((1, 1, 2, 0)))
    label = f"nn.{name}({size!r}, {hidden!r}, num_layers={layers})"
    if not (ok_i and ok_h and layers > 0):
        return Case(name, label, lambda: getattr(nn, name)(size, hidden, num_layers=layers), expect=MUST_RAISE)
    x, shape, ok = _input(draw, (draw(S.st.integers(1, 3)), 2, size))
    label += f"(x{shape} {x.dtype})"
    call = lambda: getattr(nn, name)(size, hidden, num_layers=layers)(x)  # noqa: E731
    if ok is None:
        return Case(name, label, call, (name,), expect=ANY)
    state = Shaped((layers, 2, hidden))
    states = (state, state) if name == "LSTM" else state
    return Case(name, label, call, expect=lambda: (Shaped(shape[:2] + (hidden,)), states), check=check_shaped)


def attention_layer(draw):
    embed, ok_e = _size_arg(draw, 1, 6)
    heads, ok_h = _size_arg(draw, 1, 3)
    label = f"nn.MultiheadAttention({embed!r}, {heads!r})"
    if not (ok_e and ok_h) or embed % heads:
        return Case("MultiheadAttention", label, lambda: nn.MultiheadAttention(embed, heads), expect=MUST_RAISE)
    length = draw(S.st.integers(1, 3))
    width = embed if draw(S.st.integers(0, 3)) else embed + 1
    q = ms.Tensor(S.array(draw, "float32", (length, 2, width), special=False))
    label += f"(q{q.shape})"
    call = lambda: nn.MultiheadAttention(embed, heads)(q, q, q)  # noqa: E731
    if width != embed:
        return Case("MultiheadAttention", label, call, ("MultiheadAttention", "matmul", "dense"), expect=MUST_RAISE)
    return Case("MultiheadAttention", label, call, ("MultiheadAttention",),
                expect=lambda: (Shaped((length, 2, embed)), Shaped((2, length, length))), check=check_shaped)


def flatten_dropout_layers(draw):
    name = draw(S.st.sampled_from(("Flatten", "Dropout", "Dropout2d", "Unflatten", "PReLU", "Softmax")))
    x, shape, ok = _input(draw, (2, 3, 2, 2))
    if name == "Flatten":
        return Case(name, f"nn.Flatten()(x{shape})", lambda: nn.Flatten()(x),
                    expect=ANY if ok is None or len(shape) < 2 else lambda: Shaped(
                        (shape[0], int(np.prod(shape[1:]))), x.asnumpy().dtype), check=check_shaped)
    if name == "Dropout":
        p = draw(S.st.sampled_from((0.5, 0.0, 1.0, -0.5, 1.5)))
        label = f"nn.Dropout(p={p})(x{shape})"
        if not 0 <= p < 1:
            return Case(name, label, lambda: nn.Dropout(p=p), expect=MUST_RAISE)
        return Case(name, label, lambda: nn.Dropout(p=p).set_train()(x), expect=ANY)
    if name == "Dropout2d":
        p = draw(S.st.sampled_from((0.5, 0.0, 1.0, -0.5, 1.5)))
        label = f"nn.Dropout2d(p={p})(x{shape})"
        if not 0 <= p <= 1:
            return Case(name, label, lambda: nn.Dropout2d(p=p), expect=MUST_RAISE)
        # p = 0 returns the input as it is, before any check of its rank (as MindSpore does).
        return Case(name, label, lambda: nn.Dropout2d(p=p).set_train()(x), ("Dropout2d", "Dropout2D"),
                    expect=ANY if len(shape) == 4 or p == 0 else MUST_RAISE)
    if name == "Unflatten":
        axis, valid = S.axis(draw, len(shape))
        sizes = draw(S.st.sampled_from(((3,), (1, 3), (3, 1), (2, 2), (-1,))))
        label = f"nn.Unflatten({axis}, {sizes})(x{shape})"
        call = lambda: nn.Unflatten(axis, sizes)(x)  # noqa: E731
        if not valid or (int(np.prod(sizes)) != shape[axis] and -1 not in sizes):
            return Case(name, label, call, ("Unflatten", "reshape"), expect=MUST_RAISE)
        return Case(name, label, call, ("Unflatten", "reshape"), expect=ANY)
    if name == "PReLU":
        channel, ok_c = _size_arg(draw)
        label = f"nn.PReLU({channel!r})(x{shape})"
        if not ok_c:
            return Case(name, label, lambda: nn.PReLU(channel), expect=MUST_RAISE)
        call = lambda: nn.PReLU(channel)(x)  # noqa: E731
        if ok is not None and channel not in (1, shape[1]):
            return Case(name, label, call, ("PReLU", "prelu"), expect=MUST_RAISE)
        return Case(name, label, call, ("PReLU", "prelu"), expect=ANY)
    axis, valid = S.axis(draw, len(shape))
    label = f"nn.Softmax({axis})(x{shape} {x.dtype})"
    call = lambda: nn.Softmax(axis)(x)  # noqa: E731
    if not valid:
        return Case(name, label, call, ("Softmax",), expect=MUST_RAISE)
    return Case(name, label, call, ("Softmax",), expect=ANY)


# --- losses ---------------------------------------------------------------------------------------
_REGRESSION = {
    "mse_loss": lambda d: d * d, "l1_loss": np.abs,
    "huber_loss": lambda d: np.where(np.abs(d) < 1, 0.5 * d * d, np.abs(d) - 0.5),
    "smooth_l1_loss": lambda d: np.where(np.abs(d) < 1, 0.5 * d * d, np.abs(d) - 0.5),
}
_CELLS = {"mse_loss": "MSELoss", "l1_loss": "L1Loss", "huber_loss": "HuberLoss", "smooth_l1_loss": "SmoothL1Loss"}


def regression_loss(draw):
    name = draw(S.st.sampled_from(sorted(_REGRESSION)))
    cell = draw(S.st.booleans())
    dtype = draw(S.st.sampled_from(("float32", "float32", "float16", "float64", "int32", "int64", "uint8", "bool")))
    shape = S.shape(draw, max_dims=3)
    target_shape = shape if draw(S.st.integers(0, 4)) else S.shape(draw, max_dims=3)
    x, y = S.array(draw, dtype, shape, special=False), S.array(draw, dtype, target_shape, special=False)
    reduction = draw(S.st.sampled_from(("mean", "sum", "none", "batchmean")))
    label = f"{'nn.' + _CELLS[name] if cell else 'ops.' + name}(x{shape}, y{target_shape}, {dtype}, {reduction})"
    tx, ty = ms.Tensor(x), ms.Tensor(y)
    if cell:
        call = lambda: getattr(nn, _CELLS[name])(reduction=reduction)(tx, ty)  # noqa: E731
    else:
        call = lambda: getattr(ops, name)(tx, ty, reduction=reduction)  # noqa: E731
    names = (name, _CELLS[name])
    if reduction == "batchmean" or dtype == "bool":
        return Case(name, label, call, names, expect=MUST_RAISE)
    try:
        shape_out = np.broadcast_shapes(shape, target_shape)
    except ValueError:
        return Case(name, label, call, names, expect=MUST_RAISE)
    if name == "smooth_l1_loss" and shape != target_shape:
        return Case(name, label, call, names, expect=MUST_RAISE)
    out_dtype = np.dtype(dtype) if dtype.startswith("float") else np.dtype(np.float32)

    def reference():
        with np.errstate(all="ignore"):
            loss = _REGRESSION[name](x.astype(np.float64) - y.astype(np.float64))
            loss = np.broadcast_to(loss, shape_out)
            out = {"mean": np.mean, "sum": np.sum}.get(reduction, lambda v: v)(loss)
            return np.asarray(out).astype(out_dtype)
    return Case(name, label, call, names, expect=reference)


def classification_loss(draw):
    name = draw(S.st.sampled_from(("cross_entropy", "nll_loss", "CrossEntropyLoss", "NLLLoss")))
    dtype = draw(S.st.sampled_from(("float32", "float32", "float16", "float64", "int32", "uint8")))
    n, c = draw(S.st.integers(0, 3)), draw(S.st.integers(1, 4))
    logits = S.array(draw, dtype, (n, c), special=False)
    label_dtype = draw(S.st.sampled_from(("int32", "int64", "float32")))
    labels = S.array(draw, label_dtype, (n,) if draw(S.st.integers(0, 4)) else (n + 1,), low=-1, high=c)
    label = f"{name}(logits({n}, {c}) {dtype}, labels{labels.shape} {label_dtype} in [{labels.min() if labels.size else ''}..])"
    tl, ty = ms.Tensor(logits), ms.Tensor(labels)
    call = {"cross_entropy": lambda: ops.cross_entropy(tl, ty), "nll_loss": lambda: ops.nll_loss(tl, ty),
            "CrossEntropyLoss": lambda: nn.CrossEntropyLoss()(tl, ty), "NLLLoss": lambda: nn.NLLLoss()(tl, ty)}[name]
    names = (name, "cross_entropy", "nll_loss", "CrossEntropyLoss", "NLLLoss")
    if label_dtype == "float32":
        return Case(name, label, call, names, expect=ANY)
    if labels.shape != (n,) or (labels.size and (labels.min() < -c or labels.max() >= c)):
        return Case(name, label, call, names, expect=MUST_RAISE)
    if dtype in ("int32", "uint8") and name != "nll_loss" and name != "NLLLoss":
        return Case(name, label, call, names, expect=MUST_RAISE)
    out_dtype = np.dtype(dtype) if dtype.startswith("float") else np.dtype(np.float32)

    def reference():
        x = logits.astype(np.float64)
        if name in ("cross_entropy", "CrossEntropyLoss") and n:
            peak = x.max(axis=1, keepdims=True)
            x = x - peak - np.log(np.sum(np.exp(x - peak), axis=1, keepdims=True))
        with np.errstate(all="ignore"):
            picked = -x[np.arange(n), labels % c] if n else np.zeros(0)
            return np.asarray(picked.mean()).astype(out_dtype)
    return Case(name, label, call, names, expect=reference,
                check=lambda r, ref: _same_dtype(r, ref) or np.testing.assert_allclose(
                    r.asnumpy(), ref, rtol=3e-3 if out_dtype == np.float16 else 1e-5, atol=1e-5))


def _same_dtype(result, reference):
    assert result.asnumpy().dtype == reference.dtype, f"dtype {result.dtype}, expected {reference.dtype}"


# --- functional nn ops ----------------------------------------------------------------------------
def pool_functional(draw):
    name = draw(S.st.sampled_from(("max_pool2d", "avg_pool2d")))
    kernel = draw(S.st.sampled_from((1, 2, 3, 0, -1, 1000, 2 ** 31)))
    stride = draw(S.st.sampled_from((None, 1, 2, 0, -1))) if name == "max_pool2d" else \
        draw(S.st.sampled_from((1, 2, 0, -1)))
    padding = draw(S.st.sampled_from((0, 0, 1, 2, -1)))
    size = draw(S.st.integers(1, 6))
    x = ms.Tensor(S.array(draw, "float32", (1, 2, size, size), special=False))
    label = f"ops.{name}(x(1, 2, {size}, {size}), {kernel}, {stride}, {padding})"
    call = lambda: getattr(ops, name)(x, kernel, stride, padding)  # noqa: E731
    step = kernel if stride is None else stride
    if kernel <= 0 or step is not None and step <= 0 or padding < 0 or 2 * padding > kernel:
        return Case(name, label, call, expect=MUST_RAISE)
    out = (size + 2 * padding - kernel) // step + 1
    if out < 1:
        return Case(name, label, call, expect=MUST_RAISE)
    return Case(name, label, call, expect=lambda: Shaped((1, 2, out, out)), check=check_shaped)


def conv_functional(draw):
    size = draw(S.st.integers(1, 5))
    kernel = draw(S.st.integers(1, 4))
    c_in = draw(S.st.sampled_from((2, 2, 3)))
    stride = draw(S.st.sampled_from((1, 2, 0)))
    dilation = draw(S.st.sampled_from((1, 2, 0)))
    groups = draw(S.st.sampled_from((1, 2, 0)))
    x = ms.Tensor(S.array(draw, "float32", (1, c_in, size, size), special=False))
    w = ms.Tensor(S.array(draw, "float32", (2, 2 // max(groups, 1), kernel, kernel), special=False))
    label = f"ops.conv2d(x(1, {c_in}, {size}, {size}), w{w.shape}, stride={stride}, dilation={dilation}, groups={groups})"
    call = lambda: ops.conv2d(x, w, stride=stride, dilation=dilation, groups=groups)  # noqa: E731
    if stride <= 0 or dilation <= 0 or groups <= 0 or c_in != w.shape[1] * groups:
        return Case("conv2d", label, call, ("conv2d", "Conv2D"), expect=MUST_RAISE)
    out = (size - dilation * (kernel - 1) - 1) // stride + 1
    if out < 1:
        return Case("conv2d", label, call, ("conv2d", "Conv2D"), expect=MUST_RAISE)
    return Case("conv2d", label, call, ("conv2d",), expect=lambda: Shaped((1, 2, out, out)), check=check_shaped)


def dropout_functional(draw):
    p = draw(S.st.sampled_from((0.0, 0.5, 0.99, 1.0, -0.1, 1.5)))
    t, data = S.tensor(draw, S.FLOATS, max_dims=3)
    label = f"ops.dropout(x{data.shape}, p={p})"
    call = lambda: ops.dropout(t, p=p)  # noqa: E731
    if not 0 <= p < 1:
        return Case("dropout", label, call, expect=MUST_RAISE)
    return Case("dropout", label, call, expect=lambda: Shaped(data.shape, data.dtype), check=check_shaped)


SPECS = {
    "layer:Conv2d": conv2d_layer, "layer:Dense": dense_layer, "layer:Pool2d": pool2d_layer,
    "layer:AdaptivePool2d": adaptive_pool_layer, "layer:BatchNorm": batchnorm_layer, "layer:Norm": norm_layers,
    "layer:Embedding": embedding_layer, "layer:Recurrent": recurrent_layer, "layer:Attention": attention_layer,
    "layer:misc": flatten_dropout_layers, "loss:regression": regression_loss, "loss:classification":
        classification_loss, "nn:pool": pool_functional, "nn:conv2d": conv_functional, "nn:dropout": dropout_functional,
}
