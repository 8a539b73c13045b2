"""MindSpore's application tutorials (docs tutorials/source_*/{cv,generative,nlp}) run on minispore under
`python -m minispore run`, with their code cells unchanged except the shrinkings each script's docstring lists.

A stand-in `download` (stubs/download.py) writes a small synthetic dataset in the layout the real archive
unpacks to; matplotlib is a stand-in too (stubs/), and so are cv2, six and requests where they are not installed
(stubs_if_missing/). Each test checks what the tutorial
prints: its structure and the facts that do not depend on random values."""
import importlib.util
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "src")
pytest.importorskip("PIL")


def _stand_ins_for_missing_packages():
    """The folders of stand-ins for cv2, six and requests, each only where the package is not installed."""
    return [os.path.join(HERE, "stubs_if_missing", name) for name in ("cv2", "six", "requests")
            if importlib.util.find_spec(name) is None]


STAND_INS = _stand_ins_for_missing_packages()


def _run(script, workdir, timeout=300):
    path = [os.path.join(HERE, "stubs"), *STAND_INS, SRC, os.environ.get("PYTHONPATH", "")]
    env = dict(os.environ, HOME=str(workdir), PYTHONPATH=os.pathsep.join(path))
    result = subprocess.run([sys.executable, "-m", "minispore", "run", os.path.join(HERE, script)], cwd=workdir,
                            env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout, result.stderr


def _lines(text, pattern):
    return [line for line in text.splitlines() if re.fullmatch(pattern, line)]


def test_resnet50(tmp_path):
    out, err = _run("resnet50.py", tmp_path)
    assert "Image shape: (6, 3, 32, 32), Label shape: (6,)" in out
    assert re.search(r"^Labels: \[\d( \d){5}\]$", out, re.M)
    assert len(_lines(out, r"Epoch: \[  1/  1\], Steps: \[  [12]/  2\], Train Loss: \[\d\.\d{3}\]")) == 2
    assert len(_lines(out, r"Epoch: \[  1/  1\], Average Train Loss: \[\d\.\d{3}\], Accuracy: \[\d\.\d{3}\]")) == 1
    assert re.search(r"End of validation the best Accuracy is: +\d\.\d{3}, save the best ckpt file in "
                     r"\./BestCheckpoint/resnet50-best\.ckpt", out)
    assert os.path.getsize(tmp_path / "BestCheckpoint" / "resnet50-best.ckpt") > 0
    assert "parameters in the 'net' are not loaded" in err  # the stand-in checkpoint holds only fc.bias
    assert out.count("[plot: ") == 2


def test_vit(tmp_path):
    out, _ = _run("vit.py", tmp_path)
    assert re.search(r"^Train epoch time: \d+\.\d{3} ms, per step time: \d+\.\d{3} ms$", out, re.M)
    assert re.search(r"^\{'Top_1_Accuracy': \d\.\d+, 'Top_5_Accuracy': \d\.\d+\}$", out, re.M)
    assert re.search(r"^\{\d+: 'class \d+'\}$", out, re.M)
    assert os.path.isfile(tmp_path / "dataset" / "infer" / "ILSVRC2012_test_00000279.JPEG")
    assert os.listdir(tmp_path / "ViT") and all(name.startswith("vit_b_16") for name in os.listdir(tmp_path / "ViT"))


def test_dcgan(tmp_path):
    out, _ = _run("dcgan.py", tmp_path)
    assert re.search(r"^\[ 1/1\]\[  1/1\]   Loss_D: ?\d\.\d{4}  Loss_G: ?\d\.\d{4}$", out, re.M)
    assert out.splitlines()[0] == "[plot: 30 image(s)]"
    assert "[animation: 1 frame(s)]" in out
    assert os.path.isfile(tmp_path / "generator.ckpt") and os.path.isfile(tmp_path / "discriminator.ckpt")


def test_pix2pix(tmp_path):
    out, _ = _run("pix2pix.py", tmp_path)
    assert re.search(r"^ms per step:\d+\.\d{2}  epoch:1/1  step:0/2  Dloss:\d\.\d{4}  Gloss:\d+\.\d{4} $", out, re.M)
    assert out.splitlines()[-1] == "[plot: 30 image(s)]"
    assert os.path.isfile(tmp_path / "results" / "ckptGenerator.ckpt")


def test_cyclegan(tmp_path):
    out, err = _run("cyclegan.py", tmp_path)
    lines = out.splitlines()
    assert lines[:3] == ["Datasize:  1", "[plot: 2 image(s)]", "Start training!"]
    assert re.fullmatch(r"Epoch:\[  1/  1\], step:\[   0/   1\], time:\d+\.\d{6}s,", lines[3])
    assert re.fullmatch(r"loss_g:\d+\.\d\d, loss_d:\d+\.\d\d, loss_g_a: \d+\.\d\d, loss_g_b: \d+\.\d\d, "
                        r"loss_c_a: \d+\.\d\d, loss_c_b: \d+\.\d\d, loss_idt_a: \d+\.\d\d, loss_idt_b: \d+\.\d\d", lines[4])
    assert re.fullmatch(r"Epoch:\[  1/  1\], epoch time:\d+\.\d\ds, per step time:\d+\.\d\d, "
                        r"mean_g_loss:\d+\.\d\d, mean_d_loss:\d+\.\d\d", lines[5])
    # Inference reads the predict folders through a GeneratorDataset yielding PIL images: 2 x 4 pairs drawn.
    assert lines[6:] == ["End of training!", "[plot: 18 image(s)]"]
    assert sorted(os.listdir(tmp_path / "train_ckpt_outputs")) == ["d_a_0.ckpt", "d_b_0.ckpt", "g_a_0.ckpt",
                                                                   "g_b_0.ckpt"]


def test_sentiment_analysis(tmp_path):
    sys.path.insert(0, os.path.join(HERE, "stubs"))
    try:
        from download import imdb_cache
    finally:
        sys.path.pop(0)
    imdb_cache(str(tmp_path / ".mindspore_examples"))
    _, err = _run("sentiment_analysis.py", tmp_path)
    # tqdm's bars: two training steps (140 of 220 reviews, 64 a batch), one validation and one test batch.
    assert re.search(r"Epoch 0: 100%\|\S+\| 2/2 \[[^]]*loss=\d\.\d+\]", err)
    assert len(re.findall(r"Epoch 0: 100%\|\S+\| 1/1 \[[^]]*acc=\d\.\d+, loss=\d\.\d+\]", err)) >= 2
    assert os.path.isfile(tmp_path / ".mindspore_examples" / "sentiment-analysis.ckpt")


def test_sequence_labeling(tmp_path):
    out, err = _run("sequence_labeling.py", tmp_path)
    lines = out.splitlines()
    assert lines[:2] == ["18", "((2, 11), (2, 11), (2,))"]
    assert re.fullmatch(r"Tensor\(shape=\[2, 3\], dtype=Float32, value=", lines[2])
    # 500 steps of the BiLSTM-CRF learn the two sentences' tags (as in the tutorial's own output).
    assert lines[-2] == "[[0, 1, 1, 1, 2, 2, 2, 0, 1, 2, 2], [0, 1, 2, 2, 2, 2, 0]]"
    assert lines[-1] == ("[['B', 'I', 'I', 'I', 'O', 'O', 'O', 'B', 'I', 'O', 'O'], "
                         "['B', 'I', 'O', 'O', 'O', 'O', 'B']]")
    losses = [float(value) for value in re.findall(r"loss=(\d+\.\d+)", err)]
    assert losses[0] > 10 and losses[-1] < 1


@pytest.mark.slow
def test_diffusion(tmp_path):
    out, _ = _run("diffusion.py", tmp_path, timeout=600)
    lines = out.splitlines()
    assert lines[0] == "(1, 3, 128, 128)"
    assert re.fullmatch(r"<PIL\.Image\.Image image mode=RGB size=128x128 at 0x[0-9A-F]+>", lines[1])
    assert lines[2] == "dict_keys(['image'])"
    assert re.fullmatch(r" epoch:  0  step:  0  Loss:  \d\.\d+", lines[3])
    assert re.fullmatch(r"training time: \d+\.\d+ s", lines[4])
    assert "Training Success!" in lines
    assert "[animation: 10 frame(s)]" in lines  # one frame a time step
