import torch


def make():
    torch.set_num_threads(1)
    a = torch.ones((4, 4))
    b = torch.ones((4, 4))
    return lambda: a + b
