"""mlp_b64's minispore step at batch 256."""
import importlib.util
import pathlib

_spec = importlib.util.spec_from_file_location("mlp_b64_minispore", pathlib.Path(__file__).parents[1] / "mlp_b64" / "minispore.py")
_mlp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mlp)


def make():
    return _mlp.make(batch=256)
