"""`ops.Custom`: a user's Python function as an op ('pyfunc'), with an optional `bprop` as its backward rule.

The function runs through the dispatch door like every primitive, so interpreters (autodiff, the
profiler, autocast) see it. It receives NumPy arrays and returns an array or a tuple of arrays.
"""
import itertools

from minispore._backend import backend_of, to_numpy
from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.ops._prims.dispatch import PRIMS, defprim
from minispore.ops.primitive import Primitive

__all__ = ["Custom"]

_counter = itertools.count()
_FUNC_TYPES = ("hybrid", "akg", "tbe", "aicpu", "aot", "pyfunc", "julia")


def _several(spec):
    """Whether an out_shape / out_dtype spec describes several outputs."""
    return isinstance(spec, (tuple, list)) and spec and isinstance(spec[0], (tuple, list, mstype.Type))


class Custom(Primitive):
    """A Python function on NumPy arrays as an op ('pyfunc'); `bprop(*inputs, out, dout)` gives its gradients.

    out_shape / out_dtype (values, or callables of the input shapes / dtypes) are checked against what the
    function returns.
    """

    def __init__(self, func, out_shape=None, out_dtype=None, func_type="pyfunc", bprop=None, reg_info=None):
        super().__init__()
        if func_type not in _FUNC_TYPES:
            raise ValueError(f"For 'Custom', the 'func_type' must be one of {list(_FUNC_TYPES)}, but got {func_type!r}.")
        if func_type != "pyfunc":
            raise NotImplementedError(f"For 'Custom', func_type={func_type!r} compiles a kernel for a device; "
                                      "minispore runs Python functions only (func_type='pyfunc').")
        if not callable(func):
            raise TypeError(f"For 'Custom', the 'func' must be a Python function, but got {type(func).__name__}.")
        if bprop is not None and not callable(bprop):
            raise TypeError(f"For 'Custom', the 'bprop' must be a function, but got {type(bprop).__name__}.")
        self.func, self.out_shape, self.out_dtype = func, out_shape, out_dtype
        self.func_type, self.bprop, self.reg_info = func_type, bprop, reg_info
        self.func_name = getattr(func, "__name__", type(func).__name__)
        for name in ("func_type", "func_name", "reg_info"):
            self.add_prim_attr(name, getattr(self, name))
        n_out = 0 if _several(out_shape) or _several(out_dtype) else 1
        rule = None if bprop is None else (lambda *args: tuple(_as_tuple(bprop(*args))))
        name = f"Custom_{self.func_name}_{next(_counter)}"
        self._op = defprim(name, self._kernel, rule, n_out=n_out)
        # A user's op is not part of the built-in primitive table (whose gradient test walks its entries).
        del PRIMS[name]
        self._n_out = n_out

    def _kernel(self, xp, *arrays):
        result = self.func(*(to_numpy(a) if hasattr(a, "dtype") else a for a in arrays))
        several = isinstance(result, (tuple, list))
        if several != (self._n_out == 0):
            raise ValueError(f"For 'Custom' ({self.func_name}), the function returned "
                             f"{'a tuple' if several else 'one array'}, but out_shape/out_dtype declare "
                             f"{'several outputs' if self._n_out == 0 else 'one output'}.")
        outputs = tuple(result) if several else (result,)
        arrays_out = tuple(backend_of(arrays[0] if arrays else None).asarray(o) for o in outputs)
        return arrays_out if several else arrays_out[0]

    def __call__(self, *inputs):
        out = self._op(*inputs)
        self._check(inputs, out)
        return out

    def _check(self, inputs, out):
        outs = out if isinstance(out, tuple) else (out,)
        shapes = [x.shape for x in inputs if isinstance(x, Tensor)]
        dtypes = [x.dtype for x in inputs if isinstance(x, Tensor)]
        for spec, actual, what, args in ((self.out_shape, [o.shape for o in outs], "shape", shapes),
                                         (self.out_dtype, [o.dtype for o in outs], "dtype", dtypes)):
            if spec is None:
                continue
            expected = spec(*args) if callable(spec) and not isinstance(spec, mstype.Type) else spec
            expected = list(expected) if _several(expected) else [expected]
            if what == "shape":
                expected = [tuple(e) for e in expected]
                actual = [tuple(a) for a in actual]
            if expected != actual:
                raise ValueError(f"For 'Custom' ({self.func_name}), the output {what} is {actual}, but out_{what} "
                                 f"declares {expected}.")


def _as_tuple(grads):
    return grads if isinstance(grads, tuple) else tuple(grads) if isinstance(grads, list) else (grads,)
