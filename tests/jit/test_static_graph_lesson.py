"""MindSpore's "Accelerating with Static Graphs" lesson runs unchanged and prints what MindSpore 2.10
printed, up to the random initial weights."""
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).parent
NUMBER = re.compile(r"-?\d+\.?\d*(?:e[+-]?\d+)?")


def _form(text):
    """The text with every number replaced by '#' and whitespace removed."""
    return re.sub(r"\s+", "", NUMBER.sub("#", text))


def test_lesson_runs_unchanged_and_prints_as_mindspore_does():
    result = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-m", "minispore", "run",
                             str(HERE / "accelerate_with_static_graph.py")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    theirs = (HERE / "accelerate_with_static_graph.mindspore-2.10.out").read_text()
    assert _form(result.stdout) == _form(theirs)
    blocks = result.stdout.split("]]\n")
    assert len(blocks) == 7 and blocks[-1] == ""  # six printed (64, 10) outputs
    for block in blocks[:-1]:
        rows = [row.strip(" [") for row in block.split("]\n")]
        assert len(rows) == 64 and len(set(rows)) == 1  # every row of a batch of ones is the same
