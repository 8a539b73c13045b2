"""ROC curves (`ROC`) and the area under a curve (`auc`)."""
import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs, to_numpy

__all__ = ["ROC", "auc"]


def binary_clf_curve(preds, target, pos_label=1):
    """(false positives, true positives, thresholds) at each distinct score, scores descending."""
    if preds.ndim > target.ndim:
        preds = preds[:, 0]
    order = np.argsort(-preds)
    preds, target = preds[order], target[order]
    # The last index of each run of equal scores, and the final index.
    last = np.append(np.nonzero(np.diff(preds))[0], target.shape[0] - 1)
    positive = (target == pos_label).astype(np.int64)
    tps = np.cumsum(positive)[last]
    fps = 1 + last - tps
    return fps, tps, preds[last]


def _check_optional_int(name, value):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"For 'ROC', the argument '{name}' should be int, but got {type(value).__name__}.")
    return value


def _prepare(y_pred, y, class_num, pos_label):
    """Flattened scores and labels with the class count and positive label MindSpore infers."""
    if y_pred.ndim == y.ndim:
        if class_num is not None and class_num != 1:
            raise ValueError(f"For 'ROC', when predicted value (input[0]) and true value (input[1]) have the same "
                             f"shape, the 'class_num' must be 1, but got {class_num}.")
        return y_pred.ravel(), y.ravel(), 1, 1 if pos_label is None else pos_label
    if y_pred.ndim == y.ndim + 1:
        if pos_label is not None:
            raise ValueError(f"For 'ROC', when the dimension of predicted value (input[0]) equals the dimension of true "
                             f"value (input[1]) add 1, the 'pos_label' must be None, but got {pos_label}.")
        if class_num != y_pred.shape[1]:
            raise ValueError(f"For 'ROC', the 'class_num' must equal the number of classes from predicted value "
                             f"(input[0]), but got 'class_num' {class_num}, the number of classes from predicted "
                             f"value {y_pred.shape[1]}.")
        return y_pred.reshape(-1, class_num), y.ravel(), class_num, None
    raise ValueError(f"For 'ROC', predicted value (input[0]) and true value (input[1]) must have same dimensions, or "
                     f"the dimension of predicted value equal the dimension of true value add 1, but got predicted "
                     f"value ndim: {y_pred.ndim}, true value ndim: {y.ndim}.")


def _binary_roc(scores, labels, pos_label):
    fps, tps, thresholds = binary_clf_curve(scores, labels, pos_label)
    fps, tps = np.concatenate(([0], fps)), np.concatenate(([0], tps))
    thresholds = np.concatenate((thresholds[:1] + 1, thresholds))
    if fps[-1] <= 0:
        raise ValueError("For 'ROC.eval', there is no negative samples in true value, false positive value is "
                         "meaningless.")
    if tps[-1] <= 0:
        raise ValueError("For 'ROC.eval', there is no positive samples in true value, true positive value is "
                         "meaningless.")
    return fps / fps[-1], tps / tps[-1], thresholds


class ROC(Metric):
    """(fpr, tpr, thresholds) of binary scores, or lists of them per class for (N, C) scores."""

    def __init__(self, class_num=None, pos_label=None):
        super().__init__()
        self.class_num = _check_optional_int("class_num", class_num)
        self.pos_label = _check_optional_int("pos_label", pos_label)
        self.clear()

    def clear(self):
        """Forget the last inputs."""
        self.y_pred = 0
        self.y = 0
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        """Record (y_pred, y): scores (N,) with labels (N,), or (N, C) with class indices (N,)."""
        if len(inputs) != 2:
            raise ValueError(f"For 'ROC.update', it needs 2 inputs (predicted value, true value), but got "
                             f"{len(inputs)}")
        y_pred, y = (to_numpy(v, "ROC.update", n) for v, n in zip(inputs, ("y_pred", "y")))
        self.y_pred, self.y, self.class_num, self.pos_label = _prepare(y_pred, y, self.class_num, self.pos_label)
        self._is_update = True

    def eval(self):
        """(fpr, tpr, thresholds) as arrays, or as lists of arrays (one per class)."""
        if not self._is_update:
            raise RuntimeError("Please call the 'update' method before calling 'eval' method.")
        y_pred, y = np.squeeze(self.y_pred), np.squeeze(self.y)
        if self.class_num == 1:
            return _binary_roc(y_pred, y, self.pos_label)
        curves = [_binary_roc(y_pred[:, c], y, c) for c in range(self.class_num)]
        return tuple(list(part) for part in zip(*curves))


def auc(x, y, reorder=False):
    """The area under the curve (x, y) by the trapezoidal rule; x must be monotonic unless reorder=True."""
    if not isinstance(x, np.ndarray) or not isinstance(y, np.ndarray):
        raise TypeError(f"For 'auc', the argument 'x' and 'y' must all be np.ndarray, but got {type(x)}, {type(y)}")
    for name, array in (("x", x), ("y", y)):
        if array.ndim == 0:
            raise TypeError(f"Singleton array {array} cannot be considered as a valid collection.")
        if not (array.ndim == 1 or (array.ndim == 2 and array.shape[1] == 1)):
            raise ValueError(f"For 'auc', the input must be a 1-dimensional array, or a 2-dimensional array with the "
                             f"second dimension of 1, but got shape {array.shape}.")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {[x.shape[0], y.shape[0]]}.")
    x, y = x.ravel(), y.ravel()
    if x.shape[0] < 2:
        raise ValueError(f"For 'auc', the shape of the argument 'x' in axis 0 must be greater than 2, but got "
                         f"{x.shape[0]}.")
    direction = 1
    if reorder:
        order = np.lexsort((y, x))
        x, y = x[order], y[order]
    else:
        steps = np.diff(x)
        if (steps < 0).any():
            if not (steps <= 0).all():
                raise ValueError(f"For 'auc', if the argument is False, the argument 'x' array must be increasing or "
                                 f"decreasing, but got 'x': {x}")
            direction = -1
    # The trapezoidal rule (np.trapz was renamed np.trapezoid in NumPy 2).
    return direction * np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2)
