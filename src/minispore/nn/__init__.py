"""`mindspore.nn`: Cell, layers, losses, optimizers and training wrappers."""
from minispore.nn.cell import Cell
from minispore.nn.graph_cell import GraphCell
from minispore.nn.layer.activation import *  # noqa: F401,F403
from minispore.nn.layer.basic import *  # noqa: F401,F403
from minispore.nn.layer.container import *  # noqa: F401,F403
from minispore.nn.layer.conv import *  # noqa: F401,F403
from minispore.nn.layer.pooling import *  # noqa: F401,F403
from minispore.nn.layer.normalization import *  # noqa: F401,F403
from minispore.nn.layer.embedding import *  # noqa: F401,F403
from minispore.nn.layer.rnns import *  # noqa: F401,F403
from minispore.nn.layer.transformer import *  # noqa: F401,F403
from minispore.nn.layer.padding import *  # noqa: F401,F403
from minispore.nn.layer.image import *  # noqa: F401,F403
from minispore.nn.layer.math import *  # noqa: F401,F403
from minispore.nn.layer.combined import *  # noqa: F401,F403
from minispore.nn.loss import *  # noqa: F401,F403
from minispore.nn.learning_rate_schedule import *  # noqa: F401,F403
from minispore.nn.dynamic_lr import *  # noqa: F401,F403
from minispore.nn.optim import *  # noqa: F401,F403
from minispore.nn.wrap import *  # noqa: F401,F403
from minispore.nn import layer, utils  # noqa: F401

# MindSpore keeps its metrics under nn too (`nn.Accuracy`, `mindspore.nn.metrics`); they live in train, above
# nn, so they load on first use.
_METRICS = ("Metric", "Accuracy", "Loss", "TopKCategoricalAccuracy", "Top1CategoricalAccuracy",
            "Top5CategoricalAccuracy", "Precision", "Recall", "F1", "Fbeta", "MAE", "MSE", "get_metric_fn", "names")


def __getattr__(name):
    if name == "metrics" or name in _METRICS:
        import importlib
        metrics = importlib.import_module("minispore.nn.metrics")
        return metrics if name == "metrics" else getattr(metrics, name)
    raise AttributeError(f"module 'mindspore.nn' has no attribute '{name}'")
