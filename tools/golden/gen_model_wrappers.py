"""Training wrappers for the 'model' golden group: WithLossCell, TrainOneStepCell, WithEvalCell,
TrainOneStepWithLossScaleCell and the loss-scale update Cells (used by gen_model.py).

npz keys: "wrap_inputs/in/x|y", "wrap_inputs/param/fc.weight|fc.bias" (the fixed Dense(4,3)),
"<case>/out/<name>" (stacked over the 5 steps where a case steps), "<case>/grad/<name>".
"""
import numpy as np

from gen_train import capture_error, error_record, signature_record

SEED = 20250611
STEPS = 5


def wrapper_inputs():
    """Fixed Dense(4,3) weights and a fixed batch (x: 6x4, y: 6x3) for an MSE regression."""
    rs = np.random.RandomState(SEED)
    return {"fc.weight": (rs.randn(3, 4) * 0.5).astype(np.float32),
            "fc.bias": (rs.randn(3) * 0.1).astype(np.float32),
            "x": rs.randn(6, 4).astype(np.float32),
            "y": rs.randn(6, 3).astype(np.float32)}


def build_net(inputs):
    """A Cell named Net holding `fc = Dense(4, 3)` with the fixed weights (names fc.weight, fc.bias)."""
    from mindspore import Tensor, nn

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(4, 3, weight_init=Tensor(inputs["fc.weight"]),
                               bias_init=Tensor(inputs["fc.bias"]))

        def construct(self, x):
            return self.fc(x)

    return Net()


def stack_params(rows):
    return {name: np.stack([row[name] for row in rows]) for name in rows[0]}


def param_snapshot(net):
    return {p.name: p.asnumpy().copy() for p in net.trainable_params()}


def record_signatures(writer):
    from mindspore import nn

    names = ["WithLossCell", "TrainOneStepCell", "WithEvalCell", "TrainOneStepWithLossScaleCell",
             "FixedLossScaleUpdateCell", "DynamicLossScaleUpdateCell", "WithGradCell"]
    writer.meta.setdefault("signatures", {}).update(
        {name: signature_record(getattr(nn, name).__init__) for name in names})


def record_with_loss(writer, inputs):
    from mindspore import Tensor, nn

    net = build_net(inputs)
    with_loss = nn.WithLossCell(net, nn.MSELoss())
    loss = with_loss(Tensor(inputs["x"]), Tensor(inputs["y"]))
    writer.array("with_loss/out/loss", loss)
    writer.case(case="with_loss", cell="WithLossCell", loss_fn="MSELoss()", repr=repr(with_loss),
                out_dtype=str(loss.dtype), out_shape=list(loss.shape),
                backbone_network_is_net=with_loss.backbone_network is net,
                parameters_and_names=[[path, p.name] for path, p in with_loss.parameters_and_names()],
                training=with_loss.training)


def run_train_one_step(writer, inputs, case, **kwargs):
    """TrainOneStepCell(WithLossCell(net, MSELoss()), SGD(0.1), **kwargs) for 5 steps."""
    from mindspore import Tensor, nn

    net = build_net(inputs)
    cell = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                               nn.SGD(net.trainable_params(), 0.1), **kwargs)
    x, y = Tensor(inputs["x"]), Tensor(inputs["y"])
    losses, snapshots, returns = [], [], []
    for _ in range(STEPS):
        result = cell(x, y)
        loss = result[0] if isinstance(result, tuple) else result
        returns.append(describe_return(result))
        if isinstance(result, tuple):
            for name, grad in result[1].items():
                if f"{case}/grad/{name}" not in writer.arrays:
                    writer.array(f"{case}/grad/{name}", grad)
        losses.append(loss.asnumpy().copy())
        snapshots.append(param_snapshot(net))
    writer.array(f"{case}/out/loss", np.stack(losses))
    for name, value in stack_params(snapshots).items():
        writer.array(f"{case}/out/{name}", value)
    writer.case(case=case, cell="TrainOneStepCell", kwargs=kwargs, optimizer="SGD(learning_rate=0.1)",
                loss_fn="MSELoss()", repr=repr(cell), returns=returns,
                net_training_after=net.training, cell_training_after=cell.training,
                note="out/loss[k] is the loss returned by step k+1 (before that step's update); "
                     "grad/<name> is the gradient dict of step 1 where return_grad=True")


def describe_return(result):
    """Structure of a wrapper's return value: type, and for tuples each element's kind."""
    if isinstance(result, tuple):
        return {"type": "tuple", "items": [describe_return(r) for r in result]}
    if isinstance(result, dict):
        return {"type": "dict", "keys": list(result.keys()),
                "value_types": sorted({type(v).__name__ for v in result.values()})}
    if hasattr(result, "dtype"):
        return {"type": type(result).__name__, "dtype": str(result.dtype), "shape": list(result.shape)}
    return {"type": type(result).__name__, "repr": repr(result)}


def record_with_eval(writer, inputs):
    from mindspore import Tensor, nn

    for case, kwargs in (("with_eval", {}), ("with_eval_cast_fp32", {"add_cast_fp32": True})):
        cell = nn.WithEvalCell(build_net(inputs), nn.MSELoss(), **kwargs)
        result = cell(Tensor(inputs["x"]), Tensor(inputs["y"]))
        for role, value in zip(("loss", "outputs", "label"), result):
            writer.array(f"{case}/out/{role}", value)
        writer.case(case=case, cell="WithEvalCell", kwargs=kwargs, repr=repr(cell),
                    returns=describe_return(result), note="returns (loss, outputs, label)")


def loss_scale_cell(inputs, manager_kind):
    """TrainOneStepWithLossScaleCell with a Fixed/Dynamic update Cell or a Tensor scale."""
    import mindspore as ms
    from mindspore import Tensor, nn

    net = build_net(inputs)
    managers = {
        "fixed": lambda: nn.FixedLossScaleUpdateCell(loss_scale_value=1024.0),
        "dynamic": lambda: nn.DynamicLossScaleUpdateCell(loss_scale_value=2.0 ** 12, scale_factor=2,
                                                         scale_window=2),
        "tensor": lambda: Tensor(1024.0, ms.float32),
    }
    cell = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
                                            nn.SGD(net.trainable_params(), 0.1),
                                            scale_sense=managers[manager_kind]())
    return net, cell


def record_loss_scale(writer, inputs):
    """On CPU the overflow check needs an Ascend/GPU-only kernel; record that, then the numbers
    MindSpore's own code gives when its IsFinite-based (Ascend inf/nan mode) check is forced."""
    from mindspore import Tensor

    x, y = Tensor(inputs["x"]), Tensor(inputs["y"])
    x_inf = inputs["x"].copy()
    x_inf[0, 0] = np.inf
    for kind in ("fixed", "dynamic", "tensor"):
        _, cell = loss_scale_cell(inputs, kind)
        writer.case(case=f"loss_scale_{kind}_cpu", cell="TrainOneStepWithLossScaleCell", scale_sense=kind,
                    repr=repr(cell), error=capture_error(lambda: cell(x, y)),
                    note="as a user calls it on CPU")
    for kind in ("fixed", "dynamic"):
        net, cell = loss_scale_cell(inputs, kind)
        cell.ascend_910b_target = True
        cell.enable_allfinite = False
        cell._ascend_check_overflow_mode = None
        batches = [x, x, x, Tensor(x_inf), x, x, x]
        steps, snapshots = [], []
        for batch in batches:
            try:
                loss, cond, scale = cell(batch, y)
            except Exception as exc:  # recorded, not expected
                steps.append({"error": error_record(exc)})
                break
            steps.append({"input_has_inf": batch is not x, "loss": float(loss.asnumpy()),
                          "overflow": bool(cond.asnumpy()), "overflow_dtype": str(cond.dtype),
                          "scale_after": float(scale.asnumpy()), "scale_type": type(scale).__name__,
                          "scale_name": getattr(scale, "name", None)})
            snapshots.append(param_snapshot(net))
        for name, value in stack_params(snapshots).items():
            writer.array(f"loss_scale_{kind}_forced/out/{name}", value)
        writer.case(case=f"loss_scale_{kind}_forced", cell="TrainOneStepWithLossScaleCell",
                    scale_sense=kind, steps=steps,
                    note="cell.ascend_910b_target=True, enable_allfinite=False, "
                         "_ascend_check_overflow_mode=None before the first call, so MindSpore's "
                         "IsFinite-based check runs on CPU; returns (loss, overflow, scale_sense "
                         "Parameter already updated); an overflowing step skips the optimizer; "
                         "the 4th batch has x[0,0]=inf; out/<name>[k] after call k+1")


def record_update_cells(writer):
    """The update Cells called directly: construct(loss_scale Parameter, overflow Tensor)."""
    import mindspore as ms
    from mindspore import Parameter, Tensor, nn

    dynamic = nn.DynamicLossScaleUpdateCell(loss_scale_value=4096.0, scale_factor=2, scale_window=2)
    scale = Parameter(Tensor(4096.0, ms.float32), name="scale_sense")
    steps = []
    for overflow in (False, False, False, True, True, False, False, False):
        result = dynamic(scale, Tensor(overflow))
        steps.append({"overflow_in": overflow, "returns": repr(result),
                      "scale_after": float(scale.asnumpy()),
                      "state_after": {p.name: int(p.asnumpy()) for p in dynamic.get_parameters()}})
    small = nn.DynamicLossScaleUpdateCell(loss_scale_value=2.0, scale_factor=4, scale_window=100)
    small_scale = Parameter(Tensor(2.0, ms.float32), name="scale_sense")
    small(small_scale, Tensor(True))
    writer.case(case="dynamic_update_cell", cell="DynamicLossScaleUpdateCell",
                kwargs=dict(loss_scale_value=4096.0, scale_factor=2, scale_window=2),
                repr=repr(dynamic), get_loss_scale=dynamic.get_loss_scale(),
                parameters=[[path, p.name, str(p.dtype), list(p.shape)]
                            for path, p in nn.DynamicLossScaleUpdateCell(4096.0, 2, 2).parameters_and_names()],
                steps=steps, scale_after_overflow_from_2_with_factor_4=float(small_scale.asnumpy()))
    fixed = nn.FixedLossScaleUpdateCell(loss_scale_value=1024.0)
    fixed_scale = Parameter(Tensor(1024.0, ms.float32), name="scale_sense")
    result = fixed(fixed_scale, Tensor(True))
    writer.case(case="fixed_update_cell", cell="FixedLossScaleUpdateCell", kwargs=dict(loss_scale_value=1024.0),
                repr=repr(fixed), get_loss_scale=fixed.get_loss_scale(), returns_on_overflow=repr(result),
                scale_after=float(fixed_scale.asnumpy()),
                parameters=[p.name for p in fixed.get_parameters()])


def record_wrappers(writer):
    """Every wrapper case of the 'model' group."""
    inputs = wrapper_inputs()
    writer.meta["wrapper_seed"] = SEED
    writer.array("wrap_inputs/in/x", inputs["x"])
    writer.array("wrap_inputs/in/y", inputs["y"])
    writer.array("wrap_inputs/param/fc.weight", inputs["fc.weight"])
    writer.array("wrap_inputs/param/fc.bias", inputs["fc.bias"])
    record_signatures(writer)
    record_with_loss(writer, inputs)
    run_train_one_step(writer, inputs, "train_one_step")
    run_train_one_step(writer, inputs, "train_one_step_sens", sens=2.0)
    run_train_one_step(writer, inputs, "train_one_step_return_grad", return_grad=True)
    record_with_eval(writer, inputs)
    record_loss_scale(writer, inputs)
    record_update_cells(writer)
