"""Golden fixtures for nn optimizers: 5 steps on fixed parameters with 5 fixed gradient tuples.

Run from /work/main: /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_optim.py
npz keys: "inputs/param/<name>" (initial values), "inputs/in/<name>" (the 5 gradients stacked:
row k-1 is step k's), "<case>/out/<name>" (the parameter after each step, stacked the same way),
"<case>/state/<path>" (every other Parameter of the optimizer after step 5, keyed by its path in
opt.parameters_and_names(): moments, accum, global_step, learning_rate, ...).
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_train import (GoldenWriter, capture_error, error_record, json_safe,  # noqa: E402
                       signature_record, tensor_info)

SEED = 20250610
STEPS = 5
# 'gamma'/'beta' in a name exempts the Parameter from the default weight-decay filter.
PARAM_SHAPES = [("fc.weight", (3, 4)), ("fc.bias", (4,)), ("bn.gamma", (4,)), ("bn.beta", (4,))]
OPTIMIZERS = ["SGD", "Momentum", "Adam", "AdamWeightDecay", "RMSProp", "Adagrad", "Lamb"]


def fixed_inputs():
    """Initial parameter values and the 5 gradient tuples, from one fixed RandomState."""
    rs = np.random.RandomState(SEED)
    init = {name: rs.randn(*shape).astype(np.float32) for name, shape in PARAM_SHAPES}
    grads = [{name: rs.randn(*shape).astype(np.float32) for name, shape in PARAM_SHAPES}
             for _ in range(STEPS)]
    return init, grads


def lr_spec_to_value(spec):
    """Build the learning_rate argument from its JSON description."""
    from mindspore import Tensor, nn

    kind = spec["kind"]
    if kind == "float":
        return spec["value"]
    if kind == "list":
        return list(spec["value"])
    if kind == "tensor":
        return Tensor(np.array(spec["value"], np.float32))
    if kind == "schedule":
        return getattr(nn, spec["cell"])(**spec["kwargs"])
    raise ValueError(kind)


def float_lr(value):
    return {"kind": "float", "value": value}


# (case, optimizer class, kwargs other than params/learning_rate, learning_rate spec or None,
#  parameter grouping or None, note)
CASES = [
    ("sgd_default", "SGD", {}, None, None, "all defaults (lr 0.1)"),
    ("sgd_plain", "SGD", {}, float_lr(0.05), None, ""),
    ("sgd_momentum", "SGD", dict(momentum=0.9), float_lr(0.05), None, ""),
    ("sgd_dampening", "SGD", dict(momentum=0.9, dampening=0.5), float_lr(0.05), None, ""),
    ("sgd_nesterov", "SGD", dict(momentum=0.9, nesterov=True), float_lr(0.05), None, ""),
    ("sgd_weight_decay", "SGD", dict(weight_decay=0.1), float_lr(0.05), None,
     "gamma/beta excluded from decay"),
    ("sgd_loss_scale", "SGD", dict(loss_scale=4.0), float_lr(0.05), None, "gradients divided by 4"),
    ("sgd_momentum_weight_decay", "SGD", dict(momentum=0.9, weight_decay=0.1), float_lr(0.05), None, ""),
    ("momentum", "Momentum", dict(momentum=0.9), float_lr(0.05), None, ""),
    ("momentum_nesterov", "Momentum", dict(momentum=0.9, use_nesterov=True), float_lr(0.05), None,
     "spec: use_nesterov is ignored on CPU"),
    ("momentum_weight_decay", "Momentum", dict(momentum=0.9, weight_decay=0.1), float_lr(0.05), None, ""),
    ("momentum_loss_scale", "Momentum", dict(momentum=0.9, loss_scale=4.0), float_lr(0.05), None, ""),
    ("adam_default", "Adam", {}, None, None, "all defaults (lr 1e-3)"),
    ("adam", "Adam", {}, float_lr(0.1), None, ""),
    ("adam_weight_decay", "Adam", dict(weight_decay=0.1), float_lr(0.1), None, ""),
    ("adam_amsgrad", "Adam", dict(use_amsgrad=True), float_lr(0.1), None, ""),
    ("adam_nesterov", "Adam", dict(use_nesterov=True), float_lr(0.1), None, ""),
    ("adam_loss_scale", "Adam", dict(loss_scale=4.0, eps=0.1), float_lr(0.1), None,
     "eps large so that the loss-scale division shows"),
    ("adamweightdecay_default", "AdamWeightDecay", {}, None, None, "all defaults (lr 1e-3)"),
    ("adamweightdecay", "AdamWeightDecay", {}, float_lr(0.1), None, ""),
    ("adamweightdecay_wd", "AdamWeightDecay", dict(weight_decay=0.1), float_lr(0.1), None, ""),
    ("rmsprop_default", "RMSProp", {}, None, None, "all defaults (lr 0.1)"),
    ("rmsprop_centered", "RMSProp", dict(centered=True), float_lr(0.01), None, ""),
    ("rmsprop_momentum", "RMSProp", dict(momentum=0.5), float_lr(0.01), None, ""),
    ("rmsprop_centered_momentum", "RMSProp", dict(centered=True, momentum=0.5, decay=0.8, epsilon=1e-6),
     float_lr(0.01), None, ""),
    ("rmsprop_weight_decay", "RMSProp", dict(weight_decay=0.1), float_lr(0.01), None, ""),
    ("adagrad_default", "Adagrad", {}, None, None, "all defaults (lr 1e-3, accum 0.1)"),
    ("adagrad", "Adagrad", dict(accum=0.5), float_lr(0.1), None, ""),
    ("adagrad_weight_decay", "Adagrad", dict(weight_decay=0.1), float_lr(0.1), None, ""),
    ("lamb", "Lamb", {}, float_lr(0.1), None, "Lamb has no CPU kernel in 2.10"),
    ("sgd_lr_list", "SGD", dict(momentum=0.9), {"kind": "list", "value": [0.1, 0.05, 0.2, 0.01, 0.3]},
     None, "per-step rates; step k uses value[k-1]"),
    ("sgd_lr_tensor", "SGD", dict(momentum=0.9), {"kind": "tensor", "value": [0.1, 0.05, 0.2, 0.01, 0.3]},
     None, "1-d float32 Tensor schedule"),
    ("adam_lr_list", "Adam", {}, {"kind": "list", "value": [0.1, 0.05, 0.2, 0.01, 0.3]}, None, ""),
    ("sgd_lr_schedule", "SGD", dict(momentum=0.9),
     {"kind": "schedule", "cell": "ExponentialDecayLR",
      "kwargs": dict(learning_rate=0.1, decay_rate=0.5, decay_steps=2)}, None, ""),
    ("adam_lr_schedule", "Adam", {},
     {"kind": "schedule", "cell": "CosineDecayLR", "kwargs": dict(min_lr=0.01, max_lr=0.1, decay_steps=4)},
     None, ""),
    ("sgd_groups", "SGD", dict(momentum=0.9, weight_decay=0.0), float_lr(0.05),
     {"groups": [{"params": ["fc.weight"], "lr": 0.2, "weight_decay": 0.1},
                 {"params": ["fc.bias", "bn.gamma", "bn.beta"], "weight_decay": 0.01}]},
     "group weight_decay applies to gamma/beta too; group without lr uses learning_rate"),
    ("sgd_groups_order_params", "SGD", dict(momentum=0.9), float_lr(0.05),
     {"groups": [{"params": ["fc.weight", "bn.gamma"], "lr": 0.2},
                 {"params": ["fc.bias", "bn.beta"], "weight_decay": 0.1}],
      "order_params": ["bn.beta", "fc.bias", "bn.gamma", "fc.weight"]},
     "gradients are given in order_params order (opt.parameters order)"),
    ("adam_groups", "Adam", dict(weight_decay=0.05), float_lr(0.1),
     {"groups": [{"params": ["fc.weight", "fc.bias"], "lr": 0.01},
                 {"params": ["bn.gamma", "bn.beta"], "weight_decay": 0.2,
                  "lr": {"kind": "list", "value": [0.1, 0.05, 0.2, 0.01, 0.3]}}]},
     "a group lr may itself be a list schedule; a fixed group rate beside a dynamic one is wrapped so "
     "that its rate is computed as float32 lr + 1.0 - 1.0 (0.01 becomes 0.00999999046)"),
    ("momentum_groups_schedule", "Momentum", dict(momentum=0.9), float_lr(0.05),
     {"groups": [{"params": ["fc.weight", "fc.bias"],
                  "lr": {"kind": "schedule", "cell": "WarmUpLR",
                         "kwargs": dict(learning_rate=0.1, warmup_steps=3)}},
                 {"params": ["bn.gamma", "bn.beta"], "weight_decay": 0.1}]},
     "fixed rate 0.05 beside a schedule is used as float32 0.05 + 1.0 - 1.0"),
]


def build_params(init):
    from mindspore import Parameter, Tensor

    return {name: Parameter(Tensor(init[name].copy()), name=name) for name, _ in PARAM_SHAPES}


def build_params_arg(params, grouping):
    """The optimizer's `params` argument: a list, or group dicts with order_params."""
    if grouping is None:
        return [params[name] for name, _ in PARAM_SHAPES]
    groups = []
    for group in grouping["groups"]:
        built = {"params": [params[n] for n in group["params"]]}
        for key in ("lr", "weight_decay"):
            if key in group:
                value = group[key]
                built[key] = lr_spec_to_value(value) if isinstance(value, dict) else value
        groups.append(built)
    if "order_params" in grouping:
        groups.append({"order_params": [params[n] for n in grouping["order_params"]]})
    return groups


def describe_lr(value):
    """get_lr() result's kind: type, name (Parameters), dtype, shape; a list for group rates."""
    if isinstance(value, tuple):
        return [describe_lr(v) for v in value]
    return dict(tensor_info(value), name=value.name if type(value).__name__ == "Parameter" else None)


def lr_values(value):
    """get_lr() result's value(s): a float, or a list of floats for group rates."""
    if isinstance(value, tuple):
        return [lr_values(v) for v in value]
    return value.asnumpy().tolist()


STATE_COLUMNS = ["path", "name", "type", "dtype", "shape", "requires_grad"]


def state_rows(opt):
    """One row (STATE_COLUMNS) per Parameter of the optimizer Cell, in parameters_and_names order."""
    return [[path, p.name, type(p).__name__, str(p.dtype), list(p.shape), p.requires_grad]
            for path, p in opt.parameters_and_names()]


def unwrapped_init(cls):
    """The real __init__ behind opt_init_args_register (which shows only *args, **kwargs)."""
    init = cls.__init__
    for cell in init.__closure__ or ():
        if callable(cell.cell_contents) and getattr(cell.cell_contents, "__name__", "") == "__init__":
            return cell.cell_contents, "closure of the opt_init_args_register decorator"
    return init, "inspect.signature(cls.__init__)"


def record_signatures(writer):
    import inspect

    from mindspore import nn

    sigs = {}
    for name in OPTIMIZERS:
        cls = getattr(nn, name)
        real, source = unwrapped_init(cls)
        sigs[name] = {"visible_signature": str(inspect.signature(cls.__init__)),
                      "signature": signature_record(real), "source": source,
                      "module": cls.__module__}
    adamw = {"nn.AdamW_exists": hasattr(nn, "AdamW")}
    for path in ("mindspore.experimental.optim", "mindspore.mint.optim"):
        module = __import__(path, fromlist=["AdamW"])
        adamw[path + ".AdamW"] = signature_record(module.AdamW.__init__)
    sigs["AdamW"] = adamw
    sigs["Optimizer"] = {"signature": signature_record(nn.Optimizer.__init__)}
    writer.meta["signatures"] = sigs


def run_case(writer, init, grads, case, cls_name, kwargs, lr_spec, grouping, note):
    from mindspore import Tensor, nn

    params = build_params(init)
    call_kwargs = dict(kwargs)
    if lr_spec is not None:
        call_kwargs["learning_rate"] = lr_spec_to_value(lr_spec)
    opt = getattr(nn, cls_name)(build_params_arg(params, grouping), **call_kwargs)
    order = [p.name for p in opt.parameters]
    record = writer.case(case=case, optimizer=cls_name, kwargs=kwargs, learning_rate=lr_spec,
                         grouping=grouping, note=note, repr=repr(opt), parameters_order=order,
                         init_args=json_safe(getattr(opt, "init_args", None)),
                         is_group=opt.is_group, is_group_lr=opt.is_group_lr, dynamic_lr=opt.dynamic_lr,
                         decay_flags=list(opt.decay_flags),
                         weight_decay=json_safe(_weight_decay_values(opt.weight_decay)),
                         loss_scale=json_safe(opt.loss_scale),
                         use_nesterov_attr=json_safe(getattr(opt, "use_nesterov", None)),
                         get_lr_kind=describe_lr(opt.get_lr()), get_lr_before_step=[], returns=[])
    trajectory = {name: [] for name, _ in PARAM_SHAPES}
    for step in range(1, STEPS + 1):
        record["get_lr_before_step"].append(lr_values(opt.get_lr()))
        grad_tuple = tuple(Tensor(grads[step - 1][name]) for name in order)
        try:
            result = opt(grad_tuple)
        except Exception as exc:  # recorded: e.g. Lamb has no CPU kernel
            record["error"] = error_record(exc)
            record["error_at_step"] = step
            return
        record["returns"].append(repr(result))
        for name, _ in PARAM_SHAPES:
            trajectory[name].append(params[name].asnumpy().copy())
    for name, rows in trajectory.items():
        writer.array(f"{case}/out/{name}", np.stack(rows))
    if not opt.dynamic_lr or lr_spec["kind"] == "schedule":  # a list has no rate for step 6
        record["get_lr_after_last_step"] = lr_values(opt.get_lr())
    record["state"] = state_rows(opt)
    for path, param in opt.parameters_and_names():
        if param.name not in order:
            writer.array(f"{case}/state/{path}", param)


def _weight_decay_values(weight_decay):
    if isinstance(weight_decay, tuple):
        return [_weight_decay_values(w) for w in weight_decay]
    return float(weight_decay.asnumpy()) if hasattr(weight_decay, "asnumpy") else weight_decay


def record_experimental_adamw(writer, init, grads):
    """mindspore.experimental.optim.AdamW (torch-style) — nn has no AdamW in 2.10."""
    from mindspore import Tensor
    from mindspore.experimental.optim import AdamW

    params = build_params(init)
    opt = AdamW([params[n] for n, _ in PARAM_SHAPES], lr=0.1, weight_decay=0.1)
    record = writer.case(case="experimental_adamw", optimizer="mindspore.experimental.optim.AdamW",
                         kwargs=dict(lr=0.1, weight_decay=0.1), repr=repr(opt), returns=[],
                         note="called as opt(grads) like nn optimizers; torch-style: bias-corrected, "
                              "decay w *= 1 - lr*wd on every parameter (gamma/beta too)")
    trajectory = {name: [] for name, _ in PARAM_SHAPES}
    for step in range(1, STEPS + 1):
        result = opt(tuple(Tensor(grads[step - 1][n]) for n, _ in PARAM_SHAPES))
        record["returns"].append(repr(result))
        for name, _ in PARAM_SHAPES:
            trajectory[name].append(params[name].asnumpy().copy())
    for name, rows in trajectory.items():
        writer.array(f"experimental_adamw/out/{name}", np.stack(rows))
    record["state"] = state_rows(opt)
    for path, param in opt.parameters_and_names():
        if path not in params:
            writer.array(f"experimental_adamw/state/{path}", param)
    from mindspore.mint.optim import AdamW as MintAdamW
    mint_params = build_params(init)
    mint_opt = MintAdamW([mint_params[n] for n, _ in PARAM_SHAPES], lr=0.1)
    writer.case(case="mint_adamw", optimizer="mindspore.mint.optim.AdamW", kwargs=dict(lr=0.1),
                error=capture_error(lambda: (mint_opt(tuple(Tensor(grads[0][n]) for n, _ in PARAM_SHAPES)),
                                             mint_params["fc.weight"].asnumpy())))


def record_call_errors(writer, init, grads):
    """How an optimizer reacts to badly shaped calls and construction arguments."""
    from mindspore import Tensor, nn

    def fresh():
        return [build_params(init)[n] for n, _ in PARAM_SHAPES]

    grad_list = [Tensor(grads[0][n]) for n, _ in PARAM_SHAPES]
    checks = {
        "empty_params": lambda: nn.SGD([]),
        "momentum_missing_args": lambda: nn.Momentum(fresh()),
        "momentum_int_momentum": lambda: nn.Momentum(fresh(), 0.1, 1),
        "grads_as_list": lambda: nn.SGD(fresh())(grad_list),
        "grads_too_few": lambda: nn.SGD(fresh())(tuple(grad_list[:2])),
        "sgd_nesterov_without_momentum": lambda: nn.SGD(fresh(), nesterov=True),
        "sgd_negative_lr": lambda: nn.SGD(fresh(), learning_rate=-0.1),
    }
    for name, fn in checks.items():
        writer.case(case=f"error_{name}", kind="error", error=capture_error(fn))


def record_schedule_end_errors(writer, init, grads):
    """A list schedule of length 2: its 3rd step and get_lr() after 2 steps fail in Gather.
    Run last: MindSpore raises kernel errors asynchronously and may re-raise them at later ops."""
    from mindspore import Tensor, nn

    params = build_params(init)
    opt = nn.SGD([params[n] for n, _ in PARAM_SHAPES], learning_rate=[0.1, 0.05])
    step = tuple(Tensor(grads[0][n]) for n, _ in PARAM_SHAPES)
    opt(step)
    opt(step)
    writer.case(case="error_list_lr_past_end", kind="error", learning_rate=[0.1, 0.05],
                get_lr_after_2_steps=capture_error(lambda: opt.get_lr().asnumpy()),
                third_step=capture_error(lambda: (opt(step), params["fc.weight"].asnumpy())))


def main():
    writer = GoldenWriter("optim", "gen_optim.py")
    init, grads = fixed_inputs()
    writer.meta["seed"] = SEED
    writer.meta["param_shapes"] = [[n, list(s)] for n, s in PARAM_SHAPES]
    writer.meta["steps"] = STEPS
    writer.meta["state_columns"] = STATE_COLUMNS
    for name, value in init.items():
        writer.array(f"inputs/param/{name}", value)
    for name, _ in PARAM_SHAPES:
        writer.array(f"inputs/in/{name}", np.stack([tup[name] for tup in grads]))
    record_signatures(writer)
    for spec in CASES:
        run_case(writer, init, grads, *spec)
    record_experimental_adamw(writer, init, grads)
    record_call_errors(writer, init, grads)
    record_schedule_end_errors(writer, init, grads)
    for path in writer.write():
        print("wrote", path)


if __name__ == "__main__":
    main()
