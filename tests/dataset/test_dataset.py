"""minispore.dataset: pipeline semantics, sources, iterators, errors and transforms, with real values."""
import gzip
import os

import numpy as np
import pytest

import minispore as ms
import minispore.dataset as ds
from minispore.dataset import transforms, vision


def _gen():
    for i in range(5):
        yield np.array([i, i + 0.5]), np.array(i), i, float(i)


def _source():
    return ds.GeneratorDataset(_gen, ["a", "b", "c", "d"], shuffle=False)


def _column(dataset, index=0):
    return [row[index].tolist() for row in dataset.create_tuple_iterator(output_numpy=True)]


def test_generator_keeps_numpy_dtypes_and_yields_tensors():
    dataset = _source()
    assert dataset.get_dataset_size() == 5 and dataset.get_col_names() == ["a", "b", "c", "d"]
    assert dataset.output_shapes() == [[2], [], [], []]
    assert dataset.output_types() == [np.float64, np.int64, np.int64, np.float64]
    row = next(iter(dataset))
    assert isinstance(row, list) and all(isinstance(t, ms.Tensor) for t in row)
    assert [t.dtype for t in row] == [ms.float64, ms.int64, ms.int64, ms.float64]
    assert row[1].shape == () and row[0].asnumpy().tolist() == [0.0, 0.5]


def test_dict_iterator_and_numpy_output():
    rows = list(_source().create_dict_iterator(output_numpy=True))
    assert [r["c"].item() for r in rows] == [0, 1, 2, 3, 4]
    assert isinstance(rows[0]["a"], np.ndarray)
    first = next(iter(_source().create_dict_iterator()))
    assert isinstance(first["a"], ms.Tensor)


def test_batch_and_drop_remainder_sizes_and_values():
    batched = _source().batch(2)
    assert batched.get_dataset_size() == 3 and batched.output_shapes() == [[2, 2], [2], [2], [2]]
    assert _column(batched, 2) == [[0, 1], [2, 3], [4]]
    assert _source().batch(2, drop_remainder=True).get_dataset_size() == 2
    assert _column(_source().batch(2, drop_remainder=True), 2) == [[0, 1], [2, 3]]


def test_per_batch_map_gets_lists_and_batch_info():
    def double(c, info):
        return ([value * 2 + 100 * info.get_batch_num() for value in c],)
    batched = _source().batch(2, per_batch_map=double, input_columns=["c"])
    assert batched.get_col_names() == ["a", "b", "c", "d"]
    assert _column(batched, 2) == [[0, 2], [104, 106], [208]]


def test_map_column_layout_follows_mindspore():
    assert _column(_source().map(lambda a: a * 2, input_columns=["a"]), 0)[1] == [2.0, 3.0]
    assert _source().map(lambda c: c * 10, "c", ["z"]).get_col_names() == ["a", "b", "z", "d"]
    assert _source().map(lambda c: (c, c + 1), ["c"], ["c1", "c2"]).get_col_names() == ["c1", "c2", "a", "b", "d"]
    summed = _source().map(lambda b, c: b + c, ["b", "c"], ["s"])
    assert summed.get_col_names() == ["s", "a", "d"] and _column(summed, 0) == [0, 2, 4, 6, 8]
    chained = _source().map([lambda c: c + 1, lambda c: c * 3], "c")
    assert _column(chained, 2) == [3, 6, 9, 12, 15]


def test_repeat_take_skip_project_rename_zip_concat():
    assert _column(_source().repeat(2), 2) == [0, 1, 2, 3, 4] * 2
    assert _source().repeat(3).get_dataset_size() == 15
    assert _column(_source().take(3), 2) == [0, 1, 2] and _source().take(3).get_dataset_size() == 3
    assert _column(_source().skip(3), 2) == [3, 4] and _source().skip(3).get_dataset_size() == 2
    assert _source().project(["c", "a"]).get_col_names() == ["c", "a"]
    assert _column(_source().project(["c", "a"]), 0) == [0, 1, 2, 3, 4]
    assert _source().rename(["a"], ["z"]).get_col_names() == ["z", "b", "c", "d"]
    zipped = ds.zip((_source(), _source().rename(["a", "b", "c", "d"], ["e", "f", "g", "h"])))
    assert zipped.get_col_names() == list("abcdefgh") and zipped.get_dataset_size() == 5
    assert (_source() + _source()).get_dataset_size() == 10
    assert _source().batch(3).repeat(2).get_dataset_size() == 4
    assert _source().repeat(2).batch(3).get_dataset_size() == 4


def test_iterating_twice_gives_two_full_passes():
    dataset = _source()
    assert sum(1 for _ in dataset) == 5 and sum(1 for _ in dataset) == 5
    iterator = dataset.create_tuple_iterator(num_epochs=2)
    assert [len(list(iterator)) for _ in range(3)] == [5, 5, 0]


def _shuffled(seed_setter, seed):
    seed_setter(seed)
    dataset = ds.NumpySlicesDataset(list(range(20)), ["x"], shuffle=False).shuffle(8)
    return [_column(dataset), _column(dataset)]


def test_shuffle_is_deterministic_under_either_seed():
    first = _shuffled(ds.config.set_seed, 3)
    assert first == _shuffled(ds.config.set_seed, 3)
    assert sorted(first[0]) == list(range(20)) and first[0] != list(range(20))
    assert first[0] == first[1]  # as in MindSpore, each new iterator starts from the seed again
    assert first != _shuffled(ds.config.set_seed, 4)
    iterator = ds.NumpySlicesDataset(list(range(20)), ["x"], shuffle=False).shuffle(8).create_tuple_iterator(
        num_epochs=2, output_numpy=True)
    passes = [[int(row[0]) for row in iterator] for _ in range(2)]
    assert passes[0] != passes[1] and sorted(passes[1]) == list(range(20))  # one iterator reshuffles each pass


def test_global_seed_drives_shuffling_without_dataset_seed(monkeypatch):
    monkeypatch.setattr(ds.config, "_seed", None)
    ms.set_seed(7)
    once = _column(ds.NumpySlicesDataset(list(range(10)), ["x"]))
    ms.set_seed(7)
    assert once == _column(ds.NumpySlicesDataset(list(range(10)), ["x"]))
    assert sorted(once) == list(range(10))


def test_numpy_slices_columns_from_dict_tuple_and_list():
    data = {"x": np.arange(6, dtype=np.float32).reshape(3, 2), "y": np.array([1, 2, 3])}
    dataset = ds.NumpySlicesDataset(data, shuffle=False)
    assert dataset.get_col_names() == ["x", "y"]
    assert [[v.tolist() for v in row] for row in dataset.create_tuple_iterator(output_numpy=True)] == \
        [[[0.0, 1.0], 1], [[2.0, 3.0], 2], [[4.0, 5.0], 3]]
    assert ds.NumpySlicesDataset((np.zeros((3, 2)), [1, 2, 3])).get_col_names() == ["column_0", "column_1"]
    assert ds.NumpySlicesDataset([1, 2, 3], column_names=["q"]).output_types() == [np.int64]
    sharded = ds.NumpySlicesDataset(list(range(10)), ["x"], shuffle=False, num_shards=3, shard_id=1)
    assert _column(sharded) == [1, 4, 7, 0] and sharded.get_dataset_size() == 4  # MindSpore wraps round


def test_random_access_generator_and_column_types():
    class Source:
        def __getitem__(self, index):
            return np.array(index), np.array([index, index])

        def __len__(self):
            return 4
    dataset = ds.GeneratorDataset(Source(), ["i", "v"], column_types=[ms.int32, ms.float32], shuffle=False)
    assert dataset.get_dataset_size() == 4 and dataset.output_types() == [np.int32, np.float32]
    assert _column(dataset) == [0, 1, 2, 3]


def test_ragged_batch_error_names_column_rows_and_shapes():
    def ragged():
        for i in range(3):
            yield (np.zeros(i + 1),)
    with pytest.raises(RuntimeError, match=r"column 'r': row 0 has shape \(1,\) but row 1 has shape \(2,\)"):
        list(ds.GeneratorDataset(ragged, ["r"]).batch(3))


def test_generator_row_errors_name_row_and_column():
    def wrong_count():
        yield np.zeros(2), np.zeros(2)
    with pytest.raises(RuntimeError, match=r"row 0 has 2 value\(s\) but the columns are \['x'\]"):
        list(ds.GeneratorDataset(wrong_count, ["x"]))

    def bad_type():
        yield (np.zeros(2),)
        yield ({"not": "an array"},)
    with pytest.raises(RuntimeError, match="column 'x' of row 1 holds dict"):
        list(ds.GeneratorDataset(bad_type, ["x"]))


def test_argument_errors():
    with pytest.raises(ValueError, match=r"column\(s\) \['nope'\] not found"):
        _source().map(lambda x: x, "nope")
    with pytest.raises(ValueError, match="batch_size"):
        _source().batch(0)
    assert _column(ds.GeneratorDataset(_gen, ["a", "b", "c", "d"], shuffle=True), 2) == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="num_shards is not supported if source does not have attribute"):
        ds.GeneratorDataset(_gen, ["a", "b", "c", "d"], num_shards=2, shard_id=0)


def _write_idx(path, array, code):
    header = bytes([0, 0, code, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wb") as file:
        file.write(header + array.astype(">u1").tobytes())


def test_mnist_reads_idx_files_plain_and_gz(tmp_path):
    images = np.arange(5 * 28 * 28, dtype=np.int64).reshape(5, 28, 28) % 256
    labels = np.array([3, 1, 4, 1, 5])
    _write_idx(str(tmp_path / "train-images-idx3-ubyte"), images, 0x08)
    _write_idx(str(tmp_path / "train-labels-idx1-ubyte"), labels, 0x08)
    _write_idx(str(tmp_path / "t10k-images-idx3-ubyte.gz"), images[:2], 0x08)
    _write_idx(str(tmp_path / "t10k-labels-idx1-ubyte.gz"), labels[:2], 0x08)
    train = ds.MnistDataset(str(tmp_path), usage="train", shuffle=False)
    assert train.get_col_names() == ["image", "label"] and train.get_dataset_size() == 5
    assert train.output_shapes() == [[28, 28, 1], []] and train.output_types() == [np.uint8, np.uint32]
    rows = list(train.create_tuple_iterator(output_numpy=True))
    assert [int(label) for _, label in rows] == [3, 1, 4, 1, 5]
    assert np.array_equal(rows[2][0][..., 0], images[2])
    assert ds.MnistDataset(str(tmp_path), usage="test").get_dataset_size() == 2
    assert ds.MnistDataset(str(tmp_path)).get_dataset_size() == 7
    with pytest.raises(ValueError, match="no 'test' image/label IDX file pair"):
        os.remove(tmp_path / "t10k-labels-idx1-ubyte.gz")
        ds.MnistDataset(str(tmp_path), usage="test")


def test_cifar10_reads_binary_batches(tmp_path):
    rng = np.random.default_rng(0)
    chw = rng.integers(0, 256, (3, 3, 32, 32), dtype=np.uint8)
    labels = np.array([7, 0, 9], dtype=np.uint8)
    records = np.concatenate([labels[:, None], chw.reshape(3, -1)], axis=1)
    records.tofile(tmp_path / "test_batch.bin")
    dataset = ds.Cifar10Dataset(str(tmp_path), usage="test", shuffle=False)
    assert dataset.output_shapes() == [[32, 32, 3], []] and dataset.output_types() == [np.uint8, np.uint32]
    rows = list(dataset.create_tuple_iterator(output_numpy=True))
    assert [int(label) for _, label in rows] == [7, 0, 9]
    assert np.array_equal(rows[1][0], chw[1].transpose(1, 2, 0))


def test_normalize_of_decoded_images_equals_the_float32_arithmetic_for_every_value():
    mean, std = [123.675, 116.28, 103.53], [58.395, 57.12, 57.375]
    image = np.stack([np.arange(256, dtype=np.uint8).reshape(16, 16)] * 3, axis=-1)[:, ::-1]  # every value, strided
    expected = np.divide(np.subtract(image, np.float32(mean), dtype=np.float32), np.float32(std))
    normalize = vision.Normalize(mean, std)
    for _ in range(2):  # the table is built by the first call and reused
        out = normalize(image)
        assert out.dtype == np.float32 and out.flags.c_contiguous and np.array_equal(out, expected)


def test_vision_transform_numbers():
    img = np.arange(2 * 3 * 3).reshape(2, 3, 3).astype(np.uint8)
    rescaled = vision.Rescale(1 / 255.0, 0.1)(img)
    assert rescaled.dtype == np.float32 and np.allclose(rescaled[0, 0], [0.1, 0.10392157, 0.10784314])
    normalized = vision.Normalize(mean=[1, 2, 3], std=[2, 2, 2])(img)
    assert normalized.dtype == np.float32 and normalized[0, 0].tolist() == [-0.5, -0.5, -0.5]
    chw = vision.Normalize(mean=[1, 2, 3], std=[2, 2, 2], is_hwc=False)(img.transpose(2, 0, 1))
    assert np.allclose(chw, normalized.transpose(2, 0, 1))
    assert vision.HWC2CHW()(img).shape == (3, 2, 3)
    # Values from MindSpore 2.10 (OpenCV-style half-pixel sampling).
    assert vision.Resize((4, 6))(img)[..., 0].tolist() == [[0, 1, 2, 4, 5, 6], [2, 3, 4, 6, 7, 8],
                                                          [7, 7, 9, 10, 12, 13], [9, 10, 11, 13, 14, 15]]
    assert vision.Resize((4, 6), vision.Inter.NEAREST)(img)[..., 0].tolist() == \
        [[0, 0, 3, 3, 6, 6], [0, 0, 3, 3, 6, 6], [9, 9, 12, 12, 15, 15], [9, 9, 12, 12, 15, 15]]
    assert vision.Resize(4)(np.zeros((8, 16, 3), np.uint8)).shape == (4, 8, 3)
    tensor = vision.ToTensor()(img)
    assert tensor.dtype == np.float32 and tensor.shape == (3, 2, 3) and np.isclose(tensor[0, 0, 1], 3 / 255)
    assert vision.transforms.Rescale is vision.Rescale


def test_random_transforms_are_seeded():
    img = np.arange(6 * 6).reshape(6, 6).astype(np.uint8)
    ds.config.set_seed(5)
    crops = [vision.RandomCrop(3)(img) for _ in range(4)]
    flips = [vision.RandomHorizontalFlip(0.5)(img)[0, 0] for _ in range(8)]
    ds.config.set_seed(5)
    assert all(np.array_equal(a, vision.RandomCrop(3)(img)) for a in crops)
    assert flips == [vision.RandomHorizontalFlip(0.5)(img)[0, 0] for _ in range(8)]
    assert len({a.tobytes() for a in crops}) == 1 and len(set(flips)) == 1  # seeded eager calls repeat (MindSpore)
    dataset = ds.NumpySlicesDataset(np.stack([img] * 8), ["x"], shuffle=False).map(vision.RandomHorizontalFlip(), "x")
    assert {int(row[0][0, 0]) for row in dataset.create_tuple_iterator(output_numpy=True)} == {0, 5}
    padded = vision.RandomCrop(6, padding=2)(img)
    assert padded.shape == (6, 6)
    assert np.array_equal(vision.RandomHorizontalFlip(1.0)(img), img[:, ::-1])


def test_general_transforms():
    cast = transforms.TypeCast(ms.int32)(np.array([1.7, 2.2]))
    assert cast.dtype == np.int32 and cast.tolist() == [1, 2]
    assert transforms.OneHot(4)(np.array(2)).tolist() == [0, 0, 1, 0]
    assert transforms.OneHot(3)(np.array([0, 2])).tolist() == [[1, 0, 0], [0, 0, 1]]
    composed = transforms.Compose([vision.Rescale(2.0, 0), vision.HWC2CHW()])(np.ones((2, 3, 1), np.uint8))
    assert composed.shape == (1, 2, 3) and composed.dtype == np.float32 and composed.max() == 2.0
    assert transforms.transforms.TypeCast is transforms.TypeCast


def test_tutorial_pipeline_types():
    images = np.full((4, 28, 28, 1), 255, np.uint8)
    dataset = ds.NumpySlicesDataset({"image": images, "label": np.arange(4, dtype=np.uint32)}, shuffle=False)
    dataset = dataset.map([vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(0.1307,), std=(0.3081,)),
                           vision.HWC2CHW()], "image")
    dataset = dataset.map(transforms.TypeCast(ms.int32), "label").batch(3)
    image, label = next(iter(dataset))
    assert image.shape == (3, 1, 28, 28) and image.dtype == ms.float32
    assert label.dtype == ms.int32 and label.asnumpy().tolist() == [0, 1, 2]
    assert np.allclose(image.asnumpy(), (1 - 0.1307) / 0.3081)


def test_bundled_digits():
    images, labels = ds.digits.load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8 and images.max() == 16
    assert labels.shape == (1797,) and sorted(set(labels.tolist())) == list(range(10))
    assert labels[:3].tolist() == [0, 1, 2]
