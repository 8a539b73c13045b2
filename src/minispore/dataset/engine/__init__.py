"""The pipeline engine: nodes, sources, samplers and iterators."""
from minispore.dataset.engine.batch_ops import BatchInfo
from minispore.dataset.engine.datasets import Dataset, zip
from minispore.dataset.engine.folder_sources import CelebADataset, ImageFolderDataset, VOCDataset
from minispore.dataset.engine.samplers import (DistributedSampler, IterSampler, PKSampler, RandomSampler, Sampler,
                                               SequentialSampler, Shuffle, SubsetRandomSampler, SubsetSampler,
                                               WeightedRandomSampler)
from minispore.dataset.engine.sources import GeneratorDataset, NumpySlicesDataset
from minispore.dataset.engine.text_sources import CSVDataset, TextFileDataset
from minispore.dataset.engine.vision_sources import (Cifar100Dataset, Cifar10Dataset, FashionMnistDataset,
                                                     MnistDataset)

__all__ = ["Dataset", "zip", "BatchInfo", "GeneratorDataset", "NumpySlicesDataset", "MnistDataset",
           "FashionMnistDataset", "Cifar10Dataset", "Cifar100Dataset", "ImageFolderDataset", "CelebADataset",
           "VOCDataset", "TextFileDataset", "CSVDataset", "Shuffle", "Sampler", "IterSampler",
           "DistributedSampler", "PKSampler", "RandomSampler", "SequentialSampler", "SubsetRandomSampler",
           "SubsetSampler", "WeightedRandomSampler"]
