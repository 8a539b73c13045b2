"""`mindspore.experimental.optim` against MindSpore 2.10 (tests/golden/experimental_optim.json, from
tools/golden/gen_experimental_optim.py): every optimizer's parameters after each of six steps, state names,
repr, argument errors, and every lr_scheduler's rates."""
import builtins
import json
import os

import numpy as np
import pytest

from minispore.__main__ import alias_mindspore

alias_mindspore()  # the cases import `mindspore.experimental.optim` as MindSpore's users do

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "experimental_optim.json")
with open(GOLDEN) as f:
    FIXTURE = json.load(f)
CASES = FIXTURE["cases"]


def _run(code):
    namespace = {"__name__": "golden_case"}
    exec(FIXTURE["prelude"] + code, namespace)
    return namespace.get("result")


def _close(got, expected, path="result"):
    if hasattr(got, "asnumpy"):
        got = got.asnumpy()
    if isinstance(expected, list):
        got = got.tolist() if isinstance(got, np.ndarray) else list(got)
        assert len(got) == len(expected), f"{path}: length {len(got)} != {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            _close(g, e, f"{path}[{i}]")
    elif isinstance(expected, float):
        assert np.isclose(float(got), expected, rtol=1e-5, atol=1e-6), f"{path}: {got} != {expected}"
    else:
        assert got == expected, f"{path}: {got!r} != {expected!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_matches_mindspore(case):
    if "error" in case:
        with pytest.raises(getattr(builtins, case["error"])):
            _run(case["code"])
        return
    _close(_run(case["code"]), case["result"])
