"""The same ShuffleNetV1 2.0x in PyTorch, layer for layer (group convolutions split, convolved and concatenated as
the notebook does), with the same loss (label smoothing 0.1) and Momentum SGD step."""
import numpy as np
import torch
from torch import nn


class GroupConv(nn.Module):
    def __init__(self, in_channels, out_channels, groups):
        super().__init__()
        self.groups = groups
        self.convs = nn.ModuleList(nn.Conv2d(in_channels // groups, out_channels // groups, 1, bias=False)
                                   for _ in range(groups))

    def forward(self, x):
        features = torch.split(x, x.shape[1] // self.groups, dim=1)
        return torch.cat([conv(f) for conv, f in zip(self.convs, features)], dim=1)


class ShuffleV1Block(nn.Module):
    def __init__(self, inp, oup, group, first_group, mid_channels, stride):
        super().__init__()
        self.stride, self.group = stride, group
        outputs = oup - inp if stride == 2 else oup
        self.branch_main_1 = nn.Sequential(GroupConv(inp, mid_channels, 1 if first_group else group),
                                           nn.BatchNorm2d(mid_channels), nn.ReLU())
        self.branch_main_2 = nn.Sequential(
            nn.Conv2d(mid_channels, mid_channels, 3, stride, 1, groups=mid_channels, bias=False),
            nn.BatchNorm2d(mid_channels), GroupConv(mid_channels, outputs, group), nn.BatchNorm2d(outputs))
        if stride == 2:
            self.branch_proj = nn.AvgPool2d(3, 2, 1, count_include_pad=False)

    def forward(self, x):
        right = self.branch_main_1(x)
        if self.group > 1:
            n, c, h, w = right.shape
            right = right.reshape(n, c // self.group, self.group, h, w).transpose(1, 2).reshape(n, c, h, w)
        right = self.branch_main_2(right)
        if self.stride == 1:
            return torch.relu(x + right)
        return torch.relu(torch.cat((self.branch_proj(x), right), 1))


class ShuffleNetV1(nn.Module):
    def __init__(self, n_class=10, group=3):
        super().__init__()
        channels = [-1, 48, 480, 960, 1920]
        self.first_conv = nn.Sequential(nn.Conv2d(3, channels[1], 3, 2, 1, bias=False), nn.BatchNorm2d(channels[1]),
                                        nn.ReLU())
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        features, inp = [], channels[1]
        for stage, repeats in enumerate([4, 8, 4]):
            for i in range(repeats):
                features.append(ShuffleV1Block(inp, channels[stage + 2], group, stage == 0 and i == 0,
                                               channels[stage + 2] // 4, 2 if i == 0 else 1))
                inp = channels[stage + 2]
        self.features = nn.Sequential(*features)
        self.globalpool = nn.AvgPool2d(7)
        self.classifier = nn.Linear(channels[-1], n_class)

    def forward(self, x):
        x = self.features(self.maxpool(self.first_conv(x)))
        return self.classifier(self.globalpool(x).reshape(x.shape[0], -1))


def make(batch):
    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.standard_normal((batch, 3, 224, 224), dtype=np.float32))
    y = torch.from_numpy(rng.integers(0, 10, batch))
    net = ShuffleNetV1()
    net.train()
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=0.00004)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        return float(loss)
    return step
