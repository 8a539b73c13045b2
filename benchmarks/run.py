"""Time minispore beside hand-written NumPy, PyTorch, JAX and MindSpore, each in its own process.

    python benchmarks/run.py                 # every case, every framework that is installed
    python benchmarks/run.py --cases add4x4 vg_seed --repeat 7
    python benchmarks/run.py --interleave    # minispore, NumPy, PyTorch, JAX in one process, alternating

On a busy or shared machine, --interleave gives steadier ratios: the frameworks take turns, each
turn is timed, and the best turn counts, so a slow spell hits all of them instead of one.

A case is a file benchmarks/cases/<case>/<framework>.py defining `make()`, which returns a
zero-argument function to time. MindSpore runs from the reference venv when it exists
(../shared/tools/reference-env.sh makes it; set MS_PYTHON to point elsewhere).
Prints the median time per call and the ratio to minispore.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys

HERE = pathlib.Path(__file__).parent
CASES = HERE / "cases"
DEFAULT_MS_PYTHON = pathlib.Path.home() / ".cache/minispore-reference/ms210/bin/python"

# Every harness starts with these: load a case's step, and find how many calls fill `seconds`.
_HARNESS_PRELUDE = r"""
import importlib.util, json, sys, timeit

def load_step(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    case = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(case)
    return case.make()

def calls_filling(step, seconds):
    for _ in range(5):
        step()
    number, elapsed = 1, 0.0
    while elapsed < seconds:
        number *= 2
        elapsed = timeit.timeit(step, number=number)
    return number
"""

HARNESS = _HARNESS_PRELUDE + r"""
step = load_step(sys.argv[1], "case")
number = calls_filling(step, 0.2)
runs = [timeit.timeit(step, number=number) / number for _ in range(int(sys.argv[2]))]
print(json.dumps(runs))
"""

INTERLEAVED_HARNESS = _HARNESS_PRELUDE + r"""
steps = {framework: load_step(path, "case_" + framework) for framework, path in json.loads(sys.argv[1]).items()}
numbers = {framework: calls_filling(step, 0.05) for framework, step in steps.items()}
fastest = dict.fromkeys(steps, float("inf"))
for _ in range(int(sys.argv[2])):
    for framework, step in steps.items():
        fastest[framework] = min(fastest[framework], timeit.timeit(step, number=numbers[framework]) / numbers[framework])
print(json.dumps(fastest))
"""

IMPORT_HARNESS = "import time, sys; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def _python_for(framework):
    if framework == "mindspore":
        python = pathlib.Path(os.environ.get("MS_PYTHON", DEFAULT_MS_PYTHON))
        return str(python) if python.exists() else None
    module = {"minispore": "minispore", "numpy": "numpy", "torch": "torch", "jax": "jax"}[framework]
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return sys.executable if probe.returncode == 0 else None


def _src_env():
    """The environment with this checkout's src/ on the path (minispore runs from the tree)."""
    return dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))


def _run_harness(python, harness, args, timeout):
    """Run a harness in `python`; returns (its JSON output, None) or (None, the error's last line)."""
    result = subprocess.run([python, "-c", harness, *args], capture_output=True, text=True, env=_src_env(),
                            timeout=timeout)
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1] if result.stderr else "failed"
    return json.loads(result.stdout.strip().splitlines()[-1]), None


def _time_case(python, path, repeat):
    runs, error = _run_harness(python, HARNESS, [str(path), str(repeat)], timeout=600)
    return (None if runs is None else statistics.median(runs)), error


def _time_interleaved(python, paths, repeat):
    fastest, error = _run_harness(python, INTERLEAVED_HARNESS,
                                  [json.dumps({f: str(p) for f, p in paths.items()}), str(repeat)], timeout=1200)
    return fastest or {}, error


def _time_import(python, module, repeat):
    times = []
    for _ in range(repeat):
        result = subprocess.run([python, "-X", "importtime", "-c", IMPORT_HARNESS.format(module=module)],
                                capture_output=True, text=True, env=_src_env())
        times.append(float(result.stdout.strip()))
    return statistics.median(times)


def _format(seconds):
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.1f} us"
    return f"{seconds * 1e3:8.2f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--interleave", action="store_true",
                        help="time the in-process frameworks in one process, taking turns (best turn counts)")
    args = parser.parse_args()
    frameworks = ["minispore", "numpy", "torch", "jax", "mindspore"]
    pythons = {f: _python_for(f) for f in frameworks}
    names = args.cases or sorted(p.name for p in CASES.iterdir() if p.is_dir())
    print(f"{'case':<14}" + "".join(f"{f:>22}" for f in frameworks))
    for name in names:
        times = {}
        notes = []
        available = {f: CASES / name / f"{f}.py" for f in frameworks
                     if pythons[f] is not None and (CASES / name / f"{f}.py").exists()}
        if args.interleave:
            together = {f: p for f, p in available.items() if pythons[f] == sys.executable}
            times, error = _time_interleaved(sys.executable, together, args.repeat * 4)
            if error:
                notes.append(f"interleaved: {error}")
            available = {f: p for f, p in available.items() if f not in together}
        for framework, path in available.items():
            times[framework], error = _time_case(pythons[framework], path, args.repeat)
            if error:
                notes.append(f"{framework}: {error}")
        base = times.get("minispore")
        cells = []
        for framework in frameworks:
            t = times.get(framework)
            ratio = f" ({t / base:5.2f}x)" if t and base else ""
            cells.append(f"{_format(t)}{ratio}".rjust(22))
        print(f"{name:<14}" + "".join(cells))
        for note in notes:
            print(f"    {note}")
    row = []
    for framework, module in (("minispore", "minispore"), ("numpy", "numpy"), ("torch", "torch"),
                              ("jax", "jax"), ("mindspore", "mindspore")):
        row.append(_format(_time_import(pythons[framework], module, 3)).rjust(22) if pythons[framework] else "-".rjust(22))
    print(f"{'import':<14}" + "".join(row))
    print("ratios are time / minispore's time (above 1: slower than minispore)"
          + ("; minispore, NumPy, PyTorch and JAX: best of interleaved turns" if args.interleave else ""))
    print(f"minispore's optimizers update parameters with {_update_path()}")


def _update_path():
    """Whether minispore's SGD uses SciPy's BLAS axpy here (the 'blas' extra) or NumPy."""
    code = "from minispore._backend.blas import blas_axpy; print(blas_axpy() is not None)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_src_env())
    if result.stdout.strip() == "True":
        return "BLAS axpy (SciPy installed)"
    return "NumPy (w -= lr * g; SciPy not installed or MINISPORE_BLAS_AXPY=0)"


if __name__ == "__main__":
    main()
