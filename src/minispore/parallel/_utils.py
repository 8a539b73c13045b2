"""`mindspore.parallel._utils`: the parallel-context readers that model-zoo code imports from here."""
from minispore.parallel._auto_parallel_context import (_get_device_num, _get_global_rank, _get_gradients_mean,
                                                       _get_parallel_mode, _get_parameter_broadcast)

__all__ = ["_get_device_num", "_get_global_rank", "_get_gradients_mean", "_get_parallel_mode",
           "_get_parameter_broadcast"]
