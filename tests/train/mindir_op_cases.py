"""One small function per exported minispore primitive, for the MindIR and ONNX export tests.

`OP_CASES[name] = (function, inputs)`: the function calls the primitive `name` (through minispore's
ops and layers), the inputs are NumPy arrays. tools/golden/gen_mindir.py exports each with minispore
and records MindSpore 2.10's outputs on the file (tests/golden/mindir/ops.npz); the tests export each
again and compare.
"""
import numpy as np

import minispore as ms
import minispore.ops._prims.comm  # noqa: F401 - registers the collectives, so PRIMS is complete
from minispore import nn, ops

_rng = np.random.default_rng(7)
X = _rng.standard_normal((3, 4)).astype(np.float32)
POSITIVE = (np.abs(X) + 0.5).astype(np.float32)
UNIT = np.tanh(X).astype(np.float32)
Y = _rng.standard_normal((3, 4)).astype(np.float32)
INTS = _rng.integers(-5, 9, (3, 4)).astype(np.int32)
SMALL_INTS = _rng.integers(1, 6, (3, 4)).astype(np.int32)
IMAGE = _rng.standard_normal((2, 3, 7, 6)).astype(np.float32)
WEIGHT = _rng.standard_normal((4, 3, 3, 2)).astype(np.float32)
LABELS = np.array([0, 3, -1], np.int32)
MIXED = np.array([[1.0, np.inf, -np.inf, np.nan], [0.5, -2.0, 3.0, 0.0], [1.0, 2.0, 3.0, 4.0]], np.float32)

_pool_max_pad = nn.MaxPool2d(3, 2, pad_mode="pad", padding=1)
_pool_max_ceil = nn.MaxPool2d(2, 2, pad_mode="pad", ceil_mode=True)
_pool_avg_pad = nn.AvgPool2d(3, 2, pad_mode="pad", padding=1)
_pool_avg_inside = nn.AvgPool2d(3, 2, pad_mode="pad", padding=1, count_include_pad=False)


def _fixed(cell):
    """`cell` with every Parameter set from a seeded generator (the same values in every process)."""
    rng = np.random.default_rng(11)
    for param in sorted(cell.get_parameters(), key=lambda p: p.name):
        param.set_data(ms.Tensor(rng.standard_normal(param.shape).astype(np.float32)))
    return cell




class _Convs(nn.Cell):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, (3, 2), stride=(2, 1), pad_mode="pad", padding=(1, 0, 1, 1), dilation=(1, 2),
                              has_bias=True)
        self.weight = ms.Parameter(ms.Tensor(WEIGHT), name="weight")

    def construct(self, x):
        return self.conv(x), ops.conv2d(x, self.weight, stride=2, pad_mode="same")


class _Deconvs(nn.Cell):
    def __init__(self):
        super().__init__()
        self.padded = nn.Conv2dTranspose(3, 2, 4, stride=2, pad_mode="pad", padding=1, has_bias=True)
        self.same = nn.Conv2dTranspose(3, 4, 3, stride=2, pad_mode="same", group=1)
        self.valid = nn.Conv2dTranspose(3, 3, (2, 3), stride=(1, 2), pad_mode="valid", dilation=(2, 1), group=3)

    def construct(self, x):
        return self.padded(x), self.same(x), self.valid(x)


class _Denses(nn.Cell):
    def __init__(self):
        super().__init__()
        self.with_bias = nn.Dense(4, 5)
        self.without_bias = nn.Dense(4, 2, has_bias=False)

    def construct(self, x):
        return self.with_bias(ops.reshape(x, (3, 1, 4))), self.without_bias(x)




OP_CASES = {
    "neg": (lambda x: -x, [X]),
    "exp": (ops.exp, [X]),
    "log": (ops.log, [POSITIVE]),
    "sqrt": (ops.sqrt, [POSITIVE]),
    "rsqrt": (ops.rsqrt, [POSITIVE]),
    "abs": (ops.abs, [X]),
    "sign": (ops.sign, [X]),
    "sin": (ops.sin, [X]),
    "cos": (ops.cos, [X]),
    "tan": (lambda x: ops.tan(x * 0.5), [X]),
    "tanh": (ops.tanh, [X]),
    "erf": (ops.erf, [X]),
    "log1p": (ops.log1p, [POSITIVE]),
    "expm1": (ops.expm1, [X]),
    "atan": (ops.atan, [X]),
    "acos": (ops.acos, [UNIT]),
    "asin": (ops.asin, [UNIT]),
    "sinh": (ops.sinh, [X]),
    "cosh": (ops.cosh, [X]),
    "sigmoid": (ops.sigmoid, [X]),
    "softplus": (ops.softplus, [X]),
    "relu": (ops.relu, [X]),
    "floor": (ops.floor, [X]),
    "ceil": (ops.ceil, [X]),
    "trunc": (ops.trunc, [X]),
    "round": (lambda x: ops.round(x * 2.0), [X]),
    "isnan": (ops.isnan, [MIXED]),
    "isinf": (ops.isinf, [MIXED]),
    "isfinite": (ops.isfinite, [MIXED]),
    "logical_not": (lambda x: ops.logical_not(x > 0), [X]),
    "bitwise_not": (ops.bitwise_not, [INTS]),
    "add": (lambda x, y: (x + y, x + 1.5), [X, Y]),
    "sub": (lambda x, y: (x - y, 2.0 - x), [X, Y]),
    "mul": (lambda x, y: (x * y, x * 3), [X, Y]),
    "div": (lambda x, y: (x / y, x / 4.0), [X, POSITIVE]),
    "pow": (lambda x, y: (ops.pow(x, 2.0), ops.pow(x, y)), [POSITIVE, Y]),
    "maximum": (ops.maximum, [X, Y]),
    "minimum": (ops.minimum, [X, Y]),
    "floor_divide": (lambda x, y: ops.floor_divide(x, y), [X, POSITIVE]),
    "remainder": (lambda x, y: (ops.remainder(x, y), ops.remainder(x, 0.75)), [X, POSITIVE]),
    "equal": (lambda x, y: (x == y, x == x), [X, Y]),
    "not_equal": (lambda x, y: x != y, [X, Y]),
    "less": (lambda x, y: x < y, [X, Y]),
    "less_equal": (lambda x, y: x <= y, [X, Y]),
    "greater": (lambda x, y: x > y, [X, Y]),
    "greater_equal": (lambda x, y: x >= 0.25, [X, Y]),
    "logical_and": (lambda x, y: ops.logical_and(x > 0, y > 0), [X, Y]),
    "logical_or": (lambda x, y: ops.logical_or(x > 0, y > 0), [X, Y]),
    "logical_xor": (lambda x, y: ops.logical_xor(x > 0, y > 0), [X, Y]),
    "bitwise_and": (ops.bitwise_and, [INTS, SMALL_INTS]),
    "bitwise_or": (ops.bitwise_or, [INTS, SMALL_INTS]),
    "bitwise_xor": (ops.bitwise_xor, [INTS, SMALL_INTS]),
    "where": (lambda x, y: ops.where(x > 0, x, y), [X, Y]),
    "clamp": (lambda x: (ops.clamp(x, -0.5, 0.5), ops.clamp(x, 0.0)), [X]),
    "cast": (lambda x, i: (ops.cast(x, ms.int32), ops.cast(i, ms.float32), ops.cast(x, ms.float16),
                           ops.cast(x, ms.bool_)), [X, INTS]),
    "stop_gradient": (lambda x: ops.stop_gradient(x) * 2.0, [X]),
    "sum": (lambda x: (ops.sum(x, 1), ops.sum(x, (0, 1), True), ops.sum(x)), [X]),
    "mean": (lambda x: (ops.mean(x, 0), ops.mean(x, 1, True)), [X]),
    "amax": (lambda x: ops.amax(x, 1), [X]),
    "amin": (lambda x: ops.amin(x, 0, True), [X]),
    "prod": (lambda x: ops.prod(x, 1), [X]),
    "any": (lambda x: ops.any(x > 1.0, 1), [X]),
    "all": (lambda x: ops.all(x > -1.0, 0), [X]),
    "argmax": (lambda x: (ops.argmax(x, 1), ops.argmax(x)), [X]),
    "argmin": (lambda x: ops.argmin(x, 0), [X]),
    "cumsum": (lambda x: ops.cumsum(x, 1), [X]),
    "cumprod": (lambda x: ops.cumprod(x, 0), [X]),
    "logsumexp": (lambda x: (ops.logsumexp(x, 1), ops.logsumexp(x, 0, True)), [X]),
    "softmax": (lambda x: ops.softmax(x, 0), [X]),
    "log_softmax": (lambda x: ops.log_softmax(x, 1), [X]),
    "reshape": (lambda x: ops.reshape(x, (2, -1)), [X]),
    "expand_dims": (lambda x: ops.expand_dims(x, 1), [X]),
    "squeeze": (lambda x: ops.squeeze(ops.reshape(x, (3, 1, 4)), 1), [X]),
    "transpose": (lambda x: ops.transpose(ops.reshape(x, (3, 2, 2)), (2, 0, 1)), [X]),
    "broadcast_to": (lambda x: ops.broadcast_to(x[0], (2, 3, 4)), [X]),
    "flip": (lambda x: ops.flip(x, (0, 1)), [X]),
    "tile": (lambda x: ops.tile(x, (2, 1)), [X]),
    "concat": (lambda x, y: ops.concat((x, y, x), 0), [X, Y]),
    "stack": (lambda x, y: ops.stack((x, y), 2), [X, Y]),
    "split": (lambda x: ops.split(x, (1, 3), 1), [X]),
    "getitem": (lambda x: (x[1], x[:, 1:3], x[::-1, ::2], x[None, -1], x[..., 2], x[:, ms.Tensor(np.array([3, 0]))],
                           x[0, [1, -1]], x[2:0:-1], x[-1:-4:-2, 1::2], x[5:], x[:, None, ::-3], x[1:2, ..., None],
                           ops.reshape(x, (3, 2, 2))[0, :, ms.Tensor(np.array([1, 0, 1]))]),
                [X]),
    "gather": (lambda x: ops.gather(x, ms.Tensor(np.array([[2, 0], [1, 1]], np.int32)), 0), [X]),
    "gather_elements": (lambda x: ops.gather_elements(x, 1, ms.Tensor(np.array([[0, 3], [1, 1], [2, 0]], np.int32))),
                        [X]),
    "pad": (lambda x: ops.pad(x, (1, 2, 0, 1), value=0.5), [X]),
    "one_hot": (lambda: ops.one_hot(ms.Tensor(np.array([0, 2, 1], np.int32)), 4, ms.Tensor(1.0), ms.Tensor(0.0)),
                []),
    "sort": (lambda x: ops.sort(x, 1, True), [X]),
    "topk": (lambda x: ops.topk(x, 2), [X]),
    "matmul": (lambda x, y: (ops.matmul(x, ops.transpose(y, (1, 0))), ops.matmul(x[0], ops.transpose(y, (1, 0))),
                             ops.matmul(ops.reshape(x, (3, 2, 2)), ops.reshape(y, (3, 2, 2)))), [X, Y]),
    "dense": (_fixed(_Denses()), [X]),
    "conv2d": (_fixed(_Convs()), [IMAGE]),
    "conv2d_input_grad": (_fixed(_Deconvs()), [IMAGE]),
    "pool_gather": (lambda x: (_pool_max_pad(x), _pool_max_ceil(x), ops.adaptive_max_pool2d(x, (7, 3))), [IMAGE]),
    "sum_pool2d": (lambda x: (_pool_avg_pad(x), _pool_avg_inside(x), ops.avg_pool2d(x, 2, 2)), [IMAGE]),
    "softmax_cross_entropy": (lambda x, y: ops.cross_entropy(x, ops.softmax(y, 1), reduction="none"), [X, Y]),
    "sparse_softmax_cross_entropy": (lambda x, labels: (ops.cross_entropy(x, labels),
                                                        ops.cross_entropy(x, labels, reduction="sum", ignore_index=0)),
                                     [X, LABELS]),
    "binary_cross_entropy_with_logits": (lambda x, y: ops.binary_cross_entropy_with_logits(
        x, ops.sigmoid(y), ms.Tensor(np.ones((4,), np.float32) * 0.5), ms.Tensor(np.ones((4,), np.float32) * 2.0)),
        [X, Y]),
}

# Exported primitives covered by another case or written as no node of their own.
COVERED_ELSEWHERE = {
    "identity": "passed through (no node)", "identity_copy": "passed through (no node)",
    "identity_n": "a Cell's backward-hook marker, passed through (no node)",
    "max_pool2d_argmax": "written with the pool_gather that reads its positions (see 'pool_gather')",
    "adaptive_max_pool2d_argmax": "written with the pool_gather that reads its positions (see 'pool_gather')",
}

# Primitives that are not exported, and why.
NOT_EXPORTED = {
    "assign": "an in-place write (an exported graph holds values only)",
    "assign_at": "an in-place write",
    "setitem": "Tensor.__setitem__ changes the Tensor in place",
    "conv2d_weight_grad": "a gradient",
    "dense_grad": "a gradient",
    "relu_grad": "a gradient",
    "sparse_softmax_cross_entropy_grad": "a gradient",
    "batch_norm": "BatchNorm with batch statistics (training); an exported network is in eval mode, where "
                  "BatchNorm is a per-channel scale and shift",
    "batch_norm_grad": "a gradient",
    "pool_scatter": "a gradient",
    "sum_pool2d_adjoint": "a gradient",
    "scatter_add_zeros": "a gradient (of indexing)",
    **{name: "a gradient" for name in ("conv3d_input_grad", "conv3d_weight_grad", "ctc_loss_grad", "ctc_log_alpha")},
    # Primitives added with the wider API (issue 12) after the exporter's table: export refuses them
    # by name until a mapping is written and checked against MindSpore.
    **{name: "no MindIR/ONNX mapping yet" for name in ("atan2", "conv3d", "ctc_loss", "einsum", "erfinv", "inv",
                                                      "prelu", "qr", "solve_triangular", "argsort", "isclose",
                                                      "nonzero", "unique")},
    # Host computations of the wider API moved behind the door (the backend seam): no mapping yet either.
    **{name: "no MindIR/ONNX mapping yet" for name in (
        "gcd", "lcm", "signbit", "searchsorted", "digitize", "bincount", "histogram", "isin", "nonzero_per_axis",
        "unique_sorted", "unique_consecutive", "repeat_index", "running_extreme_index", "interp_taps", "multinomial",
        "nms_with_mask", "crop_and_resize_taps", "roi_align_taps", "grid_sample_taps")},
    **{name: "an in-place optimizer update" for name in ("adam_descent", "apply_gradient_descent", "assign_max",
                                                         "assign_mul", "assign_sub", "scale_add")},
    **{name: "a collective across processes (an exported graph runs in one process)"
       for name in ("all_reduce", "all_gather", "reduce_scatter", "broadcast", "reduce", "all_to_all", "send",
                    "receive")},
    # Added by issue 14 after the export table was written; no emitter yet (MindSpore has LeftShift, RightShift,
    # Conj, MatrixSolve and Svd, whose files would need golden cases run by MindSpore).
    **{name: "not mapped yet (issue 14's primitive; MindSpore's counterpart exists)"
       for name in ("left_shift", "right_shift", "conj", "solve", "svd", "svdvals")},
}
