"""Dice, Perplexity and CosineSimilarity: set overlap, language-model perplexity and pairwise similarity."""
import math

import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs, to_numpy

__all__ = ["Dice", "Perplexity", "CosineSimilarity"]


def _check_choice(api, name, value, choices):
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"For '{api}', the argument '{name}' should be one of {list(choices)}, but got {value!r}.")
    return value


def _check_type(api, name, value, kinds):
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise TypeError(f"For '{api}', the argument '{name}' should be {names}, but got {type(value).__name__}.")
    return value


def _not_updated():
    return RuntimeError("Please call the 'update' method before calling 'eval' method.")


class Dice(Metric):
    """The mean over samples of 2·|pred ∩ true| / (|pred|² + |true|² + smooth): 1 for a perfect segmentation."""

    def __init__(self, smooth=1e-5):
        super().__init__()
        if not isinstance(smooth, float):
            raise TypeError(f"For 'Dice', the argument 'smooth' must be a float, but got {type(smooth).__name__}.")
        if smooth <= 0:
            raise ValueError(f"For 'Dice', the argument 'smooth' must be a positive float, but got {smooth!r}.")
        self.smooth = float(smooth)
        self.clear()

    def clear(self):
        """Reset the running sum."""
        self._dice_coeff_sum = 0.0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        """Add one batch (y_pred, y) of shape (N, ...): the batch's coefficient is added once and eval divides
        the sum by all samples seen, as MindSpore computes it."""
        y_pred, y = self._check_two_inputs(inputs)
        self._samples_num += y.shape[0]
        if y_pred.shape != y.shape:
            raise ValueError(f"For 'Dice.update', predicted value (input[0]) and true value (input[1]) should have "
                             f"same shape, but got predicted value shape: {y_pred.shape}, true value shape: "
                             f"{y.shape}.")
        pred, true = y_pred.ravel().astype(np.float64), y.ravel().astype(np.float64)
        self._dice_coeff_sum += 2 * float(pred @ true) / float(pred @ pred + true @ true + self.smooth)

    def eval(self):
        """The accumulated coefficient (a Python float)."""
        if self._samples_num == 0:
            raise RuntimeError("The 'Dice coefficient' can not be calculated, because the number of samples is 0, "
                               "please check whether your inputs(predicted value, true value) are empty, or has "
                               "called update method before calling eval method.")
        return self._dice_coeff_sum / float(self._samples_num)


class Perplexity(Metric):
    """exp(mean negative log-probability of the labels): predictions (..., C) are probabilities."""

    def __init__(self, ignore_label=None):
        super().__init__()
        if ignore_label is not None:
            _check_type("Perplexity", "ignore_label", ignore_label, (int,))
        self.ignore_label = ignore_label
        self.clear()

    def clear(self):
        """Reset the running sums."""
        self._sum_metric = 0.0
        self._num_inst = 0

    @rearrange_inputs
    def update(self, *inputs):
        """Add (preds (..., C) probabilities, labels (...) class indices); ignore_label positions are skipped."""
        if len(inputs) != 2:
            raise ValueError(f"For 'Perplexity.update', it needs 2 inputs (predicted value, label), but got "
                             f"{len(inputs)}.")
        preds = to_numpy(inputs[0], "Perplexity.update", "preds")
        labels = to_numpy(inputs[1], "Perplexity.update", "labels")
        if preds.ndim == 0 or labels.size * preds.shape[-1] != preds.size:
            raise RuntimeError(f"For 'Perplexity.update', predicted value (input[0]) and label (input[1]) should have "
                               f"the same shape, but got predicted value shape {preds.shape}, label shape "
                               f"{labels.shape}.")
        labels = labels.reshape(-1)
        chosen = preds.reshape(labels.size, -1)[np.arange(labels.size), labels.astype(np.int64)]
        count = chosen.size
        if self.ignore_label is not None:
            ignored = labels == self.ignore_label
            count -= int(ignored.sum())
            chosen = np.where(ignored, 1.0, chosen)
        self._sum_metric -= float(np.sum(np.log(np.maximum(1e-10, chosen))))
        self._num_inst += count

    def eval(self):
        """The perplexity (a Python float)."""
        if self._num_inst == 0:
            raise RuntimeError("The 'Perplexity' can not be calculated, because the number of samples is 0, please "
                               "check whether the update method has been called before calling eval method.")
        return math.exp(self._sum_metric / self._num_inst)


class CosineSimilarity(Metric):
    """The (N, N) similarity matrix of N row vectors ('cosine' or 'dot'), optionally reduced per row."""

    def __init__(self, similarity="cosine", reduction="none", zero_diagonal=True):
        super().__init__()
        self.similarity = _check_choice("CosineSimilarity", "similarity", similarity, ("dot", "cosine"))
        self.reduction = _check_choice("CosineSimilarity", "reduction", reduction, ("none", "sum", "mean"))
        self.zero_diagonal = _check_type("CosineSimilarity", "zero_diagonal", zero_diagonal, (bool,))
        self.clear()

    def clear(self):
        """Forget the last matrix."""
        self.sqr_mtx_res = 0
        self._is_update = False

    @rearrange_inputs
    def update(self, inputs):
        """Compute the similarity matrix of the rows of `inputs` (N, D) (each update replaces the last)."""
        data = to_numpy(inputs, "CosineSimilarity.update", "inputs")
        if self.similarity == "cosine":
            data = data / np.linalg.norm(data, ord=2, axis=1, keepdims=True)
        self.sqr_mtx_res = data @ data.T
        self._is_update = True

    def eval(self):
        """The matrix (N, N), or its row sums/means (N,)."""
        if not self._is_update:
            raise _not_updated()
        result = self.sqr_mtx_res
        if self.zero_diagonal:
            np.fill_diagonal(result, 0)
        if self.reduction == "mean":
            result = result.mean(axis=-1)
        elif self.reduction == "sum":
            result = result.sum(axis=-1)
        self.sqr_mtx_res = result
        return result
