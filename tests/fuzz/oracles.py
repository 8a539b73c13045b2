"""What a call should give: result dtypes from golden MindSpore, minispore's documented differences.

`expected_dtype(rule, dtype)` reads `tests/golden/fuzz_decisions.json` (MindSpore 2.10's result dtype
or error for each op and input dtype) and applies POLICY, the places where minispore deliberately
differs (each is in docs/differences.md). The answer is a NumPy dtype, `RAISES`, or `UNCHECKED`
(no reference: the call may return anything or raise a minispore error).
"""
import json
import os

import numpy as np

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "fuzz_decisions.json")
with open(GOLDEN) as _handle:
    DECISIONS = json.load(_handle)
RULES = DECISIONS["dtype_rules"]
CASES = DECISIONS["cases"]

RAISES = "raises"
UNCHECKED = "unchecked"
_MS_TO_NP = {"Float16": "float16", "Float32": "float32", "Float64": "float64", "Int8": "int8", "Int16": "int16",
             "Int32": "int32", "Int64": "int64", "UInt8": "uint8", "Bool": "bool", "Complex64": "complex64"}

# Float-only math on integer and bool Tensors: MindSpore has no CPU kernel (TypeError); minispore
# computes in float32, as MindSpore itself does for sqrt (docs/differences.md, Tensor).
_FLOAT_MATH = ("exp", "log", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "erf", "log1p", "expm1", "atan",
               "sigmoid", "reciprocal")
_INT_KINDS = ("int8", "int32", "int64", "uint8", "bool")
POLICY = {(name, kind): "float32" for name in _FLOAT_MATH for kind in _INT_KINDS}
POLICY.update({
    # Dtypes MindSpore's CPU kernels lack ("Select CPU operator ... fail"), computed exactly by minispore.
    **{("sign", kind): kind for kind in ("int8", "uint8")},
    **{("round", kind): kind for kind in ("int8", "uint8")},
    **{("isinf", kind): "bool" for kind in _INT_KINDS},
    ("relu6", "float64"): "float64", ("minimum", "bool"): "bool",
    # bool + bool and bool - bool are Bool (logical or / xor), as MindSpore's operators give.
    ("add", "bool"): "bool", ("sub", "bool"): "bool",
    # std and var of integers: float32 (MindSpore's Tensor.std gives Float32 too, from a truncated mean).
    **{(name, kind): "float32" for name in ("std", "var") for kind in ("int8", "int32", "int64", "uint8")},
    # ops.bitwise_not is minispore's (NumPy's invert); MindSpore 2.10 has no such op.
    **{("bitwise_not", kind): kind for kind in _INT_KINDS},
    **{("bitwise_not", kind): RAISES for kind in ("float16", "float32", "float64")},
    # MindSpore's any() of a UInt8 Tensor returns UInt8 (a bug, docs/differences.md).
    ("any", "uint8"): "bool",
})


def np_dtype(name):
    return np.dtype(_MS_TO_NP[name])


def expected_dtype(rule, dtype):
    """The dtype `rule` (a key of the golden dtype rules) gives for NumPy dtype `dtype`, RAISES or UNCHECKED."""
    kind = np.dtype(dtype).name
    if (rule, kind) in POLICY:
        decided = POLICY[(rule, kind)]
        return decided if decided in (RAISES, UNCHECKED) else np.dtype(decided)
    answer = RULES[rule][kind]
    if isinstance(answer, list):
        return tuple(np_dtype(a) for a in answer)
    if answer.startswith("error:"):
        return RAISES
    return np_dtype(answer)


def spread(data, axes, keepdims, dtype, ddof=0, root=False):
    """NumPy's var (std with `root`) of `data` in `dtype`, computed in float64. The squared deviations
    are summed in the result dtype, in minispore and in MindSpore: where their sum passes the dtype's
    largest value the result is inf, not the float64 answer."""
    x = data.astype(np.float64)
    with np.errstate(all="ignore"):
        squares = np.sum(np.square(x - np.mean(x, axis=axes, keepdims=True)), axis=axes, keepdims=keepdims)
        var = np.var(x, axis=axes, keepdims=keepdims, ddof=ddof)
        out = np.where(squares > np.finfo(dtype).max, np.inf, np.sqrt(var) if root else var)
    return np.asarray(out).astype(dtype)
