"""`mindspore.dataset.text` utilities: Vocab, NormalizeForm, to_str / to_bytes."""
import collections
from enum import IntEnum

import numpy as np

__all__ = ["Vocab", "NormalizeForm", "to_str", "to_bytes"]


class NormalizeForm(IntEnum):
    """Unicode normalization forms of NormalizeUTF8 (NONE leaves the text as it is)."""
    NONE = 0
    NFC = 1
    NFKC = 2
    NFD = 3
    NFKD = 4


def _check_specials(special_tokens, special_first):
    special_tokens = [] if special_tokens is None else list(special_tokens)
    if not all(isinstance(token, str) for token in special_tokens):
        raise TypeError(f"special_tokens should be a list of str, but got {special_tokens!r}.")
    if len(set(special_tokens)) != len(special_tokens):
        raise ValueError(f"special_tokens contains duplicate words: {special_tokens}.")
    if not isinstance(special_first, bool):
        raise TypeError(f"special_first should be a bool, but got {special_first!r}.")
    return special_tokens


class Vocab:
    """A word -> id table (build it with from_list, from_dataset, from_file or from_dict)."""

    def __init__(self):
        self._ids = {}
        self._words = {}

    @classmethod
    def _of(cls, words, special_tokens, special_first):
        vocab = cls()
        ordered = (special_tokens + words) if special_first else (words + special_tokens)
        for index, word in enumerate(ordered):
            vocab._ids[word] = index
        vocab._words = {index: word for word, index in vocab._ids.items()}
        return vocab

    @classmethod
    def from_list(cls, word_list, special_tokens=None, special_first=True):
        """Ids in list order (special tokens before the words, or after with special_first=False)."""
        if not isinstance(word_list, (list, tuple)) or not all(isinstance(w, str) for w in word_list):
            raise TypeError(f"word_list should be a list of str, but got {word_list!r}.")
        if len(set(word_list)) != len(word_list):
            repeated = [word for word, count in collections.Counter(word_list).items() if count > 1]
            raise ValueError(f"word_list contains duplicate words: {repeated}.")
        special_tokens = _check_specials(special_tokens, special_first)
        overlap = set(special_tokens) & set(word_list)
        if overlap:
            raise ValueError(f"special_tokens and word_list contain duplicate words: {sorted(overlap)}.")
        return cls._of(list(word_list), special_tokens, special_first)

    @classmethod
    def from_dataset(cls, dataset, columns=None, freq_range=None, top_k=None, special_tokens=None,
                     special_first=True):
        """Words of `columns` of one pass, by frequency (ties: word order), kept within freq_range, top_k."""
        special_tokens = _check_specials(special_tokens, special_first)
        names = dataset.get_col_names()
        columns = names[:1] if columns is None else ([columns] if isinstance(columns, str) else list(columns))
        missing = [name for name in columns if name not in names]
        if missing:
            raise ValueError(f"Vocab.from_dataset: column(s) {missing} not found; the columns are {names}.")
        low, high = (0, None) if freq_range is None else freq_range
        if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k <= 0):
            raise ValueError(f"top_k must be a positive int, but got {top_k!r}.")
        indices = [names.index(name) for name in columns]
        counts = collections.Counter()
        for row in dataset.create_tuple_iterator(num_epochs=1, output_numpy=True):
            for index in indices:
                value = row[index]
                if value.dtype.kind not in "US":
                    raise RuntimeError(f"Vocab.from_dataset: column '{names[index]}' holds {value.dtype}, not "
                                       "strings; tokenize it first.")
                counts.update(to_str(value).reshape(-1).tolist())
        words = [word for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                 if (low is None or count >= low) and (high is None or count <= high)
                 and word not in special_tokens]
        if top_k is not None:
            words = words[:top_k]
        return cls._of(words, special_tokens, special_first)

    @classmethod
    def from_file(cls, file_path, delimiter="", vocab_size=None, special_tokens=None, special_first=True):
        """One word per line (the text before `delimiter`), in file order; at most vocab_size words."""
        special_tokens = _check_specials(special_tokens, special_first)
        words = []
        with open(file_path, encoding="utf-8") as handle:
            for line in handle:
                line = line.rstrip("\n").rstrip("\r")
                word = line.split(delimiter, 1)[0] if delimiter else line
                if not word:
                    continue
                if word in words:
                    raise RuntimeError(f"Vocab.from_file: duplicate word: {word!r} in {file_path}.")
                words.append(word)
                if vocab_size is not None and len(words) >= vocab_size:
                    break
        return cls._of([w for w in words if w not in special_tokens], special_tokens, special_first)

    @classmethod
    def from_dict(cls, word_dict):
        """The given {word: id} table."""
        if not isinstance(word_dict, dict) or not all(
                isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
                for k, v in word_dict.items()):
            raise TypeError("word_dict should be a dict of {str: non-negative int}.")
        vocab = cls()
        vocab._ids = dict(word_dict)
        vocab._words = {index: word for word, index in vocab._ids.items()}
        return vocab

    def vocab(self):
        """The {word: id} table."""
        return dict(self._ids)

    def tokens_to_ids(self, tokens):
        """Id of each token (-1 for a word not in the table); a str gives one id."""
        if isinstance(tokens, np.ndarray):
            tokens = tokens.tolist()
        if isinstance(tokens, str):
            return self._ids.get(tokens, -1)
        return [self._ids.get(token, -1) for token in tokens]

    def ids_to_tokens(self, ids):
        """Word of each id ('' for an id not in the table); an int gives one word."""
        if isinstance(ids, np.ndarray):
            ids = ids.tolist()
        if isinstance(ids, int):
            return self._words.get(ids, "")
        return [self._words.get(index, "") for index in ids]

    def __len__(self):
        return len(self._ids)


def to_str(array, encoding='utf8'):
    """A bytes array (or a str array) as a str array."""
    array = np.asarray(array)
    if array.dtype.kind == "S":
        return np.char.decode(array, encoding)
    if array.dtype.kind != "U":
        raise TypeError(f"to_str: the input should be a NumPy array of bytes or str, but got {array.dtype}.")
    return array


def to_bytes(array, encoding='utf8'):
    """A str array as a bytes array."""
    array = np.asarray(array)
    if array.dtype.kind == "U":
        return np.char.encode(array, encoding)
    if array.dtype.kind != "S":
        raise TypeError(f"to_bytes: the input should be a NumPy array of str, but got {array.dtype}.")
    return array
