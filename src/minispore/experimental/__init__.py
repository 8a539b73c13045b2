"""`mindspore.experimental`: the PyTorch-style optimizers and learning-rate schedulers (`optim`)."""
from minispore.experimental import optim

__all__ = ["optim"]
