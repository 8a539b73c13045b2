"""Every rank saves to the same checkpoint path many times at once; the file must always load whole.
usage: shared_checkpoint.py OUT_DIR"""
import os
import sys

import numpy as np

import mindspore as ms
from mindspore import nn
from mindspore.communication import comm_func, get_rank, init

init()
ms.set_seed(0)
net = nn.Dense(64, 64)
path = os.path.join(sys.argv[1], "shared.ckpt")
for _ in range(20):
    ms.save_checkpoint(net, path)
comm_func.barrier()
loaded = ms.load_checkpoint(path)
np.testing.assert_array_equal(loaded["weight"].asnumpy(), net.weight.asnumpy())
assert sorted(f for f in os.listdir(sys.argv[1]) if f != "logs") == ["shared.ckpt"], os.listdir(sys.argv[1])
print("shared checkpoint ok on rank", get_rank(), flush=True)
