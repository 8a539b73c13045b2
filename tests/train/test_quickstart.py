"""MindSpore's quick-start tutorial runs unchanged under `python -m minispore run` on synthetic MNIST files."""
import os
import re
import subprocess
import sys

import numpy as np

TUTORIAL = os.path.join(os.path.dirname(__file__), "quickstart_tutorial.py")


def _write_idx(path, array):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with open(path, "wb") as file:
        file.write(header + array.astype(np.uint8).tobytes())


def _synthetic_mnist(folder, prefix, count, rng):
    """Digits drawn as a bright bar whose row is the label, plus noise: learnable in a few steps."""
    labels = rng.integers(0, 10, count)
    images = rng.integers(0, 60, (count, 28, 28))
    for image, label in zip(images, labels):
        image[2 + 2 * label:4 + 2 * label, 4:24] = 255
    os.makedirs(folder, exist_ok=True)
    _write_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte"), images)
    _write_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte"), labels)


def test_quickstart_tutorial_runs_and_loss_falls(tmp_path):
    rng = np.random.default_rng(0)
    _synthetic_mnist(str(tmp_path / "MNIST_Data" / "train"), "train", 640, rng)
    _synthetic_mnist(str(tmp_path / "MNIST_Data" / "test"), "t10k", 128, rng)
    result = subprocess.run([sys.executable, "-m", "minispore", "run", TUTORIAL, str(tmp_path / "MNIST_Data"), "2"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout
    assert "['image', 'label']" in output
    assert "Shape of image [N, C, H, W]: (64, 1, 28, 28) Float32" in output
    assert "Shape of label: (64,) Int32" in output
    losses = [float(value) for value in re.findall(r"loss: +([\d.]+)  \[", output)]
    assert len(losses) == 10 and losses[-1] < losses[0] - 0.15 and losses[5] < losses[0], losses
    assert re.search(r"Accuracy: [\d.]+%, Avg loss: +[\d.]+ ", output)
    assert "Saved Model to model.ckpt" in output and "\n[]\n" in output
    assert 'Predicted: "' in output and (tmp_path / "model.ckpt").exists()
