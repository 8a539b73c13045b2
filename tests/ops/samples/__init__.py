"""Sample inputs for the generic gradient test: one entry per differentiable primitive.

Each family file defines `SAMPLES = {prim_name: [Sample(...), ...]}`; this package merges them.
Add an entry for every new primitive that has a backward rule (a registry test enforces it).
"""
import numpy as np


class Const:
    """A non-differentiable input (indices, masks, labels), passed to the op as a Tensor."""

    def __init__(self, value):
        self.value = np.asarray(value)


class Sample:
    """Inputs of one call: shape tuples are random float64 inputs drawn from `domain`.

    `setup` runs before the check (it may skip the test); `call(op, args, attrs)` replaces the plain call
    `op(*args, **attrs)` where the primitive is checked inside a composite (Send inside Send-then-Receive).
    """

    def __init__(self, *inputs, attrs=None, domain=(-2.0, 2.0), rtol=1e-5, atol=1e-6, second_order=True,
                 setup=None, call=None):
        self.inputs, self.attrs, self.domain = inputs, attrs or {}, domain
        self.rtol, self.atol, self.second_order = rtol, atol, second_order
        self.setup, self.call = setup, call


def _merge():
    from tests.ops.samples import api_ops, comm, core, linalg, nn_layers
    merged = {}
    for module in (core, nn_layers, comm, api_ops, linalg):
        for name, samples in module.SAMPLES.items():
            assert name not in merged, f"two sample entries for {name}"
            merged[name] = samples
    return merged


SAMPLES = _merge()
