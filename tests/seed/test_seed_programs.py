"""The tutorial programs (copied from ../shared/seed) run unchanged under `python -m minispore run`,
and print what MindSpore 2.10 printed, up to the random values."""
import pathlib
import re
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).parent
NUMBER = re.compile(r"-?\d+\.?\d*(?:e[+-]?\d+)?")


def _run(script):
    result = subprocess.run([sys.executable, "-m", "minispore", "run", str(HERE / script)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _shape_of(text):
    """The text with every number replaced by '#' and whitespace removed: format and structure only."""
    return re.sub(r"\s+", "", NUMBER.sub("#", text))


@pytest.mark.parametrize("program", ["functional_autodiff", "network_build"])
def test_program_prints_what_mindspore_prints(program):
    ours = _run(f"{program}.py")
    theirs = (HERE / f"{program}.mindspore-2.10.out").read_text()
    assert _shape_of(ours) == _shape_of(theirs)


def test_network_structure_and_parameter_names_are_identical():
    ours = _run("network_build.py").splitlines()
    theirs = (HERE / "network_build.mindspore-2.10.out").read_text().splitlines()
    assert ours[:10] == theirs[:10]
    names = [line for line in ours if line.startswith(("Layer:", "Size:", "Model structure"))]
    assert names == [line for line in theirs if line.startswith(("Layer:", "Size:", "Model structure"))]


def test_autodiff_program_gradients_structure_lines():
    ours = _run("functional_autodiff.py").splitlines()
    theirs = (HERE / "functional_autodiff.mindspore-2.10.out").read_text().splitlines()
    assert len(ours) == len(theirs)
    for mine, reference in zip(ours, theirs):
        if "Tensor(" in reference or reference.startswith(" ["):
            # MindSpore's own repr has a fixed layout: exact up to the numbers.
            assert NUMBER.sub("#", mine.split("))")[0]) == NUMBER.sub("#", reference.split("))")[0])
        else:
            assert _shape_of(mine) == _shape_of(reference)


SHARED_SEED = HERE.parent.parent.parent / "shared" / "seed"


@pytest.mark.skipif(not SHARED_SEED.is_dir(), reason="../shared/seed is not beside this checkout")
@pytest.mark.parametrize("name", ["functional_autodiff.py", "functional_autodiff.mindspore-2.10.out",
                                  "network_build.py", "network_build.mindspore-2.10.out"])
def test_copies_match_the_shared_seed(name):
    assert (HERE / name).read_bytes() == (SHARED_SEED / name).read_bytes()
