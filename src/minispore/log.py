"""`mindspore.log`: MindSpore's Python logger (`log.warning(...)`, `log.info(...)`, ...).

Configured, as MindSpore's is, from the environment when first used: `GLOG_v` is the level
(0 DEBUG, 1 INFO, 2 WARNING — the default —, 3 ERROR, 4 CRITICAL); `GLOG_logtostderr=0` with
`GLOG_log_dir` writes to `<dir>/rank_<id>/logs/mindspore.log.<pid>` (rotated at `logger_maxBytes`,
keeping `logger_backupCount` files) and copies records at or above `GLOG_stderrthreshold` to stderr.
Lines look like MindSpore's:
`[WARNING] ME(pid:thread,MainProcess):2025-01-31-12:00:00.123.456 [script.py:7] message`.
"""
import logging
import logging.handlers
import os
import sys
import threading
import time

__all__ = ["get_level", "get_log_config", "debug", "info", "warning", "error", "critical"]

_GLOG_TO_NAME = {"0": "DEBUG", "1": "INFO", "2": "WARNING", "3": "ERROR", "4": "CRITICAL"}
_LEVEL_TO_GLOG = {getattr(logging, name): glog for glog, name in _GLOG_TO_NAME.items()}
_ENV = {"level": "GLOG_v", "console": "GLOG_logtostderr", "filepath": "GLOG_log_dir",
        "maxBytes": "logger_maxBytes", "backupCount": "logger_backupCount", "stderr_level": "GLOG_stderrthreshold"}
_FORMAT = "[%(levelname)s] ME(%(process)d:%(thread)d,%(processName)s):%(asctime)s [%(filepath)s:%(lineno)d] %(message)s"

_logger = None
_lock = threading.Lock()


class _Formatter(logging.Formatter):
    """MindSpore's time stamp (%Y-%m-%d-%H:%M:%S.mmm.uuu) and file path (from 'mindspore' on, if present)."""

    def formatTime(self, record, datefmt=None):
        stamp = time.strftime("%Y-%m-%d-%H:%M:%S", self.converter(record.created))
        micros = f"{round(record.msecs * 1000):06d}"
        return f"{stamp}.{micros[:3]}.{micros[3:]}"

    def format(self, record):
        start = record.pathname.rfind("mindspore")
        record.filepath = record.pathname[start:] if start >= 0 else record.pathname
        return super().format(record)


def _level_name(variable, value):
    if value not in _GLOG_TO_NAME:
        raise ValueError(f"Incorrect log level, please check the configuration of {variable}, desired log level: "
                         f"4-CRITICAL, 3-ERROR, 2-WARNING, 1-INFO, 0-DEBUG. But got {value}.")
    return _GLOG_TO_NAME[value]


def _positive(variable, value):
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"Incorrect value, the value of {variable} must be positive integer. But got "
                         f"{variable}:{value}.")
    return int(value)


def _config():
    """The logger settings from the environment, checked."""
    env = {key: os.environ[name].strip() for key, name in _ENV.items() if os.environ.get(name, "").strip()}
    config = {"level": _level_name("GLOG_v", env.get("level", "2")),
              "stderr_level": _level_name("GLOG_stderrthreshold", env.get("stderr_level", "2")),
              "console": env.get("console", "1"),
              "maxBytes": _positive("logger_maxBytes", env.get("maxBytes", "52428800")),
              "backupCount": _positive("logger_backupCount", env.get("backupCount", "30"))}
    if config["console"] not in ("0", "1"):
        raise ValueError(f"Incorrect value, the value of GLOG_logtostderr must be 0 or 1, but got "
                         f"{config['console']}.")
    if config["console"] == "0":
        if "filepath" not in env:
            raise ValueError("When GLOG_logtostderr is set to 0, the directory of saving log GLOG_log_dir must be "
                             "set, but got it empty.")
        config["filepath"] = env["filepath"]
    return config


def _rank_id():
    for name in ("RANK_ID", "OMPI_COMM_WORLD_RANK", "MS_NODE_ID"):
        if os.environ.get(name):
            return os.environ[name]
    return "0"


def _get_logger():
    """The process's MindSpore logger, set up from the environment on first use."""
    global _logger
    if _logger is not None:
        return _logger
    with _lock:
        if _logger is not None:
            return _logger
        config = _config()
        log_name = f"mindspore.log.{os.getpid()}"
        logger = logging.getLogger(f"ME.{log_name}")
        logger.setLevel(config["level"])
        logger.propagate = False
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        formatter = _Formatter(_FORMAT)
        console = logging.StreamHandler(sys.stderr)
        console.name = "StreamHandler"
        console.setFormatter(formatter)
        if config["console"] == "0":
            directory = os.path.join(os.path.realpath(config["filepath"]), f"rank_{_rank_id()}", "logs")
            os.makedirs(directory, mode=0o700, exist_ok=True)
            to_file = logging.handlers.RotatingFileHandler(os.path.join(directory, log_name),
                                                           maxBytes=config["maxBytes"],
                                                           backupCount=config["backupCount"], encoding="utf8")
            to_file.name = "FileHandler"
            to_file.setFormatter(formatter)
            logger.addHandler(to_file)
            console.setLevel(config["stderr_level"])
        logger.addHandler(console)
        _logger = logger
    return _logger


def debug(msg, *args, **kwargs):
    """Log `msg % args` at DEBUG level."""
    _get_logger().debug(msg, *args, stacklevel=2, **kwargs)


def info(msg, *args, **kwargs):
    """Log `msg % args` at INFO level."""
    _get_logger().info(msg, *args, stacklevel=2, **kwargs)


def warning(msg, *args, **kwargs):
    """Log `msg % args` at WARNING level."""
    _get_logger().warning(msg, *args, stacklevel=2, **kwargs)


def error(msg, *args, **kwargs):
    """Log `msg % args` at ERROR level."""
    _get_logger().error(msg, *args, stacklevel=2, **kwargs)


def critical(msg, *args, **kwargs):
    """Log `msg % args` at CRITICAL level."""
    _get_logger().critical(msg, *args, stacklevel=2, **kwargs)


def get_level():
    """The level as MindSpore's GLOG_v string: '0' (DEBUG) ... '4' (CRITICAL)."""
    return _LEVEL_TO_GLOG.get(_get_logger().getEffectiveLevel())


def get_log_config():
    """The logger's settings under their environment variable names."""
    logger = _get_logger()
    config = {"GLOG_v": get_level(), "GLOG_logtostderr": "1"}
    to_file = next((h for h in logger.handlers if h.name == "FileHandler"), None)
    if to_file is not None:
        console = next(h for h in logger.handlers if h.name == "StreamHandler")
        config.update({"GLOG_logtostderr": "0", "GLOG_log_dir": os.path.dirname(to_file.baseFilename),
                       "logger_maxBytes": to_file.maxBytes, "logger_backupCount": to_file.backupCount,
                       "GLOG_stderrthreshold": _LEVEL_TO_GLOG.get(console.level)})
    return config
