"""One SGD step of the seed MLP, tutorial style: value_and_grad over optimizer.parameters, then optimizer(grads).

`make(jit=True)` (the minispore_jit variant) compiles the whole step with `mindspore.jit`."""
import numpy as np
import minispore as mindspore
from minispore import nn, Tensor


class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512, weight_init="normal", bias_init="zeros"),
            nn.ReLU(),
            nn.Dense(512, 512, weight_init="normal", bias_init="zeros"),
            nn.ReLU(),
            nn.Dense(512, 10, weight_init="normal", bias_init="zeros")
        )

    def construct(self, x):
        return self.dense_relu_sequential(self.flatten(x))


def make(jit=False, batch=64):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((batch, 1, 28, 28), dtype=np.float32))
    y = Tensor(rng.integers(0, 10, batch).astype(np.int32))
    model = Network()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = nn.SGD(model.trainable_params(), 1e-2)

    def forward_fn(data, label):
        return loss_fn(model(data), label)

    grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters)

    def train_step(data, label):
        loss, grads = grad_fn(data, label)
        optimizer(grads)
        return loss

    if jit:
        train_step = mindspore.jit(train_step)
    return lambda: train_step(x, y)
