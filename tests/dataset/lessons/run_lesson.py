"""Run a lesson script unchanged, in its own working directory, with fixed seeds, on MindSpore or minispore.

    python run_lesson.py LESSON.py WORKDIR [minispore]

The seeds (dataset and NumPy) make the lesson's random parts (a shuffled source, a random image)
the same on both frameworks, so their outputs can be compared line by line.
"""
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stubs"))
lesson, workdir = os.path.abspath(sys.argv[1]), sys.argv[2]
if len(sys.argv) > 3 and sys.argv[3] == "minispore":
    from minispore.__main__ import alias_mindspore
    alias_mindspore()

import numpy as np  # noqa: E402
import mindspore.dataset as ds  # noqa: E402

os.chdir(workdir)
ds.config.set_seed(0)
np.random.seed(0)
runpy.run_path(lesson, run_name="__main__")
