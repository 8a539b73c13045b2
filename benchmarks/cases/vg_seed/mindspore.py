"""The autodiff lesson's value_and_grad(forward_fn, None, weights=model.trainable_params())."""
import numpy as np
import mindspore
from mindspore import nn, ops, Tensor, Parameter


def make():
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
    return lambda: grad_fn(x, y)[0].asnumpy()
