"""One epoch of MindSpore's quick-start lesson, end to end: the data pipeline, forward, backward, SGD update
and the loss printed every 100 batches, over 60,000 MNIST-format images (synthetic, mnist_files.py)."""
import contextlib
import importlib.util
import io
import pathlib

import minispore as mindspore
from minispore import nn
from minispore.dataset import vision, transforms
from minispore.dataset import MnistDataset

_spec = importlib.util.spec_from_file_location("mnist_files", pathlib.Path(__file__).with_name("mnist_files.py"))
mnist_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mnist_files)


def datapipe(dataset, batch_size):
    image_transforms = [
        vision.Rescale(1.0 / 255.0, 0),
        vision.Normalize(mean=(0.1307,), std=(0.3081,)),
        vision.HWC2CHW()
    ]
    label_transform = transforms.TypeCast(mindspore.int32)

    dataset = dataset.map(image_transforms, 'image')
    dataset = dataset.map(label_transform, 'label')
    dataset = dataset.batch(batch_size)
    return dataset


class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(28*28, 512),
            nn.ReLU(),
            nn.Dense(512, 512),
            nn.ReLU(),
            nn.Dense(512, 10)
        )

    def construct(self, x):
        x = self.flatten(x)
        logits = self.dense_relu_sequential(x)
        return logits


def make():
    train_dataset = datapipe(MnistDataset(mnist_files.mnist_dir() + '/train'), 64)
    model = Network()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = nn.SGD(model.trainable_params(), 1e-2)

    def forward_fn(data, label):
        logits = model(data)
        loss = loss_fn(logits, label)
        return loss, logits

    grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)

    def train_step(data, label):
        (loss, _), grads = grad_fn(data, label)
        optimizer(grads)
        return loss

    def train(model, dataset):
        size = dataset.get_dataset_size()
        model.set_train()
        for batch, (data, label) in enumerate(dataset.create_tuple_iterator()):
            loss = train_step(data, label)

            if batch % 100 == 0:
                loss, current = loss.asnumpy(), batch
                print(f"loss: {loss:>7f}  [{current:>3d}/{size:>3d}]")

    def epoch():
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            train(model, train_dataset)
        return printed.getvalue()
    return epoch
