"""Golden fixture for the API names of issue 12: every case of api_cases.py run with MindSpore 2.10.

Run from the repository root with the reference venv:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_api_names.py
Writes tests/golden/api_names.json (per case: the structure of the result, dtypes and shapes, or the error
MindSpore raised) and api_names.npz (the arrays, keyed "<case>/<index>").

Cases run in worker processes: after a failing op MindSpore 2.10's state is not reliable (later, unrelated
ops report the same unregistered kernel), so a worker stops at the first error and the next case starts in a
fresh process.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_cases import CASES  # noqa: E402
from gen_train import GoldenWriter, error_record  # noqa: E402


def flatten(value, out):
    """Leaves of a result in order: arrays for Tensors, plain values otherwise; returns the structure."""
    if isinstance(value, (tuple, list)):
        return [flatten(v, out) for v in value]
    if hasattr(value, "asnumpy"):
        out.append(value.asnumpy())
        return {"tensor": len(out) - 1, "dtype": str(value.dtype), "shape": list(value.shape)}
    return {"value": value.item() if isinstance(value, np.generic) else value}


def worker(start, folder):
    """Run cases from index `start` until one fails; write <folder>/results.json and <name>_<i>.npy files."""
    import mindspore
    names = list(CASES)
    results = []
    for name in names[start:]:
        try:
            leaves = []
            structure = flatten(CASES[name](mindspore), leaves)
        except Exception as error:  # the fixture records what MindSpore raises on CPU
            results.append({"case": name, "error": error_record(error)})
            break
        for index, array in enumerate(leaves):
            np.save(Path(folder) / f"{name}__{index}.npy", array)
        results.append({"case": name, "result": structure})
    (Path(folder) / "results.json").write_text(json.dumps(results))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]), sys.argv[3])
        return
    writer = GoldenWriter("api_names", "gen_api_names.py")
    start, count = 0, len(CASES)
    while start < count:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([sys.executable, __file__, "--worker", str(start), folder], check=True,
                           stderr=subprocess.DEVNULL)
            results = json.loads((Path(folder) / "results.json").read_text())
            for record in results:
                writer.case(**record)
                if "result" in record:
                    for path in sorted(Path(folder).glob(f"{record['case']}__*.npy")):
                        index = path.stem.rsplit("__", 1)[1]
                        writer.array(f"{record['case']}/{index}", np.load(path, allow_pickle=False))
        start += len(results)
    print(writer.write())


if __name__ == "__main__":
    main()
