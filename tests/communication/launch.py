"""Running a script on several processes for the tests: msrun or mpirun, with a deadline, or a skip when
mpi4py (the `dist` extra) is not installed."""
import os
import shutil
import socket
import subprocess
import sys

import pytest

SCRIPTS = os.path.join(os.path.dirname(__file__), "scripts")

try:
    import mpi4py  # noqa: F401
    HAVE_MPI = True
except ImportError:
    HAVE_MPI = False

needs_mpi = pytest.mark.skipif(not HAVE_MPI, reason="mpi4py is not installed (pip install 'minispore[dist]')")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(**extra):
    env = dict(os.environ)
    env.pop("RANK_ID", None)
    # Tests fail fast: a collective waits 20 s for its peers, the cluster 30 s for its workers.
    env.setdefault("MINISPORE_COMM_TIMEOUT", "20")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def msrun(script, *args, workers=2, local=None, node_rank=-1, port=None, log_dir, join=True, env=None,
          timeout=60, background=False, extra=()):
    """Run `script` (a file in scripts/ or a path) under `python -m minispore msrun`."""
    path = script if os.path.isabs(script) else os.path.join(SCRIPTS, script)
    command = [sys.executable, "-m", "minispore", "msrun", f"--worker_num={workers}",
               f"--local_worker_num={local or workers}", f"--master_port={port or free_port()}",
               f"--node_rank={node_rank}", f"--log_dir={log_dir}", f"--join={join}", "--cluster_time_out=30",
               *extra, path, *map(str, args)]
    if background:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=env or environment())
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env or environment())


def mpirun(script, *args, workers=2, env=None, timeout=60):
    mpiexec = shutil.which("mpiexec", path=os.path.dirname(sys.executable)) or "mpiexec"
    path = os.path.join(SCRIPTS, script)
    command = [mpiexec, "-n", str(workers), sys.executable, "-m", "minispore", "run", path, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env or environment())


def read_log(log_dir, rank):
    with open(os.path.join(log_dir, f"worker_{rank}.log")) as handle:
        return handle.read()
