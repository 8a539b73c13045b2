"""`mindspore.context`: set_context / get_context. GRAPH_MODE makes Cells compile (see `minispore._jit`)."""
import os

from minispore import _backend, _jit
from minispore._backend.threads import set_thread_limit

from minispore.parallel._auto_parallel_context import (ParallelMode, set_auto_parallel_context,
                                                       get_auto_parallel_context, reset_auto_parallel_context)

__all__ = ["set_context", "get_context", "GRAPH_MODE", "PYNATIVE_MODE", "set_device", "get_device",
           "ParallelMode", "set_auto_parallel_context", "get_auto_parallel_context", "reset_auto_parallel_context",
           "STRICT", "COMPATIBLE", "LAX"]

GRAPH_MODE = 0
PYNATIVE_MODE = 1
STRICT, COMPATIBLE, LAX = 0, 1, 2  # jit_syntax_level: how much Python graph mode accepts (here: all of it)

_TARGETS = ["CPU", "GPU", "Ascend", "Davinci"]
_context = {"mode": PYNATIVE_MODE, "device_target": "CPU", "device_id": 0, "save_graphs": False,
            "save_graphs_path": ".", "max_call_depth": 1000, "jit_config": {}, "pynative_synchronize": False,
            "enable_graph_kernel": False, "runtime_num_threads": min(os.cpu_count() or 1, 30), "deterministic": "OFF",
            "max_device_memory": "1024GB", "memory_optimize_level": "O0", "print_file_path": "",
            "enable_reduce_precision": True, "check_bprop": False, "precompile_only": False,
            "jit_level": "O0", "ascend_config": {}, "inter_op_parallel_num": 0, "jit_syntax_level": LAX}


def set_context(**kwargs):
    """Record context settings; mode=GRAPH_MODE makes every Cell called outside a transformation compile."""
    for key, value in kwargs.items():
        if key not in _context:
            raise ValueError(f"For 'context.set_context', the keyword argument {key} is not recognized! "
                             f"Known keywords: {', '.join(sorted(_context))}.")
        if key == "mode":
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"The parameter 'mode' must be <class 'int'>, but got {type(value)}")
            if value not in (GRAPH_MODE, PYNATIVE_MODE):
                raise ValueError("For 'context.set_context', the argument 'mode' should be "
                                 f"context.GRAPH_MODE (0) or context.PYNATIVE_MODE (1), but got {value}.")
        if key == "jit_syntax_level":
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"The parameter 'jit_syntax_level' must be <class 'int'>, but got {type(value)}")
            if value not in (STRICT, COMPATIBLE, LAX):
                raise ValueError("For 'jit_syntax_level', the value should be context.STRICT or context.LAX, "
                                 f"but got {value}.")
        if key == "device_target":
            set_device(value)
        if key == "runtime_num_threads":
            _check_thread_count(value)
    for key, value in kwargs.items():
        _context[key] = value
        if key == "runtime_num_threads":
            set_thread_limit(int(value) or None)
    if "mode" in kwargs:
        _jit.set_graph_mode(kwargs["mode"] == GRAPH_MODE)


def _check_thread_count(count):
    # As MindSpore: an int (bool included), 0 or more; 0 leaves the count to the thread policy.
    if not isinstance(count, int):
        raise TypeError(f"The parameter 'runtime_num_threads' must be <class 'int'>, but got {type(count)}")
    if count < 0:
        raise ValueError(f"For 'context.set_context', 'runtime_num_threads' must be bigger than or equal to 0, "
                         f"but got {count}.")


def get_context(attr_key):
    """The value of one context setting."""
    if attr_key not in _context:
        raise ValueError(f"For 'context.get_context', the argument {attr_key} is not recognized!")
    return _context[attr_key]


def set_device(device_target, device_id=None):
    """'CPU' (NumPy) or 'GPU' (CuPy, a clear error when it is missing); Ascend is refused."""
    if device_target not in _TARGETS:
        raise ValueError(f"For 'set_device', the argument 'device_target' must be one of {_TARGETS}, "
                         f"but got {device_target}.")
    if device_target not in ("CPU", "GPU"):
        raise RuntimeError(f"Unsupported device target {device_target}: minispore runs on the CPU (NumPy) "
                           "and on GPUs (CuPy).")
    _backend.set_default_backend(_backend.backend_for_device(device_target).name)
    _context["device_target"] = device_target
    if device_id is not None:
        _context["device_id"] = device_id


def get_device():
    return _context["device_target"]
