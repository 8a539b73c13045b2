"""Golden output of MindSpore's "Accelerating with Static Graphs" lesson as MindSpore 2.10 prints it.

Run from the repository root: /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_static_graph_lesson.py
Runs tests/jit/accelerate_with_static_graph.py and writes its output beside it. The values are random
initial weights; tests compare the printed form only.
"""
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parents[2] / "tests" / "jit"


def main():
    with tempfile.TemporaryDirectory() as scratch:  # MindSpore writes rank_0/ into the working directory
        result = subprocess.run([sys.executable, str(HERE / "accelerate_with_static_graph.py")], cwd=scratch,
                                capture_output=True, text=True, check=True)
    out = HERE / "accelerate_with_static_graph.mindspore-2.10.out"
    out.write_text(result.stdout)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
