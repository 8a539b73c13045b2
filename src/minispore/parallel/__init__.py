"""`mindspore.parallel`: the parallel context (data parallelism) and the `msrun` launcher (`cluster`)."""
from minispore.parallel._auto_parallel_context import (ParallelMode, set_auto_parallel_context,
                                                       get_auto_parallel_context, reset_auto_parallel_context)

__all__ = ["ParallelMode", "set_auto_parallel_context", "get_auto_parallel_context", "reset_auto_parallel_context"]
