"""Per-class Precision, Recall and F1 (Fbeta with beta=1) over accumulated counts."""
import sys

import numpy as np

from minispore.train.metrics.accuracy import class_indices
from minispore.train.metrics.metric import Metric

__all__ = ["Precision", "Recall", "Fbeta", "F1"]

_EPS = sys.float_info.min  # keeps 0/0 at 0 for classes that never occur


class _ClassCounts(Metric):
    """Accumulates per-class true positives, predicted positives and actual positives."""

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

    def update(self, *inputs):
        """Accumulate from (y_pred (N, C), y (N,) indices or (N, C) one-hot / multilabel 0-1)."""
        y_pred, y = self._check_two_inputs(inputs)
        if self._type == "multilabel":
            predicted, actual = np.round(y_pred).astype(np.int64), y.astype(np.int64)
        else:
            classes = y_pred.shape[-1]
            predicted = np.eye(classes, dtype=np.int64)[np.argmax(y_pred, axis=-1).reshape(-1)]
            actual = np.eye(classes, dtype=np.int64)[class_indices(y, y_pred).astype(np.int64)]
        self._true_positives = self._true_positives + (predicted * actual).sum(axis=0)
        self._positives = self._positives + predicted.sum(axis=0)
        self._actual_positives = self._actual_positives + actual.sum(axis=0)
        self._samples += predicted.shape[0]

    def _ratio(self, denominator, average):
        if self._samples == 0:
            raise self._empty_error()
        result = self._true_positives / (denominator + _EPS)
        return np.float64(result.mean()) if average else result


class Precision(_ClassCounts):
    """true positives / predicted positives, per class (or their mean with average=True)."""

    def eval(self, average=False):
        """ndarray of per-class precision, or numpy.float64 with average=True."""
        return self._ratio(self._positives, average)


class Recall(_ClassCounts):
    """true positives / actual positives, per class (or their mean with average=True)."""

    def eval(self, average=False):
        """ndarray of per-class recall, or numpy.float64 with average=True."""
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
