"""Per-example gradients of the seed model (the autodiff lesson's 5->3 layer with BCEWithLogitsLoss) for a
batch of 64 examples: a Python loop of `grad_fn(x[i], y[i])` whose results are stacked.

`make(vmap=True)` (the minispore_vmap variant) computes the same with `mindspore.vmap(grad_fn)(x, y)`."""
import numpy as np
import minispore as mindspore
from minispore import nn, ops, Tensor, Parameter


def make(vmap=False, examples=64):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((examples, 5)).astype(np.float32))
    y = Tensor(rng.uniform(0, 1, (examples, 3)).astype(np.float32))
    w = Parameter(Tensor(rng.standard_normal((5, 3)), mindspore.float32), name="w")
    b = Parameter(Tensor(rng.standard_normal(3), mindspore.float32), name="b")

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
    if vmap:
        batched = mindspore.vmap(grad_fn)
        return lambda: batched(x, y)

    def loop():
        results = [grad_fn(x[i], y[i]) for i in range(examples)]
        return (ops.stack([loss for loss, _ in results]),
                (ops.stack([gw for _, (gw, _) in results]), ops.stack([gb for _, (_, gb) in results])))
    return loop
