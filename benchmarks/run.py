"""Time minispore beside hand-written NumPy, PyTorch, JAX and MindSpore, each in its own process.

    python benchmarks/run.py                 # every case, every framework that is installed
    python benchmarks/run.py --cases add4x4 vg_seed --repeat 7
    python benchmarks/run.py --interleave    # minispore, NumPy, PyTorch, JAX in one process, alternating
    python benchmarks/run.py --threads 1     # every framework on one thread (OMP/OPENBLAS/MKL_NUM_THREADS=1)
    python benchmarks/run.py --busy 1        # beside one CPU-bound process, as on a laptop doing other work
    python benchmarks/run.py --threads 1 --cpu-time   # CPU time: steadier when other jobs share the machine

By default every framework runs as installed: no thread variables are set, and the run prints which
BLAS, how many threads and which optional paths each one used. On a busy or shared machine,
--interleave gives steadier ratios: the frameworks take turns, each turn is timed, and the best turn
counts, so a slow spell hits all of them instead of one.

A case is a file benchmarks/cases/<case>/<framework>.py defining `make()`, which returns a
zero-argument function to time. A file minispore_<variant>.py times the case with a minispore
transformation (`minispore_jit`: under mindspore.jit; `minispore_vmap`: batched with vmap instead
of a loop); its column's ratio is to plain minispore in the same run. MindSpore runs from the reference venv when it exists
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
import importlib.util, json, os, sys, time, timeit

# MINISPORE_BENCH_CPU_TIME=1: time by this process's CPU time (all its threads), not the wall clock.
TIMER = time.process_time if os.environ.get("MINISPORE_BENCH_CPU_TIME") == "1" else time.perf_counter

def clocked(step, number):
    return timeit.timeit(step, number=number, timer=TIMER)

def load_step(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    case = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(case)
    return case.make()

def calls_filling(step, seconds):
    # Warm up (the first call imports and caches), then the number of calls that take at least
    # `seconds`, and the time of one call when one call takes that long (it counts as a run).
    step()
    first = clocked(step, 1)
    if first >= seconds:
        return 1, first
    for _ in range(3):
        step()
    number, elapsed = 1, 0.0
    while elapsed < seconds:
        number *= 2
        elapsed = clocked(step, number)
    return number, None
"""

# argv: case file, repeat, budget in seconds (timing stops after it, with at least one run).
HARNESS = _HARNESS_PRELUDE + r"""
step = load_step(sys.argv[1], "case")
start = time.perf_counter()
number, first = calls_filling(step, 0.2)
runs = [] if first is None else [first]
while len(runs) < int(sys.argv[2]) and (not runs or time.perf_counter() - start < float(sys.argv[3])):
    runs.append(clocked(step, number) / number)
print(json.dumps(runs))
"""

# argv: {framework: case file}, turns, budget in seconds (at least three turns). The order rotates
# every turn: a framework's threads still spinning after its turn slow whichever one comes next.
INTERLEAVED_HARNESS = _HARNESS_PRELUDE + r"""
steps = {framework: load_step(path, "case_" + framework) for framework, path in json.loads(sys.argv[1]).items()}
numbers = {framework: calls_filling(step, 0.05)[0] for framework, step in steps.items()}
fastest = dict.fromkeys(steps, float("inf"))
order = list(steps)
turn, start = 0, time.perf_counter()
while turn < int(sys.argv[2]) and (turn < 3 or time.perf_counter() - start < float(sys.argv[3])):
    for framework in order[turn % len(order):] + order[:turn % len(order)]:
        number = numbers[framework]
        fastest[framework] = min(fastest[framework], clocked(steps[framework], number) / number)
    turn += 1
print(json.dumps(fastest))
"""

# What each framework runs with: its BLAS, thread counts and optional paths (one JSON line).
CONFIG_PROBES = {
    "minispore": r"""
import json, os
import minispore
from minispore._backend import blas, threads
axpy = blas.blas_axpy() is not None
info = threads.describe()
info["axpy"] = axpy
info["malloc_tuning"] = os.environ.get("MINISPORE_MALLOC_TUNING", "1") != "0"
print(json.dumps(info))
""",
    "torch": r"""
import json, torch
print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(),
                  "mkldnn": torch.backends.mkldnn.is_available()}))
""",
    "mindspore": r"""
import json, mindspore, numpy
print(json.dumps({"version": mindspore.__version__, "numpy": numpy.__version__}))
""",
}

IMPORT_HARNESS = "import time, sys; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def _python_for(framework):
    if framework == "mindspore":
        python = pathlib.Path(os.environ.get("MS_PYTHON", DEFAULT_MS_PYTHON))
        return str(python) if python.exists() else None
    module = "minispore" if framework.startswith("minispore") else framework
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return sys.executable if probe.returncode == 0 else None


_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# Set by --threads: the thread count every framework's process is started with (None: as installed).
_threads = None
# Set by --cpu-time: the harnesses time CPU time.
_cpu_time = False


def _src_env():
    """The environment with this checkout's src/ on the path (minispore runs from the tree)."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    if _threads is not None:
        env.update(dict.fromkeys(_THREAD_VARIABLES, str(_threads)))
    if _cpu_time:
        env["MINISPORE_BENCH_CPU_TIME"] = "1"
    return env


def _run_harness(python, harness, args, timeout):
    """Run a harness in `python`; returns (its JSON output, None) or (None, the error's last line)."""
    try:
        result = subprocess.run([python, "-c", harness, *args], capture_output=True, text=True, env=_src_env(),
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1] if result.stderr else "failed"
    return json.loads(result.stdout.strip().splitlines()[-1]), None


def _time_case(python, path, repeat, budget):
    runs, error = _run_harness(python, HARNESS, [str(path), str(repeat), str(budget)], timeout=1800)
    return (None if runs is None else statistics.median(runs)), error


def _time_interleaved(python, paths, repeat, budget):
    fastest, error = _run_harness(python, INTERLEAVED_HARNESS,
                                  [json.dumps({f: str(p) for f, p in paths.items()}), str(repeat), str(budget)],
                                  timeout=1800)
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
    if seconds < 1:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds:8.2f} s "


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--interleave", action="store_true",
                        help="time the in-process frameworks in one process, taking turns (best turn counts)")
    parser.add_argument("--threads", type=int, metavar="N",
                        help="start every framework with OMP/OPENBLAS/MKL_NUM_THREADS=N (default: as installed)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time by each process's CPU time instead of the wall clock: steadier on a shared "
                             "machine, comparable only with --threads 1 (it adds up the time of all threads)")
    parser.add_argument("--busy", type=int, default=0, metavar="K",
                        help="run K CPU-bound processes beside the benchmark")
    parser.add_argument("--frameworks", nargs="*", metavar="NAME",
                        help="frameworks to run (default: every one installed): minispore numpy torch jax mindspore")
    parser.add_argument("--budget", type=float, default=60.0, metavar="SECONDS",
                        help="stop repeating a framework's case after this long (slow cases time fewer calls)")
    args = parser.parse_args()
    global _threads, _cpu_time
    _threads, _cpu_time = args.threads, args.cpu_time
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        _run(args)
    finally:
        for process in busy:
            process.kill()
            process.wait()


def _run(args):
    variants = sorted({path.stem for path in CASES.glob("*/minispore_*.py")})
    frameworks = ["minispore", *variants, "numpy", "torch", "jax", "mindspore"]
    chosen = args.frameworks
    pythons = {f: _python_for(f) if chosen is None or f in chosen or (f in variants and "minispore" in chosen) else None
               for f in frameworks}
    names = args.cases or sorted(p.name for p in CASES.iterdir() if p.is_dir())
    _print_configuration(pythons, args)
    print(f"{'case':<14}" + "".join(f"{f:>22}" for f in frameworks))
    for name in names:
        times = {}
        notes = []
        available = {f: CASES / name / f"{f}.py" for f in frameworks
                     if pythons[f] is not None and (CASES / name / f"{f}.py").exists()}
        if args.interleave:
            together = {f: p for f, p in available.items() if pythons[f] == sys.executable}
            times, error = _time_interleaved(sys.executable, together, args.repeat * 4, args.budget)
            if error:
                notes.append(f"interleaved: {error}")
            available = {f: p for f, p in available.items() if f not in together}
        for framework, path in available.items():
            times[framework], error = _time_case(pythons[framework], path, args.repeat, args.budget)
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
    for framework in frameworks:
        if framework in variants:
            row.append("-".rjust(22))  # a variant imports what plain minispore does
            continue
        module = framework
        row.append(_format(_time_import(pythons[framework], module, 3)).rjust(22) if pythons[framework] else "-".rjust(22))
    print(f"{'import':<14}" + "".join(row))
    print("ratios are time / minispore's time (above 1: slower than minispore)"
          + ("; minispore, NumPy, PyTorch and JAX: best of interleaved turns" if args.interleave else ""))


def _print_configuration(pythons, args):
    """What the frameworks run with: threads, BLAS libraries, optional paths, the machine's load."""
    setting = "as installed (no thread variables)" if _threads is None else f"{_threads} (OMP/OPENBLAS/MKL_NUM_THREADS)"
    print(f"threads: {setting}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
          + ("; times are CPU times" if _cpu_time else "")
          + (f"; {args.busy} CPU-bound process(es) running beside" if args.busy else ""))
    for framework, probe in CONFIG_PROBES.items():
        if pythons[framework] is None:
            continue
        info, error = _run_harness(pythons[framework], probe, [], timeout=300)
        if error:
            print(f"  {framework}: {error}")
        elif framework == "minispore":
            libraries = ", ".join(f"{lib['library']} ({lib['internal_api']} {lib['version']}, "
                                  f"{lib['num_threads']} thread{'s' if lib['num_threads'] != 1 else ''} now)"
                                  for lib in info["blas"]) or "not visible"
            policy = (f"per-op policy: up to {info['usable_cores']} threads, {info['free_cores']} free now"
                      if info["threadpoolctl"] else "no threadpoolctl: the BLAS keeps its own settings")
            print(f"  minispore: BLAS {libraries}; {policy}; optimizer updates by "
                  + ("SciPy's BLAS axpy (its pool held to one thread)" if info["axpy"] else "NumPy (w -= lr * g)")
                  + f"; allocator tuning {'on' if info['malloc_tuning'] else 'off'}")
        elif framework == "torch":
            print(f"  torch {info['version']}: {info['threads']} intra-op threads, oneDNN "
                  + ("available" if info["mkldnn"] else "unavailable"))
        else:
            print(f"  mindspore {info['version']} (NumPy {info['numpy']}): its own default threads, own process")


if __name__ == "__main__":
    main()
