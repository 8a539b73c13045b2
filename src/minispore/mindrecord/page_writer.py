"""Placing rows into the pages of one MindRecord file, the way MindSpore's ShardWriter places them.

Each `write_raw_data` call appends rows: blobs go to the last blob page while it has room, then
to new blob pages (one row group each); raw rows go to the last raw page, a new row group per
new blob page, a new raw page when full (moving the last row group along when it would be
split). Page ids, page_type_ids, row groups and byte offsets follow MindSpore's code exactly, so
the header and the bytes are the same as MindSpore's for the same rows.
"""
__all__ = ["PageWriter"]

_INT_LENGTH = 8


class PageWriter:
    """The page state of one file; `write(handle, blobs, raws)` puts rows in the file at their offsets."""

    def __init__(self, shard_id, header_size, page_size, pages=None):
        self.shard_id = shard_id
        self.header_size = header_size
        self.page_size = page_size
        self.pages = pages if pages is not None else []

    def _last(self, page_type):
        for page in reversed(self.pages):
            if page["page_type"] == page_type:
                return page
        return None

    def _new_page(self, page_type, page_type_id, start, end, groups, size):
        page = {"page_id": len(self.pages), "shard_id": self.shard_id, "page_type": page_type,
                "page_type_id": page_type_id, "start_row_id": start, "end_row_id": end,
                "row_group_ids": groups, "page_size": size}
        self.pages.append(page)
        return page

    def _offset(self, page):
        return self.header_size + page["page_id"] * self.page_size

    def write(self, handle, blobs, raws):
        """Write rows (`blobs[i]`: the row's blob bytes; `raws[i]`: its MessagePack raw bytes)."""
        blob_sizes = [_INT_LENGTH + len(blob) for blob in blobs]
        raw_sizes = [_INT_LENGTH + len(raw) for raw in raws]
        for name, sizes in (("blob", blob_sizes), ("raw", raw_sizes)):
            if sizes and max(sizes) > self.page_size:
                raise RuntimeError(f"Invalid data, Page size: {self.page_size} is too small to save a {name} row. "
                                   "Please try to use the mindrecord api 'set_page_size(value)' to enable larger "
                                   "page size, and the value range is in [32768 bytes, 268435456 bytes].")
        last_raw, last_blob = self._last("RAW_DATA"), self._last("BLOB_DATA")
        groups = self._cut_row_groups(blob_sizes, raw_sizes, last_raw, last_blob)
        self._append_blob_page(handle, blobs, blob_sizes, groups, last_blob)
        self._new_blob_pages(handle, blobs, blob_sizes, groups, last_blob)
        last_raw = self._shift_raw_page(handle, raw_sizes, groups, last_raw)
        self._write_raw_pages(handle, raws, raw_sizes, groups, last_raw)

    def _cut_row_groups(self, blob_sizes, raw_sizes, last_raw, last_blob):
        blob_bytes = last_blob["page_size"] if last_blob else 0
        raw_bytes = (last_raw["page_size"] - last_raw["row_group_ids"][-1][1]) if last_raw else 0
        groups, start = [], 0
        for i, (blob_size, raw_size) in enumerate(zip(blob_sizes, raw_sizes)):
            if blob_bytes == 0 or blob_bytes + blob_size > self.page_size or raw_bytes + raw_size > self.page_size:
                groups.append((start, i))
                start, blob_bytes, raw_bytes = i, blob_size, raw_size
            else:
                blob_bytes += blob_size
                raw_bytes += raw_size
        groups.append((start, len(blob_sizes)))
        return groups

    @staticmethod
    def _flush_blobs(handle, blobs, first, end):
        for blob in blobs[first:end]:
            handle.write(len(blob).to_bytes(_INT_LENGTH, "little"))
            handle.write(blob)

    def _append_blob_page(self, handle, blobs, blob_sizes, groups, last_blob):
        first, end = groups[0]
        if first == end:
            return
        handle.seek(self._offset(last_blob) + last_blob["page_size"])
        self._flush_blobs(handle, blobs, first, end)
        last_blob["page_size"] += sum(blob_sizes[first:end])
        last_blob["end_row_id"] += end - first

    def _new_blob_pages(self, handle, blobs, blob_sizes, groups, last_blob):
        type_id = last_blob["page_type_id"] if last_blob else -1
        row = last_blob["end_row_id"] if last_blob else 0
        for first, end in groups[1:]:
            handle.seek(self.header_size + len(self.pages) * self.page_size)
            self._flush_blobs(handle, blobs, first, end)
            type_id += 1
            self._new_page("BLOB_DATA", type_id, row, row + end - first, [], sum(blob_sizes[first:end]))
            row += end - first

    def _shift_raw_page(self, handle, raw_sizes, groups, last_raw):
        """Move the last raw row group to a new page when this call's first rows do not fit behind it."""
        first, end = groups[0]
        if first == end:
            return last_raw
        last_size = last_raw["page_size"] if last_raw else 0
        if sum(raw_sizes[first:end]) + last_size <= self.page_size:
            return last_raw
        group_id, group_offset = last_raw["row_group_ids"][-1]
        shift = last_size - group_offset
        handle.seek(self._offset(last_raw) + group_offset)
        moved = handle.read(shift)
        handle.seek(self.header_size + len(self.pages) * self.page_size)
        handle.write(moved)
        last_raw["page_size"] = group_offset
        last_raw["row_group_ids"].pop()
        # MindSpore numbers the moved group from the group now last on the old page (+1)
        previous = last_raw["row_group_ids"][-1][0] if last_raw["row_group_ids"] else group_id - 1
        return self._new_page("RAW_DATA", last_raw["page_id"] + 1, 0, 0, [(previous + 1, 0)], shift)

    def _write_raw_pages(self, handle, raws, raw_sizes, groups, last_raw):
        last_group = last_raw["row_group_ids"][-1][0] if last_raw else -1
        for chunk, (first, end) in enumerate(groups):
            if first == end:
                continue
            size = sum(raw_sizes[first:end])
            if last_raw is None:
                last_raw = self._new_page("RAW_DATA", 0, 0, 0, [], 0)
            elif last_raw["page_size"] + size > self.page_size:
                last_raw = self._new_page("RAW_DATA", last_raw["page_id"] + 1, 0, 0, [], 0)
            handle.seek(self._offset(last_raw) + last_raw["page_size"])
            if chunk > 0:
                last_group += 1
                last_raw["row_group_ids"].append((last_group, last_raw["page_size"]))
            for raw in raws[first:end]:
                handle.write(len(raw).to_bytes(_INT_LENGTH, "little"))
                handle.write(raw)
            last_raw["page_size"] += size
