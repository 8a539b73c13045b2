"""One SGD step of LeNet-5 on a (32, 1, 32, 32) batch, tutorial style: value_and_grad, then optimizer(grads).

`make(jit=True)` (the minispore_jit variant) compiles the whole step with `mindspore.jit`."""
import numpy as np
import minispore as mindspore
from minispore import nn, Tensor


class LeNet5(nn.Cell):
    def __init__(self):
        super().__init__()
        self.features = nn.SequentialCell(
            nn.Conv2d(1, 6, 5, pad_mode="valid"), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Conv2d(6, 16, 5, pad_mode="valid"), nn.ReLU(), nn.MaxPool2d(2, 2))
        self.flatten = nn.Flatten()
        self.classifier = nn.SequentialCell(
            nn.Dense(400, 120), nn.ReLU(), nn.Dense(120, 84), nn.ReLU(), nn.Dense(84, 10))

    def construct(self, x):
        return self.classifier(self.flatten(self.features(x)))


def make(jit=False, batch=32):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((batch, 1, 32, 32), dtype=np.float32))
    y = Tensor(rng.integers(0, 10, batch).astype(np.int32))
    model = LeNet5()
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
