"""`mindspore.communication.management`: init, ranks, sizes and groups, on MPI.

The CPU backend is MindSpore's "mccl" (world group "mccl_world_group"); under it MPI (mpi4py) moves
the data. A process started alone forms a world of one, where MindSpore refuses to start.
"""
import os
import signal
import sys

from minispore.communication import _engine

__all__ = ["GlobalComm", "init", "release", "get_rank", "get_local_rank", "get_group_size", "get_local_rank_size",
           "get_world_rank_from_group_rank", "get_group_rank_from_world_rank", "create_group", "destroy_group",
           "get_process_group_ranks", "HCCL_WORLD_COMM_GROUP", "NCCL_WORLD_COMM_GROUP", "MCCL_WORLD_COMM_GROUP"]

HCCL_WORLD_COMM_GROUP = "hccl_world_group"
NCCL_WORLD_COMM_GROUP = "nccl_world_group"
MCCL_WORLD_COMM_GROUP = "mccl_world_group"
_DEVICE_TO_BACKEND = {"Ascend": "hccl", "GPU": "nccl", "CPU": "mccl"}
_NOT_INITED = ("Distributed Communication has not been inited.You can't invoke this interface yet. "
               "Please call `init()` method first.")


class GlobalComm:
    """World communication information: BACKEND, WORLD_COMM_GROUP, INITED, CHECK_ENVS."""

    BACKEND = "hccl"
    WORLD_COMM_GROUP = HCCL_WORLD_COMM_GROUP
    INITED = False
    CHECK_ENVS = True


def _get_group(group):
    """The world group's real name when `group` is MindSpore's default name."""
    return GlobalComm.WORLD_COMM_GROUP if group == HCCL_WORLD_COMM_GROUP else group


def _check_group(api, group):
    if not isinstance(group, str):
        raise TypeError(f"For '{api}', the argument 'group' must be type of string, "
                        f"but got 'group' type : {type(group)}.")
    return _get_group(group)


def init(backend_name=None):
    """Start the communication service: join every process of the job (msrun, mpirun, or alone)."""
    from minispore.context import get_context
    device_target = get_context("device_target")
    if backend_name is None:
        backend_name = _DEVICE_TO_BACKEND[device_target]
    if not isinstance(backend_name, str):
        raise TypeError("For 'init', the argument 'backend_name' must be a string, "
                        f"but got the type : {type(backend_name)}")
    if backend_name in ("hccl", "nccl") and _DEVICE_TO_BACKEND[device_target] != backend_name:
        raise RuntimeError(f"For 'init', the argument 'backend_name' should be '{_DEVICE_TO_BACKEND[device_target]}' "
                           f"to init '{device_target}', but got '{backend_name}'.")
    if backend_name != "mccl":
        raise RuntimeError("For 'init', the argument 'backend_name' must be one of 'hccl', 'nccl' and 'mccl', "
                           f"but got 'backend_name' : {backend_name}")
    if GlobalComm.INITED:
        return
    from minispore.communication._world import build_world
    build_world(MCCL_WORLD_COMM_GROUP)
    _install_exit_handlers()
    GlobalComm.BACKEND = "mccl"
    GlobalComm.WORLD_COMM_GROUP = MCCL_WORLD_COMM_GROUP
    GlobalComm.INITED = True


def _install_exit_handlers():
    """An uncaught exception skips MPI's collective finalize; under msrun, SIGTERM says which worker failed."""
    previous = sys.excepthook

    def excepthook(*args):
        _engine.mark_exiting_on_error()
        previous(*args)

    sys.excepthook = excepthook
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _stopped_by_launcher)


def _stopped_by_launcher(signum, frame):
    """msrun (or mpirun) ends the other workers when one fails: say so on this rank, where it stopped."""
    status_dir = os.environ.get("MINISPORE_MSRUN_STATUS")
    reason = "the launcher sent SIGTERM, usually because another rank failed"
    if status_dir:
        try:
            with open(os.path.join(status_dir, "failure")) as handle:
                reason = handle.read().strip()
        except OSError:
            pass
    _engine.mark_exiting_on_error()
    raise _engine.CommunicationError(f"the launcher stopped this worker (rank {get_rank()}): {reason}.")


def release():
    """Release the communication resources (groups); MPI itself closes at exit."""
    if not GlobalComm.INITED:
        raise RuntimeError(_NOT_INITED)
    _engine.release()
    GlobalComm.INITED = False


def _group(group):
    return _engine.group(group, "communication")


def get_rank(group=GlobalComm.WORLD_COMM_GROUP):
    """This process's rank in `group` (before init: the RANK_ID environment variable, else 0)."""
    group = _check_group("get_rank", group)
    if not GlobalComm.INITED:
        return int(os.getenv("RANK_ID", "0"))
    return _group(group).rank


def get_local_rank(group=GlobalComm.WORLD_COMM_GROUP):
    """This process's rank among the group's processes on the same node."""
    group = _check_group("get_local_rank", group)
    if not GlobalComm.INITED:
        return int(os.getenv("LOCAL_RANK", "0"))
    return _group(group).local_rank


def get_group_size(group=GlobalComm.WORLD_COMM_GROUP):
    """The number of processes in `group` (before init: RANK_SIZE, else 1)."""
    group = _check_group("get_group_size", group)
    if not GlobalComm.INITED:
        return int(os.getenv("RANK_SIZE", "1"))
    return _group(group).size


def get_local_rank_size(group=GlobalComm.WORLD_COMM_GROUP):
    """The number of the group's processes on this node."""
    group = _check_group("get_local_rank_size", group)
    if not GlobalComm.INITED:
        return int(os.getenv("LOCAL_RANK_SIZE", "1"))
    return _group(group).local_size


def _user_group(api, group):
    if not isinstance(group, str):
        raise TypeError(f"For '{api}', the argument 'group' must be type of string, "
                        f"but got 'group' type : {type(group)}.")
    if not GlobalComm.INITED:
        raise RuntimeError(_NOT_INITED)
    if _get_group(group) == GlobalComm.WORLD_COMM_GROUP:
        raise ValueError(f"For '{api}', the argument 'group' should not be the world group "
                         f"'{GlobalComm.WORLD_COMM_GROUP}', but got '{group}'.")
    return _group(group)


def get_world_rank_from_group_rank(group, group_rank_id):
    """The world rank of rank `group_rank_id` of `group`."""
    grp = _user_group("get_world_rank_from_group_rank", group)
    if isinstance(group_rank_id, bool) or not isinstance(group_rank_id, int):
        raise TypeError("For 'get_world_rank_from_group_rank', the argument 'group_rank_id' must be type of int, "
                        f"but got 'group_rank_id' type : {type(group_rank_id)}.")
    if not 0 <= group_rank_id < grp.size:
        raise ValueError(f"For 'get_world_rank_from_group_rank', 'group_rank_id' must be in [0, {grp.size}) for "
                         f"group '{group}', but got {group_rank_id}.")
    return grp.ranks[group_rank_id]


def get_group_rank_from_world_rank(world_rank_id, group):
    """The rank in `group` of world rank `world_rank_id`."""
    grp = _user_group("get_group_rank_from_world_rank", group)
    if isinstance(world_rank_id, bool) or not isinstance(world_rank_id, int):
        raise TypeError("For 'get_group_rank_from_world_rank', the argument 'world_rank_id' must be type of int, "
                        f"but got 'world_rank_id' type : {type(world_rank_id)}.")
    if world_rank_id not in grp.ranks:
        raise ValueError(f"For 'get_group_rank_from_world_rank', world rank {world_rank_id} is not in group "
                         f"'{group}' (ranks {grp.ranks}).")
    return grp.ranks.index(world_rank_id)


def create_group(group, rank_ids, options=None):
    """Create a communication group over the world ranks `rank_ids`; every member calls it."""
    if not isinstance(group, str):
        raise TypeError("For 'create_group', the argument 'group' must be type of string, "
                        f"but got 'group' type : {type(group)}.")
    if not GlobalComm.INITED:
        raise RuntimeError(_NOT_INITED)
    existing = _engine.find(group)
    if existing is not None:
        if sorted(rank_ids) != existing.ranks:
            raise ValueError(f"The group {group} has been created, the rank_list is {existing.ranks}, "
                             f"but current rank_list for the group is {rank_ids}")
        return
    if not isinstance(rank_ids, list):
        raise TypeError("For 'create_group', the argument 'rank_ids' must be type of list, "
                        f"but got 'rank_ids' type : {type(rank_ids)}.")
    if len(rank_ids) < 1:
        raise ValueError("For 'create_group', the argument 'rank_ids' size should be greater than 1, "
                         f"but got 'rank_ids' size : {len(rank_ids)}.")
    if len(set(rank_ids)) != len(rank_ids):
        raise ValueError(f"List rank_ids in Group {group} has duplicate data!")
    if options is not None:
        raise TypeError("For 'create_group', minispore's MPI backend takes no 'options' (HCCL settings), "
                        f"but got {options!r}.")
    size = get_group_size()
    if any(isinstance(r, bool) or not isinstance(r, int) or not 0 <= r < size for r in rank_ids):
        raise ValueError(f"For 'create_group', every rank id must be an int in [0, {size}), but got {rank_ids}.")
    if get_rank() not in rank_ids:
        raise ValueError(f"For 'create_group', this process (rank {get_rank()}) is not in 'rank_ids' {rank_ids}: "
                         "only the members of a group create it.")
    _engine.create(group, sorted(rank_ids))


def destroy_group(group):
    """Destroy a group made by create_group."""
    if not isinstance(group, str):
        raise TypeError("For 'destroy_group', the argument 'group' must be type of string, "
                        f"but got 'group' type : {type(group)}.")
    if not GlobalComm.INITED:
        raise RuntimeError(_NOT_INITED)
    if _get_group(group) == GlobalComm.WORLD_COMM_GROUP:
        raise ValueError("The world_group does not support destruction.")
    _group(group)
    _engine.destroy(group)


def get_process_group_ranks(group=GlobalComm.WORLD_COMM_GROUP):
    """The world ranks of the processes in `group`, as a list."""
    group = _check_group("get_process_group_ranks", group)
    if not GlobalComm.INITED:
        raise RuntimeError(_NOT_INITED)
    return list(_group(group).ranks)
