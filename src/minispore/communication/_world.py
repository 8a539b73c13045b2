"""Building the world communicator at `init()`: under mpirun, under msrun, or a process on its own.

Under `mpirun -n N` MPI's own world is the job. Under `python -m minispore msrun` every worker is an
MPI job of one process (so each has its own log and environment, as msrun's workers do); they find each
other through MPICH's name server, which msrun starts on the master node: rank 0 opens an MPI port and
publishes it for rank 1, 2, ... in turn; each looks it up, connects, and is merged into one
intra-communicator. A worker that never arrives ends the job after `cluster_time_out` seconds with a
message saying how many joined, as msrun's own cluster building does.
"""
import os
import socket
import sys
import threading
import time
import zlib

from minispore.communication import _engine

__all__ = ["build_world", "SERVICE"]

SERVICE = "minispore-msrun"


def _int_env(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"Environment variable {name} must be an integer, but got {value!r}.") from None


def _node_color(MPI):
    """Processes of one node share a color: msrun's node identity, else the host name."""
    name = os.environ.get("MINISPORE_MSRUN_NODE") or MPI.Get_processor_name() or socket.gethostname()
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def build_world(group_name):
    """Initialize MPI, join every process of the job, and register the world group."""
    MPI = _engine.mpi()
    comm = MPI.COMM_WORLD
    worker_num = _int_env("MS_WORKER_NUM", 0) if os.environ.get("MS_ROLE") == "MS_WORKER" else 0
    if worker_num > comm.Get_size():
        if comm.Get_size() != 1:
            raise RuntimeError(f"msrun expects {worker_num} workers of one process each, but this worker was "
                               f"started in an MPI job of {comm.Get_size()} processes.")
        comm = _join_msrun(MPI, worker_num)
    else:
        comm = comm.Dup()
    _record_pid(comm)
    return _engine.register_world(comm, group_name, _node_color(MPI))


def _record_pid(comm):
    """Tell msrun which process is this rank, so it can stop it with a message if another worker fails."""
    status_dir = os.environ.get("MINISPORE_MSRUN_STATUS")
    if status_dir:
        path = os.path.join(status_dir, f"pid.{comm.Get_rank()}")
        with open(path + ".tmp", "w") as handle:
            handle.write(str(os.getpid()))
        os.replace(path + ".tmp", path)


def _join_msrun(MPI, worker_num):
    rank_id = _int_env("RANK_ID", -1)
    if not 0 <= rank_id < worker_num:
        raise RuntimeError(f"msrun gives every worker a RANK_ID in [0, {worker_num}), but this one has "
                           f"{os.environ.get('RANK_ID')!r}: give each node its own --node_rank.")
    cluster_timeout = _int_env("MS_TOPO_TIMEOUT", 600)
    progress = {"joined": 1}
    watchdog = None
    if cluster_timeout >= 0:
        watchdog = threading.Timer(cluster_timeout, _cluster_timed_out, (worker_num, cluster_timeout, progress))
        watchdog.daemon = True
        watchdog.start()
    try:
        comm = _connect_in_rank_order(MPI, rank_id, worker_num, progress)
    finally:
        if watchdog is not None:
            watchdog.cancel()
    return comm


def _connect_in_rank_order(MPI, rank_id, worker_num, progress):
    """Rank 0 opens a port and, for k = 1, 2, ..., publishes it under rank k's name and accepts rank k.

    One connection at a time: MPICH 5.0 crashed in Accept when several workers connected at once.
    """
    if rank_id == 0:
        port = MPI.Open_port()
        comm = MPI.COMM_SELF.Dup()
    else:
        port = _look_up(MPI, f"{SERVICE}-{rank_id}")
        inter = MPI.COMM_SELF.Connect(port)
        comm = inter.Merge(high=True)
        inter.Free()
    while comm.Get_size() < worker_num:
        progress["joined"] = comm.Get_size()
        if rank_id == 0:
            MPI.Publish_name(f"{SERVICE}-{comm.Get_size()}", port)
        inter = comm.Accept(port)
        merged = inter.Merge(high=False)
        inter.Free()
        comm.Free()
        comm = merged
        if rank_id == 0:
            MPI.Unpublish_name(f"{SERVICE}-{comm.Get_size() - 1}", port)
    if rank_id == 0:
        MPI.Close_port(port)
    return comm


def _look_up(MPI, name):
    while True:
        try:
            return MPI.Lookup_name(name)
        except MPI.Exception:
            time.sleep(0.01)


def _cluster_timed_out(worker_num, seconds, progress):
    sys.stderr.write(f"mindspore.communication.init: the cluster was not built within {seconds} s "
                     f"(cluster_time_out): {progress['joined']} of {worker_num} workers joined. Check that every "
                     f"node ran msrun with the same --worker_num, --master_addr and --master_port.\n")
    sys.stderr.flush()
    os._exit(1)
