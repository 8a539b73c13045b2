"""Golden fixtures for mixed precision: Cell.to_float, amp levels, loss scalers and managers, amp training.

Run from the repository root with the reference venv:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_amp.py
Writes tests/golden/amp.json and amp.npz:
- "to_float": the dtypes of a Cell's results under to_float(float16), nested float32 Cells included;
- "levels": auto_mixed_precision O1/O2/O3 on a small network: the printed network, intermediate and
  output dtypes;
- "scalers": StaticLossScaler / DynamicLossScaler scale, unscale and adjust sequences; all_finite;
- "managers": DynamicLossScaleManager.update_loss_scale sequences (host side), errors;
- "train_o2": Model(amp_level="O2", loss_scale_manager=FixedLossScaleManager(128, False)) on CPU with
  SGD(loss_scale=128): the trained weights (npz "train_o2/out/<param>") and per-step losses;
- "cpu_errors": what MindSpore 2.10 raises on CPU for a dropping loss-scale manager.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_train import GoldenWriter, capture_error  # noqa: E402

import mindspore as ms  # noqa: E402
from mindspore import Parameter, Tensor, nn, ops  # noqa: E402
from mindspore import amp  # noqa: E402


class Dtypes(nn.Cell):
    def __init__(self):
        super().__init__()
        self.p = Parameter(Tensor(np.ones(3), ms.float32), name="p")

    def construct(self, x, i):
        return (x + self.p, ops.softmax(x), ops.cast(x, ms.float32), i * 2, x.sum(), ops.exp(x), x * 2.5,
                ops.matmul(x, x.T), ops.log_softmax(x, -1), ops.relu(x), x.reshape(-1))


class Nested(nn.Cell):
    def __init__(self):
        super().__init__()
        self.a = nn.Dense(3, 3)
        self.bn = nn.BatchNorm1d(3)
        self.b = nn.Dense(3, 3)
        self.seen = []

    def construct(self, x):
        y = self.a(x)
        self.seen.append(str(y.dtype))
        y = self.bn(y)
        self.seen.append(str(y.dtype))
        z = y * 1.0
        self.seen.append(str(z.dtype))
        return self.b(z)


def to_float_cases(writer):
    x = Tensor(np.ones((2, 3)), ms.float32)
    out = Dtypes().to_float(ms.float16)(x, Tensor([1, 2]))
    nested = Nested()
    nested.to_float(ms.float16)
    nested.bn.to_float(ms.float32)
    result = nested(x)
    dense = nn.Dense(3, 4).to_float(ms.float16)
    grads = ms.grad(lambda t: dense(t).sum(), None, dense.trainable_params())(x)
    writer.meta["to_float"] = {
        "dtypes": [str(o.dtype) for o in out],
        "nested_seen": nested.seen, "nested_out": str(result.dtype),
        "dense_grads": [str(g.dtype) for g in grads], "bfloat16_dense": capture_error(lambda: nn.Dense(3, 4).to_float(ms.bfloat16)(x)),
        "bad_type": capture_error(lambda: nn.Dense(2, 2).to_float(ms.int32)),
    }


class Small(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.seq = nn.SequentialCell(nn.Dense(4, 5), nn.ReLU(), nn.BatchNorm1d(5), nn.Dense(5, 3))
        self.seen = []

    def construct(self, x):
        x = self.flatten(x)
        y = self.seq(x)
        self.seen.append(str(y.dtype))
        e = ops.exp(y)
        self.seen.append(str(e.dtype))
        return y


def level_cases(writer):
    x = Tensor(np.ones((2, 4)), ms.float32)
    levels = {}
    for level in ("O2", "O3"):
        net = amp.auto_mixed_precision(Small(), level)
        out = net(x)
        levels[level] = {"repr": repr(net), "type": type(net).__name__, "out": str(out.dtype),
                         "seen": net._backbone.seen, "amp_level": net._amp_level}
    net = amp.auto_mixed_precision(Small(), "O1")
    levels["O1"] = {"out": str(net(x).dtype), "seen": net.seen}
    levels["errors"] = {
        "level": capture_error(lambda: amp.auto_mixed_precision(Small(), "O5")),
        "dtype": capture_error(lambda: amp.auto_mixed_precision(Small(), "O2", ms.float32)),
        "function": capture_error(lambda: amp.auto_mixed_precision(lambda t: t, "O2")),
        "custom_both": capture_error(lambda: amp.custom_mixed_precision(Small(), white_list=[nn.Dense],
                                                                         black_list=[nn.Dense])),
        "custom_none": capture_error(lambda: amp.custom_mixed_precision(Small())),
    }
    levels["white_list"] = [c.__name__ for c in amp.get_white_list()]
    levels["black_list"] = [c.__name__ for c in amp.get_black_list()]
    writer.meta["levels"] = levels


def scaler_cases(writer):
    static = amp.StaticLossScaler(1024)
    writer.array("scalers/out/static_scale", static.scale(Tensor(np.array([1.0, 2.0]), ms.float16)))
    unscaled = static.unscale((Tensor(np.array([1.5, 1.0]), ms.float16), Tensor(np.array([1.2]), ms.float16)))
    writer.array("scalers/out/static_unscale0", unscaled[0])
    writer.array("scalers/out/static_unscale1", unscaled[1])
    writer.array("scalers/out/static_scale_int", static.scale(Tensor([3], ms.int32)))
    pattern = [True, True, False, True, True, True, False, False, True]
    dynamic = amp.DynamicLossScaler(1024, 2, 2)
    scales, counters = [], []
    for finite in pattern:
        dynamic.adjust(Tensor(finite))
        scales.append(float(dynamic.scale_value.asnumpy()))
        counters.append(int(dynamic.counter.asnumpy()))
    small = amp.DynamicLossScaler(1, 2, 1)
    small.adjust(Tensor(False))
    writer.meta["scalers"] = {
        "static_adjust": static.adjust(Tensor(True)),
        "list_type": type(static.scale([Tensor([1.0])])).__name__,
        "dynamic_pattern": pattern, "dynamic_scales": scales, "dynamic_counters": counters,
        "dynamic_floor": float(small.scale_value.asnumpy()),
        "all_finite": [bool(amp.all_finite((Tensor([1.0, np.inf]),)).asnumpy()),
                       bool(amp.all_finite([Tensor([1.0]), Tensor([2.0])]).asnumpy()),
                       bool(amp.all_finite((Tensor([1.0]), Tensor([np.nan]))).asnumpy()),
                       bool(amp.all_finite((Tensor([1], ms.int32),)).asnumpy())],
        "all_finite_shape": list(amp.all_finite((Tensor([1.0, 2.0]),)).shape),
        "errors": {"static_small": capture_error(lambda: amp.StaticLossScaler(0.5)),
                   "static_bool": capture_error(lambda: amp.StaticLossScaler(True)),
                   "dynamic_factor": capture_error(lambda: amp.DynamicLossScaler(2, 0, 1))},
    }


def manager_cases(writer):
    manager = amp.DynamicLossScaleManager(init_loss_scale=16, scale_factor=2, scale_window=3)
    pattern = [False, False, False, True, False, False, False, True, True]
    scales = []
    for overflow in pattern:
        manager.update_loss_scale(overflow)
        scales.append(manager.get_loss_scale())
    fixed = amp.FixedLossScaleManager(64, False)
    writer.meta["managers"] = {
        "pattern": pattern, "scales": scales,
        "defaults": [amp.FixedLossScaleManager().get_loss_scale(), amp.DynamicLossScaleManager().get_loss_scale()],
        "fixed_update_cell": repr(fixed.get_update_cell()),
        "fixed_drop": fixed.get_drop_overflow_update(),
        "errors": {"fixed": capture_error(lambda: amp.FixedLossScaleManager(0.5)),
                   "dynamic": capture_error(lambda: amp.DynamicLossScaleManager(0.5)),
                   "window": capture_error(lambda: amp.DynamicLossScaleManager(2, 2, 0))},
        "same_class": [ms.train.FixedLossScaleManager is amp.FixedLossScaleManager,
                       ms.FixedLossScaleManager is amp.FixedLossScaleManager],
    }


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(4, 8)
        self.relu = nn.ReLU()
        self.fc2 = nn.Dense(8, 3)

    def construct(self, x):
        return self.fc2(self.relu(self.fc1(x)))


def train_o2_case(writer):
    import mindspore.dataset as ds
    from mindspore.train import Callback, Model

    rs = np.random.RandomState(7)
    weights = {"fc1.weight": rs.randn(8, 4) * 0.5, "fc1.bias": rs.randn(8) * 0.1, "fc2.weight": rs.randn(3, 8) * 0.5,
               "fc2.bias": rs.randn(3) * 0.1}
    data = rs.randn(16, 4).astype(np.float32)
    label = rs.randint(0, 3, 16).astype(np.int32)
    for name, value in weights.items():
        writer.array(f"train_o2/in/{name}", value.astype(np.float32))
    writer.array("train_o2/in/data", data)
    writer.array("train_o2/in/label", label)
    net = Net()
    for param in net.get_parameters():
        param.set_data(Tensor(weights[param.name].astype(np.float32)))
    optimizer = nn.SGD(net.trainable_params(), 0.1, loss_scale=128.0)
    manager = amp.FixedLossScaleManager(128.0, drop_overflow_update=False)
    model = Model(net, nn.CrossEntropyLoss(), optimizer, amp_level="O2", loss_scale_manager=manager)
    losses = []

    class Record(Callback):
        def on_train_step_end(self, run_context):
            outputs = run_context.original_args().net_outputs
            losses.append([float(outputs.asnumpy()), str(outputs.dtype)])

    dataset = ds.NumpySlicesDataset({"data": data, "label": label}, shuffle=False).batch(4)
    model.train(2, dataset, callbacks=[Record()])
    for param in net.get_parameters():
        writer.array(f"train_o2/out/{param.name}", param)
    writer.meta["train_o2"] = {"losses": losses, "train_network": type(model.train_network).__name__,
                               "params": [[p.name, str(p.dtype)] for p in net.get_parameters()]}


def cpu_error_cases(writer):
    net = Net()
    optimizer = nn.SGD(net.trainable_params(), 0.1)
    writer.meta["cpu_errors"] = {
        "build_fixed_drop": capture_error(lambda: amp.build_train_network(
            net, optimizer, nn.CrossEntropyLoss(), level="O2", loss_scale_manager=amp.FixedLossScaleManager())),
        "build_o2_default": capture_error(lambda: amp.build_train_network(net, optimizer, nn.CrossEntropyLoss(),
                                                                          level="O2")),
    }


def main():
    import os
    import tempfile
    os.chdir(tempfile.mkdtemp())  # amp's O1 rewrite writes its generated networks into the working directory
    writer = GoldenWriter("amp", "gen_amp.py")
    level_cases(writer)
    scaler_cases(writer)
    manager_cases(writer)
    train_o2_case(writer)
    cpu_error_cases(writer)
    # Last: MindSpore's mixed-precision state leaks out of these Cells (ops run later in the process
    # are still cast), so nothing may run after them.
    to_float_cases(writer)
    x = Tensor(np.ones((2, 3)), ms.float32)
    writer.meta["to_float"]["bfloat16_dense"] = capture_error(lambda: nn.Dense(3, 4).to_float(ms.bfloat16)(x))
    print(writer.write())


if __name__ == "__main__":
    main()
