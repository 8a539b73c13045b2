"""Golden fixtures for data parallelism: the auto-parallel context (defaults, checks, messages), the
collective Primitive classes' reprs and argument errors, and msrun's printed lines and log files.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_parallel.py
Writes tests/golden/parallel.json. The Primitive reprs need an initialized world, so this script
starts itself on 2 workers with MindSpore's own msrun (argument "worker") and reads what rank 0 wrote.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "tests", "golden", "parallel.json")

CONTEXT_CASES = [
    {"parallel_mode": "data_parallel"}, {"parallel_mode": "bad"}, {"parallel_mode": "DATA_PARALLEL"},
    {"device_num": 0}, {"device_num": "2"}, {"device_num": 8}, {"global_rank": -1}, {"global_rank": 4095},
    {"global_rank": 4096}, {"gradients_mean": 1}, {"gradients_mean": True}, {"parameter_broadcast": 1},
    {"parameter_broadcast": True}, {"foo": 1}, {"all_reduce_fusion_config": [2, 1]},
    {"all_reduce_fusion_config": [1, 1]}, {"all_reduce_fusion_config": []}, {"all_reduce_fusion_config": [1, 5]},
    {"all_reduce_fusion_config": (1, 2)}, {"search_mode": "bad"}, {"strategy_ckpt_load_file": 3},
]

PRIM_CASES = {
    "AllReduce": "ops.AllReduce()", "AllReduce_max": "ops.AllReduce(ops.ReduceOp.MAX)",
    "AllGather": "ops.AllGather()", "ReduceScatter": "ops.ReduceScatter()", "Broadcast": "ops.Broadcast(0)",
    "AlltoAll": "ops.AlltoAll(2, 0, 1)", "Send": "ops.Send(0, 1)", "Receive": "ops.Receive(0, 0, [2, 3], ms.float32)",
    "Barrier": "ops.Barrier()", "Reduce": "ops.Reduce(0)", "AllReduce_bad_op": "ops.AllReduce(1)",
    "AllReduce_bad_group": "ops.AllReduce('sum', 3)", "Broadcast_bad_root": "ops.Broadcast('0')",
    "Receive_bad_dtype": "ops.Receive(0, 0, [2], ms.bool_)",
}


def outcome(thunk):
    try:
        return {"value": thunk()}
    except Exception as error:  # the reference's exception type and first line are the fixture
        return {"error": type(error).__name__, "message": str(error).split("\n")[0]}


def context_fixture():
    import mindspore as ms
    from mindspore.parallel._auto_parallel_context import _get_auto_parallel_context_func_map as getters
    ms.reset_auto_parallel_context()
    defaults = {key: ms.get_auto_parallel_context(key) for key in getters}
    cases = []
    for kwargs in CONTEXT_CASES:
        ms.reset_auto_parallel_context()
        result = outcome(lambda: ms.set_auto_parallel_context(**kwargs))
        if "error" not in result:
            result["value"] = {k: ms.get_auto_parallel_context(k) for k in kwargs if k in getters}
        cases.append({"kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()},
                      "tuple": [k for k, v in kwargs.items() if isinstance(v, tuple)], **result})
    ms.reset_auto_parallel_context()
    modes = {name: getattr(ms.ParallelMode, name) for name in dir(ms.ParallelMode) if not name.startswith("_")}
    return {"defaults": defaults, "cases": cases, "parallel_modes": modes,
            "get_unknown": outcome(lambda: ms.get_auto_parallel_context("foo"))}


def worker(out_path):
    import mindspore as ms
    from mindspore import ops
    from mindspore.communication import init, get_rank
    init()
    namespace = {"ops": ops, "ms": ms}
    result = {name: {"code": code, **outcome(lambda: repr(eval(code, namespace)))} for name, code in PRIM_CASES.items()}
    if get_rank() == 0:
        with open(out_path, "w") as handle:
            json.dump(result, handle)


def msrun_fixture(out_path):
    log_dir = tempfile.mkdtemp(prefix="golden_msrun_")
    command = ["msrun", "--worker_num=2", "--local_worker_num=2", "--master_port=18765", f"--log_dir={log_dir}",
               "--join=True", os.path.abspath(__file__), "worker", out_path]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    lines = [line.replace(log_dir, "LOG_DIR").replace(os.path.abspath(__file__), "SCRIPT").replace(out_path, "OUT")
             for line in run.stdout.splitlines() if line.startswith("Start ")]
    with open(out_path) as handle:
        prims = json.load(handle)
    bad = subprocess.run(["msrun", "--worker_num=1", "--local_worker_num=2", "x.py"], capture_output=True,
                         text=True, timeout=300)
    error = [line for line in bad.stderr.splitlines() if "Error" in line][-1]
    return prims, {"start_lines": lines, "log_files": sorted(os.listdir(log_dir)), "returncode": run.returncode,
                   "too_many_local_workers": re.sub(r"^\w+: ", "", error), "error_type": error.split(":")[0]}


def main():
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2])
        return
    fixture = {"context": context_fixture()}
    fixture["primitives"], fixture["msrun"] = msrun_fixture(tempfile.mktemp(suffix=".json"))
    with open(GOLDEN, "w") as handle:
        json.dump(fixture, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
