"""Per-class Precision, Recall and F1 (Fbeta with beta=1) over accumulated counts."""
import sys

import numpy as np

from minispore.train.metrics.accuracy import class_indices
from minispore.train.metrics.metric import Metric, rearrange_inputs

__all__ = ["Precision", "Recall", "Fbeta", "F1"]

_EPS = sys.float_info.min  # keeps 0/0 at 0 for classes that never occur


class _ClassCounts(Metric):
    """Accumulates the counts Precision, Recall and Fbeta are made of.

    'classification': per class, over all samples. 'multilabel' (0/1 predictions and labels): per sample
    (per position of (N, C, ...) inputs), as MindSpore computes it; `eval(average=True)` is then the mean
    of the per-sample ratios.
    """

    _denominator = None  # "positives" (predicted) or "actual_positives"

    def __init__(self, eval_type="classification"):
        super().__init__()
        if eval_type not in ("classification", "multilabel"):
            raise ValueError(f"For '{type(self).__name__}', the argument 'eval_type' should be 'classification' "
                             f"or 'multilabel', but got {eval_type!r}.")
        self._type = eval_type
        self.clear()

    def clear(self):
        """Reset the counts."""
        self._true_positives = 0
        self._positives = 0
        self._actual_positives = 0
        self._samples = 0
        self._class_num = 0
        self._ratio_sum = 0.0

    @rearrange_inputs
    def update(self, *inputs):
        """Accumulate from (y_pred (N, C), y (N,) indices or (N, C) one-hot / multilabel 0-1)."""
        y_pred, y = self._check_two_inputs(inputs)
        if y_pred.ndim > 1:
            self._check_class_count(y_pred.shape[1])
        if self._type == "multilabel":
            self._update_multilabel(y_pred, y)
            return
        classes = y_pred.shape[-1]
        predicted = np.eye(classes, dtype=np.int64)[np.argmax(y_pred, axis=-1).reshape(-1)]
        actual = np.eye(classes, dtype=np.int64)[class_indices(y, y_pred).astype(np.int64)]
        self._true_positives = self._true_positives + (predicted * actual).sum(axis=0)
        self._positives = self._positives + predicted.sum(axis=0)
        self._actual_positives = self._actual_positives + actual.sum(axis=0)
        self._samples += predicted.shape[0]

    def _check_class_count(self, classes):
        """Every update must have the class count of the first one."""
        if self._samples and classes != self._class_num:
            raise ValueError(f"For '{type(self).__name__}.update', class number not match, last input predicted data "
                             f"contain {self._class_num} classes, but current predicted data contain {classes} "
                             f"classes, please check your predicted value(inputs[0]).")
        self._class_num = classes

    def _update_multilabel(self, y_pred, y):
        name = type(self).__name__
        if y_pred.shape != y.shape or y.ndim < 2:
            raise ValueError(f"For '{name}.update', in multilabel case y_pred and y must have one shape (N, C, ...), "
                             f"but got {y_pred.shape} and {y.shape}.")
        if not (np.isin(y_pred, (0, 1)).all() and np.isin(y, (0, 1)).all()):
            raise ValueError("In multilabel case, all elements in y_pred (predicted value) and y (true value) should "
                             "be 0 or 1.Please check whether your inputs y_pred and y are correct.")
        # One column per sample (and position): the classes are summed.
        predicted = np.swapaxes(y_pred, 0, 1).reshape(y_pred.shape[1], -1).astype(np.float64)
        actual = np.swapaxes(y, 0, 1).reshape(y.shape[1], -1).astype(np.float64)
        counts = {"true_positives": (predicted * actual).sum(axis=0), "positives": predicted.sum(axis=0),
                  "actual_positives": actual.sum(axis=0)}
        self._ratio_sum += float(np.sum(counts["true_positives"] / (counts[self._denominator] + _EPS)))
        for key, value in counts.items():
            previous = getattr(self, "_" + key)
            setattr(self, "_" + key, value if self._samples == 0 else np.concatenate((previous, value)))
        self._samples += predicted.shape[1]

    def _ratio(self, denominator, average):
        if self._samples == 0:
            raise self._empty_error()
        if not isinstance(average, bool):
            raise TypeError(f"For '{type(self).__name__}', the type of 'average' should be bool, but got "
                            f"{type(average).__name__}.")
        if average and self._type == "multilabel":
            return np.float64(self._ratio_sum / (self._samples + _EPS))
        result = self._true_positives / (denominator + _EPS)
        return np.float64(result.mean()) if average else result


class Precision(_ClassCounts):
    """true positives / predicted positives, per class (per sample for 'multilabel'), or their mean."""

    _denominator = "positives"

    def eval(self, average=False):
        """ndarray of precisions, or numpy.float64 with average=True."""
        return self._ratio(self._positives, average)


class Recall(_ClassCounts):
    """true positives / actual positives, per class (per sample for 'multilabel'), or their mean."""

    _denominator = "actual_positives"

    def eval(self, average=False):
        """ndarray of recalls, or numpy.float64 with average=True."""
        return self._ratio(self._actual_positives, average)


class Fbeta(_ClassCounts):
    """(1 + beta²)·P·R / (beta²·P + R), per class."""

    def __init__(self, beta):
        if isinstance(beta, bool) or not isinstance(beta, (int, float)) or beta <= 0:
            raise ValueError(f"For 'Fbeta', the argument 'beta' should be a positive number, but got {beta!r}.")
        self.beta = beta
        super().__init__()

    def eval(self, average=False):
        """ndarray of per-class F-beta, or numpy.float64 with average=True."""
        precision = self._ratio(self._positives, False)
        recall = self._ratio(self._actual_positives, False)
        beta2 = self.beta ** 2
        result = (1 + beta2) * precision * recall / (beta2 * precision + recall + _EPS)
        return np.float64(result.mean()) if average else result


class F1(Fbeta):
    """Fbeta with beta=1."""

    def __init__(self):
        super().__init__(1.0)
