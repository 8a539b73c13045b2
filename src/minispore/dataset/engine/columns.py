"""Turning what user code hands the pipeline into a column value (a NumPy array), with clear errors."""
import numpy as np

__all__ = ["as_column_value", "as_row", "stack_column", "pad_end"]


def as_column_value(value, column, row_index, where):
    """One column value as an array: NumPy dtypes kept, Python int -> int64, float -> float64."""
    data = getattr(value, "_data", None)  # a minispore Tensor
    array = data if isinstance(data, np.ndarray) else value
    if not isinstance(array, np.ndarray):
        if type(value).__module__.startswith("PIL."):
            array = np.asarray(value)
        else:
            try:
                array = np.asarray(array)
            except ValueError as error:  # ragged nested lists
                raise RuntimeError(f"{where}: column '{column}' of row {row_index} is not a rectangular array "
                                   f"({error}); yield one NumPy array per column.") from None
    if array.dtype == object:
        raise RuntimeError(f"{where}: column '{column}' of row {row_index} holds {type(value).__name__} "
                           "that is not a number, bool or str array (dtype object); yield one "
                           "rectangular NumPy array per column.")
    return array


def as_row(values, columns, row_index, where):
    """A tuple of column values, checked against the column names."""
    if not isinstance(values, (tuple, list)):
        values = (values,)
    if len(values) != len(columns):
        raise RuntimeError(f"{where}: row {row_index} has {len(values)} value(s) but the columns are "
                           f"{columns} ({len(columns)}); yield a tuple with one value per column.")
    return tuple(as_column_value(value, column, row_index, where)
                 for value, column in zip(values, columns))


def stack_column(values, column, first_row):
    """Stack one column of a batch; shapes must agree (the error names the column and the row)."""
    first_shape, first_dtype = values[0].shape, values[0].dtype
    for offset, value in enumerate(values):
        if value.dtype != first_dtype:
            # np.stack would promote silently (float32 with int64 -> float64); MindSpore refuses.
            raise RuntimeError(f"batch: cannot batch tensors with different types in column '{column}': row "
                               f"{first_row} has type {first_dtype} but row {first_row + offset} has type "
                               f"{value.dtype}. Cast that column in `map` first (transforms.TypeCast).")
        if value.shape != first_shape:
            raise RuntimeError(f"batch: cannot stack column '{column}': row {first_row} has shape "
                               f"{first_shape} but row {first_row + offset} has shape {value.shape}. "
                               "Resize or pad that column in `map` first, use padded_batch, or batch_size=1.")
    return np.stack(values)


def pad_end(array, shape, value=None):
    """`array` padded at the end of every axis to `shape` (cut where `shape` is smaller); 0 or '' by default."""
    if len(shape) != array.ndim:
        raise RuntimeError(f"PadEnd: pad_shape {list(shape)} must have the rank of the input, whose shape is "
                           f"{list(array.shape)}.")
    if value is None:
        value = "" if array.dtype.kind in "US" else 0
    if array.dtype.kind in "US":
        width = max(array.dtype.itemsize // (4 if array.dtype.kind == "U" else 1), len(str(value)), 1)
        out = np.full(shape, value, dtype=f"{array.dtype.kind}{width}")
    else:
        out = np.full(shape, value, dtype=array.dtype)
    common = tuple(slice(0, min(have, want)) for have, want in zip(array.shape, shape))
    out[common] = array[common]
    return out
