"""MindSpore's `dataset` and `transforms` beginner lessons run unchanged on minispore, printing what
MindSpore 2.10 prints (tests/golden/dataset_lessons.json, tools/golden/gen_dataset_lessons.py).

The lessons download MNIST_Data.zip; a stand-in `download` writes a synthetic MNIST_Data folder in
the same layout, and a stand-in matplotlib records the plot calls. Seeds are fixed so the random
parts (a shuffled list source, a random image) are the same on both frameworks.
"""
import ast
import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("PIL")

HERE = os.path.dirname(os.path.abspath(__file__))
LESSONS = os.path.join(HERE, "lessons")
with open(os.path.join(HERE, "..", "golden", "dataset_lessons.json"), encoding="utf-8") as handle:
    GOLDEN = json.load(handle)


def _same_line(ours, theirs):
    if theirs.startswith("<class '"):  # the class, not the package that defines it
        return ours.startswith("<class '") and ours.rsplit(".", 1)[-1] == theirs.rsplit(".", 1)[-1]
    if theirs.startswith("{'") and theirs.endswith("}") and "Tensor(" not in theirs:
        return ast.literal_eval(ours) == ast.literal_eval(theirs)  # MindSpore prints a hash map's order
    return ours == theirs


@pytest.mark.parametrize("name", ["dataset", "transforms"])
def test_lesson_prints_what_mindspore_prints(name, tmp_path):
    result = subprocess.run([sys.executable, os.path.join(LESSONS, "run_lesson.py"),
                             os.path.join(LESSONS, f"{name}_lesson.py"), str(tmp_path), "minispore"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    ours, theirs = result.stdout.splitlines(), GOLDEN[name].splitlines()
    assert len(ours) == len(theirs), result.stdout
    for number, (mine, expected) in enumerate(zip(ours, theirs)):
        assert _same_line(mine, expected), f"line {number + 1}:\n  minispore: {mine}\n  MindSpore: {expected}"
