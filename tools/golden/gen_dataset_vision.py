"""Golden fixtures for mindspore.dataset.vision: transforms on seeded images, random ones seeded, enums.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_dataset_vision.py
Writes tests/golden/dataset_vision.npz and dataset_vision.json. Inputs are `in/<image>` (seeded
NumPy images; `in/jpeg_*` and `in/png_*` are encoded files made with Pillow). Each case applies
`op` (an expression over `vision`, `Inter`, `Border`) to image `image` after
`ds.config.set_seed(seed)`: `calls` eager calls in a row (each one restarts a seeded op, as in
MindSpore), or with `pipeline` through `map` (with `workers` workers: MindSpore seeds worker w's
generators seed + w and deals rows round-robin) over `rows` copies of the image, two passes of
one iterator. Outputs are `out/<case>/<i>`; an op MindSpore refuses records the error type.
`enums` holds how Inter/Border members print.
"""
import io
import json
import os

import numpy as np
from PIL import Image

import mindspore.dataset as ds
from mindspore.dataset import vision
from mindspore.dataset.vision import Border, Inter

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "tests", "golden")


def images():
    rng = np.random.RandomState(42)
    smooth = np.clip(np.add.outer(np.arange(37) * 5, np.arange(53) * 3)[..., None] + rng.randint(0, 40, (37, 53, 3)),
                     0, 255).astype(np.uint8)
    made = {
        "rgb": rng.randint(0, 256, (37, 53, 3)).astype(np.uint8),
        "smooth": smooth,
        "gray": rng.randint(0, 256, (29, 31)).astype(np.uint8),
        "one": rng.randint(0, 256, (20, 24, 1)).astype(np.uint8),
        "wide": rng.randint(0, 256, (16, 120, 3)).astype(np.uint8),
        "float": rng.rand(19, 23, 3).astype(np.float32) * 255,
        "tiny": rng.randint(0, 256, (6, 5, 3)).astype(np.uint8),
    }
    for name, image in (("smooth", smooth), ("rgb", made["rgb"])):
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="JPEG", quality=90)
        made[f"jpeg_{name}"] = np.frombuffer(buffer.getvalue(), np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="PNG")
        made[f"png_{name}"] = np.frombuffer(buffer.getvalue(), np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(made["gray"]).save(buffer, format="PNG")
    made["png_gray"] = np.frombuffer(buffer.getvalue(), np.uint8)
    return made


def cases():
    out = []

    def add(name, op, image, seed=5, calls=1, pipeline=False, rows=4, pil=False):
        for workers in ((1, 2) if pipeline else (1,)):
            suffix = f"_w{workers}" if pipeline else ""
            out.append({"name": name + suffix, "op": op, "image": image, "seed": seed, "calls": calls,
                        "pipeline": pipeline, "rows": rows, "pil": pil, "workers": workers})

    for image in ("jpeg_smooth", "jpeg_rgb", "png_smooth", "png_gray"):
        add(f"decode_{image}", "vision.Decode()", image)
    for interpolation in ("LINEAR", "NEAREST", "CUBIC", "AREA", "PILCUBIC"):
        for size, tag in (("(24, 33)", "down"), ("(50, 71)", "up"), ("(18, 26)", "half"), ("20", "short"),
                          ("(37, 60)", "wider"), ("(11, 17)", "third")):
            for image in ("smooth", "rgb", "gray"):
                add(f"resize_{interpolation.lower()}_{tag}_{image}", f"vision.Resize({size}, Inter.{interpolation})",
                    image)
    add("resize_linear_float", "vision.Resize((24, 33))", "float")
    add("resize_linear_one_channel", "vision.Resize((13, 40))", "one")
    add("resize_linear_wide", "vision.Resize(8)", "wide")
    add("resize_nearest_float", "vision.Resize((30, 10), Inter.NEAREST)", "float")
    for size in ("(20, 30)", "(40, 50)", "(41, 60)", "7", "(36, 52)"):
        add(f"center_crop_{size}", f"vision.CenterCrop({size})", "rgb")
    add("crop", "vision.Crop((3, 4), (10, 12))", "rgb")
    for mode in ("CONSTANT", "EDGE", "REFLECT", "SYMMETRIC"):
        add(f"pad_{mode.lower()}", f"vision.Pad([1, 2, 3, 4], fill_value=(10, 20, 30), padding_mode=Border.{mode})",
            "tiny")
        add(f"pad_{mode.lower()}_gray", f"vision.Pad(2, fill_value=7, padding_mode=Border.{mode})", "gray")
    add("normalize", "vision.Normalize([121.0, 115.0, 100.0], [70.0, 68.0, 71.0])", "rgb")
    add("normalize_chw", "vision.Normalize([0.5, 0.4, 0.3], [0.2, 0.3, 0.4], is_hwc=False)", "float")
    add("normalize_gray", "vision.Normalize([0.1307], [0.3081])", "gray")
    add("rescale", "vision.Rescale(1.0 / 255.0, -0.5)", "rgb")
    add("rescale_float", "vision.Rescale(0.3, 2.0)", "float")
    add("hwc2chw", "vision.HWC2CHW()", "rgb")
    add("hwc2chw_gray", "vision.HWC2CHW()", "gray")
    add("to_tensor", "vision.ToTensor()", "rgb")
    add("to_tensor_gray", "vision.ToTensor()", "gray")
    add("to_tensor_pil", "vision.ToTensor()", "rgb", pil=True)
    add("to_type", "vision.ToType(np.int16)", "rgb")
    add("horizontal_flip", "vision.HorizontalFlip()", "rgb")
    add("vertical_flip", "vision.VerticalFlip()", "rgb")
    for degrees in (30.0, -75.5, 90.0, 180.0):
        add(f"rotate_{degrees}", f"vision.Rotate({degrees})", "smooth")
        add(f"rotate_{degrees}_bilinear_expand",
            f"vision.Rotate({degrees}, Inter.BILINEAR, expand=True, fill_value=(9, 99, 199))", "smooth")
    add("rotate_center", "vision.Rotate(45, center=(3, 7), fill_value=200)", "gray")
    for factor in (0.0, 0.35, 1.7):
        add(f"brightness_{factor}", f"vision.AdjustBrightness({factor})", "smooth")
        add(f"contrast_{factor}", f"vision.AdjustContrast({factor})", "smooth")
        add(f"saturation_{factor}", f"vision.AdjustSaturation({factor})", "smooth")
    for factor in (-0.5, -0.2, 0.1, 0.37, 0.5):
        add(f"hue_{factor}", f"vision.AdjustHue({factor})", "rgb")
    # random transforms: eager calls restart the seeded generator, a pipeline pass keeps one going
    for seed in (5, 2024):
        add(f"random_crop_{seed}", "vision.RandomCrop((20, 30))", "rgb", seed, calls=2)
        add(f"random_crop_pipeline_{seed}", "vision.RandomCrop((20, 30), padding=4, fill_value=(1, 2, 3))", "rgb",
            seed, pipeline=True)
        add(f"random_crop_pad_if_needed_{seed}", "vision.RandomCrop((45, 50), pad_if_needed=True, "
                                                 "padding_mode=Border.REFLECT)", "rgb", seed, pipeline=True)
        add(f"random_resized_crop_{seed}", "vision.RandomResizedCrop((24, 28))", "smooth", seed, pipeline=True,
            rows=6)
        add(f"random_resized_crop_ratio_{seed}", "vision.RandomResizedCrop(16, scale=(0.5, 0.9), ratio=(2.0, 3.0), "
                                                 "max_attempts=3)", "wide", seed, pipeline=True)
        add(f"random_crop_decode_resize_{seed}", "vision.RandomCropDecodeResize((24, 28))", "png_smooth", seed,
            pipeline=True)
        add(f"random_horizontal_flip_{seed}", "vision.RandomHorizontalFlip()", "tiny", seed, pipeline=True, rows=10)
        add(f"random_vertical_flip_{seed}", "vision.RandomVerticalFlip(0.3)", "tiny", seed, pipeline=True, rows=10)
        add(f"random_rotation_{seed}", "vision.RandomRotation(40)", "smooth", seed, pipeline=True)
        add(f"random_rotation_range_{seed}", "vision.RandomRotation((10, 100), expand=True, fill_value=5)",
            "smooth", seed, pipeline=True)
        add(f"random_color_adjust_{seed}", "vision.RandomColorAdjust(0.4, 0.4, 0.4, 0.1)", "smooth", seed,
            pipeline=True)
        add(f"random_color_adjust_brightness_{seed}", "vision.RandomColorAdjust(brightness=(0.5, 1.5))", "smooth",
            seed, pipeline=True)
    add("random_crop_too_large", "vision.RandomCrop(60)", "rgb")
    return out


def run(case, inputs):
    scope = {"vision": vision, "Inter": Inter, "Border": Border, "np": np}
    ds.config.set_seed(case["seed"])
    image = inputs[case["image"]]
    if case["pil"]:
        image = Image.fromarray(image)
    try:
        op = eval(case["op"], scope)
        if case["pipeline"]:
            data = ds.NumpySlicesDataset(np.stack([image] * case["rows"]), ["x"], shuffle=False).map(
                op, "x", num_parallel_workers=case["workers"])
            iterator = data.create_tuple_iterator(output_numpy=True, num_epochs=2)
            return [row[0] for _ in range(2) for row in iterator]  # two passes: the generators carry on
        return [np.asarray(eval(case["op"], scope)(image)) for _ in range(case["calls"])]
    except Exception as error:  # recorded: MindSpore refused
        return type(error).__name__


def main():
    inputs = images()
    arrays = {f"in/{name}": value for name, value in inputs.items()}
    records = []
    for case in cases():
        result = run(case, inputs)
        if isinstance(result, str):
            case["error"] = result
        else:
            for index, value in enumerate(result):
                arrays[f"out/{case['name']}/{index}"] = value
            case["outputs"] = len(result)
            case["dtype"] = str(result[0].dtype)
        records.append(case)
    enums = {name: {"repr": repr(member), "str": str(member), "format": f"{member}", "value": member.value}
             for name, member in [(f"Inter.{m}", getattr(Inter, m)) for m in
                                  ("NEAREST", "ANTIALIAS", "LINEAR", "BILINEAR", "CUBIC", "BICUBIC", "AREA",
                                   "PILCUBIC")] + [(f"Border.{m}", getattr(Border, m)) for m in
                                                   ("CONSTANT", "EDGE", "REFLECT", "SYMMETRIC")]}
    np.savez_compressed(os.path.join(GOLDEN, "dataset_vision.npz"), **arrays)
    with open(os.path.join(GOLDEN, "dataset_vision.json"), "w") as handle:
        json.dump({"cases": records, "enums": enums}, handle, indent=0)
        handle.write("\n")


if __name__ == "__main__":
    main()
