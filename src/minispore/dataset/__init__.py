"""`mindspore.dataset`: data pipelines as a chain of small iterator nodes over NumPy.

Sources read rows (GeneratorDataset, NumpySlicesDataset, MNIST, CIFAR, image folders, VOC,
CelebA, text and CSV files, MindRecord); samplers pick and order them exactly as MindSpore 2.10
does (seeded shuffles, shards); map/batch/shuffle/... chain nodes; `num_parallel_workers` runs
transforms in worker threads or processes with rows kept in order.
"""
from minispore.dataset import config, digits, text, transforms, vision
from minispore.dataset.engine import *  # noqa: F401,F403
from minispore.dataset.engine import __all__ as _engine_names
from minispore.dataset.engine.mind_source import MindDataset

__all__ = ["config", "digits", "text", "transforms", "vision", "MindDataset"] + _engine_names
