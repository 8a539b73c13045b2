"""`mindspore.dataset`: data pipelines as a chain of small iterator nodes over NumPy.

Sources: GeneratorDataset, NumpySlicesDataset, MnistDataset, Cifar10Dataset. Operations: map,
batch, shuffle, repeat, take, skip, project, rename, zip, concat. Parallelism and caching
arguments (num_parallel_workers, python_multiprocessing, max_rowsize, cache) are accepted and
ignored: rows are produced in the calling thread, in order.
"""
from minispore.dataset import config, digits, transforms, vision
from minispore.dataset.engine import (BatchInfo, Cifar10Dataset, Dataset, GeneratorDataset, MnistDataset,
                                      NumpySlicesDataset, zip)

__all__ = ["config", "digits", "transforms", "vision", "Dataset", "BatchInfo", "GeneratorDataset",
           "NumpySlicesDataset", "MnistDataset", "Cifar10Dataset", "zip"]
