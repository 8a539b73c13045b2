"""Decode and augment 1,000 JPEGs with 2 workers: rows per second, minispore beside MindSpore 2.10.

    python benchmarks/dataset_jpeg.py                 # 3 alternating rounds of each framework
    python benchmarks/dataset_jpeg.py --rounds 5 --workers 2 --images 1000

The images (256 x 320 RGB, seeded, JPEG quality 90) are written once to a temporary image folder.
Each round runs one process per framework, alternating, each timing one full pass of
ImageFolderDataset -> map([Decode, RandomResizedCrop(224), RandomHorizontalFlip, Normalize,
HWC2CHW], num_parallel_workers=workers) -> batch(32) after a warm-up pass over 64 images.
MindSpore runs from the reference venv (MS_PYTHON overrides). The best round of each counts; on a
shared machine the ratio is the number to read.
"""
import argparse
import io
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

HERE = pathlib.Path(__file__).parent
DEFAULT_MS_PYTHON = pathlib.Path.home() / ".cache/minispore-reference/ms210/bin/python"

PIPELINE = r"""
import json, sys, time
framework, folder, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
if framework == "minispore":
    from minispore.__main__ import alias_mindspore
    alias_mindspore()
import mindspore.dataset as ds
from mindspore.dataset import vision

def pipeline(limit=None):
    data = ds.ImageFolderDataset(folder, shuffle=False, num_samples=limit)
    data = data.map([vision.Decode(), vision.RandomResizedCrop(224), vision.RandomHorizontalFlip(),
                     vision.Normalize([123.675, 116.28, 103.53], [58.395, 57.12, 57.375]), vision.HWC2CHW()],
                    "image", num_parallel_workers=workers)
    return data.batch(32)

for _ in pipeline(64).create_tuple_iterator(output_numpy=True, num_epochs=1):
    pass
start = time.perf_counter()
rows = 0
for image, label in pipeline().create_tuple_iterator(output_numpy=True, num_epochs=1):
    rows += image.shape[0]
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - start}))
"""


def write_images(folder, count):
    from PIL import Image
    rng = np.random.RandomState(0)
    base = np.add.outer(np.arange(256), np.arange(320))[..., None] * np.array([1, 2, 3]) % 256
    for i in range(count):
        label_dir = os.path.join(folder, f"class{i % 10}")
        os.makedirs(label_dir, exist_ok=True)
        image = np.clip(base + rng.randint(0, 60, (256, 320, 3)), 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="JPEG", quality=90)
        with open(os.path.join(label_dir, f"{i:05d}.jpg"), "wb") as handle:
            handle.write(buffer.getvalue())


def run(python, framework, folder, workers):
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"), GLOG_v="3")
    result = subprocess.run([python, "-c", PIPELINE, framework, folder, str(workers)], capture_output=True,
                            text=True, env=env, timeout=1800)
    if result.returncode:
        raise RuntimeError(f"{framework} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--images", type=int, default=1000)
    args = parser.parse_args()
    ms_python = os.environ.get("MS_PYTHON", str(DEFAULT_MS_PYTHON))
    frameworks = {"minispore": sys.executable}
    if os.path.exists(ms_python):
        frameworks["mindspore"] = ms_python
    with tempfile.TemporaryDirectory() as folder:
        write_images(folder, args.images)
        best = {}
        for round_number in range(args.rounds):
            for framework, python in frameworks.items():
                result = run(python, framework, folder, args.workers)
                rate = result["rows"] / result["seconds"]
                best[framework] = max(best.get(framework, 0.0), rate)
                print(f"round {round_number + 1} {framework:10s} {result['rows']} rows in {result['seconds']:.2f} s: "
                      f"{rate:.1f} rows/s", flush=True)
    for framework, rate in best.items():
        print(f"best {framework:10s} {rate:.1f} rows/s")
    if "mindspore" in best:
        print(f"minispore / MindSpore: {best['minispore'] / best['mindspore']:.2f}")


if __name__ == "__main__":
    main()
