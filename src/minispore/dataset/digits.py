"""The bundled UCI handwritten digits (1797 images of 8x8, pixel counts 0..16); see data/README.md."""
import gzip
import os

import numpy as np

__all__ = ["load_digits"]

_PATH = os.path.join(os.path.dirname(__file__), "data", "digits.csv.gz")


def load_digits():
    """(images uint8 (1797, 8, 8) with values 0..16, labels int32 (1797,)) from the bundled file."""
    with gzip.open(_PATH, "rt") as file:
        table = np.loadtxt(file, delimiter=",", dtype=np.int32)
    return table[:, :64].reshape(-1, 8, 8).astype(np.uint8), table[:, 64].astype(np.int32)
