"""The MindRecord file layout (format version 3.0), as MindSpore 2.10 writes and reads it.

A file is a header — 8-byte little-endian length, then a JSON document, zero-padded to
`header_size` (16 MB) — followed by pages of `page_size` (32 MB) at `header_size + page_id *
page_size`. BLOB_DATA pages hold, per row, an 8-byte little-endian length and the row's blob: the
blob fields (sorted by name), each an 8-byte big-endian length and its bytes (one blob field:
just its bytes); integer arrays are stored compressed when the schema has one (see
`compress_int`). RAW_DATA pages hold, per row, an 8-byte little-endian length and a MessagePack
map of the scalar fields. A raw page's row groups point at the blob page whose page_type_id is
the group id. A sqlite `.db` beside each file indexes the rows (index_db.py).
"""
import json
import re

import numpy as np

__all__ = ["VERSION", "DEFAULT_HEADER_SIZE", "DEFAULT_PAGE_SIZE", "FIELD_TYPES", "check_schema", "blob_fields_of",
           "schema_document", "header_document", "dump_json", "compress_int", "uncompress_int", "split_blob",
           "has_integer_array", "decode_field", "INT_LENGTH"]

VERSION = "3.0"
DEFAULT_HEADER_SIZE = 1 << 24
DEFAULT_PAGE_SIZE = 1 << 25
INT_LENGTH = 8
FIELD_TYPES = ("int32", "int64", "float32", "float64", "string", "bytes")
_ARRAY_TYPES = ("int32", "int64", "float32", "float64")


def dump_json(value):
    """JSON as nlohmann::json dumps it: no spaces, keys sorted, UTF-8 kept."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def check_schema(content):
    """MindSpore's schema check: None when valid, else the error message."""
    if not content:
        return "Schema content is empty."
    if not isinstance(content, dict):
        return "Schema content should be dict."
    for name, field in content.items():
        if not isinstance(name, str) or not re.match(r"^[0-9a-zA-Z_]+$", name):
            return f"Field '{name}' should be composed of '0-9' or 'a-z' or 'A-Z' or '_'."
        if not field or not isinstance(field, dict):
            return f"Field '{name}' should be dict."
        if len(field) == 1 and "type" in field:
            if field["type"] not in FIELD_TYPES:
                return f"Field '{name}' contain illegal attribute '{field['type']}'."
        elif len(field) == 2 and "type" in field:
            if field["type"] not in _ARRAY_TYPES:
                return f"Field '{name}' contain illegal attribute '{field['type']}'."
            if "shape" not in field:
                return f"Field '{field}' contains illegal attributes."
            shape = field["shape"]
            if not isinstance(shape, list):
                return f"Field '{name}' contain illegal attribute '{shape}'."
            if any(not isinstance(d, int) or d == 0 or d < -1 for d in shape) or shape.count(-1) > 1:
                return f"Field '{name}': the shape {shape} must hold ints > 0 and at most one -1."
        else:
            return f"Field '{field}' contains illegal attributes."
    return None


def blob_fields_of(schema):
    """The fields stored in blob pages (arrays and bytes), sorted by name."""
    return sorted(name for name, field in schema.items() if "shape" in field or field["type"] == "bytes")


def has_integer_array(schema):
    """Whether MindSpore compresses this schema's blobs (it has an int32/int64 array field)."""
    return any("shape" in field and field["type"] in ("int32", "int64") for field in schema.values())


def schema_document(desc, schema):
    """The schema entry of the header."""
    return {"blob_fields": blob_fields_of(schema), "desc": desc, "schema": schema}


def header_document(header_size, index_fields, pages, page_size, compression_size, schema, addresses, shard_id):
    """The header JSON text of one file, in MindSpore's (not sorted) top-level key order."""
    index_json = dump_json([{"index_field": name, "schema_id": 0} for name in index_fields]) if index_fields \
        else "null"
    pages_json = dump_json([_page_document(page) for page in pages]) if pages else "null"
    return ("{" + f'"header_size":{header_size},"index_fields":{index_json},"page":{pages_json},'
            f'"page_size":{page_size},"compression_size":{compression_size},"schema":{dump_json([schema])},'
            f'"shard_addresses":{dump_json(addresses)},"shard_id":{shard_id},"statistics":null,'
            f'"version":"{VERSION}"' + "}")


def _page_document(page):
    groups = page["row_group_ids"] or [(0, 0)]
    return {"end_row_id": page["end_row_id"], "page_id": page["page_id"], "page_size": page["page_size"],
            "page_type": page["page_type"], "page_type_id": page["page_type_id"],
            "row_group_ids": [{"id": gid, "offset": offset} for gid, offset in groups],
            "shard_id": page["shard_id"], "start_row_id": page["start_row_id"]}


def _min_int_size(value):
    if -128 <= value <= 127:
        return 0
    if -32768 <= value <= 32767:
        return 1
    if -2**31 <= value <= 2**31 - 1:
        return 2
    return 3


def compress_int(data, itemsize):
    """MindSpore's integer-array compression: count (4 bytes BE), 2-bit size codes, each value in 1/2/4/8 bytes."""
    values = np.frombuffer(data, np.int32 if itemsize == 4 else np.int64).tolist()
    count = len(values)
    codes = bytearray((count + 3) // 4)
    body = bytearray()
    for i, value in enumerate(values):
        code = _min_int_size(value)
        codes[i // 4] |= code << (2 * (3 - i % 4))
        body += int(value).to_bytes(1 << code, "little", signed=True)
    return count.to_bytes(4, "big") + bytes(codes) + bytes(body)


def uncompress_int(data, dtype):
    """The array compress_int stored, as `dtype` (int32 or int64)."""
    count = int.from_bytes(data[:4], "big")
    position = 4 + (count + 3) // 4
    values = []
    for i in range(count):
        code = (data[4 + i // 4] >> (2 * (3 - i % 4))) & 3
        size = 1 << code
        values.append(int.from_bytes(data[position:position + size], "little", signed=True))
        position += size
    return np.asarray(values, dtype)


def split_blob(blob, blob_fields):
    """{field: bytes} of one row's blob."""
    if len(blob_fields) == 1:
        return {blob_fields[0]: blob}
    fields, position = {}, 0
    for name in blob_fields:
        length = int.from_bytes(blob[position:position + INT_LENGTH], "big")
        position += INT_LENGTH
        fields[name] = blob[position:position + length]
        position += length
    return fields


def decode_field(name, field, raw, compressed):
    """One stored field value as the NumPy array MindDataset yields."""
    kind = field["type"]
    if kind == "bytes":  # MindSpore 2.10 yields a bytes field as a one-element bytes array
        return np.array([bytes(raw)])
    if kind == "string":
        return np.array(raw)
    dtype = np.dtype(kind)
    if "shape" not in field:
        return np.array(raw, dtype)
    if compressed and kind in ("int32", "int64"):
        array = uncompress_int(bytes(raw), dtype)
    else:
        array = np.frombuffer(bytes(raw), dtype).copy()
    return array.reshape(field["shape"])
