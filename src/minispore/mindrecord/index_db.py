"""The sqlite index (`<file>.db`) MindSpore keeps beside each MindRecord file, written as its
ShardIndexGenerator writes it (same tables, columns and rows): MindSpore reads row positions from it.
"""
import os
import sqlite3

from minispore.mindrecord import row_codec

__all__ = ["write_index", "row_positions"]

_SQL_TYPES = {"string": "TEXT", "int32": "INTEGER", "int64": "INTEGER", "float32": "REAL", "float64": "REAL",
              "bytes": "BLOB"}
_INT_LENGTH = 8


def _column(field):
    name = field.replace("-", "_").replace(".", "_")
    return f"{name}_0"


def row_positions(handle, header):
    """Every row of a file: (row id, row group, raw page, raw start, raw end, blob page, blob start, blob end)."""
    pages = header["page"] or []
    blob_pages = {page["page_type_id"]: page for page in pages if page["page_type"] == "BLOB_DATA"}
    page_size, header_size = header["page_size"], header["header_size"]
    rows = []
    for raw_page in pages:
        if raw_page["page_type"] != "RAW_DATA":
            continue
        for group in raw_page["row_group_ids"]:
            blob_page = blob_pages.get(group["id"])
            if blob_page is None:
                raise RuntimeError(f"MindRecord: raw page {raw_page['page_id']} names row group {group['id']}, "
                                   "which no blob page has; the file is damaged.")
            raw_offset, blob_offset = group["offset"], 0
            for row_id in range(blob_page["start_row_id"], blob_page["end_row_id"]):
                handle.seek(header_size + raw_page["page_id"] * page_size + raw_offset)
                raw_length = int.from_bytes(handle.read(_INT_LENGTH), "little")
                raw_end = raw_offset + _INT_LENGTH + raw_length
                handle.seek(header_size + blob_page["page_id"] * page_size + blob_offset)
                blob_length = int.from_bytes(handle.read(_INT_LENGTH), "little")
                blob_end = blob_offset + _INT_LENGTH + blob_length
                rows.append((row_id, group["id"], raw_page["page_id"], raw_offset, raw_end, blob_page["page_id"],
                             blob_offset, blob_end))
                raw_offset, blob_offset = raw_end, blob_end
    return rows


def write_index(path, header, fields, schema):
    """Write `path + '.db'` for the file at `path` (its header already parsed)."""
    columns = [_column(field) for field in fields]
    sql = ("CREATE TABLE INDEXES(  ROW_ID               INT  NOT NULL, PAGE_ID_RAW          INT  NOT NULL"
           ", PAGE_OFFSET_RAW      INT  NOT NULL, PAGE_OFFSET_RAW_END  INT  NOT NULL"
           ", ROW_GROUP_ID         INT  NOT NULL, PAGE_ID_BLOB         INT  NOT NULL"
           ", PAGE_OFFSET_BLOB     INT  NOT NULL, PAGE_OFFSET_BLOB_END INT  NOT NULL")
    for number, (field, column) in enumerate(zip(fields, columns)):
        sql += f",INC_{number} INT, {column} {_SQL_TYPES.get(schema[field]['type'], 'TEXT')}"
    sql += ", PRIMARY KEY(ROW_ID" + "".join(f",INC_{i}" for i in range(len(fields))) + "));"
    insert = ("INSERT INTO INDEXES (ROW_ID,ROW_GROUP_ID,PAGE_ID_RAW,PAGE_OFFSET_RAW,PAGE_OFFSET_RAW_END,"
              "PAGE_ID_BLOB,PAGE_OFFSET_BLOB,PAGE_OFFSET_BLOB_END"
              + "".join(f",INC_{i},{c}" for i, c in enumerate(columns))
              + ") VALUES( " + ",".join("?" * (8 + 2 * len(columns))) + " )")
    database = path + ".db"
    partial = database + ".partial"
    if os.path.exists(partial):
        os.remove(partial)
    connection = sqlite3.connect(partial)
    try:
        connection.execute("DROP TABLE IF EXISTS INDEXES;")
        connection.execute(sql)
        connection.execute("DROP TABLE IF EXISTS SHARD_NAME;")
        connection.execute("CREATE TABLE SHARD_NAME(NAME TEXT NOT NULL);")
        connection.execute("INSERT INTO SHARD_NAME (NAME) VALUES (?);", (os.path.basename(path),))
        with open(path, "rb") as handle:
            for row_id, group, raw_page, raw_start, raw_end, blob_page, blob_start, blob_end in \
                    row_positions(handle, header):
                handle.seek(header["header_size"] + raw_page * header["page_size"] + raw_start + _INT_LENGTH)
                values = row_codec.unpack(handle.read(raw_end - raw_start - _INT_LENGTH)) if fields else {}
                row = [row_id, group, raw_page, raw_start, raw_end, blob_page, blob_start, blob_end]
                for field in fields:
                    value = values[field]
                    kind = schema[field]["type"]
                    row += [0, int(value) if kind in ("int32", "int64") else
                            float(value) if kind in ("float32", "float64") else value]
                connection.execute(insert, row)
        connection.commit()
    finally:
        connection.close()
    os.replace(partial, database)
