"""One SGD step of the seed MLP written by hand in NumPy (float32, in-place where it pays): the floor."""
import numpy as np

LR = np.float32(1e-2)


def loss_and_grads(params, x, labels):
    """Mean softmax cross-entropy of the MLP and its gradients; params are (w1, b1, w2, b2, w3, b3), w as (out, in)."""
    w1, b1, w2, b2, w3, b3 = params
    n = x.shape[0]
    a0 = x.reshape(n, -1)
    h1 = a0 @ w1.T
    h1 += b1
    np.maximum(h1, 0, out=h1)
    h2 = h1 @ w2.T
    h2 += b2
    np.maximum(h2, 0, out=h2)
    z = h2 @ w3.T
    z += b3
    z -= z.max(axis=1, keepdims=True)
    rows = np.arange(n)
    probs = np.exp(z)
    total = probs.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(total[:, 0]) - z[rows, labels])
    # d loss / d z = (softmax - onehot) / n, built in the probs buffer.
    probs /= total
    probs[rows, labels] -= 1
    probs /= np.float32(n)
    dz = probs
    dh2 = dz @ w3
    dh2 *= h2 > 0
    dh1 = dh2 @ w2
    dh1 *= h1 > 0
    return loss, (dh1.T @ a0, dh1.sum(axis=0), dh2.T @ h1, dh2.sum(axis=0), dz.T @ h2, dz.sum(axis=0))


def make(batch=64):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, batch).astype(np.int32)
    params = []
    for fan_in, fan_out in ((28*28, 512), (512, 512), (512, 10)):
        params += [rng.normal(0, 0.01, (fan_out, fan_in)).astype(np.float32), np.zeros(fan_out, np.float32)]

    def step():
        loss, grads = loss_and_grads(params, x, y)
        for param, grad in zip(params, grads):
            grad *= LR
            param -= grad
        return loss
    return step
