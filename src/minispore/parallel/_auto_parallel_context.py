"""`set_auto_parallel_context` / `get_auto_parallel_context` / `reset_auto_parallel_context`.

On the CPU MindSpore runs data parallelism only, and so does minispore: 'stand_alone', 'data_parallel'
and 'hybrid_parallel' (data parallel where `layerwise_parallel` parameters are left unreduced).
Settings that only steer semi-automatic parallelism are checked and kept as MindSpore keeps them; the
two that would change data-parallel training in ways minispore does not implement (the parallel
optimizer, pipeline stages) are refused when turned on.
"""
import copy

__all__ = ["ParallelMode", "set_auto_parallel_context", "get_auto_parallel_context", "reset_auto_parallel_context",
           "_get_parallel_mode", "_get_gradients_mean", "_get_device_num", "_get_global_rank",
           "_get_parameter_broadcast"]


class ParallelMode:
    """The parallel modes (`mindspore.ParallelMode`)."""

    STAND_ALONE = "stand_alone"
    DATA_PARALLEL = "data_parallel"
    HYBRID_PARALLEL = "hybrid_parallel"
    SEMI_AUTO_PARALLEL = "semi_auto_parallel"
    AUTO_PARALLEL = "auto_parallel"
    MODE_LIST = [STAND_ALONE, DATA_PARALLEL, HYBRID_PARALLEL, SEMI_AUTO_PARALLEL, AUTO_PARALLEL]


_SUPPORTED_MODES = (ParallelMode.STAND_ALONE, ParallelMode.DATA_PARALLEL, ParallelMode.HYBRID_PARALLEL)
_COMM_FUSION = {"openstate": True, "allreduce": {"mode": "auto", "config": None},
                "allgather": {"mode": "auto", "config": None}, "reducescatter": {"mode": "auto", "config": None}}
_DEFAULTS = {
    "device_num": 1, "global_rank": 0, "gradients_mean": False, "gradient_fp32_sync": True,
    "loss_repeated_mean": True, "pipeline_stages": 1, "auto_pipeline": False, "pipeline_result_broadcast": False,
    "pipeline_interleave": False, "pipeline_scheduler": "1f1b", "parallel_mode": "stand_alone",
    "search_mode": "recursive_programming", "auto_parallel_search_mode": "recursive_programming",
    "parameter_broadcast": False, "strategy_ckpt_load_file": "", "strategy_ckpt_save_file": "", "full_batch": False,
    "dataset_strategy": "data_parallel", "enable_parallel_optimizer": False, "force_fp32_communication": False,
    "grad_accumulation_step": 1, "all_reduce_fusion_config": [], "communi_parallel_mode": "all_group_parallel",
    "optimizer_weight_shard_size": -1, "optimizer_weight_shard_aggregated_save": False, "sharding_propagation": False,
    "enable_alltoall": False, "comm_fusion": _COMM_FUSION,
    "strategy_ckpt_config": {"load_file": "", "save_file": "", "only_trainable_params": True},
    "full_batch_is_set": False, "dump_local_norm": False, "dump_local_norm_path": "", "dump_device_local_norm": False,
    "auto_parallel_new_interface": False, "init_param_in_compile": True,
}
_SET_ONLY = {"group_ckpt_save_file": "", "parallel_optimizer_config": {}, "pipeline_config": {},
             "pipeline_segments": 1}
_GET_ONLY = ("full_batch_is_set", "pipeline_interleave", "pipeline_scheduler")
_BOOLS = ("gradients_mean", "gradient_fp32_sync", "loss_repeated_mean", "auto_pipeline", "pipeline_result_broadcast",
          "parameter_broadcast", "full_batch", "enable_parallel_optimizer", "force_fp32_communication",
          "optimizer_weight_shard_aggregated_save", "sharding_propagation", "enable_alltoall", "dump_local_norm",
          "dump_device_local_norm", "auto_parallel_new_interface", "init_param_in_compile")
_STRS = ("strategy_ckpt_load_file", "strategy_ckpt_save_file", "dump_local_norm_path", "group_ckpt_save_file")
_DICTS = ("strategy_ckpt_config", "parallel_optimizer_config", "pipeline_config")
_SEARCH_MODES = ("recursive_programming", "dynamic_programming", "sharding_propagation")
_COMMUNI_MODES = ("all_group_parallel", "same_server_group_parallel", "no_group_parallel")

_context = {}
_explicit = set()


def _check_type(key, value, kind):
    if type(value) is not kind:
        raise TypeError(f"The parameter '{key}' must be {kind}, but got {type(value)}")


def _check_int(key, value, low, high=None):
    _check_type(key, value, int)
    if value < low or (high is not None and value > high):
        expected = f"in [{low}, {high}]" if high is not None else "a positive integer"
        raise ValueError(f"The context configuration parameter '{key}' must be {expected}, "
                         f"but got the value of {key} : {value}.")


def _check_parallel_mode(value):
    _check_type("parallel_mode", value, str)
    if value not in ParallelMode.MODE_LIST:
        raise ValueError("The context configuration parameter 'parallel_mode' only support 'stand_alone', "
                         "'data_parallel', 'hybrid_parallel', 'semi_auto_parallel' and 'auto_parallel', "
                         f"but got the value : {value}.")
    if value not in _SUPPORTED_MODES:
        raise ValueError(f"parallel_mode '{value}' needs sharding strategies, which minispore does not implement; "
                         "like MindSpore on the CPU it runs 'stand_alone', 'data_parallel' and 'hybrid_parallel'.")


def _check_fusion_indices(value):
    if not isinstance(value, list):
        raise TypeError("For 'set_auto_parallel_context().set_all_reduce_fusion_split_indices', the argument "
                        f"'indices' must be list, but got the type : {type(value)} .")
    if not value:
        raise ValueError("For 'set_auto_parallel_context().set_all_reduce_fusion_split_indices', "
                         "the argument 'indices' can not be empty")
    for index in value:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError("For 'set_auto_parallel_context().set_all_reduce_fusion_split_indices', the argument "
                            f"'index' must be int, but got the type : {type(index)} .")
    if len(set(value)) != len(value):
        raise ValueError("The indices has duplicate elements")
    if sorted(value) != value:
        raise ValueError("For 'set_auto_parallel_context().set_all_reduce_fusion_split_indices', "
                         "the elements in argument 'indices' must be sorted in ascending order")


def _check_comm_fusion(value):
    _check_type("comm_fusion", value, dict)
    for key, config in value.items():
        if key not in _COMM_FUSION:
            raise KeyError(f"comm fusion type must be openstate,allreduce, allgather or reducescatter, but got {key}")
        if key == "openstate":
            _check_type("openstate", config, bool)
            continue
        _check_type(key, config, dict)
        if config.get("mode") not in ("auto", "size", "index"):
            raise KeyError(f"fusion method mode must be auto, index or size, but got {config.get('mode')}")
        if config["mode"] == "size" and (isinstance(config.get("config"), bool)
                                         or not isinstance(config.get("config"), int) or config["config"] <= 0):
            raise TypeError(f"For 'comm_fusion', the 'size' config of {key} must be a positive int (MB), "
                            f"but got {config.get('config')!r}.")
        if config["mode"] == "index":
            _check_fusion_indices(config.get("config"))


def _validate(key, value):
    if key in _BOOLS:
        _check_type(key, value, bool)
    elif key in _STRS:
        _check_type(key, value, str)
    elif key in _DICTS:
        _check_type(key, value, dict)
    elif key in ("search_mode", "auto_parallel_search_mode"):
        if value not in _SEARCH_MODES:
            raise ValueError("The context configuration parameter 'auto_parallel_search_mode' only support "
                             "'recursive_programming', 'dynamic_programming' and 'sharding_propagation', "
                             f"but got the value: {value}.")
    elif key == "communi_parallel_mode":
        if value not in _COMMUNI_MODES:
            raise ValueError(f"The context configuration parameter 'communi_parallel_mode' only support "
                             f"{', '.join(repr(m) for m in _COMMUNI_MODES)}, but got the value : {value}.")
    elif key == "device_num":
        _check_int(key, value, 1)
    elif key == "global_rank":
        _check_int(key, value, 0, 4095)
    elif key in ("pipeline_stages", "grad_accumulation_step", "pipeline_segments"):
        _check_int(key, value, 1)
    elif key == "optimizer_weight_shard_size":
        _check_type(key, value, int)
    elif key == "parallel_mode":
        _check_parallel_mode(value)
    elif key == "all_reduce_fusion_config":
        _check_type(key, value, list)
        _check_fusion_indices(value)
    elif key == "comm_fusion":
        _check_comm_fusion(value)
    elif key == "dataset_strategy":
        if value not in ("data_parallel", "full_batch") and not isinstance(value, tuple):
            raise ValueError("For 'set_auto_parallel_context', the argument 'dataset_strategy' must be "
                             f"'data_parallel', 'full_batch' or a tuple, but got {value!r}.")
    if key == "enable_parallel_optimizer" and value:
        raise ValueError("minispore does not implement the parallel optimizer (optimizer state sharded over the "
                         "ranks): keep enable_parallel_optimizer=False.")
    if key == "pipeline_stages" and value > 1:
        raise ValueError(f"minispore does not implement pipeline parallelism: pipeline_stages must be 1, "
                         f"but got {value}.")


def set_auto_parallel_context(**kwargs):
    """Set parallel settings (parallel_mode, gradients_mean, device_num, global_rank, parameter_broadcast, ...)."""
    for key, value in kwargs.items():
        if key in _GET_ONLY or (key not in _DEFAULTS and key not in _SET_ONLY):
            raise ValueError(f"Set context keyword {key} is not recognized!")
        _validate(key, value)
    for key, value in kwargs.items():
        if key == "comm_fusion":
            merged = copy.deepcopy(_context["comm_fusion"])
            merged.update(copy.deepcopy(value))
            value = merged
        _context[key] = copy.deepcopy(value)
        _explicit.add(key)
        if key == "full_batch":
            _context["full_batch_is_set"] = True


def get_auto_parallel_context(attr_key):
    """The value of one parallel setting."""
    if attr_key not in _DEFAULTS:
        raise ValueError(f"Get context keyword {attr_key} is not recognized!")
    return copy.deepcopy(_context[attr_key])


def reset_auto_parallel_context():
    """Every parallel setting back to its default."""
    _context.clear()
    _context.update(copy.deepcopy(_DEFAULTS))
    _context.update(copy.deepcopy(_SET_ONLY))
    _explicit.clear()


reset_auto_parallel_context()


def _get_parallel_mode():
    return _context["parallel_mode"]


def _get_gradients_mean():
    return _context["gradients_mean"]


def _is_data_parallel():
    return _context["parallel_mode"] in (ParallelMode.DATA_PARALLEL, ParallelMode.HYBRID_PARALLEL)


def _get_device_num():
    """1 when stand-alone; else device_num if set, else the world's size."""
    if _context["parallel_mode"] == ParallelMode.STAND_ALONE:
        return 1
    if "device_num" in _explicit:
        return _context["device_num"]
    from minispore.communication.management import get_group_size
    return get_group_size()


def _get_global_rank():
    if _context["parallel_mode"] == ParallelMode.STAND_ALONE:
        return 0
    if "global_rank" in _explicit:
        return _context["global_rank"]
    from minispore.communication.management import get_rank
    return get_rank()


def _get_parameter_broadcast():
    return _context["parameter_broadcast"]


def _fusion_plan():
    """How DistributedGradReducer buckets gradients: ('auto', None), ('size', MB), ('index', split indices),
    or ('none', None) when fusion is switched off (one all-reduce per gradient)."""
    allreduce = _context["comm_fusion"]["allreduce"]
    if "all_reduce_fusion_config" in _explicit:
        return "index", list(_context["all_reduce_fusion_config"])
    if not _context["comm_fusion"].get("openstate", True):
        return "none", None
    return allreduce["mode"], allreduce["config"]
