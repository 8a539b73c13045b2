"""`python -m minispore demo`: train the tutorial's network on handwritten digits, test, save, reload.

Without --data it uses the 8x8 digits bundled with minispore (no download); with --data DIR it
reads MNIST IDX files from DIR (train-* and t10k-*), as MindSpore's quick-start tutorial does.
"""
import argparse
import os
import tempfile
import time

import numpy as np

import minispore
from minispore import nn
from minispore import dataset as ds
from minispore.dataset import transforms, vision

__all__ = ["main", "Network"]

_TRAIN_SIZE = 1437  # of the 1797 bundled digits; the other 360 are the test set


class Network(nn.Cell):
    """The tutorial's network: Flatten, then Dense-ReLU-Dense-ReLU-Dense."""

    def __init__(self, in_features=28 * 28, hidden=512, classes=10):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(in_features, hidden), nn.ReLU(),
            nn.Dense(hidden, hidden), nn.ReLU(),
            nn.Dense(hidden, classes))

    def construct(self, x):
        return self.dense_relu_sequential(self.flatten(x))


def _digits_datasets(batch_size):
    """The bundled digits, split 1437/360 by a fixed permutation, scaled to [0, 1]."""
    images, labels = ds.digits.load_digits()
    order = np.random.default_rng(0).permutation(len(labels))
    images = (images[order] / 16.0).astype(np.float32)[:, None]  # (N, 1, 8, 8)
    labels = labels[order]
    train = ds.NumpySlicesDataset({"image": images[:_TRAIN_SIZE], "label": labels[:_TRAIN_SIZE]},
                                  shuffle=True)
    test = ds.NumpySlicesDataset({"image": images[_TRAIN_SIZE:], "label": labels[_TRAIN_SIZE:]},
                                 shuffle=False)
    return train.batch(batch_size), test.batch(256), 8 * 8, 128


def _mnist_datasets(data_dir, batch_size):
    """MNIST through the tutorial's pipeline: Rescale, Normalize, HWC2CHW, labels to int32."""
    def pipeline(usage, size, shuffle):
        dataset = ds.MnistDataset(data_dir, usage=usage, shuffle=shuffle)
        dataset = dataset.map([vision.Rescale(1.0 / 255.0, 0), vision.Normalize(mean=(0.1307,), std=(0.3081,)),
                               vision.HWC2CHW()], "image")
        return dataset.map(transforms.TypeCast(minispore.int32), "label").batch(size)
    return pipeline("train", batch_size, True), pipeline("test", 256, False), 28 * 28, 512


def _parse(argv):
    parser = argparse.ArgumentParser(prog="python -m minispore demo", description=__doc__)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3, help="Adam's learning rate")
    parser.add_argument("--data", help="a directory of MNIST IDX files (default: the bundled 8x8 digits)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-progress", action="store_true", help="no progress bar, one line per epoch")
    return parser.parse_args(argv)


def _progress_bar(total, enabled):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="batch", leave=False)


def _train_epoch(train_step, dataset, bar):
    """One pass; returns (mean loss, samples seen)."""
    losses, samples = [], 0
    for images, labels in dataset.create_tuple_iterator():
        losses.append(float(train_step(images, labels).asnumpy()))
        samples += images.shape[0]
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{losses[-1]:.4f}")
    return float(np.mean(losses)), samples


def _predictions(network, dataset):
    """(predicted classes, true labels) over a dataset."""
    predicted, truth = [], []
    for images, labels in dataset.create_tuple_iterator():
        predicted.append(network(images).argmax(1).asnumpy())
        truth.append(labels.asnumpy())
    return np.concatenate(predicted), np.concatenate(truth)


def main(argv=None):
    """Run the demo; returns the process exit code."""
    args = _parse(argv)
    minispore.set_seed(args.seed)
    minispore.set_context(runtime_num_threads=1)
    if args.data:
        train_set, test_set, in_features, hidden = _mnist_datasets(args.data, args.batch_size)
        source = f"MNIST from {args.data}"
    else:
        train_set, test_set, in_features, hidden = _digits_datasets(args.batch_size)
        source = "bundled UCI handwritten digits (8x8)"
    network = Network(in_features, hidden)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = nn.Adam(network.trainable_params(), learning_rate=args.lr)

    def forward_fn(data, label):
        logits = network(data)
        return loss_fn(logits, label), logits

    grad_fn = minispore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)

    def train_step(data, label):
        (loss, _), grads = grad_fn(data, label)
        optimizer(grads)
        return loss

    batches = train_set.get_dataset_size()
    print(f"Data: {source}; {batches} batches of {args.batch_size} per epoch")
    print(f"Network: {in_features}->{hidden}->{hidden}->10, optimizer Adam(lr={args.lr})")
    started = time.perf_counter()
    network.set_train()
    for epoch in range(1, args.epochs + 1):
        bar = _progress_bar(batches, not args.no_progress)
        epoch_start = time.perf_counter()
        loss, samples = _train_epoch(train_step, train_set, bar)
        if bar is not None:
            bar.close()
        rate = samples / (time.perf_counter() - epoch_start)
        print(f"Epoch {epoch}/{args.epochs}  loss: {loss:.4f}  samples/s: {rate:.0f}", flush=True)
    train_seconds = time.perf_counter() - started

    network.set_train(False)
    predicted, truth = _predictions(network, test_set)
    accuracy = 100.0 * float(np.mean(predicted == truth))
    print(f"Test accuracy: {accuracy:.1f}%  ({int(np.sum(predicted == truth))}/{len(truth)}; "
          f"trained in {train_seconds:.1f} s)")

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "demo.ckpt")
        minispore.save_checkpoint(network, path)
        print(f"Saved checkpoint: {os.path.getsize(path)} bytes")
        reloaded = Network(in_features, hidden)
        not_loaded, _ = minispore.load_param_into_net(reloaded, minispore.load_checkpoint(path))
    reloaded.set_train(False)
    again, _ = _predictions(reloaded, test_set)
    agree = int(np.sum(again == predicted))
    print(f"Reloaded into a new network: {agree}/{len(predicted)} test predictions agree"
          + (f"; parameters not loaded: {not_loaded}" if not_loaded else ""))
    return 0 if agree == len(predicted) and not not_loaded else 1


if __name__ == "__main__":
    import sys
    sys.exit(main())
