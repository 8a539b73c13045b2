"""minispore: MindSpore's programming model on NumPy. `import minispore as mindspore`."""
from minispore.common import dtype
from minispore.common import dtype as mstype
from minispore.common.dtype import *  # noqa: F401,F403
from minispore.common.dtype import dtype_to_nptype, pytype_to_dtype, dtype_to_pytype
from minispore.common.tensor import Tensor, tensor, from_numpy
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.seed import set_seed, get_seed
from minispore.context import (set_context, get_context, set_device, get_device, GRAPH_MODE,
                               PYNATIVE_MODE, ParallelMode, set_auto_parallel_context, get_auto_parallel_context,
                               reset_auto_parallel_context, STRICT, COMPATIBLE, LAX)
from minispore import ops
from minispore._autodiff.api import grad, value_and_grad, vjp, jvp, jacfwd, jacrev, vmap
from minispore.common.jit import jit, JitConfig
from minispore.common.api import ms_memory_recycle
from minispore.common.mutable import mutable
from minispore._autodiff.grad_ids import get_grad

__version__ = "0.1.0"

# Heavier packages load on first attribute access, so `import minispore` stays fast.
_LAZY = {
    "nn": "minispore.nn", "train": "minispore.train", "dataset": "minispore.dataset",
    "context": "minispore.context", "common": "minispore.common", "numpy": "minispore.numpy",
    "save_checkpoint": "minispore.train.serialization", "load_checkpoint": "minispore.train.serialization",
    "load_param_into_net": "minispore.train.serialization", "Model": "minispore.train.model",
    "amp": "minispore.amp", "communication": "minispore.communication", "parallel": "minispore.parallel",
    "export": "minispore.train.serialization", "load": "minispore.train.serialization", "onnx": "minispore.onnx",
    "LossScaleManager": "minispore.amp", "FixedLossScaleManager": "minispore.amp",
    "DynamicLossScaleManager": "minispore.amp", "build_train_network": "minispore.amp",
    "mint": "minispore.mint", "profiler": "minispore.profiler", "Profiler": "minispore.profiler",
    "RowTensor": "minispore.common.sparse_tensor", "jit_class": "minispore.common.jit_class",
    "run_check": "minispore.tools.run_check", "is_tensor": "minispore.ops.function.misc_func",
    "SummaryRecord": "minispore.train.summary", "SummaryCollector": "minispore.train.callback",
    "log": "minispore.log", "get_level": "minispore.log", "get_log_config": "minispore.log",
    "experimental": "minispore.experimental",
}
# MindSpore exports its callbacks and metrics at the top level too.
_LAZY.update((name, "minispore.train") for name in (
    "Callback", "CheckpointConfig", "EarlyStopping", "History", "LambdaCallback", "LossMonitor", "ModelCheckpoint",
    "RunContext", "TimeMonitor", "Metric", "Accuracy", "Loss", "MAE", "MSE", "Precision", "Recall", "F1", "Fbeta",
    "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy", "get_metric_fn", "names"))


def __getattr__(name):
    if name in _LAZY:
        import importlib
        module = importlib.import_module(_LAZY[name])
        return module if module.__name__ == "minispore." + name else getattr(module, name)
    raise AttributeError(f"module 'mindspore' has no attribute '{name}'")
