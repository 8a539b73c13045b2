"""Samplers: which rows of a random-access source each pass reads, in which order.

Each sampler draws exactly as MindSpore 2.10's C++ sampler does (same generators, same seeds,
same per-epoch reseeding), so a seeded pipeline yields MindSpore's row order, and shards split
the rows as MindSpore splits them (`ceil(rows / num_shards)` each, interleaved, wrapping round).
An iterator asks a sampler for a `_runner(num_rows)`: the per-iterator state that hands out one
array of row ids per pass.
"""
import numbers
from enum import Enum

import numpy as np

from minispore.dataset import config
from minispore.dataset.engine import stdrandom

__all__ = ["Shuffle", "BuiltinSampler", "Sampler", "IterSampler", "DistributedSampler", "RandomSampler",
           "SequentialSampler", "SubsetSampler", "SubsetRandomSampler", "WeightedRandomSampler", "PKSampler",
           "select_sampler"]

_INT64_MAX = 2**63 - 1


class Shuffle(str, Enum):
    """Shuffle levels of file-based sources (MindSpore's `mindspore.dataset.Shuffle`)."""
    FALSE: str = "false"
    ADAPTIVE: str = "adaptive"
    GLOBAL: str = "global"
    PARTIAL: str = "partial"
    FILES: str = "files"
    INFILE: str = "infile"


def _check_num_samples(num_samples):
    if num_samples is None:
        return
    if isinstance(num_samples, bool) or not isinstance(num_samples, int):
        raise TypeError(f"num_samples must be integer but was: {num_samples}.")
    if num_samples < 0 or num_samples > _INT64_MAX:
        raise ValueError(f"num_samples exceeds the boundary between 0 and {_INT64_MAX}(INT64_MAX)!")


class _Runner:
    """Per-iterator sampling state: `next_pass()` gives the row ids of the next pass."""

    def __init__(self, sampler, num_rows):
        self._sampler = sampler
        self._child = sampler.child_sampler._runner(num_rows) if sampler.child_sampler is not None else None
        self._num_rows = num_rows
        self._pass = 0
        self._state = None

    def next_pass(self):
        child_ids = self._child.next_pass() if self._child is not None else None
        rows = self._num_rows if child_ids is None else len(child_ids)
        if rows <= 0:
            raise RuntimeError("Invalid data, data rows of input dataset must not be less than or equal to 0, "
                               "please check the input dataset.")
        ids = np.asarray(self._sampler._draw(self, rows), np.int64)
        self._pass += 1
        return ids if child_ids is None else np.asarray(child_ids)[ids]


class BuiltinSampler:
    """Base of MindSpore's samplers (not to be subclassed by users: subclass `Sampler`)."""

    def __init__(self, num_samples=None):
        self.child_sampler = None
        self.num_samples = num_samples

    def add_child(self, sampler):
        """Sample from the ids `sampler` produces instead of from the whole dataset."""
        if self.child_sampler is not None:
            raise RuntimeError("Cannot add child sampler, this sampler already has a child.")
        if sampler is not None and sampler.get_shuffle_mode() == Shuffle.PARTIAL:
            raise RuntimeError("When multiple samplers are used, ensure that the shuffle of the input sampler "
                               "must not be Shuffle.PARTIAL.")
        self.child_sampler = sampler

    def get_child(self):
        """The child sampler, or None."""
        return self.child_sampler

    def get_num_samples(self):
        """`num_samples`, combined with the child's as MindSpore does (min of both when both are set)."""
        if self.child_sampler is not None:
            child_samples = self.child_sampler.get_num_samples()
            if self.num_samples is not None:
                return self.num_samples if child_samples is None else min(self.num_samples, child_samples)
            return child_samples
        return self.num_samples

    def get_shuffle_mode(self):
        """The shuffle mode (Shuffle.FALSE unless the sampler shuffles)."""
        return Shuffle.FALSE

    def is_shuffled(self):
        """Whether the order is random."""
        raise NotImplementedError("Sampler must implement is_shuffled.")

    def is_sharded(self):
        """Whether only part of the rows is read."""
        raise NotImplementedError("Sampler must implement is_sharded.")

    # --- engine side ----------------------------------------------------------------------
    def _runner(self, num_rows):
        return _Runner(self, num_rows)

    def _count(self, num_rows):
        """Rows one pass yields from `num_rows` (MindSpore's CalculateNumSamples)."""
        rows = self.child_sampler._count(num_rows) if self.child_sampler is not None else num_rows
        return min(rows, self.num_samples) if self.num_samples else rows

    def _limit(self, rows):
        return min(rows, self.num_samples) if self.num_samples else rows

    def _draw(self, runner, rows):
        raise NotImplementedError


class SequentialSampler(BuiltinSampler):
    """Rows in order from `start_index`."""

    def __init__(self, start_index=None, num_samples=None):
        if start_index is not None and (isinstance(start_index, bool) or not isinstance(start_index, int)):
            raise TypeError(f"start_index must be integer but was: {start_index}.")
        _check_num_samples(num_samples)
        if start_index is not None and start_index < 0:
            raise ValueError(f"start_index should be non-negative, but got: {start_index}.")
        self.start_index = start_index
        super().__init__(num_samples)

    def is_shuffled(self):
        return False if self.child_sampler is None else self.child_sampler.is_shuffled()

    def is_sharded(self):
        return False if self.child_sampler is None else self.child_sampler.is_sharded()

    def _count(self, num_rows):
        rows = self.child_sampler._count(num_rows) if self.child_sampler is not None else num_rows
        start = self.start_index or 0
        return max(0, min(rows - start, self.num_samples or rows))

    def _draw(self, runner, rows):
        start = self.start_index or 0
        if start >= rows:
            raise RuntimeError(f"Invalid parameter, start_index must be less than num_rows, but got start_index: "
                               f"{start}, num_rows: {rows}.")
        return np.arange(start, start + min(rows - start, self.num_samples or rows))


class RandomSampler(BuiltinSampler):
    """A random order of the rows (or `num_samples` draws with replacement)."""

    def __init__(self, replacement=False, num_samples=None, shuffle=Shuffle.GLOBAL):
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement must be a boolean value but was: {replacement}.")
        _check_num_samples(num_samples)
        if shuffle not in (Shuffle.GLOBAL, Shuffle.PARTIAL, Shuffle.ADAPTIVE, True):
            raise TypeError(f"shuffle must be valid shuffle mode but was: {shuffle}.")
        self.replacement = replacement
        self.reshuffle_each_epoch = True
        self.shuffle = Shuffle.GLOBAL if shuffle is True else shuffle
        super().__init__(num_samples)

    def get_shuffle_mode(self):
        return self.shuffle

    def is_shuffled(self):
        return True

    def is_sharded(self):
        return False if self.child_sampler is None else self.child_sampler.is_sharded()

    def _draw(self, runner, rows):
        count = self._limit(rows)
        if runner._state is None:
            runner._state = {"seed": config.engine_seed(), "order": list(range(rows))}
        state = runner._state
        if runner._pass and self.reshuffle_each_epoch:
            state["seed"] = (state["seed"] + 1) & 0xFFFFFFFF
        engine = stdrandom.MT19937(state["seed"])
        if self.replacement:
            return [stdrandom.uniform_int(engine, 0, rows - 1) for _ in range(count)]
        if runner._pass == 0 or self.reshuffle_each_epoch:
            stdrandom.shuffle(state["order"], engine)
        return state["order"][:count]


class DistributedSampler(BuiltinSampler):
    """One shard of the rows: `ceil(rows / num_shards)` ids, interleaved, wrapping round to the start."""

    def __init__(self, num_shards, shard_id, shuffle=True, num_samples=None, offset=-1):
        if isinstance(num_shards, bool) or not isinstance(num_shards, int):
            raise TypeError(f"num_shards must be integer but was: {num_shards}.")
        if isinstance(shard_id, bool) or not isinstance(shard_id, int):
            raise TypeError(f"shard_id must be integer but was: {shard_id}.")
        if not isinstance(shuffle, bool) and shuffle not in tuple(Shuffle):
            raise TypeError(f"shuffle must be a boolean value or valid shuffle mode but was: {shuffle}.")
        _check_num_samples(num_samples)
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise TypeError(f"offset must be integer but was: {offset}.")
        if num_shards <= 0:
            raise RuntimeError(f"Invalid parameter, num_shard must be greater than shard_id and greater than 0, "
                               f"got num_shard: {num_shards}, shard_id: {shard_id}.")
        if not 0 <= shard_id < num_shards:
            raise RuntimeError(f"Invalid parameter, num_shard must be greater than shard_id and greater than 0, "
                               f"got num_shard: {num_shards}, shard_id: {shard_id}.")
        if offset > num_shards:
            raise RuntimeError(f"Invalid parameter, offset must be less than or equal to num_shards, but got "
                               f"offset: {offset}, num_shards: {num_shards}.")
        self.num_shards = num_shards
        self.shard_id = shard_id
        self.shuffle = (Shuffle.GLOBAL if shuffle else Shuffle.FALSE) if isinstance(shuffle, bool) else shuffle
        # MindSpore takes the seed when the sampler is made (5489 when none is set, so every
        # process of a job shuffles alike) and uses seed + 1 for each iterator.
        self.seed = config.get_seed()
        self.offset = offset
        super().__init__(num_samples)

    def get_shuffle_mode(self):
        return self.shuffle

    def is_shuffled(self):
        if self.child_sampler is None:
            return self.shuffle != Shuffle.FALSE
        return self.child_sampler.is_shuffled()

    def is_sharded(self):
        if self.child_sampler is None:
            return self.num_shards > 1
        return self.child_sampler.is_sharded()

    def set_offset(self, offset):
        """The shard the first row goes to (used by concat)."""
        self.offset = offset
        return self

    def _shard_size(self, rows):
        if self.offset == -1:
            return -(-rows // self.num_shards)
        size = (rows + self.offset) // self.num_shards
        size += self.shard_id < (rows + self.offset) % self.num_shards
        return size - (self.shard_id < self.offset)

    def _count(self, num_rows):
        rows = self.child_sampler._count(num_rows) if self.child_sampler is not None else num_rows
        return min(self._limit(rows), max(self._shard_size(rows), 1))

    def _draw(self, runner, rows):
        shuffled = self.shuffle != Shuffle.FALSE
        if runner._state is None:
            runner._state = {"seed": (self.seed + 1) & 0xFFFFFFFF, "order": list(range(rows))}
        state = runner._state
        if shuffled:
            engine = stdrandom.MT19937(state["seed"])
            state["seed"] = (state["seed"] + 1) & 0xFFFFFFFF
            stdrandom.shuffle(state["order"], engine)
        count = min(self._limit(rows), self._shard_size(rows))
        offset = 0 if self.offset == -1 else self.offset
        positions = self.num_shards * np.arange(count) + self.shard_id - offset
        if count and positions[0] < 0:  # a shard before the offset starts one step later
            positions = positions + self.num_shards
        positions %= rows
        order = np.asarray(state["order"])
        return order[positions] if shuffled else positions


class SubsetSampler(BuiltinSampler):
    """The given row ids, in the given order."""

    def __init__(self, indices, num_samples=None):
        if not isinstance(indices, (list, tuple, np.ndarray)):
            indices = [indices]
        for item in indices:
            if isinstance(item, bool) or not isinstance(item, numbers.Integral):
                raise TypeError(f"SubsetSampler: Type of indices element must be int, but got list[{item}]: "
                                f"{item}, type: {type(item)}.")
        _check_num_samples(num_samples)
        self.indices = [int(i) for i in indices]
        super().__init__(num_samples)

    def is_shuffled(self):
        return False

    def is_sharded(self):
        return False if self.child_sampler is None else self.child_sampler.is_sharded()

    def get_num_samples(self):
        count = len(self.indices)
        if self.num_samples is not None:
            count = min(count, self.num_samples)
        child = self.child_sampler.get_num_samples() if self.child_sampler is not None else None
        return count if child is None else min(count, child)

    def _count(self, num_rows):
        return self._limit(len(self.indices))

    def _checked(self, indices, rows):
        for index in indices:
            if not 0 <= index < rows:
                raise RuntimeError(f"Sample ID ({index}) is out of bound, expected range [0, {rows - 1}]")
        return indices[:self._limit(len(indices))]

    def _draw(self, runner, rows):
        return self._checked(self.indices, rows)


class SubsetRandomSampler(SubsetSampler):
    """The given row ids in a random order."""

    def is_shuffled(self):
        return True

    def get_shuffle_mode(self):
        return Shuffle.GLOBAL

    def _draw(self, runner, rows):
        if runner._state is None:
            runner._state = list(self.indices)
        # MindSpore reshuffles the previous order with a fresh seed (the same one when set) each pass
        stdrandom.shuffle(runner._state, stdrandom.MT19937(config.engine_seed()))
        return self._checked(runner._state, rows)


class WeightedRandomSampler(BuiltinSampler):
    """Row ids drawn with probability proportional to `weights` (with or without replacement)."""

    def __init__(self, weights, num_samples=None, replacement=True):
        if not isinstance(weights, (list, tuple, np.ndarray)):
            weights = [weights]
        if not len(weights):
            raise ValueError("weights size should not be 0")
        for weight in weights:
            if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
                raise TypeError(f"weights should be a list of numbers, but got {weight!r}.")
            if weight < 0:
                raise ValueError(f"weights should not contain negative numbers, but got {weight}.")
        if not any(weights):
            raise ValueError("elements of weights should not be all zeros.")
        _check_num_samples(num_samples)
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement must be a boolean value but was: {replacement}.")
        self.weights = [float(w) for w in weights]
        self.replacement = replacement
        super().__init__(num_samples)

    def is_shuffled(self):
        return True

    def is_sharded(self):
        return False if self.child_sampler is None else self.child_sampler.is_sharded()

    def _draw(self, runner, rows):
        count = self._limit(rows)
        if len(self.weights) > rows:
            raise RuntimeError(f"Invalid parameter, size of sample weights must be less than or equal to num of "
                               f"data, otherwise might cause generated id out of bound or other errors, but got "
                               f"weight size: {len(self.weights)}, num of data: {rows}")
        if not self.replacement and len(self.weights) < count:
            raise RuntimeError(f"Invalid parameter, without replacement, weight size must be greater than or equal "
                               f"to num_samples, but got weight size: {len(self.weights)}, num_samples: {count}")
        engine = stdrandom.MT19937(config.engine_seed())
        if self.replacement:
            draw = stdrandom.discrete_sampler(self.weights)
            return [draw(engine) for _ in range(count)]
        keys = [(stdrandom.exponential(engine) / weight if weight else float("inf"), i)
                for i, weight in enumerate(self.weights)]
        return [index for _, index in sorted(keys)[:count]]


class PKSampler(BuiltinSampler):
    """`num_val` rows of each class, classes in order (or shuffled)."""

    def __init__(self, num_val, num_class=None, shuffle=False, class_column='label', num_samples=None):
        if isinstance(num_val, bool) or not isinstance(num_val, int) or num_val <= 0:
            raise ValueError(f"num_val should be a positive integer value, but got num_val: {num_val}.")
        if num_class is not None:
            raise NotImplementedError("Not supported to specify num_class for PKSampler.")
        if not isinstance(shuffle, bool):
            raise TypeError(f"shuffle must be a boolean value but was: {shuffle}.")
        _check_num_samples(num_samples)
        self.num_val = num_val
        self.shuffle = shuffle
        self.class_column = class_column
        super().__init__(num_samples)

    def is_shuffled(self):
        return self.shuffle

    def is_sharded(self):
        return False if self.child_sampler is None else self.child_sampler.is_sharded()

    def _labels_runner(self, labels):
        """PK sampling needs the labels of the rows; sources that know them call this."""
        return _PKRunner(self, labels)

    def _runner(self, num_rows):
        raise RuntimeError("PKSampler needs a source with class labels (ImageFolderDataset, MnistDataset, "
                           "Cifar10Dataset, ...).")


class _PKRunner:
    def __init__(self, sampler, labels):
        self._sampler = sampler
        self._labels = np.asarray(labels).reshape(-1)
        self._seed = config.engine_seed()

    def next_pass(self):
        classes = sorted(set(self._labels.tolist()))
        if self._sampler.shuffle:
            stdrandom.shuffle(classes, stdrandom.MT19937(self._seed))
        ids = []
        for label in classes:
            rows = np.flatnonzero(self._labels == label).tolist()
            ids.extend((rows * self._sampler.num_val)[:self._sampler.num_val])
        return np.asarray(ids[:self._sampler.num_samples or None], np.int64)


class Sampler(BuiltinSampler):
    """Base of user samplers: override `__iter__` to yield row ids (`self.dataset_size` is set for you)."""

    def __init__(self, num_samples=None):
        super().__init__(num_samples)
        self.dataset_size = 0
        if self.num_samples is None and hasattr(self, "__len__"):
            self.num_samples = len(self)

    def __iter__(self):
        raise NotImplementedError

    def reset(self):
        """Called before every pass after the first; override when the sampler keeps state."""

    def is_shuffled(self):
        return False if self.child_sampler is None else self.child_sampler.is_shuffled()

    def is_sharded(self):
        return False if self.child_sampler is None else self.child_sampler.is_sharded()

    def _count(self, num_rows):
        self.dataset_size = num_rows
        if self.num_samples:
            return self.num_samples
        return sum(1 for _ in iter(self))

    def _draw(self, runner, rows):
        self.dataset_size = rows
        if runner._pass:
            self.reset()
        ids = []
        for count, index in enumerate(iter(self), 1):
            if isinstance(index, numbers.Number):
                ids.append(int(index))
            else:  # a batch sampler yields lists of ids
                ids.extend(int(i) for i in index)
            if self.num_samples and count >= self.num_samples:
                break
        for index in ids:
            if not 0 <= index < rows:
                raise RuntimeError(f"Sample ID ({index}) is out of bound, expected range [0, {rows - 1}]")
        return ids


class IterSampler(Sampler):
    """Any iterable of row ids used as a sampler."""

    def __init__(self, sampler, num_samples=None):
        if num_samples is None and hasattr(sampler, "__len__"):
            num_samples = len(sampler)
        super().__init__(num_samples=num_samples)
        self.sampler = sampler

    def __iter__(self):
        return iter(self.sampler)


def select_sampler(num_samples, input_sampler, shuffle, num_shards, shard_id):
    """The sampler a source's arguments stand for (MindSpore's rules, including shuffle + num_samples)."""
    if input_sampler is not None:
        if isinstance(input_sampler, BuiltinSampler) and any(
                arg is not None for arg in (num_shards, shard_id, shuffle, num_samples)):
            raise ValueError(f"Conflicting arguments during sampler assignments. num_samples: {num_samples}, "
                             f"num_shards: {num_shards}, shard_id: {shard_id}, shuffle: {shuffle}.")
        if isinstance(input_sampler, BuiltinSampler):
            return input_sampler
        if isinstance(input_sampler, (np.ndarray, list, tuple)):
            return SubsetSampler(input_sampler, num_samples)
        if isinstance(input_sampler, int) and not isinstance(input_sampler, bool):
            return SubsetSampler([input_sampler])
        if not isinstance(input_sampler, str) and hasattr(input_sampler, "__iter__"):
            return IterSampler(input_sampler, num_samples)
        raise TypeError(f"Unsupported sampler object of type ({type(input_sampler)})")
    if shuffle is None or shuffle:
        if num_shards is not None:
            return DistributedSampler(num_shards, shard_id, shuffle=True, num_samples=num_samples)
        if num_samples is not None:
            return RandomSampler(replacement=True, num_samples=num_samples)
        return RandomSampler(num_samples=num_samples)
    if num_shards is not None:
        return DistributedSampler(num_shards, shard_id, shuffle=False, num_samples=num_samples)
    return SequentialSampler(num_samples=num_samples)
