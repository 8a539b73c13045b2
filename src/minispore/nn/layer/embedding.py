"""Embedding: a lookup table of vectors indexed by integer ids."""
from minispore._backend import backend_of
from minispore.common import _validate as V, dtype as mstype
from minispore.common.initializer import initializer
from minispore.common.parameter import Parameter
from minispore.common.tensor import wrap
from minispore.nn.cell import Cell
from minispore.ops._prims import linalg as L, shape as S
from minispore.ops._prims.inplace import assign_at
from minispore.ops.function.nn_layer_func import check_indices

__all__ = ["Embedding"]


class Embedding(Cell):
    """Map ids of any shape to rows of `embedding_table` (vocab_size, embedding_size); output ids.shape + (size,)."""

    def __init__(self, vocab_size, embedding_size, use_one_hot=False, embedding_table="normal",
                 dtype=mstype.float32, padding_idx=None):
        super().__init__()
        self.vocab_size = V.integer("Embedding", "vocab_size", vocab_size, 1)
        self.embedding_size = V.integer("Embedding", "embedding_size", embedding_size, 1)
        V.dtype("Embedding", "dtype", dtype)
        use_one_hot = V.flag("Embedding", "use_one_hot", use_one_hot)
        self.use_one_hot, self.dtype, self.padding_idx = use_one_hot, dtype, padding_idx
        if padding_idx is not None and not (isinstance(padding_idx, int) and not isinstance(padding_idx, bool) and
                                            0 <= padding_idx < vocab_size):
            raise ValueError(f"For 'Embedding', the 'padding_idx' must be in range of [0, {vocab_size}), but got "
                             f"{padding_idx} with type '{type(padding_idx).__name__}'.")
        table = initializer(embedding_table, (self.vocab_size, self.embedding_size), dtype)
        if padding_idx is not None:
            assign_at(table, 0, index=padding_idx)
        self.embedding_table = Parameter(table, name="embedding_table")

    def construct(self, ids):
        # The one-hot path lets ids outside the table select no row (a zero vector), as MindSpore's does.
        check_indices("Embedding", ids, None if self.use_one_hot else self.vocab_size)
        if self.use_one_hot:
            flat = ids._data.reshape(-1)
            classes = backend_of(flat).xp.arange(self.vocab_size)
            one_hot = (flat[:, None] == classes).astype(self.embedding_table._data.dtype)
            rows = L.matmul(wrap(one_hot), self.embedding_table)
            return S.reshape(rows, shape=ids.shape + (self.embedding_size,))
        return S.gather(self.embedding_table, ids, axis=0)

    def extend_repr(self):
        return (f"vocab_size={self.vocab_size}, embedding_size={self.embedding_size}, use_one_hot={self.use_one_hot}, "
                f"embedding_table={self.embedding_table!r}, dtype={self.dtype}, padding_idx={self.padding_idx}")
