"""Golden fixtures for learning-rate schedules: nn.*_lr list functions and LearningRateSchedule Cells.

Run from /work/main: /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_lr.py
Writes tests/golden/lr.json (list functions return Python floats, stored exactly in JSON) and
tests/golden/lr.npz (Cell outputs at global steps 0..9 stacked, key "<case>/out").
"""
import inspect
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_train import GoldenWriter, capture_error, json_safe, signature_record  # noqa: E402

# (case, function name, kwargs); several combinations each, is_stair both ways.
LIST_CASES = [
    ("exponential_decay", "exponential_decay_lr",
     dict(learning_rate=0.1, decay_rate=0.9, total_step=10, step_per_epoch=2, decay_epoch=3)),
    ("exponential_decay_stair", "exponential_decay_lr",
     dict(learning_rate=0.1, decay_rate=0.9, total_step=10, step_per_epoch=2, decay_epoch=3, is_stair=True)),
    ("exponential_decay_epoch1", "exponential_decay_lr",
     dict(learning_rate=1.0, decay_rate=0.5, total_step=6, step_per_epoch=1, decay_epoch=1)),
    ("natural_exp_decay", "natural_exp_decay_lr",
     dict(learning_rate=0.1, decay_rate=0.9, total_step=10, step_per_epoch=2, decay_epoch=2)),
    ("natural_exp_decay_stair", "natural_exp_decay_lr",
     dict(learning_rate=0.1, decay_rate=0.9, total_step=10, step_per_epoch=2, decay_epoch=2, is_stair=True)),
    ("inverse_decay", "inverse_decay_lr",
     dict(learning_rate=0.1, decay_rate=0.5, total_step=10, step_per_epoch=2, decay_epoch=3)),
    ("inverse_decay_stair", "inverse_decay_lr",
     dict(learning_rate=0.1, decay_rate=0.5, total_step=10, step_per_epoch=2, decay_epoch=3, is_stair=True)),
    ("cosine_decay", "cosine_decay_lr",
     dict(min_lr=0.01, max_lr=0.1, total_step=10, step_per_epoch=2, decay_epoch=3)),
    ("cosine_decay_long", "cosine_decay_lr",
     dict(min_lr=0.0, max_lr=1.0, total_step=12, step_per_epoch=1, decay_epoch=8)),
    ("piecewise_constant", "piecewise_constant_lr",
     dict(milestone=[2, 5, 10], learning_rates=[0.1, 0.05, 0.01])),
    ("warmup", "warmup_lr",
     dict(learning_rate=0.1, total_step=10, step_per_epoch=2, warmup_epoch=3)),
    ("warmup_epoch1", "warmup_lr",
     dict(learning_rate=0.5, total_step=6, step_per_epoch=1, warmup_epoch=4)),
    ("polynomial_decay", "polynomial_decay_lr",
     dict(learning_rate=0.1, end_learning_rate=0.01, total_step=10, step_per_epoch=2, decay_epoch=3,
          power=0.5)),
    ("polynomial_decay_update", "polynomial_decay_lr",
     dict(learning_rate=0.1, end_learning_rate=0.01, total_step=10, step_per_epoch=2, decay_epoch=2,
          power=2.0, update_decay_epoch=True)),
]

# (case, Cell class name, kwargs) — evaluated at global steps 0..9.
CELL_CASES = [
    ("ExponentialDecayLR", "ExponentialDecayLR", dict(learning_rate=0.1, decay_rate=0.9, decay_steps=4)),
    ("ExponentialDecayLR_stair", "ExponentialDecayLR",
     dict(learning_rate=0.1, decay_rate=0.9, decay_steps=4, is_stair=True)),
    ("NaturalExpDecayLR", "NaturalExpDecayLR", dict(learning_rate=0.1, decay_rate=0.9, decay_steps=4)),
    ("NaturalExpDecayLR_stair", "NaturalExpDecayLR",
     dict(learning_rate=0.1, decay_rate=0.9, decay_steps=4, is_stair=True)),
    ("InverseDecayLR", "InverseDecayLR", dict(learning_rate=0.1, decay_rate=0.5, decay_steps=4)),
    ("InverseDecayLR_stair", "InverseDecayLR",
     dict(learning_rate=0.1, decay_rate=0.5, decay_steps=4, is_stair=True)),
    ("CosineDecayLR", "CosineDecayLR", dict(min_lr=0.01, max_lr=0.1, decay_steps=4)),
    ("PolynomialDecayLR", "PolynomialDecayLR",
     dict(learning_rate=0.1, end_learning_rate=0.01, decay_steps=4, power=0.5)),
    ("PolynomialDecayLR_update", "PolynomialDecayLR",
     dict(learning_rate=0.1, end_learning_rate=0.01, decay_steps=4, power=2.0, update_decay_steps=True)),
    ("WarmUpLR", "WarmUpLR", dict(learning_rate=0.1, warmup_steps=4)),
]

ERROR_CASES = [
    ("exponential_decay_lr_zero_total", "exponential_decay_lr",
     dict(learning_rate=0.1, decay_rate=0.9, total_step=0, step_per_epoch=2, decay_epoch=3)),
    ("piecewise_constant_lr_unsorted", "piecewise_constant_lr",
     dict(milestone=[5, 2], learning_rates=[0.1, 0.05])),
    ("cosine_decay_lr_min_gt_max", "cosine_decay_lr",
     dict(min_lr=0.2, max_lr=0.1, total_step=10, step_per_epoch=2, decay_epoch=3)),
]


def main():
    import mindspore as ms
    from mindspore import Tensor, nn

    writer = GoldenWriter("lr", "gen_lr.py")
    writer.meta["signatures"] = {}
    for _, name, _ in LIST_CASES + CELL_CASES:
        target = getattr(nn, name)
        writer.meta["signatures"][name] = signature_record(
            target.__init__ if inspect.isclass(target) else target)

    for case, name, kwargs in LIST_CASES:
        values = getattr(nn, name)(**kwargs)
        writer.case(case=case, kind="list_function", function=name, kwargs=kwargs,
                    result_type=type(values).__name__,
                    element_types=sorted({type(v).__name__ for v in values}),
                    values=json_safe(values))

    for case, name, kwargs in CELL_CASES:
        schedule = getattr(nn, name)(**kwargs)
        outputs = [schedule(Tensor(step, ms.int32)) for step in range(10)]
        out = outputs[-1]
        writer.array(f"{case}/out", np.stack([o.asnumpy() for o in outputs]))
        shaped = schedule(Tensor(np.array([3], np.int32)))
        writer.case(case=case, kind="schedule_cell", cell=name, kwargs=kwargs, repr=repr(schedule),
                    step_input="Tensor(step, mindspore.int32), 0-d", out_dtype=str(out.dtype),
                    out_shape=list(out.shape), values=[float(o.asnumpy()) for o in outputs],
                    out_shape_for_step_shape_1=list(shaped.shape),
                    note="the optimizer passes global_step, an Int32 Parameter of shape (1,)")

    for case, name, kwargs in ERROR_CASES:
        error = capture_error(lambda: getattr(nn, name)(**kwargs))
        writer.case(case=case, kind="error", function=name, kwargs=kwargs, error=error)

    for path in writer.write():
        print("wrote", path)


if __name__ == "__main__":
    main()
