"""lenet_b32's minispore step compiled with `mindspore.jit` (the case's `make(jit=True)`)."""
import importlib.util
import pathlib

_spec = importlib.util.spec_from_file_location("lenet_b32_minispore", pathlib.Path(__file__).with_name("minispore.py"))
_case = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_case)


def make():
    return _case.make(jit=True)
