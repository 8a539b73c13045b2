"""Networks written once and built on both frameworks, for the MindIR golden tests.

`load_nets(framework)` runs this file with the framework's names injected (`ms`, `nn`, `ops`, `Tensor`,
`np`): tools/golden/gen_mindir.py builds each network with MindSpore 2.10 and with minispore, and
tests/train/test_mindir_golden.py with minispore. The code is MindSpore's graph-mode subset, so
MindSpore can export it. `set_weights` gives both the same Parameter values.
"""
# ms, nn, ops, mint, Tensor and np are injected by load_nets.  # noqa: F821 - throughout this file


class LeNetBN(nn.Cell):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, pad_mode="pad", padding=1, has_bias=True)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(4, 6, 3, pad_mode="valid")
        self.avg = nn.AvgPool2d(2, 1)
        self.flatten = nn.Flatten()
        self.fc = nn.Dense(24, 10)
        self.softmax = nn.Softmax()

    def construct(self, x):
        x = self.pool(self.relu(self.bn(self.conv1(x))))
        x = self.avg(self.relu(self.conv2(x)))
        return self.softmax(self.fc(self.flatten(x)))


class MLP(nn.Cell):
    """The save_load lesson's network, smaller."""

    def __init__(self):
        super().__init__()
        self.body = nn.SequentialCell(nn.Flatten(), nn.Dense(64, 32), nn.ReLU(), nn.Dense(32, 32), nn.ReLU(),
                                      nn.Dense(32, 10))

    def construct(self, x):
        return self.body(x)


class Activations(nn.Cell):
    def __init__(self):
        super().__init__()
        self.gelu = nn.GELU()
        self.sigmoid = nn.Sigmoid()
        self.tanh = nn.Tanh()
        self.leaky = nn.LeakyReLU(0.1)
        self.elu = nn.ELU()
        self.silu = nn.SiLU()
        self.relu6 = nn.ReLU6()
        self.hswish = nn.HSwish()
        self.hsigmoid = nn.HSigmoid()
        self.log_softmax = nn.LogSoftmax()
        self.softmax = nn.Softmax(axis=0)

    def construct(self, x):
        return (self.gelu(x), self.sigmoid(x), self.tanh(x), self.leaky(x), self.elu(x), self.silu(x),
                self.relu6(x * 4.0), self.hswish(x * 3.0), self.hsigmoid(x * 3.0), self.log_softmax(x),
                self.softmax(x), ops.softplus(x))


class Elementwise(nn.Cell):
    def construct(self, a):
        return (a * 2.0 + 1.0 - a / 3.0, ops.pow(a, 2.0), ops.sqrt(ops.abs(a)), ops.exp(a),
                ops.log(ops.abs(a) + 1.0), ops.maximum(a, 0.5), ops.minimum(a, 0.1), ops.clamp(a, -0.5, 0.5),
                ops.where(a > 0, a, ops.zeros_like(a)), ops.cast(a > 0.2, ms.float32), ops.floor(a * 3.0),
                ops.neg(a), ops.square(a), ops.sin(a), ops.cos(a), ops.erf(a), ops.tanh(a), ops.rsqrt(ops.abs(a) + 1.0),
                ops.cast(ops.logical_and(a > -0.5, a < 0.5), ms.float32), a // 0.7, ops.exp(a) - 1.0)


class Shapes(nn.Cell):
    def construct(self, a):
        parts = ops.split(a, 2, 1)
        return (ops.concat((a, a * 2.0), 1), ops.stack((a, a), 0), parts[1], ops.reshape(a, (2, 9)),
                ops.transpose(a, (1, 0)), ops.squeeze(ops.expand_dims(a, 0), 0), a[:, 1:4], a[0], a[::-1],
                a[:, None, 2:5:2], ops.broadcast_to(a[0:1], (3, 6)), ops.tile(a, (1, 2)), ops.flip(a, (1,)),
                ops.gather(a, Tensor(np.array([0, 2], np.int32)), 1), ops.pad(a, (1, 2)), a[1, -2:])


class Reductions(nn.Cell):
    def construct(self, a):
        return (ops.sum(a, 1), ops.mean(a, 1, True), ops.amax(a, 1), ops.amin(a, 0), ops.prod(a, 1),
                ops.argmax(a, 1), ops.argmin(a, 0), ops.cumsum(a, 1), ops.matmul(a, ops.transpose(a, (1, 0))),
                ops.sort(a, 1, True)[0], ops.topk(a, 2)[0], ops.sum(a), ops.mean(a))


class Pools(nn.Cell):
    def __init__(self):
        super().__init__()
        self.max_pad = nn.MaxPool2d(3, 2, pad_mode="pad", padding=1)
        self.avg_pad = nn.AvgPool2d(3, 2, pad_mode="pad", padding=1)
        self.max_same = nn.MaxPool2d(2, 2, pad_mode="same")
        self.avg_same = nn.AvgPool2d(3, 2, pad_mode="same")
        self.max_valid = nn.MaxPool2d(3, 1)
        self.adaptive = nn.AdaptiveAvgPool2d(1)

    def construct(self, x):
        return (self.max_pad(x), self.avg_pad(x), self.max_same(x), self.avg_same(x), self.max_valid(x),
                self.adaptive(x))


class Convs(nn.Cell):
    def __init__(self):
        super().__init__()
        self.grouped = nn.Conv2d(4, 4, 3, group=2, pad_mode="pad", padding=(1, 0, 1, 0))
        self.strided = nn.Conv2d(4, 3, 3, stride=2, pad_mode="valid", has_bias=True)
        self.dilated = nn.Conv2d(4, 2, 3, dilation=2, pad_mode="same")
        self.same = nn.Conv2d(4, 5, (3, 2), stride=(2, 1), pad_mode="same", has_bias=True)

    def construct(self, x):
        return self.grouped(x), self.strided(x), self.dilated(x), self.same(x)


class Conv1dNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(3, 4, 3, pad_mode="pad", padding=1, has_bias=True)
        self.relu = nn.ReLU()

    def construct(self, x):
        return self.relu(self.conv(x))


class Norms(nn.Cell):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm1d(6)
        self.dense = nn.Dense(6, 4)

    def construct(self, x):
        return self.dense(self.bn(x))


class TextNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 8)
        self.fc = nn.Dense(8, 3)

    def construct(self, ids):
        return self.fc(ops.mean(self.embedding(ids), 1))


class TwoInputs(nn.Cell):
    def __init__(self):
        super().__init__()
        self.scale = ms.Parameter(Tensor(np.ones((4,), np.float32)), name="scale")

    def construct(self, x, y):
        product = ops.matmul(x, y)
        return product * self.scale + 1.0, ops.sum(x * x, 1)


class Generator(nn.Cell):
    """The camp's DCGAN generator, smaller: Dense, then transposed convolutions with BatchNorm."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(8, 4 * 3 * 3)
        self.up1 = nn.Conv2dTranspose(4, 3, 4, stride=2, pad_mode="pad", padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.relu = nn.ReLU()
        self.up2 = nn.Conv2dTranspose(3, 2, 3, stride=2, pad_mode="same", has_bias=True)
        self.tanh = nn.Tanh()

    def construct(self, z):
        x = ops.reshape(self.fc(z), (-1, 4, 3, 3))
        return self.tanh(self.up2(self.relu(self.bn(self.up1(x)))))


class Block(nn.Cell):
    """A transformer block's feed-forward half: LayerNorm, Dense, GELU, Dense, residual, Dropout."""

    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm((6,))
        self.fc1 = nn.Dense(6, 12)
        self.gelu = nn.GELU()
        self.fc2 = nn.Dense(12, 6)
        self.dropout = nn.Dropout(p=0.1)

    def construct(self, x):
        return x + self.dropout(self.fc2(self.gelu(self.fc1(self.norm(x)))))


class MoreOps(nn.Cell):
    """Primitives MindSpore writes for other spellings (scalar comparisons, mint, Ext ops); MindSpore only."""

    def construct(self, a, b):
        return (a.max(1), a.min(0), ops.bmm(ops.expand_dims(a, 0), ops.expand_dims(ops.transpose(b, (1, 0)), 0)),
                ops.clamp(a, Tensor(-0.5, ms.float32), Tensor(0.5, ms.float32)), ops.cast(a == 0, ms.float32),
                ops.cast(a >= 1, ms.float32), ops.cast(a > 1, ms.float32), ops.cast(a <= 1, ms.float32),
                ops.cast(a != 1, ms.float32), a % 2.0, ops.remainder(a, b), ops.reciprocal(b), mint.add(a, b),
                mint.sub(a, b), mint.mean(a, 1), ops.gelu(a, approximate="none"), ops.RealDiv()(a, b),
                ops.zeros_like(a) + ops.ones_like(a), ops.fast_gelu(a), ops.leaky_relu(a, 0.2),
                ops.argmax(a, 1, True))


# name -> (network class, [(input shape, input dtype name)])
CASES = {
    "lenet_bn": ("LeNetBN", [((2, 1, 10, 10), "float32")]),
    "mlp": ("MLP", [((1, 1, 8, 8), "float32")]),
    "activations": ("Activations", [((3, 7), "float32")]),
    "elementwise": ("Elementwise", [((3, 6), "float32")]),
    "shapes": ("Shapes", [((3, 6), "float32")]),
    "reductions": ("Reductions", [((3, 6), "float32")]),
    "pools": ("Pools", [((1, 2, 7, 7), "float32")]),
    "convs": ("Convs", [((2, 4, 9, 9), "float32")]),
    "conv1d": ("Conv1dNet", [((2, 3, 8), "float32")]),
    "norms": ("Norms", [((3, 6), "float32")]),
    "text": ("TextNet", [((2, 5), "int32")]),
    "two_inputs": ("TwoInputs", [((3, 5), "float32"), ((5, 4), "float32")]),
    "generator": ("Generator", [((2, 8), "float32")]),
    "block": ("Block", [((2, 3, 6), "float32")]),
}


# Networks only MindSpore builds (their spellings are MindSpore's): their files load here.
MINDSPORE_ONLY = {"more_ops": ("MoreOps", [((3, 6), "float32"), ((3, 6), "float32")])}


def set_weights(net, seed):
    """Give every Parameter a value drawn from a seeded NumPy generator, in name order (both frameworks)."""
    rng = np.random.default_rng(seed)
    for param in sorted(net.get_parameters(), key=lambda p: p.name):
        shape = tuple(param.shape)
        values = rng.standard_normal(shape) * 0.5
        if param.name.endswith(("moving_variance", "gamma")):
            values = np.abs(values) + 0.5
        param.set_data(Tensor(values.astype(np.float32)))


def make_inputs(case, seed):
    """The inputs of a case, from a seeded generator (integer inputs index an Embedding of 20 rows)."""
    rng = np.random.default_rng(seed)
    arrays = []
    for shape, dtype in {**CASES, **MINDSPORE_ONLY}[case][1]:
        if dtype.startswith("int"):
            arrays.append(rng.integers(0, 20, shape).astype(dtype))
        else:
            arrays.append(rng.standard_normal(shape).astype(dtype))
    return arrays


def build(case):
    net = globals()[{**CASES, **MINDSPORE_ONLY}[case][0]]()
    set_weights(net, 0)
    net.set_train(False)
    return net
