"""Fusions: a replay that runs other kernels than eager code did, where that is faster.

One fusion today: a dense layer's weight gradient that only feeds a gradient-descent step
(`dense_grad` → dW → `apply_gradient_descent(W, lr, dW)`) becomes one BLAS GEMM that updates W in
place, W := W − lr·(dout^T x), instead of a GEMM into a new dW array and an axpy over it. At
jit_level "O0" a fusion is used only where it was checked, on random data of the traced shapes, to
give bit for bit what the kernels it replaces give on this machine's BLAS; at "O1" wherever it applies.
Needs SciPy's BLAS (the `blas` extra); without it nothing is fused.
"""
import functools

from minispore._backend.numpy_backend import NUMPY
from minispore._jit.graph import CONST, STATE, Literal, Node

__all__ = ["fuse_weight_updates"]


@functools.lru_cache(maxsize=None)
def _gemm(dtype_char):
    try:
        from scipy.linalg import blas
    except ImportError:
        return None
    return {"f": blas.sgemm, "d": blas.dgemm}.get(dtype_char)


class WeightUpdate:
    """The fused step's stand-in for a primitive: in place on W, from (W, lr, dout, x)."""

    name = "dense_weight_update"
    inplace = True
    n_out = 1
    rule = None

    def __init__(self, gemm, fallback):
        self._gemm, self._fallback = gemm, fallback

    def kernel(self, xp, w, lr, dout, x):
        if not (w.flags.c_contiguous and dout.flags.c_contiguous and x.flags.c_contiguous):
            return self._fallback(xp, w, lr, dout, x)
        # W^T (Fortran order: W's own memory) += -lr · x^T dout, with dout passed as its transpose
        out = self._gemm(alpha=-lr, a=x.T, b=dout.T, beta=1.0, c=w.T, trans_b=1, overwrite_c=1)
        if not _same_memory(out, w):  # SciPy updated a copy: write it back
            w[...] = out.T


def _same_memory(a, b):
    return a.__array_interface__["data"][0] == b.__array_interface__["data"][0]


def _separate(dense_grad, descent):
    """W updated the unfused way: dW by `dense_grad`'s kernel, then the descent step's kernel."""
    def run(xp, w, lr, dout, x):
        (dw,) = dense_grad.kernel(xp, x, w, dout, need=(False, True, False))
        descent.kernel(xp, w, lr, dw)
    return run


@functools.lru_cache(maxsize=256)
def _equal_here(dtype, w_shape, rows, lr, xp):
    """Whether the fused GEMM gives, bit for bit, what dW + the descent step give (random data)."""
    from minispore.ops._prims import PRIMS
    gemm = _gemm(dtype.char)
    rng = xp.random.default_rng(0)
    out_features, in_features = w_shape
    w = rng.standard_normal(w_shape).astype(dtype)
    dout = rng.standard_normal((rows, out_features)).astype(dtype)
    x = rng.standard_normal((rows, in_features)).astype(dtype)
    separate, fused = w.copy(), w.copy()
    _separate(PRIMS["dense_grad"], PRIMS["apply_gradient_descent"])(xp, separate, lr, dout, x)
    WeightUpdate(gemm, None).kernel(xp, fused, lr, dout, x)
    return separate.tobytes() == fused.tobytes()


def fuse_weight_updates(trace, kept, level, protected):
    """Rewrite, in place, dense_grad → apply_gradient_descent pairs of `kept` nodes into fused updates.

    `protected`: slots that must stay computed (outputs, guards). Returns how many were fused.
    """
    from minispore.ops._prims import PRIMS
    if "apply_gradient_descent" not in PRIMS or trace.xp is not NUMPY.xp:
        return 0  # SciPy's BLAS works on NumPy arrays only
    values, nodes = trace.values, trace.nodes
    readers = {}
    for index in kept:
        for s in nodes[index].slots_read():
            readers[s] = readers.get(s, 0) + 1
    producer = {}
    for index in kept:
        node = nodes[index]
        if node.prim.name == "dense_grad" and node.attrs["need"][1]:
            producer[node.outs[node.attrs["need"][:2].count(True) - 1]] = index
    fused = 0
    for index in kept:
        node = nodes[index]
        if node.prim.name != "apply_gradient_descent" or type(node.ins[1]) is not Literal:
            continue
        weight, lr, dw = node.ins[0], node.ins[1].value, node.ins[2]
        if type(dw) is not int or dw not in producer or readers.get(dw) != 1 or dw in protected:
            continue
        grad_node = nodes[producer[dw]]
        x, w, dout = grad_node.ins
        if type(x) is not int or type(dout) is not int or w != weight or values[weight].kind != STATE:
            continue
        value = values[weight]
        if len(value.shape) != 2 or values[x].kind == CONST or len(values[x].shape) != 2 \
                or len(values[dout].shape) != 2 or value.dtype.char not in "fd" or _gemm(value.dtype.char) is None:
            continue
        if level == "O0" and not _equal_here(value.dtype, value.shape, values[x].shape[0], lr, trace.xp):
            continue
        need = grad_node.attrs["need"]
        grad_node.attrs = dict(grad_node.attrs, need=(need[0], False, need[2]))
        grad_node.outs = tuple(s for s in grad_node.outs if s != dw)
        update = WeightUpdate(_gemm(value.dtype.char), _separate(PRIMS["dense_grad"], node.prim))
        nodes[index] = Node(update, (weight, Literal(lr), dout, x), {}, (), node.outs)
        fused += 1
    return fused
