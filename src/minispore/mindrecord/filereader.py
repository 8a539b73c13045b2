"""Reading MindRecord files: `MindRecordFiles` (rows by index, for MindDataset) and `FileReader`."""
import os

from minispore.mindrecord import layout, row_codec
from minispore.mindrecord.filewriter import read_header
from minispore.mindrecord.index_db import row_positions

__all__ = ["MindRecordFiles", "FileReader"]


class MindRecordFiles:
    """A set of MindRecord files (one schema): their rows in order, read by index."""

    def __init__(self, dataset_files, load_dataset=True):
        files = [dataset_files] if isinstance(dataset_files, str) else list(dataset_files)
        if not files:
            raise ValueError("dataset_files should not be empty.")
        for path in files:
            if not os.path.isfile(path):
                raise RuntimeError(f"Invalid file, failed to open mindrecord file: {path}: it does not exist or "
                                   "permission denied.")
        first = read_header(files[0])
        if load_dataset and isinstance(dataset_files, str):
            directory = os.path.dirname(files[0])
            files = [os.path.join(directory, name) for name in first["shard_addresses"]]
        self.files = files
        self.headers = [read_header(path) for path in files]
        self.schema = first["schema"][0]["schema"]
        for path, header in zip(files, self.headers):
            if header["schema"][0]["schema"] != self.schema:
                raise RuntimeError(f"Invalid file, {path} has a schema different from {files[0]}'s.")
        self.blob_fields = first["schema"][0]["blob_fields"]
        self.compressed = layout.has_integer_array(self.schema)
        self.rows = []  # (file index, raw page, raw start, raw end, blob page, blob start, blob end)
        self.shard_counts = []
        for number, (path, header) in enumerate(zip(files, self.headers)):
            with open(path, "rb") as handle:
                for _, _, raw_page, raw_start, raw_end, blob_page, blob_start, blob_end in row_positions(handle,
                                                                                                      header):
                    self.rows.append((number, raw_page, raw_start, raw_end, blob_page, blob_start, blob_end))
            self.shard_counts.append(len(self.rows))
        self._handles = {}

    def column_names(self):
        """The fields, sorted by name (MindDataset's column order)."""
        return sorted(self.schema)

    def _handle(self, number):
        handle = self._handles.get(number)
        if handle is None:
            handle = self._handles[number] = open(self.files[number], "rb")
        return handle

    def read(self, index):
        """{field: stored value} of row `index` (raw fields as Python values, blob fields as bytes)."""
        number, raw_page, raw_start, raw_end, blob_page, blob_start, blob_end = self.rows[index]
        header = self.headers[number]
        handle = self._handle(number)
        base = header["header_size"]
        handle.seek(base + raw_page * header["page_size"] + raw_start + 8)
        values = row_codec.unpack(handle.read(raw_end - raw_start - 8))
        if self.blob_fields:
            handle.seek(base + blob_page * header["page_size"] + blob_start + 8)
            blob = handle.read(blob_end - blob_start - 8)
            values.update(layout.split_blob(blob, self.blob_fields))
        return values

    def row_arrays(self, index, columns):
        """Row `index` as NumPy arrays, one per column of `columns`."""
        values = self.read(index)
        return tuple(layout.decode_field(name, self.schema[name], values[name], self.compressed) for name in columns)

    def close(self):
        """Close the open files."""
        for handle in self._handles.values():
            handle.close()
        self._handles = {}

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_handles"] = {}
        return state


class FileReader:
    """Read a MindRecord file set row by row as dicts (`get_next()`), MindSpore's FileReader."""

    def __init__(self, file_name, num_consumer=4, columns=None, operator=None):
        self._files = MindRecordFiles(file_name, load_dataset=isinstance(file_name, str))
        names = self._files.column_names()
        if columns is not None:
            if not isinstance(columns, list) or not columns:
                raise TypeError("The parameter columns must be a non-empty list.")
            missing = [name for name in columns if name not in names]
            if missing:
                raise ValueError(f"Failed to set columns {missing}: they are not in the schema.")
        self._columns = columns

    def schema(self):
        """The schema of the files."""
        return dict(self._files.schema)

    def len(self):
        """The number of rows."""
        return len(self._files.rows)

    def get_next(self):
        """Yield each row as {field: value}: scalars as Python values, arrays as NumPy arrays, bytes as bytes."""
        schema = self._files.schema
        for index in range(len(self._files.rows)):
            values = self._files.read(index)
            row = {}
            for name, value in values.items():
                if name not in schema or (self._columns is not None and name not in self._columns):
                    continue
                if "shape" in schema[name]:
                    value = layout.decode_field(name, schema[name], value, self._files.compressed)
                elif schema[name]["type"] == "bytes":
                    value = bytes(value)
                row[name] = value
            yield row

    def close(self):
        """Close the files."""
        self._files.close()
