"""Kernels that write into a buffer the schedule planned (`out=`), for primitives whose kernel allows it.

Each computes exactly what the primitive's own kernel computes (the same ufunc or BLAS call, with
`out=`), so a replay that uses them is bit-identical to eager code; tests/jit/test_out_kernels.py checks
each against its primitive's kernel on the gradient samples. A primitive not listed here runs its own
kernel, which allocates its result.
"""
from minispore._backend import threads
from minispore.ops._prims.linalg import LOW_PRECISION, matmul_kernel

__all__ = ["OUT_KERNELS"]


def _unary(name):
    def kernel(xp, x, *, out):
        return getattr(xp, name)(x, out=out)
    return kernel


def _binary(name):
    def kernel(xp, x, y, *, out):
        return getattr(xp, name)(x, y, out=out)
    return kernel


def _sub(xp, x, y, *, out):
    if getattr(x, "dtype", None) == bool and getattr(y, "dtype", None) == bool:
        return xp.logical_xor(x, y, out=out)
    return xp.subtract(x, y, out=out)


def _relu(xp, x, *, out):
    return xp.maximum(x, x.dtype.type(0), out=out)


def _relu_grad(xp, dout, x, *, out):
    return xp.multiply(dout, x > 0, out=out)


def _matmul(xp, x, y, *, out):
    if x.dtype.name in LOW_PRECISION:  # accumulated in float32 by the kernel itself
        out[...] = matmul_kernel(xp, x, y)
        return out
    return threads.matmul(xp, x, y, out=out)


def _dense(xp, x, w, b, *, out):
    if x.ndim == 2:  # feature-major, as the primitive's kernel: out is planned so (jit/graph.py, Value.layout)
        _matmul(xp, w, x.T, out=out.T)
    else:
        _matmul(xp, x, w.T, out=out)
    if b is not None:
        out += b
    return out


def _sum(xp, x, *, axis, keepdims, out):
    return xp.add.reduce(x, axis=axis, keepdims=keepdims, out=out)


def _cast(xp, x, *, dtype, out):
    xp.copyto(out, x, casting="unsafe")
    return out


OUT_KERNELS = {
    "add": _binary("add"),
    "sub": _sub,
    "mul": _binary("multiply"),
    "div": _binary("true_divide"),
    "maximum": _binary("maximum"),
    "minimum": _binary("minimum"),
    "neg": _unary("negative"),
    "exp": _unary("exp"),
    "log": _unary("log"),
    "sqrt": _unary("sqrt"),
    "tanh": _unary("tanh"),
    "abs": _unary("abs"),
    "relu": _relu,
    "relu_grad": _relu_grad,
    "matmul": _matmul,
    "dense": _dense,
    "sum": _sum,
    "cast": _cast,
}
