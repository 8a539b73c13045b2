"""Golden fixtures for `mindspore.experimental.optim` (issue 14): every optimizer over six steps of fixed
gradients (one group and two groups with their own options, maximize, a rate set on a group afterwards), the
state Parameters' names, the repr, argument errors, and every lr_scheduler's rates step by step (and by
`step(epoch)` where it has a closed form), alone and driving an optimizer.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_experimental_optim.py
Writes tests/golden/experimental_optim.json in the layout of metrics.json (see gen_metrics.py): each case is a
program leaving `result` (encoded to lists/floats), or the type of the exception it raised.
"""
import json
import os
import tempfile

import mindspore as ms

from gen_metrics import encode

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "..", "tests", "golden")

PRELUDE = """import numpy as np
import mindspore as ms
from mindspore import Tensor, Parameter
from mindspore.experimental import optim
rng = np.random.RandomState(0)
w = Parameter(Tensor(rng.randn(3, 2).astype(np.float32)), name="w")
b = Parameter(Tensor(rng.randn(3).astype(np.float32)), name="b")
grads = [(Tensor(rng.randn(3, 2).astype(np.float32)), Tensor(rng.randn(3).astype(np.float32))) for _ in range(6)]


def train(opt, steps=6):
    out = []
    for i in range(steps):
        opt(grads[i])
        out.append([w.asnumpy().copy(), b.asnumpy().copy()])
    return out


def rates(scheduler, steps=10, metrics=None):
    out = [[lr.asnumpy() for lr in scheduler.get_last_lr()]]
    for i in range(steps):
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[i])
        out.append([lr.asnumpy() for lr in scheduler.get_last_lr()])
    return out


def closed(scheduler, epochs):
    out = []
    for epoch in epochs:
        scheduler.step(epoch)
        out.append([lr.asnumpy() for lr in scheduler.get_last_lr()])
    return out
"""

GROUPS = "[{'params': [w], 'lr': 0.05, 'weight_decay': 0.1%s}, {'params': [b]%s}]"

OPTIMIZERS = {
    "adamw": ("optim.AdamW([w, b], lr=0.1)", "optim.AdamW(%s, lr=0.1, amsgrad=True)" % (GROUPS % ("", ", 'betas': (0.8, 0.9)")),
              "optim.AdamW([w, b], lr=0.1, weight_decay=0.0, maximize=True, eps=1e-3)"),
    "adam": ("optim.Adam([w, b], lr=0.1)", "optim.Adam(%s, lr=0.1)" % (GROUPS % ("", ", 'betas': (0.8, 0.9)")),
             "optim.Adam([w, b], lr=0.1, weight_decay=0.2, maximize=True, eps=1e-3)"),
    "sgd": ("optim.SGD([w, b], lr=0.1)", "optim.SGD(%s, lr=0.1, momentum=0.9)" % (GROUPS % ("", ", 'dampening': 0.3")),
            "optim.SGD([w, b], lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.05, maximize=True)"),
    "adadelta": ("optim.Adadelta([w, b])", "optim.Adadelta(%s, rho=0.8)" % (GROUPS % ("", ", 'eps': 1e-4")),
                 "optim.Adadelta([w, b], lr=0.5, maximize=True, weight_decay=0.1)"),
    "adagrad": ("optim.Adagrad([w, b], lr=0.1)", "optim.Adagrad(%s, lr=0.1, lr_decay=0.1)" % (GROUPS % ("", ", 'eps': 1e-3")),
                "optim.Adagrad([w, b], lr=0.1, initial_accumulator_value=0.5, maximize=True, weight_decay=0.1)"),
    "asgd": ("optim.ASGD([w, b], lr=0.1)", "optim.ASGD(%s, lr=0.1, lambd=0.1, t0=2.0)" % (GROUPS % ("", ", 'alpha': 0.5")),
             "optim.ASGD([w, b], lr=0.1, lambd=0.2, t0=3.0, maximize=True, weight_decay=0.1)"),
    "adamax": ("optim.Adamax([w, b], lr=0.1)", "optim.Adamax(%s, lr=0.1)" % (GROUPS % ("", ", 'betas': (0.8, 0.9)")),
               "optim.Adamax([w, b], lr=0.1, eps=1e-2, maximize=True, weight_decay=0.1)"),
    "rmsprop": ("optim.RMSprop([w, b], lr=0.1)", "optim.RMSprop(%s, lr=0.1, momentum=0.5)" % (GROUPS % ("", ", 'centered': True")),
                "optim.RMSprop([w, b], lr=0.01, centered=True, momentum=0.9, maximize=True, weight_decay=0.1)"),
    "rprop": ("optim.Rprop([w, b], lr=0.1)", "optim.Rprop([{'params': [w], 'lr': 0.05}, {'params': [b], 'etas': (0.3, 1.5)}])",
              "optim.Rprop([w, b], lr=0.1, step_sizes=(0.05, 0.12), maximize=True)"),
    "radam": ("optim.RAdam([w, b], lr=0.1)", "optim.RAdam(%s, lr=0.1)" % (GROUPS % ("", ", 'betas': (0.5, 0.6)")),
              "optim.RAdam([w, b], lr=0.1, betas=(0.5, 0.55), eps=1e-3, weight_decay=0.1)"),
    "nadam": ("optim.NAdam([w, b], lr=0.1)", "optim.NAdam(%s, lr=0.1)" % (GROUPS % ("", ", 'momentum_decay': 0.1")),
              "optim.NAdam([w, b], lr=0.1, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.1, momentum_decay=0.5)"),
}

CASES = {}
for name, builds in OPTIMIZERS.items():
    for number, build in enumerate(builds):
        CASES[f"{name}_{number}"] = f"opt = {build}\nresult = train(opt) + [opt(grads[0])]"
    CASES[f"{name}_names"] = f"opt = {builds[1]}\nresult = [p.name for p in opt.get_parameters()]"
    CASES[f"{name}_repr"] = f"opt = {builds[1]}\nresult = str(opt)"
    CASES[f"{name}_float_lr"] = (f"opt = {builds[0]}\ntrain(opt, 2)\nopt.param_groups[0]['lr'] = 0.5\n"
                                 "result = train(opt, 3)")

CASES.update({
    "adam_tensor_lr": "opt = optim.Adam([w, b], lr=Tensor(0.1, ms.float16))\nresult = train(opt, 2) + "
                      "[opt.param_groups[0]['lr'].asnumpy(), str(opt.param_groups[0]['lr'].dtype)]",
    "adam_lr_parameter_names": "opt = optim.Adam([{'params': [w]}, {'params': [b], 'lr': 3}], lr=0.1)\n"
                               "result = [[lr.name, lr.asnumpy()] for lr in opt.lrs] + [opt.group_start_id]",
    "adam_initial_lr_key": "opt = optim.Adam([w, b], lr=0.1)\nsched = optim.lr_scheduler.StepLR(opt, 2)\n"
                           "result = [sorted(opt.param_groups[0].keys()), opt.param_groups[0]['initial_lr'].asnumpy()]",
    "adam_float16": "w16 = Parameter(Tensor(np.array([1.0, -2.0, 3.0], np.float16)), name='w16')\n"
                    "opt = optim.SGD([w16], lr=0.1, momentum=0.9)\n"
                    "for _ in range(3):\n    opt((Tensor(np.array([0.5, 0.25, -1.0], np.float16)),))\n"
                    "result = [w16.asnumpy(), str(w16.dtype)]",
    # argument errors
    "err_adam_negative_lr": "optim.Adam([w], lr=-1.0)",
    "err_adam_beta": "optim.Adam([w], betas=(1.0, 0.9))",
    "err_adam_eps": "optim.Adam([w], eps=-1.0)",
    "err_adamw_weight_decay": "optim.AdamW([w], weight_decay=-0.1)",
    "err_adam_lr_string": "optim.Adam([w], lr='a')",
    "err_adam_weight_decay_tensor": "optim.Adam([w], weight_decay=Tensor(0.1))",
    "err_empty": "optim.Adam([])",
    "err_none": "optim.Adam(None)",
    "err_not_iterable": "optim.Adam(3)",
    "err_not_parameter": "optim.Adam([w, Tensor(1.0)])",
    "err_set_group": "optim.Adam([{'params': {w}}])",
    "err_duplicate_group": "optim.Adam([{'params': [w]}, {'params': [w]}])",
    "err_lr_tensor_1d": "optim.Adam([w], lr=Tensor(np.array([0.1, 0.2], np.float32)))",
    "err_group_lr_type": "optim.Adam([{'params': [w], 'lr': 'x'}])",
    "err_sgd_lr_type": "optim.SGD([w], lr='0.1')",
    "err_sgd_momentum": "optim.SGD([w], lr=0.1, momentum=-1)",
    "err_sgd_momentum_type": "optim.SGD([w], lr=0.1, momentum='1')",
    "err_sgd_nesterov": "optim.SGD([w], lr=0.1, nesterov=True)",
    "err_sgd_nesterov_type": "optim.SGD([w], lr=0.1, nesterov=1)",
    "err_sgd_dampening_type": "optim.SGD([{'params': [w], 'dampening': '0'}], lr=0.1)",
    "err_adadelta_rho": "optim.Adadelta([w], rho=1.5)",
    "err_adadelta_rho_int": "optim.Adadelta([w], rho=1)",
    "err_adadelta_lr": "optim.Adadelta([w], lr=0)",
    "err_adagrad_eps": "optim.Adagrad([w], eps=0.0)",
    "err_adagrad_initial": "optim.Adagrad([w], initial_accumulator_value=-1.0)",
    "err_asgd_lambd": "optim.ASGD([w], lambd=1)",
    "err_asgd_t0": "optim.ASGD([w], t0=10)",
    "err_adamax_beta": "optim.Adamax([w], betas=(0.9, 1.0))",
    "err_rmsprop_alpha": "optim.RMSprop([w], alpha=-0.1)",
    "err_rprop_etas": "optim.Rprop([w], etas=(0.5, 1.0))",
    "err_rprop_etaminus": "optim.Rprop([w], etas=(1.0, 1.2))",
    "err_radam_beta": "optim.RAdam([w], betas=(1.0, 0.9))",
    "err_nadam_momentum_decay": "optim.NAdam([w], momentum_decay=-1.0)",
})

SCHED_OPT = "opt = optim.Adam([{'params': [w], 'lr': 0.1}, {'params': [b], 'lr': 0.02}])\n"
S = "optim.lr_scheduler."
SCHEDULERS = {
    "step": S + "StepLR(opt, step_size=3, gamma=0.5)",
    "linear": S + "LinearLR(opt, start_factor=0.25, end_factor=0.75, total_iters=4)",
    "linear_default": S + "LinearLR(opt)",
    "exponential": S + "ExponentialLR(opt, gamma=0.8)",
    "polynomial": S + "PolynomialLR(opt, total_iters=6, power=2.0)",
    "lambda": S + "LambdaLR(opt, lr_lambda=[lambda e: e / 10, lambda e: 0.9 ** e])",
    "multiplicative": S + "MultiplicativeLR(opt, lr_lambda=lambda e: 0.9)",
    "multistep": S + "MultiStepLR(opt, milestones=[2, 2, 5], gamma=0.5)",
    "constant": S + "ConstantLR(opt, factor=0.5, total_iters=3)",
    "cyclic": S + "CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3)",
    "cyclic_down": S + "CyclicLR(opt, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=2, step_size_down=4, "
                       "mode='triangular2')",
    "cyclic_exp_range": S + "CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, mode='exp_range', gamma=0.9)",
    "cyclic_scale_fn": S + "CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x, "
                           "scale_mode='iterations')",
    "cosine_warm_restarts": S + "CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.001)",
    "cosine_warm_restarts_1": S + "CosineAnnealingWarmRestarts(opt, T_0=4)",
    "cosine": S + "CosineAnnealingLR(opt, T_max=3, eta_min=0.01)",
}
for name, build in SCHEDULERS.items():
    CASES[f"sched_{name}"] = SCHED_OPT + f"sched = {build}\nresult = rates(sched, 12)"
for name in ("step", "linear", "exponential", "polynomial", "constant", "cosine"):
    CASES[f"sched_{name}_closed"] = SCHED_OPT + f"sched = {SCHEDULERS[name]}\nresult = closed(sched, [3, 1, 5, 0, 7])"
CASES["sched_cosine_warm_restarts_epoch"] = (SCHED_OPT + f"sched = {S}CosineAnnealingWarmRestarts(opt, T_0=3, eta_min=0.001)\n"
                                             "result = closed(sched, [1, 4, 7, 2.5])")
CASES.update({
    "sched_sequential": SCHED_OPT + f"s1 = {S}ConstantLR(opt, factor=0.1, total_iters=2)\n"
                                    f"s2 = {S}ExponentialLR(opt, gamma=0.9)\n"
                                    f"s3 = {S}StepLR(opt, step_size=2, gamma=0.5)\n"
                                    f"sched = {S}SequentialLR(opt, schedulers=[s1, s2, s3], milestones=[2, 5])\n"
                                    "result = rates(sched, 10)",
    "sched_plateau": SCHED_OPT + f"sched = {S}ReduceLROnPlateau(opt, 'min', patience=1, cooldown=1, min_lr=0.004)\n"
                                 "result = rates(sched, 10, [1.0, 0.9, 0.95, 0.97, 0.99, 0.5, 0.6, 0.7, 0.8, 0.9])",
    "sched_plateau_max_abs": SCHED_OPT + f"sched = {S}ReduceLROnPlateau(opt, 'max', factor=0.5, patience=0, "
                                         "threshold=0.1, threshold_mode='abs', min_lr=[0.0, 0.015])\n"
                                         "result = rates(sched, 8, [1.0, 1.05, 1.2, 1.25, 1.5, 1.0, 2.0, 2.05])",
    "sched_plateau_tensor_metric": SCHED_OPT + f"sched = {S}ReduceLROnPlateau(opt, patience=0)\n"
                                               "result = rates(sched, 3, [Tensor(1.0), Tensor(2.0), Tensor(0.5)])",
    "sched_drives_adam": SCHED_OPT + f"sched = {S}StepLR(opt, step_size=2, gamma=0.5)\nout = []\n"
                                     "for i in range(6):\n    opt(grads[i])\n    sched.step()\n"
                                     "    out.append([w.asnumpy().copy(), b.asnumpy().copy(), sched.get_last_lr()])\n"
                                     "result = out",
    "sched_drives_sgd": "opt = optim.SGD([w, b], lr=0.1, momentum=0.9)\n"
                        f"sched = {S}CosineAnnealingLR(opt, T_max=4)\nout = []\n"
                        "for i in range(6):\n    opt(grads[i])\n    sched.step()\n"
                        "    out.append([w.asnumpy().copy(), opt.param_groups[0]['lr'].asnumpy()])\nresult = out",
    "sched_two_schedulers": SCHED_OPT + f"s1 = {S}ExponentialLR(opt, gamma=0.9)\ns2 = {S}StepLR(opt, 2, 0.5)\n"
                                        "out = []\nfor i in range(5):\n    s1.step()\n    s2.step()\n"
                                        "    out.append(s2.get_last_lr())\nresult = out",
    "sched_last_epoch_resume": SCHED_OPT + f"s = {S}StepLR(opt, 2, 0.5)\nfor _ in range(3):\n    s.step()\n"
                                           f"s2 = {S}StepLR(opt, 2, 0.5, last_epoch=3)\nresult = rates(s2, 4)",
    "err_sched_resume_no_initial_lr": SCHED_OPT + f"{S}StepLR(opt, 2, 0.5, last_epoch=3)",
    "err_sched_not_optimizer": f"{S}StepLR(ms.nn.Momentum([w], 0.1, 0.9), 2)",
    "err_sched_last_epoch": SCHED_OPT + f"{S}StepLR(opt, 2, last_epoch=-2)",
    "err_sched_last_epoch_type": SCHED_OPT + f"{S}StepLR(opt, 2, last_epoch=1.0)",
    "err_sched_step_gamma_int": SCHED_OPT + f"{S}StepLR(opt, 2, gamma=1)",
    "err_sched_step_size_float": SCHED_OPT + f"{S}StepLR(opt, 2.0)",
    "err_sched_linear_start": SCHED_OPT + f"{S}LinearLR(opt, start_factor=0.0)",
    "err_sched_linear_total_iters": SCHED_OPT + f"{S}LinearLR(opt, total_iters=2.0)",
    "err_sched_polynomial_power": SCHED_OPT + f"{S}PolynomialLR(opt, power=-1.0)",
    "err_sched_polynomial_power_int": SCHED_OPT + f"{S}PolynomialLR(opt, power=1)",
    "err_sched_lambda_count": SCHED_OPT + f"{S}LambdaLR(opt, [lambda e: 1.0])",
    "err_sched_multistep_milestone": SCHED_OPT + f"{S}MultiStepLR(opt, [1.5])",
    "err_sched_multistep_tuple": SCHED_OPT + f"{S}MultiStepLR(opt, (1, 2))",
    "err_sched_constant_factor": SCHED_OPT + f"{S}ConstantLR(opt, factor=1.5)",
    "err_sched_sequential_milestones": SCHED_OPT + f"s1 = {S}ConstantLR(opt)\n{S}SequentialLR(opt, [s1], [2])",
    "err_sched_plateau_factor": SCHED_OPT + f"{S}ReduceLROnPlateau(opt, factor=1.0)",
    "err_sched_plateau_mode": SCHED_OPT + f"{S}ReduceLROnPlateau(opt, mode='up')",
    "err_sched_plateau_min_lrs": SCHED_OPT + f"{S}ReduceLROnPlateau(opt, min_lr=[0.1])",
    "err_sched_cyclic_mode": SCHED_OPT + f"{S}CyclicLR(opt, 0.01, 0.1, mode='sine')",
    "err_sched_cyclic_base_lrs": SCHED_OPT + f"{S}CyclicLR(opt, [0.01], 0.1)",
    "err_sched_warm_t0": SCHED_OPT + f"{S}CosineAnnealingWarmRestarts(opt, 0)",
    "err_sched_warm_t_mult": SCHED_OPT + f"{S}CosineAnnealingWarmRestarts(opt, 2, T_mult=0)",
    "err_sched_warm_eta_min": SCHED_OPT + f"{S}CosineAnnealingWarmRestarts(opt, 2, eta_min='0')",
    "err_sched_warm_negative_epoch": SCHED_OPT + f"s = {S}CosineAnnealingWarmRestarts(opt, 2)\ns.step(-1)",
    "err_sched_cosine_t_max": SCHED_OPT + f"{S}CosineAnnealingLR(opt, T_max=2.0)",
})


def run_case(name, code, directory):
    """Run a case as a module of its own (MindSpore's graph compiler reads the source of what it compiles)."""
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
    with open(os.path.join(GOLDEN_DIR, "experimental_optim.json"), "w") as f:
        json.dump({"generator": "tools/golden/gen_experimental_optim.py", "mindspore": ms.__version__,
                   "prelude": PRELUDE, "cases": entries}, f, indent=1, allow_nan=True)


if __name__ == "__main__":
    main()
