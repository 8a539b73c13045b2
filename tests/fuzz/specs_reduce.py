"""Generated calls of the reductions and scans: axes in and out of range, keepdims, empty and 0-d inputs,
integer dtypes, `initial=`/`where=`, and `ops.max/min`'s (values, indices).

An out-of-range or repeated axis must raise; a valid call equals NumPy's answer in the dtype golden
MindSpore gives (a mean over nothing is NaN; a max over nothing without `initial` raises).
"""
import numpy as np

import minispore as ms
from minispore import ops
from tests.fuzz import strategies as S
from tests.fuzz.harness import ANY, MUST_RAISE, Case, ReferenceRaises, assert_same
from tests.fuzz.oracles import RAISES, UNCHECKED, expected_dtype, spread


def _errstate(fn):
    def wrapped(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    return wrapped


def _reduces_nothing(a, axes):
    """Whether some output element of a reduction over `axes` has no input element."""
    axes = tuple(range(a.ndim)) if axes is None else axes
    reduced = int(np.prod([a.shape[i] for i in axes]))
    kept = int(np.prod([n for i, n in enumerate(a.shape) if i not in axes]))
    return reduced == 0 and kept > 0


@_errstate
def _mean(a, axes, keepdims, dtype):
    if dtype.kind in "iu":
        if _reduces_nothing(a, axes):
            raise ReferenceRaises("integer mean over nothing")
        return np.trunc(np.mean(a.astype(np.float64), axis=axes, keepdims=keepdims)).astype(dtype)
    return np.mean(a.astype(np.float64), axis=axes, keepdims=keepdims).astype(dtype)


def _extremum(reduce):
    @_errstate
    def reference(a, axes, keepdims, dtype):
        # Over an empty axis there is no extremum, even where the result is empty too (NumPy 2 refuses it;
        # MindSpore refuses every empty input).
        if not int(np.prod([a.shape[i] for i in (range(a.ndim) if axes is None else axes)])):
            raise ReferenceRaises("max over nothing")
        if not a.size:  # an empty result
            return np.sum(a, axis=axes, keepdims=keepdims).astype(dtype)
        return reduce(a, axis=axes, keepdims=keepdims).astype(dtype)
    return reference


def _std(a, axes, keepdims, dtype, ddof=0):
    return spread(a, axes, keepdims, dtype, ddof, root=True)


def _var(a, axes, keepdims, dtype, ddof=0):
    return spread(a, axes, keepdims, dtype, ddof)


@_errstate
def _logsumexp(a, axes, keepdims, dtype):
    x = a.astype(np.float64)
    if x.size == 0:
        return np.log(np.sum(np.exp(x), axis=axes, keepdims=keepdims)).astype(dtype)
    peak = np.max(x, axis=axes, keepdims=True) if x.size else 0
    peak = np.where(np.isfinite(peak), peak, 0)
    out = np.log(np.sum(np.exp(x - peak), axis=axes, keepdims=True)) + peak
    return (out if keepdims else np.squeeze(out, axis=axes)).astype(dtype)


@_errstate
def _norm(a, axes, keepdims, dtype):
    # Squares are taken in the result dtype: a float32 1e30 overflows to inf, as in minispore and MindSpore.
    return np.sqrt(np.sum(np.square(a.astype(dtype)), axis=axes, keepdims=keepdims)).astype(dtype)


# name -> (ops call taking (t, axes, keepdims), golden rule, NumPy reference(a, axes, keepdims, dtype))
REDUCTIONS = {
    "sum": (lambda t, a, k: ops.sum(t, a, k), "sum",
            _errstate(lambda a, ax, k, d: np.sum(a.astype(d), axis=ax, keepdims=k))),
    "mean": (lambda t, a, k: ops.mean(t, a, k), "mean", _mean),
    "prod": (lambda t, a, k: ops.prod(t, a, k), "prod",
             _errstate(lambda a, ax, k, d: np.prod(a.astype(d), axis=ax, keepdims=k))),
    "amax": (lambda t, a, k: ops.amax(t, a, k), "amax", _extremum(np.max)),
    "amin": (lambda t, a, k: ops.amin(t, a, k), "amin", _extremum(np.min)),
    "all": (lambda t, a, k: ops.all(t, a, k), "all", lambda a, ax, k, d: np.all(a, axis=ax, keepdims=k)),
    "any": (lambda t, a, k: ops.any(t, a, k), "any", lambda a, ax, k, d: np.any(a, axis=ax, keepdims=k)),
    "std": (lambda t, a, k: ops.std(t, a, keepdims=k), "std", _std),
    "var": (lambda t, a, k: ops.var(t, a, keepdims=k), "var", _var),
    "logsumexp": (lambda t, a, k: ops.logsumexp(t, a, k), "logsumexp", _logsumexp),
    "norm": (lambda t, a, k: ops.norm(t, dim=a, keepdim=k), "norm", _norm),
    "tensor.sum": (lambda t, a, k: t.sum(a, keepdims=k), "tensor_sum",
                   _errstate(lambda a, ax, k, d: np.sum(a.astype(d), axis=ax, keepdims=k))),
    "tensor.mean": (lambda t, a, k: t.mean(a, k), "tensor_mean", _mean),
    "tensor.max": (lambda t, a, k: t.max(axis=a, keepdims=k), "tensor_max", _extremum(np.max)),
}
_NAMES = {"tensor.sum": ("sum",), "tensor.mean": ("mean",), "tensor.max": ("max", "amax"), "norm": ("norm", "sum")}


def reduction_case(name):
    call_op, rule, reference = REDUCTIONS[name]

    def generate(draw):
        t, data = S.tensor(draw, max_dims=3)
        axes, valid = S.axes(draw, data.ndim)
        keepdims = draw(S.st.booleans())
        label = f"{name}(Tensor(shape={data.shape}, {data.dtype}), {axes!r}, keepdims={keepdims})"
        call = lambda: call_op(t, axes, keepdims)  # noqa: E731
        names = _NAMES.get(name, (name,))
        expected = expected_dtype(rule, data.dtype)
        # MindSpore 2.10's norm takes an int or a tuple of ints as dim: a list is a TypeError, () fails.
        norm_refuses = name == "norm" and (isinstance(axes, list) or axes == ())
        if not valid or expected == RAISES or norm_refuses:
            return Case(name, label, call, names, expect=MUST_RAISE)
        if expected == UNCHECKED or (name == "norm" and isinstance(axes, tuple) and len(axes) > 2):
            return Case(name, label, call, names, expect=ANY)
        # With axis None, MindSpore's Tensor.max ignores keepdims (a 0-d result).
        keep = keepdims and not (name == "tensor.max" and axes is None)
        return Case(name, label, call, names,
                    expect=lambda: np.asarray(reference(data, S.normal_axes(axes, data.ndim), keep, expected)))
    return generate


def _arg_case(name):
    def generate(draw):
        t, data = S.tensor(draw, max_dims=3)
        axis, valid = S.axis(draw, data.ndim) if draw(S.st.integers(0, 3)) else (None, True)
        keepdims = draw(S.st.booleans())
        label = f"ops.{name}(Tensor(shape={data.shape}, {data.dtype}), {axis}, {keepdims})"
        call = lambda: getattr(ops, name)(t, axis, keepdims)  # noqa: E731
        expected = expected_dtype(name if axis is None or name == "argmin" else "argmax_axis", data.dtype)
        if not valid or expected == RAISES:
            return Case(name, label, call, expect=MUST_RAISE)
        fn = np.argmax if name == "argmax" else np.argmin

        def reference():
            if data.size == 0 and (axis is None or data.shape[axis] == 0):
                raise ReferenceRaises("arg of nothing")
            if data.ndim == 0:
                return np.asarray(0, expected)
            out = fn(data, axis=axis)
            if keepdims and axis is not None:
                out = np.expand_dims(out, axis)
            return np.asarray(out).astype(expected)
        return Case(name, label, call, expect=reference)
    return generate


def _max_min_case(name):
    """ops.max/min(x, axis, keepdims, initial=, where=) -> (values, indices) as MindSpore computes them."""
    def generate(draw):
        t, data = S.tensor(draw, S.FLOATS + ("int32", "int64"), max_dims=3)
        axis, valid = S.axis(draw, data.ndim) if draw(S.st.integers(0, 3)) else (None, True)
        keepdims = draw(S.st.booleans())
        initial = draw(S.st.sampled_from((None, None, 0.5, -2.0, 100.0)))
        where = None
        if draw(S.st.integers(0, 2)) == 0:
            where_shape = data.shape[draw(S.st.integers(0, data.ndim)):]
            where = S.array(draw, "bool", where_shape)
        label = (f"ops.{name}(Tensor(shape={data.shape}, {data.dtype}), {axis}, {keepdims}, initial={initial}, "
                 f"where={None if where is None else where.shape})")
        call = lambda: getattr(ops, name)(t, axis, keepdims, initial=initial,  # noqa: E731
                                          where=None if where is None else ms.Tensor(where))
        if not valid or (where is not None and initial is None):
            return Case(name, label, call, expect=MUST_RAISE)
        select = np.maximum if name == "max" else np.minimum
        arg = np.argmax if name == "max" else np.argmin

        def reference():
            a = data
            if initial is not None:
                a = select(a, np.asarray(initial).astype(a.dtype))
            if where is not None:
                a = np.where(where, a, np.asarray(initial).astype(a.dtype))
            if a.ndim == 0:
                return a.copy(), np.asarray(0, np.int64)
            if a.size == 0 and (axis is None or a.shape[axis] == 0):
                # An empty result (a.shape[axis] > 0) is fine; MindSpore refuses every empty input
                # (docs/differences.md).
                raise ReferenceRaises("max of nothing")
            if axis is None:  # MindSpore: the extremum of everything, index 0, keepdims ignored
                return np.asarray(a.max() if name == "max" else a.min()).astype(data.dtype), np.asarray(0, np.int64)
            flat = axis is None
            work = a.reshape(-1) if flat else a
            index = arg(work, axis=0 if flat else axis)
            values = np.take_along_axis(work, np.expand_dims(index, 0 if flat else axis), 0 if flat else axis)
            values = values.reshape(()) if flat else (values if keepdims else np.squeeze(values, axis))
            if keepdims and not flat:
                index = np.expand_dims(index, axis)
            return values.astype(data.dtype), np.asarray(index, np.int64)
        return Case(name, label, call, expect=reference)
    return generate


def _scan_case(name):
    def generate(draw):
        t, data = S.tensor(draw, max_dims=3)
        axis, valid = S.axis(draw, data.ndim)
        call = {"cumsum": lambda: ops.cumsum(t, axis), "cumprod": lambda: ops.cumprod(t, axis),
                "softmax": lambda: ops.softmax(t, axis), "log_softmax": lambda: ops.log_softmax(t, axis),
                "tensor.cumsum": lambda: t.cumsum(axis)}[name]
        rule = {"tensor.cumsum": "tensor_cumsum"}.get(name, name)
        label = f"{name}(Tensor(shape={data.shape}, {data.dtype}), {axis})"
        expected = expected_dtype(rule, data.dtype)
        names = ("cumsum",) if name == "tensor.cumsum" else (name,)
        if data.ndim == 0:
            valid = valid and name in ("softmax", "log_softmax") and False
        if not valid or expected == RAISES:
            return Case(name, label, call, names, expect=MUST_RAISE)
        if expected == UNCHECKED:
            return Case(name, label, call, names, expect=ANY)

        @_errstate
        def reference():
            if name in ("cumsum", "tensor.cumsum"):
                return np.cumsum(data, axis=axis, dtype=expected)
            if name == "cumprod":
                return np.cumprod(data, axis=axis, dtype=expected)
            x = data.astype(np.float64)
            shifted = x - np.max(x, axis=axis, keepdims=True) if x.size else x
            log = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
            return (log if name == "log_softmax" else np.exp(log)).astype(expected)
        return Case(name, label, call, names, expect=reference,
                    check=lambda r, ref: assert_same(r, ref, rtol=5e-3 if ref.dtype == np.float16 else None))
    return generate


def _sum_initial_case(draw):
    """Tensor.sum(axis, dtype, keepdims, initial): initial is added (MindSpore honours it)."""
    t, data = S.tensor(draw, ("float32", "float64", "int32", "int64"), max_dims=3)
    axes, valid = S.axes(draw, data.ndim)
    initial = draw(S.st.sampled_from((None, 100, 2.5, -1)))
    label = f"Tensor(shape={data.shape}, {data.dtype}).sum({axes!r}, initial={initial})"
    if not valid:
        return Case("sum", label, lambda: t.sum(axes, initial=initial), expect=MUST_RAISE)
    dtype = np.dtype(np.int64) if data.dtype.kind in "iu" else data.dtype
    # sum + initial: an integer sum plus a Python float is Float32 (spec §2.8).
    out_dtype = np.dtype(np.float32) if dtype.kind in "iu" and isinstance(initial, float) else dtype

    def reference():
        out = np.sum(data.astype(dtype), axis=S.normal_axes(axes, data.ndim))
        return np.asarray(out + (0 if initial is None else initial)).astype(out_dtype)
    return Case("sum", label, lambda: t.sum(axes, initial=initial), expect=reference)


SPECS = {f"reduce:{name}": reduction_case(name) for name in REDUCTIONS}
SPECS.update({f"reduce:{name}": _arg_case(name) for name in ("argmax", "argmin")})
SPECS.update({f"reduce:{name}": _max_min_case(name) for name in ("max", "min")})
SPECS.update({f"scan:{name}": _scan_case(name) for name in ("cumsum", "cumprod", "softmax", "log_softmax",
                                                             "tensor.cumsum")})
SPECS["reduce:tensor.sum_initial"] = _sum_initial_case
