"""Golden statistics of MindSpore's initializers and of default layer initialisation.

Writes tests/golden/init.json (no arrays: samples are random, so only their mean/std/min/max
and the distribution's exact bounds matter). Run from /work/main with the reference venv:
  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_init.py
"""
import json
import math
import os

import numpy as np
import mindspore as ms
from mindspore import nn
from mindspore.common import initializer as init

from gen_nn import GOLDEN_DIR, describe_error

SHAPE = (400, 300)
CONV_SHAPE = (32, 16, 3, 3)


def stats(array):
    """mean, std, min, max of an array (floats), plus its dtype and shape."""
    a = np.asarray(array, dtype=np.float64)
    return {"mean": float(a.mean()), "std": float(a.std()), "min": float(a.min()), "max": float(a.max()),
            "shape": list(np.shape(array)), "dtype": str(np.asarray(array).dtype)}


def init_cases():
    """(label, build) for every initializer: classes with defaults and arguments, and string aliases."""
    return [
        ("Normal()", lambda: init.Normal(), SHAPE),
        ("Normal(sigma=0.5, mean=1.0)", lambda: init.Normal(sigma=0.5, mean=1.0), SHAPE),
        ("Uniform()", lambda: init.Uniform(), SHAPE),
        ("Uniform(scale=2.0)", lambda: init.Uniform(scale=2.0), SHAPE),
        ("TruncatedNormal()", lambda: init.TruncatedNormal(), SHAPE),
        ("TruncatedNormal(sigma=1.0)", lambda: init.TruncatedNormal(sigma=1.0), SHAPE),
        ("TruncatedNormal(sigma=1.0, mean=0.5, a=-1.0, b=1.0)",
         lambda: init.TruncatedNormal(sigma=1.0, mean=0.5, a=-1.0, b=1.0), SHAPE),
        ("XavierUniform()", lambda: init.XavierUniform(), SHAPE),
        ("XavierUniform(gain=2)", lambda: init.XavierUniform(gain=2), SHAPE),
        ("XavierNormal()", lambda: init.XavierNormal(), SHAPE),
        ("HeUniform()", lambda: init.HeUniform(), SHAPE),
        ("HeUniform(negative_slope=sqrt(5))", lambda: init.HeUniform(negative_slope=math.sqrt(5)), SHAPE),
        ("HeUniform(mode='fan_out')", lambda: init.HeUniform(mode="fan_out"), SHAPE),
        ("HeUniform(nonlinearity='relu')", lambda: init.HeUniform(nonlinearity="relu"), SHAPE),
        ("HeNormal()", lambda: init.HeNormal(), SHAPE),
        ("HeNormal(mode='fan_out')", lambda: init.HeNormal(mode="fan_out"), SHAPE),
        ("HeUniform() conv", lambda: init.HeUniform(), CONV_SHAPE),
        ("HeUniform(negative_slope=sqrt(5)) conv", lambda: init.HeUniform(negative_slope=math.sqrt(5)), CONV_SHAPE),
        ("XavierUniform() conv", lambda: init.XavierUniform(), CONV_SHAPE),
        ("Zero()", lambda: init.Zero(), SHAPE),
        ("One()", lambda: init.One(), SHAPE),
        ("Constant(3)", lambda: init.Constant(3), SHAPE),
        ("Orthogonal()", lambda: init.Orthogonal(), SHAPE),
        ("Identity()", lambda: init.Identity(), SHAPE),
        ("Dirac() conv", lambda: init.Dirac(), CONV_SHAPE),
        ("'normal'", lambda: "normal", SHAPE),
        ("'uniform'", lambda: "uniform", SHAPE),
        ("'truncatedNormal'", lambda: "truncatedNormal", SHAPE),
        ("'xavier_uniform'", lambda: "xavier_uniform", SHAPE),
        ("'xavier_normal'", lambda: "xavier_normal", SHAPE),
        ("'he_uniform'", lambda: "he_uniform", SHAPE),
        ("'he_normal'", lambda: "he_normal", SHAPE),
        ("'zeros'", lambda: "zeros", SHAPE),
        ("'ones'", lambda: "ones", SHAPE),
        ("'orthogonal'", lambda: "orthogonal", SHAPE),
        ("'identity'", lambda: "identity", SHAPE),
        ("2.5", lambda: 2.5, (2,)),
    ]


def layer_cases():
    """Default parameter initialisation of Dense."""
    return {
        "Dense(400, 300)": lambda: nn.Dense(400, 300),
        "Dense(50, 20)": lambda: nn.Dense(50, 20),
    }


def main():
    """Generate init.json."""
    np.random.seed(0)
    ms.set_seed(0)
    meta = {"group": "init", "mindspore_version": ms.__version__, "generator": "tools/golden/gen_init.py",
            "initializers": {}, "layers": {}, "errors": {}}
    for label, build, shape in init_cases():
        entry = {"shape": list(shape)}
        try:
            value = init.initializer(build(), shape, ms.float32).init_data().asnumpy()
            entry.update(stats(value))
        except Exception as exc:  # a refusal is itself the fact to keep
            entry["error"] = describe_error(exc)
        meta["initializers"][label] = entry
    for label, build in layer_cases().items():
        cell = build()
        meta["layers"][label] = {path: stats(p.asnumpy()) for path, p in cell.parameters_and_names()}
    errors = {
        "'constant'": lambda: init.initializer("constant", SHAPE, ms.float32).init_data(),
        "Dirac() on 2-d": lambda: init.initializer(init.Dirac(), SHAPE, ms.float32).init_data(),
        "'nonexistent'": lambda: init.initializer("nonexistent", SHAPE, ms.float32).init_data(),
    }
    for label, fn in errors.items():
        try:
            fn()
            meta["errors"][label] = {"type": None}
        except Exception as exc:  # the recorded fact is whichever exception MindSpore raises
            meta["errors"][label] = describe_error(exc)
    path = os.path.join(GOLDEN_DIR, "init.json")
    with open(path, "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(f"init: {len(meta['initializers'])} initializers, {len(meta['layers'])} layers, "
          f"{os.path.getsize(path) / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
