"""`mindspore.jit`, `JitConfig` and the syntax levels: functions compiled by tracing (see `minispore._jit`).

A jitted function is traced on its first calls with a new input signature and then replays a
compiled graph of primitives. minispore has no syntax limits: any Python runs, and Python that
depends on Tensor values becomes a guard, or runs eagerly.
"""
import functools
import types
import warnings

from minispore._jit import JitFunction

__all__ = ["jit", "JitConfig"]

_CAPTURE_MODES = ["ast", "bytecode", "trace"]
_JIT_LEVELS = ["O0", "O1"]
_DEPRECATED_OPTIONS = {"mode": "capture_mode", "input_signature": "dynamic", "hash_args: ": "",
                       "jit_config": "jit_level, fullgraph or options", "compile_once": ""}
_OPTION_BACKENDS = {"disable_format_transform": ["ms_backend"], "exec_order": ["ms_backend"],
                    "ge_options": ["GE"], "infer_boost": ["ms_backend"]}


def _check_string(value, allowed, name):
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"For 'jit', the '{name}' must be str and must be in '{allowed}', but got '{value}'.")
    return value


def _check_options(options, backend):
    for key, instead in _DEPRECATED_OPTIONS.items():
        if key in options:
            message = f"For 'jit', the parameter '{key}' has been deprecated."
            if instead:
                message += f" Please use the parameter '{instead}' instead."
            warnings.warn(message, DeprecationWarning, stacklevel=3)
            del options[key]
    for option, value in options.items():
        if option in _OPTION_BACKENDS and backend != "" and backend not in _OPTION_BACKENDS[option]:
            warnings.warn(f"For 'jit(options)', the option '{option}' is only support backend in "
                          f"'{_OPTION_BACKENDS[option]}', but got '{backend}', ignore it.", stacklevel=3)
        if option == "disable_format_transform" and not isinstance(value, bool):
            raise TypeError(f"For 'jit(options)', the type of '{option}' must be bool, but got {type(value)}.")
        if option == "exec_order":
            if not isinstance(value, str):
                raise TypeError(f"For 'jit(options)', the type of '{option}' must be str, but got {type(value)}.")
            if value not in ("bfs", "dfs"):
                raise ValueError(f"For '{option}', the value of '{option}' must be one of ['bfs', 'dfs'], but got "
                                 f"'{value}'.")
        if option not in _OPTION_BACKENDS and option not in ("auto_offload", "exc_mode"):
            warnings.warn(f"For 'jit(options)', the option argument '{option}' is not recognized, please check!",
                          stacklevel=3)


def jit(function=None, *, capture_mode="ast", jit_level="O0", dynamic=0, fullgraph=False, backend="",
        **options):
    """Compile `function` (a function, method, Cell or Cell class) into replayed graphs; usable as a decorator.

    Every capture mode traces (no syntax limits). `fullgraph=True` turns a fallback to eager execution
    into an error; `jit_level`, `dynamic`, `backend` and `options` are checked as MindSpore checks them.
    """
    _check_string(capture_mode, _CAPTURE_MODES, "capture_mode")
    _check_string(jit_level, _JIT_LEVELS, "jit_level")
    if isinstance(dynamic, bool) or not isinstance(dynamic, int):
        raise TypeError(f"For 'jit', the 'dynamic' must be 'int',  but got '{type(dynamic).__name__}'.")
    if not 0 <= dynamic <= 1:
        raise ValueError(f"For 'jit', the 'dynamic' must be in range of [0, 1], but got {dynamic} with type 'int'.")
    if not isinstance(fullgraph, bool):
        raise TypeError(f"For 'jit', the 'fullgraph' must be a bool, but got {type(fullgraph).__name__}.")
    _check_options(options, backend)
    JitConfig(jit_level=jit_level, exc_mode=options.get("exc_mode", "auto"),
              jit_syntax_level="STRICT" if fullgraph else "LAX", infer_boost=options.get("infer_boost", "off"))

    def wrap_func(func):
        if hasattr(func, "construct") and hasattr(func, "cells_and_names"):  # a Cell class or instance
            if isinstance(func, type):
                func.construct = wrap_func(func.construct)
                return func
            construct = func.construct
            return types.MethodType(wrap_func(getattr(construct, "__func__", construct)), func)
        if isinstance(func, types.MethodType):
            return types.MethodType(wrap_func(func.__func__), func.__self__)
        if not isinstance(func, types.FunctionType):
            warnings.warn(f"The func should be function, method or cell instance/class, but got {func}",
                          stacklevel=2)
            return func
        compiled = JitFunction(func, fullgraph=fullgraph, level=jit_level)

        @functools.wraps(func)
        def jitted(*args, **kwargs):
            return compiled(*args, **kwargs)

        jitted.__jit__ = compiled
        return jitted

    return wrap_func(function) if function is not None else wrap_func


class JitConfig:
    """Compile settings for a Cell (`Cell.set_jit_config`); kept in `jit_config_dict` as MindSpore keeps them."""

    def __init__(self, jit_level="", exc_mode="auto", jit_syntax_level="", debug_level="RELEASE",
                 infer_boost="off", **kwargs):
        if jit_level not in ["", "O0", "O1", "O2"]:
            raise ValueError("For 'jit_level' must be one of ['O0', 'O1', 'O2'].")
        if exc_mode not in ["auto", "sink", "no_sink"]:
            raise ValueError("For 'exc_mode' must be one of '['auto', 'sink', 'no_sink']'.")
        if jit_syntax_level != "" and jit_syntax_level not in ["STRICT", "COMPATIBLE", "LAX"]:
            raise ValueError("For 'jit_syntax_level' must be one of '['STRICT', 'LAX']'.")
        if debug_level not in ["RELEASE", "DEBUG"]:
            raise ValueError("For 'debug_level' must be one of '['RELEASE', 'DEBUG']'.")
        if infer_boost != "" and infer_boost not in ["on", "off"]:
            raise ValueError("For 'infer_boost' must be one of '['on', 'off']'.")
        self.jit_config_dict = dict(kwargs)
        self.jit_config_dict.update(jit_level=jit_level, exc_mode=exc_mode, jit_syntax_level=jit_syntax_level,
                                    debug_level=debug_level, infer_boost=infer_boost)
        if "backend" not in self.jit_config_dict:
            if jit_level in ["O0", "O1"]:
                self.jit_config_dict["backend"] = "ms_backend"
            elif jit_level == "O2":
                self.jit_config_dict["backend"] = "GE"
