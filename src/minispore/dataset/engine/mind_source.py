"""MindDataset: rows of MindRecord files (written by minispore.mindrecord.FileWriter or by MindSpore).

MindSpore samples MindRecord files with its own samplers (ShardShuffle and ShardSample), which
shuffle with `std::default_random_engine` and shard the shuffled rows by slice; they are
reproduced here, so a seeded MindDataset yields MindSpore's order and each shard MindSpore's rows.
Columns come sorted by name (or as `columns_list` orders them).
"""
import numpy as np

from minispore.dataset import config
from minispore.dataset.engine import samplers, stdrandom
from minispore.dataset.engine.sources import MappableSource

__all__ = ["MindDataset"]


class _MindRecordRunner:
    """Row ids per pass, drawn as MindSpore's MindRecord samplers draw them."""

    def __init__(self, sampler, total, shard_counts):
        self.sampler, self.total, self.shard_counts = sampler, total, shard_counts
        self.order = list(range(total))
        self.passes = 0
        if isinstance(sampler, samplers.DistributedSampler):
            self.seed = sampler.seed
        else:
            self.seed = config.engine_seed()

    def next_pass(self):
        sampler, total = self.sampler, self.total
        self.passes += 1
        if isinstance(sampler, samplers.DistributedSampler):
            order = list(range(total))
            if sampler.shuffle != samplers.Shuffle.FALSE:
                self.seed = (self.seed + 1) & 0xFFFFFFFF
                stdrandom.shuffle(order, stdrandom.MinstdRand0(self.seed))
            taking = -(-total // sampler.num_shards)
            if sampler.num_samples:
                taking = min(taking, sampler.num_samples)
            return np.asarray([order[(sampler.shard_id + sampler.num_shards * i) % total] for i in range(taking)],
                              np.int64)
        if isinstance(sampler, samplers.RandomSampler):
            if sampler.reshuffle_each_epoch or self.passes == 1:
                self.seed = (self.seed + 1) & 0xFFFFFFFF
            if sampler.replacement:
                count = sampler.num_samples or total
                picks = []
                for i in range(count):
                    engine = stdrandom.MT19937((self.seed + i) & 0xFFFFFFFF)
                    picks.append(stdrandom.uniform_int(engine, 0, total - 1))
                return np.asarray(picks, np.int64)
            if sampler.shuffle == samplers.Shuffle.FILES:
                return self._files_pass()
            if sampler.shuffle == samplers.Shuffle.INFILE:
                return self._infile_pass()
            stdrandom.shuffle(self.order, stdrandom.MinstdRand0(self.seed))
            return np.asarray(self.order[:sampler.num_samples or total], np.int64)
        if isinstance(sampler, samplers.SequentialSampler):
            start = sampler.start_index or 0
            count = min(total - start, sampler.num_samples or total)
            return np.arange(start, start + max(count, 0))
        return sampler._runner(total).next_pass()

    def _files_pass(self):
        files = list(range(len(self.shard_counts)))
        stdrandom.shuffle(files, stdrandom.MinstdRand0(self.seed))
        ids = []
        for number in files:
            start = self.shard_counts[number - 1] if number else 0
            ids.extend(self.order[start:self.shard_counts[number]])
        self.order = ids
        return np.asarray(ids[:self.sampler.num_samples or None], np.int64)

    def _infile_pass(self):
        start = 0
        for end in self.shard_counts:
            part = self.order[start:end]
            stdrandom.shuffle(part, stdrandom.MinstdRand0(self.seed))
            self.order[start:end] = part
            start = end
        return np.asarray(self.order[:self.sampler.num_samples or None], np.int64)


class MindDataset(MappableSource):
    """Rows of MindRecord files: a file name (its whole set of shard files is read) or a list of files."""

    def __init__(self, dataset_files, columns_list=None, num_parallel_workers=None, shuffle=None, num_shards=None,
                 shard_id=None, sampler=None, padded_sample=None, num_padded=None, num_samples=None, cache=None):
        from minispore.mindrecord.filereader import MindRecordFiles
        if cache is not None:
            raise NotImplementedError("MindDataset: 'cache' (a MindSpore cache server) is not supported.")
        if not isinstance(dataset_files, (str, list)) or not dataset_files:
            raise TypeError(f"dataset_files should be a str or a non-empty list of str, but got {dataset_files!r}.")
        self._records = MindRecordFiles(dataset_files, load_dataset=isinstance(dataset_files, str))
        names = self._records.column_names()
        if columns_list is not None:
            if not isinstance(columns_list, list) or not columns_list:
                raise TypeError("columns_list should be a non-empty list of str.")
            missing = [name for name in columns_list if name not in names]
            if missing:
                raise RuntimeError(f"Invalid data, columns_list {missing} are not in the schema {names}.")
            names = list(columns_list)
        self._padded = None
        self.num_padded = num_padded or 0
        if padded_sample is not None or num_padded:
            if padded_sample is None or num_padded is None:
                raise RuntimeError("padded_sample and num_padded should be specified at the same time.")
            if num_shards is None:
                raise RuntimeError("num_shards must be given with padded_sample.")
            missing = [name for name in names if name not in padded_sample]
            if missing:
                raise RuntimeError(f"padded_sample misses the column(s) {missing}.")
            self._padded = tuple(np.asarray(padded_sample[name]) for name in names)
        mode = shuffle
        if sampler is None:
            if shuffle is None or shuffle is True:
                mode = samplers.Shuffle.ADAPTIVE
            elif shuffle is False:
                mode = samplers.Shuffle.FALSE
        super().__init__(names, num_samples, None if sampler is not None else mode != samplers.Shuffle.FALSE,
                         sampler, num_shards, shard_id, num_parallel_workers, "MindDataset")
        if sampler is None and isinstance(self.sampler, (samplers.RandomSampler, samplers.DistributedSampler)):
            self.sampler.shuffle = mode if mode not in (samplers.Shuffle.ADAPTIVE, True) else samplers.Shuffle.GLOBAL
        if num_samples and mode in (samplers.Shuffle.FILES, samplers.Shuffle.INFILE):
            raise ValueError("'Shuffle.FILES' or 'Shuffle.INFILE' and 'num_samples' cannot be specified at the same "
                             "time.")
        if self._padded is not None and (len(self._records.rows) + self.num_padded) % num_shards:
            raise RuntimeError(f"Invalid data, the size of dataset and padded samples: "
                               f"{len(self._records.rows) + self.num_padded} can not be divisible by the value of "
                               f"'num_shards': {num_shards}.\n Please adjust the value of 'num_padded'.")

    def _num_rows(self):
        return len(self._records.rows) + self.num_padded

    def _size(self):
        total = self._num_rows()
        sampler = self.sampler
        if isinstance(sampler, samplers.DistributedSampler):
            taking = -(-total // sampler.num_shards)
            return min(taking, sampler.num_samples) if sampler.num_samples else taking
        if isinstance(sampler, samplers.RandomSampler) and sampler.replacement:
            return sampler.num_samples or total
        return super()._size()

    def _runner(self):
        return _MindRecordRunner(self.sampler, self._num_rows(), self._records.shard_counts)

    def _read(self, index):
        if index >= len(self._records.rows):
            return tuple(value.copy() for value in self._padded)
        return self._records.row_arrays(index, self._names)
