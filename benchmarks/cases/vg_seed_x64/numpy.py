"""The same 64 per-example losses and gradients written by hand in NumPy, batched: the floor."""
import numpy as np


def make(examples=64):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((examples, 5)).astype(np.float32)
    y = rng.uniform(0, 1, (examples, 3)).astype(np.float32)
    w = rng.standard_normal((5, 3)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)

    def step():
        z = x @ w + b
        loss = np.mean(np.logaddexp(0, z) - y * z, axis=1)
        dz = (1 / (1 + np.exp(-z)) - y) / z.shape[1]
        return loss, (x[:, :, None] * dz[:, None, :], dz)
    return step
