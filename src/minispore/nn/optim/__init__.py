"""`mindspore.nn.optim`: optimizers updating Parameters in place."""
from minispore.nn.optim.optimizer import Optimizer
from minispore.nn.optim.sgd import SGD
from minispore.nn.optim.momentum import Momentum
from minispore.nn.optim.adam import Adam, AdamWeightDecay, AdamW
from minispore.nn.optim.rmsprop import RMSProp
from minispore.nn.optim.adagrad import Adagrad
from minispore.nn.optim.lamb import Lamb

__all__ = ["Optimizer", "SGD", "Momentum", "Adam", "AdamWeightDecay", "AdamW", "RMSProp", "Adagrad", "Lamb"]
