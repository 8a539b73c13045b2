"""Each `out=` kernel of jit's replay computes, bit for bit, what its primitive's own kernel computes."""
import numpy as np
import pytest

from minispore._jit.out_kernels import OUT_KERNELS
from minispore.ops._prims import PRIMS
from tests.ops.samples import SAMPLES, Const

CASES = [(name, i, sample) for name in sorted(OUT_KERNELS) for i, sample in enumerate(SAMPLES.get(name, ()))]


def test_every_out_kernel_is_sampled():
    assert sorted(name for name in OUT_KERNELS if name not in SAMPLES) == []


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,index,sample", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_out_kernel_equals_the_primitive_kernel(name, index, sample, dtype):
    rng = np.random.default_rng(index)
    low, high = sample.domain
    arrays = []
    for spec in sample.inputs:
        if isinstance(spec, tuple):
            arrays.append(rng.uniform(low, high, spec).astype(dtype))
        elif isinstance(spec, Const):
            arrays.append(spec.value.astype(dtype) if spec.value.dtype.kind == "f" else spec.value)
        else:
            arrays.append(spec)
    attrs = dict(sample.attrs)
    expected = np.asarray(PRIMS[name].kernel(np, *arrays, **attrs))
    out = np.full_like(expected, np.nan)  # laid out as the kernel lays its result out, as jit plans it
    got = OUT_KERNELS[name](np, *arrays, out=out, **attrs)
    assert got is out
    assert out.tobytes() == expected.tobytes()
