"""Evaluation metrics (`mindspore.train.Accuracy`, ...) and the names Model accepts for them."""
from minispore.train.metrics.metric import Metric
from minispore.train.metrics.accuracy import (Accuracy, TopKCategoricalAccuracy, Top1CategoricalAccuracy,
                                              Top5CategoricalAccuracy)
from minispore.train.metrics.precision_recall import Precision, Recall, Fbeta, F1
from minispore.train.metrics.error import MAE, MSE
from minispore.train.metrics.loss import Loss

__all__ = ["Metric", "Accuracy", "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy",
           "Precision", "Recall", "Fbeta", "F1", "MAE", "MSE", "Loss", "get_metric_fn", "names"]

_BY_NAME = {
    "accuracy": Accuracy, "acc": Accuracy, "precision": Precision, "recall": Recall, "F1": F1,
    "top_k_categorical_accuracy": TopKCategoricalAccuracy, "top_1_accuracy": Top1CategoricalAccuracy,
    "top_5_accuracy": Top5CategoricalAccuracy, "mae": MAE, "mse": MSE, "loss": Loss,
}


def names():
    """The metric names `get_metric_fn` and Model(metrics={...}) accept."""
    return sorted(_BY_NAME)


def get_metric_fn(name, *args, **kwargs):
    """A new Metric for a name such as 'accuracy' or 'loss'."""
    if name not in _BY_NAME:
        raise KeyError(f"Unknown Metric name: {name!r}; the supported names are {names()}.")
    return _BY_NAME[name](*args, **kwargs)
