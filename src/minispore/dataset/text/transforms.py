"""`mindspore.dataset.text` transforms: tokenizers, Lookup, Ngram, SlidingWindow, Truncate, ToNumber, ...

Tokenizers take a str (0-d) array and return a 1-D str array; `with_offsets=True` adds the UTF-8
byte offsets of each token's start and end (uint32), as MindSpore's do. BasicTokenizer follows
MindSpore's rules (case folding, accent stripping, punctuation and CJK characters as tokens).
"""
import re
import unicodedata

import numpy as np

from minispore.common import dtype as mstype
from minispore.dataset.text.utils import NormalizeForm, Vocab, to_str
from minispore.dataset.transforms.transforms import TensorOperation, as_array

__all__ = ["Lookup", "PythonTokenizer", "WhitespaceTokenizer", "UnicodeCharTokenizer", "BasicTokenizer",
           "RegexTokenizer", "Truncate", "TruncateSequencePair", "Ngram", "SlidingWindow", "ToNumber", "CaseFold",
           "NormalizeUTF8", "RegexReplace", "AddToken"]

_UNUSED_TOKENS = ("[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]")
_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
               (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _text(data, op):
    array = to_str(as_array(data)) if as_array(data).dtype.kind in "US" else None
    if array is None:
        raise RuntimeError(f"{op}: the input should be of type string, but got {as_array(data).dtype}.")
    return array


def _tokens(pieces, with_offsets):
    """(token, start char, end char) pieces of `text` -> tokens (+ UTF-8 byte offsets)."""
    tokens = np.array([piece[0] for piece in pieces]) if pieces else np.array([""])
    if not with_offsets:
        return tokens
    starts = np.array([piece[1] for piece in pieces] or [0], np.uint32)
    limits = np.array([piece[2] for piece in pieces] or [0], np.uint32)
    return tokens, starts, limits


def _byte_offsets(text):
    offsets, position = [], 0
    for char in text:
        offsets.append(position)
        position += len(char.encode("utf-8"))
    offsets.append(position)
    return offsets


class _Tokenizer(TensorOperation):
    """Applies `_split(text) -> [(token, start char, end char)]` to a scalar string."""

    def __init__(self, with_offsets=False):
        if not isinstance(with_offsets, bool):
            raise TypeError(f"{type(self).__name__}: with_offsets should be a bool, but got {with_offsets!r}.")
        self.with_offsets = with_offsets

    def __call__(self, data):
        array = _text(data, type(self).__name__)
        if array.ndim != 0:
            raise RuntimeError(f"{type(self).__name__}: the input should be scalar string tensor, but got shape "
                               f"{list(array.shape)}.")
        text = str(array)
        offsets = _byte_offsets(text)
        pieces = [(token, offsets[start], offsets[end]) for token, start, end in self._split(text)]
        return _tokens(pieces, self.with_offsets)

    def _split(self, text):
        raise NotImplementedError


class WhitespaceTokenizer(_Tokenizer):
    """Split on whitespace."""

    def _split(self, text):
        return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]


class UnicodeCharTokenizer(_Tokenizer):
    """One token per character."""

    def _split(self, text):
        return [(char, i, i + 1) for i, char in enumerate(text)]


def _split_with_delimiters(text, is_delimiter, keep_delimiter):
    """Split at delimiter runs; keep the delimiters `keep_delimiter` accepts as tokens of their own."""
    pieces, start, i = [], 0, 0
    while i < len(text):
        length = is_delimiter(text, i)
        if not length:
            i += 1
            continue
        if i > start:
            pieces.append((text[start:i], start, i))
        if keep_delimiter(text[i:i + length]):
            pieces.append((text[i:i + length], i, i + length))
        i += length
        start = i
    if start < len(text):
        pieces.append((text[start:], start, len(text)))
    return pieces


def _is_punctuation_or_cjk(char):
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    if unicodedata.category(char).startswith("P"):
        return True
    return any(low <= code <= high for low, high in _CJK_RANGES)


class BasicTokenizer(_Tokenizer):
    """Split on whitespace, punctuation and CJK characters (BERT's basic tokenizer, as MindSpore's)."""

    def __init__(self, lower_case=False, keep_whitespace=False, normalization_form=NormalizeForm.NONE,
                 preserve_unused_token=True, with_offsets=False):
        super().__init__(with_offsets)
        for name, value in (("lower_case", lower_case), ("keep_whitespace", keep_whitespace),
                            ("preserve_unused_token", preserve_unused_token)):
            if not isinstance(value, bool):
                raise TypeError(f"BasicTokenizer: {name} should be a bool, but got {value!r}.")
        if not isinstance(normalization_form, NormalizeForm):
            raise TypeError(f"BasicTokenizer: normalization_form should be a NormalizeForm, but got "
                            f"{normalization_form!r}.")
        self.lower_case, self.keep_whitespace = lower_case, keep_whitespace
        self.normalization_form, self.preserve_unused_token = normalization_form, preserve_unused_token

    def _prepare(self, text):
        if self.lower_case:
            if self.preserve_unused_token:
                parts = re.split(r"(\[CLS\]|\[SEP\]|\[UNK\]|\[PAD\]|\[MASK\])", text)
                text = "".join(part if part in _UNUSED_TOKENS else
                               unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", part).casefold())
                               for part in parts)
            else:
                text = text.casefold()
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        elif self.normalization_form != NormalizeForm.NONE:
            text = unicodedata.normalize(self.normalization_form.name, text)
        return "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)

    def __call__(self, data):
        array = _text(data, "BasicTokenizer")
        if array.ndim != 0:
            raise RuntimeError("BasicTokenizer: the input should be scalar string tensor.")
        text = self._prepare(str(array))
        offsets = _byte_offsets(text)
        pieces = [(token, offsets[start], offsets[end]) for token, start, end in self._split(text)]
        return _tokens(pieces, self.with_offsets)

    def _split(self, text):
        unused = re.compile(r"\[CLS\]|\[SEP\]|\[UNK\]|\[PAD\]|\[MASK\]|\[unused\d+\]")

        def is_delimiter(value, i):
            if self.preserve_unused_token:
                match = unused.match(value, i)
                if match:
                    return match.end() - i
            if value[i].isspace():
                end = i
                while end < len(value) and value[end].isspace():
                    end += 1
                return end - i
            return 1 if _is_punctuation_or_cjk(value[i]) else 0

        def keep(delimiter):
            return self.keep_whitespace or not delimiter[0].isspace()
        return _split_with_delimiters(text, is_delimiter, keep)


class RegexTokenizer(_Tokenizer):
    """Split at matches of `delim_pattern`; keep the delimiters that match `keep_delim_pattern`."""

    def __init__(self, delim_pattern, keep_delim_pattern='', with_offsets=False):
        super().__init__(with_offsets)
        self.delim_pattern = re.compile(delim_pattern)
        self.keep_delim_pattern = re.compile(keep_delim_pattern) if keep_delim_pattern else None

    def _split(self, text):
        def is_delimiter(value, i):
            match = self.delim_pattern.match(value, i)
            return match.end() - i if match and match.end() > i else 0

        def keep(delimiter):
            return self.keep_delim_pattern is not None and self.keep_delim_pattern.fullmatch(delimiter) is not None
        return _split_with_delimiters(text, is_delimiter, keep)


class PythonTokenizer(TensorOperation):
    """Tokenize a string with a Python function returning a list of str."""

    _builtin_transform = False

    def __init__(self, tokenizer):
        if not callable(tokenizer):
            raise TypeError(f"PythonTokenizer: tokenizer should be callable, but got {tokenizer!r}.")
        self.tokenizer = tokenizer

    def __call__(self, data):
        array = as_array(data)
        if array.dtype.kind not in "US":
            raise TypeError(f"PythonTokenizer: input should be a NumPy array of str, but got {array.dtype}.")
        return np.array(self.tokenizer(str(to_str(array))))


class Lookup(TensorOperation):
    """Tokens -> ids by `vocab` (`unknown_token`'s id for a word not in it), as `data_type`."""

    def __init__(self, vocab, unknown_token=None, data_type=mstype.int32):
        if not isinstance(vocab, Vocab):
            raise TypeError(f"Lookup: vocab should be a text.Vocab, but got {type(vocab).__name__}.")
        self.vocab = vocab
        self.unknown_token = unknown_token
        self._unknown_id = None
        if unknown_token is not None:
            self._unknown_id = vocab.vocab().get(unknown_token)
            if self._unknown_id is None:
                raise ValueError(f"Lookup: unknown_token {unknown_token!r} is not in the vocab.")
        self.data_type = mstype.np_dtype(data_type)

    def __call__(self, data):
        array = _text(data, "Lookup")
        table = self.vocab.vocab()
        ids = []
        for token in array.reshape(-1).tolist():
            index = table.get(token, self._unknown_id)
            if index is None:
                raise RuntimeError(f"Lookup: invalid data, token: \"{token}\" doesn't exist in vocab and no unknown "
                                   "token is specified.")
            ids.append(index)
        return np.asarray(ids, self.data_type).reshape(array.shape)


class Truncate(TensorOperation):
    """The first `max_seq_len` elements of a 1-D array."""

    def __init__(self, max_seq_len):
        if isinstance(max_seq_len, bool) or not isinstance(max_seq_len, int) or max_seq_len <= 0:
            raise ValueError(f"Truncate: max_seq_len must be a positive int, but got {max_seq_len!r}.")
        self.max_seq_len = max_seq_len

    def __call__(self, data):
        array = as_array(data)
        if array.ndim not in (1, 2):
            raise RuntimeError(f"Truncate: the input should be 1-D or 2-D, but got shape {list(array.shape)}.")
        return array[..., :self.max_seq_len].copy()


class TruncateSequencePair(TensorOperation):
    """Cut two 1-D arrays, the longer first, until their total length is at most `max_length`."""

    def __init__(self, max_length):
        if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 0:
            raise ValueError(f"TruncateSequencePair: max_length must be an int >= 0, but got {max_length!r}.")
        self.max_length = max_length

    def __call__(self, first, second):
        first, second = as_array(first), as_array(second)
        a, b = len(first), len(second)
        while a + b > self.max_length:
            if a > b:
                a -= 1
            else:
                b -= 1
        return first[:a].copy(), second[:b].copy()


class Ngram(TensorOperation):
    """The n-grams of a 1-D str array for each n of `n`, joined by `separator`, after padding."""

    def __init__(self, n, left_pad=("", 0), right_pad=("", 0), separator=" "):
        n = [n] if isinstance(n, int) else list(n)
        if not n or not all(isinstance(k, int) and not isinstance(k, bool) and k > 0 for k in n):
            raise ValueError(f"Ngram: n must be a positive int or a list of them, but got {n!r}.")
        for name, pad in (("left_pad", left_pad), ("right_pad", right_pad)):
            if not isinstance(pad, tuple) or len(pad) != 2 or not isinstance(pad[0], str) or pad[1] < 0:
                raise ValueError(f"Ngram: {name} must be a (str, width >= 0) tuple, but got {pad!r}.")
        self.n, self.left_pad, self.right_pad, self.separator = n, left_pad, right_pad, separator

    def __call__(self, data):
        array = _text(data, "Ngram")
        if array.ndim != 1:
            raise RuntimeError(f"Ngram: the input should be 1-D, but got shape {list(array.shape)}.")
        words = [self.left_pad[0]] * self.left_pad[1] + array.tolist() + [self.right_pad[0]] * self.right_pad[1]
        grams = [self.separator.join(words[i:i + k]) for k in self.n for i in range(len(words) - k + 1)]
        return np.array(grams if grams else [""])  # MindSpore gives one empty string when no n-gram fits


class SlidingWindow(TensorOperation):
    """Windows of `width` consecutive elements along `axis` (0 only), stacked."""

    def __init__(self, width, axis=0):
        if isinstance(width, bool) or not isinstance(width, int) or width <= 0:
            raise ValueError(f"SlidingWindow: width must be a positive int, but got {width!r}.")
        if axis not in (0, -1):
            raise ValueError(f"SlidingWindow: only axis 0 is supported, but got {axis}.")
        self.width, self.axis = width, axis

    def __call__(self, data):
        array = as_array(data)
        if array.ndim != 1:
            raise RuntimeError(f"SlidingWindow: the input should be 1-D, but got shape {list(array.shape)}.")
        count = len(array) - self.width + 1
        if count <= 0:
            return np.empty((0, self.width), array.dtype)
        return np.stack([array[i:i + self.width] for i in range(count)])


class ToNumber(TensorOperation):
    """Strings -> numbers of `data_type`."""

    def __init__(self, data_type):
        self.data_type = mstype.np_dtype(data_type)
        if self.data_type.kind not in "iuf":
            raise TypeError(f"ToNumber: data_type must be numeric, but got {data_type!r}.")

    def __call__(self, data):
        array = _text(data, "ToNumber")
        try:
            values = [float(s) if self.data_type.kind == "f" else int(s) for s in array.reshape(-1).tolist()]
        except ValueError as error:
            raise RuntimeError(f"ToNumber: {error}") from None
        info = np.finfo(self.data_type) if self.data_type.kind == "f" else np.iinfo(self.data_type)
        if any(v < info.min or v > info.max for v in values if np.isfinite(v)):
            raise RuntimeError(f"ToNumber: a value is out of range of {self.data_type}.")
        return np.asarray(values, self.data_type).reshape(array.shape)


class CaseFold(TensorOperation):
    """Unicode case folding (a stronger lower-casing)."""

    def __call__(self, data):
        array = _text(data, "CaseFold")
        return np.vectorize(lambda s: s.casefold(), otypes=[str])(array) if array.size else array


class NormalizeUTF8(TensorOperation):
    """Unicode normalization (NFC, NFKC, NFD, NFKD)."""

    def __init__(self, normalize_form=NormalizeForm.NFKC):
        if not isinstance(normalize_form, NormalizeForm):
            raise TypeError(f"NormalizeUTF8: normalize_form should be a NormalizeForm, but got {normalize_form!r}.")
        self.normalize_form = normalize_form

    def __call__(self, data):
        array = _text(data, "NormalizeUTF8")
        if self.normalize_form == NormalizeForm.NONE or not array.size:
            return array
        form = self.normalize_form.name
        return np.vectorize(lambda s: unicodedata.normalize(form, s), otypes=[str])(array)


class RegexReplace(TensorOperation):
    """Replace matches of `pattern` by `replace` (all of them, or only the first)."""

    def __init__(self, pattern, replace, replace_all=True):
        self.pattern, self.replace, self.replace_all = re.compile(pattern), replace, bool(replace_all)

    def __call__(self, data):
        array = _text(data, "RegexReplace")
        count = 0 if self.replace_all else 1
        return np.vectorize(lambda s: self.pattern.sub(self.replace, s, count=count), otypes=[str])(array) \
            if array.size else array


class AddToken(TensorOperation):
    """Put `token` at the start (begin=True) or the end of a 1-D str array."""

    def __init__(self, token, begin=True):
        if not isinstance(token, str):
            raise TypeError(f"AddToken: token should be a str, but got {token!r}.")
        self.token, self.begin = token, bool(begin)

    def __call__(self, data):
        array = _text(data, "AddToken")
        items = array.reshape(-1).tolist()
        return np.array([self.token] + items if self.begin else items + [self.token])
