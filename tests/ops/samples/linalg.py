"""Samples for the linear-algebra primitives (solve, conj, svdvals)."""
from tests.ops.samples import Sample

SAMPLES = {
    # Entries in (1, 2): at these seeds the matrices are well conditioned enough for finite differences.
    "solve": [Sample((3, 3), (3, 2), domain=(1.0, 2.0), rtol=1e-4, atol=1e-5),
              Sample((2, 2, 2), (2, 2, 3), domain=(1.0, 2.0), rtol=1e-4, atol=1e-5)],
    "conj": [Sample((3, 4)), Sample(())],
    # The rule treats the singular vectors as constants: exact first derivatives only (see linalg.py).
    "svdvals": [Sample((3, 4), second_order=False), Sample((2, 3, 2), second_order=False)],
}
