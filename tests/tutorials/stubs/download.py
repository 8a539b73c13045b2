"""A stand-in for the `download` package the tutorials call: instead of fetching, it writes a small
synthetic dataset (or checkpoint) in the layout the real archive unpacks to, chosen by the URL's file name."""
import os

import numpy as np

_RNG = np.random.RandomState(2024)
_WRITERS = {}


def _writes(file_name):
    def register(writer):
        _WRITERS[file_name] = writer
        return writer
    return register


@_writes("cifar-10-binary.tar.gz")
def _cifar10(path):
    folder = os.path.join(path, "cifar-10-batches-bin")
    os.makedirs(folder, exist_ok=True)
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
    for name, count in zip(names, (3, 3, 2, 2, 2, 10)):
        labels = _RNG.randint(0, 10, (count, 1)).astype(np.uint8)
        pixels = _RNG.randint(0, 256, (count, 3 * 32 * 32)).astype(np.uint8)
        if name == "test_batch.bin":
            # One image under every label: whatever a network predicts, one answer in ten is right, so the
            # tutorial's best accuracy is above zero and its best checkpoint gets written.
            labels, pixels = np.arange(10, dtype=np.uint8)[:, None], np.repeat(pixels[:1], count, axis=0)
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(np.concatenate([labels, pixels], axis=1).tobytes())
    classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    with open(os.path.join(folder, "batches.meta.txt"), "w") as handle:
        handle.write("\n".join(classes) + "\n\n")


def _checkpoint(path, params):
    """A checkpoint holding some of the pretrained network's parameters (the rest keep their initial values)."""
    import mindspore
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    mindspore.save_checkpoint([{"name": name, "data": mindspore.Tensor(value)} for name, value in params.items()],
                              path)


@_writes("resnet50_224_new.ckpt")
def _resnet50_ckpt(path):
    _checkpoint(path, {"fc.bias": np.zeros(1000, np.float32)})


def _jpeg(path, size=(48, 64), mode="RGB"):
    from PIL import Image
    os.makedirs(os.path.dirname(path), exist_ok=True)
    channels = {"RGB": 3, "L": 1}[mode]
    pixels = _RNG.randint(0, 256, size + (channels,)).astype(np.uint8)
    Image.fromarray(pixels.squeeze(-1) if channels == 1 else pixels, mode).save(path)


@_writes("vit_imagenet_dataset.zip")
def _vit_imagenet(path):
    """dataset/{train,val,infer}/<wnid>/*.JPEG and the devkit's meta.mat (ImageNet's synsets table)."""
    from scipy import io
    root = os.path.join(path, "dataset")
    wnids = ["n01440764", "n01443537"]
    for split, per_class in (("train", 8), ("val", 8)):
        for wnid in wnids:
            for index in range(per_class):
                _jpeg(os.path.join(root, split, wnid, f"ILSVRC2012_{split}_{index:08d}.JPEG"))
    _jpeg(os.path.join(root, "infer", wnids[0], "ILSVRC2012_test_00000279.JPEG"))
    names = [f"n{index:08d}" for index in range(1000)]
    names[:2] = wnids
    synsets = np.zeros(1000, dtype=[("ILSVRC2012_ID", "O"), ("WNID", "O"), ("words", "O"), ("gloss", "O"),
                                    ("num_children", "O")])
    for index, wnid in enumerate(names):
        synsets[index] = (index + 1, wnid, f"class {index}, synonym", "a gloss", 0)
    os.makedirs(os.path.join(root, "ILSVRC2012_devkit_t12", "data"), exist_ok=True)
    io.savemat(os.path.join(root, "ILSVRC2012_devkit_t12", "data", "meta.mat"), {"synsets": synsets})


@_writes("faces.zip")
def _faces(path):
    for index in range(32):
        _jpeg(os.path.join(path, "faces", f"{index}.jpg"), size=(72, 64))


@_writes("image_cat.zip")
def _image_cat(path):
    _jpeg(os.path.join(path, "image_cat", "jpg", "000000039769.jpg"), size=(120, 160))


def _idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with open(path, "wb") as handle:
        handle.write(header + array.astype(np.uint8).tobytes())


@_writes("dataset.zip")
def _fashion_mnist(path):
    """dataset/{train,t10k}-{images-idx3,labels-idx1}-ubyte (the diffusion tutorial's Fashion-MNIST)."""
    folder = os.path.join(path, "dataset")
    os.makedirs(folder, exist_ok=True)
    for prefix, count in (("train", 16), ("t10k", 16)):
        _idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte"), _RNG.randint(0, 256, (count, 28, 28)))
        _idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte"), _RNG.randint(0, 10, count))


@_writes("dataset_pix2pix.tar")
def _pix2pix(path):
    """dataset/dataset_pix2pix/train.mindrecord: each row a batch of images in [-1, 1] (the real one has 25 rows
    of 16; here 2 rows of 10)."""
    from mindspore.mindrecord import FileWriter
    folder = os.path.join(path, "dataset_pix2pix")
    os.makedirs(folder, exist_ok=True)
    writer = FileWriter(os.path.join(folder, "train.mindrecord"), shard_num=1, overwrite=True)
    writer.add_schema({"input_images": {"type": "float32", "shape": [-1, 3, 256, 256]},
                       "target_images": {"type": "float32", "shape": [-1, 3, 256, 256]}}, "pix2pix")
    for _ in range(2):
        writer.write_raw_data([{name: _RNG.uniform(-1, 1, (10, 3, 256, 256)).astype(np.float32)
                                for name in ("input_images", "target_images")}])
    writer.commit()


@_writes("CycleGAN_apple2orange.zip")
def _cyclegan(path):
    """CycleGAN_apple2orange/: apple2orange_train.mindrecord (rows of image_A, image_B in [-1, 1]), predict/{apple,
    orange}/*.jpg and ckpt/g_{a,b}.ckpt (here holding no parameter of the shrunk generators)."""
    from mindspore.mindrecord import FileWriter
    root = os.path.join(path, "CycleGAN_apple2orange")
    os.makedirs(root, exist_ok=True)
    writer = FileWriter(os.path.join(root, "apple2orange_train.mindrecord"), shard_num=1, overwrite=True)
    writer.add_schema({"image_A": {"type": "float32", "shape": [3, 256, 256]},
                       "image_B": {"type": "float32", "shape": [3, 256, 256]}}, "apple2orange")
    writer.write_raw_data([{name: _RNG.uniform(-1, 1, (3, 256, 256)).astype(np.float32)
                            for name in ("image_A", "image_B")}])
    writer.commit()
    for fruit in ("apple", "orange"):
        for index in range(4):
            _jpeg(os.path.join(root, "predict", fruit, f"n07740461_{index}.jpg"), size=(96, 96))
    for name in ("g_a", "g_b"):
        _checkpoint(os.path.join(root, "ckpt", f"{name}.ckpt"), {"pretrained.step": np.zeros(1, np.float32)})


@_writes("vit_b_16_224.ckpt")
def _vit_ckpt(path):
    _checkpoint(path, {"dense.bias": np.zeros(1000, np.float32)})


_WORDS = ("the this a film movie is was great terrible good bad plot actor story boring fun loved hated "
          "music scene end best worst funny sad long short").split()


def imdb_cache(cache_dir):
    """aclImdb_v1.tar.gz (aclImdb/{train,test}/{pos,neg}/*.txt) and glove.6B.zip (glove.6B.100d.txt) in `cache_dir`."""
    import io
    import tarfile
    import zipfile
    os.makedirs(cache_dir, exist_ok=True)
    with tarfile.open(os.path.join(cache_dir, "aclImdb_v1.tar.gz"), "w:gz") as archive:
        for split, per_label in (("train", 110), ("test", 20)):
            for label in ("pos", "neg"):
                for index in range(per_label):
                    words = _RNG.choice(_WORDS, _RNG.randint(5, 30))
                    text = (" ".join(words).capitalize() + ". It's <br /> fine!\n").encode()
                    info = tarfile.TarInfo(f"aclImdb/{split}/{label}/{index}_{_RNG.randint(1, 11)}.txt")
                    info.size = len(text)
                    archive.addfile(info, io.BytesIO(text))
    lines = [word + " " + " ".join(f"{value:.5f}" for value in _RNG.uniform(-1, 1, 100)) for word in _WORDS]
    with zipfile.ZipFile(os.path.join(cache_dir, "glove.6B.zip"), "w") as archive:
        archive.writestr("glove.6B.100d.txt", "\n".join(lines) + "\n")


def download(url, path, kind=None, replace=False, **kwargs):
    """Write the synthetic stand-in of `url` at `path`; return `path` as the real one does."""
    name = url.rsplit("/", 1)[-1]
    if name not in _WRITERS:
        raise ValueError(f"download stub: no synthetic stand-in for {url}")
    _WRITERS[name](path)
    return path
