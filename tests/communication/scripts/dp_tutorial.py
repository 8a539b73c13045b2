"""MindSpore's data-parallel tutorial pattern: init, DATA_PARALLEL with gradients_mean, a sharded dataset,
value_and_grad + DistributedGradReducer + optimizer. With --single, one process trains on the global batch
(both shards' batches of each step together) without any communication, for comparison.

usage: dp_tutorial.py OUT_DIR [--single]
"""
import os
import sys

import numpy as np

import mindspore as ms
import mindspore.dataset as ds
from mindspore import nn

SHARDS, BATCH, EPOCHS = 2, 8, 2


def source():
    rng = np.random.default_rng(0)
    data = rng.normal(size=(64, 20)).astype(np.float32)
    labels = rng.integers(0, 10, size=64).astype(np.int32)
    return list(zip(data, labels))


def create_dataset(rank_id, rank_size):
    dataset = ds.GeneratorDataset(source(), ["image", "label"], shuffle=False, num_shards=rank_size,
                                  shard_id=rank_id)
    return dataset.batch(BATCH)


class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.dense_relu_sequential = nn.SequentialCell(nn.Dense(20, 32), nn.ReLU(), nn.Dense(32, 10))

    def construct(self, x):
        return self.dense_relu_sequential(x)


def train(batches, reduce_grads):
    ms.set_seed(1)
    net = Network()
    optimizer = nn.SGD(net.trainable_params(), 1e-1)
    loss_fn = nn.CrossEntropyLoss()

    def forward_fn(data, target):
        logits = net(data)
        return loss_fn(logits, target), logits

    grad_fn = ms.value_and_grad(forward_fn, None, net.trainable_params(), has_aux=True)
    grad_reducer = nn.DistributedGradReducer(optimizer.parameters) if reduce_grads else None
    for epoch in range(EPOCHS):
        for step, (data, label) in enumerate(batches()):
            (loss, _), grads = grad_fn(data, label)
            if grad_reducer is not None:
                grads = grad_reducer(grads)
            optimizer(grads)
            print("epoch: %s, step: %s, loss is %s" % (epoch, step, loss), flush=True)
    return {p.name: p.asnumpy() for p in net.trainable_params()}


def main():
    out_dir, single = sys.argv[1], "--single" in sys.argv
    if single:
        shards = [create_dataset(i, SHARDS) for i in range(SHARDS)]

        def batches():
            for parts in zip(*(d.create_tuple_iterator() for d in shards)):
                yield ms.Tensor(np.concatenate([p[0].asnumpy() for p in parts])), \
                    ms.Tensor(np.concatenate([p[1].asnumpy() for p in parts]))
        params = train(batches, reduce_grads=False)
        np.savez(os.path.join(out_dir, "single.npz"), **params)
        return
    from mindspore.communication import init, get_rank, get_group_size
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
    init()
    dataset = create_dataset(get_rank(), get_group_size())
    params = train(dataset.create_tuple_iterator, reduce_grads=True)
    np.savez(os.path.join(out_dir, f"rank{get_rank()}.npz"), **params)
    print(f"rank id: {get_rank()} of {get_group_size()} done", flush=True)


if __name__ == "__main__":
    main()
