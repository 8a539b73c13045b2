"""The MPI engine under `mindspore.communication`: the world, its groups, and checked collectives.

Every collective first swaps a small header (operation, call number, dtype, shape) point to point with
each other member of its group. A rank that calls another operation, passes another shape or dtype, or
never arrives is then named in an error raised on every rank within `MINISPORE_COMM_TIMEOUT` seconds
(default 300), never a hang. The data moves with MPI's own non-blocking collective, waited on with the
same deadline. MPI comes from mpi4py (the `dist` extra), imported on first use.
"""
import atexit
import os
import time
import zlib

import numpy as np

__all__ = ["REDUCE_ROOTS", "mpi", "world", "group", "find", "register_world", "create", "destroy", "release", "timeout",
           "mark_exiting_on_error", "encode_header", "CommunicationError", "OPS"]

HEADER = 64
_MAX_NDIM = HEADER - 6
_HEADER_TAG = 17
# Reduction names (MindSpore's ReduceOp values) -> (code in the header, MPI operation name).
OPS = {"sum": (1, "SUM"), "max": (2, "MAX"), "min": (3, "MIN"), "prod": (4, "PROD"), "avg": (5, "SUM")}
_OP_NAMES = {code: name for name, (code, _) in OPS.items()}
# A Reduce's header carries its reduction and root as op_code * REDUCE_ROOTS + root.
REDUCE_ROOTS = 100000
# What a Barrier's header describes: no data.
NOTHING = np.empty(0, np.float32)
_KINDS = ["AllReduce", "AllGather", "ReduceScatter", "Broadcast", "AlltoAll", "Barrier", "Reduce", "Send"]


class CommunicationError(RuntimeError):
    """A collective could not complete: a peer died, never arrived, or MPI failed."""


CommunicationError.__module__ = "minispore.communication"


# groups: name -> Group ("world" too); broken: the first failure's message; pending: sends in flight.
_state = {"mpi": None, "groups": {}, "broken": None, "finalize": False, "pending": [], "exiting_on_error": False}


def timeout():
    """Seconds a collective waits for its peers (MINISPORE_COMM_TIMEOUT, default 300)."""
    value = os.environ.get("MINISPORE_COMM_TIMEOUT", "300")
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"MINISPORE_COMM_TIMEOUT must be a number of seconds, but got {value!r}.") from None
    if seconds <= 0:
        raise ValueError(f"MINISPORE_COMM_TIMEOUT must be positive, but got {value!r}.")
    return seconds


def mpi():
    """mpi4py's MPI module, initialized on first use; a clear ImportError when mpi4py is missing."""
    if _state["mpi"] is not None:
        return _state["mpi"]
    try:
        import mpi4py
    except ImportError:
        raise ImportError("mindspore.communication needs mpi4py and an MPI library: "
                          "pip install 'minispore[dist]' (brings mpi4py and MPICH).") from None
    # MPI starts at `init()`, not at import, and minispore decides at exit whether finalizing is safe.
    mpi4py.rc.initialize = False
    mpi4py.rc.finalize = False
    try:
        from mpi4py import MPI
    except (ImportError, RuntimeError) as error:
        raise ImportError(f"mpi4py is installed but no MPI library loads ({error}): "
                          "pip install 'minispore[dist]' brings MPICH.") from None
    if not MPI.Is_initialized():
        MPI.Init_thread(MPI.THREAD_MULTIPLE)
        _state["finalize"] = True
        atexit.register(_finalize)
    _state["mpi"] = MPI
    return MPI


def _finalize():
    MPI = _state["mpi"]
    if not _state["finalize"] or MPI.Is_finalized():
        return
    # MPI_Finalize waits for connected peers; after a failure or an uncaught exception a peer may be
    # gone or blocked, so the process leaves without it rather than hang.
    if _state["broken"] is not None or _state["exiting_on_error"]:
        return
    release()
    MPI.Finalize()


def mark_exiting_on_error():
    """Called from the excepthook that `init` installs: skip the collective MPI_Finalize at exit."""
    _state["exiting_on_error"] = True


def world():
    return _state["groups"]["world"]


def group(name, op_name):
    """The Group called `name`, or an error naming the op when the service or the group is missing."""
    groups = _state["groups"]
    if "world" not in groups:
        raise RuntimeError(f"For '{op_name}', the communication service is not initialized: call "
                           "mindspore.communication.init() first, in a script started with "
                           "`python -m minispore msrun` or `mpirun -n N python -m minispore run`.")
    grp = groups.get(name)
    if grp is None:
        raise ValueError(f"For '{op_name}', the communication group '{name}' does not exist; groups now: "
                         f"{sorted(g.name for g in groups.values())}.")
    return grp


def find(name):
    """The Group called `name`, or None."""
    return _state["groups"].get(name)


def register_world(comm, name, local_color):
    grp = Group(name, comm, list(range(comm.Get_size())), local_color)
    _state["groups"]["world"] = grp
    _state["groups"][name] = grp
    return grp


def create(name, world_ranks):
    """A new group over `world_ranks` (in that order); collective over its members."""
    base = world()
    members = base.comm.Get_group().Incl(list(world_ranks))
    comm = base.comm.Create_group(members, tag=_HEADER_TAG)
    members.Free()
    grp = Group(name, comm, list(world_ranks), base.local_color)
    _state["groups"][name] = grp
    return grp


def destroy(name):
    grp = _state["groups"].pop(name)
    grp.free()


def release():
    """Free every group; MPI itself is finalized at exit."""
    _drain_pending(min(timeout(), 10.0))  # a Send nobody receives must not hold the exit for long
    for grp in {id(g): g for g in _state["groups"].values()}.values():
        grp.free()
    _state["groups"].clear()
    _state["pending"].clear()


def _check_usable():
    if _state["broken"] is not None:
        raise CommunicationError(f"communication stopped after an earlier failure: {_state['broken']}")


def encode_header(kind, call, array, extra):
    if array.ndim > _MAX_NDIM:
        raise ValueError(f"{kind} supports at most {_MAX_NDIM} dimensions, but got {array.ndim}.")
    header = np.zeros(HEADER, np.int64)
    header[:5] = (_KINDS.index(kind) + 1, call, zlib.crc32(array.dtype.name.encode()), extra, array.ndim)
    header[5:5 + array.ndim] = array.shape
    return header


def _dtype_names(dtype):
    names = {zlib.crc32(dtype.name.encode()): dtype.name}
    names.update({zlib.crc32(t.encode()): t for t in ("float16", "float32", "float64", "bfloat16", "int8", "int16",
                                                      "int32", "int64", "uint8", "bool")})
    return names


def _describe(header, dtype_names):
    kind = _KINDS[int(header[0]) - 1] if 0 < header[0] <= len(_KINDS) else f"op#{int(header[0])}"
    extra = int(header[3])
    reduction = f"(op={_OP_NAMES.get(extra, extra)})"
    detail = {"AllReduce": reduction, "ReduceScatter": reduction, "Broadcast": f"(root={extra})",
              "Reduce": f"(op={_OP_NAMES.get(extra // REDUCE_ROOTS, extra)}, dest_rank={extra % REDUCE_ROOTS})",
              }.get(kind, "")
    shape = tuple(int(n) for n in header[5:5 + int(header[4])])
    dtype = dtype_names.get(int(header[2]), f"dtype#{int(header[2])}")
    return f"{kind}{detail} call #{int(header[1])} with {dtype} {shape}"


class Group:
    """A communicator for the data, a twin for the headers, and the members' world ranks."""

    __slots__ = ("name", "comm", "headers", "ranks", "rank", "size", "calls", "local_rank", "local_size",
                 "local_color")

    def __init__(self, name, comm, ranks, local_color):
        self.name, self.comm, self.ranks = name, comm, ranks
        self.headers = comm.Dup()
        self.rank, self.size = comm.Get_rank(), comm.Get_size()
        self.calls = 0
        self.local_color = local_color
        local = comm.Split(local_color, self.rank)
        self.local_rank, self.local_size = local.Get_rank(), local.Get_size()
        local.Free()

    def free(self):
        self.headers.Free()
        self.comm.Free()

    def agree(self, kind, array, extra=0):
        """Swap headers with every member; raise on every rank if any differs or a member never answers."""
        _check_usable()
        self.calls += 1
        if self.size == 1:
            return
        MPI = mpi()
        mine = encode_header(kind, self.calls, array, extra)
        peers = [r for r in range(self.size) if r != self.rank]
        received = np.empty((self.size, HEADER), np.int64)
        received[self.rank] = mine
        receives = [self.headers.Irecv(received[r], source=r, tag=_HEADER_TAG) for r in peers]
        sends = [self.headers.Isend(mine, dest=r, tag=_HEADER_TAG) for r in peers]
        missing = self._wait(receives, kind, peers, patient=True)
        if missing:
            for request in receives + sends:
                if request != MPI.REQUEST_NULL:
                    request.Cancel()
            self._fail(kind, f"timed out after {timeout():g} s waiting for rank(s) "
                             f"{[self.ranks[r] for r in missing]}: they exited, crashed, or did not reach this "
                             f"{kind} (MINISPORE_COMM_TIMEOUT={timeout():g})")
        self._wait(sends, kind, peers)
        if (received != mine).any():
            names = _dtype_names(array.dtype)
            lines = "; ".join(f"rank {self.ranks[r]}: {_describe(received[r], names)}" for r in range(self.size))
            raise ValueError(f"{kind} in group '{self.name}': the ranks disagree ({lines}). Every rank of the "
                             f"group must call the same collective, in the same order, with the same dtype and "
                             f"shape.")

    def run(self, kind, start, peers=None):
        """Start MPI's non-blocking operation `start()` and wait for it within the deadline."""
        try:
            request = start()
        except mpi().Exception as error:
            self._fail(kind, f"MPI refused it: {error}")
        if self._wait([request], kind, peers if peers is not None else list(range(self.size))):
            self._fail(kind, f"the data exchange did not complete within {timeout():g} s after every rank "
                             "arrived: a rank died mid-operation")

    def isend(self, data, dest, tag):
        """Post a Send of `data` (a header, then the bytes) to group rank `dest`; it completes later."""
        _check_usable()
        header = encode_header("Send", data.nbytes, data, tag)
        requests = [self.headers.Isend(header, dest=dest, tag=tag),
                    self.comm.Isend(data.reshape(-1).view("uint8"), dest=dest, tag=tag)]
        send_pending(requests, (header, data))

    def receive(self, xp, source, tag, shape, dtype):
        """What group rank `source` sent with `tag`; an error naming both ranks if it is not `shape`/`dtype`."""
        _check_usable()
        header = np.empty(HEADER, np.int64)
        if self._wait([self.headers.Irecv(header, source=source, tag=tag)], "Receive", [source], patient=True):
            self._fail("Receive", f"timed out after {timeout():g} s waiting for rank {self.ranks[source]} to Send "
                                  f"with sr_tag={tag} (MINISPORE_COMM_TIMEOUT={timeout():g})")
        sent_shape = tuple(int(n) for n in header[5:5 + int(header[4])])
        matches = sent_shape == shape and int(header[2]) == zlib.crc32(dtype.name.encode())
        out = xp.empty(shape, dtype) if matches else xp.empty(int(header[1]), "uint8")
        self.run("Receive", lambda: self.comm.Irecv(out.reshape(-1).view("uint8"), source=source, tag=tag),
                 [source])
        if not matches:
            sent = _describe(header, _dtype_names(dtype)).split(" with ")[1]
            raise ValueError(f"Receive(sr_tag={tag}) on rank {self.ranks[self.rank]} expects {dtype.name} {shape} "
                             f"from rank {self.ranks[source]}, but that rank sent {sent}.")
        return out

    def _wait(self, requests, kind, peers, patient=False):
        """The peers whose requests are still open at the deadline; [] when all completed.

        MPI moves data only while it is polled, so a data transfer spins; waiting for a peer to arrive
        (`patient`) gives the core back after a short spin: on a busy machine that peer may need it.
        """
        MPI = mpi()
        deadline = time.monotonic() + timeout()
        spins = 0
        try:
            while not MPI.Request.Testall(requests):
                spins += 1
                if patient and spins > 2000:
                    time.sleep(0.0002)
                if spins & 255 == 0 and time.monotonic() > deadline:
                    return [peers[i] for i, request in enumerate(requests) if not request.Test()]
        except MPI.Exception as error:
            self._fail(kind, f"MPI reported a failure (a peer process may have died): {error}")
        return []

    def _fail(self, kind, reason):
        message = f"{kind} in group '{self.name}' (call #{self.calls}, rank {self.ranks[self.rank]}) {reason}."
        _state["broken"] = message
        raise CommunicationError(message)


def send_pending(requests, buffers):
    """Keep started sends and their buffers alive until they complete (a Send never blocks its sender)."""
    MPI = mpi()
    _state["pending"] = [(r, b) for r, b in _state["pending"] if not MPI.Request.Testall(r)]
    _state["pending"].append((requests, buffers))


def _drain_pending(seconds):
    if not _state["pending"] or _state["broken"] is not None:
        return
    MPI = mpi()
    requests = [r for group, _ in _state["pending"] for r in group]
    deadline = time.monotonic() + seconds
    while not MPI.Request.Testall(requests):
        if time.monotonic() > deadline:
            _state["broken"] = "a Send was never received"
            return
        time.sleep(0.0005)
    _state["pending"].clear()
