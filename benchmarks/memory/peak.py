"""Peak resident memory of one training step of the camp's ShuffleNet (224x224), minispore beside PyTorch.

    python benchmarks/memory/peak.py --batch 32 [--frameworks minispore torch] [--steps 2]

Each framework runs in a fresh process: it builds the network and the batch, records its resident
memory (RSS), runs the steps, and reports its peak RSS (getrusage) and the peak's growth over the
state before the first step (activations, gradients and workspace).
"""
import argparse
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).parent

PROBE = r"""
import importlib.util, json, resource, sys, time
def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
spec = importlib.util.spec_from_file_location("net", sys.argv[1]); net = importlib.util.module_from_spec(spec)
spec.loader.exec_module(net)
step = net.make(int(sys.argv[2]))
before = rss_mb()
times, losses = [], []
for _ in range(int(sys.argv[3])):
    start = time.perf_counter(); losses.append(step()); times.append(time.perf_counter() - start)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"before_step_mb": before, "peak_mb": peak, "step_s": times, "losses": losses}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--frameworks", nargs="*", default=["minispore", "torch"])
    args = parser.parse_args()
    env = {"PYTHONPATH": str(HERE.parents[1] / "src")}
    import os
    env = dict(os.environ, **env)
    for framework in args.frameworks:
        result = subprocess.run([sys.executable, "-c", PROBE, str(HERE / f"shufflenet_{framework}.py"),
                                 str(args.batch), str(args.steps)], capture_output=True, text=True, env=env)
        if result.returncode != 0:
            print(f"{framework}: failed ({result.returncode}): {result.stderr.strip().splitlines()[-1:]}")
            continue
        info = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"{framework:>10} batch {args.batch}: peak RSS {info['peak_mb']:8.0f} MB, before the first step "
              f"{info['before_step_mb']:6.0f} MB, growth {info['peak_mb'] - info['before_step_mb']:8.0f} MB; "
              f"steps {', '.join(f'{t:.1f}' for t in info['step_s'])} s; losses "
              f"{', '.join(f'{v:.4f}' for v in info['losses'])}")


if __name__ == "__main__":
    main()
