"""MindSpore's Tensor repr: `Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00, ...])`."""
import numpy as np

_EDGE = 3
_THRESHOLD = 1000


def _float_formatter(array, digits):
    finite = array[np.isfinite(array)] if array.size else array
    width = digits + 7  # sign slot, leading digit, point, digits, 'e+00'
    if finite.size and np.max(np.abs(finite.astype(np.float64))) >= 1e100:
        width += 1

    def fmt(v):
        if np.isfinite(v):
            return f"{v: .{digits}e}".rjust(width)
        return str(v).rjust(width)
    return fmt


def _element_formatter(array):
    kind = array.dtype.kind
    if kind == "f" and array.dtype.itemsize >= 4:
        return _float_formatter(array, 8)
    if kind == "f":
        return _float_formatter(array, 4)
    if kind == "b":
        return lambda v: " True" if v else "False"
    if kind in "iu":
        edges = _edge_values(array)
        width = max((len(str(v)) for v in edges), default=1)
        return lambda v: str(v).rjust(width)
    if kind == "c":
        return lambda v: f"{v.real:g}{v.imag:+g}j"
    return str


def _edge_values(array):
    if array.size <= _THRESHOLD or array.ndim == 0:
        return array.ravel().tolist()
    index = tuple(np.r_[0:_EDGE, -_EDGE:0] if n > 2 * _EDGE else slice(None) for n in array.shape)
    return array[np.ix_(*[np.atleast_1d(np.arange(n)[i]) for n, i in zip(array.shape, index)])].ravel().tolist()


def _format_block(array, fmt, indent, summarise):
    if array.ndim == 1:
        items = [fmt(v) for v in array]
        if summarise and len(items) > 2 * _EDGE:
            return "[" + ", ".join(items[:_EDGE]) + " ... " + ", ".join(items[-_EDGE:]) + "]"
        return "[" + ", ".join(items) + "]"
    separator = ",\n" + " " * (indent + 1)
    if summarise and len(array) > 2 * _EDGE:
        head = [_format_block(sub, fmt, indent + 1, summarise) for sub in array[:_EDGE]]
        tail = [_format_block(sub, fmt, indent + 1, summarise) for sub in array[-_EDGE:]]
        return ("[" + separator.join(head) + separator + "...\n" + " " * (indent + 1)
                + separator.join(tail) + "]")
    return "[" + separator.join(_format_block(sub, fmt, indent + 1, summarise) for sub in array) + "]"


def tensor_repr(array, dtype_name):
    """MindSpore's repr text for `array` (a NumPy array) of dtype `dtype_name`."""
    shape = "[" + ", ".join(str(n) for n in array.shape) + "]"
    head = f"Tensor(shape={shape}, dtype={dtype_name}, value="
    if array.ndim == 0:
        value = array.item()
        if array.dtype.kind == "f":
            text = f"{value:g}" if np.isfinite(value) else str(value)
        else:
            text = str(value)
        return f"{head} {text})"
    if array.size == 0:
        return f"{head} )" if array.ndim == 1 else f"{head}\n)"
    fmt = _element_formatter(array)
    summarise = array.size > _THRESHOLD
    body = _format_block(array, fmt, 0, summarise)
    if array.ndim == 1:
        return f"{head} {body})"
    return f"{head}\n{body})"
