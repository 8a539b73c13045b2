"""`python -m minispore demo`: trains on the bundled digits, tests, saves and reloads."""
import re
import subprocess
import sys

import pytest


def _demo(*args):
    result = subprocess.run([sys.executable, "-m", "minispore", "demo", "--no-progress", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _accuracy(output):
    return float(re.search(r"Test accuracy: ([\d.]+)%", output).group(1))


def test_short_demo_reaches_90_percent_and_reloads():
    output = _demo("--epochs", "3", "--lr", "0.003")
    assert "Epoch 3/3  loss: " in output
    assert _accuracy(output) >= 90.0
    assert re.search(r"Reloaded into a new network: 360/360 test predictions agree", output)


@pytest.mark.slow
def test_full_demo_reaches_95_percent():
    assert _accuracy(_demo()) >= 95.0
