"""Golden fixture for the last bits of MindSpore 2.10's CPU SGD and Momentum updates.

Run from /work/main: /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_sgd_rounding.py
One step at lr 0.03 on 10,000 standard-normal float32 weights and gradients (RandomState(SEED)).
Writes tests/golden/sgd_rounding.npz: "weight", "grad", and the updated weights "SGD" and "Momentum"
(momentum 0.9: its first step is w - lr * g too).
"""
from pathlib import Path

import numpy as np
from mindspore import Parameter, Tensor, nn

SEED = 20261127
SIZE = 10_000
LR = 0.03
OUT = Path(__file__).resolve().parents[2] / "tests" / "golden" / "sgd_rounding.npz"


def main():
    rs = np.random.RandomState(SEED)
    weight = rs.standard_normal(SIZE).astype(np.float32)
    grad = rs.standard_normal(SIZE).astype(np.float32)
    arrays = {"weight": weight, "grad": grad}
    for name, make in (("SGD", lambda p: nn.SGD(p, LR)), ("Momentum", lambda p: nn.Momentum(p, LR, 0.9))):
        param = Parameter(Tensor(weight.copy()), name="w")
        make([param])((Tensor(grad),))
        arrays[name] = param.asnumpy()
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
