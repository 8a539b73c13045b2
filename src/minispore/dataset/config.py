"""`mindspore.dataset.config`: the pipeline seed and the global pipeline settings.

Settings that steer minispore's engine: the seed, `num_parallel_workers` (the default worker count
of `map`/`batch`), `prefetch_size` (how many rows run ahead of the consumer in a parallel `map`),
`error_samples_mode`, `multiprocessing_timeout_interval`, `callback_timeout`, `debug_mode`
(everything in the calling thread). Settings about hardware minispore does not manage — NUMA
binding, autotuning, shared memory, device sending, offload, watchdog, fast recovery — keep the
value given, checked as MindSpore checks it, and change nothing (docs/differences.md).
"""
import os
import random
from enum import IntEnum

import numpy as np

from minispore.common import seed as _global_seed

__all__ = ["set_seed", "get_seed", "set_prefetch_size", "get_prefetch_size", "set_num_parallel_workers",
           "get_num_parallel_workers", "set_numa_enable", "get_numa_enable", "set_monitor_sampling_interval",
           "get_monitor_sampling_interval", "set_callback_timeout", "get_callback_timeout",
           "set_auto_num_workers", "get_auto_num_workers", "set_enable_shared_mem", "get_enable_shared_mem",
           "set_enable_autotune", "get_enable_autotune", "set_autotune_interval", "get_autotune_interval",
           "set_auto_offload", "get_auto_offload", "set_enable_watchdog", "get_enable_watchdog",
           "set_fast_recovery", "get_fast_recovery", "set_debug_mode", "get_debug_mode",
           "set_error_samples_mode", "get_error_samples_mode", "ErrorSamplesMode",
           "set_multiprocessing_timeout_interval", "get_multiprocessing_timeout_interval",
           "set_iterator_mode", "get_iterator_mode", "set_multiprocessing_start_method",
           "get_multiprocessing_start_method", "set_sending_batches", "load"]

INT32_MAX = 2147483647
UINT32_MAX = 4294967295
DEFAULT_SEED = 5489  # std::mt19937::default_seed: MindSpore's "no seed set"


class ErrorSamplesMode(IntEnum):
    """What `map` does with a row whose transform raises: raise, replace it by a good row, or skip it."""
    RETURN = 0
    REPLACE = 1
    SKIP = 2


_seed = None
_settings = {"num_parallel_workers": min(8, os.cpu_count() or 1), "prefetch_size": 16, "numa_enable": False,
             "monitor_sampling_interval": 1000, "callback_timeout": 60, "auto_num_workers": False,
             "enable_shared_mem": True, "enable_autotune": False, "autotune_interval": 0, "auto_offload": False,
             "enable_watchdog": True, "fast_recovery": True, "debug_mode": False,
             "error_samples_mode": ErrorSamplesMode.RETURN, "multiprocessing_timeout_interval": 300,
             "iterator_mode": {"do_copy": False, "parallel_convert": False},
             "multiprocessing_start_method": "fork", "sending_batches": 0}


def _check_int(value, name, low, high):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} isn't of type int.")
    if not low <= value <= high:
        raise ValueError(f"{name} given is not within the required range [{low}, {high}].")
    return value


def _check_bool(value, name):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a boolean dtype.")
    return value


def set_seed(seed):
    """Seed shuffling, samplers and random transforms (and Python's and NumPy's global generators)."""
    global _seed
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TypeError("seed isn't of type int.")
    if seed < 0 or seed > UINT32_MAX:
        raise ValueError("seed given is not within the required range [0, UINT32_MAX(4294967295)].")
    _seed = seed
    random.seed(seed)
    np.random.seed(seed)


def get_seed():
    """The dataset seed: set_seed's, else minispore.set_seed's, else 5489 (MindSpore's default)."""
    if _seed is not None:
        return _seed
    global_seed = _global_seed.get_seed()
    return DEFAULT_SEED if global_seed is None else global_seed


def engine_seed():
    """The seed a random sampler or transform starts from: the set seed, or a fresh one when none is set.

    As in MindSpore, a seed equal to the default (5489) counts as "not set".
    """
    seed = get_seed()
    if seed == DEFAULT_SEED:
        return int(np.random.SeedSequence().generate_state(1)[0])
    return seed


def set_num_parallel_workers(num):
    """The default number of workers of `map` and `batch` (and of sources that read in parallel)."""
    if not isinstance(num, int) or isinstance(num, bool):
        raise TypeError("num isn't of type int.")
    if num <= 0 or num > INT32_MAX:
        raise ValueError("Number of parallel workers given is not within the required range"
                         " (0, INT32_MAX(2147483647)].")
    _settings["num_parallel_workers"] = num
    _settings["workers_set"] = True


def default_workers():
    """Workers of a map or batch not given num_parallel_workers: the value set by set_num_parallel_workers,
    else 1 (the calling thread: worker startup costs more than it saves on small rows)."""
    return _settings["num_parallel_workers"] if _settings.get("workers_set") else 1


def get_num_parallel_workers():
    """The default number of workers (min(8, CPU count) until set)."""
    return _settings["num_parallel_workers"]


def set_prefetch_size(size):
    """How many rows a parallel `map` keeps in flight ahead of the consumer."""
    if not isinstance(size, int) or isinstance(size, bool):
        raise TypeError("size isn't of type int.")
    if size <= 0 or size > INT32_MAX:
        raise ValueError("Prefetch size given is not within the required range (0, INT32_MAX(2147483647)].")
    _settings["prefetch_size"] = size


def get_prefetch_size():
    """The prefetch size (default 16)."""
    return _settings["prefetch_size"]


def set_numa_enable(numa_enable):
    """Recorded only: minispore does not bind workers to NUMA nodes."""
    _settings["numa_enable"] = _check_bool(numa_enable, "numa_enable")


def get_numa_enable():
    """The value given to set_numa_enable (default False)."""
    return _settings["numa_enable"]


def set_monitor_sampling_interval(interval):
    """Recorded only: minispore has no performance monitor."""
    _settings["monitor_sampling_interval"] = _check_int(interval, "interval", 0, INT32_MAX)


def get_monitor_sampling_interval():
    """The value given to set_monitor_sampling_interval (default 1000 ms)."""
    return _settings["monitor_sampling_interval"]


def set_callback_timeout(timeout):
    """Seconds a dataset callback may block (recorded; minispore's callbacks run in the consumer thread)."""
    _settings["callback_timeout"] = _check_int(timeout, "timeout", 1, INT32_MAX)


def get_callback_timeout():
    """The callback timeout in seconds (default 60)."""
    return _settings["callback_timeout"]


def set_auto_num_workers(enable):
    """Recorded only: minispore uses the worker counts it is given."""
    _settings["auto_num_workers"] = _check_bool(enable, "enable")


def get_auto_num_workers():
    """The value given to set_auto_num_workers (default False)."""
    return _settings["auto_num_workers"]


def set_enable_shared_mem(enable):
    """Recorded only: worker processes return rows through pipes."""
    _settings["enable_shared_mem"] = _check_bool(enable, "enable")


def get_enable_shared_mem():
    """The value given to set_enable_shared_mem (default True)."""
    return _settings["enable_shared_mem"]


def set_enable_autotune(enable, filepath_prefix=None):
    """Recorded only: minispore does not autotune pipelines."""
    _settings["enable_autotune"] = _check_bool(enable, "enable")


def get_enable_autotune():
    """The value given to set_enable_autotune (default False)."""
    return _settings["enable_autotune"]


def set_autotune_interval(interval):
    """Recorded only (see set_enable_autotune)."""
    _settings["autotune_interval"] = _check_int(interval, "interval", 0, INT32_MAX)


def get_autotune_interval():
    """The value given to set_autotune_interval (default 0)."""
    return _settings["autotune_interval"]


def set_auto_offload(offload):
    """Recorded only: minispore runs every transform on the host."""
    _settings["auto_offload"] = _check_bool(offload, "offload")


def get_auto_offload():
    """The value given to set_auto_offload (default False)."""
    return _settings["auto_offload"]


def set_enable_watchdog(enable):
    """Recorded only: minispore's worker processes end with the pipeline that started them."""
    _settings["enable_watchdog"] = _check_bool(enable, "enable")


def get_enable_watchdog():
    """The value given to set_enable_watchdog (default True)."""
    return _settings["enable_watchdog"]


def set_fast_recovery(fast_recovery):
    """Recorded only: minispore has no failover reset."""
    _settings["fast_recovery"] = _check_bool(fast_recovery, "fast_recovery")


def get_fast_recovery():
    """The value given to set_fast_recovery (default True)."""
    return _settings["fast_recovery"]


def set_debug_mode(debug_mode_flag, debug_hook_list=None):
    """Run every transform in the calling thread, one row at a time (workers off)."""
    _settings["debug_mode"] = _check_bool(debug_mode_flag, "debug_mode_flag")


def get_debug_mode():
    """Whether debug mode is on (default False)."""
    return _settings["debug_mode"]


def set_error_samples_mode(error_samples_mode):
    """What `map` does with a row whose transform fails (ErrorSamplesMode.RETURN: raise)."""
    if not isinstance(error_samples_mode, ErrorSamplesMode):
        raise TypeError(f"error_samples_mode must be of type ErrorSamplesMode, but got {error_samples_mode!r}.")
    _settings["error_samples_mode"] = error_samples_mode


def get_error_samples_mode():
    """The error samples mode (default ErrorSamplesMode.RETURN)."""
    return _settings["error_samples_mode"]


def set_multiprocessing_timeout_interval(interval):
    """Seconds between warnings while waiting for a worker process."""
    _settings["multiprocessing_timeout_interval"] = _check_int(interval, "interval", 1, INT32_MAX)


def get_multiprocessing_timeout_interval():
    """The worker wait interval in seconds (default 300)."""
    return _settings["multiprocessing_timeout_interval"]


def set_iterator_mode(do_copy=False, parallel_convert=False):
    """Recorded only: iterators here always hand out arrays the consumer owns."""
    _settings["iterator_mode"] = {"do_copy": _check_bool(do_copy, "do_copy"),
                                  "parallel_convert": _check_bool(parallel_convert, "parallel_convert")}


def get_iterator_mode():
    """The value given to set_iterator_mode."""
    return dict(_settings["iterator_mode"])


def set_multiprocessing_start_method(start_method='fork'):
    """How worker processes start ('fork' or 'spawn')."""
    if start_method not in ("fork", "spawn"):
        raise ValueError(f"start_method must be 'fork' or 'spawn', but got {start_method!r}.")
    _settings["multiprocessing_start_method"] = start_method


def get_multiprocessing_start_method():
    """The worker start method (default 'fork')."""
    return _settings["multiprocessing_start_method"]


def set_sending_batches(batch_num):
    """Recorded only: minispore has no device queue."""
    _settings["sending_batches"] = _check_int(batch_num, "batch_num", 0, 2**63 - 1)


def load(file):
    """Read settings from a JSON file of {name: value} (the keys MindSpore's config files use)."""
    import json
    with open(file, encoding="utf-8") as handle:
        values = json.load(handle)
    setters = {"seed": set_seed, "numParallelWorkers": set_num_parallel_workers,
               "prefetchSize": set_prefetch_size, "monitorSamplingInterval": set_monitor_sampling_interval,
               "callbackTimeout": set_callback_timeout}
    for key, value in values.items():
        if key in setters:
            setters[key](value)
