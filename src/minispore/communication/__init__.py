"""`mindspore.communication`: collective communication between processes, on MPI (the `dist` extra).

Start a script on several processes with `python -m minispore msrun --worker_num=N --local_worker_num=N
script.py` (or `mpirun -n N python -m minispore run script.py`), call `init()`, then use the collectives
(`ops.AllReduce`, ... or `communication.comm_func`) and `nn.DistributedGradReducer`.
"""
from minispore.communication.management import (GlobalComm, init, release, get_rank, get_group_size,
                                                 get_world_rank_from_group_rank, get_group_rank_from_world_rank,
                                                 create_group, HCCL_WORLD_COMM_GROUP, NCCL_WORLD_COMM_GROUP,
                                                 MCCL_WORLD_COMM_GROUP, get_local_rank, get_local_rank_size,
                                                 destroy_group, get_process_group_ranks)
from minispore.communication._engine import CommunicationError

__all__ = ["GlobalComm", "init", "release", "get_rank", "get_group_size", "get_world_rank_from_group_rank",
           "get_group_rank_from_world_rank", "create_group", "HCCL_WORLD_COMM_GROUP", "NCCL_WORLD_COMM_GROUP",
           "MCCL_WORLD_COMM_GROUP", "get_local_rank", "get_local_rank_size", "destroy_group",
           "get_process_group_ranks", "CommunicationError"]


def __getattr__(name):
    if name == "comm_func":
        import importlib
        return importlib.import_module("minispore.communication.comm_func")
    raise AttributeError(f"module 'mindspore.communication' has no attribute '{name}'")
