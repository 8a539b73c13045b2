"""`mindspore.mindrecord.FileWriter`: write rows to MindRecord files MindSpore 2.10 reads (and vice versa).

Rows are checked against the schema as MindSpore checks them (a row that does not match is
dropped with a warning naming it, as MindSpore drops it). Files are written under a temporary
name and renamed into place by `commit`, with their sqlite index, mode 0o600 as MindSpore's.
"""
import json
import os
import stat
import warnings

import numpy as np

from minispore.mindrecord import layout, row_codec
from minispore.mindrecord.index_db import write_index
from minispore.mindrecord.page_writer import PageWriter

__all__ = ["FileWriter", "read_header"]

_VALUE_TYPES = {"int": ("int32", "int64"), "float": ("float32", "float64"), "str": ("string",), "bytes": ("bytes",),
                "int32": ("int32",), "int64": ("int64",), "float32": ("float32",), "float64": ("float64",),
                "ndarray": ("int32", "int64", "float32", "float64")}
_DUMMY_BLOB = b"\x00\x00\x00\x00"  # MindSpore stores 4 zero bytes per row when no field is a blob


def read_header(path):
    """The header of a MindRecord file as a dict."""
    with open(path, "rb") as handle:
        size = int.from_bytes(handle.read(8), "little")
        if not 0 < size < 1 << 27:
            raise RuntimeError(f"Invalid file, {path} is not a MindRecord file (header length {size}).")
        try:
            header = json.loads(handle.read(size).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise RuntimeError(f"Invalid file, the header of {path} is damaged: {error}") from None
    if header.get("version") not in ("2.0", "3.0"):
        raise RuntimeError(f"Invalid file, {path} has MindRecord version {header.get('version')!r}; 2.0 and 3.0 "
                           "are supported.")
    return header


def _check_file_name(file_name):
    if not isinstance(file_name, str) or not file_name:
        raise ValueError(f"Parameter file_name should be a non-empty str, but got {file_name!r}.")
    if os.path.basename(file_name) == "" or os.path.isdir(file_name):
        raise ValueError(f"Parameter file_name {file_name!r} should name a file, not a directory.")


class FileWriter:
    """Writes rows (dicts) described by a schema into `shard_num` MindRecord files."""

    def __init__(self, file_name, shard_num=1, overwrite=False):
        _check_file_name(file_name)
        if shard_num is None:
            raise ValueError("Parameter shard_num is None.")
        if isinstance(shard_num, bool) or not isinstance(shard_num, int):
            raise ValueError("Parameter shard_num's type is not int.")
        if not 1 <= shard_num <= 1000:
            raise ValueError(f"Parameter shard_num's value: {shard_num} should between 1 and 1000.")
        if not isinstance(overwrite, bool):
            raise ValueError("Parameter overwrite's type is not bool.")
        self._file_name = file_name
        width = len(str(shard_num - 1))
        self._paths = [file_name] if shard_num == 1 else [f"{file_name}{str(i).rjust(width, '0')}"
                                                          for i in range(shard_num)]
        self._overwrite = overwrite
        self._schema, self._desc, self._index_fields = None, "", None
        self._header_size, self._page_size = layout.DEFAULT_HEADER_SIZE, layout.DEFAULT_PAGE_SIZE
        self._writers, self._handles = None, None
        self._compression = 0
        self._committed = False
        self._append = False

    @classmethod
    def open_for_append(cls, file_name):
        """A writer that adds rows to an existing MindRecord file (its set of shards)."""
        _check_file_name(file_name)
        header = read_header(file_name)
        directory = os.path.dirname(file_name)
        writer = cls.__new__(cls)
        writer._file_name = file_name
        writer._paths = [os.path.join(directory, name) for name in header["shard_addresses"]]
        writer._overwrite = False
        writer._schema = header["schema"][0]["schema"]
        writer._desc = header["schema"][0]["desc"]
        writer._index_fields = [item["index_field"] for item in header["index_fields"] or []]
        writer._header_size, writer._page_size = header["header_size"], header["page_size"]
        writer._compression = header["compression_size"]
        writer._committed = False
        writer._append = True
        writer._writers, writer._handles = [], []
        for path in writer._paths:
            pages = read_header(path)["page"] or []
            for page in pages:
                page["row_group_ids"] = [(g["id"], g["offset"]) for g in page["row_group_ids"]]
            # a raw page whose only group is the placeholder (0, 0) has it for real
            writer._writers.append(PageWriter(len(writer._writers), writer._header_size, writer._page_size, pages))
            partial = path + ".partial"
            with open(path, "rb") as source, open(partial, "wb") as target:
                target.write(source.read())
            writer._handles.append(open(partial, "r+b"))
        return writer

    def add_schema(self, content, desc=None):
        """Describe the fields: {name: {"type": t}} or {"type": t, "shape": [...]} for arrays. Returns the schema id."""
        error = layout.check_schema(content)
        if error:
            raise ValueError(f"Invalid schema: {error}")
        if self._schema is not None:
            raise RuntimeError("Only one schema can be added to MindRecord files.")
        self._schema = {name: dict(field) for name, field in content.items()}
        self._desc = desc if desc else ""
        return 0

    def add_index(self, index_fields):
        """Index these scalar fields (the default is every scalar field)."""
        if not index_fields or not isinstance(index_fields, list):
            raise TypeError("The parameter index_fields must be list.")
        blob_fields = layout.blob_fields_of(self._schema or {})
        for field in index_fields:
            if not isinstance(field, str):
                raise TypeError("The parameter index field must be str.")
            if field in blob_fields:
                raise ValueError(f"Failed to set field {field} since it's not primitive type.")
            if self._schema is None or field not in self._schema:
                raise ValueError(f"Failed to set field {field}: it is not in the schema.")
        self._index_fields = list(index_fields)

    def set_header_size(self, header_size):
        """Bytes reserved for the header: a multiple of 4 in [16 KB, 128 MB] (default 16 MB)."""
        if isinstance(header_size, bool) or not isinstance(header_size, int) or not (
                1 << 14 <= header_size <= 1 << 27) or header_size % 4:
            raise ValueError(f"Invalid data, header size: {header_size} should be in range [16384 bytes, "
                             "134217728 bytes] and divisible by four.")
        self._header_size = header_size

    def set_page_size(self, page_size):
        """Bytes per page: in [32 KB, 256 MB] (default 32 MB)."""
        if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 << 15 <= page_size <= 1 << 28:
            raise ValueError(f"Invalid data, page size: {page_size} should be in range [32768 bytes, 268435456 "
                             "bytes].")
        self._page_size = page_size

    # --- writing --------------------------------------------------------------------------------
    def _open(self):
        if self._writers is not None:
            return
        if self._schema is None:
            raise RuntimeError("Invalid data, schema is not found in header, please use 'add_schema' to add a schema "
                               "for new mindrecord files.")
        for path in self._paths:
            if os.path.exists(path) or os.path.exists(path + ".db"):
                if not self._overwrite:
                    raise RuntimeError(f"Invalid file, mindrecord files already exist. Please check file path: "
                                       f"{path}.\nIf you do not want to keep the files, set the 'overwrite' "
                                       "parameter to True and try again.")
        if self._index_fields is None:
            self._index_fields = [name for name, field in sorted(self._schema.items())
                                  if field["type"] != "bytes" and "shape" not in field]
        self._writers = [PageWriter(i, self._header_size, self._page_size) for i in range(len(self._paths))]
        self._handles = []
        for path in self._paths:
            directory = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(directory):
                raise RuntimeError(f"Invalid file, the directory of {path} does not exist.")
            self._handles.append(open(path + ".partial", "w+b"))

    def _valid(self, number, row):
        """None when `row` fits the schema, else MindSpore's reason for dropping it."""
        for field, spec in self._schema.items():
            if field not in row:
                return f"for schema, {number} th data is wrong, there is not field: '{field}' in the raw data."
            value = row[field]
            kind = type(value).__name__
            if kind not in _VALUE_TYPES or spec["type"] not in _VALUE_TYPES[kind]:
                return f"for schema, {number} th data is wrong, data type: '{kind}' for field: '{field}' is not matched."
            if kind == "ndarray":
                if "shape" not in spec:
                    return f"for schema, {number} th data is wrong, data shape for field: '{field}' is not specified."
                if spec["type"] != str(value.dtype):
                    return (f"for schema, {number} th data is wrong, data type: '{value.dtype}' for field: "
                            f"'{field}' is not matched.")
                try:
                    np.reshape(value, spec["shape"])
                except ValueError:
                    return (f"for schema, {number} th data is wrong, data shape: '{value.shape}' for field: "
                            f"'{field}' is not matched.")
        return None

    def _blob(self, row, blob_fields, compress):
        if not blob_fields:
            return _DUMMY_BLOB
        parts = []
        for field in blob_fields:
            value = row[field]
            data = value.astype(self._schema[field]["type"]).tobytes() if isinstance(value, np.ndarray) \
                else bytes(value)
            if compress and self._schema[field]["type"] in ("int32", "int64") and "shape" in self._schema[field]:
                data = layout.compress_int(data, np.dtype(self._schema[field]["type"]).itemsize)
            parts.append(data)
        if len(parts) == 1:
            return parts[0]
        return b"".join(len(part).to_bytes(8, "big") + part for part in parts)

    def _raw(self, row, blob_fields):
        values = {field: (row[field].item() if isinstance(row[field], np.generic) else row[field])
                  for field in self._schema if field not in blob_fields and field in row}
        return row_codec.pack(values if values else {"id": 0})

    def write_raw_data(self, raw_data, parallel_writer=False):
        """Append rows (a list of dicts) to the files; rows not matching the schema are dropped with a warning."""
        if not isinstance(parallel_writer, bool):
            raise TypeError("The parameter `parallel_writer` must be bool.")
        if not isinstance(raw_data, list):
            raise TypeError("The parameter raw_data must be list.")
        if self._committed:
            raise RuntimeError("Not allowed to call `write_raw_data` on flushed MindRecord files. When creating new "
                               "MindRecord files, please remove `commit` before `write_raw_data`. In other cases, "
                               "when appending to existing MindRecord files, please call `open_for_append` first and "
                               "then `write_raw_data`.")
        for row in raw_data:
            if not isinstance(row, dict):
                raise TypeError("The parameter raw_data item must be dict.")
        if raw_data == []:
            raise RuntimeError("There is no valid data which can be written by 'write_raw_data' to mindrecord file. "
                               "Please check the abnormal input data indicated in the warning log above.")
        self._open()
        rows = []
        for number, row in enumerate(raw_data):
            reason = self._valid(number, row)
            if reason is None:
                rows.append(row)
            else:
                warnings.warn(f"MindRecord FileWriter: row dropped: {reason}", RuntimeWarning, stacklevel=2)
        if not rows:
            raise RuntimeError("There is no valid data which can be written by 'write_raw_data' to mindrecord file. "
                               "Please check the abnormal input data indicated in the warning log above.")
        blob_fields = layout.blob_fields_of(self._schema)
        compress = layout.has_integer_array(self._schema)
        blobs, raws = [], []
        for row in rows:
            blob = self._blob(row, blob_fields, compress)
            if compress:
                self._compression += len(self._blob(row, blob_fields, False)) - len(blob)
            blobs.append(blob)
            raws.append(self._raw(row, blob_fields))
        # MindSpore deals the rows out in contiguous blocks, the remainder to random shards; here to the first ones
        count, shards = len(rows), len(self._writers)
        start = 0
        for shard, (writer, handle) in enumerate(zip(self._writers, self._handles)):
            end = start + count // shards + (shard < count % shards)
            if end > start:
                writer.write(handle, blobs[start:end], raws[start:end])
            start = end

    def commit(self):
        """Write the headers and the index files; the files appear under their names now."""
        self._open()
        addresses = [os.path.basename(path) for path in self._paths]
        document = layout.schema_document(self._desc, self._schema)
        for shard, (writer, handle, path) in enumerate(zip(self._writers, self._handles, self._paths)):
            text = layout.header_document(self._header_size, self._index_fields, writer.pages, self._page_size,
                                          max(self._compression, 0), document, addresses, shard).encode("utf-8")
            if len(text) + 8 > self._header_size:
                raise RuntimeError("[Internal ERROR] shard header is too big; use set_header_size to enlarge it.")
            handle.seek(0)
            handle.write(len(text).to_bytes(8, "little") + text)
            handle.close()
            for stale in (path, path + ".db"):
                if os.path.exists(stale) and not self._append:
                    os.remove(stale)
            os.replace(path + ".partial", path)
            write_index(path, read_header(path), self._index_fields, self._schema)
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            os.chmod(path + ".db", stat.S_IRUSR | stat.S_IWUSR)
        self._committed = True
