import jax
import jax.numpy as jnp
import numpy as np


def make():
    x = jnp.ones(5)
    y = jnp.zeros(3)
    params = (jnp.asarray(np.random.randn(5, 3), jnp.float32), jnp.asarray(np.random.randn(3), jnp.float32))

    def loss(params):
        z = x @ params[0] + params[1]
        return jnp.mean(jax.nn.softplus(-z) * y + jax.nn.softplus(z) * (1 - y))

    value_and_grad = jax.value_and_grad(loss)
    return lambda: jax.block_until_ready(value_and_grad(params))
