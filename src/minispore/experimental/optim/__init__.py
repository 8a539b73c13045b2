"""`mindspore.experimental.optim`: PyTorch-style optimizers over parameter groups (`params`, `lr`, `betas`, ...)
with MindSpore's update rules, and `lr_scheduler`, whose schedulers write the groups' rate Parameters."""
from minispore.experimental.optim.optimizer import Optimizer
from minispore.experimental.optim.adamw import AdamW
from minispore.experimental.optim.sgd import SGD
from minispore.experimental.optim.adam import Adam
from minispore.experimental.optim.adadelta import Adadelta
from minispore.experimental.optim.adagrad import Adagrad
from minispore.experimental.optim.asgd import ASGD
from minispore.experimental.optim.adamax import Adamax
from minispore.experimental.optim.rmsprop import RMSprop
from minispore.experimental.optim.rprop import Rprop
from minispore.experimental.optim.radam import RAdam
from minispore.experimental.optim.nadam import NAdam
from minispore.experimental.optim import lr_scheduler

__all__ = ["Optimizer", "AdamW", "SGD", "Adam", "Adadelta", "Adagrad", "ASGD", "Adamax", "RMSprop", "Rprop", "RAdam",
           "NAdam"]
