"""Evaluation metrics (`mindspore.train.Accuracy`, ...) and the names Model accepts for them."""
from minispore.train.metrics.metric import Metric, rearrange_inputs
from minispore.train.metrics.accuracy import (Accuracy, TopKCategoricalAccuracy, Top1CategoricalAccuracy,
                                              Top5CategoricalAccuracy)
from minispore.train.metrics.precision_recall import Precision, Recall, Fbeta, F1
from minispore.train.metrics.error import MAE, MSE
from minispore.train.metrics.loss import Loss
from minispore.train.metrics.segmentation import CosineSimilarity, Dice, Perplexity
from minispore.train.metrics.bleu import BleuScore
from minispore.train.metrics.roc import ROC, auc
from minispore.train.metrics.confusion_matrix import ConfusionMatrix, ConfusionMatrixMetric
from minispore.train.metrics.surface_distance import HausdorffDistance, MeanSurfaceDistance, RootMeanSquareDistance
from minispore.train.metrics.occlusion import OcclusionSensitivity

__all__ = ["names", "get_metric_fn", "Accuracy", "MAE", "MSE", "Metric", "rearrange_inputs", "Precision",
           "HausdorffDistance", "Recall", "Fbeta", "BleuScore", "CosineSimilarity", "OcclusionSensitivity", "F1",
           "Dice", "ROC", "auc", "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy",
           "Loss", "MeanSurfaceDistance", "RootMeanSquareDistance", "Perplexity", "ConfusionMatrix",
           "ConfusionMatrixMetric"]

# MindSpore's names for get_metric_fn and Model(metrics={...}).
_BY_NAME = {
    "accuracy": Accuracy, "acc": Accuracy, "precision": Precision, "recall": Recall, "F1": F1, "dice": Dice,
    "roc": ROC, "auc": auc, "bleu_score": BleuScore, "cosine_similarity": CosineSimilarity,
    "occlusion_sensitivity": OcclusionSensitivity, "topk": TopKCategoricalAccuracy,
    "hausdorff_distance": HausdorffDistance, "top_1_accuracy": Top1CategoricalAccuracy,
    "top_5_accuracy": Top5CategoricalAccuracy, "mae": MAE, "mse": MSE, "loss": Loss,
    "mean_surface_distance": MeanSurfaceDistance, "root_mean_square_distance": RootMeanSquareDistance,
    "perplexity": Perplexity, "confusion_matrix": ConfusionMatrix, "confusion_matrix_metric": ConfusionMatrixMetric,
}


def names():
    """The metric names `get_metric_fn` and Model(metrics={...}) accept."""
    return sorted(_BY_NAME)


def get_metric_fn(name, *args, **kwargs):
    """A new Metric for a name such as 'accuracy' or 'loss'."""
    if name not in _BY_NAME:
        raise KeyError(f"Unknown Metric name: {name!r}; the supported names are {names()}.")
    return _BY_NAME[name](*args, **kwargs)
