"""Golden fixtures for `mindspore.ops.auto_generate` (issue 14): the grad primitives MindSpore's CPU tests call
(SqrtGrad, RsqrtGrad, ReluGrad, ReLU6Grad, TanhGrad, ReciprocalGrad, GeLUGrad, FastGeLUGrad, HSwishGrad,
HSigmoidGrad, HShrinkGrad, MinimumGrad, MaximumGrad, SoftmaxBackward, PReLUGrad) and the functions
(add_ext, sub_ext, bmm_ext, mv, copy, contiguous, ones, zeros, broadcast_to, abs, equal, less, not_equal), on
inputs with the edge values (0, ties, 6, ±lambd).

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_auto_generate.py
Writes tests/golden/auto_generate.json in the layout of metrics.json (see gen_metrics.py).
"""
import json
import os

import numpy as np
import mindspore as ms
from mindspore import Tensor
from mindspore.ops import auto_generate as ag

from gen_metrics import encode

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "..", "tests", "golden")

PRELUDE = """import numpy as np
import mindspore as ms
from mindspore import Tensor
from mindspore.ops import auto_generate as ag
from mindspore.ops.auto_generate import gen_ops_def, gen_ops_prim
rng = np.random.RandomState(0)
x = Tensor(np.array([[-7.0, -6.0, -3.0, -0.5, 0.0], [0.25, 0.5, 3.0, 6.0, 7.5]], np.float32))
pos = Tensor(np.array([[0.5, 1.0, 2.0], [4.0, 0.1, 9.0]], np.float32))
d = Tensor(rng.randn(2, 5).astype(np.float32))
d3 = Tensor(rng.randn(2, 3).astype(np.float32))
a = Tensor(np.array([1.0, 2.0, 4.0, 3.0, np.nan], np.float32))
c = Tensor(np.array([2.0, 2.0, 3.0, 3.0, 1.0], np.float32))
"""

CASES = {
    "sqrt_grad": "result = ag.SqrtGrad()(pos, d3)",
    "sqrt_grad_test": "v = np.array([[0.02595769, 0.25027096]], np.float32)\n"
                      "result = ag.SqrtGrad()(Tensor(v), Tensor(v * v))",
    "rsqrt_grad": "result = ag.RsqrtGrad()(pos, d3)",
    "relu_grad": "result = ag.ReluGrad()(d, x)",
    "relu6_grad": "result = ag.ReLU6Grad()(d, x)",
    "tanh_grad": "result = ag.TanhGrad()(Tensor(np.tanh(x.asnumpy())), d)",
    "reciprocal_grad": "result = ag.ReciprocalGrad()(pos, d3)",
    "gelu_grad": "result = ag.GeLUGrad()(d, x, ms.ops.gelu(x))",
    "fast_gelu_grad": "result = ag.FastGeLUGrad()(d, x)",
    "hswish_grad": "result = ag.HSwishGrad()(d, x)",
    "hswish_grad_edges": "e = Tensor(np.array([-3.0, -2.999, 2.999, 3.0, 3.001], np.float32))\n"
                         "result = ag.HSwishGrad()(Tensor(np.ones(5, np.float32)), e)",
    "hsigmoid_grad": "result = ag.HSigmoidGrad()(d, x)",
    "hsigmoid_grad_edges": "e = Tensor(np.array([-3.0, -2.999, 2.999, 3.0, 3.001], np.float32))\n"
                           "result = ag.HSigmoidGrad()(Tensor(np.ones(5, np.float32)), e)",
    "hshrink_grad": "result = ag.HShrinkGrad()(d, x)",
    "hshrink_grad_lambd": "result = ag.HShrinkGrad(lambd=3.0)(d, x)",
    "minimum_grad": "result = ag.MinimumGrad()(a, c, Tensor(np.arange(1, 6).astype(np.float32)))",
    "minimum_grad_test": "result = ag.MinimumGrad()(Tensor(np.array([1, 2, 4], np.float32)), "
                         "Tensor(np.array([2, 4, 3], np.float32)), Tensor(np.array([1., 2., 3.], np.float32)))",
    "minimum_grad_broadcast": "result = ag.MinimumGrad()(Tensor(np.array([[1.0], [3.0]], np.float32)), "
                              "Tensor(np.array([2.0, 0.0, 5.0], np.float32)), Tensor(np.ones((2, 3), np.float32)))",
    "minimum_grad_x_only": "result = ag.MinimumGrad(grad_x=True, grad_y=False)(a, c, Tensor(np.ones(5, np.float32)))",
    "maximum_grad": "result = ag.MaximumGrad()(a, c, Tensor(np.arange(1, 6).astype(np.float32)))",
    "maximum_grad_broadcast": "result = ag.MaximumGrad()(Tensor(np.array([[1.0], [3.0]], np.float32)), "
                              "Tensor(np.array([2.0, 0.0, 5.0], np.float32)), Tensor(np.ones((2, 3), np.float32)))",
    "softmax_backward": "out = ms.ops.softmax(d, -1)\nresult = ag.SoftmaxBackward()(d * 2, out, -1)",
    "softmax_backward_dim0": "out = ms.ops.softmax(d, 0)\nresult = ag.SoftmaxBackward()(d * 2, out, 0)",
    "prelu_grad": "w = Tensor(np.array([0.25, -0.5], np.float32))\n"
                  "xx = Tensor(rng.randn(3, 2, 4).astype(np.float32))\n"
                  "result = ag.PReLUGrad()(Tensor(rng.randn(3, 2, 4).astype(np.float32)), xx, w)",
    "prelu_grad_scalar_weight": "w = Tensor(np.array([0.25], np.float32))\n"
                                "result = ag.PReLUGrad()(d, x, w)",
    "reciprocal": "result = gen_ops_def.Reciprocal()(pos)",
    "add_ext": "result = gen_ops_def.add_ext(d, x, 2.0)",
    "add_ext_int_alpha": "result = gen_ops_def.add_ext(Tensor(np.array([1, 2], np.int32)), "
                         "Tensor(np.array([3, 4], np.int32)), 3)",
    "sub_ext": "result = gen_ops_def.sub_ext(d, x, 0.5)",
    "bmm_ext": "result = gen_ops_def.bmm_ext(Tensor(rng.randn(2, 3, 4).astype(np.float32)), "
               "Tensor(rng.randn(2, 4, 2).astype(np.float32)))",
    "mv": "result = ag.mv(Tensor(rng.randn(3, 4).astype(np.float32)), Tensor(rng.randn(4).astype(np.float32)))",
    "copy": "y = ag.copy(d)\nresult = [y, y is d]",
    "contiguous": "result = ag.contiguous(d)",
    "ones": "y = gen_ops_def.ones((2, 3), ms.float16)\nresult = [y, str(y.dtype)]",
    "ones_default": "y = gen_ops_def.ones((2,))\nresult = [y, str(y.dtype)]",
    "zeros": "y = gen_ops_def.zeros(3, ms.int32)\nresult = [y, str(y.dtype)]",
    "broadcast_to": "result = ag.broadcast_to(Tensor(np.array([1.0, 2.0], np.float32)), (3, 2))",
    "broadcast_to_minus_one": "result = ag.broadcast_to(Tensor(np.array([[1.0], [2.0]], np.float32)), (-1, 3))",
    "abs": "result = ag.abs(Tensor(np.array([1, 0, -3], np.int8)))",
    "abs_grad": "result = ms.grad(ag.abs)(Tensor(np.array([1.0, 0.0, -3.0], np.float32)))",
    "equal": "result = ag.equal(a, c)",
    "less": "result = ag.less(a, c)",
    "not_equal": "result = ag.not_equal(a, c)",
    "equal_scalar": "result = ag.equal(Tensor(np.array([1, 2], np.int32)), 2)",
}


def main():
    entries = []
    for name, code in CASES.items():
        namespace = {}
        entry = {"case": name, "code": code}
        try:
            exec(PRELUDE + code, namespace)
            entry["result"] = encode(namespace.get("result"))
        except Exception as error:  # the recorded behaviour is the exception's type
            entry["error"] = type(error).__name__
            print(name, type(error).__name__, error)
        entries.append(entry)
    with open(os.path.join(GOLDEN_DIR, "auto_generate.json"), "w") as f:
        json.dump({"generator": "tools/golden/gen_auto_generate.py", "mindspore": ms.__version__, "prelude": PRELUDE,
                   "cases": entries}, f, indent=1, allow_nan=True)


if __name__ == "__main__":
    main()
