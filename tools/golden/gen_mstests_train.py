"""Golden fixtures for the training-side behaviour MindSpore's own tests check (issue 14): schedule Cells as
weight_decay, weight decay under a loss scale, Adam(use_lazy=, use_offload=), the dynamic_lr argument errors,
CheckpointConfig's rules, save_checkpoint of a list of Parameters, the dataset seed, Parameter$N names of
ParameterTuple attributes, the nn.grad Jvp/Vjp Cells and mutable.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_mstests_train.py
Writes tests/golden/mstests_train.json in the layout of metrics.json (see gen_metrics.py): each case is a
program leaving `result` (encoded to lists/floats), or the type of the exception it raised.
"""
import json
import os
import tempfile

import mindspore as ms

from gen_metrics import encode

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "..", "tests", "golden")

SCHEDULE = """
class Decay(nn.learning_rate_schedule.LearningRateSchedule):
    def construct(self, global_step):
        return ms.ops.cast(global_step, ms.float32) * 0.1 + 0.01
w = ms.Parameter(Tensor(np.array([1.0, -2.0], np.float32)), name="w")
g = (Tensor(np.array([0.5, 0.5], np.float32)),)
"""


def _optimizer_case(build):
    return SCHEDULE + f"opt = {build}\nfor _ in range(3):\n    opt(g)\nresult = [w.asnumpy(), opt.get_weight_decay().asnumpy()]"


ADAM = """
w = ms.Parameter(Tensor(np.array([[1.0, -2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)), name="w")
g = Tensor(np.array([[0.5, 0.5], [0.0, 0.0], [-1.0, 2.0]], np.float32))
"""

CASES = {
    "dynamic_weight_decay_momentum": _optimizer_case("nn.Momentum([w], 0.1, 0.9, weight_decay=Decay())"),
    "dynamic_weight_decay_adam": _optimizer_case("nn.Adam([w], 0.1, weight_decay=Decay())"),
    "dynamic_weight_decay_adam_weight_decay": _optimizer_case("nn.AdamWeightDecay([w], 0.1, weight_decay=Decay())"),
    "dynamic_weight_decay_rmsprop": _optimizer_case("nn.RMSProp([w], 0.1, weight_decay=Decay())"),
    "dynamic_weight_decay_adagrad": _optimizer_case("nn.Adagrad([w], learning_rate=0.1, weight_decay=Decay())"),
    "dynamic_weight_decay_loss_scale": _optimizer_case("nn.Momentum([w], 0.1, 0.9, weight_decay=Decay(), loss_scale=2.0)"),
    "dynamic_weight_decay_sgd": _optimizer_case("nn.SGD([w], 0.1, weight_decay=Decay())"),
    "dynamic_weight_decay_group": SCHEDULE + "b = ms.Parameter(Tensor(np.array([3.0], np.float32)), name='b')\n"
                                             "opt = nn.Momentum([{'params': [w], 'weight_decay': Decay()}, {'params': [b]}], "
                                             "0.1, 0.9, weight_decay=0.05)\n"
                                             "for _ in range(2):\n    opt(g + (Tensor(np.array([1.0], np.float32)),))\n"
                                             "result = [w.asnumpy(), b.asnumpy(), [d.asnumpy() for d in opt.get_weight_decay()]]",
    "weight_decay_loss_scale_momentum": SCHEDULE + "opt = nn.Momentum([w], 0.1, 0.9, weight_decay=0.1, loss_scale=2.0)\n"
                                                   "for _ in range(3):\n    opt(g)\nresult = [w.asnumpy(), opt.get_weight_decay().asnumpy()]",
    "weight_decay_loss_scale_adam": SCHEDULE + "opt = nn.Adam([w], 0.1, weight_decay=0.1, loss_scale=2.0)\n"
                                               "for _ in range(3):\n    opt(g)\nresult = w.asnumpy()",
    "weight_decay_negative": "nn.Momentum([ms.Parameter(Tensor([1.0]), name='w')], 0.1, 0.9, weight_decay=-0.1)",
    "weight_decay_string": "nn.Momentum([ms.Parameter(Tensor([1.0]), name='w')], 0.1, 0.9, weight_decay='0.1')",
    "adam_lazy_dense": ADAM + "opt = nn.Adam([w], learning_rate=0.1, use_lazy=True)\nfor _ in range(2):\n    opt((g,))\n"
                              "result = [w.asnumpy(), opt.use_lazy, opt.use_offload]",
    "adam_offload_dense": ADAM + "opt = nn.Adam([w], learning_rate=0.1, use_offload=True, use_nesterov=True)\n"
                                 "for _ in range(2):\n    opt((g,))\nresult = [w.asnumpy(), opt.moment1[0].asnumpy()]",
    "adam_offload_decay_scale": ADAM + "opt = nn.Adam([w], learning_rate=0.1, use_offload=True, weight_decay=0.1, "
                                       "loss_scale=2.0)\nfor _ in range(2):\n    opt((g,))\nresult = w.asnumpy()",
    "adam_lazy_and_offload": ADAM + "nn.Adam([w], use_lazy=True, use_offload=True)",
    "adam_lazy_not_bool": ADAM + "nn.Adam([w], use_lazy=1)",
    "adam_lazy_amsgrad": ADAM + "nn.Adam([w], use_lazy=True, use_amsgrad=True)",
    "adam_unknown_kwarg": ADAM + "nn.Adam([w], foo=1)",
    "checkpoint_config_defaults": "c = train.CheckpointConfig()\nresult = [c.save_checkpoint_steps, c.save_checkpoint_seconds, "
                                  "c.keep_checkpoint_max, c.keep_checkpoint_per_n_minutes]",
    "checkpoint_config_seconds_only": "c = train.CheckpointConfig(save_checkpoint_steps=None, save_checkpoint_seconds=5, "
                                      "keep_checkpoint_max=None, keep_checkpoint_per_n_minutes=2)\n"
                                      "result = [c.save_checkpoint_steps, c.save_checkpoint_seconds, c.keep_checkpoint_max, "
                                      "c.keep_checkpoint_per_n_minutes]",
    "checkpoint_config_steps_win": "c = train.CheckpointConfig(save_checkpoint_steps=2, save_checkpoint_seconds=3, "
                                   "keep_checkpoint_max=0)\nresult = [c.save_checkpoint_steps, c.save_checkpoint_seconds, "
                                   "c.keep_checkpoint_max, c.keep_checkpoint_per_n_minutes]",
    "checkpoint_config_all_zero": "train.CheckpointConfig(0, 0, 0, 0)",
    "checkpoint_config_negative": "train.CheckpointConfig(save_checkpoint_seconds=-1)",
    "dataset_default_seed": "result = ms.dataset.config.get_seed()",
    "save_checkpoint_parameter_list": "d = tempfile.mkdtemp()\n"
                                      "w = ms.Parameter(Tensor(np.ones((2, 2), np.float32)), name='w')\n"
                                      "b = ms.Parameter(Tensor(np.arange(2, dtype=np.float32)), name='b')\n"
                                      "path = os.path.join(d, 'p.ckpt')\nms.save_checkpoint([w, b], path)\n"
                                      "loaded = ms.load_checkpoint(path)\nresult = [sorted(loaded), loaded['b'].asnumpy()]",
    "save_checkpoint_mixed_list": "d = tempfile.mkdtemp()\nw = ms.Parameter(Tensor(np.ones(2, np.float32)), name='w')\n"
                                  "ms.save_checkpoint([w, {'name': 'x', 'data': Tensor([1.0])}], os.path.join(d, 'm.ckpt'))",
    "save_checkpoint_tuple": "d = tempfile.mkdtemp()\nw = ms.Parameter(Tensor(np.ones(2, np.float32)), name='w')\n"
                             "ms.save_checkpoint((w,), os.path.join(d, 't.ckpt'))",
    "parameter_tuple_names": "class M(nn.Cell):\n"
                             "    def __init__(self):\n"
                             "        super().__init__()\n"
                             "        self.ps = ms.ParameterTuple([ms.Parameter(Tensor([1.0])), ms.Parameter(Tensor([2.0]), name='named')])\n"
                             "        self.qs = ms.ParameterTuple([ms.Parameter(Tensor([3.0]))])\n"
                             "        self.w = ms.Parameter(Tensor([4.0]))\n"
                             "    def construct(self, x):\n"
                             "        return x\n"
                             "class Outer(nn.Cell):\n"
                             "    def __init__(self):\n"
                             "        super().__init__()\n"
                             "        self.inner = M()\n"
                             "    def construct(self, x):\n"
                             "        return x\n"
                             "result = [[n, p.name] for n, p in Outer().parameters_and_names()]",
    "train_one_step_parameter_paths": "net = nn.Dense(2, 3)\nopt = nn.Momentum(net.trainable_params(), 0.1, 0.9)\n"
                                      "t = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)\n"
                                      "result = [n for n, _ in t.parameters_and_names()]",
    "unnamed_parameters_in_optimizer": "opt = nn.Momentum([ms.Parameter(Tensor([1.0])), ms.Parameter(Tensor([2.0]))], 0.1, 0.9)\n"
                                       "result = [p.name for p in opt.parameters]",
    "jvp_cell": "from mindspore.nn.grad import Jvp\n"
                "class Net(nn.Cell):\n"
                "    def construct(self, x, y):\n"
                "        return x ** 3 + y, 2 * x * y\n"
                "x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))\ny = Tensor(np.array([[0.5, -1.0], [2.0, 1.5]], np.float32))\n"
                "v = Tensor(np.array([[1.0, 0.5], [-1.0, 2.0]], np.float32))\n"
                "result = Jvp(Net())(x, y, (v, v))",
    "vjp_cell": "from mindspore.nn.grad import Vjp\n"
                "class Net(nn.Cell):\n"
                "    def construct(self, x, y):\n"
                "        return x ** 3 + y, 2 * x * y\n"
                "x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))\ny = Tensor(np.array([[0.5, -1.0], [2.0, 1.5]], np.float32))\n"
                "v = Tensor(np.array([[1.0, 0.5], [-1.0, 2.0]], np.float32))\n"
                "result = Vjp(Net())(x, y, (v, v))",
    "lstm_operator": "from mindspore.ops import composite as c\n"
                     "np.random.seed(1)\n"
                     "x = Tensor(np.random.randn(3, 2, 4), ms.float32)\nh = Tensor(np.random.randn(1, 2, 3), ms.float32)\n"
                     "cc = Tensor(np.random.randn(1, 2, 3), ms.float32)\n"
                     "w = Tensor(np.random.uniform(-0.5, 0.5, (4 * 3 * (4 + 3) + 4 * 3, 1, 1)).astype(np.float32))\n"
                     "op = ms.ops.LSTM(4, 3, 1, True, False, 0.0)\n"
                     "out, hn, cn, _, _ = op(x, h, cc, w)\n"
                     "grads = c.GradOperation(get_all=True)(lambda *a: op(*a)[0])(x, h, cc, w)\n"
                     "result = [out, hn, cn, list(grads)]",
    "lstm_operator_projection": "from mindspore.ops import composite as c\n"
                                "np.random.seed(1)\n"
                                "x = Tensor(np.random.randn(2, 1, 4), ms.float32)\nh = Tensor(np.random.randn(1, 1, 2), ms.float32)\n"
                                "cc = Tensor(np.random.randn(1, 1, 4), ms.float32)\n"
                                "w = Tensor(np.random.uniform(-0.5, 0.5, (4 * 4 * (4 + 2) + 2 * 4, 1, 1)).astype(np.float32))\n"
                                "op = ms.ops.LSTM(4, 4, 1, False, False, 0.0, 2)\n"
                                "grads = c.GradOperation(get_all=True)(lambda *a: op(*a)[0])(x, h, cc, w)\n"
                                "result = [op(x, h, cc, w)[0], list(grads)]",
    "nn_lstm_assigned_weights": "from mindspore.ops import composite as c\n"
                                "rng = np.random.RandomState(0)\n"
                                "def tuple_of(shape, name):\n"
                                "    return ms.ParameterTuple([ms.Parameter(Tensor(rng.uniform(-0.25, 0.25, shape).astype(np.float32)), "
                                "name=name)])\n"
                                "lstm = nn.LSTM(5, 4, 1, has_bias=True)\n"
                                "lstm.w_ih_list = tuple_of((16, 5), 'weight_ih_l0')\nlstm.w_hh_list = tuple_of((16, 4), 'weight_hh_l0')\n"
                                "lstm.b_ih_list = tuple_of((16,), 'bias_ih_l0')\nlstm.b_hh_list = tuple_of((16,), 'bias_hh_l0')\n"
                                "x = Tensor(rng.randn(3, 2, 5).astype(np.float32))\nh0 = Tensor(rng.randn(1, 2, 4).astype(np.float32))\n"
                                "c0 = Tensor(rng.randn(1, 2, 4).astype(np.float32))\n"
                                "out, (hy, cy) = lstm(x, (h0, c0))\n"
                                "grads = c.GradOperation(get_all=True)(lambda a, b, d: lstm(a, (b, d))[0])(x, h0, c0)\n"
                                "result = [out, hy, cy, list(grads), [p.name for p in lstm.trainable_params()]]",
    "mutable_tuple_grad": "f = lambda t: (t[0] * t[1]).sum()\n"
                          "x = Tensor([1.0, 2.0])\nresult = [ms.grad(f)(ms.mutable((x, x * 2))), type(ms.mutable(3)).__name__]",
}

LR_CALLS = [
    "nn.piecewise_constant_lr([1.0, 2], [0.1, 0.01])", "nn.piecewise_constant_lr((1, 2), [0.1, '0.01'])",
    "nn.piecewise_constant_lr([True, 2], [0.1, 0.2])", "nn.piecewise_constant_lr([1, 2], [1, 0.2])",
    "nn.piecewise_constant_lr([2, 2, 3], [0.1, 0.2, 0.3])", "nn.piecewise_constant_lr([2, 1], [0.1, 0.2])",
    "nn.exponential_decay_lr(0.1, 0.9, 10, 2, 'a')", "nn.exponential_decay_lr('0.1', 0.9, 10, 2, 4)",
    "nn.exponential_decay_lr(0.1, 0.9, 10.0, 2, 4)", "nn.exponential_decay_lr(0.1, 0.9, 10, 2, 4, is_stair=1)",
    "nn.exponential_decay_lr(-0.1, 0.9, 10, 2, 4)", "nn.exponential_decay_lr(0.1, 0.9, 10, 0, 4)",
    "nn.exponential_decay_lr(1, 0.9, 10, 2, 4)", "nn.exponential_decay_lr(0.1, 1, 10, 2, 4)",
    "nn.exponential_decay_lr(0.1, 0.9, True, 2, 4)", "nn.natural_exp_decay_lr(0.1, 0.9, 10, 2, True)",
    "nn.natural_exp_decay_lr(0.1, '0.9', 10, 2, 2)", "nn.inverse_decay_lr(0.1, 0.9, 10, 2, 2.5)",
    "nn.cosine_decay_lr('a', 0.1, 10, 2, 2)", "nn.cosine_decay_lr(0.0, 0.1, 10, 2, 2.0)",
    "nn.cosine_decay_lr(0.2, 0.1, 10, 2, 2)", "nn.cosine_decay_lr(-0.1, 0.1, 10, 2, 2)", "nn.cosine_decay_lr(0, 0.1, 10, 2, 2)",
    "nn.polynomial_decay_lr(0.1, 0.01, 10, 2, 2, 'p')", "nn.polynomial_decay_lr(0.1, 0.01, 10, 2, 2, 0.5, update_decay_epoch=1)",
    "nn.polynomial_decay_lr(0.1, 0.01, 10, 2, 2, -0.5)", "nn.polynomial_decay_lr(0.1, 0.01, 10, 2, 2, 1)",
    "nn.polynomial_decay_lr(0.1, 0.01, 10, 2, 2.0, 0.5)", "nn.warmup_lr(0.1, 10, 2, 'x')", "nn.warmup_lr(0.1, 10, 2, 0)",
    "nn.warmup_lr(True, 10, 2, 1)", "nn.warmup_lr(0.1, 10.5, 2, 1)", "nn.warmup_lr(-0.1, 10, 2, 1)", "nn.warmup_lr(1, 10, 2, 1)",
    "nn.warmup_lr(0.0, 4, 1, 2)",
]
CASES.update({f"lr_{i}": f"result = {call}" for i, call in enumerate(LR_CALLS)})


PRELUDE = "import os, tempfile\nimport numpy as np\nimport mindspore as ms\nfrom mindspore import nn, Tensor, train\n"


def run_case(name, code, directory):
    """Run a case as a module of its own (MindSpore's graph compiler reads the source of the classes it
    compiles); returns its `result`."""
    import importlib.util
    import sys
    path = os.path.join(directory, f"golden_{name}.py")
    with open(path, "w") as f:
        f.write(PRELUDE + code + "\n")
    spec = importlib.util.spec_from_file_location(f"golden_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return getattr(module, "result", None)


def main():
    entries = []
    directory = tempfile.mkdtemp()
    for name, code in CASES.items():
        entry = {"case": name, "code": code}
        try:
            entry["result"] = encode(run_case(name, code, directory))
        except Exception as error:  # the recorded behaviour is the exception's type
            entry["error"] = type(error).__name__
        entries.append(entry)
    with open(os.path.join(GOLDEN_DIR, "mstests_train.json"), "w") as f:
        json.dump({"generator": "tools/golden/gen_mstests_train.py", "mindspore": ms.__version__, "cases": entries}, f,
                  indent=1, allow_nan=True)


if __name__ == "__main__":
    main()
