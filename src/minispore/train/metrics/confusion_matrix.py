"""ConfusionMatrix (class counts) and ConfusionMatrixMetric (sensitivity, precision, F1, ... from binarized
(N, C, ...) predictions)."""
import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs, to_numpy

__all__ = ["ConfusionMatrix", "ConfusionMatrixMetric"]


class ConfusionMatrix(Metric):
    """The (num_classes, num_classes) count of (true class, predicted class) pairs, optionally normalised by
    'target' (rows), 'prediction' (columns) or 'all'."""

    def __init__(self, num_classes, normalize="no_norm", threshold=0.5):
        super().__init__()
        if isinstance(num_classes, bool) or not isinstance(num_classes, int):
            raise TypeError(f"For 'ConfusionMatrix', the argument 'num_classes' should be int, but got "
                            f"{type(num_classes).__name__}.")
        if normalize not in ("target", "prediction", "all", "no_norm"):
            raise ValueError(f"For 'ConfusionMatrix', the argument 'normalize' must be in ['all', 'prediction', "
                             f"'label', 'no_norm'(None)], but got {normalize}.")
        if not isinstance(threshold, float):
            raise TypeError(f"For 'ConfusionMatrix', the argument 'threshold' should be float, but got "
                            f"{type(threshold).__name__}.")
        self.num_classes, self.normalize, self.threshold = num_classes, normalize, threshold
        self.clear()

    def clear(self):
        """Reset the counts."""
        self.confusion_matrix = np.zeros((self.num_classes, self.num_classes))
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        """Add (y_pred, y): class scores (N, C, ...) with labels (N, ...), or same-shape predictions
        (float scores are thresholded) and labels."""
        y_pred, y = self._check_two_inputs(inputs)
        if y_pred.ndim not in (y.ndim, y.ndim + 1):
            raise ValueError(f"For 'ConfusionMatrix.update', predicted value (input[0]) and true value (input[1]) "
                             f"should have same dimensions, or the dimension of predicted value equals the dimension "
                             f"of true value add 1, but got predicted value ndim: {y_pred.ndim}, true value ndim: "
                             f"{y.ndim}.")
        if y_pred.ndim == y.ndim + 1:
            y_pred = np.argmax(y_pred, axis=1)
        elif y_pred.dtype.kind == "f":
            y_pred = (y_pred >= self.threshold).astype(int)
        pairs = (y.reshape(-1) * self.num_classes + y_pred.reshape(-1)).astype(int)
        self.confusion_matrix += np.bincount(pairs, minlength=self.num_classes ** 2).reshape(self.num_classes, -1)
        self._is_update = True

    def eval(self):
        """The counts (float), or their normalisation (0 where a row/column/total is empty)."""
        if not self._is_update:
            raise RuntimeError("Please call the 'update' method before calling 'eval' method.")
        counts = self.confusion_matrix.astype(float)
        if self.normalize == "no_norm":
            return counts
        totals = {"target": counts.sum(axis=1, keepdims=True), "prediction": counts.sum(axis=0, keepdims=True),
                  "all": counts.sum()}[self.normalize]
        with np.errstate(invalid="ignore", divide="ignore"):
            matrix = counts / totals
        return np.nan_to_num(matrix, nan=0.0)


# Every spelling MindSpore accepts for each metric, and the metric's (numerator, denominator).
_ALIASES = {
    "tpr": ("sensitivity", "recall", "hit_rate", "true_positive_rate", "tpr"),
    "tnr": ("specificity", "selectivity", "true_negative_rate", "tnr"),
    "ppv": ("precision", "positive_predictive_value", "ppv"),
    "npv": ("negative_predictive_value", "npv"),
    "fnr": ("miss_rate", "false_negative_rate", "fnr"),
    "fpr": ("fall_out", "false_positive_rate", "fpr"),
    "fdr": ("false_discovery_rate", "fdr"),
    "for": ("false_omission_rate", "for"),
    "pt": ("prevalence_threshold", "pt"),
    "ts": ("threat_score", "critical_success_index", "ts", "csi"),
    "acc": ("accuracy", "acc"),
    "ba": ("balanced_accuracy", "ba"),
    "f1": ("f1_score", "f1"),
    "mcc": ("matthews_correlation_coefficient", "mcc"),
    "fm": ("fowlkes_mallows_index", "fm"),
    "bm": ("informedness", "bookmaker_informedness", "bm"),
    "mk": ("markedness", "deltap", "mk"),
}
_METRIC_OF = {alias: metric for metric, aliases in _ALIASES.items() for alias in aliases}


def _metric_key(metric_name):
    key = _METRIC_OF.get(metric_name.replace(" ", "_").lower())
    if key is None:
        raise NotImplementedError("The metric is not implemented.")
    return key


def _ratio_or_nan(numerator, denominator):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan)


def _fraction(key, tp, fp, tn, fn):
    """(numerator, denominator) of one metric from the four counts (arrays of one shape)."""
    p, n = tp + fn, fp + tn
    if key in ("pt", "ba", "fm", "bm", "mk"):
        tpr, tnr = _ratio_or_nan(tp, p), _ratio_or_nan(tn, n)
        ppv, npv = _ratio_or_nan(tp, tp + fp), _ratio_or_nan(tn, tn + fn)
        return {"pt": (np.sqrt(tpr * (1.0 - tnr)) + tnr - 1.0, tpr + tnr - 1.0), "ba": (tpr + tnr, 2.0),
                "fm": (np.sqrt(ppv * tpr), 1.0), "bm": (tpr + tnr - 1.0, 1.0), "mk": (ppv + npv - 1.0, 1.0)}[key]
    return {"tpr": (tp, p), "tnr": (tn, n), "ppv": (tp, tp + fp), "npv": (tn, tn + fn), "fnr": (fn, p),
            "fpr": (fp, n), "fdr": (fp, fp + tp), "for": (fn, fn + tn), "ts": (tp, tp + fn + fp),
            "acc": (tp + tn, p + n), "f1": (tp * 2.0, tp * 2.0 + fn + fp),
            "mcc": (tp * tn - fp * fn, np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))}[key]


def metric_from_counts(metric_name, counts):
    """One metric from counts (..., 4) = (tp, fp, tn, fn): NaN where its denominator is 0."""
    key = _metric_key(metric_name)
    counts = np.asarray(counts, dtype=float)
    if counts.ndim == 1:
        counts = counts[None]
    if counts.shape[-1] != 4:
        raise ValueError(f"For 'ConfusionMatrix', the size of the last dimension of confusion_matrix must be 4, but "
                         f"got {counts.shape[-1]}.")
    numerator, denominator = _fraction(key, *(counts[..., i] for i in range(4)))
    if isinstance(denominator, np.ndarray):
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(denominator != 0, numerator / np.where(denominator != 0, denominator, 1), np.nan)
    return numerator / denominator


def _counts(y_pred, y, skip_channel):
    """(tp, fp, tn, fn) per (sample, class) of binarized (N, C, ...) inputs: shape (N, C, 4)."""
    if not skip_channel:
        y = y[:, 1:] if y.shape[1] > 1 else y
        y_pred = y_pred[:, 1:] if y_pred.shape[1] > 1 else y_pred
    if y.shape != y_pred.shape:
        raise ValueError(f"For 'ConfusionMatrixMetric.update', y_pred and y must have the same shape, but got "
                         f"{y_pred.shape} and {y.shape}.")
    batch, classes = y_pred.shape[:2]
    y_pred = y_pred.astype(float).reshape(batch, classes, -1)
    y = y.astype(float).reshape(batch, classes, -1)
    tp = (y_pred + y == 2).sum(axis=2).astype(float)
    tn = (y_pred + y == 0).sum(axis=2).astype(float)
    positives = y.sum(axis=2)
    negatives = y.shape[-1] - positives
    return np.stack([tp, negatives - tn, tn, positives - tp], axis=-1)


def _reduce(chart, decrease):
    """MindSpore's reductions of a (N, C) metric chart that may hold NaNs: (value, count of non-NaN)."""
    valid = ~np.isnan(chart)
    counted = valid.astype(float)
    chart = np.where(valid, chart, 0.0)

    def mean(values, counts, axis):
        total = counts.sum(axis=axis)
        return np.where(total > 0, values.sum(axis=axis) / np.where(total > 0, total, 1), 0.0), total

    if decrease == "mean":
        per_sample, counts = mean(chart, counted, 1)
        samples = (counts > 0).astype(float).sum(axis=0)
        return (per_sample.sum(axis=0) / samples if samples > 0 else np.float64(0.0)), samples
    if decrease == "sum":
        return chart.sum(axis=(0, 1)), counted.sum(axis=(0, 1))
    if decrease == "mean_batch":
        return mean(chart, counted, 0)
    if decrease == "sum_batch":
        return chart.sum(axis=0), counted.sum(axis=0)
    if decrease == "mean_channel":
        return mean(chart, counted, 1)
    if decrease == "sum_channel":
        return chart.sum(axis=1), counted.sum(axis=1)
    return chart, counted


class ConfusionMatrixMetric(Metric):
    """A confusion-matrix metric (metric_name: 'sensitivity', 'precision', 'f1 score', ...) of binarized
    one-hot predictions and labels (N, C, ...). With calculation_method=True it is computed per sample and
    class and reduced by `decrease`; otherwise from the counts summed over every update."""

    _DECREASES = ("none", "mean", "sum", "mean_batch", "sum_batch", "mean_channel", "sum_channel")

    def __init__(self, skip_channel=True, metric_name="sensitivity", calculation_method=False, decrease="mean"):
        super().__init__()
        for name, value, kind in (("skip_channel", skip_channel, bool), ("calculation_method", calculation_method, bool),
                                  ("metric_name", metric_name, str), ("decrease", decrease, str)):
            if not isinstance(value, kind):
                raise TypeError(f"For 'ConfusionMatrixMetric', the argument '{name}' should be {kind.__name__}, but "
                                f"got {type(value).__name__}.")
        if decrease not in self._DECREASES:
            raise ValueError(f"For 'ConfusionMatrixMetric', the argument 'decrease' should be one of "
                             f"{list(self._DECREASES)}, but got {decrease!r}.")
        self.skip_channel, self.metric_name = skip_channel, metric_name
        self.calculation_method, self.decrease = calculation_method, decrease
        self.clear()

    def clear(self):
        """Reset the sums."""
        self._total_num = 0
        self._class_num = 0
        self._totals = np.zeros(4)

    @rearrange_inputs
    def update(self, *inputs):
        """Add (y_pred, y): binarized predictions and labels (N, C, ...)."""
        y_pred, y = self._check_two_inputs(inputs)
        if not np.all(y.astype(np.uint8) == y):
            raise ValueError("For 'ConfusionMatrix.update', the true value (input[1]) must be a binarized ndarray.")
        if y_pred.ndim < 2:
            raise ValueError(f"For 'ConfusionMatrix.update', the predicted value (input[0]) must have at least 2 "
                             f"dimensions, but got {y_pred.ndim}.")
        counts = _counts(y_pred, y, self.skip_channel)
        if not self.calculation_method:
            self._totals += counts.sum(axis=(0, 1))
            return
        score, valid = _reduce(metric_from_counts(self.metric_name, counts), self.decrease)
        if np.size(score) != 1:
            raise ValueError(f"For 'ConfusionMatrixMetric', decrease={self.decrease!r} leaves {np.shape(score)} values "
                             "per update; with calculation_method=True use 'mean' or 'sum'.")
        valid = int(np.asarray(valid).item())
        self._total_num += np.asarray(score).item() * valid
        self._class_num += valid

    def eval(self):
        """The metric: a float (calculation_method=True) or a 1-element array."""
        if self.calculation_method:
            if self._class_num == 0:
                raise RuntimeError("The 'ConfusionMatrixMetric' can not be calculated, because the number of samples "
                                   "is 0, please check whether your inputs(predicted value, true value) are empty, or "
                                   "has called update method before calling eval method.")
            return self._total_num / self._class_num
        return metric_from_counts(self.metric_name, self._totals)
