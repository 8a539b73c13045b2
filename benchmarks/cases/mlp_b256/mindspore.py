"""mlp_b64's mindspore step at batch 256."""
import importlib.util
import pathlib

_spec = importlib.util.spec_from_file_location("mlp_b64_mindspore", pathlib.Path(__file__).parents[1] / "mlp_b64" / "mindspore.py")
_mlp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mlp)


def make():
    return _mlp.make(batch=256)
