"""Line-based file sources: TextFileDataset and CSVDataset (MindSpore's non-mappable readers).

They read MindSpore's way, so rows come in MindSpore's order: files sorted by name (shuffled per
pass with Shuffle.GLOBAL/FILES); a shard is a contiguous block of ceil(rows / num_shards) rows
(wrapping round to the first file); the files of a pass are dealt round-robin to
`num_parallel_workers` readers whose rows are then taken one from each reader in turn; with
Shuffle.GLOBAL a buffer shuffle follows (buffer: 4 x the rows per file, at most 10000).
"""
import csv
import glob
import io
import itertools
import os

import numpy as np

from minispore.dataset import config
from minispore.dataset.engine import stdrandom
from minispore.dataset.engine.datasets import Dataset, check_size_argument
from minispore.dataset.engine.nodes import ShuffleDataset
from minispore.dataset.engine.samplers import Shuffle
from minispore.dataset.engine.sources import check_shard_options

__all__ = ["TextFileDataset", "CSVDataset", "find_files"]


def find_files(patterns, op):
    """A str (a file or a glob) or a list of files, as a sorted list of existing paths."""
    if isinstance(patterns, str):
        files = sorted(glob.glob(patterns)) if any(c in patterns for c in "*?[") else [patterns]
    elif isinstance(patterns, (list, tuple)) and patterns and all(isinstance(p, str) for p in patterns):
        files = sorted(patterns)
    else:
        raise TypeError(f"For '{op}', 'dataset_files' must be a str or a non-empty list of str, but got "
                        f"{patterns!r}.")
    for path in files:
        if not os.path.isfile(path):
            raise ValueError(f"The file {path} does not exist or permission denied!")
    if not files:
        raise ValueError(f"For '{op}', no file matches {patterns!r}.")
    return files


def _shuffle_mode(shuffle):
    if shuffle is None or shuffle is True:
        return Shuffle.GLOBAL
    if shuffle is False:
        return Shuffle.FALSE
    if shuffle in (Shuffle.GLOBAL, Shuffle.FILES, Shuffle.FALSE):
        return shuffle
    raise ValueError(f"Invalid shuffle mode {shuffle}: use True, False, Shuffle.GLOBAL or Shuffle.FILES.")


class _LineSource(Dataset):
    """A non-mappable source whose rows are the non-empty lines of its files."""

    def __init__(self, dataset_files, num_samples, num_parallel_workers, shuffle, num_shards, shard_id, op):
        super().__init__()
        check_shard_options(op, num_samples, None, None, num_shards, shard_id)
        self._files = find_files(dataset_files, op)
        self._op = op
        self.num_samples = num_samples or 0
        self.num_parallel_workers = None if num_parallel_workers is None else check_size_argument(
            num_parallel_workers, "num_parallel_workers", op, 1)
        self.shuffle_mode = _shuffle_mode(shuffle)
        self.num_shards = num_shards or 1
        self.shard_id = shard_id or 0
        self._counts = {path: self._count_rows(path) for path in self._files}
        self._total = sum(self._counts.values())
        if not self._total:
            raise RuntimeError(f"Invalid data, {op} API can't read the data file (interface mismatch or no data "
                               f"found). Check file: {' '.join(self._files)}")
        self._per_shard = -(-self._total // self.num_shards)

    # --- subclasses define these ------------------------------------------------------------
    def _lines(self, path):
        """The data lines of one file (without a header)."""
        raise NotImplementedError

    def _row(self, line, path):
        raise NotImplementedError

    # --- reading --------------------------------------------------------------------------------
    def _count_rows(self, path):
        return sum(1 for _ in self._lines(path))

    def is_shuffled(self):
        return self.shuffle_mode != Shuffle.FALSE

    def is_sharded(self):
        return self.num_shards > 1

    def _size(self):
        size = self._per_shard
        return min(size, self.num_samples) if self.num_samples else size

    def _blocks(self, order):
        """(file, first row, end row) blocks of this shard, files in `order`, wrapping round (MindSpore's)."""
        start, end = self.shard_id * self._per_shard, (self.shard_id + 1) * self._per_shard
        blocks, before = [], 0
        while before < end:
            for key in order:
                path = self._files[key]
                count = self._counts[path]
                if before <= start < before + count:
                    blocks.append((path, start - before, min(end, before + count) - before))
                elif start <= before < end:
                    blocks.append((path, 0, min(end, before + count) - before))
                before += count
        return blocks

    def _block_rows(self, path, first, end):
        for line in itertools.islice(self._lines(path), first, end):
            yield self._row(line, path)

    def _file_order(self, state):
        order = state["order"]
        if self.shuffle_mode == Shuffle.FALSE:
            return order
        if self.num_shards == 1:
            seed = config.engine_seed()
        else:  # every process shuffles alike: 1, 2, 3, ... per pass
            state["seed"] += 1
            seed = state["seed"]
        stdrandom.shuffle(order, stdrandom.MT19937(seed))  # in place: MindSpore reshuffles the last order
        return order

    def _read_pass(self, run):
        state = run.state(self, lambda: {"seed": 0, "order": list(range(len(self._files)))})
        workers = self.num_parallel_workers or config.get_num_parallel_workers()
        readers = [[] for _ in range(workers)]
        for number, block in enumerate(self._blocks(self._file_order(state))):
            readers[number % workers].append(block)
        streams = [itertools.chain.from_iterable(self._block_rows(*block) for block in blocks)
                   for blocks in readers]
        produced = 0
        while streams:  # one row from each reader in turn, as MindSpore's jagged connector takes them
            alive = []
            for stream in streams:
                row = next(stream, None)
                if row is None:
                    continue
                alive.append(stream)
                yield row
                produced += 1
                if self.num_samples and produced >= self.num_samples:
                    return
            streams = alive

    def _rows(self, run):
        if self.shuffle_mode != Shuffle.GLOBAL:
            yield from self._read_pass(run)
            return
        per_file = self._per_shard // len(self._files)
        buffer_size = min(per_file * 4, 10000) if per_file else 10000
        shuffler = run.state(self, lambda: _PassShuffle(self, buffer_size), "shuffle")
        yield from shuffler._rows(run)


class _PassShuffle(ShuffleDataset):
    """The buffer shuffle MindSpore puts over a globally shuffled file source."""

    def __init__(self, source, buffer_size):
        self._source = source
        super().__init__(_Reader(source), max(buffer_size, 2))


class _Reader(Dataset):
    def __init__(self, source):
        super().__init__()
        self._source = source

    def get_col_names(self):
        return self._source.get_col_names()

    def _rows(self, run):
        return self._source._read_pass(run)


class TextFileDataset(_LineSource):
    """One row per non-empty line of text files: column `text` (a str array)."""

    def __init__(self, dataset_files, num_samples=None, num_parallel_workers=None, shuffle=Shuffle.GLOBAL,
                 num_shards=None, shard_id=None, cache=None):
        if cache is not None:
            raise NotImplementedError("TextFileDataset: 'cache' (a MindSpore cache server) is not supported.")
        super().__init__(dataset_files, num_samples, num_parallel_workers, shuffle, num_shards, shard_id,
                         "TextFileDataset")

    def get_col_names(self):
        return ["text"]

    def _lines(self, path):
        with open(path, encoding="utf-8", newline="") as handle:
            for line in handle:
                line = line.rstrip("\n").rstrip("\r")
                if line:
                    yield line

    def _row(self, line, path):
        return (np.array(line),)


class CSVDataset(_LineSource):
    """Rows of CSV files; columns named by `column_names` or by the files' first line."""

    def __init__(self, dataset_files, field_delim=',', column_defaults=None, column_names=None, num_samples=None,
                 num_parallel_workers=None, shuffle=Shuffle.GLOBAL, num_shards=None, shard_id=None, cache=None):
        if cache is not None:
            raise NotImplementedError("CSVDataset: 'cache' (a MindSpore cache server) is not supported.")
        if not isinstance(field_delim, str) or len(field_delim) != 1 or field_delim in '"\r\n':
            raise ValueError(f"field_delim must be one character other than '\"', '\\r' and '\\n', but got "
                             f"{field_delim!r}.")
        self.field_delim = field_delim
        self._header = column_names is None
        self.column_defaults = None if column_defaults is None else list(column_defaults)
        files = find_files(dataset_files, "CSVDataset")
        if column_names is None:
            with open(files[0], encoding="utf-8", newline="") as handle:
                column_names = next(csv.reader(handle, delimiter=field_delim), None)
            if not column_names:
                raise ValueError(f"CSVDataset: {files[0]} has no header line to take column names from.")
        self._names = list(column_names)
        if len(set(self._names)) != len(self._names):
            raise RuntimeError(f"Invalid parameter, duplicate column names are not allowed: {self._names}")
        if self.column_defaults is not None:
            if len(self.column_defaults) != len(self._names):
                raise ValueError(f"column_defaults has {len(self.column_defaults)} entries but there are "
                                 f"{len(self._names)} columns.")
            for value in self.column_defaults:
                if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                    raise TypeError(f"column type in column_defaults is invalid: {value!r}.")
        super().__init__(dataset_files, num_samples, num_parallel_workers, shuffle, num_shards, shard_id,
                         "CSVDataset")

    def get_col_names(self):
        return list(self._names)

    def _lines(self, path):
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        records = csv.reader(io.StringIO(text), delimiter=self.field_delim)
        if self._header:
            next(records, None)
        for record in records:
            if record:
                yield record

    def _row(self, record, path):
        if len(record) != len(self._names):
            raise RuntimeError(f"Invalid data, {path} has a line of {len(record)} field(s) but there are "
                               f"{len(self._names)} columns: {record}")
        row = []
        for position, field in enumerate(record):
            default = self.column_defaults[position] if self.column_defaults is not None else ""
            if isinstance(default, str):
                row.append(np.array(field if field else default))
                continue
            try:
                row.append(np.array(float(field), np.float32) if isinstance(default, float)
                           else np.array(int(field), np.int32))
            except ValueError:
                raise RuntimeError(f"Invalid csv, csv file: {path} parse failed at line {self._line(path, record)}, "
                                   "type does not match.") from None
        return tuple(row)

    def _line(self, path, record):
        """The 1-based line of `record` in `path` (for MindSpore's error message)."""
        with open(path, encoding="utf-8", newline="") as handle:
            for number, fields in enumerate(csv.reader(handle, delimiter=self.field_delim), 1):
                if fields == record:
                    return number
        return 0
