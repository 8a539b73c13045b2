"""Golden fixtures for mindspore.dataset.text and mindspore.dataset.transforms on fixed inputs.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_dataset_text.py
Writes tests/golden/dataset_text.json: per case, `expr` (Python over np, text, transforms, ds,
mstype, after ds.config.set_seed(seed)) and what it returned — each array as dtype, shape and
values (str arrays as lists of str), tuples as lists of those, dicts as dicts — or the error type.
"""
import json
import os

import numpy as np

import mindspore as ms
import mindspore.dataset as ds
from mindspore.dataset import text, transforms

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "golden", "dataset_text.json")

VOCAB = "text.Vocab.from_list(['a', 'b', 'c', '我'], special_tokens=['<pad>', '<unk>'])"
CASES = [
    "text.BasicTokenizer()(np.array('Hello, World! 我喜欢China!  x\\ty'))",
    "text.BasicTokenizer(lower_case=True)(np.array('Héllo WORLD, Ünïcode [CLS] [UNK]'))",
    "text.BasicTokenizer(lower_case=True, preserve_unused_token=False)(np.array('A [CLS] b'))",
    "text.BasicTokenizer(keep_whitespace=True)(np.array('a  b\\tc'))",
    "text.BasicTokenizer(with_offsets=True)(np.array('ab, 我c'))",
    "text.BasicTokenizer()(np.array('$5+3=8 ~ok~ `x` a_b'))",
    "text.BasicTokenizer()(np.array('tab\\x00zero\\u200bspace'))",
    "text.WhitespaceTokenizer()(np.array('a b\\tc  d\\n'))",
    "text.WhitespaceTokenizer(with_offsets=True)(np.array('ab  c'))",
    "text.UnicodeCharTokenizer()(np.array('a我b'))",
    "text.UnicodeCharTokenizer(with_offsets=True)(np.array('a我b'))",
    "text.RegexTokenizer('\\\\s+|,', ',')(np.array('a,b  c'))",
    "text.PythonTokenizer(lambda s: s.split('-'))(np.array('a-b-c'))",
    "text.Truncate(2)(np.array(['a', 'b', 'c']))",
    "text.Truncate(2)(np.array([[1, 2, 3], [4, 5, 6]]))",
    "text.TruncateSequencePair(4)(np.array([1, 2, 3]), np.array([4, 5, 6]))",
    "text.Ngram([2, 3], left_pad=('_', 1), right_pad=('-', 1), separator=' ')(np.array(['a', 'b', 'c']))",
    "text.Ngram(2)(np.array(['a', 'b', 'c', 'd']))",
    "text.Ngram(4)(np.array(['a', 'b']))",
    "text.SlidingWindow(2)(np.array([1, 2, 3, 4]))",
    "text.SlidingWindow(3)(np.array(['a', 'b', 'c', 'd']))",
    f"text.Lookup({VOCAB}, '<unk>')(np.array(['a', 'q', '我']))",
    f"text.Lookup({VOCAB}, '<unk>', mstype.int64)(np.array('c'))",
    f"text.Lookup({VOCAB})(np.array(['q']))",
    f"{VOCAB}.vocab()",
    f"{VOCAB}.tokens_to_ids(['a', 'zz', 'c'])",
    f"{VOCAB}.tokens_to_ids('b')",
    f"{VOCAB}.ids_to_tokens([0, 4, 9])",
    f"{VOCAB}.ids_to_tokens(2)",
    "text.Vocab.from_list(['a', 'b'], special_tokens=['<pad>'], special_first=False).vocab()",
    "text.Vocab.from_dataset(ds.GeneratorDataset([np.array(['x', 'y', 'x']), np.array(['y', 'z', 'w'])], 't', "
    "shuffle=False), top_k=2, special_tokens=['<s>']).vocab()",
    "text.Vocab.from_dataset(ds.GeneratorDataset([np.array(['x', 'y', 'x']), np.array(['y', 'z', 'w', 'x'])], 't', "
    "shuffle=False), freq_range=(2, 2)).vocab()",
    "text.Vocab.from_dict({'a': 3, 'b': 1}).vocab()",
    "text.ToNumber(mstype.int32)(np.array(['1', '-22']))",
    "text.ToNumber(mstype.float32)(np.array(['1.5', '2e3']))",
    "text.CaseFold()(np.array(['ÄBC', 'Straße']))",
    "text.NormalizeUTF8(text.NormalizeForm.NFKD)(np.array('ﬁé'))",
    "text.RegexReplace('a+', 'X')(np.array('caaab aa'))",
    "text.RegexReplace('a', 'X', replace_all=False)(np.array('banana'))",
    "text.AddToken('<s>')(np.array(['a', 'b']))",
    "text.AddToken('</s>', begin=False)(np.array(['a']))",
    "transforms.PadEnd([4], 0)(np.array([1, 2]))",
    "transforms.PadEnd([2, 3], -1)(np.array([[1], [2], [3]]))",
    "transforms.PadEnd([3], '<pad>')(np.array(['a']))",
    "transforms.PadEnd([1])(np.array([5, 6, 7]))",
    "transforms.Duplicate()(np.array([1, 2]))",
    "transforms.Concatenate(0, np.array([0]), np.array([9, 9]))(np.array([1, 2]))",
    "transforms.Concatenate()(np.array(['a']))",
    "transforms.Fill(7)(np.array([1.5, 2.5]))",
    "transforms.Fill('x')(np.array(['a', 'bb']))",
    "transforms.Mask(transforms.Relational.GE, 2)(np.array([1, 2, 3]))",
    "transforms.Mask(transforms.Relational.EQ, 'b', mstype.int32)(np.array(['a', 'b']))",
    "transforms.OneHot(4)(np.array(2))",
    "transforms.OneHot(3)(np.array([0, 2]))",
    "transforms.OneHot(3, 0.1)(np.array([0, 2]))",
    "transforms.OneHot(3)(np.array([1], np.uint8))",
    "transforms.OneHot(3)(np.array([3]))",
    "transforms.TypeCast(mstype.int32)(np.array([1.7, -2.2]))",
    "transforms.TypeCast(np.float16)(np.array([1, 2]))",
    "transforms.Slice(slice(1, 3))(np.array([1, 2, 3, 4]))",
    "transforms.Slice([0, 2])(np.array([1, 2, 3, 4]))",
    "transforms.Slice(1, slice(None, None, 2))(np.arange(12).reshape(3, 4))",
    "transforms.Unique()(np.array([3, 1, 3, 2, 1]))",
    "transforms.Unique()(np.array([[3, 1, 3], [2, 1, 5]], np.int32))",
    "transforms.Compose([transforms.TypeCast(mstype.float32), lambda x: x * 2])(np.array([1, 2]))",
    "[transforms.RandomApply([lambda x: x + 100])(np.array([1])) for _ in range(3)]",
    "[transforms.RandomChoice([lambda x: x + 1, lambda x: x + 2, lambda x: x + 3])(np.array([0])) for _ in range(3)]",
    "list(ds.NumpySlicesDataset(np.zeros((8, 1), np.int64), ['x'], shuffle=False).map("
    "transforms.RandomApply([lambda x: x + 100], 0.3), 'x', num_parallel_workers=1).create_tuple_iterator("
    "output_numpy=True))",
    "list(ds.NumpySlicesDataset(np.zeros((8, 1), np.int64), ['x'], shuffle=False).map("
    "transforms.RandomChoice([lambda x: x + 1, lambda x: x + 2, lambda x: x + 3]), 'x', num_parallel_workers=1)"
    ".create_tuple_iterator(output_numpy=True))",
]


def encode(value):
    if isinstance(value, np.ndarray):
        values = value.tolist() if value.dtype.kind != "S" else [v.decode() for v in value.reshape(-1)]
        return {"dtype": str(value.dtype) if value.dtype.kind not in "US" else value.dtype.kind,
                "shape": list(value.shape), "values": values}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return {"repr": repr(value)}


def main():
    records = []
    for expr in CASES:
        ds.config.set_seed(5)
        scope = {"np": np, "text": text, "transforms": transforms, "ds": ds, "mstype": ms}
        try:
            record = {"expr": expr, "result": encode(eval(expr, scope))}
        except Exception as error:  # recorded: MindSpore's refusal
            record = {"expr": expr, "error": type(error).__name__}
        records.append(record)
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(records, handle, indent=0, ensure_ascii=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
