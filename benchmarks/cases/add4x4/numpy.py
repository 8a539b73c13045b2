import numpy as np


def make():
    a = np.ones((4, 4), np.float32)
    b = np.ones((4, 4), np.float32)
    return lambda: a + b
