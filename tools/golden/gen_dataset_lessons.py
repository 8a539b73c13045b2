"""Golden output of MindSpore's `dataset` and `transforms` beginner lessons, run unchanged on MindSpore 2.10.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_dataset_lessons.py
Each lesson (tests/dataset/lessons/*_lesson.py, the lessons' code cells as published) runs through
tests/dataset/lessons/run_lesson.py — seeds fixed, the `download` call answered by a stand-in that
writes a small synthetic MNIST_Data folder, matplotlib by a stand-in that draws nothing — and its
stdout is written to tests/golden/dataset_lessons.json.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LESSONS = os.path.join(HERE, "..", "..", "tests", "dataset", "lessons")
OUT = os.path.join(HERE, "..", "..", "tests", "golden", "dataset_lessons.json")


def main():
    outputs = {}
    for name in ("dataset", "transforms"):
        with tempfile.TemporaryDirectory() as workdir:
            result = subprocess.run([sys.executable, os.path.join(LESSONS, "run_lesson.py"),
                                     os.path.join(LESSONS, f"{name}_lesson.py"), workdir],
                                    capture_output=True, text=True, check=True)
        outputs[name] = result.stdout
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(outputs, handle, indent=1, ensure_ascii=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
