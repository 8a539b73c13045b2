"""BleuScore: n-gram precision of candidate sentences against reference sentences, with a brevity penalty."""
from collections import Counter

import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs

__all__ = ["BleuScore"]


def _ngrams(words, n_gram):
    """Counts of every 1- to n_gram-gram of a word sequence."""
    counts = Counter()
    for n in range(1, n_gram + 1):
        for start in range(len(words) - n + 1):
            counts[tuple(words[start:start + n])] += 1
    return counts


class BleuScore(Metric):
    """BLEU over a corpus: the geometric mean of clipped 1..n_gram precisions times the brevity penalty."""

    def __init__(self, n_gram=4, smooth=False):
        super().__init__()
        if isinstance(n_gram, bool) or not isinstance(n_gram, int):
            raise TypeError(f"For 'BleuScore', the argument 'n_gram' should be int, but got {type(n_gram).__name__}.")
        if not 1 <= n_gram <= 4:
            raise ValueError(f"For 'BleuScore', the argument 'n_gram' should range from 1 to 4, but got {n_gram}.")
        if not isinstance(smooth, bool):
            raise TypeError(f"For 'BleuScore', the argument 'smooth' should be bool, but got {type(smooth).__name__}.")
        self.n_gram, self.smooth = n_gram, smooth
        self.clear()

    def clear(self):
        """Reset the corpus counts."""
        self._numerator = np.zeros(self.n_gram)
        self._denominator = np.zeros(self.n_gram)
        self._candidate_len = 0.0
        self._reference_len = 0.0
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        """Add (candidate_corpus, reference_corpus): a list of word lists, and for each a list of references."""
        if len(inputs) != 2:
            raise ValueError(f"For 'BleuScore.update', it needs 2 inputs (candidate_corpus, reference_corpus), but "
                             f"got {len(inputs)}.")
        candidates, references = inputs
        if len(candidates) != len(references):
            raise ValueError(f"For 'BleuScore.update', 'translate_corpus' (inputs[0]) and 'reference_corpus' "
                             f"(inputs[1]) should be equal in length, but got {len(candidates)}, {len(references)}")
        for candidate, refs in zip(candidates, references):
            self._candidate_len += len(candidate)
            # The reference closest in length to the candidate (the first of equally close ones).
            lengths = [len(ref) for ref in refs]
            self._reference_len += min(lengths, key=lambda n: abs(len(candidate) - n))
            counts = _ngrams(candidate, self.n_gram)
            most = Counter()
            for ref in refs:
                most |= _ngrams(ref, self.n_gram)
            for gram, count in (counts & most).items():
                self._numerator[len(gram) - 1] += count
            for gram, count in counts.items():
                self._denominator[len(gram) - 1] += count
        self._is_update = True

    def eval(self):
        """The BLEU score as a 0-d numpy array (0 when some n-gram order has no match)."""
        if not self._is_update:
            raise RuntimeError("Please call the 'update' method before calling 'eval' method.")
        if self._numerator.min() == 0.0:
            return np.array(0.0)
        if self.smooth:
            precisions = (self._numerator + 1) / (self._denominator + 1)
        else:
            precisions = self._numerator / self._denominator
        geometric_mean = np.exp(np.sum(np.log(precisions) / self.n_gram))
        if self._candidate_len > self._reference_len:
            penalty = np.array(1.0)
        else:
            penalty = np.exp(1 - np.array(self._reference_len) / np.array(self._candidate_len))
        return penalty * geometric_mean
