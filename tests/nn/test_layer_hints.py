"""The three most common input mistakes per layer — wrong rank, channels last, wrong dtype — raise an
error that names the layer, shows the shape and says how to fix it."""
import numpy as np
import pytest

from minispore import Tensor, nn


def f32(*shape):
    return Tensor(np.ones(shape, np.float32))


def i32(*shape):
    return Tensor(np.ones(shape, np.int32))


RANK = r"add the batch dimension with x.expand_dims\(0\)"
CHANNELS_LAST = r"the channels look last \(channels-last layout\): move them to axis 1 with x.transpose"
DTYPE = r"convert it with x.astype\(mindspore.float32\)"

CASES = [
    # (layer, input, error type, message pattern)
    ("Conv2d rank", lambda: nn.Conv2d(3, 4, 3), f32(3, 8, 8), ValueError, r"Conv2d\(in_channels=3\).*\(3, 8, 8\); it looks unbatched: " + RANK),
    ("Conv2d channels last", lambda: nn.Conv2d(3, 4, 3), f32(2, 8, 8, 3), ValueError,
     CHANNELS_LAST + r"\(0, 3, 1, 2\)"),
    ("Conv2d dtype", lambda: nn.Conv2d(3, 4, 3), i32(2, 3, 8, 8), TypeError, r"Conv2d.*Int32; " + DTYPE),
    ("Conv1d rank", lambda: nn.Conv1d(3, 4, 3), f32(3, 8), ValueError, RANK),
    ("Conv1d channels last", lambda: nn.Conv1d(3, 4, 3), f32(2, 8, 3), ValueError, CHANNELS_LAST + r"\(0, 2, 1\)"),
    ("Conv1d dtype", lambda: nn.Conv1d(3, 4, 3), Tensor(np.ones((2, 3, 8))), TypeError, r"Float64; " + DTYPE),
    ("Conv2dTranspose channels last", lambda: nn.Conv2dTranspose(3, 4, 3), f32(2, 5, 5, 3), ValueError, CHANNELS_LAST),
    ("MaxPool2d rank", lambda: nn.MaxPool2d(2), f32(8, 8), ValueError, r"MaxPool2d.*\(8, 8\); it looks unbatched: " + RANK),
    ("MaxPool2d dtype", lambda: nn.MaxPool2d(2), i32(1, 1, 4, 4), TypeError, r"MaxPool2d.*" + DTYPE),
    ("AvgPool1d rank", lambda: nn.AvgPool1d(2), f32(8), ValueError, RANK),
    ("AdaptiveAvgPool2d dtype", lambda: nn.AdaptiveAvgPool2d(2), i32(1, 1, 4, 4), TypeError, DTYPE),
    ("BatchNorm2d rank", lambda: nn.BatchNorm2d(3), f32(3, 4, 4), ValueError, RANK),
    ("BatchNorm2d channels last", lambda: nn.BatchNorm2d(3), f32(2, 4, 4, 3), ValueError, CHANNELS_LAST),
    ("BatchNorm1d dtype", lambda: nn.BatchNorm1d(3), i32(2, 3), TypeError, r"BatchNorm1d.*" + DTYPE),
    ("GroupNorm channels last", lambda: nn.GroupNorm(1, 3), f32(2, 4, 4, 3), ValueError, CHANNELS_LAST),
    ("GroupNorm dtype", lambda: nn.GroupNorm(1, 3), i32(2, 3, 4), TypeError, DTYPE),
    ("LayerNorm features first", lambda: nn.LayerNorm((3,)), f32(2, 3, 5), ValueError,
     r"move them last, e.g. x.transpose\(0, 2, 1\)"),
    ("LayerNorm dtype", lambda: nn.LayerNorm((3,)), i32(2, 3), TypeError, DTYPE),
    ("Dense not flattened", lambda: nn.Dense(12, 2), f32(2, 3, 4), ValueError, r"flatten it first \(nn.Flatten\)"),
    ("Dense features on axis 1", lambda: nn.Dense(3, 2), f32(2, 3, 5), ValueError, r"move them last with x.swapaxes"),
    ("Dense dtype", lambda: nn.Dense(3, 2), i32(2, 3), TypeError, r"Dense\(in_channels=3\).*" + DTYPE),
    ("Embedding float ids", lambda: nn.Embedding(4, 2), f32(2), TypeError, r"ids.astype\(mindspore.int32\)"),
    ("LSTM rank", lambda: nn.LSTM(3, 4), f32(5, 3), ValueError, r"LSTM.*add the batch dimension"),
    ("LSTM dtype", lambda: nn.LSTM(3, 4), i32(5, 2, 3), TypeError, r"LSTM.*" + DTYPE),
    ("Dense not a Tensor", lambda: nn.Dense(3, 2), [[1.0, 2.0, 3.0]], TypeError, r"mindspore.Tensor\(data"),
    ("Conv2d not a Tensor", lambda: nn.Conv2d(3, 4, 3), np.ones((1, 3, 4, 4), np.float32), TypeError,
     r"Conv2d.*mindspore.Tensor\(data"),
]


@pytest.mark.parametrize("layer, x, kind, pattern", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_common_mistakes_get_a_hint(layer, x, kind, pattern):
    with pytest.raises(kind, match=pattern):
        layer()(x)
