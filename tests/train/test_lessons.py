"""MindSpore's beginner lessons `mixed_precision` and `save_load` run unchanged under `python -m minispore run`.

The lessons are in tests/train/lessons/ as published (MindSpore docs, tutorials/source_en/beginner); their
`download` import is answered by tests/train/lessons/download.py, which writes a synthetic MNIST in the
layout of MNIST_Data.zip (640 training images: 10 batches of 64).
"""
import os
import re
import subprocess
import sys

LESSONS = os.path.join(os.path.dirname(__file__), "lessons")


def _run(lesson, cwd):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", MNIST_TRAIN="640")
    return subprocess.run([sys.executable, "-m", "minispore", "run", os.path.join(LESSONS, lesson)],
                          capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def test_mixed_precision_lesson_runs_and_trains(tmp_path):
    result = _run("mixed_precision.py", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # The functional loop (O2, DynamicLossScaler, all_finite) prints its first batch's loss ...
    first = re.findall(r"loss: +([\d.]+)  \[  0/ 10\]", result.stdout)
    assert len(first) == 1 and 2.0 < float(first[0]) < 2.6, result.stdout
    # ... and Model(amp_level="O2", loss_scale_manager=FixedLossScaleManager()) trains 10 epochs of 10 steps:
    # LossMonitor(100) prints step 100. A fresh network starts near ln(10) = 2.3; training brought it down.
    final = re.findall(r"epoch: 10 step: 10, loss is ([\d.]+)", result.stdout)
    assert len(final) == 1 and float(final[0]) < 1.5, result.stdout
