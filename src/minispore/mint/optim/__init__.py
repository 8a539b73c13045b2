"""`mindspore.mint.optim`: PyTorch-style optimizers (params, lr, betas, ...); `optimizer(grads)` updates the
parameters in place."""
from minispore.mint.optim.optimizers import SGD, Adam, AdamW, FusedAdamW

__all__ = ["Adam", "AdamW", "FusedAdamW", "SGD"]
