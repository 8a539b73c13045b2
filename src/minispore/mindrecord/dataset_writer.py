"""`Dataset.save`: one pass of a pipeline written to MindRecord files, the schema taken from the first row."""
import numpy as np

from minispore.mindrecord.filewriter import FileWriter

__all__ = ["save_dataset"]

# MindRecord's field types for NumPy dtypes (MindSpore's kTypesMap)
_TYPES = {"bool": "int32", "int8": "int32", "uint8": "int32", "int16": "int32", "uint16": "int32",
          "int32": "int32", "uint32": "int64", "int64": "int64", "uint64": "int64", "float16": "float32",
          "float32": "float32", "float64": "float64"}


def _field(name, value):
    if value.dtype.kind in "US":
        if value.ndim:
            raise ValueError(f"Dataset.save: column '{name}' holds an array of strings; MindRecord stores one "
                             "string per field.")
        return {"type": "string"}
    if value.dtype == np.uint8 and value.ndim == 1:
        return {"type": "bytes"}
    kind = _TYPES.get(value.dtype.name)
    if kind is None:
        raise ValueError(f"Dataset.save: column '{name}' has dtype {value.dtype}, which MindRecord cannot store.")
    if value.ndim == 0:
        return {"type": kind}
    return {"type": kind, "shape": [-1] + list(value.shape[1:])}


def _stored(value, field):
    if field["type"] == "string":
        return str(value)
    if field["type"] == "bytes":
        return value.tobytes()
    if "shape" in field:
        return np.ascontiguousarray(value, dtype=field["type"])
    return value.astype(field["type"]).item()


def save_dataset(dataset, file_name, num_files=1, file_type="mindrecord"):
    """Write every row of one pass of `dataset` to `num_files` MindRecord files named from `file_name`."""
    if file_type != "mindrecord":
        raise ValueError(f"Dataset.save: file_type must be 'mindrecord', but got {file_type!r}.")
    names = dataset.get_col_names()
    writer = FileWriter(file_name, num_files)
    schema, batch = None, []
    for row in dataset.create_tuple_iterator(num_epochs=1, output_numpy=True):
        if schema is None:
            schema = {name: _field(name, value) for name, value in zip(names, row)}
            writer.add_schema(schema, "save")
        batch.append({name: _stored(value, schema[name]) for name, value in zip(names, row)})
        if len(batch) == 1000:
            writer.write_raw_data(batch)
            batch = []
    if schema is None:
        raise RuntimeError("Dataset.save: the dataset yields no row to write.")
    if batch:
        writer.write_raw_data(batch)
    writer.commit()
