"""GeneratorDataset is a class, as in MindSpore: isinstance works for every kind of source, and a subclass
that calls super().__init__ reads rows like the dataset it wraps (behaviour checked against MindSpore 2.10)."""
import numpy as np
import pytest

import minispore.dataset as ds


class Pairs:
    def __len__(self):
        return 4

    def __getitem__(self, index):
        return np.array([index], np.int32), np.array([index * index], np.int32)


class Squares(ds.GeneratorDataset):
    def __init__(self, size):
        self.size = size
        super().__init__(Pairs(), column_names=["x", "y"], shuffle=False)


def _counting():
    for index in range(3):
        yield (np.array([index]),)


def test_every_source_kind_is_a_generator_dataset():
    random_access = ds.GeneratorDataset(Pairs(), ["x", "y"], shuffle=False)
    iterable = ds.GeneratorDataset(_counting, ["x"])
    generator_object = ds.GeneratorDataset(_counting(), ["x"])
    for dataset in (random_access, iterable, generator_object, Squares(4)):
        assert isinstance(dataset, ds.GeneratorDataset) and isinstance(dataset, ds.Dataset)
    assert type(random_access).__name__ == type(iterable).__name__ == "GeneratorDataset"
    assert not isinstance(random_access.map(lambda x: x + 1, "x"), ds.GeneratorDataset)


def test_subclass_reads_its_source():
    squares = Squares(4)
    assert squares.size == 4
    assert [row[1].tolist() for row in squares.create_tuple_iterator(output_numpy=True)] == [[0], [1], [4], [9]]
    assert squares.get_dataset_size() == 4 and squares.batch(2).get_dataset_size() == 2
    first, second = squares.split([2, 2], randomize=False)
    assert [row[0].tolist() for row in second.create_tuple_iterator(output_numpy=True)] == [[2], [3]]


def test_iterable_source_keeps_its_order_and_takes_no_sampler():
    iterable = ds.GeneratorDataset(_counting, ["x"])
    assert iterable.get_dataset_size() == 3 and not iterable.is_sharded()
    assert [row[0].tolist() for row in iterable.create_tuple_iterator(output_numpy=True)] == [[0], [1], [2]]
    generator_object = ds.GeneratorDataset(_counting(), ["x"])
    for _ in range(2):  # re-iterable: the rows a generator object yielded are replayed
        assert [row[0].tolist() for row in generator_object.create_tuple_iterator(output_numpy=True)] == \
            [[0], [1], [2]]
    with pytest.raises(ValueError, match="use_sampler: the source has no '__getitem__'"):
        iterable.use_sampler(ds.SequentialSampler())
    assert ds.GeneratorDataset(Pairs(), ["x", "y"]).is_shuffled()
