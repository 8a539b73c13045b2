"""Model.train under DATA_PARALLEL: TrainOneStepCell reduces the gradients itself, parameter_broadcast
starts every rank from rank 0's weights (each rank seeds its initializers differently), and
ModelCheckpoint writes on every rank, into the folder each rank names (MindSpore's tutorials put the
rank in it). With --single, one process trains from rank 0's initial weights on the global batches.

usage: model_dp.py OUT_DIR [--single]
"""
import os
import sys

import numpy as np

import mindspore as ms
import mindspore.dataset as ds
from mindspore import nn
from mindspore.train import CheckpointConfig, LossMonitor, Model, ModelCheckpoint

SHARDS, BATCH = 2, 4


def rows():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(32, 6)).astype(np.float32)
    y = (x @ rng.normal(size=(6, 1))).astype(np.float32)
    return list(zip(x, y))


def shard(rank, size):
    return ds.GeneratorDataset(rows(), ["x", "y"], shuffle=False, num_shards=size, shard_id=rank).batch(BATCH)


def network(seed):
    ms.set_seed(seed)
    return nn.SequentialCell(nn.Dense(6, 8), nn.Tanh(), nn.Dense(8, 1))


def main():
    out_dir = sys.argv[1]
    if "--single" in sys.argv:
        parts = [list(shard(i, SHARDS).create_tuple_iterator(output_numpy=True)) for i in range(SHARDS)]
        batches = [tuple(np.concatenate(column) for column in zip(*step)) for step in zip(*parts)]
        dataset = ds.GeneratorDataset(batches, ["x", "y"], shuffle=False)
        net = network(seed=0)
        Model(net, nn.MSELoss(), nn.Momentum(net.trainable_params(), 0.05, 0.9)).train(2, dataset)
        np.savez(os.path.join(out_dir, "single.npz"), **{p.name: p.asnumpy() for p in net.trainable_params()})
        return
    from mindspore.communication import get_group_size, get_rank, init
    init()
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True,
                                 parameter_broadcast=True)
    rank = get_rank()
    net = network(seed=rank)
    model = Model(net, nn.MSELoss(), nn.Momentum(net.trainable_params(), 0.05, 0.9))
    assert type(model.train_network.grad_reducer).__name__ == "DistributedGradReducer"
    checkpoint = ModelCheckpoint(prefix="net", directory=os.path.join(out_dir, f"ckpt_{rank}"),
                                 config=CheckpointConfig(save_checkpoint_steps=4))
    model.train(2, shard(rank, get_group_size()), callbacks=[checkpoint, LossMonitor()])
    np.savez(os.path.join(out_dir, f"rank{rank}.npz"), **{p.name: p.asnumpy() for p in net.trainable_params()})
    print("model rank", rank, "done", flush=True)


if __name__ == "__main__":
    main()
