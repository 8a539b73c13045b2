"""Image files in folders: ImageFolderDataset (one folder per class), CelebADataset, VOCDataset.

Images are read as their encoded bytes (a 1-D uint8 array) unless `decode=True`, which decodes
them to HWC RGB uint8 with Pillow (the `vision` extra). Rows come in MindSpore's order: class
folders sorted by name, files sorted by name within each.
"""
import os
import xml.etree.ElementTree as ElementTree

import numpy as np

from minispore.dataset.engine.sources import MappableSource
from minispore.dataset.engine.vision_sources import check_dir, check_usage

__all__ = ["ImageFolderDataset", "CelebADataset", "VOCDataset"]


def _read_image(path, decode, op):
    with open(path, "rb") as handle:
        raw = handle.read()
    if not decode:
        return np.frombuffer(raw, np.uint8)
    from minispore.dataset.vision.codec import decode as decode_image
    try:
        return decode_image(raw, op)
    except RuntimeError as error:
        raise RuntimeError(f"Invalid image, failed to decode {path}: {error}") from None


def _check_extensions(extensions, op):
    if extensions is None:
        return None
    if not isinstance(extensions, (list, tuple)) or not all(isinstance(e, str) for e in extensions):
        raise TypeError(f"For '{op}', 'extensions' must be a list of str like ['.jpg', '.png'], but got "
                        f"{extensions!r}.")
    return set(extensions)


def _check_not_used(cache, decrypt, op):
    if cache is not None:
        raise NotImplementedError(f"{op}: 'cache' (a MindSpore cache server) is not supported.")
    if decrypt is not None:
        raise NotImplementedError(f"{op}: 'decrypt' is not supported; decrypt the files first.")


class ImageFolderDataset(MappableSource):
    """One subfolder per class: columns image (encoded bytes, or decoded HWC RGB) and label (int32)."""

    def __init__(self, dataset_dir, num_samples=None, num_parallel_workers=None, shuffle=None, sampler=None,
                 extensions=None, class_indexing=None, decode=False, num_shards=None, shard_id=None, cache=None,
                 decrypt=None):
        op = "ImageFolderDataset"
        check_dir(dataset_dir, op)
        _check_not_used(cache, decrypt, op)
        extensions = _check_extensions(extensions, op)
        if class_indexing is not None:
            if not isinstance(class_indexing, dict) or not all(
                    isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
                    for k, v in class_indexing.items()):
                raise TypeError(f"For '{op}', 'class_indexing' must be a dict of {{folder name: int label}}, "
                                f"but got {class_indexing!r}.")
            if any(v < 0 for v in class_indexing.values()):
                raise ValueError("Class index must be non-negative integer.")
        if not isinstance(decode, bool):
            raise TypeError(f"For '{op}', 'decode' must be a bool, but got {decode!r}.")
        self.dataset_dir = dataset_dir
        self.decode = decode
        folders = sorted(name for name in os.listdir(dataset_dir) if os.path.isdir(os.path.join(dataset_dir, name)))
        if class_indexing is not None:
            folders = [name for name in folders if name in class_indexing]
        self._class_indexing = dict(class_indexing) if class_indexing is not None else {
            name: index for index, name in enumerate(folders)}
        self._files, labels = [], []
        for folder in folders:
            directory = os.path.join(dataset_dir, folder)
            for name in sorted(os.listdir(directory)):
                if extensions is None or os.path.splitext(name)[1] in extensions:
                    self._files.append(os.path.join(directory, name))
                    labels.append(self._class_indexing[folder])
        if not self._files:
            raise RuntimeError(f"Invalid data, {op} API can't read the data file (interface mismatch or no data "
                               f"found). Check file path: {dataset_dir}")
        self._label_array = np.asarray(labels, np.int32)
        super().__init__(["image", "label"], num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers, op)

    def get_class_indexing(self):
        return dict(self._class_indexing)

    def _num_rows(self):
        return len(self._files)

    def _labels(self):
        return self._label_array

    def _read(self, index):
        return _read_image(self._files[index], self.decode, "ImageFolderDataset"), self._label_array[index, ...]


class CelebADataset(MappableSource):
    """CelebA: images in `dataset_dir`, 40 attributes from list_attr_celeba.txt (-1 read as 0), columns image, attr."""

    def __init__(self, dataset_dir, num_parallel_workers=None, shuffle=None, usage='all', sampler=None,
                 decode=False, extensions=None, num_samples=None, num_shards=None, shard_id=None, cache=None,
                 decrypt=None):
        op = "CelebADataset"
        check_dir(dataset_dir, op)
        _check_not_used(cache, decrypt, op)
        usage = check_usage(usage, op, ("train", "test", "valid", "all"))
        extensions = _check_extensions(extensions, op)
        self.decode = decode
        attr_path = os.path.join(dataset_dir, "list_attr_celeba.txt")
        if not os.path.isfile(attr_path):
            raise ValueError(f"Invalid file, {attr_path} does not exist or permission denied.")
        with open(attr_path, encoding="utf-8") as handle:
            lines = [line.split() for line in handle.read().splitlines() if line.strip()]
        self.attribute_names = lines[1]
        partition = None
        partition_path = os.path.join(dataset_dir, "list_eval_partition.txt")
        if usage != "all":
            if not os.path.isfile(partition_path):
                raise ValueError(f"Invalid file, {partition_path} does not exist or permission denied.")
            wanted = {"train": "0", "valid": "1", "test": "2"}[usage]
            with open(partition_path, encoding="utf-8") as handle:
                partition = {parts[0] for parts in (line.split() for line in handle) if parts and parts[1] == wanted}
        self._files, attributes = [], []
        for parts in lines[2:]:
            name = parts[0]
            if partition is not None and name not in partition:
                continue
            if extensions is not None and os.path.splitext(name)[1] not in extensions:
                continue
            self._files.append(os.path.join(dataset_dir, name))
            attributes.append([0 if value == "-1" else int(value) for value in parts[1:]])
        self._attributes = np.asarray(attributes, np.uint32).reshape(len(self._files), -1)
        super().__init__(["image", "attr"], num_samples, shuffle, sampler, num_shards, shard_id,
                         num_parallel_workers, op)

    def _num_rows(self):
        return len(self._files)

    def _read(self, index):
        return _read_image(self._files[index], self.decode, "CelebADataset"), self._attributes[index]


class VOCDataset(MappableSource):
    """PASCAL VOC: Segmentation rows (image, target) or Detection rows (image, bbox, label, difficult, truncate)."""

    def __init__(self, dataset_dir, task='Segmentation', usage='train', class_indexing=None, num_samples=None,
                 num_parallel_workers=None, shuffle=None, decode=False, sampler=None, num_shards=None,
                 shard_id=None, cache=None, extra_metadata=False, decrypt=None):
        op = "VOCDataset"
        check_dir(dataset_dir, op)
        _check_not_used(cache, decrypt, op)
        if task not in ("Segmentation", "Detection"):
            raise ValueError("Invalid task, only 'Segmentation' and 'Detection' are supported.")
        if task == "Segmentation" and class_indexing:
            raise ValueError("class_indexing is not supported in Segmentation task.")
        self.task, self.decode, self.dataset_dir = task, decode, dataset_dir
        self.extra_metadata = bool(extra_metadata)
        sets = os.path.join(dataset_dir, "ImageSets", "Segmentation" if task == "Segmentation" else "Main",
                            f"{usage}.txt")
        if not os.path.isfile(sets):
            raise ValueError(f"Invalid file path, {sets} does not exist.")
        with open(sets, encoding="utf-8") as handle:
            ids = [line.rstrip("\r") for line in handle.read().split("\n")]
        ids = ids[:-1] if ids and ids[-1] == "" else ids
        self._class_index = dict(class_indexing or {})
        self._annotations = {}
        if task == "Detection":
            found = set()
            kept = []
            for image_id in ids:
                objects = self._parse(image_id)
                found.update(name for name, _ in objects)
                if objects:
                    self._annotations[image_id] = objects
                    kept.append(image_id)
            ids = kept
            self._label_index = {name: index for index, name in enumerate(sorted(found))}
        if not ids:
            raise RuntimeError(f"Invalid data, VOCDataset API can't read the data file (interface mismatch or no "
                               f"data found). Check file in directory:{dataset_dir}")
        self._ids = ids
        columns = ["image", "target"] if task == "Segmentation" else ["image", "bbox", "label", "difficult",
                                                                      "truncate"]
        super().__init__(columns + (["_meta-filename"] if self.extra_metadata else []), num_samples, shuffle,
                         sampler, num_shards, shard_id, num_parallel_workers, op)

    def _parse(self, image_id):
        path = os.path.join(self.dataset_dir, "Annotations", f"{image_id}.xml")
        if not os.path.isfile(path):
            raise RuntimeError(f"Invalid file, failed to open {path}: it does not exist or permission denied.")
        objects = []
        for node in ElementTree.parse(path).getroot().iter("object"):
            name = (node.findtext("name") or "").strip()
            number = lambda parent, tag: float(parent.findtext(tag) or 0) if parent is not None else 0.0
            box = node.find("bndbox")
            if box is None:
                raise RuntimeError(f"Invalid xml, the node of bndbox is missing in {path}")
            xmin, ymin, xmax, ymax = (number(box, tag) for tag in ("xmin", "ymin", "xmax", "ymax"))
            if not (xmin > 0 and ymin > 0 and xmax > xmin and ymax > ymin):
                raise RuntimeError(f"Invalid bndbox, the coordinate of bndbox in {path} should be greater than 0, "
                                   f"but got {{{int(xmin)}, {int(ymin)}, {int(xmax)}, {int(ymax)}}}")
            if name and (not self._class_index or name in self._class_index):
                objects.append((name, [xmin, ymin, xmax - xmin, ymax - ymin, number(node, "difficult"),
                                       number(node, "truncated")]))
        return objects

    def get_class_indexing(self):
        if self.task != "Detection":
            raise RuntimeError("Invalid task, only 'Detection' task support get_class_indexing.")
        return dict(self._class_index) if self._class_index else dict(self._label_index)

    def _num_rows(self):
        return len(self._ids)

    def _read(self, index):
        image_id = self._ids[index]
        image = _read_image(os.path.join(self.dataset_dir, "JPEGImages", f"{image_id}.jpg"), self.decode, "VOC")
        if self.task == "Segmentation":
            target = _read_image(os.path.join(self.dataset_dir, "SegmentationClass", f"{image_id}.png"),
                                 self.decode, "VOC")
            row = (image, target)
        else:
            objects = self._annotations[image_id]
            labels = [self._class_index.get(name, self._label_index[name]) for name, _ in objects]
            values = np.asarray([v for _, v in objects], np.float32).reshape(-1, 6)
            row = (image, values[:, :4].copy(), np.asarray(labels, np.uint32).reshape(-1, 1),
                   values[:, 4:5].astype(np.uint32), values[:, 5:6].astype(np.uint32))
        return row + ((np.array(image_id),) if self.extra_metadata else ())
