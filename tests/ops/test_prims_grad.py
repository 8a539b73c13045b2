"""Every differentiable primitive: backward rule against finite differences, orders 1 and 2."""
import numpy as np
import pytest

from minispore.common.tensor import Tensor
from minispore.ops._prims import PRIMS
from minispore.tools.gradcheck import check_second_order, check_vjp
from tests.ops.samples import SAMPLES, Const

CASES = [(name, i, sample) for name, samples in sorted(SAMPLES.items()) for i, sample in enumerate(samples)]


def _build(sample, rng):
    """The differentiable float64 arrays and a function of them that calls the primitive."""
    low, high = sample.domain
    diff_arrays, template = [], []
    for spec in sample.inputs:
        if isinstance(spec, tuple):
            template.append(("diff", len(diff_arrays)))
            diff_arrays.append(rng.uniform(low, high, spec))
        elif isinstance(spec, Const):
            template.append(("const", Tensor(spec.value)))
        else:
            template.append(("const", spec))
    return diff_arrays, template


def _on_backend(attr):
    """An attribute with its NumPy arrays (index arrays) moved to the backend, as the ops layer moves them."""
    if isinstance(attr, np.ndarray):
        return Tensor(attr)._data
    if isinstance(attr, tuple):
        return tuple(_on_backend(a) for a in attr)
    return attr


@pytest.mark.parametrize("name,index,sample", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_first_and_second_order(name, index, sample):
    rng = np.random.default_rng(index + 7)
    op = PRIMS[name].op
    if sample.setup is not None:
        sample.setup()
    arrays, template = _build(sample, rng)
    attrs = {key: _on_backend(value) for key, value in sample.attrs.items()}

    def fn(*diff):
        args = [diff[v] if kind == "diff" else v for kind, v in template]
        if sample.call is not None:
            return sample.call(op, args, attrs)
        return op(*args, **attrs)

    check_vjp(fn, arrays, rng, rtol=sample.rtol, atol=sample.atol)
    if sample.second_order:
        check_second_order(fn, arrays, rng)


def test_every_differentiable_primitive_has_samples():
    missing = sorted(name for name, prim in PRIMS.items() if prim.rule is not None and name not in SAMPLES)
    assert not missing, f"primitives with a backward rule but no gradient samples: {missing}"


def test_samples_name_real_primitives_with_rules():
    unknown = sorted(name for name in SAMPLES if name not in PRIMS or PRIMS[name].rule is None)
    assert not unknown, f"samples for unknown or non-differentiable primitives: {unknown}"


def test_checker_rejects_a_wrong_rule():
    from minispore.ops._prims import defprim, PRIMS as registry
    wrong = defprim("_wrong_sin", lambda xp, x: xp.sin(x), lambda x, out, dout: (dout * x,))
    try:
        with pytest.raises(AssertionError):
            check_vjp(wrong, [np.linspace(0.3, 1.2, 5)], np.random.default_rng(0))
    finally:
        del registry["_wrong_sin"]
