"""Samples for the core primitives: elementwise, reductions, shape and indexing, matmul, losses."""
import numpy as np

from tests.ops.samples import Const, Sample

BROADCAST = [((3,), (3,)), ((3, 4), (3, 1)), ((2, 3, 4), (3, 4)), ((), (2, 3))]


def _binary(domain=(-2.0, 2.0), groups=BROADCAST, **kw):
    return [Sample(a, b, domain=domain, **kw) for a, b in groups]


def _unary(domain=(-2.0, 2.0), **kw):
    return [Sample((3, 4), domain=domain, **kw), Sample((), domain=domain, **kw)]


POSITIVE = (0.3, 2.0)
AXES = [dict(axis=(1,), keepdims=False), dict(axis=(0, 2), keepdims=True), dict(axis=None, keepdims=False)]

SAMPLES = {
    "add": _binary(), "sub": _binary(), "mul": _binary(),
    "div": _binary(domain=POSITIVE),
    "pow": _binary(domain=POSITIVE) + [Sample((3, 4), 2.5, domain=POSITIVE)],
    "neg": _unary(), "exp": _unary(), "log": _unary(POSITIVE), "sqrt": _unary(POSITIVE),
    "rsqrt": _unary(POSITIVE), "abs": _unary((0.2, 2.0)), "sin": _unary(), "cos": _unary(),
    "tan": _unary((-1.0, 1.0)), "tanh": _unary(), "erf": _unary(), "log1p": _unary(POSITIVE),
    "expm1": _unary(), "atan": _unary(), "sigmoid": _unary((-4.0, 4.0)), "softplus": _unary((-4.0, 4.0)),
    "relu": _unary((0.2, 2.0)) + [Sample((3, 4), domain=(-2.0, -0.2))],
    "relu_grad": [Sample((3, 4), Const(np.array([[-1.0, 2.0, 0.5, -0.1]] * 3))), Sample((), Const(np.array(1.5)))],
    "maximum": [Sample((3, 4), (3, 4)), Sample((3, 4), (4,))],
    "minimum": [Sample((3, 4), (3, 4)), Sample((3, 4), (4,))],
    "where": [Sample(Const(np.array([[True, False, True, False]] * 3)), (3, 4), (3, 4)),
              Sample(Const(np.array([True, False, True, False])), (3, 4), (4,))],
    "clamp": [Sample((3, 4), attrs=dict(low=-1.0, high=1.0), domain=(-0.9, 0.9)),
              Sample((3, 4), attrs=dict(low=None, high=-3.0), domain=(-2.0, 2.0))],
    "floor": _unary(), "ceil": _unary(), "round": _unary((0.1, 0.4)),
    "remainder": [Sample((3, 4), Const(np.full((3, 4), 0.7)), domain=(0.1, 0.6))],
    "cast": [Sample((3, 4), attrs=dict(dtype=np.dtype(np.float64)))],
    "identity": _unary(), "identity_copy": _unary(),
    "sum": [Sample((2, 3, 4), attrs=a) for a in AXES],
    "mean": [Sample((2, 3, 4), attrs=a) for a in AXES],
    "prod": [Sample((2, 3, 4), attrs=a, domain=POSITIVE) for a in AXES],
    "amax": [Sample((2, 3, 4), attrs=a) for a in AXES],
    "amin": [Sample((2, 3, 4), attrs=a) for a in AXES],
    "cumsum": [Sample((3, 4), attrs=dict(axis=1)), Sample((3, 4), attrs=dict(axis=0))],
    "logsumexp": [Sample((2, 3, 4), attrs=a) for a in AXES],
    "softmax": [Sample((3, 4), attrs=dict(axis=1)), Sample((2, 3, 4), attrs=dict(axis=0))],
    "log_softmax": [Sample((3, 4), attrs=dict(axis=1)), Sample((2, 3, 4), attrs=dict(axis=0))],
    "reshape": [Sample((3, 4), attrs=dict(shape=(2, 6)))],
    "transpose": [Sample((2, 3, 4), attrs=dict(perm=(2, 0, 1)))],
    "expand_dims": [Sample((3, 4), attrs=dict(axis=1))],
    "squeeze": [Sample((3, 1, 4), attrs=dict(axis=(1,)))],
    "broadcast_to": [Sample((3, 1), attrs=dict(shape=(2, 3, 4)))],
    "flip": [Sample((3, 4), attrs=dict(axis=(1,)))],
    "tile": [Sample((2, 3), attrs=dict(reps=(2, 1, 3)))],
    "concat": [Sample((2, 3), (4, 3), attrs=dict(axis=0)), Sample((2, 3), (2, 1), (2, 2), attrs=dict(axis=1))],
    "stack": [Sample((2, 3), (2, 3), attrs=dict(axis=1))],
    "split": [Sample((6, 4), attrs=dict(axis=0, sections=[2, 5]))],
    "getitem": [Sample((4, 5), attrs=dict(index=(slice(1, 3), 2))),
                Sample((4, 5), attrs=dict(index=np.array([0, 2, 2]))),
                Sample((4, 5), attrs=dict(index=(Ellipsis, None, slice(None, None, 2)))),
                Sample((4, 5), attrs=dict(index=np.array([True, False, True, True])))],
    "scatter_add_zeros": [Sample((3, 5), attrs=dict(index=np.array([0, 2, 2]), shape=(4, 5)))],
    "setitem": [Sample((4, 5), (5,), attrs=dict(index=1)), Sample((4, 5), 0.5, attrs=dict(index=(slice(0, 2),)))],
    # In-place writes: the op writes into its first input and returns it.
    "assign": [Sample((3, 4), (3, 4)), Sample((3, 4), (4,)), Sample((2, 3), 0.5)],
    "assign_at": [Sample((4, 5), (5,), attrs=dict(index=1)), Sample((4, 5), (2, 1), attrs=dict(index=(slice(1, 3),)))],
    # A Cell's backward hooks: this one passes the gradients on unchanged (tests/nn/test_hooks.py
    # checks replacement).
    "identity_n": [Sample((3,), (2, 2), attrs=dict(on_grad=lambda douts: douts))],
    "gather": [Sample((4, 5), Const(np.array([3, 0, 3])), attrs=dict(axis=0)),
               Sample((4, 5), Const(np.array([[1, 4], [0, 0]])), attrs=dict(axis=1))],
    "gather_elements": [Sample((3, 4), Const(np.array([[0, 1], [2, 2], [3, 0]])), attrs=dict(axis=1))],
    "pad": [Sample((2, 3), attrs=dict(widths=((1, 0), (2, 1)), value=0.0))],
    "sort": [Sample((3, 5), attrs=dict(axis=1, descending=True))],
    "topk": [Sample((3, 5), attrs=dict(k=2, axis=1, largest=True))],
    "matmul": [Sample((3, 4), (4, 2)), Sample((4,), (4, 2)), Sample((3, 4), (4,)), Sample((4,), (4,)),
               Sample((2, 3, 4), (4, 5)), Sample((2, 1, 3, 4), (5, 4, 2)), Sample((4,), (2, 4, 3))],
    "dense": [Sample((5, 3), (4, 3), (4,)), Sample((2, 5, 3), (4, 3), (4,)), Sample((5, 3), (4, 3), None),
              Sample((3,), (4, 3), (4,))],
    "dense_grad": [Sample((5, 3), (4, 3), (5, 4), attrs=dict(need=(True, True, True))),
                   Sample((2, 5, 3), (4, 3), (2, 5, 4), attrs=dict(need=(True, True, True))),
                   Sample((5, 3), (4, 3), (5, 4), attrs=dict(need=(False, True, True))),
                   Sample((5, 3), (4, 3), (5, 4), attrs=dict(need=(True, False, False))),
                   Sample((5, 3), (4, 3), (5, 4), attrs=dict(need=(False, False, True))),
                   Sample((3,), (4, 3), (4,), attrs=dict(need=(True, True, True)))],
    "binary_cross_entropy_with_logits": [
        Sample((3, 4), Const(np.random.RandomState(1).rand(3, 4)), None, None, attrs=dict(reduction=r))
        for r in ("mean", "sum", "none")] + [
        Sample((3, 4), (3, 4), (3, 4), (4,), attrs=dict(reduction="mean"), domain=(0.2, 0.8))],
}

SAMPLES.update({
    "acos": _unary((-0.9, 0.9)), "asin": _unary((-0.9, 0.9)), "sinh": _unary(), "cosh": _unary(),
    "trunc": _unary((0.1, 0.9)),
    "cumprod": [Sample((3, 4), attrs=dict(axis=1), domain=POSITIVE),
                Sample((2, 3, 4), attrs=dict(axis=0), domain=(-2.0, -0.3))],
})

SAMPLES.update({
    "softmax_cross_entropy": [
        Sample((4, 5), Const(np.eye(5)[[0, 3, 1, 4]]), attrs=dict(axis=1)),
        Sample((4, 5), Const(np.vstack([np.eye(5)[[2, 0, 1]], np.zeros(5)])), attrs=dict(axis=1)),
        Sample((3, 4), (3, 4), attrs=dict(axis=1), domain=(0.1, 1.0)),
        Sample((2, 3, 2), Const(np.eye(3)[[[0, 2], [1, 1]]].transpose(0, 2, 1)), attrs=dict(axis=1)),
    ],
})

# Class-index cross-entropy: every reduction, negative labels, an ignored label, (N, C, d) logits, 1-D logits.
_SPARSE_CE = [
    ((4, 5), np.array([0, 3, -1, 4]), dict(ignore_index=-100, reduction="mean")),
    ((4, 5), np.array([2, 0, 1, 4]), dict(ignore_index=1, reduction="mean")),
    ((4, 5), np.array([2, 0, 1, 4]), dict(ignore_index=-100, reduction="sum")),
    ((4, 5), np.array([2, -100, 1, 4]), dict(ignore_index=-100, reduction="none")),
    ((2, 3, 2), np.array([[0, 2], [1, 1]]), dict(ignore_index=-100, reduction="mean")),
    ((5,), np.array(3), dict(ignore_index=None, reduction="mean")),
]


def _reduced_shape(shape, reduction):
    return (shape[:1] + shape[2:]) if reduction == "none" else ()


SAMPLES.update({
    "sparse_softmax_cross_entropy": [Sample(shape, Const(labels), attrs=attrs) for shape, labels, attrs in _SPARSE_CE],
    "sparse_softmax_cross_entropy_grad": [
        Sample(shape, Const(labels), _reduced_shape(shape, attrs["reduction"]) if len(shape) > 1 else (), attrs=attrs)
        for shape, labels, attrs in _SPARSE_CE],
})
