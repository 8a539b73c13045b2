"""The pipeline engine: nodes, sources and iterators."""
from minispore.dataset.engine.datasets import Dataset, zip
from minispore.dataset.engine.nodes import BatchInfo
from minispore.dataset.engine.sources import GeneratorDataset, NumpySlicesDataset
from minispore.dataset.engine.vision_sources import Cifar10Dataset, MnistDataset

__all__ = ["Dataset", "zip", "BatchInfo", "GeneratorDataset", "NumpySlicesDataset", "MnistDataset",
           "Cifar10Dataset"]
