"""Bad input on 2 ranks. usage: bad_input.py shape|raise|skip"""
import sys

import numpy as np

from mindspore import Tensor, ops
from mindspore.communication import get_rank, init

init()
rank, mode = get_rank(), sys.argv[1]
if mode == "shape":
    ops.AllReduce()(Tensor(np.ones(3 + rank, np.float32)))
if mode == "raise" and rank == 1:
    raise ValueError("user bug on rank 1")
if mode == "skip" and rank == 1:
    sys.exit(0)  # leaves without the collective its peer waits in
ops.AllReduce()(Tensor(np.ones(3, np.float32)))
