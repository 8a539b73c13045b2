#!/usr/bin/env bash
# The GPU check: on a machine with an NVIDIA GPU and its driver, one command installs CuPy into a
# fresh venv, runs the op, autodiff, nn and backend tests with CuPy as the default backend, and
# runs the benchmarks there. Output goes to the terminal and to gpu_check.log.
#
#   bash tools/gpu_check.sh                  # CUDA 12.x wheels (cupy-cuda12x)
#   CUPY=cupy-cuda11x bash tools/gpu_check.sh
#
# Needs the network (PyPI) for the venv. The tests' tolerances were set on the CPU; a failure
# here is either a seam bug (an array made outside the backend) or a GPU rounding difference.
set -uo pipefail
cd "$(dirname "$0")/.."
CUPY="${CUPY:-cupy-cuda12x}"
exec > >(tee gpu_check.log) 2>&1

set -e
rm -rf .gpu-venv
python3 -m venv .gpu-venv
. .gpu-venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e ".[test]" "$CUPY"
python - <<'EOF'
import cupy
count = cupy.cuda.runtime.getDeviceCount()
name = cupy.cuda.runtime.getDeviceProperties(0)["name"].decode()
print(f"cupy {cupy.__version__}, CUDA runtime {cupy.cuda.runtime.runtimeGetVersion()}, {count} GPU(s): {name}")
EOF
set +e

status=0
echo "== tests on the CuPy backend"
MINISPORE_BACKEND=cupy python -m pytest -q -p no:cacheprovider tests/ops tests/autodiff tests/nn tests/backend \
  || status=1
echo "== a training step on the GPU, checked against the CPU"
MINISPORE_BACKEND=cupy python - <<'EOF' || status=1
import numpy as np
import minispore as ms
from minispore import nn, ops

ms.set_seed(0)
net = nn.SequentialCell(nn.Dense(784, 128), nn.ReLU(), nn.Dense(128, 10))
assert net.trainable_params()[0].device == "GPU", "parameters are not on the GPU"
weights = [p.asnumpy().copy() for p in net.trainable_params()]
rng = np.random.default_rng(0)
x, y = rng.standard_normal((64, 784), dtype=np.float32), rng.integers(0, 10, 64).astype(np.int32)
loss_fn, opt = nn.CrossEntropyLoss(), nn.SGD(net.trainable_params(), 0.1)
step = ms.value_and_grad(lambda a, b: loss_fn(net(a), b), None, opt.parameters)
losses = []
for _ in range(20):
    loss, grads = step(ms.Tensor(x), ms.Tensor(y))
    opt(grads)
    losses.append(float(loss))
print("GPU losses", [round(v, 4) for v in losses[::5]])
assert losses[-1] < losses[0] / 2, losses

# The same steps in NumPy from the same weights.
w1, b1, w2, b2 = weights
for _ in range(20):
    h = np.maximum(x @ w1.T + b1, 0)
    logits = h @ w2.T + b2
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    d = p.copy()
    d[np.arange(64), y] -= 1
    d /= 64
    gw2, gb2 = d.T @ h, d.sum(0)
    dh = (d @ w2) * (h > 0)
    gw1, gb1 = dh.T @ x, dh.sum(0)
    w1, b1, w2, b2 = w1 - 0.1 * gw1, b1 - 0.1 * gb1, w2 - 0.1 * gw2, b2 - 0.1 * gb2
final = [p.asnumpy() for p in net.trainable_params()]
for got, want in zip(final, (w1, b1, w2, b2)):
    np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-4)
print("GPU training matches the CPU reference")
EOF
echo "== benchmarks (CuPy backend; each case's time per call)"
MINISPORE_BACKEND=cupy python benchmarks/run.py --cases add4x4 vg_seed mlp_b64 mlp_b256 lenet_b32 --repeat 5 \
  || status=1
echo "== gpu_check: $([ $status = 0 ] && echo passed || echo FAILED) (log in gpu_check.log)"
exit $status
