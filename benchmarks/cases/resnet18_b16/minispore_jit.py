"""resnet18_b16's minispore step, the whole step (forward, backward, update) under `mindspore.jit`."""
import importlib.util
import pathlib

import minispore as mindspore

_spec = importlib.util.spec_from_file_location("resnet18_b16_minispore", pathlib.Path(__file__).with_name("minispore.py"))
_case = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_case)


def make():
    return mindspore.jit(_case.make())
