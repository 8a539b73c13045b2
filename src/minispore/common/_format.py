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
    """The elements that will be printed (all of them, or the edges of summarised dims)."""
    index = tuple(np.r_[0:_EDGE, -_EDGE:0] if _summarised(array, axis) else slice(None)
                  for axis in range(array.ndim))
    return array[np.ix_(*[np.atleast_1d(np.arange(n)[i]) for n, i in zip(array.shape, index)])].ravel().tolist()


def _summarised(array, axis):
    # MindSpore elides the middle of every dimension longer than 6 in tensors of 2 or more
    # dimensions, and of a 1-d tensor only beyond 1000 elements.
    if array.ndim == 1:
        return array.size > _THRESHOLD
    return array.shape[axis] > 2 * _EDGE


def _format_row(items, per_line):
    """A 1-d row: ', ' between items and a line break after every `per_line` of them."""
    text = ""
    for i, item in enumerate(items):
        text += item
        if i + 1 < len(items):
            text += ", "
        if per_line and (i + 1) % per_line == 0:
            text += "\n "
    return "[" + text + "]"


def _format_block(array, fmt, indent):
    if array.ndim == 1:
        # A row of a 2-d or larger tensor is elided beyond 6 items; a 1-d tensor beyond 1000.
        if len(array) > (2 * _EDGE if indent else _THRESHOLD):
            return ("[" + ", ".join(fmt(v) for v in array[:_EDGE]) + " ... "
                    + ", ".join(fmt(v) for v in array[-_EDGE:]) + "]")
        items = [fmt(v) for v in array]
        if indent:
            return "[" + ", ".join(items) + "]"
        return _format_row(items, 24 if array.dtype.kind in "iu" else 12)
    separator = ",\n" + " " * (indent + 1)
    if array.shape[0] > 2 * _EDGE:
        head = [_format_block(sub, fmt, indent + 1) for sub in array[:_EDGE]]
        tail = [_format_block(sub, fmt, indent + 1) for sub in array[-_EDGE:]]
        return ("[" + separator.join(head) + separator + "...\n" + " " * (indent + 1)
                + separator.join(tail) + "]")
    return "[" + separator.join(_format_block(sub, fmt, indent + 1) for sub in array) + "]"


def scalar_str(array):
    """str of a 0-d array as MindSpore prints it (NumPy 1.x scalar style, on any NumPy).

    Positional between 1e-4 and 1e16 (123456790.0, 0.33333334), scientific outside (1e-05).
    """
    value = array[()]
    if array.dtype.kind != "f" or not np.isfinite(value) or value == 0:
        return str(value)
    if 1e-4 <= abs(float(value)) < 1e16:
        return np.format_float_positional(value, unique=True, trim="0")
    return np.format_float_scientific(value, unique=True, trim="-")


def tensor_repr(array, dtype_name):
    """MindSpore's repr text for `array` (a NumPy array) of dtype `dtype_name`."""
    shape = "[" + ", ".join(str(n) for n in array.shape) + "]"
    head = f"Tensor(shape={shape}, dtype={dtype_name}, value="
    if array.ndim == 0:
        value = array.item()
        if array.dtype.kind == "f":
            text = f"{value:g}" if np.isfinite(value) else str(value)
        elif array.dtype.kind == "c":
            text = f"{value.real:g}{value.imag:+g}j"
        else:
            text = str(value)
        return f"{head} {text})"
    if array.size == 0:
        return f"{head} )" if array.ndim == 1 else f"{head}\n)"
    fmt = _element_formatter(array)
    body = _format_block(array, fmt, 0)
    if array.ndim == 1:
        return f"{head} {body})"
    return f"{head}\n{body})"


def bfloat16_str(array):
    """MindSpore prints bfloat16 values with six decimals: [1.500000]."""
    as_float = array.astype(np.float32)
    if array.ndim == 0:
        return f"{float(as_float):f}"
    return np.array2string(as_float, formatter={"float_kind": lambda v: f"{v:f}"})
