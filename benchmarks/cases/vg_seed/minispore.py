"""The autodiff lesson's value_and_grad(forward_fn, None, weights=model.trainable_params()).

`make(jit=True)` (the minispore_jit variant) wraps the gradient function in `mindspore.jit`."""
import numpy as np
import minispore as mindspore
from minispore import nn, ops, Tensor, Parameter


def make(jit=False):
    x = ops.ones(5, mindspore.float32)
    y = ops.zeros(3, mindspore.float32)
    w = Parameter(Tensor(np.random.randn(5, 3), mindspore.float32), name="w")
    b = Parameter(Tensor(np.random.randn(3,), mindspore.float32), name="b")

    class Network(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = w
            self.b = b

        def construct(self, x):
            return ops.matmul(x, self.w) + self.b

    model = Network()
    loss_fn = nn.BCEWithLogitsLoss()

    def forward_fn(x, y):
        return loss_fn(model(x), y)

    grad_fn = mindspore.value_and_grad(forward_fn, None, weights=model.trainable_params())
    if jit:
        grad_fn = mindspore.jit(grad_fn)
    return lambda: grad_fn(x, y)
