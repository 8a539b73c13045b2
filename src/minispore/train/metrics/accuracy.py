"""Accuracy and top-k categorical accuracy."""
import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs

__all__ = ["Accuracy", "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy"]


def class_indices(y, y_pred):
    """Labels as class indices: one-hot (same rank as y_pred) labels are reduced with argmax."""
    if y.ndim == y_pred.ndim and y_pred.ndim > 1:
        return np.argmax(y, axis=-1)
    return y.reshape(-1)


class Accuracy(Metric):
    """Share of correctly classified samples ('classification') or of exactly right label rows ('multilabel')."""

    def __init__(self, eval_type="classification"):
        super().__init__()
        if eval_type not in ("classification", "multilabel"):
            raise ValueError("For 'Accuracy', the argument 'eval_type' should be 'classification' or "
                             f"'multilabel', but got {eval_type!r}.")
        self._type = eval_type
        self.clear()

    def clear(self):
        """Reset the counts."""
        self._correct_num = 0
        self._total_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        """Accumulate from (y_pred, y): logits (N, C) with labels (N,) or one-hot (N, C)."""
        y_pred, y = self._check_two_inputs(inputs)
        if self._type == "multilabel":
            if y_pred.shape != y.shape:
                raise ValueError(f"For 'Accuracy.update', 'multilabel' needs y_pred and y of the same shape, "
                                 f"but got {y_pred.shape} and {y.shape}.")
            correct = np.all(y_pred == y, axis=tuple(range(1, y.ndim)))
        else:
            if y_pred.ndim < 2:
                raise ValueError(f"For 'Accuracy.update', y_pred should be (N, C) scores, but got shape {y_pred.shape}.")
            labels = class_indices(y, y_pred)
            correct = np.argmax(y_pred, axis=-1).reshape(-1) == labels
        self._correct_num += int(correct.sum())
        self._total_num += correct.shape[0]

    def eval(self):
        """correct / total as numpy.float64."""
        if self._total_num == 0:
            raise self._empty_error()
        return np.float64(self._correct_num / self._total_num)


class TopKCategoricalAccuracy(Metric):
    """Share of samples whose true class is among the k highest scores."""

    def __init__(self, k):
        super().__init__()
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"For 'TopKCategoricalAccuracy', the argument 'k' should be a positive int, but got {k!r}.")
        self.k = k
        self.clear()

    def clear(self):
        """Reset the counts."""
        self._correct_num = 0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        """Accumulate from (y_pred (N, C), y (N,) indices or (N, C) one-hot)."""
        y_pred, y = self._check_two_inputs(inputs)
        labels = class_indices(y, y_pred)
        top_k = np.argsort(-y_pred, axis=-1, kind="stable")[..., :self.k]
        self._correct_num += int((top_k == labels.reshape(-1, 1)).any(axis=1).sum())
        self._samples_num += labels.shape[0]

    def eval(self):
        """hits / samples as numpy.float64."""
        if self._samples_num == 0:
            raise self._empty_error()
        return np.float64(self._correct_num / self._samples_num)


class Top1CategoricalAccuracy(TopKCategoricalAccuracy):
    """TopKCategoricalAccuracy with k=1."""

    def __init__(self):
        super().__init__(1)


class Top5CategoricalAccuracy(TopKCategoricalAccuracy):
    """TopKCategoricalAccuracy with k=5."""

    def __init__(self):
        super().__init__(5)
