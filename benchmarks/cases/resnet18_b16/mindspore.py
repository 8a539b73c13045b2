"""One Momentum SGD step of ResNet-18 (CIFAR layout) on a (16, 3, 32, 32) batch, BatchNorm in training mode."""
import numpy as np
import mindspore
from mindspore import nn, Tensor


def conv(in_channels, out_channels, kernel, stride):
    return nn.Conv2d(in_channels, out_channels, kernel, stride, pad_mode="pad", padding=kernel // 2)


class BasicBlock(nn.Cell):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1, self.bn1 = conv(in_channels, out_channels, 3, stride), nn.BatchNorm2d(out_channels)
        self.conv2, self.bn2 = conv(out_channels, out_channels, 3, 1), nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.SequentialCell(conv(in_channels, out_channels, 1, stride), nn.BatchNorm2d(out_channels))

    def construct(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + (x if self.shortcut is None else self.shortcut(x)))


class ResNet18(nn.Cell):
    """3x3 stem, four stages of two BasicBlocks (64, 128, 256, 512 channels), global average pool, Dense."""

    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.SequentialCell(conv(3, 64, 3, 1), nn.BatchNorm2d(64), nn.ReLU())
        blocks, channels = [], 64
        for width, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            blocks += [BasicBlock(channels, width, stride), BasicBlock(width, width, 1)]
            channels = width
        self.blocks = nn.SequentialCell(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Dense(512, classes)

    def construct(self, x):
        return self.fc(self.flatten(self.pool(self.blocks(self.stem(x)))))


def make(batch=16):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((batch, 3, 32, 32), dtype=np.float32))
    y = Tensor(rng.integers(0, 10, batch).astype(np.int32))
    model = ResNet18()
    model.set_train()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = nn.Momentum(model.trainable_params(), 1e-2, 0.9)

    def forward_fn(data, label):
        return loss_fn(model(data), label)

    grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters)

    def step():
        loss, grads = grad_fn(x, y)
        optimizer(grads)
        return loss.asnumpy()
    return step
