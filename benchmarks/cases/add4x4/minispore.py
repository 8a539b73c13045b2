import numpy as np
import minispore as ms


def make():
    a = ms.Tensor(np.ones((4, 4), np.float32))
    b = ms.Tensor(np.ones((4, 4), np.float32))
    return lambda: a + b
