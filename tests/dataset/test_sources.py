"""File sources the golden cases do not cover: decoding folders, Fashion-MNIST, CelebA, VOC, MindDataset
padding, Dataset.save round trips, and the errors of bad directories and arguments."""
import os

import numpy as np
import pytest

import minispore.dataset as ds
from minispore.dataset import vision

PIL = pytest.importorskip("PIL.Image")


def _png(path, array):
    PIL.fromarray(array).save(path, format="PNG")


def _jpeg(path, array):
    PIL.fromarray(array).save(path, format="JPEG", quality=95)


def _rows(dataset):
    return list(dataset.create_tuple_iterator(output_numpy=True, num_epochs=1))


def test_image_folder_decode_matches_vision_decode(tmp_path):
    rng = np.random.RandomState(0)
    for folder in ("b", "a"):
        os.makedirs(tmp_path / folder)
        _png(tmp_path / folder / "1.png", rng.randint(0, 256, (5, 7, 3)).astype(np.uint8))
        _jpeg(tmp_path / folder / "2.jpg", rng.randint(0, 256, (6, 4, 3)).astype(np.uint8))
    decoded = _rows(ds.ImageFolderDataset(str(tmp_path), shuffle=False, decode=True))
    raw = _rows(ds.ImageFolderDataset(str(tmp_path), shuffle=False))
    assert [int(row[1]) for row in decoded] == [0, 0, 1, 1]
    for (image, _), (encoded, _) in zip(decoded, raw):
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
        assert np.array_equal(image, vision.Decode()(encoded))
    assert ds.ImageFolderDataset(str(tmp_path), decode=True).output_shapes()[0][2] == 3
    with pytest.raises(ValueError, match="does not exist or is not a directory"):
        ds.ImageFolderDataset(str(tmp_path / "missing"))


def test_fashion_mnist_reads_idx(tmp_path):
    def idx(path, array):
        header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
        path.write_bytes(header + array.astype(np.uint8).tobytes())
    idx(tmp_path / "train-images-idx3-ubyte", np.arange(3 * 28 * 28).reshape(3, 28, 28) % 251)
    idx(tmp_path / "train-labels-idx1-ubyte", np.array([9, 0, 4]))
    rows = _rows(ds.FashionMnistDataset(str(tmp_path), usage="train", shuffle=False))
    assert [int(row[1]) for row in rows] == [9, 0, 4] and rows[0][0].shape == (28, 28, 1)


def test_celeba_attributes_and_partition(tmp_path):
    for name in ("000001.jpg", "000002.jpg", "000003.jpg"):
        _jpeg(tmp_path / name, np.full((8, 8, 3), 100, np.uint8))
    (tmp_path / "list_attr_celeba.txt").write_text("3\nSmiling Young\n000001.jpg 1 -1\n000002.jpg -1 1\n"
                                                   "000003.jpg 1 1\n")
    (tmp_path / "list_eval_partition.txt").write_text("000001.jpg 0\n000002.jpg 1\n000003.jpg 0\n")
    rows = _rows(ds.CelebADataset(str(tmp_path), shuffle=False, usage="train", decode=True))
    assert [row[1].tolist() for row in rows] == [[1, 0], [1, 1]] and rows[0][1].dtype == np.uint32
    assert rows[0][0].shape == (8, 8, 3)


def test_voc_detection_and_segmentation(tmp_path):
    for folder in ("JPEGImages", "Annotations", "SegmentationClass", "ImageSets/Main", "ImageSets/Segmentation"):
        os.makedirs(tmp_path / folder)
    for image_id in ("a", "b"):
        _jpeg(tmp_path / "JPEGImages" / f"{image_id}.jpg", np.zeros((10, 12, 3), np.uint8))
        _png(tmp_path / "SegmentationClass" / f"{image_id}.png", np.ones((10, 12), np.uint8))
    (tmp_path / "Annotations" / "a.xml").write_text(
        "<annotation><object><name>dog</name><difficult>1</difficult><bndbox><xmin>2</xmin><ymin>3</ymin>"
        "<xmax>8</xmax><ymax>9</ymax></bndbox></object><object><name>cat</name><truncated>1</truncated><bndbox>"
        "<xmin>1</xmin><ymin>1</ymin><xmax>4</xmax><ymax>5</ymax></bndbox></object></annotation>")
    (tmp_path / "Annotations" / "b.xml").write_text(
        "<annotation><object><name>cat</name><bndbox><xmin>5</xmin><ymin>5</ymin><xmax>6</xmax><ymax>7</ymax>"
        "</bndbox></object></annotation>")
    (tmp_path / "ImageSets" / "Main" / "train.txt").write_text("a\nb\n")
    (tmp_path / "ImageSets" / "Segmentation" / "train.txt").write_text("b\n")
    detection = ds.VOCDataset(str(tmp_path), task="Detection", shuffle=False, decode=True)
    assert detection.get_col_names() == ["image", "bbox", "label", "difficult", "truncate"]
    assert detection.get_class_indexing() == {"cat": 0, "dog": 1}
    image, bbox, label, difficult, truncate = _rows(detection)[0]
    assert image.shape == (10, 12, 3) and bbox.dtype == np.float32
    assert bbox.tolist() == [[2, 3, 6, 6], [1, 1, 3, 4]] and label.tolist() == [[1], [0]]
    assert difficult.tolist() == [[1], [0]] and truncate.tolist() == [[0], [1]]
    segmentation = _rows(ds.VOCDataset(str(tmp_path), task="Segmentation", shuffle=False, decode=True))
    assert len(segmentation) == 1 and segmentation[0][1].shape == (10, 12, 3)


def test_save_and_read_back(tmp_path):
    data = {"image": np.random.RandomState(1).randint(0, 256, (5, 4, 3)).astype(np.uint8),
            "label": np.arange(5, dtype=np.int64), "weight": np.linspace(0, 1, 5).astype(np.float32)}
    source = ds.NumpySlicesDataset(data, shuffle=False)
    path = str(tmp_path / "saved.mindrecord")
    source.save(path)
    rows = _rows(ds.MindDataset(path, shuffle=False))
    assert ds.MindDataset(path).get_col_names() == ["image", "label", "weight"]
    for k, (image, label, weight) in enumerate(rows):
        assert image.dtype == np.int32 and np.array_equal(image, data["image"][k])
        assert int(label) == k and np.isclose(float(weight), data["weight"][k])


def test_mind_dataset_padding_for_even_shards(tmp_path):
    path = str(tmp_path / "p.mindrecord")
    ds.NumpySlicesDataset({"v": np.arange(5, dtype=np.int64)}, shuffle=False).save(path)
    shards = [_rows(ds.MindDataset(path, num_shards=2, shard_id=i, shuffle=False,
                                   padded_sample={"v": np.array(-1)}, num_padded=1)) for i in range(2)]
    assert [[int(row[0]) for row in rows] for rows in shards] == [[0, 2, 4], [1, 3, -1]]
    with pytest.raises(RuntimeError, match="can not be divisible"):
        ds.MindDataset(path, num_shards=2, shard_id=0, padded_sample={"v": np.array(-1)}, num_padded=2)


def test_gan_style_iterable_source_with_shuffle_is_read_in_order():
    class Images:
        def __iter__(self):
            for i in range(4):
                yield np.full((2, 2), i, np.float32), np.array(i)
    rows = _rows(ds.GeneratorDataset(Images(), ["image", "label"], shuffle=True).batch(2))
    assert [row[1].tolist() for row in rows] == [[0, 1], [2, 3]]
